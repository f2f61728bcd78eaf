"""Encryption at rest: SQLCipher through the real key path (in-memory keyring from conftest,
or the systemd credential), no plaintext fallback, the one-time migration of a plaintext file,
and the sqlite-utils paths the store relies on over a sqlcipher3 connection."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys

import keyring
import keyring.backends.fail
import pytest
import sqlcipher3
import sqlite_utils

from kiosk import database, secrets
from kiosk.enrollment import Channel, Enrollment, Patient
from kiosk.store import MIGRATIONS, SCHEMA_VERSION, Store, StoreError

NAME, EMAIL = "Zebulon-Quaxley", "zq.encrypt@example.org"


def enroll(store: Store, n: int = 1) -> Enrollment:
    e = store.apply(Enrollment.start("staff-1", Patient("Ana", NAME, "1971-03-04", f"pat-{n}")))
    e = store.apply(e.capture_contact(email=EMAIL, mobile="+12135550199", channel=Channel.EMAIL))
    e = store.apply(e.send_invitation())
    return store.apply(e.finish(follow_up_days=7))


def all_rows(conn) -> dict[str, list[tuple]]:
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}


def schema(conn) -> list[tuple]:
    return conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()


# ---- the file is encrypted, the key opens it -----------------------------------------------
def test_the_standard_sqlite3_module_cannot_read_the_file_and_the_key_can(kiosk_dirs):
    with Store(kiosk_dirs.database) as store:
        e = enroll(store)
        # the -wal exists while the store is open: it is encrypted too
        wal = kiosk_dirs.database.with_name("kiosk.sqlite3-wal").read_bytes()
    assert wal and NAME.encode() not in wal and EMAIL.encode() not in wal
    raw = kiosk_dirs.database.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert NAME.encode() not in raw and EMAIL.encode() not in raw
    plain = sqlite3.connect(kiosk_dirs.database)
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        plain.execute("SELECT count(*) FROM enrollments").fetchone()
    plain.close()
    # sqlcipher3 without the key fails as well; with the key from the keyring it opens
    nokey = sqlcipher3.connect(str(kiosk_dirs.database))
    with pytest.raises(sqlcipher3.DatabaseError):
        nokey.execute("SELECT count(*) FROM enrollments").fetchone()
    nokey.close()
    stored = keyring.get_password(secrets.SERVICE, secrets.DB_KEY_NAME)
    assert stored and len(bytes.fromhex(stored)) == 32
    conn = database.connect(kiosk_dirs.database, bytes.fromhex(stored))
    assert conn.execute("SELECT id FROM enrollments").fetchall() == [(e.id,)]
    assert conn.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
    conn.close()


def test_the_key_is_made_once_at_first_start_and_reused(kiosk_dirs, memory_keyring):
    assert secrets.database_key() is None
    Store(kiosk_dirs.database).close()
    first = memory_keyring.get_password(secrets.SERVICE, secrets.DB_KEY_NAME)
    Store(kiosk_dirs.database).close()
    assert memory_keyring.get_password(secrets.SERVICE, secrets.DB_KEY_NAME) == first
    assert secrets.DB_KEY_NAME not in secrets.stored_names()  # never listed or printed


# ---- no key, no start ----------------------------------------------------------------------
def test_no_safe_keyring_and_no_credential_means_no_database_at_all(kiosk_dirs):
    keyring.set_keyring(keyring.backends.fail.Keyring())
    with pytest.raises(StoreError) as err:
        Store(kiosk_dirs.database)
    message = str(err.value)
    assert "No safe place for the database key" in message
    assert "kiosk-db-key" in message and "Secret Service" in message
    assert not kiosk_dirs.database.exists()  # nothing was written in plaintext instead


def test_a_lost_key_stops_the_kiosk_and_no_new_key_replaces_it(kiosk_dirs, memory_keyring):
    with Store(kiosk_dirs.database) as store:
        enroll(store)
    before = kiosk_dirs.database.read_bytes()
    memory_keyring.delete_password(secrets.SERVICE, secrets.DB_KEY_NAME)
    with pytest.raises(StoreError, match="encrypted and its key is missing"):
        Store(kiosk_dirs.database)
    assert memory_keyring.get_password(secrets.SERVICE, secrets.DB_KEY_NAME) is None
    assert kiosk_dirs.database.read_bytes() == before


def test_a_wrong_key_is_refused_in_words(kiosk_dirs, memory_keyring):
    Store(kiosk_dirs.database).close()
    memory_keyring.set_password(secrets.SERVICE, secrets.DB_KEY_NAME, "ab" * 32)
    with pytest.raises(StoreError, match="the key does not open this file"):
        Store(kiosk_dirs.database)


def test_the_cli_says_so_in_one_line_and_exits_2(kiosk_dirs, capsys):
    from kiosk import cli

    keyring.set_keyring(keyring.backends.fail.Keyring())
    assert cli.main(["sync"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "No safe place for the database key" in err


# ---- the systemd credential ----------------------------------------------------------------
def test_the_systemd_credential_is_used_first(kiosk_dirs, tmp_path, monkeypatch, memory_keyring):
    creds = tmp_path / "creds"
    creds.mkdir()
    key = os.urandom(32)
    (creds / "kiosk-db-key").write_text(key.hex() + "\n")
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(creds))
    keyring.set_keyring(keyring.backends.fail.Keyring())  # a locked-down kiosk: no keyring
    with Store(kiosk_dirs.database) as store:
        e = enroll(store)
    conn = database.connect(kiosk_dirs.database, key)
    assert conn.execute("SELECT id FROM enrollments").fetchall() == [(e.id,)]
    conn.close()
    (creds / "kiosk-db-key").write_bytes(key)  # 32 raw bytes are accepted too
    Store(kiosk_dirs.database).close()
    (creds / "kiosk-db-key").write_text("not-a-key\n")
    with pytest.raises(StoreError, match="kiosk-db-key is not 64 hex digits"):
        Store(kiosk_dirs.database)


# ---- migrating a plaintext database ----------------------------------------------------------
def plaintext_copy_of(reference: Store, path) -> dict[str, list[tuple]]:
    """A plaintext kiosk database (as an older kiosk wrote it) with the reference's rows, its
    last rows still in the -wal (copied while open: nothing checkpointed)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    db = sqlite_utils.Database(conn)
    for version in range(1, SCHEMA_VERSION + 1):
        MIGRATIONS[version](db)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    rows = all_rows(reference.conn)
    for table, values in rows.items():
        for row in values:
            conn.execute(
                f'INSERT OR REPLACE INTO "{table}" VALUES ({",".join("?" * len(row))})', row
            )
    snapshot = path.parent.parent / "snapshot"
    snapshot.mkdir()
    for suffix in ("", "-wal"):
        shutil.copy(str(path) + suffix, snapshot / (path.name + suffix))
    conn.close()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(str(path) + suffix):
            os.remove(str(path) + suffix)
    for suffix in ("", "-wal"):
        shutil.move(snapshot / (path.name + suffix), str(path) + suffix)
    return rows


