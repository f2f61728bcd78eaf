"""On-screen keyboards driven by taps, as a patient or receptionist would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.keyboard import (
    CodeKeyboard,
    EmailKeyboard,
    NameKeyboard,
    PhoneKeypad,
    PinPad,
    key_object_name,
    name_key_object_name,
)

THEME = Path(__file__).resolve().parents[1] / "assets" / "theme.qss"


@pytest.fixture
def themed(qapp):
    previous = qapp.styleSheet()
    qapp.setStyleSheet(THEME.read_text(encoding="utf-8"))
    yield qapp
    qapp.setStyleSheet(previous)


def tap(qtbot, keyboard: QWidget, name: str) -> None:
    key = keyboard.findChild(QPushButton, name)
    assert key is not None, f"no key {name}"
    qtbot.mouseClick(key, Qt.MouseButton.LeftButton)


def host(qtbot, keyboard: QWidget) -> tuple[QWidget, QLineEdit]:
    window = QWidget()
    layout = QVBoxLayout(window)
    field = QLineEdit()
    layout.addWidget(field)
    layout.addWidget(keyboard)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    keyboard.attach(field)
    return window, field


def test_email_typed_with_one_tap_domain(qtbot, themed):
    keyboard = EmailKeyboard()
    window, field = host(qtbot, keyboard)  # keep the window alive
    for char in "maria.lopez":
        tap(qtbot, keyboard, key_object_name(char))
    tap(qtbot, keyboard, "key_gmail")
    assert field.text() == "maria.lopez@gmail.com"


def test_inserts_at_cursor_and_edits(qtbot, themed):
    keyboard = EmailKeyboard()
    window, field = host(qtbot, keyboard)  # keep the window alive
    field.setText("mria@x.com")
    field.setCursorPosition(1)
    tap(qtbot, keyboard, "key_a")
    assert field.text() == "maria@x.com"
    field.setCursorPosition(len(field.text()))
    tap(qtbot, keyboard, "key_backspace")
    assert field.text() == "maria@x.co"
    field.setSelection(0, 5)  # typing replaces a selection
    tap(qtbot, keyboard, "key_b")
    assert field.text() == "b@x.co"
    edits: list[str] = []
    field.textEdited.connect(edits.append)
    tap(qtbot, keyboard, "key_clear")
    assert field.text() == ""
    assert edits == [""]  # live validation hears about Clear


def test_symbols_and_domains(qtbot, themed):
    keyboard = EmailKeyboard()
    window, field = host(qtbot, keyboard)  # keep the window alive
    for name in ("key_j", "key_underscore", "key_dash", "key_7", "key_at", "key_x", "key_dotcom"):
        tap(qtbot, keyboard, name)
    assert field.text() == "j_-7@x.com"
    for name, ending in (
        ("key_yahoo", "@yahoo.com"),
        ("key_hotmail", "@hotmail.com"),
        ("key_outlook", "@outlook.com"),
        ("key_icloud", "@icloud.com"),
    ):
        field.clear()
        tap(qtbot, keyboard, name)
        assert field.text() == ending


def test_keys_keep_focus_in_the_field(qtbot, themed):
    keyboard = EmailKeyboard()
    window, field = host(qtbot, keyboard)  # keep the window alive
    window.activateWindow()
    field.setFocus()
    tap(qtbot, keyboard, "key_a")
    assert all(
        k.focusPolicy() == Qt.FocusPolicy.NoFocus for k in keyboard.findChildren(QPushButton)
    )


def test_done_signal(qtbot, themed):
    keyboard = EmailKeyboard()
    window, _ = host(qtbot, keyboard)
    with qtbot.waitSignal(keyboard.done, timeout=1000):
        tap(qtbot, keyboard, "key_done")


def test_detached_keyboard_types_nowhere(qtbot, themed):
    keyboard = EmailKeyboard()
    window, field = host(qtbot, keyboard)  # keep the window alive
    keyboard.attach(None)
    tap(qtbot, keyboard, "key_a")
    assert field.text() == ""


def test_only_lowercase_letters(qtbot):
    keyboard = EmailKeyboard()
    qtbot.addWidget(keyboard)
    labels = [k.text() for k in keyboard.findChildren(QPushButton) if len(k.text()) == 1]
    assert labels and all(label == label.lower() for label in labels)


@pytest.mark.parametrize(
    "factory", [EmailKeyboard, PhoneKeypad, PinPad, NameKeyboard, CodeKeyboard]
)
def test_touch_targets_and_fit_lower_half(qtbot, themed, factory):
    keyboard = factory()
    window, _ = host(qtbot, keyboard) if factory is not PinPad else (keyboard, None)
    qtbot.addWidget(keyboard)
    keyboard.resize(1280, 400)
    keyboard.show()
    QApplication.processEvents()
    keys = keyboard.findChildren(QPushButton)
    assert keys
    for key in keys:
        assert key.width() >= 48 and key.height() >= 48, (key.objectName(), key.size())
        assert key.objectName().startswith("key_")
    # everything fits in the lower half of a 1280x800 screen
    assert keyboard.minimumSizeHint().height() <= 400
    assert keyboard.minimumSizeHint().width() <= 1280


def test_phone_keypad(qtbot, themed):
    keypad = PhoneKeypad()
    window, field = host(qtbot, keypad)  # keep the window alive
    for digit in "5552014400":
        tap(qtbot, keypad, f"key_{digit}")
    assert field.text() == "5552014400"
    tap(qtbot, keypad, "key_backspace")
    assert field.text() == "555201440"
    tap(qtbot, keypad, "key_clear")
    assert field.text() == ""


def test_pin_pad(qtbot, themed):
    pad = PinPad()
    qtbot.addWidget(pad)
    pad.show()
    entered: list[str] = []
    pad.digit_entered.connect(entered.append)
    for digit in "12345678":  # two more than allowed
        tap(qtbot, pad, f"key_{digit}")
    assert pad.pin() == "123456"
    assert entered == list("123456")
    assert pad.display.text().count("\u25cf") == 6
    assert "1" not in pad.display.text()  # never shows the digits
    with qtbot.waitSignal(pad.backspace, timeout=1000):
        tap(qtbot, pad, "key_backspace")
    assert pad.pin() == "12345"
    with qtbot.waitSignal(pad.submit, timeout=1000):
        tap(qtbot, pad, "key_submit")
    pad.clear()
    assert pad.pin() == "" and pad.display.text() == ""


def test_spanish_labels(qtbot, themed, tmp_path):
    """Word labels go through Qt translation (the .ts may not be compiled yet: build one)."""
    import subprocess
    import sys

    from PySide6.QtCore import QTranslator

    ts = tmp_path / "t.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="es">'
        "<context><name>EmailKeyboard</name>"
        "<message><source>Done</source><translation>Listo</translation></message>"
        "</context></TS>",
        encoding="utf-8",
    )
    qm = tmp_path / "t.qm"
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(qm)], check=True)
    keyboard = EmailKeyboard()
    qtbot.addWidget(keyboard)
    translator = QTranslator()
    assert translator.load(str(qm))
    QApplication.installTranslator(translator)
    try:
        QApplication.processEvents()
        assert keyboard.key("key_done").text() == "Listo"
    finally:
        QApplication.removeTranslator(translator)
    QApplication.processEvents()
    assert keyboard.key("key_done").text() == "Done"


def type_name(qtbot, keyboard: NameKeyboard, taps: str) -> None:
    """`taps`: characters to tap; ^ is Shift, # is Caps."""
    for char in taps:
        name = {"^": "key_shift", "#": "key_caps"}.get(char) or name_key_object_name(char)
        tap(qtbot, keyboard, name)


