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

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from kiosk import database, enrollment, expiry
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
class FamilyCounts:
    """Enrollments of the period by kind of access (kiosk/family.py): own accounts apart
    from a child's enrollment through a parent or guardian (proxy), plus the proxies added
    after a teen's or an adult's own enrollment."""

    own_account: int = 0  # enrolled with their own account (adults and teens)
    teen_accounts: int = 0  # of those, teens (with their recorded assent)
    proxy_enrollments: int = 0  # children enrolled through a parent/guardian proxy
    teen_parent_proxies: int = 0  # parents added to a teen's account (limited access)
    caregiver_proxies: int = 0  # caregivers added to an adult's account


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
    family: FamilyCounts = field(default_factory=FamilyCounts)

    def delta(self, name: str) -> Delta:
        return Delta(getattr(self.adoption, name), getattr(self.previous, name))

    def deltas(self) -> dict[str, Delta]:
        return {name: self.delta(name) for name in HEADLINES}


# ---- queries ---------------------------------------------------------------------------------
def _conn(store_or_conn: Any) -> sqlite3.Connection:
    conn: sqlite3.Connection = (
        store_or_conn
        if isinstance(store_or_conn, sqlite3.Connection | database.Connection)
        else store_or_conn.conn
    )
    return conn


_STEP = "json_extract(e.record, '$.steps.{}.status')"
# A patient needs a follow-up call when the window is over, the portal does not report the
# account active, and the first login did not already happen at the desk.
_NEEDS_FOLLOW_UP = (
    "e.outcome = 'enrolled' AND e.follow_up_due <= :as_of "
    "AND coalesce(p.status, '') != 'active' "
    f"AND coalesce({_STEP.format('first_login')}, '') != 'done'"
)
# Who a patient is, for "first enrollment" only: the pseudonymous key the store keeps (an
# HMAC of EHR id, else MRN, else name + birth date; store migration 4), so purged enrollments
# still count.
_PATIENT_KEY = "patient_key"


# One pass over the period's enrollments: JSON is parsed once per record (one multi-path
# json_extract) and the rows come back grouped, so Python only sums a few hundred groups.
# The step columns are the checklist steps that declare a `metric` (kiosk.enrollment).
_COHORT = """
    SELECT e.staff_id, e.outcome, e.channel, e.decline_reason, e.remedy,
           coalesce(p.status = 'active', 0),
           json_extract(e.record, {paths}'$.demo_feature'),
           count(*)
    FROM enrollments e LEFT JOIN portal_status p ON p.enrollment_id = e.id
    WHERE e.created_at >= ? AND e.created_at < ?
    GROUP BY 1, 2, 3, 4, 5, 6, 7"""


@dataclass(frozen=True)
class _Group:
    staff_id: str
    outcome: str
    channel: str | None
    decline_reason: str | None
    remedy: str | None
    active: bool
    done: frozenset[str]  # the `metric` names of the steps done
    feature: str | None  # the feature demonstrated (Enrollment.demo_feature)
    count: int

    @property
    def first_login(self) -> bool:
        return "first_login" in self.done

    @property
    def app_install(self) -> bool:
        return "app_install" in self.done

    @property
    def card(self) -> bool:
        return "card" in self.done

    @property
    def invited(self) -> bool:
        return "invited" in self.done

    @property
    def demo(self) -> str | None:
        """The feature demonstrated, when the demo step is done."""
        return (self.feature or "unspecified") if "demo" in self.done else None


def _cohort(conn: sqlite3.Connection, period: Period) -> list[_Group]:
    counted = [(str(s.id), s.metric) for s in enrollment.CHECKLIST if s.metric]
    paths = "".join(f"'$.steps.{step}.status', " for step, _ in counted)
    groups = []
    for staff_id, outcome, channel, reason, remedy, active, steps, n in conn.execute(
        _COHORT.format(paths=paths), period.bounds()
    ):
        *statuses, feature = json.loads(steps)
        pairs = zip(counted, statuses, strict=True)
        done = frozenset(metric for (_, metric), status in pairs if status == "done")
        groups.append(
            _Group(staff_id, outcome, channel, reason, remedy, bool(active), done, feature, n)
        )
    return groups


