"""Portal enrollment as data: the checklist, its outcomes, and the rules between them.

Pure Python (no Qt, no I/O). Every change goes through an `Enrollment` method that checks the
transition is allowed and returns the `Change` to persist: step events for the append-only log
and outbox items for the EHR/portal. The store writes a change in one transaction, so a record
and what must be sent about it are never apart.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from kiosk import languages
from kiosk.messages import QT_TRANSLATE_NOOP
from kiosk.validation import text_problem

# Longest free text kept for a step (why skipped/failed, how done) and for a decline.
MAX_REASON = 200
MAX_DECLINE_TEXT = 500


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class StepId(StrEnum):
    COLLECT_CONTACT = "collect_contact"
    SEND_INVITATION = "send_invitation"
    FIRST_LOGIN = "first_login"
    FEATURE_DEMO = "feature_demo"
    APP_INSTALL = "app_install"
    CONFIRM_ACCESS = "confirm_access"
    REFERENCE_CARD = "reference_card"
    DOCUMENT_EHR = "document_ehr"
    FOLLOW_UP = "follow_up"


@dataclass(frozen=True)
class StepDefinition:
    """One checklist step, declared once. The wizard (kiosk/ui/step_registry.py), the EHR
    record (kiosk/sync/mapping.py), the dashboard (kiosk/metrics.py), the screen titles and the
    test walkers all read it; `number` is its position in CHECKLIST, never set by hand."""

    id: str  # a StepId for the built-in steps: what the database stores
    title: str  # English, for staff messages and the EHR record ("1. Collect ...")
    screen_title: str  # the heading patients read: a "Playbook" source string, translated
    skippable: bool
    requires: tuple[str, ...] = ()  # steps that must be DONE first
    walked: bool = True  # the wizard shows a page for it; False: recorded on Finish
    # The name the dashboard (kiosk/metrics.py) counts this step's "done" records under.
    metric: str | None = None
    number: int = 0


def numbered(*steps: StepDefinition) -> tuple[StepDefinition, ...]:
    """The checklist in order, each step numbered by its position (1-based)."""
    return tuple(replace(step, number=index) for index, step in enumerate(steps, start=1))


# The seed checklist (practice playbook order). Add a step here and give it a page in
# kiosk/ui/step_registry.py: see docs/architecture.md, "How to add a step".
CHECKLIST: tuple[StepDefinition, ...] = numbered(
    StepDefinition(
        StepId.COLLECT_CONTACT,
        "Collect email and mobile number",
        QT_TRANSLATE_NOOP("Playbook", "Email and mobile"),
        False,
    ),
    StepDefinition(
        StepId.SEND_INVITATION,
        "Send the invitation in the patient's presence",
        QT_TRANSLATE_NOOP("Playbook", "Send the invitation"),
        False,
        (StepId.COLLECT_CONTACT,),
        metric="invited",
    ),
    StepDefinition(
        StepId.FIRST_LOGIN,
        "Help complete the first login",
        QT_TRANSLATE_NOOP("Playbook", "First login"),
        True,
        (StepId.SEND_INVITATION,),
        metric="first_login",
    ),
    StepDefinition(
        StepId.FEATURE_DEMO,
        "Demonstrate one key feature",
        QT_TRANSLATE_NOOP("Playbook", "What you can do"),
        True,
        metric="demo",
    ),
    StepDefinition(
        StepId.APP_INSTALL,
        "Assist with the mobile app install",
        QT_TRANSLATE_NOOP("Playbook", "Get the app"),
        True,
        metric="app_install",
    ),
    StepDefinition(
        StepId.CONFIRM_ACCESS,
        "Confirm the patient can access the portal",
        QT_TRANSLATE_NOOP("Playbook", "Check it works"),
        True,
    ),
    StepDefinition(
        StepId.REFERENCE_CARD,
        "Give the quick-reference card",
        QT_TRANSLATE_NOOP("Playbook", "Your reference card"),
        True,
        metric="card",
    ),
    StepDefinition(
        StepId.DOCUMENT_EHR,
        "Document the enrollment in the EHR",
        QT_TRANSLATE_NOOP("Playbook", "Saved in your record"),
        False,
        walked=False,
    ),
    StepDefinition(
        StepId.FOLLOW_UP,
        "Follow up if no login within one week",
        QT_TRANSLATE_NOOP("Playbook", "Follow-up"),
        False,
        walked=False,
    ),
)
# Steps with their own transition (capture_contact, send_invitation) rather than complete_step.
OWN_ACTION_STEPS: tuple[str, ...] = (StepId.COLLECT_CONTACT, StepId.SEND_INVITATION)


# Read at call time (never copied at import), so a checklist with one more step - a test's
# throwaway step, or a practice's new one - is followed everywhere without further edits.
def step_definition(step: str) -> StepDefinition:
    for definition in CHECKLIST:
        if definition.id == step:
            return definition
    raise KeyError(step)


def interactive_steps() -> tuple[str, ...]:
    """Steps the wizard walks with the patient, in order (the rest happen on Finish)."""
    return tuple(s.id for s in CHECKLIST if s.walked)


def step_numbers(steps: tuple[str, ...] | list[str]) -> str:
    """ "3", "8 and 9", "3 to 7": how staff messages name a group of steps."""
    numbers = sorted(step_definition(s).number for s in steps)
    if len(numbers) == 1:
        return str(numbers[0])
    if len(numbers) == 2:
        return f"{numbers[0]} and {numbers[1]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]} to {numbers[-1]}"
    return ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"


def _step_key(value: str) -> str:
    """A stored step id: the StepId member when it is a built-in step, else the text."""
    try:
        return StepId(value)
    except ValueError:
        return value


class StepStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    SKIPPED = "skipped"
    FAILED = "failed"
    SCHEDULED = "scheduled"  # follow-up: due later, raised by the sync worker if needed


class Outcome(StrEnum):
    IN_PROGRESS = "in_progress"
    ENROLLED = "enrolled"
    DECLINED = "declined"
    ABANDONED = "abandoned"


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class DeclineReason(StrEnum):
    NO_EMAIL = "no-email"
    NOT_COMFORTABLE_WITH_COMPUTERS = "not-comfortable-with-computers"
    PRIVACY = "privacy-concern"
    NO_BENEFIT = "no-perceived-benefit"
    OTHER = "other"


class Remedy(StrEnum):
    SMS_INVITATION = "sms-invitation"
    HELP_SESSION = "help-session"
    PRIVACY_HANDOUT = "privacy-handout"
    BENEFITS_SUMMARY = "benefits-summary"
    NONE = "none"


REMEDY_FOR_REASON = {
    DeclineReason.NO_EMAIL: Remedy.SMS_INVITATION,
    DeclineReason.NOT_COMFORTABLE_WITH_COMPUTERS: Remedy.HELP_SESSION,
    DeclineReason.PRIVACY: Remedy.PRIVACY_HANDOUT,
    DeclineReason.NO_BENEFIT: Remedy.BENEFITS_SUMMARY,
    DeclineReason.OTHER: Remedy.NONE,
}


class OutboxKind(StrEnum):
    PATIENT_CONTACT = "ehr.patient-contact"  # merge email/mobile into Patient.telecom
    PORTAL_INVITATION = "portal.invitation"  # send the invitation through the portal
    ENROLLMENT_RECORD = "ehr.enrollment-record"  # Task (+ Communication, decline) documenting it
    FOLLOW_UP = "ehr.follow-up"  # requested Task: no login within the window
    HELP_APPOINTMENT = "ehr.help-appointment"  # the chosen help-session Slot, as an Appointment
    PROXY_ACCESS = "ehr.proxy-access"  # RelatedPerson + Consent (kiosk/family.py)
    SMS_CONSENT = "ehr.sms-consent"  # Consent: the patient's own yes to texts (kiosk/sms.py)


class TransitionError(Exception):
    """An action not allowed in the enrollment's current state; the message is for staff."""


