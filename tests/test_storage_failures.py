"""Damaged storage, a full disk and a database held by another program: every command says so
in one line and exits 2, never with a traceback (issue 8). Real processes, real files: the
database is damaged on disk, the lock is held by another process, the disk is a real 4 MB
tmpfs mounted in a private mount namespace and filled to the last byte."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kiosk.enrollment import Channel, Enrollment, Patient
from kiosk.store import Store
from tests.db_keys import child_env
from tests.test_cli import ROOT, run_kiosk

PAGE = 4096


def seed(database: Path, n: int = 60) -> None:
    with Store(database) as store:
        for i in range(n):
            e = store.apply(
                Enrollment.start("staff-1", Patient("Ana", "Ruiz", "1980-01-05", ehr_id=f"p{i}"))
            )
            e = store.apply(
                e.capture_contact(email="ana@example.org", mobile=None, channel=Channel.EMAIL)
            )
            store.apply(e.send_invitation())


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


@pytest.fixture
def damaged(kiosk_dirs):
    """A real kiosk database with random bytes written over pages 2-7."""
    seed(kiosk_dirs.database)
    assert kiosk_dirs.database.stat().st_size > 8 * PAGE
    with open(kiosk_dirs.database, "r+b") as fh:
        fh.seek(PAGE)
        fh.write(os.urandom(6 * PAGE))
    return kiosk_dirs


@pytest.mark.parametrize(
    "command",
    [
        ("sync",),
        ("export", "--month", "2026-12", "--format", "csv"),
        ("run", "--self-test"),
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_a_damaged_database_gets_one_line_and_exit_2(damaged, tmp_path, command):
    args = (*command, "--out", str(tmp_path / "r.csv")) if command[0] == "export" else command
    proc = run_kiosk(*args)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    line = one_line(proc.stderr)
    assert line.startswith(f"kiosk {command[0]}: the kiosk database {damaged.database} is damaged")
    assert "restore it from the latest backup" in line


def test_doctor_runs_quick_check_and_reports_a_damaged_file(damaged):
    proc = run_kiosk("doctor")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    [line] = [x for x in proc.stdout.splitlines() if x.startswith("database ") and "PROBLEM" in x]
    assert f"the kiosk database {damaged.database} is damaged" in line
    assert "database check     ok" not in proc.stdout


def test_doctor_says_the_database_check_passed_on_a_healthy_file(kiosk_dirs):
    seed(kiosk_dirs.database, n=3)
    proc = run_kiosk("doctor")
    assert "database check     ok (quick_check)" in proc.stdout
    assert proc.returncode == 1  # only the headless keyring is a problem here


def test_a_database_held_by_another_program_is_named_as_such(kiosk_dirs):
    """Longer than the busy timeout (10 s): `kiosk sync` says another program holds it."""
    seed(kiosk_dirs.database, n=2)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from kiosk.database import open_database\n"
            f"c = open_database({str(kiosk_dirs.database)!r})\n"
            "c.execute('BEGIN IMMEDIATE'); print('held', flush=True); time.sleep(120)",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(dict(os.environ, PYTHONPATH=str(ROOT))),
        cwd=ROOT,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        proc = run_kiosk("sync")
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    line = one_line(proc.stderr)
    assert line.startswith(
        f"kiosk sync: another program holds the kiosk database {kiosk_dirs.database}"
    )


# ---- a full disk: a real 4 MB tmpfs in a private user + mount namespace ----------------------
def _can_mount_tmpfs(tmp_path: Path) -> bool:
    if not shutil.which("unshare"):
        return False
    probe = tmp_path / "probe"
    probe.mkdir()
    done = subprocess.run(
        [
            "unshare",
            "--user",
            "--map-root-user",
            "--mount",
            "sh",
            "-c",
            f"mount -t tmpfs -o size=64k tmpfs {probe}",
        ],
        capture_output=True,
    )
    return done.returncode == 0


FULL_DISK_CHILD = textwrap.dedent(
    """
    import json, os, subprocess, sys
    from pathlib import Path
    from tests.test_storage_failures import seed
    from kiosk.database import open_database
    from kiosk.paths import KioskPaths

    paths = KioskPaths.resolve()
    seed(paths.database, n=20)
    before = open_database(paths.database).execute("SELECT count(*) FROM enrollments").fetchone()
    with open(paths.data_dir / "filler", "wb", buffering=0) as fh:  # fill to the last byte
        try:
            while True:
                fh.write(b"\\0" * 512)
        except OSError:
            pass
    runs = {}
    for name, args in (
        ("sync", ["sync"]),
        ("export", ["export", "--month", "2026-12", "--format", "csv", "--out",
                    str(paths.data_dir / "report.csv")]),
    ):
        p = subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True)
        runs[name] = [p.returncode, p.stderr]
    leftovers = sorted(x.name for x in paths.data_dir.iterdir())
    os.remove(paths.data_dir / "filler")
    conn = open_database(paths.database)
    after = conn.execute("SELECT count(*) FROM enrollments").fetchone()
    check = conn.execute("PRAGMA integrity_check").fetchone()[0]
    print(json.dumps({"before": before, "after": after, "check": check, "runs": runs,
                      "leftovers": leftovers}))
    """
)


def test_a_full_disk_gets_one_line_naming_the_folder_and_loses_nothing(kiosk_dirs, tmp_path):
    if not _can_mount_tmpfs(tmp_path):
        pytest.skip("needs `unshare` with user namespaces to mount a small tmpfs")
    mount = kiosk_dirs.data_dir
    mount.mkdir(parents=True)
    env = child_env(dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT)))
    done = subprocess.run(
        [
            "unshare",
            "--user",
            "--map-root-user",
            "--mount",
            "sh",
            "-c",
            f'mount -t tmpfs -o size=4m tmpfs "{mount}" && exec "{sys.executable}" -c "$0"',
            FULL_DISK_CHILD,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    import json

    result = json.loads(done.stdout.strip().splitlines()[-1])
    for name in ("sync", "export"):
        code, stderr = result["runs"][name]
        assert code == 2, (name, stderr)
        assert "Traceback" not in stderr
        line = one_line(stderr)
        assert line.startswith(f"kiosk {name}: the disk holding {mount} is full"), line
    assert "report.csv" not in result["leftovers"] and ".report.csv.tmp" not in result["leftovers"]
    assert result["after"] == result["before"] == [20]  # nothing already saved was lost
    assert result["check"] == "ok"
