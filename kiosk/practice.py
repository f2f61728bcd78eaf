"""The playbook's practice-wide "Portal Performance" numbers: what each one is, where it comes
from, and what to do when a source is missing. Pure Python (no Qt, no network).

Three sources feed it, each cached in the store so the dashboard opens instantly offline:
- the EHR (kiosk/sync/practice_read.py): every kiosk's enrollments, unique patients seen, all
  appointments of the month -> :class:`EhrFigures`;
- the portal's monthly usage (the API in docs/portal-api.md, or the vendor's CSV imported on
  the admin screen) -> :class:`PortalUsage`;
- what only people know (phone calls, satisfaction, collections), typed in by the practice
  manager -> :class:`ManualFigures`.
A metric whose source is missing has value None and says which source it needs: never blank,
never a false zero.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

GOAL_ENROLLMENT = (0.60, 0.70)  # playbook: 60-70 % of the practice's patients have access
GOAL_ACTIVE = (0.40, 0.50)  # playbook: 40-50 % of enrolled patients use it each month
GOAL_APP_INSTALL = 0.40  # of patients enrolled at the desk

SOURCE_EHR = "ehr"
SOURCE_PORTAL = "portal"
SOURCE_MANUAL = "manual"


def months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, min(day.day, 28))


def month_key(day: date) -> str:
    return f"{day:%Y-%m}"


# ---- the three sources -------------------------------------------------------------------
@dataclass(frozen=True)
class EhrFigures:
    start: date  # first day of the month
    enrolled: int  # every kiosk's enrollments in the month (Task businessStatus=enrolled)
    declined: int
    new_patients_enrolled: int  # patients enrolled this month for the first time
    enrolled_to_date: int  # unique patients ever enrolled at any kiosk up to the month's end
    patients_seen: int  # unique patients with an Encounter or fulfilled Appointment
    appointments: int  # all appointments in the month
    pending_local: int  # this kiosk's records not yet in the EHR, included above
    seen_months: int = 12
    fetched_at: str = ""  # when the EHR answered (UTC ISO)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["start"] = self.start.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EhrFigures:
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        values["start"] = date.fromisoformat(values["start"])
        return cls(**values)


USAGE_FIELDS: tuple[str, ...] = (
    "accounts_with_access",
    "active_users",
    "multi_feature_users",
    "messages_sent",
    "messages_received",
    "median_response_hours",
    "appointments_booked",
    "results_viewed",
    "results_viewed_same_day",
    "payments_amount",
)


@dataclass(frozen=True)
class PortalUsage:
    """The portal's monthly usage summary (docs/portal-api.md, POST /v1/usage-summary)."""

    month: str  # YYYY-MM
    accounts_with_access: int | None = None
    active_users: int | None = None
    multi_feature_users: int | None = None
    messages_sent: int | None = None  # by patients to the practice
    messages_received: int | None = None  # by patients from the practice
    median_response_hours: float | None = None
    appointments_booked: int | None = None
    results_viewed: int | None = None
    results_viewed_same_day: int | None = None
    payments_amount: float | None = None
    source: str = "api"  # "api" or "csv"

    @classmethod
    def from_json(cls, data: dict[str, Any], source: str = "api") -> PortalUsage:
        month = str(data.get("month") or "")
        if not re.fullmatch(r"\d{4}-\d{2}", month):
            raise ValueError("The portal's usage summary did not say which month it covers.")
        values: dict[str, Any] = {}
        for name in USAGE_FIELDS:
            value = data.get(name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValueError(f"The portal's usage summary has a wrong {name}.")
            values[name] = value
        return cls(month=month, source=data.get("source", source), **values)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


MANUAL_FIELDS: tuple[str, ...] = ("phone_calls", "satisfaction_pct", "collections_amount")


@dataclass(frozen=True)
class ManualFigures:
    month: str
    phone_calls: int | None = None
    satisfaction_pct: float | None = None  # share of portal users satisfied, 0-100
    collections_amount: float | None = None  # all patient payments, for the portal's share

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ManualFigures:
        values: dict[str, Any] = {k: data.get(k) for k in ("month", *MANUAL_FIELDS)}
        return cls(**values)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


# ---- the vendor's monthly CSV --------------------------------------------------------------
CSV_SYNONYMS: dict[str, tuple[str, ...]] = {
    "month": ("month", "period", "reporting month", "report month", "date"),
    "accounts_with_access": ("accounts", "enrolled patients", "patients with access", "accounts"),
    "active_users": ("active users", "active patients", "unique logins", "users logged in"),
    "multi_feature_users": ("multi-feature users", "multi feature", "used 2+ features"),
    "messages_sent": ("messages sent", "patient messages", "messages from patients"),
    "messages_received": ("messages received", "messages to patients", "provider messages"),
    "median_response_hours": ("median response hours", "response time", "median response"),
    "appointments_booked": ("appointments booked", "online bookings", "self-scheduled"),
    "results_viewed": ("results viewed", "lab results viewed"),
    "results_viewed_same_day": ("results viewed same day", "same-day result views"),
    "payments_amount": ("payments", "online payments", "payment amount", "bill pay"),
}


class CsvImportError(ValueError):
    """A message for the practice manager; nothing is saved when it is raised."""


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9+]+", " ", text.lower()).strip()


