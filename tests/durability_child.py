"""Child process for tests/test_durability.py: save enrollments in a loop until killed.

    python tests/durability_child.py DBPATH

Each enrollment goes through the real Store.apply four times (start, contact, invitation,
finish), so it leaves three outbox items. Its id is printed (and flushed) only after the last
commit has returned: a printed id is a promise that the enrollment is on disk.
Imports only the domain and the store, so the test can restart it hundreds of times.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.enrollment import Channel, Enrollment, Patient  # noqa: E402
from kiosk.store import Store  # noqa: E402


def main(db_path: str) -> None:
    store = Store(db_path)
    store.release_claims()
    n = 0
    while True:
        n += 1
        patient = Patient("Durable", "Tester", "1980-01-01", ehr_id=f"pat-{n}")
        change = Enrollment.start("staff-1", patient)
        enrollment = store.apply(change)
        enrollment = store.apply(
            enrollment.capture_contact(
                email="durable@example.org", mobile="+12135550100", channel=Channel.EMAIL
            )
        )
        enrollment = store.apply(enrollment.send_invitation())
        enrollment = store.apply(enrollment.finish(follow_up_days=7))
        sys.stdout.write(enrollment.id + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1])
