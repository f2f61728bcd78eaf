"""A fault storm with real processes: the FHIR test server answers 30% of requests with 503
(50 ms latency on every request) while a writer queues records and `kiosk sync --watch` is
killed with SIGKILL twice and restarted; then the faults stop.

- Delivery keeps pace during the storm (an isolated 503 does not end the pass).
- After recovery every item is delivered within one sync_interval_seconds plus a few seconds
  (the first success lets every item waiting out its backoff go at once). The catch-up time
  is printed for the report.
- `attempts` counts requests actually made: never-tried items have 0, and the sum over all
  items equals the requests the server saw, less at most one per kill (a request cut off by
  SIGKILL has no recorded outcome).
"""

from __future__ import annotations

import os
import random
import signal
import time

import pytest
from sync_processes import duplicates_and_lost, stop, sync_process, write_config, writer_process
from sync_support import FhirServer

from kiosk.store import Store

ITEMS = int(os.environ.get("KIOSK_STORM_ITEMS") or 150)
STORM_SECONDS = float(os.environ.get("KIOSK_STORM_SECONDS") or 25)
INTERVAL = 2
KILLS = 2

pytestmark = pytest.mark.slow


def _fhir_posts(server) -> int:
    return sum(n for key, n in server.stats()["requests"].items() if key.startswith("POST "))


def test_after_a_503_storm_every_item_is_delivered_within_one_interval(tmp_path, kiosk_dirs):
    rng = random.Random()
    server = FhirServer()
    server.start(auth=False)
    procs = []
    try:
        config = write_config(tmp_path / "kiosk.toml", server, interval=INTERVAL)
        db = kiosk_dirs.database
        with Store(db):
            pass
        server.set_faults(fail_rate=0.3, status=503, latency_ms=50)
        log = tmp_path / "sync.log"
        writer = writer_process(db, ITEMS, "S")
        procs.append(sync_process(config, kiosk_dirs.data_dir, log=log))
        storm_start = time.monotonic()
        storm_end = storm_start + STORM_SECONDS
        for kill_at in sorted(rng.uniform(3, STORM_SECONDS - 3) for _ in range(KILLS)):
            time.sleep(max(0.0, storm_start + kill_at - time.monotonic()))
            stop(procs.pop(), signal.SIGKILL)
            procs.append(sync_process(config, kiosk_dirs.data_dir, log=log))
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        time.sleep(max(0.0, storm_end - time.monotonic()))

        with Store(db) as store:
            waiting_at_recovery = store.conn.execute(
                "SELECT count(*) FROM outbox WHERE state IN ('queued','sending')"
            ).fetchone()[0]
            untried_with_attempts = store.conn.execute(
                "SELECT count(*) FROM outbox WHERE state='queued' AND last_error IS NULL "
                "AND attempts > 0"
            ).fetchone()[0]
            server.set_faults(fail_rate=0, latency_ms=50)
            recovered = time.monotonic()
            while True:
                counts = store.outbox_counts()
                if counts["queued"] + counts["sending"] == 0:
                    break
                if time.monotonic() - recovered > 120:
                    raise AssertionError(f"not delivered 120 s after recovery: {counts}")
                time.sleep(0.05)
            catch_up = time.monotonic() - recovered
            ids = [r[0] for r in store.conn.execute("SELECT id FROM outbox")]
            attempts = store.conn.execute("SELECT sum(attempts) FROM outbox").fetchone()[0]
            max_attempts = store.conn.execute("SELECT max(attempts) FROM outbox").fetchone()[0]
        posts = _fhir_posts(server)
        failed = sum(n for k, n in server.stats()["requests"].items() if k == "POST 503")
        duplicates, lost = duplicates_and_lost(server, ids)
        print(
            f"\nstorm: {len(ids)} items, {STORM_SECONDS:.0f} s at 30% 503 + 50 ms, {KILLS} x "
            f"SIGKILL; {waiting_at_recovery} items left at recovery, all delivered "
            f"{catch_up:.1f} s after it (sync_interval_seconds = {INTERVAL}); "
            f"{posts} POSTs ({failed} answered 503), attempts recorded {attempts} "
            f"(max {max_attempts} for one item); {duplicates} duplicates, {lost} lost"
        )
        assert untried_with_attempts == 0
        assert (duplicates, lost) == (0, 0)
        assert posts - KILLS <= attempts <= posts
        # One interval for the next pass, then the sending itself (50 ms latency per request).
        assert catch_up <= INTERVAL + 5 + 0.2 * waiting_at_recovery, catch_up
    finally:
        for p in procs:
            stop(p, signal.SIGKILL, timeout=10)
        server.stop()
