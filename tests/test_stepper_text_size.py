"""The progress stepper (from the checklist) and the patient's "Larger text" toggle, driven
the way a receptionist and a patient tap."""

from __future__ import annotations

from PySide6.QtGui import QFontInfo

from kiosk.enrollment import CHECKLIST, StepId, interactive_steps
from kiosk.ui.stepper import BEFORE, FINISH, FINISH_MARK
from kiosk.ui.text_size import patient_overrides, themed
from tests.wizard_support import Receptionist, add_staff, make_kiosk, sign_in


def px(widget) -> int:
    return QFontInfo(widget.font()).pixelSize()


def dots(page) -> list[tuple[str, str]]:
    return [(d.text(), d.property("status")) for d in page.stepper.dots.values()]


def start(kiosk_dirs, qtbot):
    kiosk = make_kiosk(kiosk_dirs, qtbot)
    kiosk.idle.set_idle_ms(3_600_000)
    r = Receptionist(qtbot, kiosk)
    sign_in(r, add_staff(kiosk.paths.database))
    return kiosk, r


def test_stepper_follows_the_checklist_on_every_patient_screen(kiosk_dirs, qtbot):
    kiosk, r = start(kiosk_dirs, qtbot)
    try:
        r.tap("startButton")
        find = r.page()
        assert find.stepper.isVisible()
        assert find.stepper.position() is BEFORE
        # One numbered dot per step the patient walks, numbered as in the 9-step checklist,
        # then the finish mark (documenting in the EHR and the follow-up happen on Finish).
        walked = [s for s in CHECKLIST if s.id in interactive_steps()]
        assert [t for t, _ in dots(find)] == [str(s.number) for s in walked] + [FINISH_MARK]
        assert find.stepper.caption.text() == "Your details"
        r.type_on_screen("ana")
        r.tap_field(find.family)
        r.type_on_screen("lopez")
        r.tap_field(find.birth)
        r.type_on_screen("03141985")
        r.tap("primaryButton")
        r.wait_page("contactPage")
        contact = r.page()
        assert contact.stepper.caption.text() == f"Step 1 of {len(walked)}"
        assert dots(contact)[0] == ("1", "current")
        r.type_on_screen("ana.lopez@example.com")
        r.tap("primaryButton")
        r.wait_page("invitationPage")
        invitation = r.page()
        assert invitation.stepper.caption.text() == f"Step 2 of {len(walked)}"
        assert dots(invitation)[:3] == [("1", "done"), ("2", "current"), ("3", "pending")]
        # Declining from step 2: the decline screen shows where the patient was.
        r.tap("declineButton")
        decline = r.page()
        assert decline.objectName() == "declinePage"
        assert decline.stepper.isVisible()
        assert decline.stepper.position() == StepId.SEND_INVITATION
        assert decline.stepper.caption.text() == f"Step 2 of {len(walked)}"
        kiosk.language.set_language("es")
        assert decline.stepper.caption.text() == f"Paso 2 de {len(walked)}"
        kiosk.language.set_language("en")
        wizard = kiosk.wizard
        wizard.go(wizard.finish_page)
        assert wizard.finish_page.stepper.position() == FINISH
        assert dots(wizard.finish_page)[-1] == (FINISH_MARK, "current")
        assert wizard.finish_page.stepper.caption.text() == "Finish"
    finally:
        kiosk.shutdown()


