"""Child process for the two-process sync tests: records N declines through the real Store, as
a kiosk's wizard would, while `kiosk sync --watch` processes deliver them.

    python tests/outbox_writer_child.py DBPATH N PREFIX

Each decline leaves one outbox item (the EHR enrollment record). Prints "done N" at the end.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.enrollment import DeclineReason, Enrollment, Patient  # noqa: E402
from kiosk.store import Store  # noqa: E402

REASONS = [r for r in DeclineReason if r not in (DeclineReason.OTHER,)]


def main(db_path: str, n: int, prefix: str) -> None:
    with Store(db_path) as store:
        for i in range(n):
            reason = REASONS[i % len(REASONS)]
            patient = Patient(f"{prefix}{i}", "Writer", "1970-01-01")
            e = store.apply(Enrollment.start("staff-1", patient))
            help_at = (
                "2030-05-01T15:00:00Z"
                if reason == DeclineReason.NOT_COMFORTABLE_WITH_COMPUTERS
                else None
            )
            store.apply(e.decline(reason, help_session_at=help_at))
            if i % 50 == 49:
                time.sleep(0.01)  # let the senders interleave with the writers
    print(f"done {n}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
