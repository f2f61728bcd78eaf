"""Kiosk mode in the app (offscreen): close requests and Alt+F4 refused, quitting only from
Admin > Quit kiosk with the admin PIN; the "Not ready for patients" banner for staff only.
The same session under cage on Wayland: tests/test_kiosk_session.py."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from kiosk.config import Config
from tests.wizard_support import (
    ADMIN_PIN,
    Receptionist,
    add_staff,
    make_kiosk,
    sign_in,
    unlock_admin,
)

READY = {
    "practice": {"name": "Lakeside Health Center", "phone": "+1 503 494 8311"},
    "portal": {
        "login_url": "https://127.0.0.1:9/login",  # not a placeholder; nothing answers there
        "ios_app_url": "https://apps.apple.com/us/app/mychart/id382952264",
        "android_app_url": "https://play.google.com/store/apps/details?id=epic.mychart.android",
    },
}


def locked_kiosk(kiosk_dirs, qtbot, config=None):
    kiosk = make_kiosk(kiosk_dirs, qtbot, config)
    quits: list[bool] = []
    window = kiosk.window
    kiosk.wizard.quit_kiosk = lambda: (quits.append(True), window.quit_for_admin())
    window.enter_kiosk_mode()
    qtbot.waitExposed(window)
    return kiosk, quits


def test_close_and_alt_f4_are_refused(kiosk_dirs, qtbot):
    kiosk, quits = locked_kiosk(kiosk_dirs, qtbot)
    window = kiosk.window
    try:
        assert window.isFullScreen()
        assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
        with qtbot.waitSignal(window.close_refused, timeout=2000):
            assert window.windowHandle().close() is False  # what a compositor's close does
        assert window.close() is False
        target = QApplication.focusWidget() or window
        event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
        # The application-wide filter swallows it before any widget sees it.
        assert window._key_filter.eventFilter(target, event) is True
        QApplication.sendEvent(target, event)
        qtbot.wait(50)
        assert window.isVisible() and quits == []
    finally:
        window._quitting = True
        kiosk.shutdown()


def test_quit_kiosk_needs_the_admin_pin(kiosk_dirs, qtbot):
    kiosk, quits = locked_kiosk(kiosk_dirs, qtbot)
    try:
        admin = add_staff(kiosk_dirs.database)
        r = Receptionist(qtbot, kiosk)
        sign_in(r, admin)
        r.tap("adminButton")
        unlock_admin(r, admin)  # the admin menu itself needs the PIN (step-up) ...
        r.tap("quitKioskButton")  # ... and quitting asks for it once more
        pad = r.page().quit_pin_pad
        for digit in "1111":
            r.tap(f"key_{digit}", pad)
        r.tap("key_submit", pad)
        r.settle()
        qtbot.waitUntil(lambda: "Wrong PIN" in r.page().message.text(), timeout=5000)
        assert quits == [] and kiosk.window.isVisible()
        for digit in ADMIN_PIN:
            r.tap(f"key_{digit}", pad)
        r.tap("key_submit", pad)
        qtbot.waitUntil(lambda: quits == [True], timeout=5000)
        assert not kiosk.window.isVisible()
    finally:
        kiosk.shutdown()


def test_a_receptionist_cannot_quit(kiosk_dirs, qtbot):
    kiosk, quits = locked_kiosk(kiosk_dirs, qtbot)
    try:
        add_staff(kiosk_dirs.database)
        clerk = add_staff(kiosk_dirs.database, "Ben Cole", "1357")
        r = Receptionist(qtbot, kiosk)
        sign_in(r, clerk, "1357")
        # A receptionist reaches only the locked admin menu: an administrator's name and PIN
        # pad, no staff list and no "Quit kiosk".
        r.tap("adminButton")
        r.wait_page("adminPage")
        r.settle()
        page = r.page()
        assert page.modes.currentIndex() == 3 and r.wizard.admin_grant is None
        assert not page.quit_button.isVisible()
        assert quits == [] and kiosk.window.isVisible()
    finally:
        kiosk.window._quitting = True
        kiosk.shutdown()


def test_outside_kiosk_mode_there_is_no_quit_button(kiosk_dirs, qtbot):
    kiosk = make_kiosk(kiosk_dirs, qtbot)
    try:
        admin = add_staff(kiosk_dirs.database)
        r = Receptionist(qtbot, kiosk)
        sign_in(r, admin)
        r.tap("adminButton")
        unlock_admin(r, admin)
        assert not r.page().quit_button.isVisible()
    finally:
        kiosk.shutdown()


def test_not_ready_banner_shows_to_staff_only(kiosk_dirs, qtbot):
    kiosk = make_kiosk(kiosk_dirs, qtbot)  # the shipped placeholders: not ready
    banner = kiosk.window.banner
    try:
        qtbot.waitUntil(lambda: bool(banner.problems), timeout=10_000)
        assert banner.isVisible()  # the sign-in screen is staff-only
        assert "Not ready for patients" in banner.text()
        admin = add_staff(kiosk_dirs.database)
        r = Receptionist(qtbot, kiosk)
        sign_in(r, admin)  # the start screen: a patient may be looking
        assert not banner.isVisible()
        r.tap("startButton")
        r.wait_page("findPatientPage")
        assert not banner.isVisible()
        r.wizard.go(r.wizard.admin_page)
        assert banner.isVisible()
    finally:
        kiosk.shutdown()


def test_no_banner_when_ready_but_one_when_the_login_page_is_down(kiosk_dirs, qtbot):
    kiosk = make_kiosk(kiosk_dirs, qtbot, Config.from_mapping(READY))
    banner = kiosk.window.banner
    try:
        # Nothing answers on 127.0.0.1:9: checked on the network pool, reported by signal.
        qtbot.waitUntil(lambda: bool(banner.problems), timeout=15_000)
        assert banner.problems == [
            "[portal] login_url does not answer (https://127.0.0.1:9/login: ConnectionError)."
        ]
        assert banner.isVisible()
    finally:
        kiosk.shutdown()