def test_larger_text_scales_patient_text_only_and_resets_for_the_next_patient(kiosk_dirs, qtbot):
    kiosk, r = start(kiosk_dirs, qtbot)
    try:
        r.enter_patient("ana", "lopez", "03141985")
        contact = r.page()
        toggle = r.find("largerTextToggle")
        assert toggle.text() == "Larger text" and not toggle.isChecked()
        assert toggle.icon().isNull()  # no check mark until it is on
        before = {
            "label": px(contact.mobile_label),
            "field": px(contact.email),
            "hint": px(contact.email_hint),
            "primary": px(contact.primary),
            "staff": px(contact.staff_script),
            "status": px(kiosk.window.status.staff),
        }
        assert before["label"] >= 28 and before["field"] >= 28 and before["hint"] >= 24
        assert before["status"] >= 20
        r.tap("largerTextToggle")
        assert toggle.isChecked() and not toggle.icon().isNull()
        assert px(contact.mobile_label) == round(before["label"] * 1.25)
        assert px(contact.email) == round(before["field"] * 1.25)
        assert px(contact.email_hint) == round(before["hint"] * 1.25)
        assert px(contact.primary) == round(before["primary"] * 1.25)
        assert px(contact.staff_script) == before["staff"]  # the receptionist's panel
        assert px(kiosk.window.status.staff) == before["status"]
        # The choice holds on the next screen.
        contact.email.setText("ana.lopez@example.com")
        r.tap("primaryButton")
        r.wait_page("invitationPage")
        assert r.find("largerTextToggle").isChecked()
        assert px(r.page().instructions) >= 35
        # Tapping again goes back; the next patient always starts at the normal size.
        r.tap("largerTextToggle")
        assert px(r.page().instructions) < 35
        r.tap("largerTextToggle")
        kiosk.wizard.wipe("next-patient")
        r.settle()
        assert not kiosk.wizard.text_size.larger
        assert px(contact.mobile_label) == before["label"]
    finally:
        kiosk.shutdown()


def test_overrides_keep_the_theme_rule_order():
    theme = (
        "QLabel#a { font-size: 20px; }\n"
        "QWidget#pad QPushButton { font-size: 22px; }\n"
        '*[audience="patient"] QLabel { font-size: 28px; }\n'
        'QPushButton[keyRole="domain"] { font-size: 24px; }\n'
    )
    out = patient_overrides(theme, 1.25)
    assert '*[textSize="larger"] QLabel#a { font-size: 25px; }' in out
    assert (
        '*[textSize="larger"] QWidget#pad QPushButton, '
        'QWidget#pad *[textSize="larger"] QPushButton { font-size: 28px; }'
    ) in out
    assert 'QWidget[textSize="larger"] QLabel { font-size: 35px; }' in out
    assert '*[textSize="larger"] QPushButton[keyRole="domain"] { font-size: 30px; }' in out
    assert patient_overrides(theme, 1.0) == ""
    assert themed(theme).startswith(theme) and out in themed(theme)


def test_switching_text_size_repeatedly_with_every_page_alive(kiosk_dirs, qtbot):
    """The toggle re-polishes the patient containers only, never the application style sheet
    (restyling the whole application at runtime with pages alive crashed Qt with a bus
    error): tapping it again and again on several screens keeps every page consistent."""
    kiosk, r = start(kiosk_dirs, qtbot)
    app_sheet = kiosk.app.styleSheet()
    try:
        r.enter_patient("ana", "lopez", "03141985")
        wizard = kiosk.wizard
        contact = r.page()
        invitation = wizard.step_pages[StepId.SEND_INVITATION]
        normal = (px(contact.mobile_label), px(invitation.instructions), px(contact.email))
        for i in range(12):
            r.tap("largerTextToggle")
            larger = i % 2 == 0
            scale = 1.25 if larger else 1.0
            # The page on screen and one not shown yet follow at once.
            assert px(contact.mobile_label) == round(normal[0] * scale)
            assert px(invitation.instructions) == round(normal[1] * scale)
            assert px(contact.email) == round(normal[2] * scale)
            assert kiosk.app.styleSheet() == app_sheet
        contact.email.setText("ana.lopez@example.com")
        r.tap("primaryButton")
        r.wait_page("invitationPage")
        for _ in range(6):
            r.tap("largerTextToggle")
            r.tap("languageToggle")
        assert not wizard.text_size.larger
        assert px(invitation.instructions) == normal[1]
        # The staff panel and status bar never change.
        staff = px(invitation.staff_script)
        r.tap("largerTextToggle")
        assert px(invitation.staff_script) == staff
    finally:
        kiosk.shutdown()