def test_a_plaintext_database_is_encrypted_in_place_once_losing_nothing(tmp_path, kiosk_dirs):
    with Store(tmp_path / "reference.sqlite3") as reference:
        for n in range(1, 6):
            enroll(reference, n)
        reference.audit("staff-1", "admin.opened")
        expected_schema = schema(reference.conn)
        path = kiosk_dirs.database
        path.parent.mkdir(parents=True)
        rows = plaintext_copy_of(reference, path)
    wal = path.with_name(path.name + "-wal").read_bytes()
    assert NAME.encode() in wal  # the data really sits in an uncheckpointed plaintext WAL
    with Store(path) as store:
        assert all_rows(store.conn) == rows
        assert schema(store.conn) == expected_schema  # tables, indexes, triggers
        assert store.schema_version() == SCHEMA_VERSION and store.integrity_ok()
    raw = path.read_bytes()
    assert not raw.startswith(b"SQLite format 3") and NAME.encode() not in raw
    leftovers = sorted(p.name for p in path.parent.iterdir())
    assert leftovers == ["kiosk.sqlite3", "kiosk.sqlite3.lock"], leftovers
    if os.name == "posix":
        assert (path.stat().st_mode & 0o777) == 0o600
    Store(path).close()  # the second start does not migrate again
    assert path.read_bytes()[:16] == raw[:16]


HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN")
conn.execute("SELECT * FROM t").fetchall()
print("reading", flush=True)
sys.stdin.readline()
"""


def test_a_plaintext_database_in_use_by_another_process_is_left_alone(
    tmp_path, kiosk_dirs, monkeypatch
):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE t (v TEXT)")
    conn.execute("INSERT INTO t VALUES ('kept')")
    conn.close()
    # an older kiosk process still has it open (POSIX locks are per process: a real child)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert holder.stdout.readline() == b"reading\n"
        monkeypatch.setattr(database, "MIGRATION_BUSY_MS", 300)
        with pytest.raises(StoreError, match="another program has it open"):
            Store(path)
    finally:
        holder.communicate(b"\n", timeout=10)
    assert path.read_bytes().startswith(b"SQLite format 3")
    assert not path.with_name("old.sqlite3.encrypting").exists()
    with Store(path) as store:  # once it is closed, the next start migrates it
        assert store.conn.execute("SELECT v FROM t").fetchall() == [("kept",)]
    assert not path.read_bytes().startswith(b"SQLite format 3")


# ---- sqlite-utils over a sqlcipher3 connection ---------------------------------------------
def test_sqlite_utils_catches_the_drivers_errors_on_every_path_the_store_uses(store):
    db = store.db
    # drop(ignore=True) on a missing table: sqlite-utils' own except OperationalError
    db["never_made"].drop(ignore=True)
    with pytest.raises(database.OPERATIONAL_ERRORS):
        db["never_made"].drop()
    # INSERT ... RETURNING through query(): the RELEASE-while-executing path is caught
    db.execute("CREATE TABLE r (id INTEGER PRIMARY KEY, v TEXT)")
    rows = list(db.query("INSERT INTO r (v) VALUES ('a') RETURNING id, v"))
    assert rows == [{"id": 1, "v": "a"}]
    assert db.execute("SELECT count(*) FROM r").fetchone()[0] == 1  # it took effect
    # UPDATE ... RETURNING on the raw connection (the outbox claim style)
    claimed = store.conn.execute("UPDATE r SET v='b' WHERE id=1 RETURNING v").fetchall()
    assert claimed == [("b",)]
    # update(alter=True) adds a missing column after catching "no such column"
    db["r"].update(1, {"extra": "x"}, alter=True)
    assert db["r"].get(1)["extra"] == "x"
    # insert(alter=True) likewise; upsert and insert(ignore=True) as the store uses them
    db["r"].insert({"id": 2, "v": "c", "more": 1}, alter=True)
    db["r"].upsert({"id": 2, "v": "d"}, pk="id")
    db["r"].insert({"id": 2, "v": "ignored"}, pk="id", ignore=True)
    assert db["r"].get(2)["v"] == "d"
    # create_index(find_unique_name=True) retries after "index ... already exists"
    db["r"].create_index(["v"], index_name="idx_r_v")
    db["r"].create_index(["v"], index_name="idx_r_v", find_unique_name=True)
    assert {"idx_r_v", "idx_r_v_2"} <= {i.name for i in db["r"].indexes}
    assert db.supports_strict in (True, False) and db.supports_on_conflict
    # an atomic block that fails rolls back, and the driver's error comes through
    with pytest.raises(database.INTEGRITY_ERRORS), db.atomic():
        db["r"].insert({"id": 3, "v": "e"})
        db["r"].insert({"id": 3, "v": "dup"})
    assert db.execute("SELECT count(*) FROM r WHERE id=3").fetchone()[0] == 0
    db["r"].drop()
    assert "r" not in db.table_names()


def test_storage_errors_from_the_driver_become_store_errors(tmp_path):
    path = tmp_path / "kiosk.sqlite3"
    path.write_bytes(os.urandom(8192))  # damaged (or encrypted with something else)
    with pytest.raises(StoreError, match="Cannot use the kiosk database"):
        Store(path)
    assert issubclass(sqlcipher3.OperationalError, database.DATABASE_ERRORS)
    assert not issubclass(sqlcipher3.OperationalError, sqlite3.DatabaseError)
