"""The `kiosk` command as IT uses it: real subprocesses for help, doctor and the self-test;
credentials in-process (the in-memory keyring from conftest cannot cross a process)."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import cli, database, secrets
from kiosk.store import SCHEMA_VERSION
from tests.db_keys import child_env

ROOT = Path(__file__).resolve().parent.parent
SECRET = "cl1ent-S3cret-0f-the-EHR-7c1d"


def run_kiosk(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    # the test's environment: temporary KIOSK_* dirs and HOME, no keyring daemon
    env = child_env(dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT)))
    env.pop("PYTHON_KEYRING_BACKEND", None)
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=timeout,
    )


def test_help_lists_the_subcommands():
    proc = run_kiosk("--help")
    assert proc.returncode == 0
    for command in ("run", "doctor", "sync", "export", "credentials"):
        assert command in proc.stdout
    assert proc.stderr == ""


def test_version():
    proc = run_kiosk("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("kiosk ")


def test_doctor_reports_everything_it_for_and_fails_on_an_insecure_keyring(kiosk_dirs):
    proc = run_kiosk("doctor")
    out = proc.stdout
    assert "Traceback" not in proc.stderr
    assert f"config file        {kiosk_dirs.config_file}" in out
    assert f"database           {kiosk_dirs.database}" in out
    assert f"log file           {kiosk_dirs.log_file}" in out
    # the child gets the key as the systemd credential; doctor names the source, not the key
    assert "database key       systemd credential kiosk-db-key" in out
    assert secrets.database_key().hex() not in out
    assert "patient data       0 enrollment(s) still hold patient data" in out
    # headless Linux with no Secret Service: the fail backend, reported as a problem
    assert "keyring backend    keyring.backends.fail.Keyring" in out
    assert "PROBLEM: secrets cannot be stored safely" in out
    assert f"schema version     {SCHEMA_VERSION} (this kiosk: {SCHEMA_VERSION})" in out
    assert "outbox             queued 0, sending 0, sent 0, dead 0" in out
    assert "EHR                not configured" in out
    assert "settings           ok" in out
    assert "result             1 problem(s)" in out
    assert proc.returncode == 1
    assert kiosk_dirs.config_file.exists()  # the defaults were written on first run


def test_doctor_checks_that_the_ehr_answers(kiosk_dirs):
    # nothing listens on this loopback port: a clear "unreachable", never a hang or a traceback
    kiosk_dirs.config_file.parent.mkdir(parents=True)
    kiosk_dirs.config_file.write_text(
        '[ehr]\nfhir_base_url = "http://127.0.0.1:9/fhir"\nauth = "none"\n'
        "connect_timeout_seconds = 2\n",
        encoding="utf-8",
    )
    proc = run_kiosk("doctor")
    assert "EHR                PROBLEM: http://127.0.0.1:9/fhir unreachable (ConnectionError)" in (
        proc.stdout
    )
    assert proc.returncode == 1


def test_doctor_reports_queued_work_and_dead_letters_without_patient_data(kiosk_dirs):
    from kiosk.enrollment import Channel, Enrollment, Patient
    from kiosk.store import Store

    with Store(kiosk_dirs.database) as store:
        e = store.apply(Enrollment.start("staff-1", Patient("Rosa", "Quintero", "1961-07-04")))
        e = store.apply(
            e.capture_contact(
                email="rosa.quintero@example.org", mobile="+13105550142", channel=Channel.EMAIL
            )
        )
        e = store.apply(e.send_invitation())
        [item] = store.claim_due(now=None)
        store.mark_dead(item.seq, "HTTP 422")
    proc = run_kiosk("doctor")
    assert "outbox             queued 0, sending 0, sent 0, dead 1" in proc.stdout
    assert "dead letters need staff attention" in proc.stdout
    for phi in ("Rosa", "Quintero", "1961", "rosa.quintero", "5550142"):
        assert phi not in proc.stdout + proc.stderr


def test_doctor_reports_a_bad_settings_file(kiosk_dirs):
    kiosk_dirs.config_file.parent.mkdir(parents=True)
    kiosk_dirs.config_file.write_text("[kiosk]\nfollow_up_days = 400\n", encoding="utf-8")
    proc = run_kiosk("doctor")
    assert "settings           PROBLEM:" in proc.stdout
    assert "follow_up_days: expected a whole number from 1 to 90" in proc.stdout
    assert proc.returncode == 2  # a settings problem


def test_self_test_exits_0(kiosk_dirs):
    proc = run_kiosk("run", "--self-test")
    assert proc.returncode == 0, proc.stderr
    assert re.search(
        r"self-test: window ok \(\d+ pages\), database ok \(schema \d+, encrypted\)", proc.stdout
    )
    assert "theme ok" in proc.stdout
    assert "sync ok (not-configured)" in proc.stdout  # the sync stack loaded and ran a pass
    assert "propagateSizeHints" not in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not kiosk_dirs.database.read_bytes().startswith(b"SQLite format 3")
    conn = database.connect(kiosk_dirs.database, secrets.database_key())
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_run_with_a_damaged_database_says_so_in_one_line(kiosk_dirs):
    kiosk_dirs.data_dir.mkdir(parents=True)
    kiosk_dirs.database.write_bytes(b"not a database at all\n" * 100)
    proc = run_kiosk("run", "--self-test")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith("kiosk run: the kiosk database ")
    assert "is damaged" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


# ---- credentials (in-process, memory keyring) ---------------------------------------------
def call(args: list[str], capsys, stdin: str = "") -> tuple[int, str]:
    sys.stdin = io.StringIO(stdin)  # not a tty: the value is read from stdin
    try:
        code = cli.main(args)
    finally:
        sys.stdin = sys.__stdin__
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_credentials_set_list_delete_never_print_the_value(memory_keyring, capsys):
    code, out = call(["credentials", "set", "ehr_client_secret"], capsys, SECRET + "\n")
    assert code == 0
    assert "ehr_client_secret: stored in" in out and "MemoryKeyring" in out
    assert memory_keyring.store[(secrets.SERVICE, "ehr_client_secret")] == SECRET

    code, listing = call(["credentials", "list"], capsys)
    assert code == 0
    assert "set      ehr_client_secret" in listing
    assert "not set  ehr_private_key" in listing

    code, deleted = call(["credentials", "delete", "ehr_client_secret"], capsys)
    assert code == 0 and "ehr_client_secret: deleted" in deleted
    code, again = call(["credentials", "delete", "ehr_client_secret"], capsys)
    assert code == 0 and "was not set" in again
    assert not memory_keyring.store
    for text in (out, listing, deleted, again):
        assert SECRET not in text


def test_credentials_from_file(memory_keyring, capsys, tmp_path):
    pem = tmp_path / "key.pem"
    pem.write_text("-----BEGIN PRIVATE KEY-----\nABC\n-----END PRIVATE KEY-----\n")
    code, out = call(["credentials", "set", "ehr_private_key", "--from-file", str(pem)], capsys)
    assert code == 0 and "ABC" not in out
    assert memory_keyring.store[(secrets.SERVICE, "ehr_private_key")].endswith("KEY-----")


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["credentials", "set", "database_password"], SECRET, "Unknown credential"),
        (["credentials", "set", "ehr_client_secret"], "   \n", "The value is empty"),
        (
            ["credentials", "set", "ehr_private_key", "--from-file", "/nonexistent/key.pem"],
            "",
            "No such file",
        ),
    ],
)
def test_credentials_refusals(memory_keyring, capsys, args, stdin, message):
    code, out = call(args, capsys, stdin)
    assert code == 2
    assert message in out
    assert SECRET not in out
    assert not memory_keyring.store


def test_doctor_names_the_secure_backend_and_only_names_of_secrets(memory_keyring, capsys):
    call(["credentials", "set", "ehr_client_secret"], capsys, SECRET)
    code, out = call(["doctor"], capsys)
    assert "keyring backend" in out and "MemoryKeyring" in out and "PROBLEM" not in out
    assert "credentials set    ehr_client_secret" in out
    assert SECRET not in out
    assert code == 0


def test_run_without_a_display_says_so_in_one_line_and_exits_2(kiosk_dirs):
    """An SSH session or a newcomer's server: no core dump (Qt would abort with 134)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(var, None)
    for args in (["run"], []):
        proc = subprocess.run(
            [sys.executable, "-m", "kiosk", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=60,
        )
        assert proc.returncode == 2, proc.stderr
        [line] = proc.stderr.strip().splitlines()
        assert line.startswith("kiosk run: no display")
        assert "desktop session" in line and "kiosk run --self-test" in line
