"""Kill -9 durability: what a saving process printed as committed survives, exactly once.

A real child process (tests/durability_child.py) saves enrollments through Store.apply and
prints each id after the commit returns. We SIGKILL it at random moments, hundreds of times in
CI, reusing one database file, and after every kill check the file and every promise made.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from kiosk import database, secrets
from tests.db_keys import child_env

CHILD = Path(__file__).with_name("durability_child.py")
KINDS = ("ehr.patient-contact", "portal.invitation", "ehr.enrollment-record")
KILLS = int(os.environ.get("KIOSK_DURABILITY_KILLS") or (200 if os.environ.get("CI") else 30))


def expected_outbox_ids(enrollment_id: str) -> set[str]:
    """The stable idempotency keys, computed the way kiosk/enrollment.py promises."""
    return {str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:kiosk:{enrollment_id}:{k}")) for k in KINDS}


def run_child_until_killed(db: Path, rng: random.Random) -> list[str]:
    """Start the child, wait until it has committed at least one enrollment, then kill -9
    it after a random 5-150 ms. Returns the ids it printed (complete lines only)."""
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(dict(os.environ)),
    )
    try:
        first = proc.stdout.readline()
        if not first.endswith(b"\n"):
            proc.wait(timeout=10)
            raise AssertionError(f"child died before saving: {proc.stderr.read().decode()}")
        time.sleep(rng.uniform(0.005, 0.150))
        proc.send_signal(signal.SIGKILL)
        rest = proc.stdout.read()
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    text = (first + rest).decode()
    return [line for line in text.split("\n")[:-1] if line]  # the last piece may be partial


def check_database(db: Path, promised: list[str]) -> None:
    conn = database.connect(db, secrets.database_key())
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        counts = dict(conn.execute("SELECT id, count(*) FROM enrollments GROUP BY id"))
        missing = [i for i in promised if counts.get(i) != 1]
        assert not missing, f"{len(missing)} committed enrollments lost, e.g. {missing[:3]}"
        outcomes = dict(conn.execute("SELECT id, outcome FROM enrollments"))
        assert {outcomes[i] for i in promised} == {"enrolled"}
        outbox: dict[str, list[str]] = {}
        for item_id, enrollment_id in conn.execute("SELECT id, enrollment_id FROM outbox"):
            outbox.setdefault(enrollment_id, []).append(item_id)
        for enrollment_id in promised:
            items = outbox.get(enrollment_id, [])
            assert len(items) == 3, (enrollment_id, items)
            assert set(items) == expected_outbox_ids(enrollment_id)
    finally:
        conn.close()


@pytest.mark.slow
def test_sigkill_never_loses_or_duplicates_a_committed_enrollment(tmp_path):
    db = tmp_path / "durable.sqlite3"
    rng = random.Random(int(os.environ.get("KIOSK_DURABILITY_SEED", time.time_ns())))
    promised: list[str] = []
    started = time.monotonic()
    for _ in range(KILLS):
        printed = run_child_until_killed(db, rng)
        assert printed, "the child printed nothing before the kill"
        promised += printed
        check_database(db, promised)
    assert len(set(promised)) == len(promised)
    elapsed = time.monotonic() - started
    print(f"\ndurability: {KILLS} kills, {len(promised)} committed enrollments, {elapsed:.1f} s")
