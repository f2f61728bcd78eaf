"""Screen readers (Orca, Narrator): what an assistive technology gets through Qt's
accessibility interface on every screen, and what is announced when the screen changes."""

from __future__ import annotations

import unicodedata

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

from kiosk.enrollment import StepId
from kiosk.ui.a11y import ANNOUNCER
from tests.wizard_support import Receptionist, add_staff, make_kiosk, sign_in, walk_every_screen


def spoken_name(widget: QWidget) -> str:
    """The name a screen reader reads for the widget (Qt's accessible interface)."""
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name) if iface is not None else ""


def symbol_only(text: str) -> bool:
    """No letter or digit on the cap: ⌫, ⇧, ⚑, an empty icon button."""
    return not any(unicodedata.category(ch)[0] in "LN" for ch in text)


def unnamed_controls(window: QWidget) -> list[str]:
    problems = []
    labels = [w for w in window.findChildren(QLabel) if w.isVisible()]
    for field in window.findChildren(QLineEdit):
        if not field.isVisible():
            continue
        if not field.accessibleName().strip() or not spoken_name(field).strip():
            problems.append(f"field {field.objectName()} has no accessible name")
        if not any(lab.buddy() is field for lab in labels):
            problems.append(f"field {field.objectName()} has no visible buddy label")
    for button in window.findChildren(QPushButton):
        if button.isVisible() and symbol_only(button.text()):
            name = button.accessibleName().strip()
            if not name or symbol_only(name):
                problems.append(f"symbol button {button.objectName()} {button.text()!r} unnamed")
    return problems


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_field_and_symbol_button_has_a_spoken_name(kiosk_dirs, qtbot, language):
    kiosk = make_kiosk(kiosk_dirs, qtbot)
    kiosk.idle.set_idle_ms(3_600_000)
    kiosk.language.set_language(language)
    QAccessible.setActive(True)
    found: dict[str, list[str]] = {}
    fields_seen: set[str] = set()

    def check(name: str) -> None:
        problems = unnamed_controls(kiosk.window)
        fields_seen.update(
            f.objectName() for f in kiosk.window.findChildren(QLineEdit) if f.isVisible()
        )
        if problems:
            found[name] = problems

    try:
        walk_every_screen(Receptionist(qtbot, kiosk), check)
    finally:
        QAccessible.setActive(False)
        kiosk.shutdown()
    # The walk reaches every text field of the app, so the check above covered each one.
    assert {
        "adminNameField",
        "givenNameField",
        "familyNameField",
        "birthDateField",
        "emailField",
        "mobileField",
        "declineOtherField",
    } <= fields_seen
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())


def test_symbol_keys_are_spoken_as_words(kiosk_dirs, qtbot):
    kiosk = make_kiosk(kiosk_dirs, qtbot)
    try:
        wizard = kiosk.wizard
        wizard.ensure_pages()
        keyboard = wizard.find_page.name_keyboard
        assert keyboard.key("key_backspace").text() == "\u232b"
        assert keyboard.key("key_backspace").accessibleName() == "Delete"
        assert keyboard.key("key_shift").accessibleName() == "Shift"
        assert keyboard.key("key_apostrophe").accessibleName() == "apostrophe"
        kiosk.language.set_language("es")  # keyboards re-label on LanguageChange
        qtbot.waitUntil(lambda: keyboard.key("key_backspace").accessibleName() == "Borrar")
        assert keyboard.key("key_shift").accessibleName() == "Mayúscula"
        assert keyboard.key("key_dash").accessibleName() == "guion"
    finally:
        kiosk.shutdown()


def test_stepper_and_messages_are_announced(kiosk_dirs, qtbot):
    kiosk = make_kiosk(kiosk_dirs, qtbot)
    kiosk.idle.set_idle_ms(3_600_000)
    heard: list[tuple[str, str]] = []
    ANNOUNCER.announced.connect(lambda widget, text: heard.append((widget.objectName(), text)))
    r = Receptionist(qtbot, kiosk)
    try:
        sign_in(r, add_staff(kiosk.paths.database))
        r.tap("startButton")
        r.settle()
        assert ("progressStepper", "Your details. 0 of 7 steps done.") in heard
        r.tap("primaryButton")  # nothing typed: an error next to the button
        assert any(w == "errorText" and "red" in t for w, t in heard), heard
        heard.clear()
        find = r.page()
        r.tap_field(find.given)
        r.type_on_screen("ana")
        r.tap_field(find.family)
        r.type_on_screen("lopez")
        r.tap_field(find.birth)
        r.type_on_screen("03141985")
        r.tap("primaryButton")
        r.wait_page("contactPage")
        assert (
            "progressStepper",
            "Step 1 of 7: Email and mobile. 0 of 7 steps done.",
        ) in heard
        stepper = r.page().stepper
        QAccessible.setActive(True)
        try:
            iface = QAccessible.queryAccessibleInterface(stepper)
            assert iface.text(QAccessible.Text.Name) == "Progress"
            assert iface.text(QAccessible.Text.Description).startswith("Step 1 of 7")
        finally:
            QAccessible.setActive(False)
        assert kiosk.wizard.step_pages[StepId.COLLECT_CONTACT].stepper is stepper
    finally:
        kiosk.shutdown()
