"""The local database: migrations, durability settings, atomic writes, the outbox and audit."""

from __future__ import annotations

import errno
import json
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import sqlite_utils

from kiosk import database, secrets
from kiosk.enrollment import (
    Change,
    Channel,
    DeclineReason,
    Enrollment,
    OutboxItem,
    OutboxKind,
    Patient,
    StepEvent,
    StepId,
    iso,
)
from kiosk.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    StorageError,
    Store,
    StoreError,
    is_storage_failure,
    register_driver_errors,
    storage_error,
)


def now() -> datetime:
    """The time when the test runs (not when the module was collected: a long session would
    otherwise make freshly queued items look not yet due)."""
    return datetime.now(UTC).replace(microsecond=0)


def patient(n: int = 1) -> Patient:
    return Patient("Ana", "García", "1980-01-05", ehr_id=f"pat-{n}")


def save_enrolled(store: Store, n: int = 1, first_login: bool = False) -> Enrollment:
    """An enrollment through the real store, leaving contact + invitation + record items."""
    e = store.apply(Enrollment.start("staff-1", patient(n)))
    e = store.apply(
        e.capture_contact(email="ana@example.org", mobile="+12135550100", channel=Channel.EMAIL)
    )
    e = store.apply(e.send_invitation())
    if first_login:
        e = store.apply(e.complete_step(StepId.FIRST_LOGIN, "portal-confirmed"))
    return store.apply(e.finish(follow_up_days=7))


def states(store: Store, enrollment_id: str) -> list[str]:
    return [i["state"] for i in store.outbox_items(enrollment_id)]


# ---- opening and migrations ----------------------------------------------------------------
def test_a_fresh_file_is_migrated_to_the_current_schema(tmp_path):
    path = tmp_path / "sub" / "kiosk.sqlite3"
    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        tables = set(store.db.table_names())
    assert {"enrollments", "step_events", "outbox", "audit", "staff"} <= tables


def test_reopening_is_a_no_op_and_keeps_the_data(tmp_path):
    path = tmp_path / "kiosk.sqlite3"
    with Store(path) as store:
        e = save_enrolled(store)
        schema = store.conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == (
            schema
        )
        assert store.get_enrollment(e.id) == e
        assert len(store.outbox_items(e.id)) == 3


def test_a_database_from_a_newer_kiosk_is_refused(tmp_path):
    path = tmp_path / "kiosk.sqlite3"
    Store(path).close()
    conn = database.connect(path, secrets.database_key())
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError) as err:
        Store(path)
    message = str(err.value)
    assert "newer kiosk" in message and f"schema {SCHEMA_VERSION + 1}" in message
    assert "Update the kiosk software" in message
    assert str(path) in message


def test_every_older_schema_is_migrated_forward_keeping_its_data(tmp_path):
    with Store(tmp_path / "reference.sqlite3") as reference:
        e = save_enrolled(reference)
        # the columns of schemas 1-4 (migration 5 added patient_key and purged_at)
        columns = (
            "id, created_at, updated_at, staff_id, outcome, language, channel, "
            "decline_reason, remedy, completed_at, follow_up_due, record"
        )
        record = reference.conn.execute(f"SELECT {columns} FROM enrollments").fetchone()
    for version in range(1, SCHEMA_VERSION):
        path = tmp_path / f"v{version}.sqlite3"
        conn = sqlite3.connect(path, isolation_level=None)
        db = sqlite_utils.Database(conn)
        for step in range(1, version + 1):
            MIGRATIONS[step](db)
        conn.execute(f"PRAGMA user_version={version}")
        conn.execute(
            f"INSERT INTO enrollments ({columns}) VALUES ({','.join('?' * len(record))})", record
        )
        conn.close()
        with Store(path) as store:
            assert store.schema_version() == SCHEMA_VERSION
            assert store.get_enrollment(e.id) == e
            assert store.integrity_ok()
            if version < 5:  # migration 5 keys the rows it finds
                key = store.conn.execute("SELECT patient_key FROM enrollments").fetchone()[0]
                assert key and len(key) == 32 and "pat-" not in key


