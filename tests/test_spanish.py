"""Switch to Spanish, walk every screen, and fail on any visible English.

Two checks on every label and button: it must not show exactly what it shows in English
(unless it is on the allow-list: brand names, URLs, email addresses, the patient's and staff's
own names, language names, key caps, numbers), and it must not contain an English word - a word
of the catalogue's English sources that no Spanish translation uses - unless that word is part
of a proper name listed in the settings (the practice's name, the portal's Spanish name)."""

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
    if stripped in ALLOWED_WORDS or stripped in proper_names(config):
        return True
    if "://" in stripped or "@" in stripped or stripped.startswith("."):
        return True
    if re.fullmatch(r"\d{1,2}:\d{2}\s*[AP]M", stripped):
        return True  # the clock
    return any(name in stripped.lower() for name in NAMES)


def proper_names(config: Config) -> tuple[str, ...]:
    """Names the settings give for Spanish screens; their words may be English (a brand)."""
    return (config.practice.name, config.portal.display_name("es"))


BRANDS = re.compile(r"iPhone|App Store|Android|Google Play|HIPAA|PDF|SMS|OK|PIN")
WORD = re.compile(r"[A-Za-z\u00c0-\u00ff]+(?:'[a-z]+)?")


def english_only_words() -> frozenset[str]:
    """Words of the catalogue's English sources that no Spanish translation contains."""
    import xml.etree.ElementTree as ET

    sources: set[str] = set()
    spanish: set[str] = set()
    for message in ET.parse(TS).iter("message"):
        sources.update(w.lower() for w in WORD.findall(message.findtext("source") or ""))
        translation = message.find("translation")
        if translation is not None:
            text = " ".join(translation.itertext())
            spanish.update(w.lower() for w in WORD.findall(text))
    return frozenset(w for w in sources - spanish if len(w) > 1)


def english_words(text: str, config: Config, vocabulary: frozenset[str]) -> set[str]:
    """The English words in a Spanish screen's text, after proper names, brands, addresses
    and people's names are taken out."""
    for name in proper_names(config):
        text = text.replace(name, " ")
    text = re.sub(r"\S+://\S+|\S+@\S+|\S+\.(?:com|org|net)\b", " ", text)
    text = re.sub(r"\S*/\S*", " ", text.replace("\u200b", ""))  # file paths
    text = BRANDS.sub(" ", text)
    words = {w.lower() for w in WORD.findall(text)}
    return {w for w in words - set(NAMES) - {"ana", "ruiz", "ben", "cole"} if w in vocabulary}


def test_english_word_detector_catches_a_brand_in_a_spanish_sentence():
    """The bug this guards against: "Regístrese en Patient Portal" (the English portal name
    inside a Spanish sentence). The portal's Spanish name from the settings passes."""
    vocabulary = english_only_words()
    config = Config.defaults()
    assert english_words("Regístrese en Patient Portal", config, vocabulary) == {"patient"}
    assert english_words("Regístrese en el portal del paciente", config, vocabulary) == set()
    branded = Config.from_mapping({"portal": {"name_es": "portal MyHealth Patient Center"}})
    text = "Regístrese en el portal MyHealth Patient Center"
    assert english_words(text, branded, vocabulary) == set()


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
    kiosk.idle.set_idle_ms(3_600_000)
    switcher = kiosk.language
    switcher.set_language("es")
    untranslated: dict[str, set[str]] = {}
    vocabulary = english_only_words()

    def check(screen: str) -> None:
        switcher.set_language("es")  # the next patient starts in the default language
        spanish = texts_on_screen(kiosk.window)
        switcher.set_language("en")
        english = texts_on_screen(kiosk.window)
        switcher.set_language("es")
        for key, (name, text) in spanish.items():
            if key in english and english[key][1] == text and not allowed(text, config):
                untranslated.setdefault(screen, set()).add(f"{name}: {text!r}")
            elif found := english_words(text, config, vocabulary):
                untranslated.setdefault(screen, set()).add(f"{name}: {text!r} {sorted(found)}")

    try:
        screens = walk_every_screen(Receptionist(qtbot, kiosk), check)
    finally:
        kiosk.shutdown()
    assert len(screens) >= 30
    assert untranslated == {}, "\n".join(
        f"{screen}: {sorted(items)}" for screen, items in untranslated.items()
    )


def _spanish_kiosk(kiosk_dirs, qtbot, config: Config | None = None):
    _compile()
    kiosk = make_kiosk(kiosk_dirs, qtbot, config)
    kiosk.idle.set_idle_ms(3_600_000)
    return kiosk


