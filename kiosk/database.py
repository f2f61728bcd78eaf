"""Opening the kiosk database: SQLCipher (encrypted at rest), its key, the one-time migration.

The file is encrypted with SQLCipher 4 through the `sqlcipher3` driver (AES-256 pages with an
HMAC each; the -wal is encrypted too). The key is 32 random bytes given as a raw key
(`PRAGMA key = "x'...'"`), so no password-stretching runs at each open. It comes from
kiosk.secrets (the OS keyring, or the systemd credential `kiosk-db-key`); there is no
plaintext fallback: no key, no database, one clear StoreError.

A database written by an older kiosk (plaintext "SQLite format 3") is encrypted in place the
first time: under a lock file, the WAL is checkpointed away, `sqlcipher_export` copies every
table, index, trigger and the schema version into a temporary file, the copy is checked
(integrity and row counts) and renamed over the original. A crash at any point leaves either
the old plaintext file (migrated again at the next start) or the finished encrypted one.

Driver errors: sqlcipher3's exceptions do not inherit from the standard library's sqlite3
ones. Catch `DATABASE_ERRORS` / `OPERATIONAL_ERRORS` / `INTEGRITY_ERRORS` (tuples holding
both), never bare `sqlite3.DatabaseError`. `bind_sqlite_utils()` points sqlite-utils at this
driver, exactly as sqlite-utils itself does when it finds pysqlite3, so its own
`except sqlite3.OperationalError` paths (drop(ignore=True), RETURNING through query(), ...)
catch the errors our connections raise.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlcipher3
import sqlcipher3.dbapi2
from filelock import FileLock, Timeout

from kiosk import secrets
from kiosk.paths import PRIVATE_FILE, make_private, private_dir

Connection = sqlcipher3.Connection
# For `except` clauses anywhere in the kiosk (kiosk/store.py maps these to messages for staff).
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlcipher3.DatabaseError, sqlite3.DatabaseError)
OPERATIONAL_ERRORS: tuple[type[Exception], ...] = (
    sqlcipher3.OperationalError,
    sqlite3.OperationalError,
)
INTEGRITY_ERRORS: tuple[type[Exception], ...] = (sqlcipher3.IntegrityError, sqlite3.IntegrityError)
DRIVER_ERRORS: tuple[type[Exception], ...] = (sqlcipher3.Error, sqlite3.Error)

PLAINTEXT_HEADER = b"SQLite format 3\x00"
NEW, PLAINTEXT, ENCRYPTED = "new", "plaintext", "encrypted"
# How long the migration waits for another process to let go of a plaintext file.
MIGRATION_BUSY_MS = 30000


class DatabaseOpenError(Exception):
    """Worded for staff and IT; kiosk.store re-raises it as StoreError."""


class UnreadableDatabase(DatabaseOpenError):
    """The key does not open the file: it is damaged, or was encrypted with another key.
    kiosk.store maps `cause` (the driver's error) like any other: a full disk stays a full disk."""

    def __init__(self, message: str, cause: Exception) -> None:
        super().__init__(message)
        self.cause = cause


def bind_sqlite_utils() -> None:
    """Make sqlite-utils catch sqlcipher3's exceptions (see the module docstring)."""
    import sqlite_utils.db
    import sqlite_utils.utils

    for module in (sqlite_utils.db, sqlite_utils.utils):
        module.sqlite3 = sqlcipher3  # type: ignore[attr-defined]
        module.OperationalError = sqlcipher3.OperationalError  # type: ignore[attr-defined]
    sqlite_utils.utils.dbapi2 = sqlcipher3.dbapi2  # type: ignore[attr-defined]


def file_state(path: Path) -> str:
    """NEW (missing or empty), PLAINTEXT (an unencrypted SQLite file) or ENCRYPTED (anything
    else: an SQLCipher file looks like random bytes, and so does a damaged one)."""
    try:
        with open(path, "rb") as fh:
            header = fh.read(len(PLAINTEXT_HEADER))
    except FileNotFoundError:
        return NEW
    if not header:
        return NEW
    return PLAINTEXT if header == PLAINTEXT_HEADER else ENCRYPTED


def is_encrypted(path: Path | str) -> bool:
    """The file exists and is not a plaintext SQLite file (the self-test's proof)."""
    return file_state(Path(path)) == ENCRYPTED


def _private_database_files(path: Path) -> None:
    # SQLite creates -wal/-shm with the main file's mode; existing ones from an older kiosk
    # (0644) are tightened here too.
    for candidate in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))):
        make_private(candidate)


def _pragma_key(key: bytes) -> str:
    if len(key) != 32:
        raise DatabaseOpenError("The database key must be 32 bytes.")
    return f"\"x'{key.hex()}'\""


