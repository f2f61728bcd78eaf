"""The numbers the practice playbook asks for each month, computed from the kiosk's own store.

Pure Python over SQLite (no Qt): SQL aggregates do the counting, so a year of 100,000
enrollments is one pass per query, not 100,000 records parsed in Python. The cohort of a
period is every enrollment *started* in it (a kiosk visit is minutes long), so numbers for a
closed month never change when a later month's visits are added.

Rates are ``None`` when their denominator is 0 (shown as "-"): no division by zero, no NaN.
Aggregates carry no patient data; :func:`follow_up_worklist` is the one query that returns
names, for the staff-only worklist screen.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from kiosk.enrollment import REMEDY_FOR_REASON, DeclineReason, iso, parse_iso, utcnow

PERIOD_KINDS = ("day", "week", "month", "custom")
# Longest period whose trend is drawn per day; longer ones are drawn per week.
_MAX_DAILY_BUCKETS = 62
# A day's trend shows the fortnight that ends with it (one bar of one day says nothing).
_DAY_TREND_DAYS = 14


def rate(numerator: int, denominator: int) -> float | None:
    """numerator/denominator, or None when there is nothing to divide by."""
    return numerator / denominator if denominator else None


# ---- periods ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    """Calendar days [start, end) in the practice's time zone (None = this computer's)."""

    kind: str
    start: date
    end: date  # exclusive
    tz: tzinfo | None = None

    def __post_init__(self) -> None:
        if self.kind not in PERIOD_KINDS:
            raise ValueError(f"Period kind must be one of {', '.join(PERIOD_KINDS)}.")
        if self.end <= self.start:
            raise ValueError("A period must end after it starts.")

    @classmethod
    def day(cls, day: date, tz: tzinfo | None = None) -> Period:
        return cls("day", day, day + timedelta(days=1), tz)

    @classmethod
    def week(cls, day: date, tz: tzinfo | None = None) -> Period:
        """The Monday-to-Sunday week that contains `day`."""
        monday = day - timedelta(days=day.weekday())
        return cls("week", monday, monday + timedelta(days=7), tz)

    @classmethod
    def month(cls, year: int, month: int, tz: tzinfo | None = None) -> Period:
        start = date(year, month, 1)
        end = date(year + (month == 12), month % 12 + 1, 1)
        return cls("month", start, end, tz)

    @classmethod
    def parse_month(cls, text: str, tz: tzinfo | None = None) -> Period:
        """'2026-11' -> November 2026; a clear message for anything else."""
        try:
            year, month = (int(part) for part in text.strip().split("-"))
            return cls.month(year, month, tz)
        except ValueError:
            message = f"{text!r} is not a month; write it as YYYY-MM, e.g. 2026-11."
            raise ValueError(message) from None

    @classmethod
    def custom(cls, start: date, end: date, tz: tzinfo | None = None) -> Period:
        """From `start` up to and including `end`."""
        return cls("custom", start, end + timedelta(days=1), tz)

    @classmethod
    def containing(cls, kind: str, day: date, tz: tzinfo | None = None) -> Period:
        if kind == "day":
            return cls.day(day, tz)
        if kind == "week":
            return cls.week(day, tz)
        if kind == "month":
            return cls.month(day.year, day.month, tz)
        raise ValueError(f"No calendar period of kind {kind!r}.")

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def shifted(self, steps: int) -> Period:
        """The period `steps` positions later (negative: earlier), same kind and length."""
        if self.kind == "month":
            index = self.start.year * 12 + self.start.month - 1 + steps
            return Period.month(index // 12, index % 12 + 1, self.tz)
        delta = timedelta(days=self.days * steps)
        return Period(self.kind, self.start + delta, self.end + delta, self.tz)

    def previous(self) -> Period:
        return self.shifted(-1)

    def moment(self, day: date) -> datetime:
        """Midnight starting `day` in the period's time zone, as an aware datetime."""
        midnight = datetime.combine(day, time())
        # A naive datetime's astimezone() applies the local rules in force on that date (DST).
        return midnight.replace(tzinfo=self.tz) if self.tz else midnight.astimezone()

    def bounds(self) -> tuple[str, str]:
        """[start, end) as the store's UTC ISO strings (they compare correctly as text)."""
        return iso(self.moment(self.start)), iso(self.moment(self.end))

    def label(self) -> str:
        """An English label for files and logs; the screens format their own."""
        if self.kind == "month":
            return self.start.strftime("%B %Y")
        if self.kind == "day":
            return self.start.isoformat()
        if self.kind == "week":
            return f"Week of {self.start.isoformat()}"
        return f"{self.start.isoformat()} to {(self.end - timedelta(days=1)).isoformat()}"

    def trend_buckets(self) -> tuple[str, list[tuple[date, date]]]:
        """('day'|'week', [(start, end), ...]) for the enrollment-rate trend of this period."""
        if self.kind == "day":
            first = self.end - timedelta(days=_DAY_TREND_DAYS)
            return "day", [(first + timedelta(i), first + timedelta(i + 1)) for i in range(14)]
        if self.days <= _MAX_DAILY_BUCKETS:
            return "day", [
                (self.start + timedelta(i), self.start + timedelta(i + 1)) for i in range(self.days)
            ]
        buckets = []
        cursor = self.start
        while cursor < self.end:
            following_monday = cursor + timedelta(days=7 - cursor.weekday())
            stop = min(following_monday, self.end)
            buckets.append((cursor, stop))
            cursor = stop
        return "week", buckets