def _require_text(text: str | None, what: str, max_length: int | None = None) -> None:
    """Bad text (NUL, control characters, lone surrogates, too long) is refused here, at the
    domain's door, with a message for staff; nothing is silently cut or changed."""
    if problem := text_problem(text, what, max_length):
        raise TransitionError(problem)


@dataclass(frozen=True)
class Patient:
    given_name: str
    family_name: str
    birth_date: str  # ISO date
    ehr_id: str | None = None  # FHIR Patient.id when found in the EHR
    mrn: str | None = None


@dataclass(frozen=True)
class StepState:
    status: StepStatus = StepStatus.PENDING
    at: str | None = None
    reason: str | None = None  # why skipped/failed, or what was done (e.g. "manual-confirm")


@dataclass(frozen=True)
class StepEvent:
    enrollment_id: str
    step: str  # a StepId, or "outcome"
    status: str
    at: str
    staff_id: str
    reason: str | None = None


@dataclass(frozen=True)
class OutboxItem:
    id: str  # stable: the idempotency key at the server
    enrollment_id: str
    kind: OutboxKind
    payload: dict[str, Any]
    created_at: str


@dataclass
class Change:
    """What one transition produced, to be written in a single transaction."""

    enrollment: Enrollment
    events: list[StepEvent] = field(default_factory=list)
    outbox: list[OutboxItem] = field(default_factory=list)
    audit_action: str = ""
    # Seconds the wall clock was behind the record's last stamp when this change was made
    # (NTP correction, DST mistake, a clock set by hand). The change keeps the later stamp so
    # record times never run backwards; the store notes the skew in the audit row.
    clock_skew_seconds: int = 0


