"""The tablet's wall clock jumps (NTP, DST, a hand-set clock) during a real sync run: a retry
scheduled for 5 s still happens about 5 s later.

A real `kiosk sync --watch` runs under libfaketime (Debian package `faketime`, installed by
`kiosk/scripts/bootstrap.sh test`) with its offset read from a file the test rewrites while the
process runs (FAKETIME_TIMESTAMP_FILE, FAKETIME_NO_CACHE), and the monotonic clock left alone
(FAKETIME_DONT_FAKE_MONOTONIC=1). The server answers the first request 503 + Retry-After: 5;
at random moments during the wait the test moves the process's wall clock back one day and
forward one day (in random order). Scheduling by the wall clock would hold the retry for a day
or send it at once.
"""

from __future__ import annotations

import os
import random
import signal
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sync_processes import child_env, stop, sync_process, write_config
from sync_support import FhirServer, decline

from kiosk.enrollment import DeclineReason, Patient, parse_iso, utcnow
from kiosk.store import Store

INTERVAL = 2
LIBFAKETIME = next(
    (
        p
        for p in (
            Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"),
            Path("/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1"),
            Path("/usr/lib/faketime/libfaketime.so.1"),
        )
        if p.exists()
    ),
    None,
)

pytestmark = pytest.mark.slow


@pytest.fixture
def faketime_lib() -> Path:
    if LIBFAKETIME is None:
        if os.environ.get("CI"):
            pytest.fail("libfaketime is missing: kiosk/scripts/bootstrap.sh test installs it")
        pytest.skip("libfaketime not installed (apt install faketime, or bootstrap.sh test)")
    return LIBFAKETIME


def _stats(server) -> dict[str, int]:
    return server.stats()["requests"]


def _wait_for(predicate, timeout: float, what: str) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return time.monotonic()
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_5_second_retry_waits_5_seconds_while_the_wall_clock_jumps(
    tmp_path, kiosk_dirs, faketime_lib
):
    rng = random.Random()
    offset_file = tmp_path / "faketime-offset"
    offset_file.write_text("+0\n")
    server = FhirServer()
    server.start(auth=False)
    proc = None
    try:
        config = write_config(tmp_path / "kiosk.toml", server, interval=INTERVAL)
        with Store(kiosk_dirs.database) as store:
            decline(store, Patient("Clock", "Jump", "1970-01-01"), DeclineReason.NO_EMAIL)
        server.set_faults(fail_next=1, status=503, retry_after=5)
        env = child_env(
            config,
            kiosk_dirs.data_dir,
            LD_PRELOAD=str(faketime_lib),
            FAKETIME_TIMESTAMP_FILE=str(offset_file),
            FAKETIME_NO_CACHE="1",
            FAKETIME_DONT_FAKE_MONOTONIC="1",
        )
        proc = sync_process(config, kiosk_dirs.data_dir, log=tmp_path / "sync.log", env=env)
        failed_at = _wait_for(lambda: _stats(server).get("POST 503", 0) == 1, 60, "the 503")
        # Both jumps within 2.5 s, in random order: a wall-clock schedule would send by
        # ~4.5 s (forward last) or hold the retry for a day (back last).
        jumps = rng.sample(["-1d", "+1d"], 2)
        moments = sorted(rng.uniform(0.3, 2.5) for _ in jumps)
        for jump, moment in zip(jumps, moments, strict=True):
            time.sleep(max(0.0, failed_at + moment - time.monotonic()))
            offset_file.write_text(jump + "\n")
        sent_at = _wait_for(lambda: _stats(server).get("POST 200", 0) >= 1, 30, "the retry")
        waited = sent_at - failed_at
        log = (tmp_path / "sync.log").read_text()
        print(
            f"\nclock jump: wall clock {jumps[0]} at +{moments[0]:.1f} s, {jumps[1]} at "
            f"+{moments[1]:.1f} s; "
            f"the 5 s retry went after {waited:.1f} s (passes every {INTERVAL} s)"
        )
        assert 4.8 <= waited <= 5 + INTERVAL + 2, (waited, log)
        with Store(kiosk_dirs.database) as store:
            deadline = time.monotonic() + 10
            while store.outbox_counts()["sent"] != 1 and time.monotonic() < deadline:
                time.sleep(0.05)
            [(updated_at, attempts)] = store.conn.execute(
                "SELECT updated_at, attempts FROM outbox"
            ).fetchall()
        # The child's wall clock really was a day off when it recorded the delivery.
        assert abs(parse_iso(updated_at) - utcnow()) > timedelta(hours=20), updated_at
        assert attempts == 2
        assert proc.poll() is None, log
    finally:
        if proc is not None:
            stop(proc, signal.SIGTERM)
        server.stop()
