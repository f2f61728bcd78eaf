"""Start-up cost of the kiosk: median wall time and peak memory of `kiosk run --self-test`.

    python kiosk/scripts/bench_startup.py [--runs 7]

Compares the source tree and, if dist/kiosk exists, the frozen bundle, against a bare PySide6
QMainWindow shown and closed (the floor any Qt app pays). Then lists the heavy libraries the
start-up imports, with their cumulative import time (python -X importtime), so whoever owns
a screen can import its library when the screen is first needed.
Everything runs offscreen against throwaway settings, data and log folders.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FROZEN = ROOT / "dist" / "kiosk" / "kiosk"
BASELINE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1280, 800); w.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""
# Libraries the start screen does not need; each should load when its screen first appears.
HEAVY = (
    "qrcode",
    "requests",
    "urllib3",
    "PIL",
    "email_validator",
    "phonenumbers",
    "cryptography",
    "jwt",
    "sqlite_utils",
    "dateutil",
    "keyring",
    "PySide6.QtPrintSupport",
    "PySide6.QtSvg",
    "PySide6.QtPdf",
    "kiosk.sync",
    "kiosk.report",
    "kiosk.card",
    "kiosk.metrics",
)


def measure(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """(wall seconds, peak RSS in MB) of one run; the RSS is this child's own (wait4)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    return wall, usage.ru_maxrss // 1024


def bench(name: str, cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    measure(cmd, env)  # warm the page cache and the database file
    samples = [measure(cmd, env) for _ in range(runs)]
    wall = statistics.median(s[0] for s in samples)
    rss = statistics.median(s[1] for s in samples)
    print(f"{name:<28} {wall * 1000:7.0f} ms  {rss:5.0f} MB peak RSS   (median of {runs})")
    return wall, rss


def heavy_imports(env: dict[str, str]) -> list[tuple[str, float]]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "kiosk", "run", "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    found: dict[str, float] = {}
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \|(\s*)(\S+)", line)
        if not m:
            continue
        cumulative_ms, module = int(m[1]) / 1000, m[3]
        for heavy in HEAVY:
            if module == heavy:
                found[heavy] = max(found.get(heavy, 0.0), cumulative_ms)
    return sorted(found.items(), key=lambda kv: -kv[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    from kiosk.scripts.dev_key import use_dev_key

    use_dev_key()  # the children read the key as a systemd credential (no keyring here)
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as tmp:
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            KIOSK_CONFIG=str(Path(tmp) / "kiosk.toml"),
            KIOSK_DATA_DIR=str(Path(tmp) / "data"),
            KIOSK_LOG_DIR=str(Path(tmp) / "logs"),
            PYTHONPATH=str(ROOT),
        )
        base = bench("bare QMainWindow", [sys.executable, "-c", BASELINE], env, args.runs)
        src = bench(
            "kiosk (source)",
            [sys.executable, "-m", "kiosk", "run", "--self-test"],
            env,
            args.runs,
        )
        rows = [("source", src)]
        if FROZEN.exists():
            frozen = bench("kiosk (frozen dist/kiosk)", [str(FROZEN), "run", "--self-test"], env, 5)
            rows.append(("frozen", frozen))
        print()
        for label, (wall, rss) in rows:
            print(
                f"{label} vs bare window: time x{wall / base[0]:.2f}, peak RSS x{rss / base[1]:.2f}"
            )
        print("\nheavy modules imported at start-up (cumulative import ms, one run):")
        found = heavy_imports(env)
        for module, ms in found:
            print(f"  {module:<24} {ms:7.1f} ms")
        if not found:
            print("  none")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
