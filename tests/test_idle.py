"""Idle timeout: a countdown, then every patient-data widget is wiped; saved records stay."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from kiosk.enrollment import Outcome
from kiosk.store import Store
from kiosk.ui.qr_view import QrCodeView
from tests.wizard_support import Receptionist, add_staff, make_kiosk, sign_in


def visible_patient_data(wizard, needles):  # noqa: ANN001, ANN201
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
        idle = kiosk.extras["idle"]
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
        idle = kiosk.extras["idle"]
        idle.set_idle_ms(50)
        qtbot.wait(300)
        assert not idle.overlay.isVisible()
        assert r.page().objectName() == "startScreen"
    finally:
        kiosk.shutdown()