# ---- results ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Adoption:
    approached: int
    enrolled: int
    declined: int
    abandoned: int
    in_progress: int
    new_enrollments: int  # patients enrolled for the first time (not a repeat enrollment)
    first_login_in_office: int  # enrolled with step 3 done at the desk
    active_accounts: int  # enrolled whose portal account the sync layer reports active

    @property
    def enrollment_rate(self) -> float | None:
        return rate(self.enrolled, self.approached)

    @property
    def first_login_rate(self) -> float | None:
        return rate(self.first_login_in_office, self.enrolled)

    @property
    def active_rate(self) -> float | None:
        return rate(self.active_accounts, self.enrolled)

    @property
    def decline_rate(self) -> float | None:
        return rate(self.declined, self.approached)


@dataclass(frozen=True)
class Engagement:
    demos_by_feature: dict[str, int]
    app_installs: int
    cards_printed: int
    invitations_by_channel: dict[str, int]
    enrolled: int  # the denominator for the rates below

    @property
    def demos(self) -> int:
        return sum(self.demos_by_feature.values())

    @property
    def invitations(self) -> int:
        return sum(self.invitations_by_channel.values())

    @property
    def demo_rate(self) -> float | None:
        return rate(self.demos, self.enrolled)

    @property
    def app_install_rate(self) -> float | None:
        return rate(self.app_installs, self.enrolled)

    @property
    def card_rate(self) -> float | None:
        return rate(self.cards_printed, self.enrolled)


@dataclass(frozen=True)
class Barrier:
    reason: str  # a DeclineReason value
    count: int
    remedy: str  # the remedy this reason calls for (a Remedy value)
    remedy_taken: int  # declines where staff gave that remedy

    @property
    def remedy_rate(self) -> float | None:
        return rate(self.remedy_taken, self.count)


@dataclass(frozen=True)
class StaffRow:
    staff_id: str
    display_name: str
    approached: int
    enrolled: int

    @property
    def enrollment_rate(self) -> float | None:
        return rate(self.enrolled, self.approached)


@dataclass(frozen=True)
class FollowUp:
    past_window: int  # enrolled in the period, window over, no active account, no desk login
    open_worklist: int  # all patients on the worklist now (not closed), any period
    called: int  # of those, already called


@dataclass(frozen=True)
class SyncHealth:
    queued: int  # waiting or being sent
    dead_letters: int
    oldest_unsynced_seconds: int | None


@dataclass(frozen=True)
class TrendPoint:
    start: date
    approached: int
    enrolled: int

    @property
    def rate(self) -> float | None:
        return rate(self.enrolled, self.approached)