def test_a_file_that_is_not_a_database_gets_a_store_error(tmp_path):
    path = tmp_path / "kiosk.sqlite3"
    Store(path).close()  # the kiosk's database key exists: only the file is wrong
    path.write_bytes(b"this is a spreadsheet, not a database\n" * 200)
    with pytest.raises(StorageError, match="is damaged") as caught:
        Store(path)
    assert caught.value.kind == StorageError.DAMAGED and isinstance(caught.value, StoreError)


def test_another_drivers_exceptions_map_like_sqlite3s_once_registered(tmp_path, monkeypatch):
    """SQLCipher's driver (sqlcipher3) has its own dbapi2.Error hierarchy, not sqlite3's, and
    carries only the message: registering its base class is all the mapping needs."""
    import kiosk.store as store_module

    class OtherDriverError(Exception):  # stands for sqlcipher3.dbapi2.Error
        pass

    path = tmp_path / "kiosk.sqlite3"
    monkeypatch.setattr(store_module, "DRIVER_ERRORS", store_module.DRIVER_ERRORS)
    assert not is_storage_failure(OtherDriverError("database is locked"))
    register_driver_errors(OtherDriverError)
    assert is_storage_failure(OtherDriverError("database is locked"))
    for text, kind in (
        ("database disk image is malformed", StorageError.DAMAGED),
        ("file is not a database", StorageError.DAMAGED),
        ("database or disk is full", StorageError.FULL),
        ("database is locked", StorageError.LOCKED),
        ("attempt to write a readonly database", StorageError.READ_ONLY),
        ("unable to open database file", StorageError.UNAVAILABLE),
    ):
        assert storage_error(OtherDriverError(text), path).kind == kind, text
    locked = storage_error(OtherDriverError("database is locked"), path)
    assert str(locked).startswith(f"another program holds the kiosk database {path}")
    full = storage_error(OSError(errno.ENOSPC, "No space left on device"), path)
    assert full.kind == StorageError.FULL and f"the disk holding {tmp_path} is full" in str(full)


def test_durability_settings_are_actually_on(store):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.integrity_ok()


# ---- apply() -------------------------------------------------------------------------------
def test_apply_writes_record_events_outbox_and_audit(store):
    e = save_enrolled(store)
    assert store.get_enrollment(e.id) == e
    events = store.step_events(e.id)
    assert events[0]["step"] == "outcome" and events[0]["status"] == "in_progress"
    assert events[-1]["step"] == "outcome" and events[-1]["status"] == "enrolled"
    items = store.outbox_items(e.id)
    assert [i["kind"] for i in items] == [
        OutboxKind.PATIENT_CONTACT,
        OutboxKind.PORTAL_INVITATION,
        OutboxKind.ENROLLMENT_RECORD,
    ]
    assert {i["state"] for i in items} == {"queued"}
    actions = [a["action"] for a in reversed(store.audit_log())]
    assert actions == [
        "enrollment.started",
        "contact.captured",
        "invitation.queued",
        "enrollment.enrolled",
    ]
    row = store.conn.execute(
        "SELECT outcome, channel, follow_up_due FROM enrollments WHERE id=?", (e.id,)
    ).fetchone()
    assert row == ("enrolled", "email", e.follow_up_due)


def test_audit_rows_hold_no_patient_values(store):
    save_enrolled(store)
    text = json.dumps(store.audit_log())
    for value in ("Ana", "García", "1980-01-05", "ana@example.org", "+12135550100"):
        assert value not in text


def test_apply_is_atomic_when_an_outbox_insert_fails(store):
    """A real constraint violation in the middle of the transaction (the second outbox item
    points at no enrollment: FOREIGN KEY) leaves no trace of the record or its events."""
    change = Enrollment.start("staff-1", patient())
    e = change.enrollment
    good = OutboxItem("item-good", e.id, OutboxKind.PATIENT_CONTACT, {"n": 1}, e.created_at)
    orphan = OutboxItem("item-bad", "no-such-enrollment", OutboxKind.PORTAL_INVITATION, {}, "x")
    broken = Change(e, change.events, [good, orphan], "enrollment.started")
    with pytest.raises(database.INTEGRITY_ERRORS, match="FOREIGN KEY"):
        store.apply(broken)
    assert store.get_enrollment(e.id) is None
    for table in ("enrollments", "step_events", "outbox", "audit"):
        assert store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    assert not store.conn.in_transaction
    # and the store still works afterwards
    assert store.apply(change) == e


