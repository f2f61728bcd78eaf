"""The happy path, tapped through as a receptionist and a patient would, checked in SQLite."""

from __future__ import annotations

import json

import pytest

from kiosk.enrollment import Outcome, StepId
from kiosk.store import Store
from tests.wizard_support import Receptionist, add_staff, make_kiosk, sign_in


@pytest.fixture
def kiosk(kiosk_dirs, qtbot):
    k = make_kiosk(kiosk_dirs, qtbot)
    yield k
    k.shutdown()


def walk_happy_path(r: Receptionist) -> None:
    """Start -> manual entry -> email with @gmail.com -> every step -> Finish -> Done."""
    r.tap("startButton")
    r.wait_page("findPatientPage")
    find = r.page()
    # The first-name field has the keyboard already.
    r.type_on_screen("maria")
    r.tap_field(find.family)
    r.type_on_screen("lopez")
    r.tap_field(find.birth)
    r.type_on_screen("03141985")
    assert find.birth.text() == "03/14/1985"
    r.tap("primaryButton")
    r.wait_page("contactPage")
    r.type_on_screen("maria.lopez")
    r.tap("key_gmail")
    assert r.page().email.text() == "maria.lopez@gmail.com"
    r.tap("primaryButton")
    r.wait_page("invitationPage")
    r.tap("primaryButton")  # send the invitation
    r.qtbot.waitUntil(lambda: "Queued" in r.page().state_label.text(), timeout=10_000)
    r.leave_page("invitationPage")  # next
    r.wait_page("firstLoginPage")
    r.tap("confirmManuallyButton")
    r.tap("confirmSeenButton")  # staff say they saw the patient's portal home page
    r.wait_page("featureDemoPage")
    r.tap("primaryButton")
    r.wait_page("appInstallPage")
    r.tap("primaryButton")
    r.wait_page("confirmAccessPage")
    r.tap("primaryButton")
    r.wait_page("referenceCardPage")
    r.tap("primaryButton")  # print: a real CUPS queue completes the job
    card = r.page()
    r.qtbot.waitUntil(lambda: card.status.property("kind") == "ok", timeout=30_000)
    assert "printed" in card.status.text()
    assert "/" not in card.status.text()  # no file path on the patient's screen
    assert card.primary.isEnabled() and card.primary.text() == "Next"
    r.leave_page("referenceCardPage")  # next: the card is in the patient's hand
    r.wait_page("finishPage")
    r.tap("primaryButton")
    r.wait_page("donePage")


def test_happy_path_is_stored_step_by_step(kiosk, kiosk_dirs, qtbot, capsys, cups):
    member = add_staff(kiosk_dirs.database)
    r = Receptionist(qtbot, kiosk)
    sign_in(r, member)
    assert kiosk.window.status.staff.text().endswith("Ana Ruiz")
    r.taps = 0
    walk_happy_path(r)
    enrollment_id = r.wizard.enrollment.id
    r.settle()

    with Store(kiosk_dirs.database) as store:
        e = store.get_enrollment(enrollment_id)
        events = store.step_events(enrollment_id)
        outbox = store.outbox_items(enrollment_id)
    assert e.outcome == Outcome.ENROLLED
    assert e.email == "maria.lopez@gmail.com"
    assert e.patient.given_name == "Maria" and e.patient.family_name == "Lopez"
    assert e.patient.birth_date == "1985-03-14"
    assert e.staff_id == member.id
    assert e.follow_up_due is not None
    statuses = {step: e.steps[step].status.value for step in StepId}
    assert statuses == {
        StepId.COLLECT_CONTACT: "done",
        StepId.SEND_INVITATION: "done",
        StepId.FIRST_LOGIN: "done",
        StepId.FEATURE_DEMO: "done",
        StepId.APP_INSTALL: "done",
        StepId.CONFIRM_ACCESS: "done",
        StepId.REFERENCE_CARD: "done",
        StepId.DOCUMENT_EHR: "done",
        StepId.FOLLOW_UP: "done",  # logged in (confirmed by staff) during the visit
    }
    assert e.steps[StepId.FIRST_LOGIN].reason == "manual-confirm"
    assert e.steps[StepId.FEATURE_DEMO].reason == "messaging"
    assert e.steps[StepId.REFERENCE_CARD].reason == "printed"
    # Every step event has a timestamp, in checklist order.
    logged = [(ev["step"], ev["status"]) for ev in events]
    assert logged[0] == ("outcome", "in_progress")
    assert logged[-1] == ("outcome", "enrolled")
    assert [s for s, _ in logged[1:8]] == [s.value for s in list(StepId)[:7]]
    assert all(ev["at"] and ev["staff_id"] == member.id for ev in events)
    kinds = [item["kind"] for item in outbox]
    assert kinds == ["portal.invitation", "ehr.enrollment-record"]  # manual patient: no EHR id
    # Printed, and nothing of it left behind: CUPS completed the job, no PDF lingers.
    assert cups.jobs("completed") and not cups.jobs("not-completed")
    assert not kiosk_dirs.output_dir.exists() or not list(kiosk_dirs.output_dir.rglob("card-*"))

    keystrokes = len("maria") + len("lopez") + len("03141985") + len("maria.lopez") + 1
    with capsys.disabled():
        print(
            f"\nhappy path for maria.lopez@gmail.com: {r.taps} taps from the start screen to "
            f"done, of which {keystrokes} are on-screen key presses (name, birth date, email "
            f"with the @gmail.com key) and {r.taps - keystrokes} are buttons/fields; "
            "physical keystrokes: 0"
        )
    assert r.taps <= 50

    # Next patient: back to the start screen, staff still signed in, nothing left on screen.
    r.tap("primaryButton")
    r.wait_page("startScreen")
    assert r.wizard.staff is not None and r.wizard.enrollment is None