@dataclass
class Enrollment:
    id: str
    staff_id: str
    patient: Patient
    created_at: str
    updated_at: str
    language: str = "en"
    email: str | None = None
    mobile: str | None = None  # E.164
    channel: Channel | None = None
    privacy_ack: bool = False
    sms_consent: bool = False  # given by the patient's own tap, never assumed by staff
    contact_revision: int = 0  # how many times step 1 was captured (corrections count)
    demo_feature: str | None = None
    outcome: Outcome = Outcome.IN_PROGRESS
    decline_reason: DeclineReason | None = None
    decline_text: str | None = None
    remedy: Remedy | None = None
    help_session_at: str | None = None
    completed_at: str | None = None
    follow_up_due: str | None = None
    # Families (kiosk/family.py): "child" (proxy only), "teen" or "adult", decided by age.
    age_path: str = "adult"
    teen_assent_at: str | None = None
    proxies: list[dict[str, Any]] = field(default_factory=list)  # family.Proxy.to_dict()
    sms_consent_record: dict[str, Any] | None = None  # family.SmsConsent as a dict
    steps: dict[str, StepState] = field(
        default_factory=lambda: {s.id: StepState() for s in CHECKLIST}
    )

    # ---- creation -----------------------------------------------------------------------
    @classmethod
    def start(
        cls,
        staff_id: str,
        patient: Patient,
        language: str = "en",
        now: datetime | None = None,
        enrollment_id: str | None = None,
    ) -> Change:
        if not staff_id:
            raise TransitionError(
                QT_TRANSLATE_NOOP(
                    "Enrollment", "A staff member must be signed in to start an enrollment."
                )
            )
        _require_text(staff_id, "staff id", 100)
        if not languages.is_offered(language):
            raise TransitionError(f"Language must be one of: {', '.join(languages.CODES)}.")
        _require_text(enrollment_id, "enrollment id", 100)
        for value, what in (
            (patient.given_name, "patient's first name"),
            (patient.family_name, "patient's last name"),
            (patient.birth_date, "date of birth"),
            (patient.ehr_id, "EHR patient id"),
            (patient.mrn, "medical record number"),
        ):
            _require_text(value, what)
        stamp = iso(now or utcnow())
        enrollment = cls(
            id=enrollment_id or str(uuid.uuid4()),
            staff_id=staff_id,
            patient=patient,
            created_at=stamp,
            updated_at=stamp,
            language=language,
        )
        event = StepEvent(enrollment.id, "outcome", Outcome.IN_PROGRESS, stamp, staff_id)
        return Change(enrollment, [event], [], "enrollment.started")

    # ---- queries ------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self.outcome == Outcome.IN_PROGRESS

    def status(self, step: str) -> StepStatus:
        state = self.steps.get(step)
        return state.status if state else StepStatus.PENDING

    def next_step(self) -> str | None:
        """The first interactive step still pending, or None when the wizard can finish."""
        for step in interactive_steps():
            if self.status(step) == StepStatus.PENDING:
                return step
        return None

    # ---- transitions --------------------------------------------------------------------
    def set_language(self, language: str, now: datetime | None = None) -> Change:
        if not languages.is_offered(language):
            raise TransitionError(f"Language must be one of: {', '.join(languages.CODES)}.")
        self._require_open()
        stamp, skew = self._stamp(now)
        new = replace(self, language=language, updated_at=stamp)
        return Change(new, [], [], "enrollment.language", skew)

    def capture_contact(
        self,
        *,
        email: str | None,
        mobile: str | None,
        channel: Channel,
        sms_consent: bool = False,
        privacy_ack: bool = False,
        now: datetime | None = None,
    ) -> Change:
        """Step 1. Values must already be parsed (kiosk.validation)."""
        self._require_open()
        if self.age_path == "child":
            raise TransitionError(
                QT_TRANSLATE_NOOP(
                    "Enrollment",
                    "A child's portal access goes to a parent or guardian: enter their details.",
                )
            )
        if self.age_path == "teen" and not self.teen_assent_at:
            raise TransitionError(
                QT_TRANSLATE_NOOP(
                    "Enrollment", "The teen must agree to their own portal account first."
                )
            )
        _require_text(email, "email address", 254)
        _require_text(mobile, "mobile number", 40)
        if not email and not mobile:
            raise TransitionError(
                QT_TRANSLATE_NOOP(
                    "Enrollment", "Enter an email address or a mobile number to continue."
                )
            )
        if channel == Channel.EMAIL and not email:
            raise TransitionError(
                QT_TRANSLATE_NOOP("Enrollment", "An email invitation needs an email address.")
            )
        if channel == Channel.SMS and not mobile:
            raise TransitionError(
                QT_TRANSLATE_NOOP("Enrollment", "A text-message invitation needs a mobile number.")
            )
        if channel == Channel.SMS and not sms_consent:
            raise TransitionError(
                QT_TRANSLATE_NOOP(
                    "Enrollment", "The patient must agree to receive text messages first."
                )
            )
        stamp, skew = self._stamp(now)
        revision = self.contact_revision + 1
        new = replace(
            self,
            email=email,
            mobile=mobile,
            channel=channel,
            sms_consent=sms_consent,
            privacy_ack=privacy_ack,
            contact_revision=revision,
            updated_at=stamp,
        )
        change = new._mark(StepId.COLLECT_CONTACT, StepStatus.DONE, stamp, None)
        change.audit_action = "contact.captured"
        change.clock_skew_seconds = skew
        if new.patient.ehr_id:
            # A correction is a new outbox item (its own stable id), so it reaches the EHR even
            # when the first capture was already sent; it names what it replaces so the EHR
            # copy of a mistyped address is marked ended rather than left looking current.
            replaces = {
                key: old
                for key, old, current in (
                    ("email", self.email, email),
                    ("mobile", self.mobile, mobile),
                )
                if old and old != current
            }
            change.outbox.append(
                new._outbox(
                    OutboxKind.PATIENT_CONTACT,
                    stamp,
                    {
                        "patient_id": new.patient.ehr_id,
                        "email": email,
                        "mobile": mobile,
                        "preferred_channel": channel.value,
                        "language": new.language,
                        "replaces": replaces,
                    },
                    discriminator="" if revision == 1 else f"revision:{revision}",
                )
            )
        return change

    def send_invitation(self, now: datetime | None = None) -> Change:
        """Step 2: queue the invitation; the outbox sends it the moment the network allows."""
        self._require_open()
        self._require_done(StepId.SEND_INVITATION)
        if self.status(StepId.SEND_INVITATION) == StepStatus.DONE:
            raise TransitionError(
                QT_TRANSLATE_NOOP(
                    "Enrollment", "The invitation has already been sent for this visit."
                )
            )
        stamp, skew = self._stamp(now)
        change = self._mark(StepId.SEND_INVITATION, StepStatus.DONE, stamp, None)
        change.audit_action = "invitation.queued"
        change.clock_skew_seconds = skew
        change.outbox.append(
            self._outbox(
                OutboxKind.PORTAL_INVITATION,
                stamp,
                {
                    "patient": asdict(self.patient),
                    "email": self.email,
                    "mobile": self.mobile,
                    "channel": self.channel.value if self.channel else None,
                    "language": self.language,
                    "proxy": self.guardian_for_invitation(),
                },
            )
        )
        # Right after the invitation: a child's guardian and the SMS consent for the EHR.
        change.outbox += change.enrollment.family_documentation(stamp)
        return change

    def complete_step(
        self, step: str, detail: str | None = None, now: datetime | None = None
    ) -> Change:
        """A walked step (3-7) done; `detail` records how (e.g. "portal-confirmed")."""
        self._require_open()
        if step in OWN_ACTION_STEPS:
            raise TransitionError(
                "Use the contact and invitation actions for steps "
                f"{step_numbers(OWN_ACTION_STEPS)}."
            )
        if step not in interactive_steps():
            finished = [s.id for s in CHECKLIST if not s.walked]
            raise TransitionError(
                f"Steps {step_numbers(finished)} happen when the enrollment is finished."
            )
        self._require_done(step)
        _require_text(detail, "step detail", MAX_REASON)
        stamp, skew = self._stamp(now)
        change = self._mark(step, StepStatus.DONE, stamp, detail)
        if step == StepId.FEATURE_DEMO and detail:
            change.enrollment.demo_feature = detail
        change.audit_action = f"step.{step}.done"
        change.clock_skew_seconds = skew
        return change

    def skip_step(self, step: str, reason: str, now: datetime | None = None) -> Change:
        self._require_open()
        definition = step_definition(step)
        if not definition.skippable:
            raise TransitionError(
                QT_TRANSLATE_NOOP("Enrollment", "Step {number} cannot be skipped.").format(
                    number=definition.number
                )
            )
        _require_text(reason, "reason", MAX_REASON)
        if not reason or not reason.strip():
            raise TransitionError(
                QT_TRANSLATE_NOOP("Enrollment", "Choose a reason for skipping this step.")
            )
        if self.status(step) == StepStatus.DONE:
            raise TransitionError(
                QT_TRANSLATE_NOOP("Enrollment", "Step {number} is already done.").format(
                    number=definition.number
                )
            )
        stamp, skew = self._stamp(now)
        change = self._mark(step, StepStatus.SKIPPED, stamp, reason.strip())
        change.audit_action = f"step.{step}.skipped"
        change.clock_skew_seconds = skew
        return change

    def fail_step(self, step: str, reason: str, now: datetime | None = None) -> Change:
        """A walked step (3-7) tried and did not work (a login that failed, a card not
        printed): an honest "failed, with a reason" instead of a false done. It goes on."""
        self._require_open()
        can_fail = [s for s in interactive_steps() if s not in OWN_ACTION_STEPS]
        if step not in can_fail:
            raise TransitionError(
                f"Only steps {step_numbers(can_fail)} can be recorded as not working."
            )
        _require_text(reason, "reason", MAX_REASON)
        if not reason or not reason.strip():
            raise TransitionError(QT_TRANSLATE_NOOP("Enrollment", "Say why the step did not work."))
        definition = step_definition(step)
        if self.status(step) == StepStatus.DONE:
            raise TransitionError(
                QT_TRANSLATE_NOOP("Enrollment", "Step {number} is already done.").format(
                    number=definition.number
                )
            )
        self._require_done(step)
        stamp, skew = self._stamp(now)
        change = self._mark(step, StepStatus.FAILED, stamp, reason.strip())
        change.audit_action = f"step.{step}.failed"
        change.clock_skew_seconds = skew
        return change

    def book_help_session(
        self,
        step: str,
        help_session_at: str,
        now: datetime | None = None,
        slot: tuple[str, str] | None = None,
    ) -> Change:
        """The remedy for a failed step: a help session, booked while the patient is here.
        The step stays failed (a booking is not a login); the session time goes on the record
        (and so into the EHR Task) exactly as for a decline's help session."""
        self._require_open()
        if self.status(step) != StepStatus.FAILED:
            raise TransitionError(
                QT_TRANSLATE_NOOP(
                    "Enrollment", "A help session is booked for a step that did not work."
                )
            )
        parse_iso(help_session_at)  # a malformed time is a programming error: fail loudly
        stamp, skew = self._stamp(now)
        state = self.steps[step]
        steps = dict(self.steps)
        steps[step] = StepState(StepStatus.FAILED, state.at, state.reason)
        new = replace(self, help_session_at=help_session_at, steps=steps, updated_at=stamp)
        event = StepEvent(
            self.id, step, StepStatus.FAILED, stamp, self.staff_id, "help-session-booked"
        )
        outbox = [new._help_appointment(stamp, help_session_at, slot)] if slot else []
        return Change(new, [event], outbox, f"step.{step}.help-session", skew)

    def _help_appointment(self, stamp: str, start: str, slot: tuple[str, str]) -> OutboxItem:
        """The EHR Slot (id, end) the patient chose, to be booked as an Appointment. One
        per enrollment: a second booking replaces the first one's id only if none was sent."""
        slot_id, end = slot
        _require_text(slot_id, "slot id", 64)
        parse_iso(end)
        payload = {
            "patient": asdict(self.patient),
            "slot_id": slot_id,
            "start": start,
            "end": end,
            "language": self.language,
        }
        return self._outbox(OutboxKind.HELP_APPOINTMENT, stamp, payload, discriminator=slot_id)

    def finish(self, follow_up_days: int, now: datetime | None = None) -> Change:
        """Enrolled: steps 8 and 9 are written to the outbox with everything the EHR needs."""
        self._require_open()
        for step in interactive_steps():
            definition = step_definition(step)
            if not definition.skippable and self.status(step) != StepStatus.DONE:
                raise TransitionError(
                    f"Step {definition.number} ({definition.title.lower()}) "
                    "must be done before the enrollment can be finished."
                )
        moment, skew = self._moment(now)
        stamp = iso(moment)
        due = iso(moment + timedelta(days=follow_up_days))
        new = replace(
            self,
            outcome=Outcome.ENROLLED,
            completed_at=stamp,
            follow_up_due=due,
            updated_at=stamp,
            steps=dict(self.steps),
        )
        events = []
        for step in interactive_steps():
            if new.status(step) == StepStatus.PENDING:
                new.steps[step] = StepState(StepStatus.SKIPPED, stamp, "not-reached")
                events.append(
                    StepEvent(new.id, step, StepStatus.SKIPPED, stamp, new.staff_id, "not-reached")
                )
        new.steps[StepId.DOCUMENT_EHR] = StepState(StepStatus.DONE, stamp, "queued")
        follow_up = (
            StepStatus.DONE
            if new.status(StepId.FIRST_LOGIN) == StepStatus.DONE
            else StepStatus.SCHEDULED
        )
        new.steps[StepId.FOLLOW_UP] = StepState(
            follow_up, stamp, "logged-in" if follow_up == StepStatus.DONE else due
        )
        events += [
            StepEvent(new.id, StepId.DOCUMENT_EHR, StepStatus.DONE, stamp, new.staff_id, "queued"),
            StepEvent(new.id, StepId.FOLLOW_UP, follow_up, stamp, new.staff_id, None),
            StepEvent(new.id, "outcome", Outcome.ENROLLED, stamp, new.staff_id),
        ]
        item = new._outbox(OutboxKind.ENROLLMENT_RECORD, stamp, new.record_payload())
        return Change(new, events, [item], "enrollment.enrolled", skew)

    def decline(
        self,
        reason: DeclineReason,
        text: str | None = None,
        remedy_taken: bool = True,
        help_session_at: str | None = None,
        now: datetime | None = None,
        help_slot: tuple[str, str] | None = None,
    ) -> Change:
        """The patient declines; the barrier and the remedy offered are documented. With an
        EHR Slot (`help_slot`: id, end) the help session is also booked there."""
        self._require_open()
        _require_text(text, "reason", MAX_DECLINE_TEXT)
        _require_text(help_session_at, "help session time", 40)
        if reason == DeclineReason.OTHER and not (text and text.strip()):
            raise TransitionError(
                QT_TRANSLATE_NOOP("Enrollment", "Please describe the reason in a few words.")
            )
        stamp, skew = self._stamp(now)
        remedy = REMEDY_FOR_REASON[reason] if remedy_taken else Remedy.NONE
        new = replace(
            self,
            outcome=Outcome.DECLINED,
            decline_reason=reason,
            decline_text=(text or "").strip() or None,
            remedy=remedy,
            help_session_at=help_session_at if remedy == Remedy.HELP_SESSION else None,
            completed_at=stamp,
            updated_at=stamp,
            steps=dict(self.steps),
        )
        new.steps[StepId.DOCUMENT_EHR] = StepState(StepStatus.DONE, stamp, "queued")
        events = [
            StepEvent(new.id, StepId.DOCUMENT_EHR, StepStatus.DONE, stamp, new.staff_id, "queued"),
            StepEvent(new.id, "outcome", Outcome.DECLINED, stamp, new.staff_id, reason.value),
        ]
        item = new._outbox(OutboxKind.ENROLLMENT_RECORD, stamp, new.record_payload())
        items = [item]
        if help_slot and new.help_session_at:
            items.append(new._help_appointment(stamp, new.help_session_at, help_slot))
        return Change(new, events, items, "enrollment.declined", skew)

    def abandon(self, reason: str = "idle-timeout", now: datetime | None = None) -> Change:
        """The visit ended mid-way (idle timeout, patient called in). What was queued stays."""
        self._require_open()
        _require_text(reason, "reason", MAX_REASON)
        stamp, skew = self._stamp(now)
        new = replace(self, outcome=Outcome.ABANDONED, completed_at=stamp, updated_at=stamp)
        event = StepEvent(new.id, "outcome", Outcome.ABANDONED, stamp, new.staff_id, reason)
        return Change(new, [event], [], "enrollment.abandoned", skew)

    def follow_up_raised(self, now: datetime | None = None) -> Change:
        """The sync worker found no login within the window: a follow-up Task is queued."""
        if (
            self.outcome != Outcome.ENROLLED
            or self.status(StepId.FOLLOW_UP) != StepStatus.SCHEDULED
        ):
            raise TransitionError(
                QT_TRANSLATE_NOOP("Enrollment", "Only a scheduled follow-up can be raised.")
            )
        stamp, skew = self._stamp(now)
        new = replace(self, updated_at=stamp, steps=dict(self.steps))
        new.steps[StepId.FOLLOW_UP] = StepState(StepStatus.DONE, stamp, "raised")
        event = StepEvent(new.id, StepId.FOLLOW_UP, StepStatus.DONE, stamp, "sync", "raised")
        item = new._outbox(
            OutboxKind.FOLLOW_UP,
            stamp,
            {
                "enrollment_id": new.id,
                "patient": asdict(new.patient),
                "due": new.follow_up_due,
                "channel": new.channel.value if new.channel else None,
                "email": new.email,
                "mobile": new.mobile,
                "language": new.language,
                "proxy": new.guardian_for_invitation(),
            },
        )
        return Change(new, [event], [item], "follow-up.raised", skew)

    def resend_invitation(self, actor: str, now: datetime | None = None) -> Change:
        """Staff resend from the follow-up worklist; each resend is its own outbox item."""
        if self.outcome != Outcome.ENROLLED:
            raise TransitionError(
                QT_TRANSLATE_NOOP(
                    "Enrollment", "Only an enrolled patient's invitation can be resent."
                )
            )
        _require_text(actor, "staff id", 100)
        stamp, skew = self._stamp(now)
        new = replace(self, updated_at=stamp)
        event = StepEvent(new.id, StepId.SEND_INVITATION, StepStatus.DONE, stamp, actor, "resend")
        item = new._outbox(
            OutboxKind.PORTAL_INVITATION,
            stamp,
            {
                "patient": asdict(new.patient),
                "email": new.email,
                "mobile": new.mobile,
                "channel": new.channel.value if new.channel else None,
                "language": new.language,
                "resend": True,
                "proxy": new.guardian_for_invitation(),
            },
            # Not the timestamp: two resends within one second would share an id and the
            # second would be dropped as a duplicate.
            discriminator=f"resend:{uuid.uuid4()}",
        )
        return Change(new, [event], [item], "invitation.resent", skew)

    def guardian_for_invitation(self) -> dict[str, Any] | None:
        """A child's invitation goes to their parent/guardian as proxy (kiosk/family.py)."""
        proxy = self._guardian_record()
        if proxy is None:
            return None
        return {
            "proxy_id": proxy["id"],
            "given_name": proxy["given_name"],
            "family_name": proxy["family_name"],
            "relationship": proxy["relationship"],
            "access": proxy["access"],
        }

    # ---- family facts on the record (decided in kiosk/family.py, documented here) -----------
    # kiosk/family.py decides the age path, the proxies and the consents and stores them on
    # this record as plain dicts (family.Proxy.to_dict(), asdict(family.SmsConsent)); this
    # module turns what the record holds into outbox items, like every other item it queues.
    # (family imports this module, never the other way round: no import cycle.)
    def family_documentation(self, stamp: str) -> list[OutboxItem]:
        """The EHR documentation of step 1's family facts: a child's guardian (RelatedPerson +
        Consent) and the text-message consent. Queued with the invitation, right after it, so
        an offline EHR never holds the invitation back. Stable ids: queued twice, sent once."""
        items = []
        proxy = self._guardian_record()
        if proxy is not None:
            revision = self.contact_revision
            suffix = "" if revision <= 1 else f":revision:{revision}"
            items.append(self.proxy_access_item(proxy, stamp, discriminator=proxy["id"] + suffix))
        if self.sms_consent_record:
            items.append(self.sms_consent_item(self.sms_consent_record, stamp))
        return items

    def proxy_access_item(
        self, proxy: dict[str, Any], stamp: str, discriminator: str
    ) -> OutboxItem:
        """RelatedPerson + Consent for the EHR (``ehr.proxy-access``); `proxy` is a
        family.Proxy as a dict."""
        payload = {
            "enrollment_id": self.id,
            "staff_id": self.staff_id,
            "patient": asdict(self.patient),
            "proxy": copy.deepcopy(proxy),
            "age_path": self.age_path,
        }
        return self._outbox(OutboxKind.PROXY_ACCESS, stamp, payload, discriminator=discriminator)

    def sms_consent_item(
        self, consent: dict[str, Any], stamp: str, proxy_id: str | None = None
    ) -> OutboxItem:
        """The patient's (or proxy's) own yes to texts, for the EHR as a Consent; `consent` is
        a family.SmsConsent as a dict."""
        payload = {
            "enrollment_id": self.id,
            "staff_id": self.staff_id,
            "patient": asdict(self.patient),
            "consent": dict(consent),
            "proxy_id": proxy_id,
        }
        return self._outbox(
            OutboxKind.SMS_CONSENT,
            stamp,
            payload,
            discriminator=f"{consent['number']}:{consent['agreed_at']}",
        )

    def _guardian_record(self) -> dict[str, Any] | None:
        for proxy in self.proxies:
            if proxy.get("kind") == "guardian":
                return proxy
        return None

    def record_payload(self) -> dict[str, Any]:
        """Everything the EHR documentation needs, frozen at the moment it was decided."""
        return {
            "enrollment_id": self.id,
            "staff_id": self.staff_id,
            "patient": asdict(self.patient),
            "outcome": self.outcome.value,
            "created_at": self.created_at,
            "completed_at": self.completed_at,
            "language": self.language,
            "channel": self.channel.value if self.channel else None,
            "email": self.email,
            "mobile": self.mobile,
            "demo_feature": self.demo_feature,
            "decline_reason": self.decline_reason.value if self.decline_reason else None,
            "decline_text": self.decline_text,
            "remedy": self.remedy.value if self.remedy else None,
            "help_session_at": self.help_session_at,
            "follow_up_due": self.follow_up_due,
            "age_path": self.age_path,
            "proxies": [
                {"kind": p["kind"], "relationship": p["relationship"], "access": p["access"]}
                for p in self.proxies
            ],
            "steps": {str(k): asdict(v) for k, v in self.steps.items()},
        }

    # ---- helpers ------------------------------------------------------------------------
    def _moment(self, now: datetime | None) -> tuple[datetime, int]:
        """The wall-clock moment for a change, never earlier than the record's last stamp.

        Returns the moment to stamp and how many seconds the wall clock was behind (0 when
        it was not): a transition at an earlier wall time keeps the later stamp."""
        moment = (now or utcnow()).astimezone(UTC).replace(microsecond=0)
        last = parse_iso(self.updated_at)
        if moment < last:
            return last, int((last - moment).total_seconds())
        return moment, 0

    def _stamp(self, now: datetime | None) -> tuple[str, int]:
        moment, skew = self._moment(now)
        return iso(moment), skew

    def _require_open(self) -> None:
        if not self.is_open:
            raise TransitionError(
                f"This enrollment is already {self.outcome.value}; start a new one to make changes."
            )

    def _require_done(self, step: str) -> None:
        for needed in step_definition(step).requires:
            if self.status(needed) != StepStatus.DONE:
                first = step_definition(needed)
                raise TransitionError(f"Step {first.number} ({first.title.lower()}) comes first.")

    def _mark(self, step: str, status: StepStatus, stamp: str, reason: str | None) -> Change:
        steps = dict(self.steps)
        steps[step] = StepState(status, stamp, reason)
        new = replace(self, steps=steps, updated_at=stamp)
        return Change(new, [StepEvent(self.id, step, status, stamp, self.staff_id, reason)])

    def _outbox(
        self, kind: OutboxKind, stamp: str, payload: dict[str, Any], discriminator: str = ""
    ) -> OutboxItem:
        # uuid5 of (enrollment, kind[, discriminator]) makes the key stable: re-queueing the
        # same fact for the same enrollment yields the same id, which the server recognises.
        name = f"urn:kiosk:{self.id}:{kind.value}" + (f":{discriminator}" if discriminator else "")
        key = str(uuid.uuid5(uuid.NAMESPACE_URL, name))
        return OutboxItem(key, self.id, kind, payload, stamp)

    # ---- (de)serialisation for the store ----------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["steps"] = {str(k): asdict(v) for k, v in self.steps.items()}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Enrollment:
        data = dict(data)
        data["patient"] = Patient(**data["patient"])
        steps: dict[str, StepState] = {
            _step_key(k): StepState(StepStatus(v["status"]), v["at"], v["reason"])
            for k, v in data["steps"].items()
        }
        if any(s.id not in steps for s in CHECKLIST):
            # A record stored before a step existed loads with that step pending, in order.
            stored = steps
            steps = {s.id: stored.pop(s.id, StepState()) for s in CHECKLIST}
            steps.update(stored)  # a step no longer in the checklist keeps its history
        data["steps"] = steps
        data["outcome"] = Outcome(data["outcome"])
        for key, enum in (
            ("channel", Channel),
            ("decline_reason", DeclineReason),
            ("remedy", Remedy),
        ):
            data[key] = enum(data[key]) if data.get(key) else None
        return cls(**data)