def test_apply_is_atomic_when_an_update_fails(store):
    """An update of an existing enrollment whose step event violates NOT NULL (at): the record
    keeps its previous state."""
    e = store.apply(Enrollment.start("staff-1", patient()))
    change = e.capture_contact(email="ana@example.org", mobile=None, channel=Channel.EMAIL)
    bad_event = StepEvent(e.id, "collect_contact", "done", None, "s")  # type: ignore[arg-type]
    with pytest.raises(database.INTEGRITY_ERRORS):
        store.apply(replace(change, events=[*change.events, bad_event]))
    assert store.get_enrollment(e.id) == e
    assert len(store.step_events(e.id)) == 1
    assert store.outbox_items(e.id) == []


def test_the_same_stable_item_queued_twice_is_one_item_with_the_latest_payload(store):
    e = store.apply(Enrollment.start("staff-1", patient()))
    first = e.capture_contact(email="ana@exmaple.org", mobile=None, channel=Channel.EMAIL)
    store.apply(first)
    corrected = e.capture_contact(email="ana@example.org", mobile=None, channel=Channel.EMAIL)
    store.apply(corrected)
    items = store.outbox_items(e.id)
    assert len(items) == 1
    payload = json.loads(store.outbox_item(items[0]["id"])["payload"])
    assert payload["email"] == "ana@example.org"


def test_an_item_already_being_sent_is_not_rewritten(store):
    e = store.apply(Enrollment.start("staff-1", patient()))
    store.apply(e.capture_contact(email="ana@example.org", mobile=None, channel=Channel.EMAIL))
    [claimed] = store.claim_due(now=now() + timedelta(seconds=5))
    store.apply(e.capture_contact(email="other@example.org", mobile=None, channel=Channel.EMAIL))
    row = store.outbox_item(claimed.id)
    assert row["state"] == "sending"
    assert json.loads(row["payload"])["email"] == "ana@example.org"


# ---- outbox --------------------------------------------------------------------------------
def later(seconds: float = 5) -> datetime:
    return now() + timedelta(seconds=seconds)


def test_claim_due_delivers_one_enrollment_in_order(store):
    a = save_enrolled(store, 1)
    b = save_enrolled(store, 2)
    claimed = store.claim_due(now=later())
    # one item per enrollment: each enrollment's first item
    assert [(c.enrollment_id, c.kind) for c in claimed] == [
        (a.id, OutboxKind.PATIENT_CONTACT),
        (b.id, OutboxKind.PATIENT_CONTACT),
    ]
    assert all(c.attempts == 0 for c in claimed)  # claiming is not an attempt
    assert claimed[0].payload["email"] == "ana@example.org"
    # a later item is not claimed while an earlier one is sending
    assert store.claim_due(now=later(10)) == []
    first_a, first_b = claimed
    store.mark_sent(first_a.seq, {"id": "Patient/pat-1"})
    [next_a] = store.claim_due(now=later(15))
    assert (next_a.enrollment_id, next_a.kind) == (a.id, OutboxKind.PORTAL_INVITATION)
    # ... nor while an earlier one is queued for a retry in the future
    store.mark_retry(first_b.seq, "HTTP 503", later(3600))
    assert store.claim_due(now=later(20)) == []
    assert states(store, b.id) == ["queued", "queued", "queued"]
    # ... nor while an earlier one is a dead letter
    store.mark_sent(next_a.seq)
    [record_a] = store.claim_due(now=later(25))
    assert record_a.kind == OutboxKind.ENROLLMENT_RECORD
    store.mark_dead(record_a.seq, "HTTP 422 invalid")
    [retried_b] = store.claim_due(now=later(3601))
    assert retried_b.seq == first_b.seq and retried_b.attempts == 1  # one request failed
    store.mark_dead(retried_b.seq, "HTTP 400")
    assert store.claim_due(now=later(4000)) == []
    assert states(store, b.id) == ["dead", "queued", "queued"]


