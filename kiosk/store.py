"""The kiosk's local database: enrollments, their step log, the outbox, audit, staff.

One SQLite file (WAL, synchronous=FULL, foreign keys on) written through sqlite-utils. A state
change and the outbox items it produced are committed in ONE transaction, so after a power cut
either both are there or neither is. Each thread opens its own `Store` (SQLite connections are
not shared across threads); WAL lets the sync worker read while the wizard writes.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from kiosk.enrollment import Change, Enrollment, OutboxItem, OutboxKind, iso, utcnow

SCHEMA_VERSION = 4


class OutboxState:
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DEAD = "dead"
    ALL = ("queued", "sending", "sent", "dead")


class StoreError(Exception):
    """A storage problem worded for staff (the disk is full, the file is damaged...)."""


@dataclass(frozen=True)
class ClaimedItem:
    seq: int
    id: str
    enrollment_id: str
    kind: str
    payload: dict[str, Any]
    attempts: int  # requests made for this item before this claim
    created_at: str


# ---- schema migrations: append only; each runs once, in order, in one transaction ----------
def _migration_1(db: sqlite_utils.Database) -> None:
    db["staff"].create(
        {
            "id": str,
            "display_name": str,
            "pin_hash": str,
            "is_admin": int,
            "active": int,
            "failed_attempts": int,
            "locked_until": str,
            "created_at": str,
        },
        pk="id",
        not_null={"display_name", "pin_hash"},
        defaults={"is_admin": 0, "active": 1, "failed_attempts": 0},
    )
    db["enrollments"].create(
        {
            "id": str,
            "created_at": str,
            "updated_at": str,
            "staff_id": str,
            "outcome": str,
            "language": str,
            "channel": str,
            "decline_reason": str,
            "remedy": str,
            "completed_at": str,
            "follow_up_due": str,
            "record": str,
        },
        pk="id",
        not_null={"created_at", "updated_at", "staff_id", "outcome", "record"},
    )
    db["enrollments"].create_index(["created_at"])
    db["enrollments"].create_index(["outcome", "follow_up_due"])
    db["step_events"].create(
        {
            "seq": int,
            "enrollment_id": str,
            "step": str,
            "status": str,
            "at": str,
            "staff_id": str,
            "reason": str,
        },
        pk="seq",
        foreign_keys=[("enrollment_id", "enrollments", "id")],
        not_null={"enrollment_id", "step", "status", "at"},
    )
    db["step_events"].create_index(["enrollment_id"])
    db.execute("""
        CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            enrollment_id TEXT NOT NULL REFERENCES enrollments(id),
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'queued'
                CHECK (state IN ('queued','sending','sent','dead')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            claimed_at TEXT,
            last_error TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            result TEXT
        )""")
    db["outbox"].create_index(["state", "next_attempt_at"])
    db["outbox"].create_index(["enrollment_id"])
    db["audit"].create(
        {
            "seq": int,
            "at": str,
            "actor": str,
            "action": str,
            "subject_id": str,
            "detail": str,
        },
        pk="seq",
        not_null={"at", "actor", "action"},
    )
    # Trust the audit log: rows can be added, never changed or removed.
    db.execute("""CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
                  BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END""")
    db.execute("""CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
                  BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END""")
    db.execute("""CREATE TRIGGER step_events_no_update BEFORE UPDATE ON step_events
                  BEGIN SELECT RAISE(ABORT, 'step events are append-only'); END""")
    db["portal_status"].create(
        {
            "enrollment_id": str,
            "status": str,
            "last_login_at": str,
            "checked_at": str,
        },
        pk="enrollment_id",
        foreign_keys=[("enrollment_id", "enrollments", "id")],
    )
    db["follow_ups"].create(
        {
            "enrollment_id": str,
            "raised_at": str,
            "state": str,
            "called_at": str,
            "closed_reason": str,
            "updated_at": str,
        },
        pk="enrollment_id",
        foreign_keys=[("enrollment_id", "enrollments", "id")],
    )


def _migration_2(db: sqlite_utils.Database) -> None:
    """Dashboard (kiosk/metrics.py): "new enrollments" looks up each patient's earlier
    enrollments by this exact expression; without the index a month took 0.3 s per lookup
    pass on 100,000 enrollments (kiosk/scripts/bench_dashboard.py)."""
    db.execute(
        "CREATE INDEX idx_enrollments_patient_key ON enrollments("
        "coalesce('ehr:' || json_extract(record, '$.patient.ehr_id'), "
        "'mrn:' || json_extract(record, '$.patient.mrn'), "
        "'pt:' || lower(json_extract(record, '$.patient.family_name')) || '|' || "
        "lower(json_extract(record, '$.patient.given_name')) || '|' || "
        "json_extract(record, '$.patient.birth_date')), created_at) "
        "WHERE outcome = 'enrolled'"
    )


def _migration_3(db: sqlite_utils.Database) -> None:
    """The step log is evidence of what staff did with a patient: rows can be added, never
    removed (updates were already refused by migration 1)."""
    db.execute(
        """CREATE TRIGGER step_events_no_delete BEFORE DELETE ON step_events
           BEGIN SELECT RAISE(ABORT, 'step events are append-only'); END"""
    )


def _migration_4_outbox_claim_owner(db: sqlite_utils.Database) -> None:
    """Which delivery process made a 'sending' claim (its owner id, "<pid>-<random>"), so an
    item found 'sending' names the process that was sending it (kiosk/sync/lease.py)."""
    db.execute("ALTER TABLE outbox ADD COLUMN claimed_by TEXT")


MIGRATIONS = {1: _migration_1, 2: _migration_2, 3: _migration_3, 4: _migration_4_outbox_claim_owner}
assert max(MIGRATIONS) == SCHEMA_VERSION


class Store:
    """One connection to the kiosk database. Open one per thread."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=10.0)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"Cannot open the kiosk database at {self.path}: {exc}") from None
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=10000")
            self.conn = conn
            # No third-party sqlite-utils plugins in a database holding PHI (and no entry-point
            # scan at start-up).
            self.db = sqlite_utils.Database(conn, execute_plugins=False)
            self._thread = threading.get_ident()
            self.migrate()
        except sqlite3.DatabaseError as exc:  # not a database, damaged, read-only, disk full
            conn.close()
            raise StoreError(f"Cannot use the kiosk database at {self.path}: {exc}") from None
        except StoreError:
            conn.close()
            raise

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- transactions and schema -------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """BEGIN IMMEDIATE: take the write lock up front, so two writers never deadlock."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> None:
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"The kiosk database {self.path} was written by a newer kiosk (schema "
                f"{current}, this program knows {SCHEMA_VERSION}). Update the kiosk software."
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            with self.transaction() as db:
                if self.schema_version() >= version:  # another process migrated meanwhile
                    continue
                MIGRATIONS[version](db)
                self.conn.execute(f"PRAGMA user_version={version}")

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # ---- enrollments ---------------------------------------------------------------------------
    def apply(self, change: Change, actor: str | None = None) -> Enrollment:
        """Persist a transition: the record, its step events, outbox items and audit, atomically."""
        e = change.enrollment
        now = iso(utcnow())
        with self.transaction() as db:
            db["enrollments"].upsert(
                {
                    "id": e.id,
                    "created_at": e.created_at,
                    "updated_at": e.updated_at,
                    "staff_id": e.staff_id,
                    "outcome": e.outcome.value,
                    "language": e.language,
                    "channel": e.channel.value if e.channel else None,
                    "decline_reason": e.decline_reason.value if e.decline_reason else None,
                    "remedy": e.remedy.value if e.remedy else None,
                    "completed_at": e.completed_at,
                    "follow_up_due": e.follow_up_due,
                    "record": json.dumps(e.to_dict()),
                },
                pk="id",
            )
            self._write_events_and_outbox(db, change, now)
            if change.audit_action:
                self._audit(actor or e.staff_id, change.audit_action, e.id, None, now)
        return e

    def _write_events_and_outbox(self, db: sqlite_utils.Database, change: Change, now: str) -> None:
        """A change's step events and outbox items (inside the caller's transaction)."""
        if change.events:
            db["step_events"].insert_all(
                [
                    {
                        "enrollment_id": ev.enrollment_id,
                        "step": str(ev.step),
                        "status": str(ev.status),
                        "at": ev.at,
                        "staff_id": ev.staff_id,
                        "reason": ev.reason,
                    }
                    for ev in change.events
                ]
            )
        for item in change.outbox:
            self._enqueue(item, now)

    def _enqueue(self, item: OutboxItem, now: str) -> None:
        # The same stable id queued twice is one item. While it is still waiting, the newer
        # payload wins (a corrected email captured again before sync is what gets sent).
        self.conn.execute(
            "INSERT INTO outbox (id, enrollment_id, kind, payload, state, "
            "next_attempt_at, created_at, updated_at) VALUES (?,?,?,?,?,min(?, ?),?,?) "
            "ON CONFLICT(id) DO UPDATE SET payload=excluded.payload, "
            "updated_at=excluded.updated_at WHERE outbox.state='queued'",
            (
                item.id,
                item.enrollment_id,
                item.kind.value,
                json.dumps(item.payload),
                OutboxState.QUEUED,
                # A record stamped ahead of this machine's clock (a tablet whose clock ran
                # fast) is due now, not when its stamp comes round.
                item.created_at,
                now,
                item.created_at,
                now,
            ),
        )
        if item.kind == OutboxKind.PATIENT_CONTACT:
            # A corrected capture supersedes an older one still waiting: only the newest
            # contact details are sent (the older item is closed, never silently deleted).
            self.conn.execute(
                "UPDATE outbox SET state='sent', result=?, updated_at=? WHERE enrollment_id=? "
                "AND kind=? AND state='queued' AND id != ? AND seq < (SELECT seq FROM outbox "
                "WHERE id=?)",
                (
                    json.dumps({"superseded_by": item.id}),
                    now,
                    item.enrollment_id,
                    item.kind.value,
                    item.id,
                    item.id,
                ),
            )

    def get_enrollment(self, enrollment_id: str) -> Enrollment | None:
        row = self.conn.execute(
            "SELECT record FROM enrollments WHERE id=?", (enrollment_id,)
        ).fetchone()
        return Enrollment.from_dict(json.loads(row[0])) if row else None

    def step_events(self, enrollment_id: str) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "SELECT step, status, at, staff_id, reason FROM step_events "
                "WHERE enrollment_id=? ORDER BY seq",
                [enrollment_id],
            )
        )

    def enrollments_between(self, start: str, end: str) -> Iterator[Enrollment]:
        for row in self.conn.execute(
            "SELECT record FROM enrollments WHERE created_at >= ? AND created_at < ? "
            "ORDER BY created_at",
            (start, end),
        ):
            yield Enrollment.from_dict(json.loads(row[0]))

    # ---- outbox ------------------------------------------------------------------------------
    def outbox_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(OutboxState.ALL, 0)
        for state, n in self.conn.execute("SELECT state, count(*) FROM outbox GROUP BY state"):
            counts[state] = n
        return counts

    def oldest_unsent_at(self) -> str | None:
        row = self.conn.execute(
            "SELECT min(created_at) FROM outbox WHERE state IN ('queued','sending')"
        ).fetchone()
        return row[0]

    def claim_due(
        self,
        limit: int = 20,
        now: datetime | None = None,
        *,
        owner: str | None = None,
        waiting: Collection[int] = (),
    ) -> list[ClaimedItem]:
        """Atomically move due items to 'sending', oldest first, one item per enrollment at
        a time (items of one enrollment are delivered in order).

        Only the process holding the delivery lock (kiosk/sync/lease.py) calls this, so a
        claim is never taken from a live sender. `now` compares `next_attempt_at` with this
        wall-clock time; the engine passes None and keeps retry times on the monotonic clock
        instead, handing the items still waiting as `waiting` (seqs). Claiming is not an
        attempt: `attempts` counts requests actually made (mark_sent/mark_retry/mark_dead)."""
        stamp = iso(utcnow())
        with self.transaction():
            rows = self.conn.execute(
                """
                SELECT seq, id, enrollment_id, kind, payload, attempts, created_at FROM outbox o
                WHERE state='queued' AND (:due IS NULL OR next_attempt_at <= :due)
                  AND o.seq NOT IN (SELECT value FROM json_each(:waiting))
                  AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.enrollment_id=o.enrollment_id
                                  AND p.seq < o.seq AND p.state IN ('queued','sending','dead'))
                ORDER BY seq LIMIT :limit""",
                {
                    "due": iso(now) if now is not None else None,
                    "waiting": json.dumps(sorted(waiting)),
                    "limit": limit,
                },
            ).fetchall()
            self.conn.executemany(
                "UPDATE outbox SET state='sending', claimed_at=?, claimed_by=?, updated_at=? "
                "WHERE seq=?",
                [(stamp, owner, stamp, r[0]) for r in rows],
            )
        return [ClaimedItem(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5], r[6]) for r in rows]

    def release_claims(self) -> int:
        """Whatever a delivery process was sending when it died goes back to the queue. Only
        called by a process that has just taken the delivery lock, i.e. when no other process
        can be sending. The interrupted request may or may not have reached the server; its
        stable id makes the repeat harmless, and it is not counted as an attempt."""
        with self.transaction():
            cur = self.conn.execute(
                "UPDATE outbox SET state='queued', claimed_at=NULL, claimed_by=NULL "
                "WHERE state='sending'"
            )
        return cur.rowcount

    def mark_sent(self, seq: int, result: dict[str, Any] | None = None) -> None:
        stamp = iso(utcnow())
        with self.transaction():
            self.conn.execute(
                "UPDATE outbox SET state='sent', last_error=NULL, attempts=attempts+1, "
                "claimed_by=NULL, updated_at=?, result=? WHERE seq=? AND state='sending'",
                (stamp, json.dumps(result or {}), seq),
            )

    def mark_retry(self, seq: int, error: str, next_attempt: datetime, tried: bool = True) -> None:
        """Back to the queue. `tried`: a request for this item was made (and failed), so it
        counts as an attempt; an item handed back untried keeps its count."""
        stamp = iso(utcnow())
        with self.transaction():
            self.conn.execute(
                "UPDATE outbox SET state='queued', claimed_at=NULL, claimed_by=NULL, "
                "last_error=?, next_attempt_at=?, attempts=attempts+?, updated_at=? "
                "WHERE seq=? AND state='sending'",
                (error[:2000], iso(next_attempt), int(tried), stamp, seq),
            )

    def give_back(self, seqs: list[int], next_attempt: datetime) -> None:
        """Claimed items the pass did not try (it stopped early): queued again, attempts and
        last error unchanged, in one transaction."""
        stamp = iso(utcnow())
        with self.transaction():
            self.conn.executemany(
                "UPDATE outbox SET state='queued', claimed_at=NULL, claimed_by=NULL, "
                "next_attempt_at=?, updated_at=? WHERE seq=? AND state='sending'",
                [(iso(next_attempt), stamp, seq) for seq in seqs],
            )

    def release_waiting(self, seqs: list[int], now: datetime) -> None:
        """The server answered again: these queued items waiting for a retry are due now."""
        stamp = iso(now)
        with self.transaction():
            self.conn.executemany(
                "UPDATE outbox SET next_attempt_at=? WHERE seq=? AND state='queued'",
                [(stamp, seq) for seq in seqs],
            )

    def mark_dead(self, seq: int, error: str) -> None:
        stamp = iso(utcnow())
        with self.transaction():
            self.conn.execute(
                "UPDATE outbox SET state='dead', claimed_at=NULL, claimed_by=NULL, "
                "attempts=attempts+1, last_error=?, updated_at=? WHERE seq=? AND state='sending'",
                (error[:2000], stamp, seq),
            )
            row = self.conn.execute("SELECT id, kind FROM outbox WHERE seq=?", (seq,)).fetchone()
            if row:
                self._audit("sync", "outbox.dead-letter", row[0], row[1], stamp)

    def dead_letters(self) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "SELECT seq, id, enrollment_id, kind, attempts, last_error, created_at, updated_at "
                "FROM outbox WHERE state='dead' ORDER BY seq"
            )
        )

    def retry_dead(self, seq: int, actor: str) -> bool:
        stamp = iso(utcnow())
        with self.transaction():
            cur = self.conn.execute(
                "UPDATE outbox SET state='queued', next_attempt_at=?, "
                "updated_at=? WHERE seq=? AND state='dead'",
                (stamp, stamp, seq),
            )
            if cur.rowcount:
                self._audit(actor, "outbox.retry", str(seq), None, stamp)
        return bool(cur.rowcount)

    def discard_dead(self, seq: int, actor: str, reason: str) -> bool:
        """Admin only (the UI asks for the admin PIN). The item stays, marked sent-by-hand."""
        stamp = iso(utcnow())
        with self.transaction():
            cur = self.conn.execute(
                "UPDATE outbox SET state='sent', result=?, updated_at=? "
                "WHERE seq=? AND state='dead'",
                (json.dumps({"discarded_by": actor, "reason": reason[:200]}), stamp, seq),
            )
            if cur.rowcount:
                self._audit(actor, "outbox.discard", str(seq), reason[:200], stamp)
        return bool(cur.rowcount)

    def outbox_item(self, item_id: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM outbox WHERE id=?", [item_id]))
        return rows[0] if rows else None

    def outbox_items(self, enrollment_id: str) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "SELECT seq, id, kind, state, attempts, last_error FROM outbox "
                "WHERE enrollment_id=? ORDER BY seq",
                [enrollment_id],
            )
        )

    # ---- portal status and follow-ups ----------------------------------------------------------
    def set_portal_status(
        self, enrollment_id: str, status: str, last_login_at: str | None = None
    ) -> None:
        with self.transaction() as db:
            db["portal_status"].upsert(
                {
                    "enrollment_id": enrollment_id,
                    "status": status,
                    "last_login_at": last_login_at,
                    "checked_at": iso(utcnow()),
                },
                pk="enrollment_id",
            )

    def portal_status(self, enrollment_id: str) -> dict[str, Any] | None:
        rows = list(
            self.db.query("SELECT * FROM portal_status WHERE enrollment_id=?", [enrollment_id])
        )
        return rows[0] if rows else None

    def due_follow_ups(self, now: datetime | None = None) -> list[str]:
        """Enrolled patients past their follow-up date whose account is not known active."""
        stamp = iso(now or utcnow())
        return [
            r[0]
            for r in self.conn.execute(
                """
            SELECT e.id FROM enrollments e
            LEFT JOIN portal_status p ON p.enrollment_id = e.id
            LEFT JOIN follow_ups f ON f.enrollment_id = e.id
            WHERE e.outcome='enrolled' AND e.follow_up_due <= ?
              AND coalesce(p.status, '') != 'active' AND f.enrollment_id IS NULL
              AND json_extract(e.record, '$.steps.follow_up.status') = 'scheduled'
            ORDER BY e.follow_up_due""",
                (stamp,),
            )
        ]

    def raise_follow_up(self, change: Change) -> None:
        """The follow-up step change, its outbox item and the worklist row, atomically."""
        e = change.enrollment
        now = iso(utcnow())
        with self.transaction() as db:
            db["enrollments"].update(
                e.id, {"updated_at": e.updated_at, "record": json.dumps(e.to_dict())}
            )
            self._write_events_and_outbox(db, change, now)
            db["follow_ups"].insert(
                {"enrollment_id": e.id, "raised_at": now, "state": "open", "updated_at": now},
                pk="enrollment_id",
                ignore=True,
            )
            self._audit("sync", change.audit_action, e.id, None, now)

    def update_follow_up(
        self, enrollment_id: str, state: str, actor: str, reason: str | None = None
    ) -> None:
        if state not in ("open", "called", "closed"):
            raise StoreError(f"Unknown follow-up state {state!r}.")
        now = iso(utcnow())
        with self.transaction() as db:
            fields = {"state": state, "updated_at": now}
            if state == "called":
                fields["called_at"] = now
            if state == "closed":
                fields["closed_reason"] = (reason or "")[:200]
            db["follow_ups"].update(enrollment_id, fields)
            self._audit(actor, f"follow-up.{state}", enrollment_id, reason and reason[:200], now)

    # ---- audit ---------------------------------------------------------------------------------
    def _audit(
        self, actor: str, action: str, subject_id: str | None, detail: str | None, at: str
    ) -> None:
        self.conn.execute(
            "INSERT INTO audit (at, actor, action, subject_id, detail) VALUES (?,?,?,?,?)",
            (at, actor, action, subject_id, detail),
        )

    def audit(
        self, actor: str, action: str, subject_id: str | None = None, detail: str | None = None
    ) -> None:
        """Record who did what. `detail` must never hold patient data."""
        with self.transaction():
            self._audit(actor, action, subject_id, detail, iso(utcnow()))

    def audit_log(self, limit: int = 100) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM audit ORDER BY seq DESC LIMIT ?", [limit]))
