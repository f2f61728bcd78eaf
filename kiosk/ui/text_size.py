""" "Larger text" for the patient: every patient-side font in the theme scaled by 1.25.

The theme (assets/theme.qss) stays the one place where sizes live. Widgets the patient reads sit
inside a container marked `audience="patient"` (kiosk/ui/step_page.py). At start-up this module
derives, from the theme itself, one override per font-size rule, scoped to containers that also
carry the dynamic property textSize="larger", and the application loads theme + overrides once
(`themed`). Switching sizes never touches the application style sheet: it sets the property on
the patient containers and re-polishes those subtrees only (restyling the whole application
while pages were alive crashed Qt). Staff panels, staff screens and the status bar keep their
size. Specificity is preserved: each override is its base rule plus one attribute selector (a
rule already scoped to patients: the same selector with one type more), so the rule that wins
for a widget at 1.0 wins again at 1.25.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

LARGER = 1.25
PATIENT = '*[audience="patient"]'
LARGER_SCOPE = '*[textSize="larger"]'
TYPED_LARGER_SCOPE = 'QWidget[textSize="larger"]'
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_FONT_SIZE = re.compile(r"font-size:\s*(\d+(?:\.\d+)?)px")


def scaled_px(px: float, scale: float) -> int:
    return int(px * scale + 0.5)


def patient_overrides(theme: str, scale: float = LARGER) -> str:
    """QSS that re-sizes every font in `theme` by `scale` inside containers marked
    textSize="larger" (only patient containers ever are)."""
    if scale == 1.0:
        return ""
    out = []
    for selectors, body in _RULE.findall(_COMMENT.sub("", theme)):
        match = _FONT_SIZE.search(body)
        if not match:
            continue
        size = scaled_px(float(match.group(1)), scale)
        for selector in (s.strip() for s in selectors.split(",")):
            if not selector:
                continue
            parts = selector.split()
            if PATIENT in parts:
                # Already a patient rule: the same selector, one type more specific.
                scoped = [selector.replace(PATIENT, TYPED_LARGER_SCOPE)]
            else:
                # The patient container may sit above the whole selector or inside its
                # ancestors (a keypad inside the patient side): scope both ways.
                scoped = [f"{LARGER_SCOPE} {selector}"]
                if len(parts) > 1:
                    scoped.append(" ".join([*parts[:-1], LARGER_SCOPE, parts[-1]]))
            out.append(f"{', '.join(scoped)} {{ font-size: {size}px; }}")
    return "\n".join(out)


def themed(theme: str) -> str:
    """The application style sheet: the theme, then its larger-text overrides (inactive until
    a patient container carries textSize="larger")."""
    overrides = patient_overrides(theme, LARGER)
    return theme + (
        "\n/* Larger text (kiosk/ui/text_size.py) */\n" + overrides if overrides else ""
    )


def repolish(root: QWidget) -> None:
    """Re-apply the style sheet to `root` and everything inside it (after a property change)."""
    for widget in (root, *root.findChildren(QWidget)):
        # widget.style() each time: polishing may give a widget with its own style sheet (a
        # FitLineEdit) a new style object.
        widget.style().unpolish(widget)
        widget.style().polish(widget)
        widget.updateGeometry()
        widget.update()


class TextSize(QObject):
    """The patient's text size for this visit: a property on the patient containers under
    `root` (the main window). The wizard resets it to normal for the next patient."""

    changed = Signal(float)

    def __init__(self, root: QWidget | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = root
        self._scale = 1.0

    @property
    def scale(self) -> float:
        return self._scale

    @property
    def larger(self) -> bool:
        return self._scale != 1.0

    def containers(self) -> list[QWidget]:
        """The outermost patient containers under the root (a nested one is repolished with
        its ancestor)."""
        if self._root is None:
            return []
        marked = [w for w in self._root.findChildren(QWidget) if w.property("audience")]
        patient = {w for w in marked if w.property("audience") == "patient"}
        outermost = []
        for widget in patient:
            node = widget.parentWidget()
            while node is not None and node not in patient:
                node = node.parentWidget()
            if node is None:
                outermost.append(widget)
        return outermost

    def apply(self, widget: QWidget) -> None:
        """Give a patient container built after the switch the current size."""
        value = "larger" if self.larger else "normal"
        if widget.property("textSize") != value:
            widget.setProperty("textSize", value)
            repolish(widget)

    def set_larger(self, larger: bool) -> None:
        """Switch; also brings patient containers built since the last switch (pages the
        wizard builds later) to the current size."""
        scale = LARGER if larger else 1.0
        changed = scale != self._scale
        self._scale = scale
        value = "larger" if larger else "normal"
        for container in self.containers():
            current = container.property("textSize") or "normal"
            if current != value:
                container.setProperty("textSize", value)
                repolish(container)
                changed = True
        if changed:  # pages fit their wrapped texts again
            self.changed.emit(scale)