def _new_enrollments(conn: sqlite3.Connection, period: Period) -> int:
    # Uses idx_enrollments_patient_key_created (store migration 4).
    start, end = period.bounds()
    count: int = conn.execute(
        f"""
        SELECT count(*) FROM (
            SELECT DISTINCT {_PATIENT_KEY} AS k FROM enrollments
            WHERE outcome = 'enrolled' AND created_at >= :start AND created_at < :end)
        WHERE NOT EXISTS (SELECT 1 FROM enrollments
                          WHERE outcome = 'enrolled' AND {_PATIENT_KEY} = k
                            AND created_at < :start)""",
        {"start": start, "end": end},
    ).fetchone()[0]
    return count


def _adoption(groups: list[_Group], new: int) -> Adoption:
    def count(test: Callable[[_Group], bool]) -> int:
        return sum(g.count for g in groups if test(g))

    enrolled = [g for g in groups if g.outcome == "enrolled"]
    return Adoption(
        approached=count(lambda g: True),
        enrolled=sum(g.count for g in enrolled),
        declined=count(lambda g: g.outcome == "declined"),
        abandoned=count(lambda g: g.outcome == "abandoned"),
        in_progress=count(lambda g: g.outcome == "in_progress"),
        new_enrollments=new,
        first_login_in_office=sum(g.count for g in enrolled if g.first_login),
        active_accounts=sum(g.count for g in enrolled if g.active),
    )


def _engagement(groups: list[_Group]) -> Engagement:
    demos: dict[str, int] = {}
    channels = {"email": 0, "sms": 0}
    for g in groups:
        if g.demo:
            demos[g.demo] = demos.get(g.demo, 0) + g.count
        if g.invited:
            key = g.channel or "unknown"
            channels[key] = channels.get(key, 0) + g.count
    return Engagement(
        demos_by_feature=dict(sorted(demos.items(), key=lambda kv: (-kv[1], kv[0]))),
        app_installs=sum(g.count for g in groups if g.app_install),
        cards_printed=sum(g.count for g in groups if g.card),
        invitations_by_channel=channels,
        enrolled=sum(g.count for g in groups if g.outcome == "enrolled"),
    )


def _barriers(groups: list[_Group]) -> tuple[Barrier, ...]:
    """Every decline reason (zeros included, so the chart's axis is stable), most common first."""
    rows = []
    for reason in DeclineReason:
        declined = [g for g in groups if g.outcome == "declined" and g.decline_reason == reason]
        taken = sum(g.count for g in declined if g.remedy and g.remedy != "none")
        rows.append(
            Barrier(
                reason.value,
                sum(g.count for g in declined),
                REMEDY_FOR_REASON[reason].value,
                taken,
            )
        )
    return tuple(sorted(rows, key=lambda b: -b.count))


def _staff(conn: sqlite3.Connection, groups: list[_Group]) -> tuple[StaffRow, ...]:
    totals: dict[str, list[int]] = {}
    for g in groups:
        row = totals.setdefault(g.staff_id, [0, 0])
        row[0] += g.count
        row[1] += g.count if g.outcome == "enrolled" else 0
    names = dict(conn.execute("SELECT id, display_name FROM staff"))
    rows = [StaffRow(sid, names.get(sid) or sid, n, k) for sid, (n, k) in totals.items()]
    return tuple(sorted(rows, key=lambda r: (-r.enrolled, r.display_name)))


def adoption(store_or_conn: Any, period: Period) -> Adoption:
    conn = _conn(store_or_conn)
    return _adoption(_cohort(conn, period), _new_enrollments(conn, period))


def engagement(store_or_conn: Any, period: Period) -> Engagement:
    return _engagement(_cohort(_conn(store_or_conn), period))


def barriers(store_or_conn: Any, period: Period) -> tuple[Barrier, ...]:
    return _barriers(_cohort(_conn(store_or_conn), period))