def read_csv_header(text: str) -> list[str]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    for row in reader:
        if any(cell.strip() for cell in row):
            return [cell.strip() for cell in row]
    raise CsvImportError("The file is empty: export the monthly usage report again.")


def guess_mapping(header: list[str], remembered: dict[str, str] | None = None) -> dict[str, str]:
    """field -> column: last month's choices first (when the column is still there), then
    the best name match. The admin screen shows it for the manager to confirm or change."""
    mapping: dict[str, str] = {}
    for name, column in (remembered or {}).items():
        if column in header:
            mapping[name] = column
    taken = set(mapping.values())
    for name, words in CSV_SYNONYMS.items():
        if name in mapping:
            continue
        # the most specific synonym wins ("results viewed same day" over "results viewed")
        best = None
        for column in header:
            if column in taken:
                continue
            norm = _norm(column)
            for word in map(_norm, words):
                if norm == word or (word in norm and name != "month"):
                    score = (norm == word, len(word))
                    if best is None or score > best[0]:
                        best = (score, column)
        if best:
            mapping[name] = best[1]
            taken.add(best[1])
    return mapping


def parse_number(text: str) -> float | None:
    """'12,345' '$1,234.50' '1 234' '45%' '(none)' -> a number or None (blank/none)."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if cleaned.lower() in ("", "-", "n/a", "na", "none", "(none)"):
        return None
    cleaned = cleaned.lstrip("$").rstrip("%").replace(",", "")
    try:
        value = float(cleaned)
    except ValueError:
        raise CsvImportError(f"{text.strip()!r} is not a number.") from None
    if value < 0:
        raise CsvImportError(f"{text.strip()!r} is negative; usage counts cannot be.")
    return value


def parse_month_cell(text: str) -> str:
    cleaned = text.strip()
    for pattern, order in (
        (r"(\d{4})[-/](\d{1,2})(?:[-/]\d{1,2})?", "ym"),
        (r"(\d{1,2})[-/](\d{4})", "my"),
        (r"(\d{1,2})/\d{1,2}/(\d{4})", "my"),
    ):
        match = re.fullmatch(pattern, cleaned)
        if match:
            a, b = match.groups()
            year, month = (int(a), int(b)) if order == "ym" else (int(b), int(a))
            if 1 <= month <= 12:
                return f"{year:04d}-{month:02d}"
    names = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]  # fmt: skip
    match = re.fullmatch(r"([A-Za-z]{3})[A-Za-z]*\.?[ -](\d{4})", cleaned)
    if match and match.group(1).lower() in names:
        return f"{int(match.group(2)):04d}-{names.index(match.group(1).lower()) + 1:02d}"
    raise CsvImportError(f"{cleaned!r} is not a month; the vendor file should say e.g. 2026-11.")


def import_usage_csv(text: str, mapping: dict[str, str]) -> dict[str, PortalUsage]:
    """Every month in the vendor's file -> its usage; a month the file lacks is simply absent
    (the report then says the portal source is missing for it). Extra columns are ignored."""
    if "month" not in mapping:
        raise CsvImportError("Choose which column holds the month.")
    header = read_csv_header(text)
    missing = [c for c in mapping.values() if c not in header]
    if missing:
        raise CsvImportError(f"The file has no column {missing[0]!r}; check the mapping.")
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), skipinitialspace=True)
    reader.fieldnames = [f.strip() for f in reader.fieldnames or []]
    months: dict[str, PortalUsage] = {}
    for line, row in enumerate(reader, start=2):
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        try:
            month = parse_month_cell(row.get(mapping["month"]) or "")
            values: dict[str, Any] = {}
            for name in USAGE_FIELDS:
                if name in mapping:
                    number = parse_number(row.get(mapping[name]) or "")
                    if number is not None:
                        floats = ("median_response_hours", "payments_amount")
                        values[name] = number if name in floats else round(number)
        except CsvImportError as exc:
            raise CsvImportError(f"Line {line}: {exc}") from None
        months[month] = PortalUsage(month=month, source="csv", **values)
    if not months:
        raise CsvImportError("The file has no monthly rows.")
    return months


# ---- the playbook's rows -----------------------------------------------------------------
@dataclass(frozen=True)
class PlaybookRow:
    key: str
    section: str  # adoption / engagement / impact
    kind: str  # count / rate / money / hours / pct-score / ratio
    value: float | None
    previous: float | None
    missing: str | None = None  # the source this metric needs, when it has none

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


@dataclass(frozen=True)
class MonthSources:
    ehr: EhrFigures | None
    usage: PortalUsage | None
    manual: ManualFigures | None


def _ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or not b:
        return None
    return a / b


def _values(s: MonthSources) -> dict[str, tuple[float | None, str | None]]:
    """metric -> (value, missing source) for one month."""
    e, u, m = s.ehr, s.usage, s.manual
    no_ehr, no_portal, no_manual = "ehr", "portal", "manual"

    def from_usage(name: str) -> tuple[float | None, str | None]:
        value = getattr(u, name) if u else None
        return value, None if value is not None else no_portal

    def from_manual(name: str) -> tuple[float | None, str | None]:
        value = getattr(m, name) if m else None
        return value, None if value is not None else no_manual

    def both(
        value: float | None, need: list[tuple[object, str]]
    ) -> tuple[float | None, str | None]:
        for thing, source in need:
            if thing is None:
                return None, source
        return value, None if value is not None else need[-1][1]

    access = u.accounts_with_access if u else None
    active = u.active_users if u else None
    out: dict[str, tuple[float | None, str | None]] = {}
    out["enrollment_rate"] = both(
        _ratio(access, e.patients_seen if e else None),
        [(e, no_ehr), (access, no_portal)],
    )
    out["patients_seen"] = (e.patients_seen, None) if e else (None, no_ehr)
    out["accounts_with_access"] = from_usage("accounts_with_access")
    out["active_user_rate"] = both(_ratio(active, access), [(access, no_portal)])
    out["multi_feature_rate"] = both(
        _ratio(u.multi_feature_users if u else None, active), [(active, no_portal)]
    )
    out["new_enrollments"] = (e.new_patients_enrolled, None) if e else (None, no_ehr)
    out["kiosk_enrollments"] = (e.enrolled, None) if e else (None, no_ehr)
    out["messages_sent"] = from_usage("messages_sent")
    out["messages_received"] = from_usage("messages_received")
    total = None
    if u and u.messages_sent is not None and u.messages_received is not None:
        total = u.messages_sent + u.messages_received
    out["messages_per_patient"] = both(_ratio(total, access), [(total, no_portal)])
    out["appointments"] = (e.appointments, None) if e else (None, no_ehr)
    out["appointments_booked"] = from_usage("appointments_booked")
    booked = u.appointments_booked if u else None
    out["appointments_booked_share"] = both(
        _ratio(booked, e.appointments if e else None), [(booked, no_portal), (e, no_ehr)]
    )
    out["results_viewed"] = from_usage("results_viewed")
    viewed = u.results_viewed if u else None
    same = u.results_viewed_same_day if u else None
    out["results_same_day_share"] = both(_ratio(same, viewed), [(same, no_portal)])
    out["payments_amount"] = from_usage("payments_amount")
    paid = u.payments_amount if u else None
    collected = m.collections_amount if m else None
    out["payments_share"] = both(
        _ratio(paid, collected), [(paid, no_portal), (collected, no_manual)]
    )
    out["phone_calls"] = from_manual("phone_calls")
    out["median_response_hours"] = from_usage("median_response_hours")
    satisfaction = m.satisfaction_pct if m else None
    out["satisfaction"] = (
        (satisfaction / 100, None) if satisfaction is not None else (None, no_manual)
    )
    return out


# key, section, kind: the order the dashboard, PDF and CSV show them in.
PLAYBOOK: tuple[tuple[str, str, str], ...] = (
    ("enrollment_rate", "adoption", "rate"),
    ("accounts_with_access", "adoption", "count"),
    ("patients_seen", "adoption", "count"),
    ("active_user_rate", "adoption", "rate"),
    ("multi_feature_rate", "adoption", "rate"),
    ("new_enrollments", "adoption", "count"),
    ("kiosk_enrollments", "adoption", "count"),
    ("messages_sent", "engagement", "count"),
    ("messages_received", "engagement", "count"),
    ("messages_per_patient", "engagement", "ratio"),
    ("appointments_booked", "engagement", "count"),
    ("appointments", "engagement", "count"),
    ("appointments_booked_share", "engagement", "rate"),
    ("results_viewed", "engagement", "count"),
    ("results_same_day_share", "engagement", "rate"),
    ("payments_amount", "engagement", "money"),
    ("payments_share", "engagement", "rate"),
    ("phone_calls", "impact", "count"),
    ("median_response_hours", "impact", "hours"),
    ("satisfaction", "impact", "rate"),
)


def playbook_rows(current: MonthSources, previous: MonthSources) -> list[PlaybookRow]:
    now, before = _values(current), _values(previous)
    return [
        PlaybookRow(key, section, kind, now[key][0], before[key][0], now[key][1])
        for key, section, kind in PLAYBOOK
    ]


@dataclass(frozen=True)
class Gap:
    key: str  # enrollment_rate / active_user_rate / app_install_rate / missing:<source>
    gap: float  # goal minus value (points of 1.0); the biggest first
    value: float | None
    goal: tuple[float, float]


def playbook_gaps(rows: list[PlaybookRow], app_install_rate: float | None = None) -> list[Gap]:
    """The playbook's targets against this month's values, the biggest gap first. A target
    whose metric has no source becomes a gap of its own: the practice cannot see it."""
    by_key = {r.key: r for r in rows}
    found: list[Gap] = []
    for key, goal in (("enrollment_rate", GOAL_ENROLLMENT), ("active_user_rate", GOAL_ACTIVE)):
        row = by_key[key]
        if row.value is None:
            found.append(Gap(f"missing:{row.missing}", 0.5, None, goal))
        elif row.value < goal[0]:
            found.append(Gap(key, goal[0] - row.value, row.value, goal))
    if app_install_rate is not None and app_install_rate < GOAL_APP_INSTALL:
        found.append(
            Gap(
                "app_install_rate",
                (GOAL_APP_INSTALL - app_install_rate) * 0.8,
                app_install_rate,
                (GOAL_APP_INSTALL, GOAL_APP_INSTALL),
            )
        )
    unique: dict[str, Gap] = {}
    for gap in found:
        unique.setdefault(gap.key, gap)
    return sorted(unique.values(), key=lambda g: -g.gap)


# ---- the cache: what the dashboard shows at once, online or not ----------------------------
def ehr_key(month: str) -> str:
    return f"ehr:{month}"


def usage_key(month: str) -> str:
    return f"usage:{month}"


def manual_key(month: str) -> str:
    return f"manual:{month}"


CSV_MAPPING_KEY = "usage_csv_mapping"


def cached_sources(store: Any, month: str) -> tuple[MonthSources, str | None]:
    """The month's cached sources and when the EHR figures were read (None: never)."""
    ehr = store.cache_get(ehr_key(month))
    usage = store.cache_get(usage_key(month))
    manual = store.cache_get(manual_key(month))
    sources = MonthSources(
        EhrFigures.from_json(ehr[0]) if ehr else None,
        PortalUsage.from_json(usage[0], usage[0].get("source", "api")) if usage else None,
        ManualFigures.from_json(manual[0]) if manual else None,
    )
    return sources, (ehr[0].get("fetched_at") or ehr[1]) if ehr else None
