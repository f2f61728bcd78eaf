"""Two `kiosk sync --watch` processes and two writer processes on one database (the app's sync
thread plus the service, as README allows): every item reaches the EHR, none twice.

1. The FHIR server ignores If-None-Exist, so any double send would show as a second Task.
   The delivering process is stopped (SIGTERM) and replaced at random moments while the
   writers write, so delivery changes hands between live processes several times.
2. The server honours If-None-Exist and the delivering process is killed with SIGKILL at
   random moments (mid-request too): the standby process takes over the dead one's claims.

Both print their counts; the report quotes them. Sizes: KIOSK_TWO_PROCESS_ITEMS (default 2,000
items per run, the issue's minimum).
"""

from __future__ import annotations

import os
import random
import signal
import time

import pytest
from sync_processes import (
    duplicates_and_lost,
    holder_pid,
    stop,
    sync_process,
    write_config,
    writer_process,
)
from sync_support import FhirServer

from kiosk.store import Store

ITEMS = max(2000, int(os.environ.get("KIOSK_TWO_PROCESS_ITEMS") or 2000))
SEED = int(os.environ.get("KIOSK_TWO_PROCESS_SEED") or time.time_ns() % 1_000_000)

pytestmark = pytest.mark.slow


def _wait_for_holder(db, procs, timeout=20.0) -> int:
    deadline = time.monotonic() + timeout
    live = {p.pid for p in procs if p.poll() is None}
    while time.monotonic() < deadline:
        pid = holder_pid(db)
        if pid in live:
            return pid
        time.sleep(0.05)
    raise AssertionError("no sync process took the delivery lock")


def _run(tmp_path, kiosk_dirs, *, conditional_create: bool, sig: int, handovers: int):
    rng = random.Random(SEED + conditional_create)
    server = FhirServer(conditional_create=conditional_create)
    server.start(auth=False)
    procs = []
    started = time.monotonic()
    try:
        config = write_config(tmp_path / f"kiosk-{conditional_create}.toml", server)
        db = kiosk_dirs.database
        with Store(db):  # create and migrate once, before four processes race for it
            pass
        log = tmp_path / "sync.log"
        procs = [sync_process(config, kiosk_dirs.data_dir, log=log) for _ in range(2)]
        half = ITEMS // 2
        writers = [writer_process(db, half, "A"), writer_process(db, ITEMS - half, "B")]
        for _ in range(handovers):
            time.sleep(rng.uniform(0.5, 4.0))
            pid = _wait_for_holder(db, procs)
            [holder] = [p for p in procs if p.pid == pid]
            assert stop(holder, sig) in (0, -signal.SIGKILL)
            procs.remove(holder)
            procs.append(sync_process(config, kiosk_dirs.data_dir, log=log))
        for w in writers:
            out, err = w.communicate(timeout=300)
            assert w.returncode == 0, err
        with Store(db) as store:
            deadline = time.monotonic() + 240
            while True:
                counts = store.outbox_counts()
                if counts["queued"] + counts["sending"] == 0 or time.monotonic() > deadline:
                    break
                time.sleep(0.25)
            ids = [r[0] for r in store.conn.execute("SELECT id FROM outbox")]
            not_sent = store.conn.execute(
                "SELECT count(*) FROM outbox WHERE state != 'sent'"
            ).fetchone()[0]
        elapsed = time.monotonic() - started
        duplicates, lost = duplicates_and_lost(server, ids)
        print(
            f"\ntwo-process sync (conditional create {'on' if conditional_create else 'off'}, "
            f"{handovers} x {signal.Signals(sig).name} of the delivering process, seed {SEED}): "
            f"{len(ids)} items, {duplicates} posted twice, {lost} lost, {not_sent} not sent, "
            f"{elapsed:.1f} s"
        )
        assert len(ids) == ITEMS
        assert (duplicates, lost, not_sent) == (0, 0, 0), log.read_text()[-3000:]
        # Exactly one of the two processes delivered at any time; the other stood by.
        assert "standby - another program" in log.read_text()
    finally:
        for p in procs:
            stop(p, signal.SIGKILL, timeout=10)
        server.stop()


def test_two_sync_processes_and_two_writers_never_send_an_item_twice(tmp_path, kiosk_dirs):
    _run(tmp_path, kiosk_dirs, conditional_create=False, sig=signal.SIGTERM, handovers=3)


def test_sigkill_of_the_delivering_process_loses_nothing_and_repeats_nothing(tmp_path, kiosk_dirs):
    _run(tmp_path, kiosk_dirs, conditional_create=True, sig=signal.SIGKILL, handovers=4)