def connect(path: Path | str, key: bytes, timeout: float = 10.0) -> sqlcipher3.Connection:
    """An open, keyed connection (autocommit: the caller runs BEGIN/COMMIT itself), with the
    key checked by a first read. Raises DatabaseOpenError worded for staff."""
    path = Path(path)
    if file_state(path) == NEW and os.name == "posix":
        # Create it 0600 before SQLite does (SQLite would use the umask, typically 0644).
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
    conn = sqlcipher3.connect(str(path), isolation_level=None, timeout=timeout)
    try:
        # SQLCipher prints its own errors to stderr (e.g. "hmac check failed" for a wrong key
        # or a damaged page); the kiosk reports them once, in words, instead.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {_pragma_key(key)}")
        # Temporary tables and sort spills stay in memory: never an unencrypted temp file.
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DATABASE_ERRORS as exc:
        conn.close()
        raise UnreadableDatabase(
            f"{exc}. The key does not open this file: it is damaged, or it was encrypted "
            "with another key (was the kiosk's key in the OS keyring or the credential "
            f"{secrets.DB_KEY_CREDENTIAL} replaced?)",
            exc,
        ) from None
    _private_database_files(path)
    return conn


def open_database(path: Path | str, key: bytes | None = None) -> sqlcipher3.Connection:
    """The kiosk database at `path`, encrypted, created or migrated as needed.

    `key=None` takes the key from kiosk.secrets (the real path); a new key is made only when
    there is no encrypted database yet. Benchmarks and tools may pass a key explicitly."""
    path = Path(path)
    private_dir(path.parent)
    if key is None or file_state(path) == PLAINTEXT:
        key = _prepare(path, key)
    return connect(path, key)


def _prepare(path: Path, key: bytes | None) -> bytes:
    """Under a lock shared with every other kiosk process (the app and `kiosk sync` may start
    together): make the key if this is a first start, and encrypt a plaintext file."""
    lock = FileLock(str(path.with_name(path.name + ".lock")), timeout=60, mode=PRIVATE_FILE)
    try:
        with lock:
            state = file_state(path)  # again, now that no one else can be migrating it
            if key is None:
                key = _database_key(path, create=state != ENCRYPTED)
            if state == PLAINTEXT:
                encrypt_in_place(path, key)
            return key
    except Timeout:
        raise DatabaseOpenError(
            "Another kiosk program has held the database set-up lock for a minute; "
            "close the other kiosk programs and start again."
        ) from None


def _database_key(path: Path, create: bool) -> bytes:
    try:
        key = secrets.database_key(create=create)
    except secrets.CredentialError as exc:
        raise DatabaseOpenError(str(exc)) from None
    if key is None:
        raise DatabaseOpenError(
            "it is encrypted and its key is missing: there is no 'database_key' in the OS "
            f"keyring ({secrets.backend_name()}) and no systemd credential "
            f"{secrets.DB_KEY_CREDENTIAL}. Restore the key the kiosk was set up with "
            "(README: Encryption key); the kiosk does not start without it."
        )
    return key


def encrypt_in_place(path: Path, key: bytes) -> None:
    """Turn the plaintext database at `path` into an encrypted one, atomically, losing
    nothing (schema, rows, triggers, indexes, user_version). Caller holds the lock."""
    tmp = path.with_name(path.name + ".encrypting")
    for stale in (tmp, tmp.with_name(tmp.name + "-journal")):
        stale.unlink(missing_ok=True)
    # No key: this connection reads the plaintext file.
    plain = sqlcipher3.connect(str(path), isolation_level=None, timeout=MIGRATION_BUSY_MS / 1000)
    try:
        plain.execute(f"PRAGMA busy_timeout = {int(MIGRATION_BUSY_MS)}")
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        # Leaving WAL mode checkpoints and deletes the -wal/-shm; SQLite refuses while another
        # connection has the file open, so no write can slip past the copy.
        mode = plain.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise DatabaseOpenError(
                "it must be encrypted once, and another program has it open; close the other "
                "kiosk programs and start again."
            )
        version = plain.execute("PRAGMA user_version").fetchone()[0]
        plain.execute(f"ATTACH DATABASE ? AS encrypted KEY {_pragma_key(key)}", (str(tmp),))
        plain.execute("BEGIN EXCLUSIVE")
        plain.execute("SELECT sqlcipher_export('encrypted')")
        plain.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        plain.execute("COMMIT")
        tables = [
            r[0]
            for r in plain.execute(
                "SELECT name FROM main.sqlite_master WHERE type='table' "
                "AND name NOT LIKE 'sqlite_%'"
            )
        ]
        counts = {
            t: plain.execute(f'SELECT count(*) FROM main."{t}"').fetchone()[0] for t in tables
        }
        plain.execute("DETACH DATABASE encrypted")
    except OPERATIONAL_ERRORS as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise DatabaseOpenError(f"encrypting it failed ({exc}); nothing was changed.") from None
        raise DatabaseOpenError(
            "it must be encrypted once, and another program has it open; close the other "
            "kiosk programs and start again."
        ) from None
    except DATABASE_ERRORS as exc:
        raise DatabaseOpenError(f"encrypting it failed ({exc}); nothing was changed.") from None
    finally:
        plain.close()
    make_private(tmp)
    check = connect(tmp, key)
    try:
        copied = {t: check.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in counts}
        ok = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        check.close()
    if not ok or copied != counts:
        tmp.unlink(missing_ok=True)
        raise DatabaseOpenError("the encrypted copy did not match; nothing was changed.")
    _fsync(tmp)
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)  # Windows' fsync (_commit) needs a writable handle
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


bind_sqlite_utils()
