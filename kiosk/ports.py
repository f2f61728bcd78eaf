"""The interfaces between the wizard and the outside world (EHR search, portal).

The wizard depends on these, never on requests or a vendor API. kiosk.sync implements them
over FHIR R4 and the portal REST contract (docs/portal-api.md); `NoPortal` is the real
no-portal mode, where staff confirm the first login by hand.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol

from kiosk.enrollment import Patient
from kiosk.schedule import ContactOnFile, HelpSlot, ScheduledVisit


class ServiceUnavailable(Exception):
    """The EHR or portal cannot be reached now; the message is safe to show staff."""


class AccountStatus(StrEnum):
    UNKNOWN = "unknown"  # no portal API: staff confirm by hand
    NOT_INVITED = "not_invited"
    INVITED = "invited"
    ACTIVE = "active"


@dataclass(frozen=True)
class PortalAccount:
    status: AccountStatus
    last_login_at: str | None = None
    username: str | None = None


@dataclass(frozen=True)
class SmsStatus:
    """The portal's word on a mobile number: "stopped" when it replied STOP."""

    UNKNOWN = "unknown"  # no portal API: staff cannot check here
    OK = "ok"
    STOPPED = "stopped"

    status: str
    stopped_at: str | None = None

    @property
    def stopped(self) -> bool:
        return self.status == SmsStatus.STOPPED


@dataclass(frozen=True)
class Invitation:
    activation_url: str
    expires_at: str | None
    username: str | None = None


@dataclass(frozen=True)
class PatientQuery:
    family: str | None = None
    given: str | None = None
    birth_date: str | None = None  # ISO
    mrn: str | None = None


class PatientDirectory(Protocol):
    """Search the EHR. Raises ServiceUnavailable when offline or unconfigured."""

    def search(self, query: PatientQuery) -> list[Patient]: ...


class PortalGateway(Protocol):
    def send_invitation(
        self,
        patient: Patient,
        email: str | None,
        mobile: str | None,
        channel: str,
        language: str,
        idempotency_key: str,
        proxy: dict[str, Any] | None = None,
        sms_template: str | None = None,
    ) -> Invitation:
        """Send (or resend) the invitation. With `proxy`, the invitation is for that proxy to
        the patient's record (docs/portal-api.md, proxy invitations); `sms_template` is the
        text the portal sends, with {link} where its link goes. Raises sms.NumberStopped
        (through the adapter's error) when the number replied STOP."""
        ...

    def sms_status(self, mobile: str) -> SmsStatus:
        """Whether the portal may text this number (it replied STOP, or not)."""
        ...

    def account_status(self, patient: Patient, enrollment_id: str) -> PortalAccount: ...

    def send_card(
        self,
        patient: Patient,
        email: str | None,
        mobile: str | None,
        channel: str,
        language: str,
        pdf: bytes,
        idempotency_key: str,
    ) -> None:
        """Send the quick-reference card PDF to the patient; raises when it was not sent."""
        ...


class ScheduleSource(Protocol):
    """Today's schedule, what the EHR has on file, help-session Slots (kiosk.sync.schedule_read
    over FHIR; NoSchedule without an EHR). Called on the network pool; raises
    ServiceUnavailable when the EHR cannot answer."""

    def today(self, day: date | None = None) -> list[ScheduledVisit]: ...

    def contact_on_file(self, ehr_id: str) -> ContactOnFile: ...

    def free_slots(self, after: datetime, count: int = 3) -> list[HelpSlot]: ...

    def slot_is_free(self, slot_id: str) -> bool: ...


class NoEhr:
    """No FHIR endpoint configured: search says so, and manual entry is the way."""

    def search(self, query: PatientQuery) -> list[Patient]:
        raise ServiceUnavailable("No EHR connection is configured. Enter the patient by hand.")


class NoSchedule:
    """No EHR: no schedule to show (manual entry), nothing on file, help sessions from the
    settings (kiosk.schedule.slots_from_settings)."""

    def today(self, day: date | None = None) -> list[ScheduledVisit]:
        raise ServiceUnavailable("No EHR connection is configured.")

    def contact_on_file(self, ehr_id: str) -> ContactOnFile:
        raise ServiceUnavailable("No EHR connection is configured.")

    def free_slots(self, after: datetime, count: int = 3) -> list[HelpSlot]:
        return []

    def slot_is_free(self, slot_id: str) -> bool:
        return True


class NoPortal:
    """No portal API: invitations go out from the portal's own admin screen; staff confirm."""

    def __init__(self, login_url: str) -> None:
        self.login_url = login_url

    def send_invitation(
        self,
        patient: Patient,
        email: str | None,
        mobile: str | None,
        channel: str,
        language: str,
        idempotency_key: str,
        proxy: dict[str, Any] | None = None,
        sms_template: str | None = None,
    ) -> Invitation:
        return Invitation(activation_url=self.login_url, expires_at=None)

    def sms_status(self, mobile: str) -> SmsStatus:
        return SmsStatus(SmsStatus.UNKNOWN)

    def account_status(self, patient: Patient, enrollment_id: str) -> PortalAccount:
        return PortalAccount(AccountStatus.UNKNOWN)

    def send_card(
        self,
        patient: Patient,
        email: str | None,
        mobile: str | None,
        channel: str,
        language: str,
        pdf: bytes,
        idempotency_key: str,
    ) -> None:
        raise ServiceUnavailable("No portal API is configured: the card cannot be sent.")


class Deferred:
    """Builds a port on first use, on whichever thread first uses it.

    The wizard calls its ports only from the network pool, so the HTTP stack (requests,
    urllib3, keyring) is imported there rather than before the first screen is drawn.
    """

    def __init__(self, factory: Callable[[], Any]) -> None:
        self._factory = factory
        self._target: Any = None
        self._lock = threading.Lock()

    def _resolve(self) -> Any:
        with self._lock:
            if self._target is None:
                self._target = self._factory()
            return self._target

    def __getattr__(self, name: str) -> Any:
        return getattr(self._resolve(), name)