@dataclass(frozen=True)
class Delta:
    current: float | None
    previous: float | None

    @property
    def change(self) -> float | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def direction(self) -> str | None:
        """'up', 'down', 'same', or None when either side has no value."""
        change = self.change
        if change is None:
            return None
        if abs(change) < 1e-9:
            return "same"
        return "up" if change > 0 else "down"


# Headline numbers compared with the previous period: name -> Adoption attribute.
HEADLINES = (
    "approached",
    "enrolled",
    "enrollment_rate",
    "new_enrollments",
    "first_login_rate",
    "active_rate",
    "declined",
)


@dataclass(frozen=True)
class Metrics:
    period: Period
    computed_at: str
    adoption: Adoption
    previous: Adoption  # the same numbers for period.previous()
    engagement: Engagement
    barriers: tuple[Barrier, ...]
    staff: tuple[StaffRow, ...]
    follow_up: FollowUp
    sync: SyncHealth
    trend_unit: str  # "day" or "week"
    trend: tuple[TrendPoint, ...] = field(default=())

    def delta(self, name: str) -> Delta:
        return Delta(getattr(self.adoption, name), getattr(self.previous, name))

    def deltas(self) -> dict[str, Delta]:
        return {name: self.delta(name) for name in HEADLINES}


# ---- queries ---------------------------------------------------------------------------------
def _conn(store_or_conn: Any) -> sqlite3.Connection:
    return store_or_conn if isinstance(store_or_conn, sqlite3.Connection) else store_or_conn.conn


_STEP = "json_extract(e.record, '$.steps.{}.status')"
# A patient needs a follow-up call when the window is over, the portal does not report the
# account active, and the first login did not already happen at the desk.
_NEEDS_FOLLOW_UP = (
    "e.outcome = 'enrolled' AND e.follow_up_due <= :as_of "
    "AND coalesce(p.status, '') != 'active' "
    f"AND coalesce({_STEP.format('first_login')}, '') != 'done'"
)
# Who a patient is, for "first enrollment" only (never leaves SQL): EHR id, else MRN, else
# name and birth date.
_PATIENT_KEY = (
    "coalesce('ehr:' || json_extract(record, '$.patient.ehr_id'), "
    "'mrn:' || json_extract(record, '$.patient.mrn'), "
    "'pt:' || lower(json_extract(record, '$.patient.family_name')) || '|' || "
    "lower(json_extract(record, '$.patient.given_name')) || '|' || "
    "json_extract(record, '$.patient.birth_date'))"
)


def adoption(store_or_conn: Any, period: Period) -> Adoption:
    conn = _conn(store_or_conn)
    start, end = period.bounds()
    row = conn.execute(
        f"""
        SELECT count(*),
               coalesce(sum(e.outcome = 'enrolled'), 0),
               coalesce(sum(e.outcome = 'declined'), 0),
               coalesce(sum(e.outcome = 'abandoned'), 0),
               coalesce(sum(e.outcome = 'in_progress'), 0),
               coalesce(sum(e.outcome = 'enrolled'
                            AND {_STEP.format("first_login")} = 'done'), 0),
               coalesce(sum(e.outcome = 'enrolled' AND p.status = 'active'), 0)
        FROM enrollments e LEFT JOIN portal_status p ON p.enrollment_id = e.id
        WHERE e.created_at >= :start AND e.created_at < :end""",
        {"start": start, "end": end},
    ).fetchone()
    new = conn.execute(
        f"""
        SELECT count(*) FROM (
            SELECT DISTINCT {_PATIENT_KEY} AS k FROM enrollments
            WHERE outcome = 'enrolled' AND created_at >= :start AND created_at < :end)
        WHERE k NOT IN (SELECT {_PATIENT_KEY} FROM enrollments
                        WHERE outcome = 'enrolled' AND created_at < :start)""",
        {"start": start, "end": end},
    ).fetchone()[0]
    return Adoption(
        approached=row[0],
        enrolled=row[1],
        declined=row[2],
        abandoned=row[3],
        in_progress=row[4],
        new_enrollments=new,
        first_login_in_office=row[5],
        active_accounts=row[6],
    )