def staff(store_or_conn: Any, period: Period) -> tuple[StaffRow, ...]:
    conn = _conn(store_or_conn)
    return _staff(conn, _cohort(conn, period))


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
        FROM outbox WHERE state IN ('queued', 'sending', 'dead')"""
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
    groups = _cohort(conn, period)
    previous = period.previous()
    unit, points = trend(conn, period)
    return Metrics(
        period=period,
        computed_at=iso(moment),
        adoption=_adoption(groups, _new_enrollments(conn, period)),
        previous=_adoption(_cohort(conn, previous), _new_enrollments(conn, previous)),
        engagement=_engagement(groups),
        barriers=_barriers(groups),
        staff=_staff(conn, groups),
        follow_up=follow_up(conn, period, moment),
        sync=sync_health(conn, moment),
        trend_unit=unit,
        trend=points,
        family=family_counts(conn, period),
    )


def family_counts(store_or_conn: Any, period: Period) -> FamilyCounts:
    """Own-account and proxy enrollments of the period (purged records keep these codes)."""
    conn = _conn(store_or_conn)
    start, end = period.bounds()
    paths = dict(
        conn.execute(
            "SELECT coalesce(json_extract(record, '$.age_path'), 'adult'), count(*) "
            "FROM enrollments WHERE outcome = 'enrolled' AND created_at >= ? AND created_at < ? "
            "GROUP BY 1",
            (start, end),
        ).fetchall()
    )
    kinds = dict(
        conn.execute(
            "SELECT json_extract(p.value, '$.kind'), count(*) "
            "FROM enrollments e, json_each(e.record, '$.proxies') p "
            "WHERE e.outcome = 'enrolled' AND e.created_at >= ? AND e.created_at < ? "
            "GROUP BY 1",
            (start, end),
        ).fetchall()
    )
    return FamilyCounts(
        own_account=paths.get("adult", 0) + paths.get("teen", 0),
        teen_accounts=paths.get("teen", 0),
        proxy_enrollments=paths.get("child", 0),
        teen_parent_proxies=kinds.get("parent-of-teen", 0),
        caregiver_proxies=kinds.get("caregiver", 0),
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
    last_sent_at: str | None = None  # the latest own invitation (first or resend) queued
    expires_at: str | None = None  # when its link expires (portal's answer, else the setting)

    def days_overdue(self, now: datetime) -> int:
        return max(0, (now - parse_iso(self.follow_up_due)).days)

    def expired(self, now: datetime) -> bool:
        return expiry.is_expired(self.expires_at, now)


# The latest invitation to the patient's own account (a proxy added later has its own).
_LAST_INVITATION = """(SELECT {column} FROM outbox o
    WHERE o.enrollment_id = e.id AND o.kind = 'portal.invitation'
      AND coalesce(json_extract(o.result, '$.proxy_added'),
                   json_extract(o.payload, '$.proxy_added'), 0) = 0
    ORDER BY o.seq DESC LIMIT 1)"""


def follow_up_worklist(
    store_or_conn: Any,
    now: datetime | None = None,
    limit: int = 200,
    expiry_days: int = 7,
) -> tuple[int, list[WorklistRow]]:
    """(total, `limit` rows) of patients past the window without an active account whose
    follow-up is not closed: expired invitations first, then oldest first. For signed-in
    staff only: rows hold names."""
    moment = now or utcnow()
    conn = _conn(store_or_conn)
    params = {"as_of": iso(moment), "limit": limit}
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
               coalesce(f.state, 'open'), f.called_at, p.status,
               {_LAST_INVITATION.format(column="o.created_at")},
               {_LAST_INVITATION.format(column="json_extract(o.result, '$.expires_at')")}
        {base}
        ORDER BY e.follow_up_due, e.id LIMIT :limit""",
        params,
    ).fetchall()
    out = []
    for row in rows:
        enrollment_id, given, family, channel, invited, due, state, called, status = row[:9]
        last_sent, portal_expires = row[9:]
        sent = last_sent or invited
        out.append(
            WorklistRow(
                enrollment_id,
                given,
                family,
                channel,
                invited,
                due,
                state,
                called,
                status,
                sent,
                expiry.invitation_expiry(sent, portal_expires, expiry_days),
            )
        )
    out.sort(key=lambda r: not r.expired(moment))  # stable: oldest first within each group
    return total, out


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
