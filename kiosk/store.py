"""The kiosk's local database: enrollments, their step log, the outbox, audit, staff.

One SQLite file (WAL, synchronous=FULL, foreign keys on) written through sqlite-utils. A state
change and the outbox items it produced are committed in ONE transaction, so after a power cut
either both are there or neither is. Each thread opens its own `Store` (SQLite connections are
not shared across threads); WAL lets the sync worker read while the wizard writes.
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import json
import secrets
import shutil
import threading
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from kiosk.database import DRIVER_ERRORS as _DATABASE_DRIVER_ERRORS
from kiosk.database import DatabaseOpenError, UnreadableDatabase, open_database
from kiosk.enrollment import Change, Enrollment, OutboxItem, OutboxKind, iso, utcnow
from kiosk.secrets import DB_KEY_CREDENTIAL
from kiosk.validation import text_problem

SCHEMA_VERSION = 7
# A visit still "in progress" after this long ended without the app noticing (power cut).
STALE_VISIT = timedelta(days=1)


class OutboxState:
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DEAD = "dead"
    ALL = ("queued", "sending", "sent", "dead")


class StoreError(Exception):
    """A storage problem worded for staff (the disk is full, the file is damaged...)."""


# ---- storage errors: the ONE place that turns a driver's exceptions into words for staff ----
class StorageError(StoreError):
    """A database or disk failure, with a `kind` callers can act on and one line for people."""

    DAMAGED = "damaged"
    FULL = "full"
    LOCKED = "locked"
    READ_ONLY = "read-only"
    UNAVAILABLE = "unavailable"
    DISK = "disk-error"
    OTHER = "other"

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


# The exception base classes of every database driver the kiosk may use. A driver whose
# exceptions do not derive from sqlite3.Error (sqlcipher3 has its own dbapi2.Error) adds its
# base class in kiosk/database.py (sqlcipher3 and sqlite3 today) or with `register_driver_errors`;
# `storage_error` maps them all alike.
DRIVER_ERRORS: tuple[type[BaseException], ...] = _DATABASE_DRIVER_ERRORS
BUSY_TIMEOUT_SECONDS = 10.0
# Below this much free space a write/IO failure is reported as a full disk.
_NEARLY_FULL_BYTES = 1 << 20

# SQLite result-code names (exc.sqlite_errorname, Python 3.11+) by prefix, then the texts
# sqlite3_errstr() gives them, for drivers that only carry the message.
_KIND_BY_CODE = (
    ("SQLITE_CORRUPT", StorageError.DAMAGED),
    ("SQLITE_NOTADB", StorageError.DAMAGED),
    ("SQLITE_FULL", StorageError.FULL),
    ("SQLITE_BUSY", StorageError.LOCKED),
    ("SQLITE_LOCKED", StorageError.LOCKED),
    ("SQLITE_READONLY", StorageError.READ_ONLY),
    ("SQLITE_PERM", StorageError.READ_ONLY),
    ("SQLITE_CANTOPEN", StorageError.UNAVAILABLE),
    ("SQLITE_IOERR", StorageError.DISK),
)
_KIND_BY_MESSAGE = (
    ("malformed", StorageError.DAMAGED),
    ("not a database", StorageError.DAMAGED),
    ("disk is full", StorageError.FULL),
    ("database is locked", StorageError.LOCKED),
    ("database table is locked", StorageError.LOCKED),
    ("readonly database", StorageError.READ_ONLY),
    ("unable to open", StorageError.UNAVAILABLE),
    ("disk i/o error", StorageError.DISK),
)
_KIND_BY_ERRNO = {
    errno.ENOSPC: StorageError.FULL,
    errno.EDQUOT: StorageError.FULL,
    errno.EFBIG: StorageError.FULL,
    errno.EACCES: StorageError.READ_ONLY,
    errno.EPERM: StorageError.READ_ONLY,
    errno.EROFS: StorageError.READ_ONLY,
    errno.EIO: StorageError.DISK,
}


def register_driver_errors(*classes: type[BaseException]) -> None:
    """Let `storage_error` map another driver's exceptions (call once, at import)."""
    global DRIVER_ERRORS
    DRIVER_ERRORS = DRIVER_ERRORS + tuple(c for c in classes if c not in DRIVER_ERRORS)