def engagement(store_or_conn: Any, period: Period) -> Engagement:
    conn = _conn(store_or_conn)
    params = dict(zip(("start", "end"), period.bounds(), strict=True))
    where = "e.created_at >= :start AND e.created_at < :end"
    enrolled, installs, cards = conn.execute(
        f"""
        SELECT coalesce(sum(e.outcome = 'enrolled'), 0),
               coalesce(sum({_STEP.format("app_install")} = 'done'), 0),
               coalesce(sum({_STEP.format("reference_card")} = 'done'), 0)
        FROM enrollments e WHERE {where}""",
        params,
    ).fetchone()
    demos = dict(
        conn.execute(
            f"""
            SELECT coalesce(json_extract(e.record, '$.demo_feature'), 'unspecified'), count(*)
            FROM enrollments e
            WHERE {where} AND {_STEP.format("feature_demo")} = 'done'
            GROUP BY 1 ORDER BY 2 DESC, 1""",
            params,
        ).fetchall()
    )
    channels = {"email": 0, "sms": 0}
    for channel, n in conn.execute(
        f"""
        SELECT coalesce(e.channel, 'unknown'), count(*) FROM enrollments e
        WHERE {where} AND {_STEP.format("send_invitation")} = 'done'
        GROUP BY 1""",
        params,
    ):
        channels[channel] = n
    return Engagement(demos, installs, cards, channels, enrolled)


def barriers(store_or_conn: Any, period: Period) -> tuple[Barrier, ...]:
    """Every decline reason (zeros included, so the chart's axis is stable), most common first."""
    conn = _conn(store_or_conn)
    start, end = period.bounds()
    counts = {
        reason: (n, taken)
        for reason, n, taken in conn.execute(
            """
            SELECT decline_reason, count(*),
                   coalesce(sum(remedy IS NOT NULL AND remedy != 'none'), 0)
            FROM enrollments
            WHERE outcome = 'declined' AND created_at >= ? AND created_at < ?
            GROUP BY decline_reason""",
            (start, end),
        )
    }
    rows = []
    for reason in DeclineReason:
        n, taken = counts.get(reason.value, (0, 0))
        rows.append(Barrier(reason.value, n, REMEDY_FOR_REASON[reason].value, taken))
    return tuple(sorted(rows, key=lambda b: -b.count))


def staff(store_or_conn: Any, period: Period) -> tuple[StaffRow, ...]:
    conn = _conn(store_or_conn)
    start, end = period.bounds()
    return tuple(
        StaffRow(*row)
        for row in conn.execute(
            """
            SELECT e.staff_id, coalesce(s.display_name, e.staff_id), count(*),
                   coalesce(sum(e.outcome = 'enrolled'), 0)
            FROM enrollments e LEFT JOIN staff s ON s.id = e.staff_id
            WHERE e.created_at >= ? AND e.created_at < ?
            GROUP BY e.staff_id
            ORDER BY 4 DESC, 2""",
            (start, end),
        )
    )


def follow_up(store_or_conn: Any, period: Period, now: datetime) -> FollowUp:
    conn = _conn(store_or_conn)
    start, end = period.bounds()
    as_of = min(iso(now), end)
    past = conn.execute(
        f"""
        SELECT count(*) FROM enrollments e
        LEFT JOIN portal_status p ON p.enrollment_id = e.id
        WHERE e.created_at >= :start AND e.created_at < :end AND {_NEEDS_FOLLOW_UP}""",
        {"start": start, "end": end, "as_of": as_of},
    ).fetchone()[0]
    open_, called = conn.execute(
        f"""
        SELECT count(*), coalesce(sum(f.state = 'called'), 0) FROM enrollments e
        LEFT JOIN portal_status p ON p.enrollment_id = e.id
        LEFT JOIN follow_ups f ON f.enrollment_id = e.id
        WHERE {_NEEDS_FOLLOW_UP} AND coalesce(f.state, 'open') != 'closed'""",
        {"as_of": iso(now)},
    ).fetchone()
    return FollowUp(past, open_, called)


