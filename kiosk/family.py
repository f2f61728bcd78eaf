"""Families: which kind of portal access a patient gets, decided by age, and proxies.

Pure Python (no Qt, no I/O). The practice sets two age thresholds (`AgeTiers`, from the
settings file): under the first, a child's portal is held only by a parent or guardian
(proxy); from the first to the second, a teen gets their own account after their own assent,
and a parent may be added as a limited proxy only with the teen's assent recorded; from the
second on, an adult may add a caregiver after their own enrollment, with their consent.

Every change returns an `enrollment.Change` (record + step events + outbox items) exactly like
the transitions in kiosk/enrollment.py, so the store writes it in one transaction and the
sync worker delivers the RelatedPerson/Consent (``ehr.proxy-access``) and the proxy's portal
invitation exactly once. A proxy's name and contact details are patient data: they live in
the enrollment record (encrypted database) and are removed with it (store.purged_record keeps
only the proxy's kind and relationship code for the dashboard).
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from kiosk.enrollment import (
    Change,
    Channel,
    Enrollment,
    OutboxItem,
    OutboxKind,
    Outcome,
    Patient,
    StepEvent,
    StepId,
    StepStatus,
    TransitionError,
    iso,
    utcnow,
)
from kiosk.messages import QT_TRANSLATE_NOOP
from kiosk.validation import text_problem

# How the staff script and the Consent describe what a teen's parent does not see.
TEEN_PARENT_WITHHELD = (
    "care a teen can consent to alone (sexual and reproductive health, mental health, "
    "substance use) and messages the teen sends the care team"
)


class AgePath(StrEnum):
    CHILD = "child"  # proxy only: the parent or guardian holds the account
    TEEN = "teen"  # own account with the teen's assent; optional limited parent proxy
    ADULT = "adult"  # own account; optional caregiver proxy


class ProxyKind(StrEnum):
    GUARDIAN = "guardian"  # a child's parent/guardian: the child's only portal access
    PARENT_OF_TEEN = "parent-of-teen"  # limited: confidential teen care is withheld
    CAREGIVER = "caregiver"  # an adult's caregiver, with the adult's consent


class ProxyAccess(StrEnum):
    FULL = "full"
    LIMITED = "limited"


# v3 RoleCode (http://terminology.hl7.org/CodeSystem/v3-RoleCode), the value set FHIR R4
# RelatedPerson.relationship draws from. The words staff read are in kiosk/ui/pages/family_texts.
V3_ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
RELATIONSHIPS: dict[str, str] = {
    "MTH": "mother",
    "FTH": "father",
    "PRN": "parent",
    "STPPRN": "step parent",
    "GRPRN": "grandparent",
    "GUARD": "guardian",
    "SPS": "spouse",
    "DAUC": "daughter",
    "SONC": "son",
    "SIB": "sibling",
    "FAMMEMB": "family member",
    "FRND": "unrelated friend",
}
GUARDIAN_RELATIONSHIPS = ("MTH", "FTH", "PRN", "STPPRN", "GRPRN", "GUARD")
CAREGIVER_RELATIONSHIPS = ("SPS", "DAUC", "SONC", "SIB", "FAMMEMB", "FRND")


@dataclass(frozen=True)
class AgeTiers:
    """The practice's thresholds (settings `[family] proxy_only_under`, `adult_at`)."""

    proxy_only_under: int = 13
    adult_at: int = 18

    def __post_init__(self) -> None:
        if not 1 <= self.proxy_only_under <= self.adult_at <= 21:
            raise ValueError("Age thresholds must satisfy 1 <= proxy_only_under <= adult_at <= 21.")


def age_on(birth: date, today: date) -> int:
    """Completed years on `today`. Someone born on 29 February turns a year older on
    1 March in a common year (28 February is still the day before their birthday)."""
    if today < birth:
        raise ValueError("The date of birth is after today.")
    before_birthday = (today.month, today.day) < (birth.month, birth.day)
    return today.year - birth.year - int(before_birthday)


def parse_birth(birth_date: str) -> date:
    try:
        return date.fromisoformat(birth_date)
    except (TypeError, ValueError):
        raise TransitionError(
            QT_TRANSLATE_NOOP("Enrollment", "The date of birth is not a valid date.")
        ) from None