def _driver_errors() -> tuple[type[BaseException], ...]:
    """OSError and every registered driver's errors: what `storage_error` maps."""
    return (OSError, *DRIVER_ERRORS)


def is_storage_failure(exc: BaseException) -> bool:
    return isinstance(exc, (StoreError, *DRIVER_ERRORS))


def storage_error(exc: BaseException, path: Path | str) -> StoreError:
    """One line for staff and IT about `exc` (a driver error, an OSError, or already ours).

    Never echoes row data: driver messages name tables and columns, not values."""
    if isinstance(exc, StoreError):
        return exc
    path = Path(path)
    kind = _kind(exc)
    if kind in (StorageError.DISK, StorageError.OTHER) and _nearly_full(path.parent):
        kind = StorageError.FULL  # SQLite reports a short write on a full disk as an I/O error
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return StorageError(kind, _message(kind, path, detail))


def _message(kind: str, path: Path, detail: str) -> str:
    return {
        StorageError.DAMAGED: f"the kiosk database {path} is damaged ({detail}). Stop the "
        "kiosk, keep the file for IT and restore it from the latest backup.",
        StorageError.FULL: f"the disk holding {path.parent} is full. Free some space there "
        "and try again; nothing already saved was lost.",
        StorageError.LOCKED: f"another program holds the kiosk database {path} (still locked "
        f"after {BUSY_TIMEOUT_SECONDS:g} s). Close the other kiosk window or `kiosk sync` "
        "and try again.",
        StorageError.READ_ONLY: f"the kiosk database {path} cannot be written (read-only "
        "file, folder or disk). Check the folder's permissions.",
        StorageError.UNAVAILABLE: f"cannot open the kiosk database at {path}. Check that the "
        "folder exists and this user may write to it.",
        StorageError.DISK: f"the disk holding {path} reported a read/write error ({detail}). "
        "Check the disk.",
        StorageError.OTHER: f"the kiosk database {path} reported a problem ({detail}).",
    }[kind]