def test_claim_due_respects_the_limit_and_due_time(store):
    for n in range(5):
        save_enrolled(store, n)
    assert store.claim_due(now=now() - timedelta(hours=1)) == []  # nothing due yet
    assert len(store.claim_due(limit=2, now=later())) == 2
    assert len(store.claim_due(limit=10, now=later())) == 3


def test_a_claim_is_never_taken_back_by_claiming(store):
    """Only release_claims (run by a process that just took the delivery lock, when the
    sender is provably gone) returns a 'sending' item to the queue, however old the claim."""
    e = save_enrolled(store)
    [item] = store.claim_due(now=later(), owner="proc-a")
    assert store.claim_due(now=later(60)) == []
    assert store.claim_due(now=later(24 * 3600)) == []
    row = store.outbox_item(item.id)
    assert (row["state"], row["claimed_by"]) == ("sending", "proc-a")
    assert states(store, e.id)[0] == "sending"


def test_attempts_count_requests_made_not_claims(store):
    e = save_enrolled(store)
    [item] = store.claim_due()
    store.give_back([item.seq], now())  # the pass stopped before trying it
    [item] = store.claim_due()
    assert item.attempts == 0
    store.mark_retry(item.seq, "HTTP 503", now(), tried=False)  # e.g. no EHR configured
    [item] = store.claim_due()
    assert item.attempts == 0
    store.mark_retry(item.seq, "HTTP 503", now())
    [item] = store.claim_due()
    assert item.attempts == 1
    store.mark_sent(item.seq)
    assert store.outbox_items(e.id)[0]["attempts"] == 2


def test_waiting_items_are_skipped_and_released(store):
    e = save_enrolled(store)
    f = save_enrolled(store, 2)
    [a, b] = store.claim_due()
    store.mark_retry(a.seq, "HTTP 503", later(900))
    store.mark_retry(b.seq, "HTTP 503", later(900))
    # the engine keeps retry times on the monotonic clock and names the items still waiting
    [only] = store.claim_due(waiting=[a.seq])
    assert only.seq == b.seq
    store.mark_sent(only.seq)
    store.release_waiting([a.seq], now())
    assert store.outbox_item(a.id)["next_attempt_at"] <= iso(now())
    assert [c.enrollment_id for c in store.claim_due()] == [e.id, f.id]


def test_a_record_stamped_in_the_future_is_due_now(store):
    """The tablet's clock ran 90 s ahead when the record was made: it is not held back."""
    ahead = now() + timedelta(seconds=90)
    e = store.apply(Enrollment.start("staff-1", patient(), now=ahead))
    store.apply(
        e.capture_contact(email="ana@example.org", mobile=None, channel=Channel.EMAIL, now=ahead)
    )
    [item] = store.claim_due(now=now())
    assert item.created_at > iso(now())


def test_release_claims_at_start_up(store):
    e = save_enrolled(store)
    store.claim_due(now=later())
    assert store.release_claims() == 1
    assert states(store, e.id) == ["queued", "queued", "queued"]
    assert store.outbox_item(store.outbox_items(e.id)[0]["id"])["claimed_at"] is None
    assert store.release_claims() == 0
    [again] = store.claim_due(now=later())
    assert again.attempts == 0  # no answer was seen: the interrupted send is not counted


def test_mark_sent_retry_dead_only_act_on_items_being_sent(store):
    e = save_enrolled(store)
    seq = store.outbox_items(e.id)[0]["seq"]
    store.mark_sent(seq)
    store.mark_dead(seq, "x")
    store.mark_retry(seq, "x", later())
    assert states(store, e.id)[0] == "queued"
    assert store.dead_letters() == []


