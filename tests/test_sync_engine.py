"""The outbox engine end to end against the real FHIR engine and the portal reference server:
every resource the kiosk writes is accepted, delivery is exactly once, permanent failures
become dead letters with the server's reason, follow-ups are raised and portal status polled."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from portal_server import PortalServer
from sync_support import (
    FAST,
    assert_exactly_once,
    count_on_server,
    create_patient,
    decline,
    drain,
    enroll,
    make_config,
)

from kiosk import secrets
from kiosk.enrollment import (
    Channel,
    DeclineReason,
    OutboxKind,
    Patient,
    TransitionError,
    utcnow,
)
from kiosk.sync import wiring
from kiosk.sync.engine import AUTH_FAILED, ONLINE
from kiosk.sync.mapping import enrollment_record_id


@pytest.fixture(scope="module")
def portal():
    server = PortalServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def fresh(srv):
    srv.reset_faults(data=True, tokens=True, stats=True)
    secrets.set_secret("ehr_client_secret", "kiosk-secret")
    secrets.set_secret("portal_api_key", "portal-test-key")
    return srv


def engine_for(store, srv, portal=None, **kw):
    config = make_config(srv, portal_url=portal.url if portal else "", **kw)
    return wiring.build_engine(store, config, backoff=FAST)


def test_every_resource_the_kiosk_writes_is_accepted_and_sent_once(fresh, portal, store):
    pid = create_patient(fresh, "Ana", "Garcia", "1980-02-03", "MRN-1")
    ana = Patient("Ana", "Garcia", "1980-02-03", ehr_id=pid, mrn="MRN-1")
    full = enroll(store, ana, channel=Channel.EMAIL)
    sms = enroll(store, Patient("Bo", "Ng", "1960-01-01"), channel=Channel.SMS, email=None)
    # No login within the window: the worker raises the follow-up (Task + portal resend).
    late = enroll(store, ana, first_login=False, finished_at=utcnow() - timedelta(days=8))
    declines = [decline(store, Patient("Cy", "Ray", "1950-03-04"), r) for r in DeclineReason]

    engine = engine_for(store, fresh, portal)
    results = drain(engine)
    assert [r.state for r in results] == [ONLINE] * len(results)
    assert store.dead_letters() == []
    assert sum(r.follow_ups_raised for r in results) == 1
    assert_exactly_once(fresh, store)

    resources = fresh.stats()["resources"]
    # 3 enrollment Tasks + 5 decline Tasks + 1 follow-up Task; 3 invitations + 1 resend +
    # 5 declines as Communications; one Provenance per kiosk write.
    assert resources["Task"] == 9
    assert resources["Communication"] == 9
    assert resources["Provenance"] == len(
        store.conn.execute("SELECT 1 FROM outbox WHERE state='sent'").fetchall()
    )
    for e in (full, sms, late, *declines):
        assert count_on_server(fresh, "Task", enrollment_record_id(e.id)) == 1
    # The portal sent each invitation once, plus the follow-up's reminder.
    assert portal.stats()["invitations_created"] >= 4
    sms_item = next(
        i for i in store.outbox_items(sms.id) if i["kind"] == OutboxKind.PORTAL_INVITATION
    )
    assert store.outbox_item(sms_item["id"])["state"] == "sent"
    assert "activation_url" in store.outbox_item(sms_item["id"])["result"]


def test_the_same_item_sent_twice_is_one_resource(fresh, store):
    e = decline(store, Patient("Di", "Fox", "1944-04-04"), DeclineReason.PRIVACY)
    engine = engine_for(store, fresh)
    drain(engine)
    # As if the kiosk crashed after the server committed but before mark_sent.
    store.conn.execute("UPDATE outbox SET state='queued' WHERE enrollment_id=?", (e.id,))
    drain(engine)
    key = enrollment_record_id(e.id)
    assert count_on_server(fresh, "Task", key) == 1
    assert count_on_server(fresh, "Communication", f"{key}:decline") == 1
    assert count_on_server(fresh, "Provenance", f"{key}:provenance") == 1


def test_a_record_the_server_rejects_is_a_dead_letter_with_its_reason_and_no_phi(fresh, store):
    # The patient was merged away in the EHR: the reference no longer resolves.
    ghost = Patient("Eve", "Quinn", "1991-01-01", ehr_id="does-not-exist", mrn="MRN-9")
    e = enroll(store, ghost, email="eve.quinn@example.org", mobile="+12135550123")
    other = decline(store, Patient("Flo", "Ito", "1990-01-01"), DeclineReason.NO_EMAIL)
    engine = engine_for(store, fresh)
    drain(engine)
    dead = store.dead_letters()
    assert [d["kind"] for d in dead] == [OutboxKind.PATIENT_CONTACT]
    reason = dead[0]["last_error"]
    assert "404" in reason and "EHR" in reason
    for value in ("Eve", "Quinn", "eve.quinn@example.org", "+12135550123", "1991-01-01"):
        assert value not in reason
    # Later items of that enrollment wait behind it (order per enrollment); others went.
    states = [i["state"] for i in store.outbox_items(e.id)]
    assert states == ["dead", "queued", "queued"]
    assert count_on_server(fresh, "Task", enrollment_record_id(other.id)) == 1


def test_validation_rejection_text_reaches_the_dead_letter(fresh, store):
    e = decline(store, Patient("Gil", "Park", "1980-01-01"), DeclineReason.OTHER)
    # A record whose patient reference the engine refuses (referential integrity).
    store.conn.execute(
        "UPDATE outbox SET payload=json_set(payload, '$.patient.ehr_id', 'gone-1') "
        "WHERE enrollment_id=?",
        (e.id,),
    )
    drain(engine_for(store, fresh))
    (dead,) = store.dead_letters()
    assert dead["last_error"].startswith("The EHR answered 400")
    assert "Gil" not in dead["last_error"] and "Park" not in dead["last_error"]


def test_auth_failure_keeps_records_queued_and_a_fixed_secret_resumes(fresh, store):
    decline(store, Patient("Hal", "Moe", "1970-07-07"), DeclineReason.NO_BENEFIT)
    secrets.set_secret("ehr_client_secret", "rotated-by-someone")
    engine = engine_for(store, fresh)
    result = engine.run_pass()
    assert result.state == AUTH_FAILED
    assert "token endpoint" in result.message and "rotated-by-someone" not in result.message
    assert store.outbox_counts()["queued"] == 1 and store.dead_letters() == []
    secrets.set_secret("ehr_client_secret", "kiosk-secret")
    store.conn.execute("UPDATE outbox SET next_attempt_at='2000-01-01T00:00:00Z'")
    assert drain(engine)[-1].state == ONLINE
    assert_exactly_once(fresh, store)


def test_portal_status_is_polled_and_an_active_account_needs_no_follow_up(fresh, portal, store):
    pid = create_patient(fresh, "Ida", "Lund", "1985-05-05", "MRN-5")
    ida = Patient("Ida", "Lund", "1985-05-05", ehr_id=pid, mrn="MRN-5")
    e = enroll(store, ida, first_login=False, finished_at=utcnow() - timedelta(days=8))
    engine = engine_for(store, fresh, portal)
    # Deliver the invitation only (the pass would raise the follow-up at its end otherwise).
    store.conn.execute("UPDATE enrollments SET follow_up_due='2999-01-01T00:00:00Z'")
    drain(engine)
    item = next(i for i in store.outbox_items(e.id) if i["kind"] == OutboxKind.PORTAL_INVITATION)
    username = json.loads(store.outbox_item(item["id"])["result"])["username"]
    assert store.portal_status(e.id)["status"] == "invited"
    portal.activate(username)
    store.conn.execute("UPDATE portal_status SET checked_at='2000-01-01T00:00:00Z'")
    store.conn.execute("UPDATE enrollments SET follow_up_due='2000-01-01T00:00:00Z'")
    result = engine.run_pass()
    assert result.statuses_checked >= 1
    status = store.portal_status(e.id)
    assert status["status"] == "active" and status["last_login_at"]
    assert result.follow_ups_raised == 0


def test_the_follow_up_sends_no_second_invitation_on_a_day_staff_resent_one(fresh, portal, store):
    """One invitation a day to a patient: the worklist's resend today and the follow-up's own
    resend would be two. The follow-up Task still reaches the EHR; the portal gets one."""
    from kiosk.ui.worklist import resend_invitation

    pid = create_patient(fresh, "Uma", "Roy", "1975-07-07", "MRN-7")
    uma = Patient("Uma", "Roy", "1975-07-07", ehr_id=pid, mrn="MRN-7")
    due = enroll(store, uma, first_login=False, finished_at=utcnow() - timedelta(days=8))
    again = enroll(store, uma, first_login=False, finished_at=utcnow() - timedelta(days=8))
    resend_invitation(store, due.id, "staff-2")  # the desk resent this one today
    engine = engine_for(store, fresh, portal)
    before = portal.stats()["invitations_created"]
    drain(engine)
    store.conn.execute("UPDATE outbox SET next_attempt_at='2000-01-01T00:00:00Z'")
    drain(engine)

    def follow_up(enrollment_id: str) -> dict:
        item = next(
            i for i in store.outbox_items(enrollment_id) if i["kind"] == OutboxKind.FOLLOW_UP
        )
        assert item["state"] == "sent"
        return json.loads(store.outbox_item(item["id"])["result"])

    assert follow_up(due.id)["resent"] is False  # the staff resend was today's
    assert follow_up(again.id)["resent"] is True  # a week without a login: reminded
    # Each enrollment's first invitation, the staff resend and one follow-up resend.
    assert portal.stats()["invitations_created"] - before == 4
    assert store.last_invitation_at(again.id) is not None
    with pytest.raises(TransitionError, match="24 hours"):
        resend_invitation(store, again.id, "staff-2")  # the follow-up's resend counts too