def test_typo_suggestion_one_tap_and_bad_input_keeps_text(kiosk, kiosk_dirs, qtbot):
    member = add_staff(kiosk_dirs.database)
    r = Receptionist(qtbot, kiosk)
    sign_in(r, member)
    r.tap("startButton")
    find = r.page()
    r.type_on_screen("maria")
    r.tap("primaryButton")  # last name and birth date missing
    assert find.errors[find.family].text() == "Please enter the patient's last name."
    assert find.given.text() == "Maria"  # nothing typed is lost (first letter auto-capital)
    assert r.page() is find
    r.tap_field(find.family)
    r.type_on_screen("lopez")
    r.tap_field(find.birth)
    r.type_on_screen("02301985")
    r.tap("primaryButton")
    assert "does not exist" in find.errors[find.birth].text()
    r.tap("key_clear", find)
    r.type_on_screen("03141985")
    r.tap("primaryButton")
    r.wait_page("contactPage")
    contact = r.page()
    r.type_on_screen("maria.lopez@gmial.com")
    suggestion = r.find("suggestionButton")
    assert suggestion.text() == "Did you mean maria.lopez@gmail.com?"
    r.tap("suggestionButton")
    assert contact.email.text() == "maria.lopez@gmail.com"
    # A bad mobile number: inline message, the email stays.
    r.tap_field(contact.mobile)
    r.type_on_screen("555")
    r.tap("primaryButton")
    assert contact.mobile_hint.text()
    assert contact.mobile_hint.property("kind") == "error"
    assert contact.email.text() == "maria.lopez@gmail.com"
    assert r.page() is contact
    r.tap("key_clear", contact)
    r.type_on_screen("2135550123")
    r.tap("primaryButton")
    r.wait_page("invitationPage")
    r.settle()
    with Store(kiosk_dirs.database) as store:
        e = store.get_enrollment(r.wizard.enrollment.id)
    assert e.mobile == "+12135550123" and e.channel.value == "email"


def test_no_email_goes_to_sms_with_patient_consent(kiosk, kiosk_dirs, qtbot):
    member = add_staff(kiosk_dirs.database)
    r = Receptionist(qtbot, kiosk)
    sign_in(r, member)
    r.enter_patient("jose", "diaz", "07041950")
    r.tap("noEmailButton")
    r.type_on_screen("2135550123")
    r.tap("primaryButton")  # consent not given yet: stays, says why
    assert r.page().objectName() == "contactPage"
    assert "agree" in r.page().message.text()
    r.tap("smsConsentButton")
    r.tap("primaryButton")
    r.wait_page("invitationPage")
    r.tap("primaryButton")
    r.settle()
    # Skip steps 3-7 with reasons, then finish.
    for page in ("firstLoginPage", "featureDemoPage", "appInstallPage", "confirmAccessPage"):
        if page == "firstLoginPage":
            r.tap("primaryButton") if r.page().objectName() == "invitationPage" else None
        r.wait_page(page)
        r.tap("skipButton")
        r.tap("skipReason-no-smartphone")
    r.wait_page("referenceCardPage")
    r.tap("skipButton")
    r.tap("skipReason-short-on-time")
    r.wait_page("finishPage")
    r.tap("primaryButton")
    r.wait_page("donePage")
    r.settle()
    enrollment_id = r.wizard.enrollment.id
    with Store(kiosk_dirs.database) as store:
        e = store.get_enrollment(enrollment_id)
        outbox = store.outbox_items(enrollment_id)
        invitation = next(i for i in outbox if i["kind"] == "portal.invitation")
        row = store.outbox_item(invitation["id"])
    assert e.channel.value == "sms" and e.sms_consent and e.email is None
    # The patient's own yes to texts, word for word, for this number (kiosk/sms.py).
    assert e.sms_consent_record["number"] == "+12135550123"
    assert "Reply STOP to stop." in e.sms_consent_record["words"]
    assert [i["kind"] for i in outbox].count("ehr.sms-consent") == 1
    assert e.steps[StepId.FIRST_LOGIN].status.value == "skipped"
    assert e.steps[StepId.FIRST_LOGIN].reason == "no-smartphone"
    assert e.steps[StepId.REFERENCE_CARD].reason == "short-on-time"
    assert e.steps[StepId.FOLLOW_UP].status.value == "scheduled"
    # the invitation (NoPortal: staff send it by hand) is delivered at once, and a delivered
    # item keeps no copy of the patient's data (issue 9)
    assert row["kind"] == "portal.invitation" and row["state"] == "sent"
    assert json.loads(row["payload"]) == {}