def test_dead_letters_retry_and_discard_are_audited(store):
    e = save_enrolled(store)
    [item] = store.claim_due(now=later())
    store.mark_dead(item.seq, "HTTP 422: Patient.telecom invalid" + "!" * 3000)
    [dead] = store.dead_letters()
    assert dead["seq"] == item.seq and dead["kind"] == OutboxKind.PATIENT_CONTACT
    assert dead["last_error"].startswith("HTTP 422") and len(dead["last_error"]) == 2000
    assert store.outbox_counts() == {"queued": 2, "sending": 0, "sent": 0, "dead": 1}

    assert store.retry_dead(item.seq, "staff-2") is True
    assert store.retry_dead(item.seq, "staff-2") is False  # no longer dead
    assert states(store, e.id)[0] == "queued"
    [again] = store.claim_due(now=later(10))
    store.mark_dead(again.seq, "HTTP 422 again")

    assert store.discard_dead(item.seq, "admin-1", "entered in the EHR by hand") is True
    assert store.discard_dead(item.seq, "admin-1", "twice") is False
    row = store.outbox_item(item.id)
    assert row["state"] == "sent"
    assert json.loads(row["result"]) == {
        "discarded_by": "admin-1",
        "reason": "entered in the EHR by hand",
    }
    audit = [(a["actor"], a["action"], a["subject_id"]) for a in reversed(store.audit_log())]
    assert audit[-4:] == [
        ("sync", "outbox.dead-letter", item.id),
        ("staff-2", "outbox.retry", str(item.seq)),
        ("sync", "outbox.dead-letter", item.id),
        ("admin-1", "outbox.discard", str(item.seq)),
    ]
    assert store.audit_log(limit=1)[0]["detail"] == "entered in the EHR by hand"
    assert store.oldest_unsent_at() is not None


def test_oldest_unsent_and_counts_on_an_empty_store(store):
    assert store.outbox_counts() == {"queued": 0, "sending": 0, "sent": 0, "dead": 0}
    assert store.oldest_unsent_at() is None


# ---- append-only tables ----------------------------------------------------------------------
def test_audit_rows_cannot_be_changed_or_removed(store):
    store.audit("admin-1", "settings.viewed")
    with pytest.raises(database.INTEGRITY_ERRORS, match="append-only"):
        store.conn.execute("UPDATE audit SET actor='someone-else'")
    with pytest.raises(database.INTEGRITY_ERRORS, match="append-only"):
        store.conn.execute("DELETE FROM audit")
    assert store.audit_log()[0]["actor"] == "admin-1"


def test_step_events_cannot_be_changed_or_removed(store):
    e = save_enrolled(store)
    before = store.step_events(e.id)
    with pytest.raises(database.INTEGRITY_ERRORS, match="append-only"):
        store.conn.execute("UPDATE step_events SET status='done' WHERE enrollment_id=?", (e.id,))
    with pytest.raises(database.INTEGRITY_ERRORS, match="append-only"):
        store.conn.execute("DELETE FROM step_events WHERE enrollment_id=?", (e.id,))
    assert before and store.step_events(e.id) == before


# ---- follow-ups ------------------------------------------------------------------------------
def test_due_follow_ups(store):
    waiting = save_enrolled(store, 1)
    logged_in = save_enrolled(store, 2, first_login=True)
    active = save_enrolled(store, 3)
    store.set_portal_status(active.id, "active", last_login_at="2026-01-01T00:00:00Z")
    declined = store.apply(Enrollment.start("staff-1", patient(4)))
    store.apply(declined.decline(DeclineReason.NO_BENEFIT))

    assert store.due_follow_ups(now=now() + timedelta(days=6)) == []
    assert store.due_follow_ups(now=now() + timedelta(days=8)) == [waiting.id]
    assert logged_in.id and store.portal_status(active.id)["status"] == "active"

    raised = waiting.follow_up_raised()
    store.raise_follow_up(raised)
    assert store.due_follow_ups(now=now() + timedelta(days=8)) == []
    kinds = [i["kind"] for i in store.outbox_items(waiting.id)]
    assert kinds[-1] == OutboxKind.FOLLOW_UP
    assert store.get_enrollment(waiting.id).steps[StepId.FOLLOW_UP].reason == "raised"
    store.update_follow_up(waiting.id, "called", "staff-2")
    row = store.db["follow_ups"].get(waiting.id)
    assert row["state"] == "called" and row["called_at"]
    with pytest.raises(StoreError, match="Unknown follow-up state"):
        store.update_follow_up(waiting.id, "forgotten", "staff-2")