def test_two_given_names_and_two_surnames_enroll_in_spanish(kiosk_dirs, qtbot):
    """A patient who writes "María José García Hernández" is enrolled as given "María José",
    family "García Hernández", typed on the on-screen keys of the Spanish screens."""
    from kiosk.store import Store
    from kiosk.ui.keyboard import name_key_object_name
    from tests.wizard_support import add_staff, sign_in

    kiosk = _spanish_kiosk(kiosk_dirs, qtbot)
    try:
        r = Receptionist(qtbot, kiosk)
        sign_in(r, add_staff(kiosk_dirs.database))
        r.tap("languageToggle")
        r.tap("startButton")
        r.wait_page("findPatientPage")
        find = r.page()
        shown = [w.text() for w in find.labels if w.isVisible()]
        assert "Nombre(s)" in shown and "Apellido(s)" in shown
        assert find.birth.placeholderText() == "MM/DD/AAAA"
        assert find.birth_hint.isVisible() and find.birth_hint.text() == "MM/DD/AAAA (mes/día/año)"

        def type_name(text: str) -> None:
            for char in text:
                r.tap(name_key_object_name(char))

        type_name("maría josé")
        r.tap_field(find.family)
        type_name("garcía hernández")
        assert (find.given.text(), find.family.text()) == ("María José", "García Hernández")
        r.tap_field(find.birth)
        r.type_on_screen("07221958")
        r.tap("primaryButton")
        r.wait_page("contactPage")
        r.type_on_screen("mjgarcia")
        r.tap("key_gmail")
        r.tap("primaryButton")
        r.wait_page("invitationPage")
        enrollment_id = r.wizard.enrollment.id
        r.settle()
    finally:
        kiosk.shutdown()
    with Store(kiosk_dirs.database) as store:
        e = store.get_enrollment(enrollment_id)
    assert e.patient.given_name == "María José"
    assert e.patient.family_name == "García Hernández"
    assert e.patient.birth_date == "1958-07-22"
    assert e.language == "es"


def test_dates_and_times_come_from_the_us_spanish_locale(kiosk_dirs, qtbot):
    from datetime import date, datetime, time

    from kiosk.ui import dates

    kiosk = _spanish_kiosk(kiosk_dirs, qtbot)
    try:
        kiosk.language.set_language("es")
        assert dates.slot_text(datetime(2026, 12, 3, 10, 0)) == "jueves 3 de diciembre, 10:00 a.m."
        assert dates.clock_text(time(15, 29)).replace("\u202f", " ") == "3:29 p.m."
        assert dates.month_year_text(date(2026, 11, 1)) == "noviembre de 2026"
        assert dates.long_date_text(date(1958, 7, 22)) == "22 de julio de 1958"
        assert kiosk.window.status.clock.text().endswith(("a.m.", "p.m."))
        kiosk.language.set_language("en")
        assert dates.slot_text(datetime(2026, 12, 3, 10, 0)) == "Thursday, December 3, 10:00 AM"
        assert dates.month_year_text(date(2026, 11, 1)) == "November 2026"
    finally:
        kiosk.shutdown()


def test_help_session_slots_read_as_us_spanish(kiosk_dirs, qtbot):
    """The decline page's "Sign me up" buttons, in Spanish: weekday, day "de" month, a.m."""
    from datetime import datetime

    kiosk = _spanish_kiosk(kiosk_dirs, qtbot)
    try:
        switcher = kiosk.language
        switcher.set_language("es")
        page = kiosk.wizard.decline_page
        page._slots = [datetime(2026, 12, 3, 10, 0)] * 3
        page.retranslate()
        # The remedy button says "Book a help session"; each slot is the date and time alone.
        assert page.slot_buttons[0].text() == "jueves 3 de diciembre, 10:00 a.m."
    finally:
        kiosk.shutdown()


def test_portal_name_per_language_on_the_start_screen(kiosk_dirs, qtbot):
    config = Config.from_mapping(
        {"portal": {"name": "MyHealth portal", "name_es": "portal MyHealth"}}
    )
    kiosk = _spanish_kiosk(kiosk_dirs, qtbot, config)
    try:
        title = kiosk.wizard.start_page.start_page.title
        kiosk.language.set_language("es")
        assert title.text() == "Regístrese en el portal MyHealth"
        kiosk.language.set_language("en")
        assert title.text() == "Sign up for the MyHealth portal"
    finally:
        kiosk.shutdown()
    default = Config.defaults()
    assert default.portal.display_name("es") == "portal del paciente"
    assert default.portal.display_name("en") == "Patient Portal"
