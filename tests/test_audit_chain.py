"""The audit log shows tampering: a hash chain over its rows, checked by `kiosk doctor`.

The attacker here has the database open for writing (as someone with the file and its key
would): they lift the append-only trigger, then remove or change a row. Doctor names the first
broken link. Existing databases get their rows chained by the migration.
"""

from __future__ import annotations

import io
import sqlite3

import sqlite_utils

from kiosk.doctor import run_doctor
from kiosk.staff import StaffDirectory
from kiosk.store import AUDIT_GENESIS, MIGRATIONS, SCHEMA_VERSION, Store, audit_row_hash
from tests.wizard_support import ADMIN_PIN


def _some_history(store: Store) -> None:
    staff = StaffDirectory(store)
    admin = staff.create("Ana Ruiz", ADMIN_PIN)
    grant = staff.step_up(admin.id, ADMIN_PIN).grant
    ben = staff.create("Ben Cole", "1357", grant=grant)
    staff.verify(ben.id, "0000")
    staff.set_pin(ben.id, "2468", grant)
    store.audit("sync", "outbox.retry", "7")


def _doctor() -> tuple[int, str]:
    out = io.StringIO()
    code = run_doctor(out)
    return code, out.getvalue()


def test_every_row_links_to_the_one_before_and_doctor_says_intact(store):
    _some_history(store)
    rows = list(store.db.query("SELECT * FROM audit ORDER BY seq"))
    assert len(rows) == 6 and rows[0]["prev_hash"] == AUDIT_GENESIS
    for before, row in zip(rows, rows[1:], strict=False):
        assert row["prev_hash"] == before["row_hash"]
    assert store.verify_audit_chain().ok
    _code, out = _doctor()
    assert "audit trail        ok (6 rows, hash chain intact)" in out


def test_a_deleted_audit_row_is_reported_by_doctor(store):
    _some_history(store)
    # The attacker: lift the append-only trigger, remove the row that says a PIN was changed.
    store.conn.execute("DROP TRIGGER audit_no_delete")
    victim = store.conn.execute("SELECT seq FROM audit WHERE action='staff.pin-set'").fetchone()[0]
    store.conn.execute("DELETE FROM audit WHERE seq=?", (victim,))
    # ...and put the trigger back so nothing looks lifted.
    store.conn.execute("""CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
                          BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END""")
    check = store.verify_audit_chain()
    assert check.broken_at == victim + 1
    code, out = _doctor()
    assert code == 1
    assert (
        f"audit trail        PROBLEM: tampering - row {victim + 1} does not follow row "
        f"{victim - 1}: a row between them was removed" in out
    )
    assert "result             " in out and "problem(s)" in out


def test_a_changed_row_and_a_lifted_trigger_are_reported(store):
    _some_history(store)
    store.conn.execute("DROP TRIGGER audit_no_update")
    store.conn.execute("UPDATE audit SET actor='someone-else' WHERE seq=3")
    check = store.verify_audit_chain()
    assert (check.broken_at, check.problem) == (3, "row 3 was changed after it was written")
    # Recomputing that row's hash is not enough: the next row still links to the old one.
    row = store.conn.execute(
        "SELECT prev_hash, seq, at, actor, action, subject_id, detail FROM audit WHERE seq=3"
    ).fetchone()
    store.conn.execute("UPDATE audit SET row_hash=? WHERE seq=3", (audit_row_hash(*row),))
    assert store.verify_audit_chain().broken_at == 4
    # Put the rows back as they were: the chain is whole, but the lifted trigger is reported.
    store.conn.execute("UPDATE audit SET actor=(SELECT actor FROM audit WHERE seq=2) WHERE seq=3")
    original = store.conn.execute(
        "SELECT prev_hash, seq, at, actor, action, subject_id, detail FROM audit WHERE seq=3"
    ).fetchone()
    store.conn.execute("UPDATE audit SET row_hash=? WHERE seq=3", (audit_row_hash(*original),))
    check = store.verify_audit_chain()
    assert check.broken_at is None
    assert check.problem == "append-only trigger missing: audit_no_update"
    code, out = _doctor()
    assert code == 1 and "append-only trigger missing: audit_no_update" in out


def test_the_migration_chains_the_rows_of_an_existing_database(kiosk_dirs):
    """A database from before the chain (schema 3) with audit rows: opening it with this
    kiosk chains them in order, keeps their content, and new rows continue the chain."""
    path = kiosk_dirs.database
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    db = sqlite_utils.Database(conn)
    for version in (1, 2, 3):
        MIGRATIONS[version](db)
    conn.execute("PRAGMA user_version=3")
    old_rows = [
        ("2026-11-01T09:00:00Z", "a1", "staff.created", "a1", None),
        ("2026-11-01T09:05:00Z", "a1", "staff.signed-in", "a1", None),
        ("2026-11-02T10:00:00Z", "sync", "outbox.dead-letter", "3", "ehr.follow-up"),
    ]
    conn.executemany(
        "INSERT INTO audit (at, actor, action, subject_id, detail) VALUES (?,?,?,?,?)", old_rows
    )
    conn.close()

    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        rows = store.conn.execute(
            "SELECT at, actor, action, subject_id, detail FROM audit ORDER BY seq"
        ).fetchall()
        assert rows == old_rows
        assert store.verify_audit_chain().ok
        store.audit("a1", "staff.signed-in", "a1")
        check = store.verify_audit_chain()
        assert check.ok and check.rows == 4
        # The append-only rule is back after the fill.
        try:
            store.conn.execute("UPDATE audit SET actor='x' WHERE seq=1")
        except Exception as exc:  # sqlite3 or sqlcipher3: their errors share no base class
            assert "append-only" in str(exc)
        else:
            raise AssertionError("audit rows must stay append-only after the migration")
