"""Benchmark: drain N queued enrollments into the local Medplum test server; print records/s.

    python kiosk/scripts/bench_sync.py [--count 1000]

Needs `npm ci --prefix tests/fhir_server`. Each enrollment queues three outbox items (email and
mobile to Patient.telecom, the portal invitation, the enrollment record): the numbers printed
are enrollments per second and outbox items per second, with the FHIR requests made.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests")]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    from kiosk.scripts.dev_key import use_dev_key

    use_dev_key()

    from servers import FhirServer

    from kiosk.enrollment import Channel, Enrollment, Patient
    from kiosk.ports import NoPortal
    from kiosk.store import Store
    from kiosk.sync.engine import OutboxEngine
    from kiosk.sync.fhir import FhirClient
    from kiosk.sync.mapping import MappingContext

    with tempfile.TemporaryDirectory() as tmp, FhirServer() as srv:
        srv.stop()
        srv.start(auth=False)
        client = FhirClient(srv.base_url)
        store = Store(Path(tmp) / "bench.sqlite3")
        # Every other enrollment is a patient found in the EHR (telecom write-back).
        pids = {
            i: client.create_conditional(
                {
                    "resourceType": "Patient",
                    "name": [{"family": "Bench", "given": ["Pat"]}],
                    "identifier": [{"system": "urn:bench", "value": str(i)}],
                },
                f"identifier=urn:bench|{i}",
            )["id"]
            for i in range(1, args.count, 2)
        }
        srv.reset_faults(stats=True)
        t0 = time.perf_counter()
        for i in range(args.count):
            p = Patient("Pat", "Bench", "1980-01-01", ehr_id=pids[i] if i % 2 else None)
            e = store.apply(Enrollment.start("staff-1", p))
            e = store.apply(
                e.capture_contact(
                    email=f"p{i}@example.org", mobile="+12135550100", channel=Channel.EMAIL
                )
            )
            e = store.apply(e.send_invitation())
            store.apply(e.finish(7))
        queued_s = time.perf_counter() - t0
        items = store.outbox_counts()["queued"]
        engine = OutboxEngine(
            store, client, NoPortal("https://portal.example.org"), MappingContext("urn:bench")
        )
        t0 = time.perf_counter()
        while store.outbox_counts()["queued"]:
            result = engine.run_pass()
            if result.dead or result.state != "online":
                print(f"stopped: {result}", file=sys.stderr)
                return 1
        drain_s = time.perf_counter() - t0
        stats = srv.stats()
        print(f"queued {args.count} enrollments ({items} outbox items) in {queued_s:.1f} s")
        print(
            f"drained in {drain_s:.1f} s: {args.count / drain_s:.0f} enrollments/s, "
            f"{items / drain_s:.0f} outbox items/s"
        )
        print(f"FHIR requests: {sum(stats['requests'].values())}; resources: {stats['resources']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
