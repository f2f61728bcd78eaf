"""Realistic kiosk data built through the domain, for tests and benchmarks.

Every record is made by the same `Enrollment` transitions the wizard uses, with explicit
`now=` times, and written with `Store.apply` - so seeded data has the shape real data has
(step statuses inside the record JSON, step events, outbox items, audit rows).

`bulk=True` applies one merged change per visit (same rows, one transaction instead of
seven) for the 100,000-enrollment benchmark.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from kiosk.enrollment import (
    Change,
    Channel,
    DeclineReason,
    Enrollment,
    Patient,
    StepId,
)
from kiosk.store import Store

GIVEN = ("Maria", "James", "Ana", "Robert", "Lucia", "David", "Rosa", "Michael", "Elena", "John")
FAMILY = ("Garcia", "Smith", "Lopez", "Johnson", "Martinez", "Brown", "Hernandez", "Davis")


def add_staff(store: Store, staff_id: str, display_name: str, is_admin: bool = False) -> None:
    """A staff row (the sign-in feature owns PINs; seeded staff never sign in by PIN)."""
    with store.transaction() as db:
        db["staff"].insert(
            {
                "id": staff_id,
                "display_name": display_name,
                "pin_hash": "seed:no-pin",
                "is_admin": int(is_admin),
                "active": 1,
                "failed_attempts": 0,
                "created_at": "2026-01-01T00:00:00Z",
            },
            pk="id",
            replace=True,
        )


def patient(n: int, ehr_id: str | None = None) -> Patient:
    """The n-th made-up patient; the same n is the same person."""
    return Patient(
        given_name=GIVEN[n % len(GIVEN)],
        family_name=f"{FAMILY[n % len(FAMILY)]}-{n}",
        birth_date=f"{1940 + n % 60}-{1 + n % 12:02d}-{1 + n % 28:02d}",
        ehr_id=ehr_id,
    )


class _Visit:
    """Applies each change as the wizard would, or merges them for one bulk write."""

    def __init__(self, store: Store, bulk: bool) -> None:
        self.store, self.bulk = store, bulk
        self.changes: list[Change] = []

    def do(self, change: Change) -> Enrollment:
        if self.bulk:
            self.changes.append(change)
        else:
            self.store.apply(change)
        return change.enrollment

    def close(self) -> None:
        if self.bulk and self.changes:
            last = self.changes[-1]
            merged = Change(
                last.enrollment,
                [ev for c in self.changes for ev in c.events],
                [item for c in self.changes for item in c.outbox],
                last.audit_action,
            )
            self.store.apply(merged)


def _contact(visit: _Visit, e: Enrollment, n: int, channel: Channel, at: datetime) -> Enrollment:
    email = f"patient{n}@example.org" if channel == Channel.EMAIL or n % 2 else None
    mobile = f"+1213555{n % 10000:04d}" if channel == Channel.SMS or n % 3 else None
    return visit.do(
        e.capture_contact(
            email=email,
            mobile=mobile,
            channel=channel,
            sms_consent=channel == Channel.SMS,
            privacy_ack=True,
            now=at,
        )
    )


def enrolled(
    store: Store,
    staff_id: str,
    at: datetime,
    n: int = 0,
    *,
    channel: Channel = Channel.EMAIL,
    first_login: bool = True,
    demo: str | None = "messaging",
    app_install: bool = True,
    card: bool = True,
    follow_up_days: int = 7,
    portal: str | None = None,
    ehr_id: str | None = None,
    bulk: bool = False,
    failed: tuple[StepId, ...] = (),
) -> Enrollment:
    """A visit that ends enrolled; `portal` sets the status the sync layer would bring back.
    Steps in `failed` were tried and did not work (recorded failed instead of done/skipped)."""
    visit = _Visit(store, bulk)
    e = visit.do(Enrollment.start(staff_id, patient(n, ehr_id), now=at))
    e = _contact(visit, e, n, channel, at + timedelta(seconds=20))
    e = visit.do(e.send_invitation(now=at + timedelta(seconds=30)))
    t = at + timedelta(seconds=40)
    steps = (
        (StepId.FIRST_LOGIN, first_login, "manual-confirm"),
        (StepId.FEATURE_DEMO, demo is not None, demo),
        (StepId.APP_INSTALL, app_install, None),
        (StepId.REFERENCE_CARD, card, None),
    )
    for step, done, detail in steps:
        t += timedelta(seconds=10)
        if step in failed:
            e = visit.do(e.fail_step(step, "did-not-work", now=t))
        elif done:
            e = visit.do(e.complete_step(step, detail, now=t))
        else:
            e = visit.do(e.skip_step(step, "patient-declined-step", now=t))
    e = visit.do(e.finish(follow_up_days, now=t + timedelta(seconds=10)))
    visit.close()
    if portal:
        store.set_portal_status(e.id, portal)
    return e


def declined(
    store: Store,
    staff_id: str,
    at: datetime,
    reason: DeclineReason,
    n: int = 0,
    *,
    remedy_taken: bool = True,
    demo: str | None = None,
    bulk: bool = False,
) -> Enrollment:
    visit = _Visit(store, bulk)
    e = visit.do(Enrollment.start(staff_id, patient(n), now=at))
    if demo:
        e = visit.do(e.complete_step(StepId.FEATURE_DEMO, demo, now=at + timedelta(seconds=20)))
    text = "Prefers to call the office" if reason == DeclineReason.OTHER else None
    e = visit.do(
        e.decline(reason, text=text, remedy_taken=remedy_taken, now=at + timedelta(seconds=40))
    )
    visit.close()
    return e


def abandoned(
    store: Store,
    staff_id: str,
    at: datetime,
    n: int = 0,
    *,
    after_invitation: bool = False,
    bulk: bool = False,
) -> Enrollment:
    visit = _Visit(store, bulk)
    e = visit.do(Enrollment.start(staff_id, patient(n), now=at))
    if after_invitation:
        e = _contact(visit, e, n, Channel.EMAIL, at + timedelta(seconds=20))
        e = visit.do(e.send_invitation(now=at + timedelta(seconds=30)))
    e = visit.do(e.abandon(now=at + timedelta(seconds=90)))
    visit.close()
    return e


def in_progress(store: Store, staff_id: str, at: datetime, n: int = 0) -> Enrollment:
    return store.apply(Enrollment.start(staff_id, patient(n), now=at))
