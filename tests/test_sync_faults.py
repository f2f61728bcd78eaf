"""Fault tests with real processes: 503 bursts with Retry-After, a hang past the read timeout
(the server commits but the answer is lost), connection refused, the server killed and
restarted mid-batch, and `kiosk sync --watch` killed with SIGKILL mid-batch. After each, every
enrollment is on the server exactly once and nothing is left in the outbox."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sync_support import FAST, FhirServer, assert_exactly_once, decline, drain, make_config

from kiosk import secrets
from kiosk.enrollment import DeclineReason, Patient, parse_iso, utcnow
from kiosk.store import Store
from kiosk.sync import wiring
from kiosk.sync.engine import OFFLINE
from tests.db_keys import child_env

REPO = Path(__file__).resolve().parent.parent
REASONS = list(DeclineReason)

pytestmark = pytest.mark.slow


def queue_declines(store: Store, n: int) -> None:
    for i in range(n):
        decline(store, Patient(f"P{i}", "Test", "1970-01-01"), REASONS[i % len(REASONS)])


@pytest.fixture
def srv(tmp_path):
    server = FhirServer()
    server.start(data_file=tmp_path / "fhir-data.json")
    secrets.set_secret("ehr_client_secret", "kiosk-secret")
    yield server
    server.stop()


def test_503_bursts_with_retry_after_are_retried_no_sooner(srv, store):
    queue_declines(store, 6)
    engine = wiring.build_engine(store, make_config(srv), backoff=FAST)
    srv.set_faults(fail_next=3, status=503, retry_after=2)
    before = utcnow()
    first = engine.run_pass()
    assert first.state == OFFLINE and first.sent == 0 and "503" in first.message
    waits = [r[0] for r in store.conn.execute("SELECT next_attempt_at FROM outbox")]
    assert all(parse_iso(w) >= before + timedelta(seconds=1) for w in waits)
    drain(engine)
    assert_exactly_once(srv, store)


def test_a_lost_answer_after_the_server_committed_is_not_a_duplicate(srv, store):
    queue_declines(store, 4)
    config = make_config(srv, read_timeout=1)
    engine = wiring.build_engine(store, config, backoff=FAST)
    engine.run_pass()  # token and first records
    queue_declines(store, 3)
    srv.set_faults(hang_next=1, hang_ms=4000, phase="after")  # commit, then no answer in time
    result = engine.run_pass()
    assert result.state == OFFLINE and "in time" in result.message
    drain(engine)
    assert_exactly_once(srv, store)
    assert srv.stats()["resources"]["Task"] == 7


def test_connection_refused_then_the_server_comes_back(srv, store):
    queue_declines(store, 5)
    engine = wiring.build_engine(store, make_config(srv), backoff=FAST)
    srv.stop()
    result = engine.run_pass()
    assert result.state == OFFLINE and result.sent == 0
    assert store.outbox_counts()["queued"] == 5
    srv.restart()
    drain(engine)
    assert_exactly_once(srv, store)


def test_server_killed_and_restarted_mid_batch(srv, store):
    queue_declines(store, 120)
    engine = wiring.build_engine(store, make_config(srv, read_timeout=2), backoff=FAST)
    engine.batch_size = 10
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with Store(store.path) as own:
                engine.store = own
                drain(engine, timeout=60)
        except BaseException as exc:  # reported below
            errors.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    deadline = time.monotonic() + 20
    while store.outbox_counts()["sent"] < 30 and time.monotonic() < deadline:
        time.sleep(0.01)
    srv.kill()
    time.sleep(0.5)
    srv.restart()
    worker.join(70)
    assert not errors, errors
    engine.store = store
    assert_exactly_once(srv, store)
    assert srv.stats()["resources"]["Task"] == 120


def _sync_process(config_path: Path, data_dir: Path, watch: bool) -> subprocess.Popen:
    env = child_env(dict(os.environ))
    env.update(KIOSK_CONFIG=str(config_path), KIOSK_DATA_DIR=str(data_dir), PYTHONPATH=str(REPO))
    cmd = [sys.executable, "-m", "kiosk", "sync"] + (["--watch"] if watch else [])
    return subprocess.Popen(
        cmd, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def test_kiosk_sync_killed_with_sigkill_mid_batch_and_restarted(tmp_path, kiosk_dirs):
    # A subprocess cannot see the in-memory test keyring: this server needs no token.
    server = FhirServer()
    server.start(auth=False, data_file=tmp_path / "fhir-data.json")
    try:
        config_path = tmp_path / "kiosk.toml"
        config_path.write_text(
            f'[ehr]\nfhir_base_url = "{server.base_url}"\nauth = "none"\n'
            "read_timeout_seconds = 5\n[kiosk]\nsync_interval_seconds = 2\n"
        )
        with Store(kiosk_dirs.database) as store:
            queue_declines(store, 300)
        proc = _sync_process(config_path, kiosk_dirs.data_dir, watch=True)
        with Store(kiosk_dirs.database) as store:
            deadline = time.monotonic() + 30
            while store.outbox_counts()["sent"] < 60 and time.monotonic() < deadline:
                time.sleep(0.02)
            sent_before = store.outbox_counts()["sent"]
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(10)
            assert proc.returncode == -signal.SIGKILL
            assert 0 < sent_before < 300, sent_before
            # Restart: one pass takes back the dead run's claim and finishes the queue.
            again = _sync_process(config_path, kiosk_dirs.data_dir, watch=False)
            out, _ = again.communicate(timeout=60)
            assert again.returncode == 0, out
            assert "sync: online" in out
            assert "Test" not in out and "1970-01-01" not in out  # counts only, no PHI
            assert_exactly_once(server, store)
            assert server.stats()["resources"]["Task"] == 300
            # --watch stops cleanly on SIGTERM with exit code 0.
            watcher = _sync_process(config_path, kiosk_dirs.data_dir, watch=True)
            first = watcher.stdout.readline()  # its first pass ran: the handler is in place
            assert first.startswith("sync: online"), first
            watcher.send_signal(signal.SIGTERM)
            out, _ = watcher.communicate(timeout=30)
            out = first + out
            assert watcher.returncode == 0, out
    finally:
        server.stop()


def test_untried_items_keep_zero_attempts_and_the_next_success_releases_the_waiting(srv, store):
    """Three 503s in a row end the pass: the three tried items wait their own backoff (5 s or
    more), the seven never tried keep attempts 0 and are not held back. The next pass sends
    one of those at once, and that success lets the three waiting items go in the same pass."""
    queue_declines(store, 10)
    engine = wiring.build_engine(store, make_config(srv))  # the real backoff: 5 s base
    engine.run_pass()  # the token, so the faults below hit records
    queue_declines(store, 10)
    srv.set_faults(fail_next=3, status=503)
    first = engine.run_pass()
    assert first.state == OFFLINE and first.sent == 0
    attempts = sorted(
        r[0] for r in store.conn.execute("SELECT attempts FROM outbox WHERE state='queued'")
    )
    assert attempts == [0] * 7 + [1] * 3
    second = engine.run_pass()
    assert second.sent == 10 and second.state == "online"
    assert store.outbox_counts()["queued"] == 0
    assert_exactly_once(srv, store)


def test_an_isolated_503_does_not_end_the_pass(srv, store):
    """The pass goes on after one 503; the next success lets the failed item go again."""
    queue_declines(store, 8)
    engine = wiring.build_engine(store, make_config(srv))
    srv.set_faults(fail_next=1, status=503)  # the token request is not a FHIR request
    result = engine.run_pass()
    assert result.sent == 8 and result.retried == 1 and result.state == "online"
    attempts = sorted(r[0] for r in store.conn.execute("SELECT attempts FROM outbox"))
    assert attempts == [1] * 7 + [2]
    assert_exactly_once(srv, store)
