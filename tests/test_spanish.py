"""Switch to Spanish, walk every screen, and fail on any visible English.

A label or button counts as untranslated when, with the Spanish translation loaded, it shows
exactly what it shows in English - unless it is on the allow-list (brand names, URLs, email
addresses, the patient's and staff's own names, language names, key caps, numbers)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kiosk.config import Config
from tests.wizard_support import Receptionist, make_kiosk, walk_every_screen

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "locales" / "kiosk_es.ts"
QM = TS.with_suffix(".qm")


def _has_translations() -> bool:
    if not TS.exists():
        return False
    text = TS.read_text(encoding="utf-8")
    finished = re.findall(r"<translation(?![^>]*unfinished)[^>]*>([^<]+)</translation>", text)
    return bool(finished)


def _compile() -> None:
    if TS.exists() and (not QM.exists() or QM.stat().st_mtime < TS.stat().st_mtime):
        subprocess.run(
            [sys.executable, str(ROOT / "kiosk" / "scripts" / "translations.py"), "--quiet"],
            check=True,
        )


ALLOWED_WORDS = {"OK", "English", "Español", "EHR", "PIN"}
NAMES = ("maria", "lopez", "jose", "diaz", "ana ruiz", "ben cole")


def allowed(text: str, config: Config) -> bool:
    stripped = text.strip()
    if not re.search(r"[A-Za-z]{2,}", stripped):
        return True  # numbers, symbols, single letters (key caps)
    if not re.sub(r"iPhone|App Store|Android|Google Play|[:\s]", "", stripped):
        return True  # store and phone brand names only
    if stripped in ALLOWED_WORDS or stripped in (config.practice.name, config.portal.name):
        return True
    if "://" in stripped or "@" in stripped or stripped.startswith("."):
        return True
    if re.fullmatch(r"\d{1,2}:\d{2}\s*[AP]M", stripped):
        return True  # the clock
    return any(name in stripped.lower() for name in NAMES)


def texts_on_screen(window: QWidget) -> dict[int, tuple[str, str]]:
    found = {}
    for cls in (QLabel, QPushButton):
        for widget in window.findChildren(cls):
            if not widget.isVisible() or not widget.text().strip():
                continue
            if widget.property("keyRole"):
                continue  # on-screen keyboard caps
            found[id(widget)] = (f"{cls.__name__}#{widget.objectName()}", widget.text())
    return found


@pytest.mark.xfail(
    not _has_translations(), reason="translations pending (locales/kiosk_es.ts)", strict=False
)
def test_every_screen_is_spanish(kiosk_dirs, qtbot):
    _compile()
    config = Config.defaults()
    kiosk = make_kiosk(kiosk_dirs, qtbot, config)
    kiosk.extras["idle"].set_idle_ms(3_600_000)
    switcher = kiosk.extras["language"]
    switcher.set_language("es")
    untranslated: dict[str, set[str]] = {}

    def check(screen: str) -> None:
        switcher.set_language("es")  # the next patient starts in the default language
        spanish = texts_on_screen(kiosk.window)
        switcher.set_language("en")
        english = texts_on_screen(kiosk.window)
        switcher.set_language("es")
        for key, (name, text) in spanish.items():
            if key in english and english[key][1] == text and not allowed(text, config):
                untranslated.setdefault(screen, set()).add(f"{name}: {text!r}")

    try:
        screens = walk_every_screen(Receptionist(qtbot, kiosk), check)
    finally:
        kiosk.shutdown()
    assert len(screens) >= 30
    assert untranslated == {}, "\n".join(
        f"{screen}: {sorted(items)}" for screen, items in untranslated.items()
    )