def path_for(birth_date: str, today: date, tiers: AgeTiers) -> AgePath:
    birth = parse_birth(birth_date)
    if birth > today:
        raise TransitionError(
            QT_TRANSLATE_NOOP("Enrollment", "The date of birth is in the future; please check it.")
        )
    age = age_on(birth, today)
    if age < tiers.proxy_only_under:
        return AgePath.CHILD
    if age < tiers.adult_at:
        return AgePath.TEEN
    return AgePath.ADULT


@dataclass(frozen=True)
class SmsConsent:
    """What the patient (or the proxy) agreed to by their own tap: the exact words shown,
    in which language, when, and for which number. Sent to the EHR as a Consent."""

    number: str  # E.164
    language: str
    words: str
    agreed_at: str
    by: str = "patient"  # "patient" or "proxy" (whose number it is)


@dataclass(frozen=True)
class Proxy:
    id: str
    kind: ProxyKind
    given_name: str
    family_name: str
    relationship: str  # v3 RoleCode
    email: str | None
    mobile: str | None
    channel: Channel
    access: ProxyAccess
    consent_by: str  # "guardian" (for a child), "patient" (teen's assent, adult's consent)
    consent_at: str
    language: str = "en"
    sms_consent: SmsConsent | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        data["channel"] = self.channel.value
        data["access"] = self.access.value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Proxy:
        data = dict(data)
        data["kind"] = ProxyKind(data["kind"])
        data["channel"] = Channel(data["channel"])
        data["access"] = ProxyAccess(data["access"])
        if data.get("sms_consent"):
            data["sms_consent"] = SmsConsent(**data["sms_consent"])
        return cls(**data)


def proxies(enrollment: Enrollment) -> list[Proxy]:
    return [Proxy.from_dict(p) for p in enrollment.proxies]


def guardian(enrollment: Enrollment) -> Proxy | None:
    """A child's parent/guardian: the person the invitation, first login and card are for."""
    for proxy in proxies(enrollment):
        if proxy.kind == ProxyKind.GUARDIAN:
            return proxy
    return None


def is_proxy_enrollment(enrollment: Enrollment) -> bool:
    return enrollment.age_path == AgePath.CHILD.value


# ---- transitions ------------------------------------------------------------------------------
def start(
    staff_id: str,
    patient: Patient,
    language: str,
    tiers: AgeTiers,
    today: date,
    now: datetime | None = None,
) -> Change:
    """Open an enrollment with its age path decided from the birth date (on `today`, the
    practice's local date)."""
    path = path_for(patient.birth_date, today, tiers)
    change = Enrollment.start(staff_id, patient, language, now)
    change.enrollment = replace(change.enrollment, age_path=path.value)
    return change


def record_teen_assent(enrollment: Enrollment, now: datetime | None = None) -> Change:
    """The teen heard the staff script and tapped "I agree" to their own account."""
    enrollment._require_open()
    if enrollment.age_path != AgePath.TEEN.value:
        raise TransitionError(
            QT_TRANSLATE_NOOP("Enrollment", "Only a teen's own account needs the teen's assent.")
        )
    stamp, skew = enrollment._stamp(now)
    new = replace(enrollment, teen_assent_at=stamp, updated_at=stamp)
    event = StepEvent(
        new.id, StepId.COLLECT_CONTACT, StepStatus.PENDING, stamp, new.staff_id, "teen-assent"
    )
    return Change(new, [event], [], "teen.assent", skew)


def capture_contact(
    enrollment: Enrollment,
    *,
    email: str | None,
    mobile: str | None,
    channel: Channel,
    sms_consent: SmsConsent | None = None,
    now: datetime | None = None,
) -> Change:
    """Step 1 for the patient's own account (teen or adult): `Enrollment.capture_contact`,
    plus the patient's own "I agree" to texts recorded word for word (and queued for the
    EHR as a Consent) when they gave it for this number."""
    if sms_consent is not None and sms_consent.number != mobile:
        sms_consent = None  # agreed for another number: the consent does not carry over
    change = enrollment.capture_contact(
        email=email,
        mobile=mobile,
        channel=channel,
        sms_consent=sms_consent is not None,
        now=now,
    )
    if sms_consent is not None:
        new = replace(change.enrollment, sms_consent_record=asdict(sms_consent))
        change.enrollment = new
        if new.status(StepId.SEND_INVITATION) == StepStatus.DONE:
            # A correction after the invitation went: document the new yes now. Before
            # that, send_invitation queues it right after the invitation (never ahead of it:
            # items of one enrollment go in order, and the EHR may be offline).
            change.outbox.append(sms_consent_item(new, sms_consent, new.updated_at))
    return change


