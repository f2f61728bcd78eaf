""" "Larger text" for the patient: every patient-side font in the theme scaled by 1.25.

The theme (assets/theme.qss) stays the one place where sizes live. Widgets the patient reads sit
inside a container marked `audience="patient"` (kiosk/ui/step_page.py); for the larger size
this module derives, from the theme itself, one override per font-size rule, scoped to those
containers, and appends them to the application style sheet. Staff panels, staff screens and
the status bar keep their size. Specificity is preserved: each override is its base rule plus
one attribute selector (a rule already scoped to patients: plus one type selector), so the
rule that wins for a widget at 1.0 wins again at 1.25.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, Signal

LARGER = 1.25
PATIENT = '*[audience="patient"]'
TYPED_PATIENT = 'QWidget[audience="patient"]'
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_FONT_SIZE = re.compile(r"font-size:\s*(\d+(?:\.\d+)?)px")
# Rules kept at their size: the one-tap email endings fill one keyboard row at 20 px
# (five keys, 823 of ~896 px); larger, they would not fit on the row at all.
FIXED_SELECTORS = ('keyRole="domain"',)


def scaled_px(px: float, scale: float) -> int:
    return int(px * scale + 0.5)


def patient_overrides(theme: str, scale: float) -> str:
    """QSS that re-sizes every font in `theme` by `scale` inside patient containers."""
    if scale == 1.0:
        return ""
    out = []
    for selectors, body in _RULE.findall(_COMMENT.sub("", theme)):
        match = _FONT_SIZE.search(body)
        if not match:
            continue
        base = float(match.group(1))
        for selector in (s.strip() for s in selectors.split(",")):
            if not selector:
                continue
            # Fixed rules are restated at their own size with the same added specificity,
            # so a generic scaled rule cannot overtake them.
            fixed = any(f in selector for f in FIXED_SELECTORS)
            size = scaled_px(base, 1.0 if fixed else scale)
            parts = selector.split()
            if PATIENT in parts:
                # Already a patient rule: the same selector, one type more specific.
                scoped = [selector.replace(PATIENT, TYPED_PATIENT)]
            else:
                # The patient container may sit above the whole selector or inside its
                # ancestors (a keypad inside the patient side): scope both ways.
                scoped = [f"{PATIENT} {selector}"]
                if len(parts) > 1:
                    scoped.append(" ".join([*parts[:-1], PATIENT, parts[-1]]))
            out.append(f"{', '.join(scoped)} {{ font-size: {size}px; }}")
    return "\n".join(out)


class TextSize(QObject):
    """The patient's text size for this visit. Applying it restyles the application; the
    wizard resets it to normal for the next patient."""

    changed = Signal(float)

    def __init__(self, app, theme: str, parent: QObject | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._app = app
        self._theme = theme
        self._scale = 1.0

    @property
    def scale(self) -> float:
        return self._scale

    @property
    def larger(self) -> bool:
        return self._scale != 1.0

    def set_larger(self, larger: bool) -> None:
        scale = LARGER if larger else 1.0
        if scale == self._scale:
            return
        self._scale = scale
        if self._app is not None:
            self._app.setStyleSheet(self._theme + "\n" + patient_overrides(self._theme, scale))
        self.changed.emit(scale)