def sync_health(store_or_conn: Any, now: datetime) -> SyncHealth:
    conn = _conn(store_or_conn)
    queued, dead, oldest = conn.execute(
        """
        SELECT coalesce(sum(state IN ('queued', 'sending')), 0),
               coalesce(sum(state = 'dead'), 0),
               min(CASE WHEN state IN ('queued', 'sending') THEN created_at END)
        FROM outbox WHERE state != 'sent'"""
    ).fetchone()
    age = None
    if oldest:
        age = max(0, int((now - parse_iso(oldest)).total_seconds()))
    return SyncHealth(queued, dead, age)


def trend(store_or_conn: Any, period: Period) -> tuple[str, tuple[TrendPoint, ...]]:
    conn = _conn(store_or_conn)
    unit, buckets = period.trend_buckets()
    values = ",".join("(?, ?, ?)" for _ in buckets)
    params: list[Any] = []
    for i, (first, stop) in enumerate(buckets):
        params += [i, iso(period.moment(first)), iso(period.moment(stop))]
    rows = conn.execute(
        f"""
        WITH b(i, s, t) AS (VALUES {values})
        SELECT b.i, count(e.id), coalesce(sum(e.outcome = 'enrolled'), 0)
        FROM b LEFT JOIN enrollments e ON e.created_at >= b.s AND e.created_at < b.t
        GROUP BY b.i ORDER BY b.i""",
        params,
    ).fetchall()
    return unit, tuple(TrendPoint(buckets[i][0], n, k) for i, n, k in rows)


def compute(store_or_conn: Any, period: Period, now: datetime | None = None) -> Metrics:
    """Every dashboard number for `period`, with the previous period's headline numbers."""
    moment = now or utcnow()
    conn = _conn(store_or_conn)
    unit, points = trend(conn, period)
    return Metrics(
        period=period,
        computed_at=iso(moment),
        adoption=adoption(conn, period),
        previous=adoption(conn, period.previous()),
        engagement=engagement(conn, period),
        barriers=barriers(conn, period),
        staff=staff(conn, period),
        follow_up=follow_up(conn, period, moment),
        sync=sync_health(conn, moment),
        trend_unit=unit,
        trend=points,
    )


# ---- the worklist: the one query that returns names ---------------------------------------
@dataclass(frozen=True)
class WorklistRow:
    enrollment_id: str
    given_name: str
    family_name: str
    channel: str | None
    invited_at: str | None
    follow_up_due: str
    state: str  # open (incl. not yet raised) or called
    called_at: str | None
    portal_status: str | None

    def days_overdue(self, now: datetime) -> int:
        return max(0, (now - parse_iso(self.follow_up_due)).days)


def follow_up_worklist(
    store_or_conn: Any, now: datetime | None = None, limit: int = 200
) -> tuple[int, list[WorklistRow]]:
    """(total, oldest `limit` rows) of patients past the window without an active account
    whose follow-up is not closed. For signed-in staff only: rows hold names."""
    conn = _conn(store_or_conn)
    params = {"as_of": iso(now or utcnow()), "limit": limit}
    base = f"""
        FROM enrollments e
        LEFT JOIN portal_status p ON p.enrollment_id = e.id
        LEFT JOIN follow_ups f ON f.enrollment_id = e.id
        WHERE {_NEEDS_FOLLOW_UP} AND coalesce(f.state, 'open') != 'closed'"""
    total = conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    rows = conn.execute(
        f"""
        SELECT e.id, json_extract(e.record, '$.patient.given_name'),
               json_extract(e.record, '$.patient.family_name'), e.channel,
               json_extract(e.record, '$.steps.send_invitation.at'), e.follow_up_due,
               coalesce(f.state, 'open'), f.called_at, p.status
        {base}
        ORDER BY e.follow_up_due, e.id LIMIT :limit""",
        params,
    ).fetchall()
    return total, [WorklistRow(*row) for row in rows]


__all__ = [
    "Adoption",
    "Barrier",
    "Delta",
    "Engagement",
    "FollowUp",
    "Metrics",
    "Period",
    "StaffRow",
    "SyncHealth",
    "TrendPoint",
    "WorklistRow",
    "compute",
    "follow_up_worklist",
    "rate",
]
