"""The delivery lock (kiosk/sync/lease.py) with real processes: while another live process
holds it, an engine claims nothing and `kiosk sync` exits 3 with one line; the moment the holder
dies (SIGKILL), the next pass takes the lock and the dead holder's claims come back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

from sync_processes import REPO, child_env, stop, sync_process, write_config
from sync_support import FhirServer, decline

from kiosk.enrollment import DeclineReason, Patient
from kiosk.ports import NoPortal
from kiosk.store import Store
from kiosk.sync.engine import ONLINE, STANDBY, OutboxEngine
from kiosk.sync.lease import DeliveryLock
from kiosk.sync.mapping import MappingContext
from tests.db_keys import child_env as db_child_env

HOLDER = textwrap.dedent(
    """
    import sys, time
    from kiosk.store import Store
    from kiosk.sync.lease import DeliveryLock
    lock = DeliveryLock(sys.argv[1])
    assert lock.try_acquire()
    with Store(sys.argv[1]) as store:
        claimed = store.claim_due(owner="holder")  # "sending" when it dies
    print(len(claimed), flush=True)
    time.sleep(600)
    """
)


def _engine(store: Store) -> OutboxEngine:
    portal = NoPortal("https://portal.example.org")
    return OutboxEngine(store, None, portal, MappingContext("urn:mrn"))


def test_a_live_holder_is_never_overtaken_and_a_dead_ones_claims_come_back(store):
    for i in range(3):
        decline(store, Patient(f"L{i}", "Lease", "1970-01-01"), DeclineReason.NO_EMAIL)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(store.path)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        env=db_child_env(dict(os.environ, PYTHONPATH=str(REPO))),
    )
    try:
        assert holder.stdout.readline().strip() == "3"
        engine = _engine(store)
        result = engine.run_pass()
        assert result.state == STANDBY and f"process {holder.pid}" in result.message
        assert store.outbox_counts()["sending"] == 3  # nothing taken back from a live sender
        assert not engine.lock.held
        stop(holder, signal.SIGKILL)
        result = engine.run_pass()  # no EHR configured: items wait, but the lock is ours
        assert result.state != STANDBY and engine.lock.held
        counts = store.outbox_counts()
        assert counts["sending"] == 0 and counts["queued"] == 3
        rows = store.conn.execute("SELECT attempts, claimed_by FROM outbox").fetchall()
        assert rows == [(0, None)] * 3  # no request was made: no attempt counted
        engine.close()
        assert not engine.lock.held and DeliveryLock(store.path).try_acquire()
    finally:
        stop(holder, signal.SIGKILL)


def test_kiosk_sync_exits_3_while_another_process_delivers(tmp_path, kiosk_dirs):
    server = FhirServer()
    server.start(auth=False)
    watcher = None
    try:
        config = write_config(tmp_path / "kiosk.toml", server)
        with Store(kiosk_dirs.database) as store:
            decline(store, Patient("W", "Lease", "1970-01-01"), DeclineReason.NO_EMAIL)
        log = tmp_path / "watch.log"
        watcher = sync_process(config, kiosk_dirs.data_dir, log=log)
        deadline = time.monotonic() + 60
        while "sync: online" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.05)
        once = subprocess.run(
            [sys.executable, "-m", "kiosk", "sync"],
            env=child_env(config, kiosk_dirs.data_dir),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert once.returncode == 3, once.stdout + once.stderr
        lines = once.stdout.strip().splitlines()
        assert lines == [
            f"sync: standby - another program (process {watcher.pid}) is delivering the "
            "records of this database; nothing sent by this run"
        ]
        assert stop(watcher, signal.SIGTERM) == 0
        again = subprocess.run(
            [sys.executable, "-m", "kiosk", "sync"],
            env=child_env(config, kiosk_dirs.data_dir),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert again.returncode == 0 and "sync: online" in again.stdout
    finally:
        if watcher is not None:
            stop(watcher, signal.SIGKILL)
        server.stop()


def test_the_app_and_a_second_engine_in_one_process_share_the_holding(store):
    first, second = _engine(store), _engine(store)
    assert first.run_pass().state != STANDBY
    assert second.run_pass().state in (ONLINE, "not-configured")
    first.close()
    assert second.lock.held  # still held for the second engine
    second.close()
