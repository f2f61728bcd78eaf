"""Today's schedule, what the EHR has on file, and help-session slots: the pure domain.

The find-patient screen opens on today's appointments (kiosk/sync/schedule_read.py reads them
from FHIR); each row is a `ScheduledVisit`. The contact step shows what `Patient.telecom`
holds (`ContactOnFile`), masked until staff reveal it. Typing that is left gets suggestions
(`local_part_suggestions`, `domain_suggestions`). Help sessions are `HelpSlot`s, from the
EHR's `Slot`s or, without an EHR, from the settings (`slots_from_settings`).

Nothing here is stored: a visit list lives in memory on the screen and is dropped with it (the
idle wipe resets the page), so no patient data is cached outside the encrypted database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from kiosk.enrollment import Patient, iso

# Appointment.status values that mean "the patient is (or will be) here today".
ACTIVE_STATUSES: tuple[str, ...] = ("booked", "arrived", "checked-in")

# The common US mail domains, most used first (what patients at a front desk type).
COMMON_DOMAINS: tuple[str, ...] = (
    "gmail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "icloud.com",
    "aol.com",
    "comcast.net",
    "att.net",
    "sbcglobal.net",
)

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class PortalStatus(StrEnum):
    """What the desk needs to know per scheduled patient."""

    NOT_INVITED = "not_invited"
    INVITED = "invited"  # invited, not logged in yet
    ACTIVE = "active"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ContactOnFile:
    """Email and mobile from Patient.telecom (current entries only)."""

    email: str | None = None
    mobile: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.email or self.mobile)


@dataclass(frozen=True)
class ScheduledVisit:
    appointment_id: str
    start: datetime  # aware
    status: str  # Appointment.status
    patient: Patient
    on_file: ContactOnFile = field(default_factory=ContactOnFile)
    portal: PortalStatus = PortalStatus.UNKNOWN

    def age(self, today: date) -> int | None:
        return age_on(self.patient.birth_date, today)


def age_on(birth_iso: str | None, today: date) -> int | None:
    try:
        born = date.fromisoformat(birth_iso or "")
    except ValueError:
        return None
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return years if years >= 0 else None


# ---- masking ------------------------------------------------------------------------------
def mask_email(email: str | None) -> str:
    """m****@gmail.com: enough for the patient to recognise, not enough for a bystander."""
    if not email or "@" not in email:
        return ""
    local, domain = email.rsplit("@", 1)
    return f"{local[:1]}****@{domain}"


def mask_mobile(mobile: str | None) -> str:
    """(•••) •••-0123: the last four digits only."""
    digits = re.sub(r"\D", "", mobile or "")
    if len(digits) < 4:
        return ""
    return f"(\u2022\u2022\u2022) \u2022\u2022\u2022-{digits[-4:]}"


# ---- typing help -----------------------------------------------------------------------------
def _plain(text: str) -> str:
    """Lower case ASCII letters, digits and hyphens: "Peña De La Cruz" -> "penadelacruz"."""
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9-]", "", folded.lower())


def local_part_suggestions(patient: Patient | None) -> list[str]:
    """maria.lopez@, mlopez@, maria.lopez1985@ - the usual shapes of a patient's address."""
    if patient is None:
        return []
    given = _plain(patient.given_name.split()[0] if patient.given_name.split() else "")
    family = _plain(patient.family_name)
    if not (given and family):
        return []
    year = (patient.birth_date or "")[:4]
    out = [f"{given}.{family}@", f"{given[0]}{family}@"]
    if year.isdigit():
        out.append(f"{given}.{family}{year}@")
    return list(dict.fromkeys(out))


def domain_suggestions(
    typed: str, practice_domains: Iterable[str] = (), limit: int = 5
) -> list[str]:
    """After the @: the practice's own most-used domains first, then the common ones, that
    start with what was typed after the @. Empty before the @ or once a listed domain is
    complete."""
    if typed.count("@") != 1:
        return []
    partial = typed.split("@", 1)[1].lower()
    seen: list[str] = []
    for domain in (*practice_domains, *COMMON_DOMAINS):
        domain = domain.lower()
        if domain not in seen and domain.startswith(partial) and domain != partial:
            seen.append(domain)
    return seen[:limit]


