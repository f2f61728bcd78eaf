"""Least data kept (issue 9), end to end: a patient with distinctive values is enrolled, the
real `kiosk sync` pass delivers to the real FHIR server and purges (retention 0, follow-up
window over), and then no file in the data, log or output folder holds any of those values -
not in raw bytes (-wal and -shm included), and not inside the decrypted database either.
The dashboard still counts the visits; file and folder modes are owner-only."""

from __future__ import annotations

import io
import json
import os
import stat
from datetime import timedelta
from pathlib import Path

from sync_support import FhirServer, create_patient, decline, enroll

from kiosk import cli, database, metrics, secrets
from kiosk.doctor import run_doctor
from kiosk.enrollment import DeclineReason, Enrollment, Patient, iso, utcnow
from kiosk.store import Store

GIVEN, FAMILY, BIRTH = "Quillonella", "Zwartbroekstra", "1937-11-29"
EMAIL, MOBILE, MRN = "quillonella.zb@example.org", "+12135559871", "MRN-Z7Q4X9"
DECLINE_TEXT = "Vrasklebonk only reads letters"
MANUAL = Patient("Ottoline", "Brackenfudge", "1944-02-13")  # typed by hand: no EHR id
# Every value, and the forms a file could hold it in (national phone digits, birth date parts).
NEEDLES = [
    GIVEN,
    FAMILY,
    BIRTH,
    "19371129",
    EMAIL,
    MOBILE,
    "5559871",
    MRN,
    DECLINE_TEXT,
    "Vrasklebonk",
    MANUAL.given_name,
    MANUAL.family_name,
    MANUAL.birth_date,
]


def settings_for(srv: FhirServer) -> str:
    return f"""
        [ehr]
        fhir_base_url = "{srv.base_url}"
        auth = "client_secret"
        client_id = "kiosk"
        token_url = "{srv.token_url}"
        connect_timeout_seconds = 2
        read_timeout_seconds = 10

        [kiosk]
        patient_data_retention_days = 0
        """