def _check_proxy_fields(
    given_name: str,
    family_name: str,
    relationship: str,
    email: str | None,
    mobile: str | None,
    channel: Channel,
    allowed: tuple[str, ...],
    sms_consent: SmsConsent | None,
) -> None:
    for value, what, limit in (
        (given_name, "first name", 100),
        (family_name, "last name", 100),
        (email, "email address", 254),
        (mobile, "mobile number", 40),
    ):
        if problem := text_problem(value, what, limit):
            raise TransitionError(problem)
    if not (given_name or "").strip() or not (family_name or "").strip():
        raise TransitionError(
            QT_TRANSLATE_NOOP("Enrollment", "Enter the proxy's first and last name.")
        )
    if relationship not in allowed:
        raise TransitionError(
            QT_TRANSLATE_NOOP("Enrollment", "Choose how this person is related to the patient.")
        )
    if channel == Channel.EMAIL and not email:
        raise TransitionError(
            QT_TRANSLATE_NOOP("Enrollment", "An email invitation needs the proxy's email address.")
        )
    if channel == Channel.SMS and not mobile:
        raise TransitionError(
            QT_TRANSLATE_NOOP(
                "Enrollment", "A text-message invitation needs the proxy's mobile number."
            )
        )
    if channel == Channel.SMS and (sms_consent is None or sms_consent.number != mobile):
        raise TransitionError(
            QT_TRANSLATE_NOOP("Enrollment", "The proxy must agree to receive text messages first.")
        )


def capture_guardian(
    enrollment: Enrollment,
    *,
    given_name: str,
    family_name: str,
    relationship: str,
    email: str | None,
    mobile: str | None,
    channel: Channel,
    sms_consent: SmsConsent | None = None,
    now: datetime | None = None,
) -> Change:
    """Step 1 for a child: the parent or guardian is who gets the portal access.

    Their contact details become the enrollment's (so the invitation, first login, app and
    card are theirs) but never the child's Patient.telecom: the EHR gets a RelatedPerson and
    the Consent granting proxy access (``ehr.proxy-access``)."""
    enrollment._require_open()
    if enrollment.age_path != AgePath.CHILD.value:
        raise TransitionError(
            QT_TRANSLATE_NOOP(
                "Enrollment", "Only a child's enrollment goes through a parent or guardian."
            )
        )
    _check_proxy_fields(
        given_name,
        family_name,
        relationship,
        email,
        mobile,
        channel,
        GUARDIAN_RELATIONSHIPS,
        sms_consent,
    )
    stamp, skew = enrollment._stamp(now)
    # Correcting the guardian keeps their id: the EHR copy is the same RelatedPerson.
    previous = guardian(enrollment)
    proxy = Proxy(
        id=previous.id if previous else str(uuid.uuid4()),
        kind=ProxyKind.GUARDIAN,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        relationship=relationship,
        email=email,
        mobile=mobile,
        channel=channel,
        access=ProxyAccess.FULL,
        consent_by="guardian",
        consent_at=stamp,
        language=enrollment.language,
        sms_consent=sms_consent,
    )
    others = [p for p in enrollment.proxies if p["kind"] != ProxyKind.GUARDIAN.value]
    revision = enrollment.contact_revision + 1
    new = replace(
        enrollment,
        proxies=[*others, proxy.to_dict()],
        email=email,
        mobile=mobile,
        channel=channel,
        sms_consent=sms_consent is not None,
        sms_consent_record=asdict(sms_consent) if sms_consent else None,
        contact_revision=revision,
        updated_at=stamp,
    )
    change = new._mark(StepId.COLLECT_CONTACT, StepStatus.DONE, stamp, "proxy")
    change.audit_action = "proxy.captured"
    change.clock_skew_seconds = skew
    if new.status(StepId.SEND_INVITATION) == StepStatus.DONE:
        change.outbox += documentation_items(change.enrollment, stamp)
    return change


def documentation_items(enrollment: Enrollment, stamp: str) -> list[OutboxItem]:
    """The EHR documentation of step 1's family facts (a child's guardian, the SMS consent):
    `Enrollment.family_documentation`, which send_invitation queues with the invitation."""
    return enrollment.family_documentation(stamp)