@pytest.mark.parametrize(
    ("taps", "typed"),
    [
        ("de la cruz", "De La Cruz"),  # first letter of each word capitalised
        ("o'^brien", "O'Brien"),  # Shift before the B
        ("mc^donald", "McDonald"),  # never re-cased to Mcdonald
        ("mary-jane", "Mary-Jane"),
        ("^de la cruz", "de La Cruz"),  # Shift at a word start gives a lower-case letter
        ("peña núñez", "Peña Núñez"),  # accents from their own row, auto-capitalised too
        ("#ana#", "ANA"),  # Caps lock
        ("st. john", "St. John"),
    ],
)
def test_name_keyboard_types_names_as_they_are_spelled(qtbot, themed, taps, typed):
    keyboard = NameKeyboard()
    window, field = host(qtbot, keyboard)  # keep the window alive
    type_name(qtbot, keyboard, taps)
    assert field.text() == typed


def test_name_keyboard_caps_show_what_a_tap_types(qtbot, themed):
    keyboard = NameKeyboard()
    window, field = host(qtbot, keyboard)  # keep the window alive
    assert keyboard.key("key_m").text() == "M" and keyboard.key("key_ñ").text() == "Ñ"
    type_name(qtbot, keyboard, "m")
    assert keyboard.key("key_c").text() == "c"
    tap(qtbot, keyboard, "key_shift")
    assert keyboard.key("key_d").text() == "D" and keyboard.key("key_shift").isChecked()
    type_name(qtbot, keyboard, "d")
    assert not keyboard.key("key_shift").isChecked()  # one-shot
    tap(qtbot, keyboard, "key_backspace")
    tap(qtbot, keyboard, "key_space")
    assert keyboard.key("key_a").text() == "A"  # a new word
    tap(qtbot, keyboard, "key_clear")
    assert field.text() == "" and keyboard.key("key_a").text() == "A"


def test_free_text_keyboard_does_not_capitalise(qtbot, themed):
    keyboard = NameKeyboard(capitalize_words=False, done_text=None)
    window, field = host(qtbot, keyboard)  # keep the window alive
    type_name(qtbot, keyboard, "ask my son")
    assert field.text() == "ask my son"
    assert not keyboard.key("key_done").isVisible()


def test_name_keyboard_next_and_delete_is_an_icon_with_a_name(qtbot, themed):
    keyboard = NameKeyboard()
    window, _ = host(qtbot, keyboard)
    with qtbot.waitSignal(keyboard.done, timeout=1000):
        tap(qtbot, keyboard, "key_done")
    assert keyboard.key("key_done").text() == "Next"
    backspace = keyboard.key("key_backspace")
    assert backspace.text() == "\u232b" and backspace.accessibleName() == "Delete"


def test_code_keyboard_types_record_numbers(qtbot, themed):
    keyboard = CodeKeyboard()
    window, field = host(qtbot, keyboard)  # keep the window alive
    for char in "mrn-0042":
        tap(qtbot, keyboard, key_object_name(char))
    assert field.text() == "MRN-0042"
    assert keyboard.findChild(QPushButton, "key_at") is None


@pytest.mark.parametrize("width", [880, 1280])  # wizard pages give the keyboard ~900 px
def test_word_keys_are_never_clipped(qtbot, themed, width):
    """Domain endings and word keys keep the width of their label at the widths pages give."""
    for keyboard in (EmailKeyboard(), NameKeyboard()):
        window, _ = host(qtbot, keyboard)
        window.resize(width, 800)
        QApplication.processEvents()
        assert keyboard.width() <= width
        for key in keyboard.findChildren(QPushButton):
            if key.isVisible() and key.text():
                assert key.width() >= key.sizeHint().width(), (key.objectName(), width)