def _kind(exc: BaseException) -> str:
    if isinstance(exc, OSError) and not isinstance(exc, DRIVER_ERRORS):
        return _KIND_BY_ERRNO.get(exc.errno or 0, StorageError.OTHER)
    name = getattr(exc, "sqlite_errorname", "") or ""
    for prefix, kind in _KIND_BY_CODE:
        if name.startswith(prefix):
            return kind
    text = str(exc).lower()
    for needle, kind in _KIND_BY_MESSAGE:
        if needle in text:
            return kind
    return StorageError.OTHER


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < _NEARLY_FULL_BYTES
    except OSError:
        return False


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
    db.table("staff").create(
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
    db.table("enrollments").create(
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
    db.table("enrollments").create_index(["created_at"])
    db.table("enrollments").create_index(["outcome", "follow_up_due"])
    db.table("step_events").create(
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
    db.table("step_events").create_index(["enrollment_id"])
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
    db.table("outbox").create_index(["state", "next_attempt_at"])
    db.table("outbox").create_index(["enrollment_id"])
    db.table("audit").create(
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
    db.table("portal_status").create(
        {
            "enrollment_id": str,
            "status": str,
            "last_login_at": str,
            "checked_at": str,
        },
        pk="enrollment_id",
        foreign_keys=[("enrollment_id", "enrollments", "id")],
    )
    db.table("follow_ups").create(
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


def _skew(change: Change) -> str | None:
    """The audit note for a change made while the wall clock was behind the record."""
    if change.clock_skew_seconds:
        return f"clock-behind-record:{change.clock_skew_seconds}s"
    return None


def _require_text(text: str | None, what: str, max_length: int | None = None) -> None:
    """Text the database cannot hold faithfully (NUL, control characters, lone surrogates) or
    too long to keep whole is refused before any SQL, as a StoreError worded for staff."""
    if problem := text_problem(text, what, max_length):
        raise StoreError(problem)


def _findable(*keys: str | None) -> bool:
    """Ids with unsavable characters were never saved: a lookup by one finds nothing."""
    return all(text_problem(k) is None for k in keys)


def _migration_4_outbox_claim_owner(db: sqlite_utils.Database) -> None:
    """Which delivery process made a 'sending' claim (its owner id, "<pid>-<random>"), so an
    item found 'sending' names the process that was sending it (kiosk/sync/lease.py)."""
    db.execute("ALTER TABLE outbox ADD COLUMN claimed_by TEXT")


def _migration_5_least_data(db: sqlite_utils.Database) -> None:
    """Least data kept (issue 9): a purged enrollment keeps only what the dashboard counts.

    "New enrollments" needs to know whether a patient enrolled before, also after the earlier
    record lost its name and ids: `patient_key` is an HMAC of the identity (EHR id, else MRN,
    else name + birth date) under a random per-database salt, so it links a patient's
    enrollments without holding anything that names them. `purged_at` marks a purged row."""
    db.execute("CREATE TABLE kiosk_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
    salt = secrets.token_hex(32)
    db.execute("INSERT INTO kiosk_meta VALUES ('patient_key_salt', ?)", [salt])
    db.execute("ALTER TABLE enrollments ADD COLUMN patient_key TEXT")
    db.execute("ALTER TABLE enrollments ADD COLUMN purged_at TEXT")
    rows = db.execute("SELECT id, record FROM enrollments").fetchall()
    db.conn.executemany(
        "UPDATE enrollments SET patient_key=? WHERE id=?",
        [(patient_key(json.loads(record).get("patient"), salt), rid) for rid, record in rows],
    )
    db.execute("DROP INDEX IF EXISTS idx_enrollments_patient_key")
    db.execute(
        "CREATE INDEX idx_enrollments_patient_key_created ON enrollments(patient_key, created_at) "
        "WHERE outcome = 'enrolled'"
    )
    db.execute("CREATE INDEX idx_enrollments_purged_at ON enrollments(purged_at)")


def patient_key(patient: dict[str, Any] | None, salt: str) -> str | None:
    """Pseudonymous patient id (see migration 5): same patient, same key; no way back."""
    if not patient:
        return None
    if patient.get("ehr_id"):
        identity = "ehr:" + patient["ehr_id"]
    elif patient.get("mrn"):
        identity = "mrn:" + patient["mrn"]
    else:
        identity = "pt:{}|{}|{}".format(
            (patient.get("family_name") or "").strip().lower(),
            (patient.get("given_name") or "").strip().lower(),
            patient.get("birth_date") or "",
        )
    return hmac.new(bytes.fromhex(salt), identity.encode(), hashlib.sha256).hexdigest()[:32]


def purged_record(record: dict[str, Any], now: str) -> dict[str, Any]:
    """What a purged enrollment keeps: outcomes, channels, reasons and remedies as codes,
    step statuses and times (kiosk/metrics.py reads these). No name, birth date, email,
    phone, MRN, EHR id, free text or step notes."""
    keep = (
        "id",
        "staff_id",
        "created_at",
        "updated_at",
        "language",
        "channel",
        "demo_feature",
        "outcome",
        "decline_reason",
        "remedy",
        "completed_at",
        "follow_up_due",
    )
    slim = {k: record.get(k) for k in keep}
    # Families: the age path and each proxy's kind/relationship/access codes (the dashboard
    # counts proxy enrollments apart); never a proxy's name, email, phone or consent words.
    slim["age_path"] = record.get("age_path") or "adult"
    slim["proxies"] = [
        {k: proxy.get(k) for k in ("kind", "relationship", "access")}
        for proxy in record.get("proxies") or []
    ]
    slim["steps"] = {
        step: {"status": state.get("status"), "at": state.get("at")}
        for step, state in (record.get("steps") or {}).items()
    }
    slim["purged_at"] = now
    return slim


def _migration_6_audit_chain(db: sqlite_utils.Database) -> None:
    """Tamper evidence for the audit log: every row carries the hash of the row before it and
    of its own content (see `audit_row_hash`), so a removed or changed row breaks the chain
    and `kiosk doctor` names the first broken link. Existing rows are chained here, in seq
    order; the append-only trigger is lifted for this one fill and put back."""
    db.execute("ALTER TABLE audit ADD COLUMN prev_hash TEXT")
    db.execute("ALTER TABLE audit ADD COLUMN row_hash TEXT")
    db.execute("DROP TRIGGER audit_no_update")
    previous = AUDIT_GENESIS
    rows = db.execute(
        "SELECT seq, at, actor, action, subject_id, detail FROM audit ORDER BY seq"
    ).fetchall()
    for seq, at, actor, action, subject_id, detail in rows:
        digest = audit_row_hash(previous, seq, at, actor, action, subject_id, detail)
        db.execute("UPDATE audit SET prev_hash=?, row_hash=? WHERE seq=?", (previous, digest, seq))
        previous = digest
    db.execute("""CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
                  BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END""")


def _migration_7_practice_cache(db: sqlite_utils.Database) -> None:
    """Practice-wide figures (read from the EHR and the portal, or typed in by the manager)
    kept per month, so the dashboard opens instantly and offline and shows their age. Only
    aggregates and settings: never patient data."""
    db.execute("""CREATE TABLE practice_cache (
        key TEXT PRIMARY KEY,
        data TEXT NOT NULL,
        saved_at TEXT NOT NULL
    )""")


MIGRATIONS = {
    1: _migration_1,
    2: _migration_2,
    3: _migration_3,
    4: _migration_4_outbox_claim_owner,
    5: _migration_5_least_data,
    6: _migration_6_audit_chain,
    7: _migration_7_practice_cache,
}
assert max(MIGRATIONS) == SCHEMA_VERSION


AUDIT_GENESIS = "0" * 64  # the "previous hash" of the first audit row


def audit_row_hash(
    prev_hash: str,
    seq: int,
    at: str,
    actor: str,
    action: str,
    subject_id: str | None,
    detail: str | None,
) -> str:
    """SHA-256 over the previous row's hash and this row's every column (JSON, so no two
    different rows can serialise alike)."""
    content = json.dumps([prev_hash, seq, at, actor, action, subject_id, detail])
    return hashlib.sha256(content.encode()).hexdigest()


@dataclass(frozen=True)
class AuditCheck:
    """Result of walking the audit chain: ok, or the first broken link and why."""

    rows: int
    broken_at: int | None = None  # seq of the first row whose link or content is wrong
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None and not self.problem


class Store:
    """One connection to the kiosk database. Open one per thread."""

    def __init__(self, path: Path | str, key: bytes | None = None) -> None:
        """Open (create, migrate, encrypt) the database; `key=None` takes the key from the
        OS keyring or the systemd credential (kiosk.secrets), as the kiosk always does."""
        self.path = Path(path)
        try:
            conn = open_database(self.path, key)
        except UnreadableDatabase as exc:
            error = storage_error(exc.cause, self.path)
            if isinstance(error, StorageError) and error.kind == StorageError.DAMAGED:
                # SQLCipher cannot tell a damaged file from one encrypted with another key.
                detail = str(exc.cause).splitlines()[0] if str(exc.cause) else "unreadable"
                error = StorageError(
                    error.kind,
                    f"the kiosk database {self.path} is damaged, or was encrypted with another "
                    f"key: the key does not open this file ({detail}). If the key was replaced, "
                    f"restore the original (the credential {DB_KEY_CREDENTIAL} or the keyring "
                    "entry; README: Encryption key); otherwise stop the kiosk, keep the file for "
                    "IT and restore it from the latest backup.",
                )
            raise error from None
        except DatabaseOpenError as exc:
            raise StoreError(f"Cannot use the kiosk database at {self.path}: {exc}") from None
        except _driver_errors() as exc:  # the one mapping: full disk, read-only, ...
            raise storage_error(exc, self.path) from None
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
            # Deleted and overwritten content is zeroed in the file, not left in free pages.
            conn.execute("PRAGMA secure_delete=ON")
            self.conn = conn
            # No third-party sqlite-utils plugins in a database holding PHI (and no entry-point
            # scan at start-up).
            self.db = sqlite_utils.Database(conn, execute_plugins=False)
            self._thread = threading.get_ident()
            self.migrate()
            self._salt = self.conn.execute(
                "SELECT value FROM kiosk_meta WHERE name='patient_key_salt'"
            ).fetchone()[0]
        except DRIVER_ERRORS as exc:  # not a database, damaged, read-only, disk full, locked
            conn.close()
            raise storage_error(exc, self.path) from None
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
        version: int = self.conn.execute("PRAGMA user_version").fetchone()[0]
        return version

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
        result: str = self.conn.execute("PRAGMA integrity_check").fetchone()[0]
        return result == "ok"

    def quick_check(self) -> None:
        """PRAGMA quick_check over every page; raises StorageError(DAMAGED) when it fails."""
        try:
            rows = [r[0] for r in self.conn.execute("PRAGMA quick_check(5)")]
        except DRIVER_ERRORS as exc:
            raise storage_error(exc, self.path) from None
        if rows != ["ok"]:
            kind = StorageError.DAMAGED
            more = "+" if len(rows) >= 5 else ""
            detail = f"quick_check: {len(rows)}{more} problem{'s' if len(rows) > 1 else ''}"
            raise StorageError(kind, _message(kind, self.path, detail))

    # ---- enrollments ---------------------------------------------------------------------------
    def apply(self, change: Change, actor: str | None = None) -> Enrollment:
        """Persist a transition: the record, its step events, outbox items and audit, atomically."""
        e = change.enrollment
        now = iso(utcnow())
        with self.transaction() as db:
            db.table("enrollments").upsert(
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
                    "patient_key": patient_key(asdict(e.patient), self._salt),
                },
                pk="id",
            )
            self._write_events_and_outbox(db, change, now)
            if change.audit_action:
                self._audit(actor or e.staff_id, change.audit_action, e.id, _skew(change), now)
        return e

    def _write_events_and_outbox(self, db: sqlite_utils.Database, change: Change, now: str) -> None:
        """A change's step events and outbox items (inside the caller's transaction)."""
        for ev in change.events:
            _require_text(ev.staff_id, "staff id")
            _require_text(ev.reason, "reason")
        if change.events:
            db.table("step_events").insert_all(
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
                "UPDATE outbox SET state='sent', payload='{}', result=?, updated_at=? "
                "WHERE enrollment_id=? "
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
        """None also for a purged enrollment: it no longer says who the patient was."""
        if not _findable(enrollment_id):
            return None
        row = self.conn.execute(
            "SELECT record FROM enrollments WHERE id=? AND purged_at IS NULL", (enrollment_id,)
        ).fetchone()
        return Enrollment.from_dict(json.loads(row[0])) if row else None

    def step_events(self, enrollment_id: str) -> list[dict[str, Any]]:
        if not _findable(enrollment_id):
            return []
        return list(
            self.db.query(
                "SELECT step, status, at, staff_id, reason FROM step_events "
                "WHERE enrollment_id=? ORDER BY seq",
                [enrollment_id],
            )
        )

    def enrollments_between(self, start: str, end: str) -> Iterator[Enrollment]:
        if not _findable(start, end):
            return
        for row in self.conn.execute(
            "SELECT record FROM enrollments WHERE created_at >= ? AND created_at < ? "
            "AND purged_at IS NULL ORDER BY created_at",
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
        oldest: str | None = row[0]
        return oldest

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
        count: int = cur.rowcount
        return count

    def mark_sent(self, seq: int, result: dict[str, Any] | None = None) -> None:
        stamp = iso(utcnow())
        with self.transaction():
            # Delivered: the patient data it carried is no longer needed here (issue 9).
            self.conn.execute(
                "UPDATE outbox SET state='sent', payload='{}', last_error=NULL, "
                "attempts=attempts+1, claimed_by=NULL, updated_at=?, result=? "
                "WHERE seq=? AND state='sending'",
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
        _require_text(reason, "reason", 200)
        stamp = iso(utcnow())
        with self.transaction():
            cur = self.conn.execute(
                "UPDATE outbox SET state='sent', payload='{}', result=?, updated_at=? "
                "WHERE seq=? AND state='dead'",
                (json.dumps({"discarded_by": actor, "reason": reason}), stamp, seq),
            )
            if cur.rowcount:
                self._audit(actor, "outbox.discard", str(seq), reason, stamp)
        return bool(cur.rowcount)

    def outbox_item(self, item_id: str) -> dict[str, Any] | None:
        if not _findable(item_id):
            return None
        rows = list(self.db.query("SELECT * FROM outbox WHERE id=?", [item_id]))
        return rows[0] if rows else None

    def last_invitation_at(self, enrollment_id: str) -> str | None:
        """When this patient's own invitation last went out: queued at the desk or from the
        worklist, or re-sent by the follow-up. The one-a-day rule (kiosk/expiry.py) counts
        from it; an invitation for a proxy added later is that person's, not the patient's."""
        row = self.conn.execute(
            "SELECT max(at) FROM ("
            " SELECT created_at AS at FROM outbox WHERE enrollment_id = ? AND kind = ?"
            "  AND coalesce(json_extract(result, '$.proxy_added'),"
            "   json_extract(payload, '$.proxy_added'), 0) = 0"
            " UNION ALL"
            " SELECT updated_at FROM outbox WHERE enrollment_id = ? AND kind = ?"
            "  AND state = 'sent' AND json_extract(result, '$.resent') = 1)",
            (
                enrollment_id,
                OutboxKind.PORTAL_INVITATION.value,
                enrollment_id,
                OutboxKind.FOLLOW_UP.value,
            ),
        ).fetchone()
        return row[0] if row else None

    def outbox_items(self, enrollment_id: str) -> list[dict[str, Any]]:
        if not _findable(enrollment_id):
            return []
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
        for value, what in ((enrollment_id, "enrollment id"), (status, "portal status")):
            _require_text(value, what, 200)
        _require_text(last_login_at, "last login time", 200)
        with self.transaction() as db:
            db.table("portal_status").upsert(
                {
                    "enrollment_id": enrollment_id,
                    "status": status,
                    "last_login_at": last_login_at,
                    "checked_at": iso(utcnow()),
                },
                pk="enrollment_id",
            )

    def portal_status(self, enrollment_id: str) -> dict[str, Any] | None:
        if not _findable(enrollment_id):
            return None
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
            WHERE e.outcome='enrolled' AND e.follow_up_due <= ? AND e.purged_at IS NULL
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
            db.table("enrollments").update(
                e.id, {"updated_at": e.updated_at, "record": json.dumps(e.to_dict())}
            )
            self._write_events_and_outbox(db, change, now)
            db.table("follow_ups").insert(
                {"enrollment_id": e.id, "raised_at": now, "state": "open", "updated_at": now},
                pk="enrollment_id",
                ignore=True,
            )
            self._audit("sync", change.audit_action, e.id, _skew(change), now)

    def update_follow_up(
        self, enrollment_id: str, state: str, actor: str, reason: str | None = None
    ) -> None:
        if state not in ("open", "called", "closed"):
            raise StoreError("Unknown follow-up state.")
        _require_text(reason, "reason", 200)
        if not _findable(enrollment_id):
            raise StoreError("That follow-up is not on the worklist.")
        now = iso(utcnow())
        with self.transaction() as db:
            fields = {"state": state, "updated_at": now}
            if state == "called":
                fields["called_at"] = now
            if state == "closed":
                fields["closed_reason"] = reason or ""
            try:
                db.table("follow_ups").update(enrollment_id, fields)
            except sqlite_utils.db.NotFoundError:
                raise StoreError("That follow-up is not on the worklist.") from None
            self._audit(actor, f"follow-up.{state}", enrollment_id, reason, now)

    # ---- least data kept -------------------------------------------------------------------
    def purgeable(self, now: datetime, retention: timedelta) -> list[str]:
        """Enrollments whose patient data is no longer needed: every outbox item delivered
        (none queued, sending or dead) and, `retention` later than
        - declined/abandoned: the end of the visit;
        - enrolled: the follow-up date, when nobody needs to call the patient (account
          active, first login seen at the desk, or the worklist entry closed);
        - still "in progress" (the app died mid-visit): the last change, at least a day."""
        cutoff = iso(now - retention)
        stale = iso(now - max(retention, STALE_VISIT))
        return [
            r[0]
            for r in self.conn.execute(
                """
            SELECT e.id FROM enrollments e
            LEFT JOIN portal_status p ON p.enrollment_id = e.id
            LEFT JOIN follow_ups f ON f.enrollment_id = e.id
            WHERE e.purged_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM outbox o
                              WHERE o.enrollment_id = e.id AND o.state != 'sent')
              AND (e.outcome IN ('declined', 'abandoned') AND e.completed_at <= :cutoff
                   OR e.outcome = 'in_progress' AND e.updated_at <= :stale
                   OR e.outcome = 'enrolled' AND e.follow_up_due <= :cutoff
                      AND (coalesce(p.status, '') = 'active'
                           OR json_extract(e.record, '$.steps.first_login.status') = 'done'
                           OR f.state = 'closed'))
            ORDER BY e.created_at""",
                {"cutoff": cutoff, "stale": stale},
            )
        ]

    def purge_patient_data(
        self, now: datetime | None = None, retention: timedelta = timedelta(0)
    ) -> int:
        """Strip patient data from every purgeable enrollment (see `purgeable`): the record
        keeps only what the dashboard counts, its outbox rows lose payloads, results and
        error texts. Run by the sync worker / `kiosk sync`, never the GUI thread."""
        moment = now or utcnow()
        stamp = iso(moment)
        ids = self.purgeable(moment, retention)
        for start in range(0, len(ids), 200):
            with self.transaction():
                for enrollment_id in ids[start : start + 200]:
                    record = self.conn.execute(
                        "SELECT record FROM enrollments WHERE id=?", (enrollment_id,)
                    ).fetchone()[0]
                    self.conn.execute(
                        "UPDATE enrollments SET record=?, purged_at=? WHERE id=?",
                        (
                            json.dumps(purged_record(json.loads(record), stamp)),
                            stamp,
                            enrollment_id,
                        ),
                    )
                    self.conn.execute(
                        "UPDATE outbox SET payload='{}', result=NULL, last_error=NULL "
                        "WHERE enrollment_id=?",
                        (enrollment_id,),
                    )
                self._audit(
                    "sync", "patient-data.purged", None, str(len(ids[start : start + 200])), stamp
                )
        if ids:
            # The old page images in the -wal go too (they are encrypted, and now also gone).
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return len(ids)

    def patient_data_count(self) -> int:
        """Enrollments still holding patient data (`kiosk doctor`)."""
        count: int = self.conn.execute(
            "SELECT count(*) FROM enrollments WHERE purged_at IS NULL"
        ).fetchone()[0]
        return count

    # ---- audit ---------------------------------------------------------------------------------
    # ---- practice-wide figures (aggregates only) --------------------------------------------
    def cache_put(self, key: str, data: dict[str, Any], saved_at: str | None = None) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO practice_cache(key, data, saved_at) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET data=excluded.data, saved_at=excluded.saved_at",
                (key, json.dumps(data, sort_keys=True), saved_at or iso(utcnow())),
            )

    def cache_get(self, key: str) -> tuple[dict[str, Any], str] | None:
        row = self.conn.execute(
            "SELECT data, saved_at FROM practice_cache WHERE key=?", (key,)
        ).fetchone()
        return (json.loads(row[0]), row[1]) if row else None

    def _audit(
        self, actor: str, action: str, subject_id: str | None, detail: str | None, at: str
    ) -> None:
        """Append one chained row. Always inside a write transaction (BEGIN IMMEDIATE), so
        the last row read here is still the last row when this one is inserted, across
        processes too."""
        for value, what in ((actor, "staff id"), (action, "action"), (subject_id, "subject")):
            _require_text(value, what, 200)
        _require_text(detail, "detail", 2000)
        if not self.conn.in_transaction:
            raise RuntimeError("audit rows are written inside a transaction")
        last = self.conn.execute(
            "SELECT seq, row_hash FROM audit ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        seq, previous = (last[0] + 1, last[1] or AUDIT_GENESIS) if last else (1, AUDIT_GENESIS)
        digest = audit_row_hash(previous, seq, at, actor, action, subject_id, detail)
        self.conn.execute(
            "INSERT INTO audit (seq, at, actor, action, subject_id, detail, prev_hash, row_hash) "
            "VALUES (?,?,?,?,?,?,?,?)",
            (seq, at, actor, action, subject_id, detail, previous, digest),
        )

    def verify_audit_chain(self) -> AuditCheck:
        """Walk the audit log in order; the first row whose link to the row before it, or
        whose own content, does not match its hash is the first broken link. Also reports
        a missing append-only trigger (someone lifted it)."""
        previous, previous_seq, count = AUDIT_GENESIS, None, 0
        rows = self.conn.execute(
            "SELECT seq, at, actor, action, subject_id, detail, prev_hash, row_hash "
            "FROM audit ORDER BY seq"
        )
        for seq, at, actor, action, subject_id, detail, prev_hash, row_hash in rows:
            count += 1
            if prev_hash != previous:
                after = f"row {previous_seq}" if previous_seq is not None else "the start"
                return AuditCheck(
                    count,
                    seq,
                    f"row {seq} does not follow {after}: a row between them was removed, "
                    "or one was changed",
                )
            if row_hash != audit_row_hash(prev_hash, seq, at, actor, action, subject_id, detail):
                return AuditCheck(count, seq, f"row {seq} was changed after it was written")
            previous, previous_seq = row_hash, seq
        triggers = {
            r[0]
            for r in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit'"
            )
        }
        missing = sorted({"audit_no_update", "audit_no_delete"} - triggers)
        if missing:
            return AuditCheck(count, None, f"append-only trigger missing: {', '.join(missing)}")
        return AuditCheck(count)

    def audit(
        self, actor: str, action: str, subject_id: str | None = None, detail: str | None = None
    ) -> None:
        """Record who did what. `detail` must never hold patient data."""
        with self.transaction():
            self._audit(actor, action, subject_id, detail, iso(utcnow()))

    def audit_log(self, limit: int = 100) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM audit ORDER BY seq DESC LIMIT ?", [limit]))
