"""The decline path from any step: the barrier, its remedy, and what is stored."""

from __future__ import annotations

import pytest

from kiosk.enrollment import DeclineReason, Outcome, Remedy
from kiosk.store import Store
from tests.wizard_support import Receptionist


@pytest.fixture
def r(signed_in):
    return signed_in()


def enter_patient(r: Receptionist) -> None:
    r.enter_patient("maria", "lopez", "03141985")


def stored(r: Receptionist, kiosk_dirs):
    r.settle()
    with Store(kiosk_dirs.database) as store:
        enrollment_id = r.wizard.enrollment.id
        return (
            store.get_enrollment(enrollment_id),
            store.step_events(enrollment_id),
            store.outbox_items(enrollment_id),
        )


def test_privacy_decline_prints_handout_and_records_remedy(r, kiosk_dirs):
    enter_patient(r)
    r.tap("declineButton")
    r.wait_page("declinePage")
    r.tap(f"declineReason-{DeclineReason.PRIVACY.value}")
    assert r.page().primary.text().replace("\n", " ") == "Print the privacy handout"
    r.tap("primaryButton")  # the remedy is the primary action
    r.wait_page("donePage")
    e, events, outbox = stored(r, kiosk_dirs)
    assert e.outcome == Outcome.DECLINED
    assert e.decline_reason == DeclineReason.PRIVACY
    assert e.remedy == Remedy.PRIVACY_HANDOUT
    assert events[-1]["step"] == "outcome" and events[-1]["status"] == "declined"
    assert events[-1]["reason"] == "privacy-concern" and events[-1]["at"]
    assert [i["kind"] for i in outbox] == ["ehr.enrollment-record"]
    assert (kiosk_dirs.output_dir / f"privacy-{e.id}.pdf").stat().st_size > 1000
    assert "Thank you" in r.page().title.text()


def test_decline_mid_way_after_invitation_keeps_what_was_queued(r, kiosk_dirs):
    enter_patient(r)
    r.type_on_screen("maria.lopez")
    r.tap("key_gmail")
    r.tap("primaryButton")
    r.wait_page("invitationPage")
    r.tap("primaryButton")
    r.settle()
    r.tap("primaryButton")
    r.wait_page("firstLoginPage")
    r.tap("declineButton")
    r.tap(f"declineReason-{DeclineReason.NOT_COMFORTABLE_WITH_COMPUTERS.value}")
    r.tap("helpSlot-1")  # choose a morning
    assert r.page().primary.text().replace("\n", " ") == "Book a help session"
    r.tap("primaryButton")
    r.wait_page("donePage")
    e, events, outbox = stored(r, kiosk_dirs)
    assert e.outcome == Outcome.DECLINED
    assert e.remedy == Remedy.HELP_SESSION
    assert e.help_session_at and e.help_session_at.endswith("Z")
    assert [i["kind"] for i in outbox] == ["portal.invitation", "ehr.enrollment-record"]


def test_other_reason_needs_words_typed_on_screen(r, kiosk_dirs):
    enter_patient(r)
    r.tap("declineButton")
    r.tap(f"declineReason-{DeclineReason.OTHER.value}")
    r.tap("primaryButton")  # nothing typed yet
    assert r.page().objectName() == "declinePage"
    assert r.page().message.text()
    r.type_on_screen("ask")
    r.tap("key_space")
    r.type_on_screen("my")
    r.tap("key_space")
    r.type_on_screen("son")
    r.tap("primaryButton")
    r.wait_page("donePage")
    e, _, _ = stored(r, kiosk_dirs)
    assert e.decline_reason == DeclineReason.OTHER
    assert e.decline_text == "ask my son"
    assert e.remedy == Remedy.NONE


def test_benefits_summary_then_decline_and_no_email_returns_to_sms(r, kiosk_dirs):
    enter_patient(r)
    r.tap("declineButton")
    r.tap(f"declineReason-{DeclineReason.NO_EMAIL.value}")
    r.tap("primaryButton")  # the remedy: enrol by text message, not a decline
    r.wait_page("contactPage")
    assert r.page().channel_sms.isChecked()
    r.tap("declineButton")
    r.tap(f"declineReason-{DeclineReason.NO_BENEFIT.value}")
    assert "test results" in r.page().benefit_points.text()
    r.tap("backButton")  # back to the reasons: nothing recorded yet
    r.tap("backButton")  # back to the step they were on
    r.wait_page("contactPage")
    r.tap("declineButton")
    r.tap(f"declineReason-{DeclineReason.NO_BENEFIT.value}")
    r.tap("recordDeclineButton", r.page().staff_panel)  # secondary: staff record it
    r.wait_page("donePage")
    e, events, _ = stored(r, kiosk_dirs)
    assert e.decline_reason == DeclineReason.NO_BENEFIT
    assert e.remedy == Remedy.BENEFITS_SUMMARY
    assert sum(1 for ev in events if ev["step"] == "outcome") == 2  # started, declined


def test_each_remedy_is_the_primary_action_and_recording_is_secondary(r, kiosk_dirs):
    enter_patient(r)
    r.tap("declineButton")
    page = r.page()
    expected = {
        DeclineReason.NO_EMAIL: "Invite me by text message",
        DeclineReason.NOT_COMFORTABLE_WITH_COMPUTERS: "Book a help session",
        DeclineReason.PRIVACY: "Print the privacy handout",
        DeclineReason.NO_BENEFIT: "Let's try it after all",
    }
    for reason, remedy in expected.items():
        r.tap(f"declineReason-{reason.value}")
        assert page.primary.isVisible() and page.primary.text().replace("\n", " ") == remedy
        record = r.find("recordDeclineButton")
        assert record.parent() is page.staff_panel and not record.property("primary")
        r.tap("backButton")
    r.tap(f"declineReason-{DeclineReason.NO_BENEFIT.value}")
    r.tap("primaryButton")  # let's try it after all: back where they were, nothing recorded
    r.wait_page("contactPage")
    e, events, _ = stored(r, kiosk_dirs)
    assert e.outcome == Outcome.IN_PROGRESS and e.decline_reason is None
