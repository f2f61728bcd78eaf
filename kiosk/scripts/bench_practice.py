"""Practice-wide refresh against the real FHIR test server: a year of 20,000 kiosk
enrollments and 100,000 appointments, read back while a Qt event loop keeps running.

    python kiosk/scripts/bench_practice.py [--enrollments 20000] [--appointments 100000]

Starts the loopback Medplum test server (tests/servers.py, no auth), seeds it with batch
Bundles, then refreshes one month (every page of Tasks for enrolled-to-date, Encounters and
fulfilled Appointments of 12 months, `_summary=count` of the month's appointments) on the
UI's network pool (kiosk/ui/tasks.py) while a 5 ms QTimer heartbeat measures how long the GUI
thread went without running. Prints seconds and the longest stall; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import requests  # noqa: E402

from kiosk.sync.fhir import FhirClient  # noqa: E402
from kiosk.sync.http import Timeouts  # noqa: E402
from kiosk.sync.mapping import MappingContext, enrollment_task  # noqa: E402
from kiosk.sync.practice_read import read_ehr_figures  # noqa: E402

FIRST_DAY = date(2025, 12, 1)
DAYS = 365
BATCH = 500


def _post_batch(base: str, resources: list[dict]) -> None:
    bundle = {
        "resourceType": "Bundle",
        "type": "batch",
        "entry": [
            {"resource": r, "request": {"method": "POST", "url": r["resourceType"]}}
            for r in resources
        ],
    }
    requests.post(base, json=bundle, timeout=600).raise_for_status()


def _put_batch(base: str, resources: list[dict]) -> None:
    bundle = {
        "resourceType": "Bundle",
        "type": "batch",
        "entry": [
            {"resource": r, "request": {"method": "PUT", "url": f"Patient/{r['id']}"}}
            for r in resources
        ],
    }
    requests.post(base, json=bundle, timeout=600).raise_for_status()


def seed(base: str, enrollments: int, appointments: int, patients: int) -> float:
    rng = random.Random(15)
    ctx = MappingContext(mrn_system="urn:oid:2.16.840.1.113883.19.5")
    started = time.perf_counter()
    pending: list[dict] = []

    def flush(force: bool = False) -> None:
        if pending and (force or len(pending) >= BATCH):
            _post_batch(base, pending)
            pending.clear()

    for i in range(patients):
        pending.append({"resourceType": "Patient", "id": f"p{i}"})
    for i in range(0, len(pending), BATCH):  # PUT keeps the ids the appointments point at
        _put_batch(base, pending[i : i + BATCH])
    pending.clear()
    for i in range(enrollments):
        day = FIRST_DAY + timedelta(days=int(DAYS * i / enrollments))
        outcome = "enrolled" if rng.random() < 0.7 else "declined"
        payload = {
            "outcome": outcome,
            "created_at": f"{day}T15:00:00Z",
            "completed_at": f"{day}T15:06:00Z",
            "staff_id": f"kiosk{i % 3}-staff",
            "patient": {
                "mrn": f"M{rng.randrange(patients)}",
                "given_name": "P",
                "family_name": "Q",
            },
            "steps": {},
        }
        if outcome == "declined":
            payload["decline_reason"] = "privacy-concern"
        pending.append(enrollment_task(f"kiosk{i % 3}-{i}", payload, ctx))
        flush()
    for i in range(appointments):
        day = FIRST_DAY + timedelta(days=int(DAYS * i / appointments))
        pending.append(
            {
                "resourceType": "Appointment",
                "status": "fulfilled" if rng.random() < 0.85 else "noshow",
                "start": f"{day}T10:00:00Z",
                "end": f"{day}T10:15:00Z",
                "participant": [
                    {
                        "actor": {"reference": f"Patient/p{rng.randrange(patients)}"},
                        "status": "accepted",
                    }
                ],
            }
        )
        flush()
    flush(force=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enrollments", type=int, default=20_000)
    parser.add_argument("--appointments", type=int, default=100_000)
    parser.add_argument("--patients", type=int, default=15_000)
    parser.add_argument(
        "--child-process",
        action="store_true",
        help="read in a child process instead of the network pool (no shared GIL): tells "
        "GIL stalls from CPU contention with the server on a busy machine",
    )
    args = parser.parse_args()

    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication
    from servers import FhirServer

    from kiosk.store import Store
    from kiosk.ui.tasks import TaskRunner

    server = FhirServer()
    server.start(auth=False)
    try:
        seconds = seed(server.base_url, args.enrollments, args.appointments, args.patients)
        print(
            f"seeded {args.enrollments} enrollments + {args.appointments} appointments "
            f"in {seconds:.1f} s"
        )
        app = QApplication.instance() or QApplication([])
        runner = TaskRunner(lambda: Store(":memory:"))
        # The in-memory test engine scans every stored resource for each page (no indexes),
        # so one page of 100,000 appointments can take longer than the kiosk's 20 s default.
        client = FhirClient(server.base_url, timeouts=Timeouts(connect=5, read=600))
        clock = QElapsedTimer()
        stalls: list[float] = []
        last = [0.0]

        def beat() -> None:
            now = clock.nsecsElapsed() / 1e6
            stalls.append(now - last[0])
            last[0] = now

        heartbeat = QTimer()
        heartbeat.setInterval(5)
        heartbeat.timeout.connect(beat)
        result: dict = {}

        def done(figures) -> None:
            result["figures"] = figures
            result["seconds"] = time.perf_counter() - result["started"]
            app.quit()

        def failed(exc: Exception) -> None:
            result["error"] = exc
            app.quit()

        # Baseline: the same heartbeat for 5 s with nothing running (the machine's own noise).
        clock.start()
        heartbeat.start()
        QTimer.singleShot(5000, app.quit)
        app.exec()
        idle = max(stalls)
        idle_over = sum(1 for s in stalls if s > 50)
        stalls.clear()
        last[0] = clock.nsecsElapsed() / 1e6
        result["started"] = time.perf_counter()

        def read():
            if not args.child_process:
                return read_ehr_figures(client, date(2026, 11, 1), date(2026, 12, 1), 12)
            import pickle
            import subprocess

            code = (
                "import pickle,sys;from datetime import date;"
                "from kiosk.sync.fhir import FhirClient;from kiosk.sync.http import Timeouts;"
                "from kiosk.sync.practice_read import read_ehr_figures;"
                f"c=FhirClient({server.base_url!r},timeouts=Timeouts(connect=5,read=600));"
                "sys.stdout.buffer.write(pickle.dumps(read_ehr_figures("
                "c,date(2026,11,1),date(2026,12,1),12)))"
            )
            out = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, check=True, cwd=ROOT
            )
            return pickle.loads(out.stdout)

        runner.net(read, done, failed)
        app.exec()
        heartbeat.stop()
        runner.shutdown()
        if "error" in result:
            print(f"refresh failed: {result['error']}")
            return 1
        f = result["figures"]
        over = sum(1 for s in stalls if s > 50)
        where = "a child process" if args.child_process else "the UI's network pool"
        print(f"practice-wide refresh (November 2026) on {where}: {result['seconds']:.2f} s")
        print(
            f"  enrolled {f.enrolled}, declined {f.declined}, new {f.new_patients_enrolled}, "
            f"enrolled to date {f.enrolled_to_date}, patients seen {f.patients_seen}, "
            f"appointments {f.appointments}"
        )
        print(f"GUI heartbeat idle (5 s): longest gap {idle:.1f} ms, gaps over 50 ms: {idle_over}")
        print(
            f"GUI heartbeat during refresh: {len(stalls)} beats, longest gap {max(stalls):.1f} ms, "
            f"gaps over 50 ms: {over}"
        )
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
