"""The enrollment state machine: the contract every screen and the sync worker rely on."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.enrollment import (
    CHECKLIST,
    REMEDY_FOR_REASON,
    Channel,
    DeclineReason,
    Enrollment,
    OutboxKind,
    Outcome,
    Patient,
    Remedy,
    StepId,
    StepState,
    StepStatus,
    TransitionError,
    interactive_steps,
    iso,
)

T0 = datetime(2026, 3, 2, 15, 0, 0, tzinfo=UTC)
PATIENT = Patient("Ana", "García", "1980-01-05", ehr_id="pat-42", mrn="MRN-7")


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def started(patient: Patient = PATIENT) -> Enrollment:
    return Enrollment.start("staff-1", patient, now=T0).enrollment


def with_contact(channel: Channel = Channel.EMAIL, patient: Patient = PATIENT) -> Enrollment:
    return (
        started(patient)
        .capture_contact(
            email="ana@example.org",
            mobile="+12135550100",
            channel=channel,
            sms_consent=channel == Channel.SMS,
            privacy_ack=True,
            now=at(1),
        )
        .enrollment
    )


def invited(patient: Patient = PATIENT) -> Enrollment:
    return with_contact(patient=patient).send_invitation(now=at(2)).enrollment


def stable_id(enrollment_id: str, kind: OutboxKind, discriminator: str = "") -> str:
    name = f"urn:kiosk:{enrollment_id}:{kind.value}" + (
        f":{discriminator}" if discriminator else ""
    )
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def test_checklist_is_the_seed_playbook():
    assert [s.number for s in CHECKLIST] == list(range(1, 10))
    assert [s.id for s in CHECKLIST][:2] == [StepId.COLLECT_CONTACT, StepId.SEND_INVITATION]
    assert StepId.DOCUMENT_EHR not in interactive_steps()
    assert StepId.FOLLOW_UP not in interactive_steps()


def test_happy_path_end_to_end():
    change = Enrollment.start("staff-1", PATIENT, language="es", now=T0)
    e = change.enrollment
    uuid.UUID(e.id)  # a real UUID
    assert e.outcome == Outcome.IN_PROGRESS and e.is_open
    assert e.created_at == "2026-03-02T15:00:00Z"
    assert all(s.status == StepStatus.PENDING for s in e.steps.values())
    assert [(ev.step, ev.status) for ev in change.events] == [("outcome", "in_progress")]
    assert change.outbox == [] and change.audit_action == "enrollment.started"
    assert e.next_step() == StepId.COLLECT_CONTACT

    c1 = e.capture_contact(
        email="ana@example.org",
        mobile="+12135550100",
        channel=Channel.SMS,
        sms_consent=True,
        privacy_ack=True,
        now=at(1),
    )
    e = c1.enrollment
    assert e.status(StepId.COLLECT_CONTACT) == StepStatus.DONE
    assert (e.email, e.mobile, e.channel, e.sms_consent, e.privacy_ack) == (
        "ana@example.org",
        "+12135550100",
        Channel.SMS,
        True,
        True,
    )
    assert e.next_step() == StepId.SEND_INVITATION

    e = e.send_invitation(now=at(2)).enrollment
    e = e.complete_step(StepId.FIRST_LOGIN, "portal-confirmed", now=at(3)).enrollment
    e = e.complete_step(StepId.FEATURE_DEMO, "messaging", now=at(4)).enrollment
    assert e.demo_feature == "messaging"
    e = e.skip_step(StepId.APP_INSTALL, "  no smartphone  ", now=at(5)).enrollment
    assert e.steps[StepId.APP_INSTALL].reason == "no smartphone"
    e = e.complete_step(StepId.CONFIRM_ACCESS, "manual-confirm", now=at(6)).enrollment
    assert e.next_step() == StepId.REFERENCE_CARD

    done = e.finish(follow_up_days=7, now=at(7))
    e = done.enrollment
    assert e.outcome == Outcome.ENROLLED and not e.is_open
    assert e.completed_at == "2026-03-02T15:07:00Z"
    assert e.follow_up_due == "2026-03-09T15:07:00Z"
    assert e.status(StepId.REFERENCE_CARD) == StepStatus.SKIPPED  # not reached
    assert e.steps[StepId.REFERENCE_CARD].reason == "not-reached"
    assert e.status(StepId.DOCUMENT_EHR) == StepStatus.DONE
    assert e.status(StepId.FOLLOW_UP) == StepStatus.DONE  # logged in: nothing to follow up
    assert e.next_step() is None
    assert [(ev.step, ev.status) for ev in done.events] == [
        (StepId.REFERENCE_CARD, "skipped"),
        (StepId.DOCUMENT_EHR, "done"),
        (StepId.FOLLOW_UP, "done"),
        ("outcome", "enrolled"),
    ]
    assert done.audit_action == "enrollment.enrolled"


def test_finish_without_first_login_schedules_the_follow_up():
    e = invited().finish(follow_up_days=7, now=at(5)).enrollment
    assert e.status(StepId.FIRST_LOGIN) == StepStatus.SKIPPED
    assert e.steps[StepId.FOLLOW_UP] == e.steps[StepId.FOLLOW_UP].__class__(
        StepStatus.SCHEDULED, "2026-03-02T15:05:00Z", "2026-03-09T15:05:00Z"
    )


# ---- every TransitionError, with its message ----------------------------------------------
def _closed(outcome: str) -> Enrollment:
    e = invited()
    if outcome == "enrolled":
        return e.finish(7, now=at(5)).enrollment
    if outcome == "declined":
        return started().decline(DeclineReason.PRIVACY, now=at(5)).enrollment
    return started().abandon(now=at(5)).enrollment


CLOSED_ACTIONS = {
    "set_language": lambda e: e.set_language("es"),
    "capture_contact": lambda e: e.capture_contact(
        email="a@example.org", mobile=None, channel=Channel.EMAIL
    ),
    "send_invitation": lambda e: e.send_invitation(),
    "complete_step": lambda e: e.complete_step(StepId.FEATURE_DEMO),
    "skip_step": lambda e: e.skip_step(StepId.APP_INSTALL, "no phone"),
    "fail_step": lambda e: e.fail_step(StepId.FIRST_LOGIN, "portal down"),
    "finish": lambda e: e.finish(7),
    "decline": lambda e: e.decline(DeclineReason.NO_BENEFIT),
    "abandon": lambda e: e.abandon(),
}


@pytest.mark.parametrize("outcome", ["enrolled", "declined", "abandoned"])
@pytest.mark.parametrize("action", sorted(CLOSED_ACTIONS))
def test_a_closed_enrollment_refuses_changes(outcome, action):
    e = _closed(outcome)
    with pytest.raises(TransitionError) as err:
        CLOSED_ACTIONS[action](e)
    assert str(err.value) == (
        f"This enrollment is already {outcome}; start a new one to make changes."
    )


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (
            lambda: Enrollment.start("", PATIENT),
            "A staff member must be signed in to start an enrollment.",
        ),
        (lambda: started().set_language("fr"), "Language must be English or Spanish."),
        (
            lambda: started().capture_contact(email=None, mobile=None, channel=Channel.EMAIL),
            "Enter an email address or a mobile number to continue.",
        ),
        (
            lambda: started().capture_contact(
                email=None, mobile="+12135550100", channel=Channel.EMAIL
            ),
            "An email invitation needs an email address.",
        ),
        (
            lambda: started().capture_contact(
                email="a@example.org", mobile=None, channel=Channel.SMS, sms_consent=True
            ),
            "A text-message invitation needs a mobile number.",
        ),
        (
            lambda: started().capture_contact(
                email=None, mobile="+12135550100", channel=Channel.SMS
            ),
            "The patient must agree to receive text messages first.",
        ),
        (
            lambda: started().send_invitation(),
            "Step 1 (collect email and mobile number) comes first.",
        ),
        (
            lambda: invited().send_invitation(),
            "The invitation has already been sent for this visit.",
        ),
        (
            lambda: invited().complete_step(StepId.COLLECT_CONTACT),
            "Use the contact and invitation actions for steps 1 and 2.",
        ),
        (
            lambda: invited().complete_step(StepId.SEND_INVITATION),
            "Use the contact and invitation actions for steps 1 and 2.",
        ),
        (
            lambda: invited().complete_step(StepId.DOCUMENT_EHR),
            "Steps 8 and 9 happen when the enrollment is finished.",
        ),
        (
            lambda: invited().complete_step(StepId.FOLLOW_UP),
            "Steps 8 and 9 happen when the enrollment is finished.",
        ),
        (
            lambda: with_contact().complete_step(StepId.FIRST_LOGIN),
            "Step 2 (send the invitation in the patient's presence) comes first.",
        ),
        (lambda: started().skip_step(StepId.COLLECT_CONTACT, "x"), "Step 1 cannot be skipped."),
        (lambda: started().skip_step(StepId.SEND_INVITATION, "x"), "Step 2 cannot be skipped."),
        (lambda: started().skip_step(StepId.DOCUMENT_EHR, "x"), "Step 8 cannot be skipped."),
        (lambda: started().skip_step(StepId.FOLLOW_UP, "x"), "Step 9 cannot be skipped."),
        (
            lambda: started().skip_step(StepId.APP_INSTALL, "   "),
            "Choose a reason for skipping this step.",
        ),
        (
            lambda: (
                invited()
                .complete_step(StepId.FIRST_LOGIN)
                .enrollment.skip_step(StepId.FIRST_LOGIN, "x")
            ),
            "Step 3 is already done.",
        ),
        (
            lambda: started().finish(7),
            "Step 1 (collect email and mobile number) must be done before the enrollment "
            "can be finished.",
        ),
        (
            lambda: with_contact().finish(7),
            "Step 2 (send the invitation in the patient's presence) must be done before the "
            "enrollment can be finished.",
        ),
        (
            lambda: started().decline(DeclineReason.OTHER, text="  "),
            "Please describe the reason in a few words.",
        ),
        (lambda: invited().follow_up_raised(), "Only a scheduled follow-up can be raised."),
        (
            lambda: (
                invited()
                .complete_step(StepId.FIRST_LOGIN)
                .enrollment.finish(7)
                .enrollment.follow_up_raised()
            ),
            "Only a scheduled follow-up can be raised.",
        ),
        (
            lambda: started().decline(DeclineReason.PRIVACY).enrollment.follow_up_raised(),
            "Only a scheduled follow-up can be raised.",
        ),
        (
            lambda: invited().resend_invitation("staff-2"),
            "Only an enrolled patient's invitation can be resent.",
        ),
        (
            lambda: started().decline(DeclineReason.NO_EMAIL).enrollment.resend_invitation("s"),
            "Only an enrolled patient's invitation can be resent.",
        ),
    ],
)
def test_transition_errors_have_clear_messages(action, message):
    with pytest.raises(TransitionError) as err:
        action()
    assert str(err.value) == message


def test_a_refused_transition_changes_nothing():
    e = with_contact()
    before = e.to_dict()
    with pytest.raises(TransitionError):
        e.complete_step(StepId.FIRST_LOGIN)
    e.send_invitation(now=at(9))  # a successful transition returns a NEW enrollment
    assert e.to_dict() == before


# ---- outbox items per transition ----------------------------------------------------------
def test_outbox_items_per_transition_and_their_stable_ids():
    e = started()
    contact = e.capture_contact(
        email="ana@example.org", mobile="+12135550100", channel=Channel.EMAIL, now=at(1)
    )
    assert [i.kind for i in contact.outbox] == [OutboxKind.PATIENT_CONTACT]
    item = contact.outbox[0]
    assert item.id == stable_id(e.id, OutboxKind.PATIENT_CONTACT)
    assert item.enrollment_id == e.id and item.created_at == "2026-03-02T15:01:00Z"
    assert item.payload == {
        "patient_id": "pat-42",
        "email": "ana@example.org",
        "mobile": "+12135550100",
        "preferred_channel": "email",
        "language": "en",
        "replaces": {},
    }
    # the same transition computed again (a retry of the save) keeps its idempotency key
    retry = e.capture_contact(
        email="ana@example.org", mobile="+12135550100", channel=Channel.EMAIL, now=at(1)
    )
    assert retry.outbox[0].id == item.id
    # a corrected capture is a new fact: its own key, naming what it replaces
    fixed = contact.enrollment.capture_contact(
        email="ana@example.com", mobile="+12135550100", channel=Channel.EMAIL, now=at(2)
    )
    assert fixed.outbox[0].id == stable_id(e.id, OutboxKind.PATIENT_CONTACT, "revision:2")
    assert fixed.outbox[0].payload["replaces"] == {"email": "ana@example.org"}

    e = contact.enrollment
    invitation = e.send_invitation(now=at(2))
    assert [i.kind for i in invitation.outbox] == [OutboxKind.PORTAL_INVITATION]
    assert invitation.outbox[0].id == stable_id(e.id, OutboxKind.PORTAL_INVITATION)
    assert invitation.outbox[0].payload["channel"] == "email"
    assert invitation.outbox[0].payload["patient"]["ehr_id"] == "pat-42"
    assert invitation.audit_action == "invitation.queued"

    e = invitation.enrollment
    for change in (
        e.complete_step(StepId.FEATURE_DEMO, "messaging"),
        e.skip_step(StepId.APP_INSTALL, "no phone"),
        e.fail_step(StepId.FIRST_LOGIN, "portal down"),
        e.set_language("es"),
        e.abandon(),
    ):
        assert change.outbox == []

    done = e.finish(7, now=at(3))
    assert [i.kind for i in done.outbox] == [OutboxKind.ENROLLMENT_RECORD]
    assert done.outbox[0].id == stable_id(e.id, OutboxKind.ENROLLMENT_RECORD)
    assert done.outbox[0].payload == done.enrollment.record_payload()
    assert done.outbox[0].payload["outcome"] == "enrolled"

    raised = done.enrollment.follow_up_raised(now=at(60 * 24 * 8))
    assert [i.kind for i in raised.outbox] == [OutboxKind.FOLLOW_UP]
    assert raised.outbox[0].id == stable_id(e.id, OutboxKind.FOLLOW_UP)
    assert raised.events[0].staff_id == "sync"
    assert raised.enrollment.status(StepId.FOLLOW_UP) == StepStatus.DONE

    ids = {contact.outbox[0].id, invitation.outbox[0].id, done.outbox[0].id}
    assert len(ids) == 3


def test_no_contact_item_without_an_ehr_patient():
    e = started(Patient("Ana", "García", "1980-01-05"))
    change = e.capture_contact(email="ana@example.org", mobile=None, channel=Channel.EMAIL)
    assert change.outbox == []


def test_each_resend_is_its_own_item_even_within_one_second():
    enrolled = invited().finish(7, now=at(3)).enrollment
    first = enrolled.resend_invitation("staff-2", now=at(10))
    second = first.enrollment.resend_invitation("staff-2", now=at(10))
    ids = {first.outbox[0].id, second.outbox[0].id}
    assert len(ids) == 2
    assert stable_id(enrolled.id, OutboxKind.PORTAL_INVITATION) not in ids
    assert first.outbox[0].payload["resend"] is True
    assert first.events[0].reason == "resend" and first.events[0].staff_id == "staff-2"
    assert first.audit_action == "invitation.resent"


def test_ids_are_stable_across_enrollments_and_differ_between_them():
    a, b = invited(), invited()
    assert a.id != b.id
    item_a = a.finish(7).outbox[0]
    assert item_a.id == a.finish(7).outbox[0].id
    assert item_a.id != b.finish(7).outbox[0].id


# ---- decline and abandon ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("reason", "remedy"),
    [
        (DeclineReason.NO_EMAIL, Remedy.SMS_INVITATION),
        (DeclineReason.NOT_COMFORTABLE_WITH_COMPUTERS, Remedy.HELP_SESSION),
        (DeclineReason.PRIVACY, Remedy.PRIVACY_HANDOUT),
        (DeclineReason.NO_BENEFIT, Remedy.BENEFITS_SUMMARY),
        (DeclineReason.OTHER, Remedy.NONE),
    ],
)
def test_decline_records_the_barrier_and_its_remedy(reason, remedy):
    assert REMEDY_FOR_REASON[reason] == remedy
    change = started().decline(
        reason, text=" works nights ", help_session_at="2026-03-05T10:00:00Z", now=at(3)
    )
    e = change.enrollment
    assert e.outcome == Outcome.DECLINED
    assert (e.decline_reason, e.remedy, e.decline_text) == (reason, remedy, "works nights")
    expected_session = "2026-03-05T10:00:00Z" if remedy == Remedy.HELP_SESSION else None
    assert e.help_session_at == expected_session
    assert e.completed_at == "2026-03-02T15:03:00Z"
    assert e.status(StepId.DOCUMENT_EHR) == StepStatus.DONE
    assert [i.kind for i in change.outbox] == [OutboxKind.ENROLLMENT_RECORD]
    payload = change.outbox[0].payload
    assert (payload["outcome"], payload["decline_reason"], payload["remedy"]) == (
        "declined",
        reason.value,
        remedy.value,
    )
    assert change.events[-1].reason == reason.value
    assert change.audit_action == "enrollment.declined"


def test_decline_without_taking_the_remedy():
    e = started().decline(DeclineReason.NO_EMAIL, remedy_taken=False).enrollment
    assert e.remedy == Remedy.NONE


def test_decline_mid_way_keeps_what_was_already_queued():
    e = invited()
    declined = e.decline(DeclineReason.NO_BENEFIT, now=at(4)).enrollment
    assert declined.status(StepId.SEND_INVITATION) == StepStatus.DONE


def test_abandon_keeps_steps_and_queues_nothing():
    e = with_contact()
    change = e.abandon(now=at(3))
    assert change.enrollment.outcome == Outcome.ABANDONED
    assert change.enrollment.status(StepId.COLLECT_CONTACT) == StepStatus.DONE
    assert change.outbox == []
    assert change.events[0].reason == "idle-timeout"
    assert e.abandon(reason="patient-called-in").events[0].reason == "patient-called-in"


def test_over_long_or_unsavable_reasons_are_refused_not_cut():
    """Nothing is silently cut: a reason longer than 200 characters, or holding a NUL, a
    control character or a lone surrogate, is refused with a message; the record is as before."""
    e = invited()
    before = e.to_dict()
    for bad in ("x" * 201, "a\x00b", "line\nbreak", "\ud800", "esc\x1b[2J"):
        for act in (
            lambda r: e.skip_step(StepId.APP_INSTALL, r),
            lambda r: e.fail_step(StepId.FIRST_LOGIN, r),
            lambda r: e.complete_step(StepId.FEATURE_DEMO, r),
            lambda r: e.abandon(r),
        ):
            with pytest.raises(TransitionError) as refused:
                act(bad)
            assert bad not in str(refused.value) and str(refused.value)[0].isupper()
    assert e.to_dict() == before
    kept = e.skip_step(StepId.APP_INSTALL, " " + "x" * 198 + "\t").enrollment
    assert kept.steps[StepId.APP_INSTALL].reason == "x" * 198  # stripped, never cut
    rtl = "\u202eevil\u202c \u05e9\u05dc\u05d5\u05dd"
    assert e.fail_step(StepId.FIRST_LOGIN, rtl).enrollment.steps[StepId.FIRST_LOGIN].reason == rtl


# ---- (de)serialisation ---------------------------------------------------------------------
def _round_trip(e: Enrollment) -> Enrollment:
    return Enrollment.from_dict(json.loads(json.dumps(e.to_dict())))  # as the store does


def test_round_trip_of_each_outcome():
    for e in (
        started(),
        invited(),
        invited().finish(7).enrollment,
        started().decline(DeclineReason.OTHER, text="moving away").enrollment,
        with_contact(Channel.SMS).abandon().enrollment,
    ):
        assert _round_trip(e) == e


ACTIONS = st.sampled_from(
    [
        "contact_email",
        "contact_sms",
        "language",
        "invite",
        "complete",
        "skip",
        "fail",
        "finish",
        "decline",
        "abandon",
        "raise",
        "resend",
    ]
)


# Tablet clocks jump: NTP corrections, DST set by hand, a wrong date fixed mid-visit.
CLOCK_JUMPS = st.sampled_from([0, 0, 0, -86_400, 86_400, -3_600, -5])


def _apply(e: Enrollment, action: str, step: StepId, reason: DeclineReason, now: datetime):
    match action:
        case "contact_email":
            return e.capture_contact(
                email="ana@example.org", mobile=None, channel=Channel.EMAIL, now=now
            )
        case "contact_sms":
            return e.capture_contact(
                email=None, mobile="+12135550100", channel=Channel.SMS, sms_consent=True, now=now
            )
        case "language":
            return e.set_language("es", now=now)
        case "invite":
            return e.send_invitation(now=now)
        case "complete":
            return e.complete_step(step, "done-by-test", now=now)
        case "skip":
            return e.skip_step(step, "patient in a hurry", now=now)
        case "fail":
            return e.fail_step(step, "portal down", now=now)
        case "finish":
            return e.finish(7, now=now)
        case "decline":
            return e.decline(reason, text="other words", now=now)
        case "abandon":
            return e.abandon(now=now)
        case "raise":
            return e.follow_up_raised(now=now + timedelta(days=8))
        case "resend":
            return e.resend_invitation("staff-2", now=now)
    raise AssertionError(action)


@given(
    steps=st.lists(
        st.tuples(
            ACTIONS,
            st.sampled_from(list(StepId)),
            st.sampled_from(list(DeclineReason)),
            CLOCK_JUMPS,
        ),
        max_size=25,
    ),
    ehr_id=st.sampled_from([None, "pat-1"]),
)
def test_random_transition_sequences_keep_the_invariants(steps, ehr_id):
    e = started(Patient("Ana", "García", "1980-01-05", ehr_id=ehr_id))
    seen_ids: dict[str, OutboxKind] = {}
    for n, (action, step, reason, jump) in enumerate(steps, start=1):
        before = e.to_dict()
        now = at(n) + timedelta(seconds=jump)
        try:
            change = _apply(e, action, step, reason, now)
        except TransitionError as exc:
            assert str(exc) and str(exc)[0].isupper()
            assert e.to_dict() == before  # a refusal changes nothing
            continue
        assert e.to_dict() == before  # transitions never mutate the old value
        new = change.enrollment
        assert new.id == e.id and new.created_at == e.created_at
        # Record times never run backwards; a wall clock behind the record is noted.
        assert new.updated_at >= e.updated_at
        assert all(ev.enrollment_id == e.id and ev.at >= e.updated_at for ev in change.events)
        assert all(item.created_at >= e.updated_at for item in change.outbox)
        wall = iso(now + timedelta(days=8) if action == "raise" else now)
        assert (change.clock_skew_seconds > 0) == (wall < e.updated_at)
        for item in change.outbox:
            assert item.enrollment_id == e.id
            if item.payload.get("resend"):
                assert item.id not in seen_ids
            elif item.kind == OutboxKind.PATIENT_CONTACT and new.contact_revision > 1:
                revision = f"revision:{new.contact_revision}"
                assert item.id == stable_id(e.id, item.kind, revision)
            else:
                assert item.id == stable_id(e.id, item.kind)
            seen_ids[item.id] = item.kind
        if not e.is_open:
            assert action in ("raise", "resend")  # the only things done after closing
            assert new.outcome == e.outcome
        if new.outcome == Outcome.ENROLLED:
            assert new.status(StepId.COLLECT_CONTACT) == StepStatus.DONE
            assert new.status(StepId.SEND_INVITATION) == StepStatus.DONE
            assert all(new.status(s) != StepStatus.PENDING for s in interactive_steps())
            assert new.follow_up_due
        if new.outcome == Outcome.DECLINED:
            assert new.remedy == REMEDY_FOR_REASON[new.decline_reason]
        assert _round_trip(new) == new
        e = new


def test_a_resend_at_an_earlier_wall_time_keeps_the_later_stamp_and_notes_the_skew():
    """Found by Hypothesis: the follow-up was raised with the clock a week ahead, then the
    clock was corrected and staff resent the invitation "now"."""
    e = with_contact().send_invitation(now=at(2)).enrollment
    e = e.finish(7, now=at(3)).enrollment
    raised = e.follow_up_raised(now=at(3) + timedelta(days=8)).enrollment
    change = raised.resend_invitation("staff-2", now=at(4))
    assert change.enrollment.updated_at == raised.updated_at
    assert [ev.at for ev in change.events] == [raised.updated_at]
    assert change.outbox[0].created_at == raised.updated_at
    assert change.clock_skew_seconds == int(
        (timedelta(days=8) - timedelta(minutes=1)).total_seconds()
    )
    ahead = raised.resend_invitation("staff-2", now=at(3) + timedelta(days=9))
    assert ahead.clock_skew_seconds == 0
    assert ahead.enrollment.updated_at == iso(at(3) + timedelta(days=9))


def test_the_store_notes_a_clock_behind_the_record_in_the_audit_log(store):
    e = store.apply(Enrollment.start("staff-1", PATIENT, now=at(60)))
    store.apply(e.set_language("es", now=at(0)))
    (row,) = [r for r in store.audit_log() if r["action"] == "enrollment.language"]
    assert row["detail"] == "clock-behind-record:3600s"
    assert store.get_enrollment(e.id).updated_at == iso(at(60))


# ---- failed steps: an honest "did not work", and its help-session remedy -------------------
def test_a_failed_step_needs_a_reason_and_its_prerequisites():
    e = started()
    with pytest.raises(TransitionError, match="comes first"):
        e.fail_step(StepId.FIRST_LOGIN, "could-not-log-in")  # no invitation sent yet
    e = invited()
    for step in (StepId.COLLECT_CONTACT, StepId.SEND_INVITATION, StepId.DOCUMENT_EHR):
        with pytest.raises(TransitionError, match="steps 3 to 7"):
            e.fail_step(step, "nope")
    with pytest.raises(TransitionError, match="why"):
        e.fail_step(StepId.CONFIRM_ACCESS, "  ")
    done = e.complete_step(StepId.CONFIRM_ACCESS, "patient-confirmed").enrollment
    with pytest.raises(TransitionError, match="already done"):
        done.fail_step(StepId.CONFIRM_ACCESS, "needs-help")
    change = e.fail_step(StepId.REFERENCE_CARD, " print-not-accepted ", now=at(2))
    assert change.enrollment.steps[StepId.REFERENCE_CARD] == StepState(
        StepStatus.FAILED, iso(at(2)), "print-not-accepted"
    )
    assert change.audit_action == "step.reference_card.failed"
    assert [(ev.step, ev.status) for ev in change.events] == [("reference_card", "failed")]
    # A failed step is not pending: the wizard moves on, and finishing keeps it failed.
    assert change.enrollment.next_step() != StepId.REFERENCE_CARD
    finished = change.enrollment.finish(7, now=at(3)).enrollment
    assert finished.status(StepId.REFERENCE_CARD) == StepStatus.FAILED


def test_a_failed_first_login_keeps_the_follow_up_and_books_a_help_session():
    e = invited().fail_step(StepId.FIRST_LOGIN, "could-not-log-in", now=at(2)).enrollment
    with pytest.raises(TransitionError, match="did not work"):
        e.book_help_session(StepId.CONFIRM_ACCESS, "2026-03-05T10:00:00Z")
    change = e.book_help_session(StepId.FIRST_LOGIN, "2026-03-05T10:00:00Z", now=at(3))
    booked = change.enrollment
    assert booked.help_session_at == "2026-03-05T10:00:00Z"
    assert booked.steps[StepId.FIRST_LOGIN] == StepState(
        StepStatus.FAILED, iso(at(2)), "could-not-log-in"
    )
    assert change.events[0].reason == "help-session-booked" and change.outbox == []
    record = booked.finish(7, now=at(4))
    assert record.enrollment.status(StepId.FOLLOW_UP) == StepStatus.SCHEDULED
    payload = record.outbox[0].payload
    assert payload["help_session_at"] == "2026-03-05T10:00:00Z"
    assert payload["steps"]["first_login"]["status"] == "failed"
    assert payload["steps"]["first_login"]["reason"] == "could-not-log-in"
