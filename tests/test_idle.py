"""Idle timeout: a countdown, then every patient-data widget is wiped; saved records stay."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from kiosk.enrollment import Outcome
from kiosk.store import Store
from kiosk.ui.qr_view import QrCodeView
from tests.wizard_support import Receptionist, add_staff, make_kiosk, sign_in


def visible_patient_data(wizard, needles):
    found = []
    for widget in wizard.findChildren(QLineEdit):
        if widget.text():
            found.append(("field", widget.objectName(), widget.text()))
    for cls in (QLabel, QPushButton):
        for widget in wizard.findChildren(cls):
            if any(n.lower() in widget.text().lower() for n in needles):
                found.append((cls.__name__, widget.objectName(), widget.text()))
    for qr in wizard.findChildren(QrCodeView):
        if qr.data():
            found.append(("qr", qr.objectName(), qr.data()))
    return found


def test_idle_countdown_wipes_screen_and_abandons_open_enrollment(kiosk_dirs, qtbot):
    kiosk = make_kiosk(kiosk_dirs, qtbot)
    try:
        member = add_staff(kiosk_dirs.database)
        r = Receptionist(qtbot, kiosk)
        sign_in(r, member)
        idle = kiosk.idle
        r.enter_patient("maria", "lopez", "03141985")
        r.type_on_screen("maria.lopez")
        r.tap("key_gmail")
        r.tap("primaryButton")
        r.wait_page("invitationPage")
        r.tap("primaryButton")  # invitation queued: must survive the wipe
        r.settle()
        r.tap("primaryButton")
        r.wait_page("firstLoginPage")
        enrollment_id = r.wizard.enrollment.id
        assert r.wizard.enrollment is not None

        idle.set_tick_ms(50)
        idle.set_idle_ms(200, own_phone_ms=200)
        qtbot.waitUntil(lambda: idle.overlay.isVisible(), timeout=5000)
        assert idle.overlay.count.text() == "15"
        # A touch on "I'm still here" keeps everything.
        qtbot.mouseClick(idle.overlay.still_here, Qt.MouseButton.LeftButton)
        assert not idle.overlay.isVisible() and r.wizard.enrollment is not None
        # Then nobody touches anything: countdown to zero and the wipe.
        qtbot.waitUntil(lambda: r.page().objectName() == "startScreen", timeout=10_000)
        r.settle()
        assert r.wizard.enrollment is None
        assert r.wizard.staff is not None  # staff stay signed in
        assert visible_patient_data(r.wizard, ["maria", "lopez"]) == []
        with Store(kiosk_dirs.database) as store:
            e = store.get_enrollment(enrollment_id)
            kinds = [i["kind"] for i in store.outbox_items(enrollment_id)]
            events = store.step_events(enrollment_id)
        assert e.outcome == Outcome.ABANDONED
        assert e.email == "maria.lopez@gmail.com"  # what staff confirmed stays saved
        assert kinds == ["portal.invitation"]
        assert events[-1]["reason"] == "idle-timeout"
    finally:
        kiosk.shutdown()


def test_idle_does_nothing_on_the_start_screen(kiosk_dirs, qtbot):
    kiosk = make_kiosk(kiosk_dirs, qtbot)
    try:
        member = add_staff(kiosk_dirs.database)
        r = Receptionist(qtbot, kiosk)
        sign_in(r, member)
        idle = kiosk.idle
        idle.set_idle_ms(50)
        qtbot.wait(300)
        assert not idle.overlay.isVisible()
        assert r.page().objectName() == "startScreen"
    finally:
        kiosk.shutdown()


def test_after_the_idle_wipe_the_admin_menu_asks_for_the_pin_again(kiosk_dirs, qtbot):
    """The issue's attack: an admin unlocked the menu and opened the worklist (patient
    names), then walked away. The idle wipe keeps staff signed in at the start screen, but
    one tap on Admin menu now shows the PIN pad, not the worklist, and the old grant is
    refused by kiosk.staff itself (adding an administrator needs the PIN again)."""
    from datetime import timedelta

    from kiosk.enrollment import utcnow
    from kiosk.staff import StaffDirectory, StaffError
    from tests import seed
    from tests.wizard_support import unlock_admin

    kiosk = make_kiosk(kiosk_dirs, qtbot)
    try:
        admin = add_staff(kiosk_dirs.database)
        with Store(kiosk_dirs.database) as store:
            seed.enrolled(store, admin.id, utcnow() - timedelta(days=10), 2, first_login=False)
        name = seed.patient(2).family_name
        r = Receptionist(qtbot, kiosk)
        sign_in(r, admin)
        r.tap("adminButton")
        unlock_admin(r, admin)
        worklist = next(  # by its words: entries are added by features, in any order
            b.objectName()
            for b in r.page().findChildren(QPushButton)
            if b.objectName().startswith("adminEntry") and b.text() == "Follow-up worklist"
        )
        r.tap(worklist)
        qtbot.waitUntil(lambda: visible_patient_data(r.wizard, [name]) != [], timeout=10_000)
        grant = r.wizard.admin_grant
        assert grant is not None and grant.staff_id == admin.id

        idle = kiosk.idle
        idle.set_tick_ms(50)
        idle.set_idle_ms(200)
        qtbot.waitUntil(lambda: r.page().objectName() == "startScreen", timeout=10_000)
        r.settle()
        assert r.wizard.staff == admin  # still signed in for the next patient
        assert r.wizard.admin_grant is None
        assert visible_patient_data(r.wizard, [name]) == []

        r.tap("adminButton")
        r.wait_page("adminPage")
        r.settle()
        page = r.page()
        assert page.modes.currentIndex() == 3  # locked: name + PIN pad
        assert visible_patient_data(r.wizard, [name]) == []
        entries = [
            b
            for b in page.findChildren(QPushButton)
            if b.objectName().startswith(("adminEntry", "addStaff")) and b.isVisible()
        ]
        assert entries == []
        with Store(kiosk_dirs.database) as store:
            with pytest.raises(StaffError, match="PIN again"):
                StaffDirectory(store).create("Mallory", "135790", is_admin=True, grant=grant)
            assert [m.display_name for m in StaffDirectory(store).members()] == ["Ana Ruiz"]
        # The administrator's PIN opens it again.
        unlock_admin(r, admin)
        assert r.find("addStaffButton").isVisible()
    finally:
        kiosk.shutdown()
