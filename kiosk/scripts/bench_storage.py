"""What encryption at rest costs: database size and the time to open it, plaintext vs SQLCipher.

    python kiosk/scripts/bench_storage.py [--n 1000] [--runs 30]

Seeds N realistic enrollments (tests/seed.py: enrolled, declined, abandoned visits with their
step log, outbox and audit rows) into an encrypted kiosk database through the real Store,
makes a plaintext twin of it (sqlcipher_export to a keyless file: same pages, same rows), and
prints both sizes. Then, in one run and interleaved so machine noise hits both alike, it times
what the kiosk does at start-up: open the file, set the key (SQLCipher only), the connection
pragmas and a first read of the schema and the outbox counts; it prints medians and the ratio
(encrypted / plaintext). Numbers, not assertions: the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import sqlcipher3  # noqa: E402

from kiosk import database  # noqa: E402
from kiosk.enrollment import DeclineReason  # noqa: E402
from kiosk.store import Store  # noqa: E402


def seed(path: Path, key: bytes, n: int) -> None:
    from tests import seed as seeding

    rng = random.Random(20261202)
    start = datetime(2026, 11, 1, 9, tzinfo=UTC)
    with Store(path, key=key) as store:
        seeding.add_staff(store, "staff-1", "Ana Ruiz")
        for i in range(n):
            at = start + timedelta(minutes=17 * i)
            roll = rng.random()
            if roll < 0.7:
                seeding.enrolled(store, "staff-1", at, i, first_login=rng.random() < 0.6)
            elif roll < 0.9:
                reason = rng.choice(list(DeclineReason))
                seeding.declined(store, "staff-1", at, reason, i)
            else:
                seeding.abandoned(store, "staff-1", at, i, after_invitation=rng.random() < 0.5)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def plaintext_twin(encrypted: Path, key: bytes, plain: Path) -> None:
    conn = database.connect(encrypted, key)
    try:
        conn.execute("ATTACH DATABASE ? AS plaintext KEY ''", (str(plain),))
        conn.execute("SELECT sqlcipher_export('plaintext')")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA plaintext.user_version = {version}")
        conn.execute("DETACH DATABASE plaintext")
    finally:
        conn.close()


def open_once(path: Path, key: bytes | None) -> float:
    """Seconds for the start-up open: connect, key, pragmas, first reads (as Store does)."""
    started = time.perf_counter()
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    if key is not None:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.execute("PRAGMA user_version").fetchone()
    conn.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall()
    conn.close()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="enrollments to seed")
    parser.add_argument("--runs", type=int, default=30, help="opens of each file")
    args = parser.parse_args(argv)
    key = os.urandom(32)
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-storage-") as tmp:
        encrypted, plain = Path(tmp) / "encrypted.sqlite3", Path(tmp) / "plain.sqlite3"
        t0 = time.perf_counter()
        seed(encrypted, key, args.n)
        seeded = time.perf_counter() - t0
        plaintext_twin(encrypted, key, plain)
        assert not database.is_encrypted(plain) and database.is_encrypted(encrypted)
        size_e, size_p = encrypted.stat().st_size, plain.stat().st_size
        print(f"seeded {args.n} enrollments through the real Store in {seeded:.1f} s")
        print(f"size plaintext  {size_p / 1024:9.1f} KiB")
        print(
            f"size encrypted  {size_e / 1024:9.1f} KiB  (x{size_e / size_p:.3f}, "
            f"{(size_e - size_p) / 1024:+.1f} KiB: SQLCipher keeps a nonce and HMAC per page)"
        )
        times: dict[str, list[float]] = {"plaintext": [], "encrypted": []}
        open_once(plain, None), open_once(encrypted, key)  # warm the page cache once
        for _ in range(args.runs):
            times["plaintext"].append(open_once(plain, None))
            times["encrypted"].append(open_once(encrypted, key))
        med = {k: statistics.median(v) for k, v in times.items()}
        for label, value in med.items():
            print(f"open {label:<10} median {value * 1000:7.2f} ms over {args.runs} runs")
        print(f"open ratio encrypted / plaintext: x{med['encrypted'] / med['plaintext']:.2f}")
        # A full Store open (pragmas, schema version check, salt read; no outbox scan).
        store_times = []
        for _ in range(max(5, args.runs // 3)):
            started = time.perf_counter()
            Store(encrypted, key=key).close()
            store_times.append(time.perf_counter() - started)
        print(f"Store(...) open (encrypted) median {statistics.median(store_times) * 1000:.2f} ms")
        # Why a raw key: a passphrase key runs PBKDF2-HMAC-SHA512 (256,000 rounds) at every open.
        phrase = Path(tmp) / "passphrase.sqlite3"
        conn = sqlcipher3.connect(str(phrase))
        conn.execute("PRAGMA key = 'a passphrase'")
        conn.execute("CREATE TABLE t (v)")
        conn.close()
        kdf = []
        for _ in range(5):
            started = time.perf_counter()
            conn = sqlcipher3.connect(str(phrase))
            conn.execute("PRAGMA key = 'a passphrase'")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.close()
            kdf.append(time.perf_counter() - started)
        print(
            f"(for comparison: a passphrase key, PBKDF2 at each open: median "
            f"{statistics.median(kdf) * 1000:.0f} ms; the kiosk uses a raw 256-bit key)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