def top_domains(emails: Iterable[str | None], limit: int = 5) -> list[str]:
    """The mail domains most used in these addresses (ties in alphabetical order)."""
    counts: dict[str, int] = {}
    for email in emails:
        if email and email.count("@") == 1:
            domain = email.split("@", 1)[1].strip().lower()
            if "." in domain:
                counts[domain] = counts.get(domain, 0) + 1
    return [d for d, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))][:limit]


# ---- portal status from the kiosk's own records ----------------------------------------------
def status_from_record(
    outcome: str | None,
    invitation_done: bool,
    first_login_done: bool,
    portal_status: str | None,
) -> PortalStatus:
    """The portal's answer (cached by the sync worker) when there is one, else what this
    kiosk did: an active account, an invitation sent, or nothing yet."""
    if portal_status == "active" or first_login_done:
        return PortalStatus.ACTIVE
    if portal_status == "invited" or invitation_done:
        return PortalStatus.INVITED
    if portal_status == "not_invited" or outcome is not None:
        return PortalStatus.NOT_INVITED
    return PortalStatus.UNKNOWN


def not_enrolled(visits: Iterable[ScheduledVisit]) -> list[ScheduledVisit]:
    """Today's patients without a portal account yet, in appointment order, one row each."""
    seen: set[str] = set()
    out = []
    for visit in sorted(visits, key=lambda v: v.start):
        key = visit.patient.ehr_id or visit.appointment_id
        if visit.portal in (PortalStatus.ACTIVE, PortalStatus.INVITED) or key in seen:
            continue
        seen.add(key)
        out.append(visit)
    return out


# ---- help-session slots ---------------------------------------------------------------------
@dataclass(frozen=True)
class HelpSlot:
    start: datetime  # aware
    end: datetime
    slot_id: str | None = None  # FHIR Slot.id; None for a slot from the settings
    left: int = 1  # places left (settings slots with capacity > 1)

    @property
    def key(self) -> str:
        return self.slot_id or self.start.isoformat()


def parse_weekdays(text: str) -> tuple[int, ...]:
    """ "mon,wed,fri" -> (0, 2, 4). Raises ValueError naming what is wrong."""
    days = []
    for part in (p.strip().lower()[:3] for p in text.split(",")):
        if not part:
            continue
        if part not in WEEKDAYS:
            raise ValueError(f"{part!r} is not a weekday (mon, tue, wed, thu, fri, sat, sun)")
        days.append(WEEKDAYS.index(part))
    if not days:
        raise ValueError("at least one weekday is needed")
    return tuple(sorted(set(days)))


def parse_times(text: str) -> tuple[time, ...]:
    """ "10:00, 14:30" -> (time(10), time(14, 30)). Raises ValueError naming what is wrong."""
    times = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", part)
        if not match:
            raise ValueError(f"{part!r} is not a time like 10:00 or 14:30")
        times.append(time(int(match[1]), int(match[2])))
    if not times:
        raise ValueError("at least one time is needed")
    return tuple(sorted(set(times)))


def slots_from_settings(
    now: datetime,
    weekdays: tuple[int, ...],
    times: tuple[time, ...],
    capacity: int,
    booked: Mapping[str, int],
    minutes: int = 15,
    count: int = 3,
    horizon_days: int = 28,
) -> list[HelpSlot]:
    """The next `count` sessions after today on the practice's help days and times that
    still have room (`booked`: session start ISO -> bookings already recorded)."""
    out: list[HelpSlot] = []
    tz = now.astimezone().tzinfo
    day = now.date()
    for _ in range(horizon_days):
        day += timedelta(days=1)
        if day.weekday() not in weekdays:
            continue
        for at in times:
            start = datetime.combine(day, at, tzinfo=tz)
            taken = booked.get(iso(start), 0)
            if taken < capacity:
                end = start + timedelta(minutes=minutes)
                out.append(HelpSlot(start, end, None, capacity - taken))
                if len(out) == count:
                    return out
    return out
