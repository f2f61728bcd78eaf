"""A private CUPS scheduler for tests: a real cupsd on a Unix socket in a temporary folder,
with one queue ("FrontDesk", the CUPS-PDF driver writing to /dev/null) set as the default.

Nothing of the machine's own CUPS is touched: clients find this one through CUPS_SERVER.
`disable()` pauses the queue, so jobs stay pending - a printer that is off or out of paper.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

CUPSD = "/usr/sbin/cupsd"
PPD = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"
QUEUE = "FrontDesk"


def available() -> bool:
    tools = ("lp", "lpstat", "lpadmin", "ipptool", "cupsdisable")
    return os.path.exists(CUPSD) and os.path.exists(PPD) and all(map(shutil.which, tools))


class CupsServer:
    def __init__(self) -> None:
        # A short path of its own: a Unix socket path must stay under 108 bytes.
        self.root = Path(tempfile.mkdtemp(prefix="cups-", dir="/tmp"))
        self.socket = self.root / "cups.sock"
        self.process: subprocess.Popen | None = None

    def env(self) -> dict[str, str]:
        return {**os.environ, "CUPS_SERVER": str(self.socket)}

    def _run(self, *args: str) -> str:
        answer = subprocess.run(
            args, env=self.env(), capture_output=True, text=True, timeout=30, check=False
        )
        if answer.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {answer.stderr.strip()}")
        return answer.stdout

    def start(self) -> CupsServer:
        etc = self.root / "etc"
        for sub in ("etc", "spool/tmp", "cache", "state", "log"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        (etc / "cupsd.conf").write_text(
            f"Listen {self.socket}\nLogLevel warn\nWebInterface No\nBrowsing No\n"
            "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
        )
        (etc / "cups-files.conf").write_text(
            f"ServerRoot {etc}\nRequestRoot {self.root}/spool\nTempDir {self.root}/spool/tmp\n"
            f"CacheDir {self.root}/cache\nStateDir {self.root}/state\n"
            f"ErrorLog {self.root}/log/error_log\nAccessLog {self.root}/log/access_log\n"
            f"PageLog {self.root}/log/page_log\nFileDevice Yes\n"
        )
        # cupsd drops to the unprivileged "lp" user for filters: it must reach the folders.
        for path in (self.root, *self.root.rglob("*")):
            path.chmod(0o777 if path.is_dir() else 0o666)
        self.process = subprocess.Popen(
            [CUPSD, "-f", "-c", str(etc / "cupsd.conf"), "-s", str(etc / "cups-files.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 15
        while not self.socket.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("cupsd did not start")
            time.sleep(0.05)
        self._run("lpadmin", "-p", QUEUE, "-E", "-v", "file:///dev/null", "-P", PPD)
        self._run("lpadmin", "-d", QUEUE)
        return self

    def disable(self) -> None:
        self._run("cupsdisable", QUEUE)

    def jobs(self, which: str = "not-completed") -> list[str]:
        out = self._run("lpstat", "-W", which, "-o", QUEUE)
        return [line.split()[0] for line in out.splitlines() if line.strip()]

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)