def add_proxy(
    enrollment: Enrollment,
    *,
    kind: ProxyKind,
    given_name: str,
    family_name: str,
    relationship: str,
    email: str | None,
    mobile: str | None,
    channel: Channel,
    patient_agreed: bool,
    sms_consent: SmsConsent | None = None,
    now: datetime | None = None,
) -> Change:
    """After the patient's own enrollment: a teen's parent (limited, with the teen's assent)
    or an adult's caregiver (with the adult's consent). Queues the proxy's portal invitation
    and the RelatedPerson + Consent for the EHR."""
    if enrollment.outcome != Outcome.ENROLLED:
        raise TransitionError(
            QT_TRANSLATE_NOOP(
                "Enrollment", "A proxy is added after the patient's own enrollment is finished."
            )
        )
    if kind == ProxyKind.PARENT_OF_TEEN:
        if enrollment.age_path != AgePath.TEEN.value:
            raise TransitionError(
                QT_TRANSLATE_NOOP(
                    "Enrollment", "A parent proxy with limited access is for teen patients."
                )
            )
        allowed, access = GUARDIAN_RELATIONSHIPS, ProxyAccess.LIMITED
        if not patient_agreed:
            raise TransitionError(
                QT_TRANSLATE_NOOP(
                    "Enrollment", "The teen must agree to their parent's access first."
                )
            )
    elif kind == ProxyKind.CAREGIVER:
        if enrollment.age_path != AgePath.ADULT.value:
            raise TransitionError(
                QT_TRANSLATE_NOOP("Enrollment", "A caregiver proxy is for adult patients.")
            )
        allowed, access = CAREGIVER_RELATIONSHIPS, ProxyAccess.FULL
        if not patient_agreed:
            raise TransitionError(
                QT_TRANSLATE_NOOP(
                    "Enrollment", "The patient must agree to their caregiver's access first."
                )
            )
    else:
        raise TransitionError(
            QT_TRANSLATE_NOOP("Enrollment", "A child's parent or guardian is added in step 1.")
        )
    _check_proxy_fields(
        given_name, family_name, relationship, email, mobile, channel, allowed, sms_consent
    )
    if sum(p["kind"] == kind.value for p in enrollment.proxies) >= 3:
        raise TransitionError(
            QT_TRANSLATE_NOOP(
                "Enrollment", "At most three proxies of one kind can be added at the desk."
            )
        )
    stamp, skew = enrollment._stamp(now)
    proxy = Proxy(
        id=str(uuid.uuid4()),
        kind=kind,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        relationship=relationship,
        email=email,
        mobile=mobile,
        channel=channel,
        access=access,
        consent_by="patient",
        consent_at=stamp,
        language=enrollment.language,
        sms_consent=sms_consent,
    )
    new = replace(enrollment, proxies=[*enrollment.proxies, proxy.to_dict()], updated_at=stamp)
    event = StepEvent(new.id, "proxy", "added", stamp, new.staff_id, kind.value)
    items = [
        new.proxy_access_item(proxy.to_dict(), stamp, discriminator=proxy.id),
        new._outbox(
            OutboxKind.PORTAL_INVITATION,
            stamp,
            {
                "patient": asdict(new.patient),
                "email": email,
                "mobile": mobile,
                "channel": channel.value,
                "language": new.language,
                "proxy": invitation_proxy(proxy),
                "proxy_added": True,  # not the patient's own invitation (worklist, expiry)
            },
            discriminator=f"proxy:{proxy.id}",
        ),
    ]
    if sms_consent:
        items.append(sms_consent_item(new, sms_consent, stamp, proxy.id))
    return Change(new, [event], items, f"proxy.{kind.value}.added", skew)


# ---- payloads ---------------------------------------------------------------------------------
def invitation_proxy(proxy: Proxy) -> dict[str, Any]:
    """What the portal's proxy invitation needs about the proxy (docs/portal-api.md)."""
    return {
        "proxy_id": proxy.id,
        "given_name": proxy.given_name,
        "family_name": proxy.family_name,
        "relationship": proxy.relationship,
        "access": proxy.access.value,
    }


def proxy_access_payload(enrollment: Enrollment, proxy: Proxy) -> dict[str, Any]:
    """What the EHR's RelatedPerson + Consent are made from (kiosk/sync/family_mapping.py)."""
    item = enrollment.proxy_access_item(proxy.to_dict(), enrollment.updated_at, proxy.id)
    return item.payload


def sms_consent_item(
    enrollment: Enrollment, consent: SmsConsent, stamp: str, proxy_id: str | None = None
) -> OutboxItem:
    return enrollment.sms_consent_item(asdict(consent), stamp, proxy_id)


def sms_consent_now(number: str, language: str, words: str, by: str = "patient") -> SmsConsent:
    return SmsConsent(number, language, words, iso(utcnow()), by)