def hits(folders: list[Path]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            raw = path.read_bytes()
            for needle in NEEDLES:
                for form in (needle.encode(), needle.lower().encode(), needle.encode("utf-16-le")):
                    if form in raw:
                        found.setdefault(str(path), []).append(needle)
    return found


def decrypted_text(db: Path) -> str:
    conn = database.connect(db, secrets.database_key())
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        rows = [repr(conn.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables]
        return "\n".join(rows)
    finally:
        conn.close()


def modes(folders: list[Path]) -> dict[str, str]:
    wrong = {}
    for folder in folders:
        for path in [folder, *folder.rglob("*")]:
            mode = stat.S_IMODE(path.stat().st_mode)
            want = 0o700 if path.is_dir() else 0o600
            if mode != want:
                wrong[str(path)] = oct(mode)
    return wrong


def test_after_delivery_and_the_purge_no_file_holds_the_patients_values(
    kiosk_dirs, srv, capsys, write_settings
):
    srv.reset_faults(data=True, tokens=True, stats=True)
    secrets.set_secret("ehr_client_secret", "kiosk-secret")
    write_settings(settings_for(srv))
    ehr_id = create_patient(srv, GIVEN, FAMILY, BIRTH, MRN)
    # Ten days ago: the 7-day follow-up window is over; the first login was seen at the desk.
    visit = utcnow() - timedelta(days=10)
    with Store(kiosk_dirs.database) as store:
        patient = Patient(GIVEN, FAMILY, BIRTH, ehr_id=ehr_id, mrn=MRN)
        enrolled = enroll(store, patient, email=EMAIL, mobile=MOBILE, finished_at=visit)
        declined = decline(store, MANUAL, DeclineReason.OTHER)
        store.conn.execute(
            "UPDATE enrollments SET record=json_set(record, '$.decline_text', ?) WHERE id=?",
            (DECLINE_TEXT, declined.id),
        )
        # before the sync the values are in the (decrypted) database, so the scan can see them
        assert FAMILY in decrypted_text(kiosk_dirs.database)
        assert store.patient_data_count() == 2

    assert cli.main(["sync"]) == 0  # the real `kiosk sync` pass: deliver, then purge
    out = capsys.readouterr().out
    assert "sent 4" in out and "patient data removed from 2" in out, out

    folders = [kiosk_dirs.data_dir, kiosk_dirs.log_dir, kiosk_dirs.output_dir]
    with Store(kiosk_dirs.database) as store:  # open: the -wal and -shm exist during the scan
        store.audit("staff-1", "admin.opened")
        assert store.outbox_counts() == {"queued": 0, "sending": 0, "sent": 4, "dead": 0}
        assert store.patient_data_count() == 0
        assert store.get_enrollment(enrolled.id) is None  # nothing to show about who it was
        names = {p.name for p in kiosk_dirs.data_dir.iterdir()}
        assert {"kiosk.sqlite3-wal", "kiosk.sqlite3-shm"} <= names
        assert hits(folders) == {}
        text = decrypted_text(kiosk_dirs.database)
        assert [n for n in NEEDLES if n in text or n.lower() in text] == []
        assert ehr_id not in text  # the EHR's id for the patient is gone too
        # the dashboard still counts both visits
        day = utcnow().astimezone().date()
        period = metrics.Period.custom(day - timedelta(days=30), day)
        m = metrics.compute(store, period)
        assert (m.adoption.approached, m.adoption.enrolled, m.adoption.declined) == (2, 1, 1)
        assert m.adoption.new_enrollments == 1 and m.adoption.first_login_in_office == 1
        assert m.engagement.demos_by_feature == {"messaging": 1}
        assert m.engagement.invitations_by_channel["email"] == 1
        assert [b.count for b in m.barriers if b.reason == "other"] == [1]
    assert hits(folders) == {}
    if os.name == "posix":
        assert modes(folders) == {}
    # the EHR got everything before the kiosk let go of it
    r = srv.stats()["resources"]
    assert r["Task"] >= 2 and r["Communication"] >= 1

    report = io.StringIO()
    run_doctor(out=report)
    assert "patient data       0 enrollment(s) still hold patient data" in report.getvalue()


def test_a_patient_who_enrolls_again_after_the_purge_is_not_counted_as_new(store):
    early = utcnow() - timedelta(days=40)
    patient = Patient(GIVEN, FAMILY, BIRTH, ehr_id="pat-77", mrn=MRN)
    first = enroll(store, patient, finished_at=early)
    store.conn.execute("UPDATE outbox SET state='sent', payload='{}'")  # delivered
    assert store.purge_patient_data(retention=timedelta(days=14)) == 1
    record = json.loads(
        store.conn.execute("SELECT record FROM enrollments WHERE id=?", (first.id,)).fetchone()[0]
    )
    assert "patient" not in record and record["steps"]["first_login"]["status"] == "done"
    enroll(store, patient)  # today, the same patient again
    today = utcnow().astimezone().date()
    assert metrics.adoption(store, metrics.Period.day(today)).new_enrollments == 0
    first_day = metrics.Period.day(early.astimezone().date())
    assert metrics.adoption(store, first_day).new_enrollments == 1


def test_patient_data_stays_while_it_is_still_needed(store):
    now = utcnow()
    # not delivered yet
    waiting = enroll(store, Patient("A", "Waiting", "1950-01-01", ehr_id="p1"), finished_at=now)
    # delivered, window over, but nobody saw a login: the follow-up worklist needs the name
    to_call = enroll(
        store,
        Patient("B", "ToCall", "1950-01-01", ehr_id="p2"),
        first_login=False,
        finished_at=now - timedelta(days=20),
    )
    store.conn.execute("UPDATE outbox SET state='sent' WHERE enrollment_id=?", (to_call.id,))
    # delivered, window over, login seen, but within the retention period
    recent = enroll(
        store,
        Patient("C", "Recent", "1950-01-01", ehr_id="p3"),
        finished_at=now - timedelta(days=10),
    )
    store.conn.execute("UPDATE outbox SET state='sent' WHERE enrollment_id=?", (recent.id,))
    retention = timedelta(days=14)
    assert store.purgeable(now, retention) == []
    assert store.purge_patient_data(now, retention) == 0
    assert store.patient_data_count() == 3
    assert store.get_enrollment(waiting.id) is not None
    # closing the worklist entry (and the retention passing) lets the data go
    store.raise_follow_up(store.get_enrollment(to_call.id).follow_up_raised(now))
    store.conn.execute("UPDATE outbox SET state='sent' WHERE enrollment_id=?", (to_call.id,))
    store.update_follow_up(to_call.id, "closed", "staff-1", "wrong-contact")
    assert store.purgeable(now + timedelta(days=12), retention) == [to_call.id, recent.id]


def test_a_delivered_outbox_item_keeps_no_patient_data(store):
    e = enroll(store, Patient("Dora", "Payloadova", "1960-06-06", ehr_id="p9"), email="d@p.org")
    claimed = store.claim_due(now=utcnow() + timedelta(seconds=1))
    assert len(claimed) == 1 and claimed[0].payload["email"] == "d@p.org"
    store.mark_sent(claimed[0].seq, {"locations": ["Task/1"]})
    row = store.outbox_item(claimed[0].id)
    assert row["state"] == "sent" and json.loads(row["payload"]) == {}
    # the items still waiting keep what they must deliver
    waiting = [i for i in store.outbox_items(e.id) if i["state"] == "queued"]
    assert len(waiting) == 2
    assert "Payloadova" in store.outbox_item(waiting[0]["id"])["payload"]


def test_a_visit_left_in_progress_by_a_crash_is_purged_after_a_day(store):
    now = utcnow()
    old = store.apply(
        Enrollment.start("staff-1", Patient("Eve", "Stalevisit", "1955-05-05"), now=now)
    )
    fresh = store.apply(
        Enrollment.start("staff-1", Patient("Fay", "Freshvisit", "1955-05-05"), now=now)
    )
    later = now + timedelta(hours=30)
    store.conn.execute(
        "UPDATE enrollments SET updated_at=? WHERE id=?",
        (iso(later - timedelta(hours=2)), fresh.id),
    )
    # even with retention 0 a visit only a couple of hours quiet is left alone
    assert store.purgeable(later, timedelta(0)) == [old.id]
    assert store.purge_patient_data(later) == 1
    text = json.dumps(store.conn.execute("SELECT * FROM enrollments").fetchall())
    assert "Stalevisit" not in text and "Freshvisit" in text
    day = metrics.Period.day(now.astimezone().date())
    assert metrics.adoption(store, day).in_progress == 2  # still counted
