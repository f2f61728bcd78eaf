"""Real processes for the multi-process sync tests: `kiosk sync` children, writer children,
and what the FHIR server ended up holding. Imported by tests/test_sync_*process*.py and
tests/test_sync_storm.py (not a conftest: that file is shared)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from sync_support import resources_on_server

from kiosk.sync.lease import lock_path
from kiosk.sync.mapping import OUTBOX_SYSTEM
from tests.db_keys import child_env as db_child_env

REPO = Path(__file__).resolve().parent.parent
WRITER = Path(__file__).with_name("outbox_writer_child.py")


def write_config(path: Path, server: Any, interval: int = 2, extra: str = "") -> Path:
    """Settings for a child process (it cannot see the test's in-memory keyring: no auth)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'[ehr]\nfhir_base_url = "{server.base_url}"\nauth = "none"\n'
        f"read_timeout_seconds = 5\n[kiosk]\nsync_interval_seconds = {interval}\n{extra}"
    )
    return path


def child_env(config_path: Path, data_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        KIOSK_CONFIG=str(config_path),
        KIOSK_DATA_DIR=str(data_dir),
        PYTHONPATH=str(REPO),
        **extra,
    )
    return db_child_env(env)  # the test's database key, as a systemd credential


def sync_process(
    config_path: Path,
    data_dir: Path,
    watch: bool = True,
    log: Path | None = None,
    prefix: list[str] | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.Popen:
    cmd = [*(prefix or []), sys.executable, "-m", "kiosk", "sync"] + (["--watch"] if watch else [])
    out = open(log, "ab") if log else None  # noqa: SIM115 - closed below, the child keeps its copy
    try:
        return subprocess.Popen(
            cmd,
            env=env or child_env(config_path, data_dir),
            cwd=REPO,
            stdout=out or subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
    finally:
        if out is not None:
            out.close()


def writer_process(db: Path, n: int, prefix: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(db), str(n), prefix],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=db_child_env(dict(os.environ, PYTHONPATH=str(REPO))),
    )


def holder_pid(db: Path) -> int | None:
    try:
        text = lock_path(db.resolve()).read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
    if proc.poll() is None:
        proc.send_signal(sig)
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait(10)


def server_copies(server: Any) -> dict[str, int]:
    """outbox item id -> how many Tasks on the server carry it (a decline's record is a Task)."""
    copies: dict[str, int] = {}
    for res in resources_on_server(server, "Task"):
        for ident in res.get("identifier") or []:
            if ident.get("system") == OUTBOX_SYSTEM:
                copies[ident["value"]] = copies.get(ident["value"], 0) + 1
    return copies


def duplicates_and_lost(server: Any, item_ids: list[str]) -> tuple[int, int]:
    copies = server_copies(server)
    duplicates = sum(n - 1 for n in copies.values() if n > 1)
    lost = sum(1 for i in item_ids if copies.get(i, 0) == 0)
    return duplicates, lost
