"""Printing a PDF through CUPS, and knowing whether it really printed.

Qt's QPrinter hands pages to CUPS but never says what became of the job, and a checklist step
is done only when it happened. So the kiosk submits the PDF with CUPS's own `lp` and watches
the job's state (IPP Get-Job-Attributes through `ipptool`) until CUPS reports it completed
(the printer took every page).
A job still pending after the wait - a printer that is off, out of paper or paused - is
cancelled (its spool copy holds patient data) and reported as not accepted.

Pure Python (no Qt); blocking, so callers run it off the GUI thread. `CUPS_SERVER` in the
environment selects the scheduler, as for every CUPS client (the tests start their own).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

ACCEPTED = "accepted"  # CUPS completed the job
NO_PRINTER = "no-printer"  # no CUPS, no queue, or no default queue
NOT_ACCEPTED = "print-not-accepted"  # submitted, but the printer never took it (cancelled)
FAILED = "print-failed"  # CUPS refused the job or an unexpected error

_JOB_ID = re.compile(r"request id is (\S+)")


@dataclass(frozen=True)
class PrintResult:
    outcome: str
    job_id: str | None = None

    @property
    def accepted(self) -> bool:
        return self.outcome == ACCEPTED


def _run(args: list[str], timeout: float = 10) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)


def cups_available() -> bool:
    return all(shutil.which(tool) for tool in ("lp", "lpstat", "ipptool", "cancel"))


def default_printer() -> str | None:
    """The CUPS default destination, or None (no CUPS, no scheduler, no default)."""
    if not cups_available():
        return None
    try:
        answer = _run(["lpstat", "-d"])
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r"system default destination:\s*(\S+)", answer.stdout)
    return match.group(1) if match else None


_GET_JOB_STATE = """{
 OPERATION Get-Job-Attributes
 GROUP operation-attributes-tag
 ATTR charset attributes-charset utf-8
 ATTR naturalLanguage attributes-natural-language en
 ATTR uri job-uri $uri
 ATTR keyword requested-attributes job-state
 DISPLAY job-state
}
"""


def _server_uri() -> str:
    """The scheduler `lpstat -H` names (CUPS_SERVER, client.conf or the default), as an IPP
    URI host: a domain socket path is percent-encoded, as CUPS clients accept."""
    server = _run(["lpstat", "-H"]).stdout.strip() or "localhost:631"
    if server.startswith("/"):
        return "ipp://" + quote(server, safe="")
    return f"ipp://{server}"


def job_state(job_id: str, test_file: Path) -> str | None:
    """CUPS's job-state keyword (pending, held, processing, stopped, canceled, aborted,
    completed), or None when it cannot be read. `lpstat -W completed` cannot tell a
    cancelled job from a printed one; IPP's Get-Job-Attributes can."""
    number = job_id.rsplit("-", 1)[-1]
    answer = _run(["ipptool", "-c", f"{_server_uri()}/jobs/{number}", str(test_file)])
    lines = [line.strip() for line in answer.stdout.splitlines() if line.strip()]
    if answer.returncode != 0 or len(lines) < 2 or lines[0] != "job-state":
        return None
    return lines[1]


def print_pdf(
    path: Path,
    title: str,
    printer: str | None = None,
    wait_seconds: float = 30.0,
    poll_seconds: float = 0.5,
) -> PrintResult:
    """Submit `path` to `printer` (or the default queue) and wait for CUPS to complete it.

    The caller deletes `path` afterwards: `lp` copies the file into the spool when it returns.
    """
    queue = printer or default_printer()
    if not queue or not cups_available():
        return PrintResult(NO_PRINTER)
    try:
        # No patient data in the job title: CUPS keeps it in its job history.
        submitted = _run(["lp", "-d", queue, "-t", title, "--", str(path)], timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return PrintResult(FAILED)
    match = _JOB_ID.search(submitted.stdout)
    if submitted.returncode != 0 or not match:
        missing = "does not exist" in submitted.stderr or "not exist" in submitted.stderr
        return PrintResult(NO_PRINTER if missing else FAILED)
    job_id = match.group(1)
    deadline = time.monotonic() + wait_seconds
    with tempfile.TemporaryDirectory(prefix="kiosk-ipp-") as folder:
        test_file = Path(folder) / "job-state.test"
        test_file.write_text(_GET_JOB_STATE, "utf-8")
        try:
            while True:
                state = job_state(job_id, test_file)
                if state == "completed":
                    return PrintResult(ACCEPTED, job_id)
                if state in ("canceled", "aborted"):
                    return PrintResult(FAILED, job_id)
                if time.monotonic() >= deadline:
                    break
                time.sleep(poll_seconds)
        except (OSError, subprocess.TimeoutExpired):
            pass
    # Pending, held or stopped at the deadline: cancel and purge it, so the spooled card does
    # not print hours later for whoever stands at the printer then, nor stay on disk.
    try:
        _run(["cancel", "-x", job_id])
    except (OSError, subprocess.TimeoutExpired):
        pass
    return PrintResult(NOT_ACCEPTED, job_id)
