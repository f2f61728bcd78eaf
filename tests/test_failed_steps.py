"""A step that was tried and did not work is recorded FAILED: the dashboard never counts it as
done, and the EHR record says "failed" with the reason (and the help session when booked)."""

from __future__ import annotations

from datetime import UTC, datetime

from kiosk import metrics
from kiosk.enrollment import StepId
from kiosk.metrics import Period
from kiosk.sync.mapping import MappingContext, enrollment_task
from tests import seed

NOV = Period.month(2026, 11, UTC)


def test_failed_login_and_card_are_not_counted_as_done(store):
    seed.add_staff(store, "s1", "Ana Front Desk")
    seed.enrolled(store, "s1", datetime(2026, 11, 2, 10, tzinfo=UTC), 1)
    seed.enrolled(
        store,
        "s1",
        datetime(2026, 11, 3, 10, tzinfo=UTC),
        2,
        failed=(StepId.FIRST_LOGIN, StepId.REFERENCE_CARD, StepId.CONFIRM_ACCESS),
    )
    m = metrics.compute(store, NOV)
    assert m.adoption.enrolled == 2
    assert m.adoption.first_login_in_office == 1
    assert m.engagement.cards_printed == 1


def test_the_ehr_task_says_failed_with_the_reason_and_the_help_session():
    e = seed_enrollment_with_failed_login()
    task = enrollment_task("item-1", e.record_payload(), MappingContext("urn:mrn"))
    outputs = {
        o["type"]["coding"][0]["code"]: o.get("valueCodeableConcept") or o.get("valueDateTime")
        for o in task["output"]
    }
    login = outputs["first_login"]
    assert login["coding"][0]["code"] == "failed"
    assert login["text"] == "failed: could-not-log-in"
    assert outputs["help-session-at"] == "2026-12-08T15:00:00Z"
    assert task["businessStatus"]["coding"][0]["code"] == "enrolled"


def seed_enrollment_with_failed_login():
    from kiosk.enrollment import Channel, Enrollment, Patient

    e = Enrollment.start("s1", Patient("Ana", "Ruiz", "1950-01-02")).enrollment
    e = e.capture_contact(email="ana@example.org", mobile=None, channel=Channel.EMAIL).enrollment
    e = e.send_invitation().enrollment
    e = e.fail_step(StepId.FIRST_LOGIN, "could-not-log-in").enrollment
    e = e.book_help_session(StepId.FIRST_LOGIN, "2026-12-08T15:00:00Z").enrollment
    return e.finish(7).enrollment
