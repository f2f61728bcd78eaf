"""Read today's schedule, a patient's contact on file and free help-session slots over FHIR R4.

Every request goes through `FhirClient.request` (kiosk/sync/fhir.py): the base address was
checked by kiosk.urls when the settings were read, a `next` link or redirect to another
origin is refused, and searches go as `POST [type]/_search` with a form body, so no patient
detail ends up in a URL. Paging follows the server's `next` link when it gives one, else
`_offset` (servers that only truncate at `_count`). Runs on the network pool, never on the
GUI thread.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import quote

from kiosk.enrollment import Patient
from kiosk.ports import ServiceUnavailable
from kiosk.schedule import ACTIVE_STATUSES, ContactOnFile, HelpSlot, ScheduledVisit
from kiosk.sync.fhir import FhirClient, patient_from_fhir
from kiosk.sync.http import AuthError, PermanentError, SyncError, TransientError

log = logging.getLogger(__name__)
PAGE_SIZE = 100
MAX_PAGES = 30  # 3,000 appointments: more than any one location has in a day


def _unavailable(exc: Exception) -> ServiceUnavailable:
    if isinstance(exc, AuthError):
        return ServiceUnavailable("The EHR did not accept the kiosk's login. Tell IT.")
    if isinstance(exc, TransientError):
        return ServiceUnavailable("The EHR cannot be reached right now.")
    return ServiceUnavailable("The EHR could not answer this question.")


def contact_on_file(patient: dict[str, Any]) -> ContactOnFile:
    """The current email and mobile in Patient.telecom (ended entries ignored; rank first)."""

    def current(entry: dict[str, Any]) -> bool:
        return bool(entry.get("value")) and not (entry.get("period") or {}).get("end")

    def ranked(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(entries, key=lambda e: e.get("rank") or 99)

    telecom = [t for t in patient.get("telecom") or [] if isinstance(t, dict) and current(t)]
    emails = ranked([t for t in telecom if t.get("system") == "email"])
    mobiles = ranked(
        [t for t in telecom if t.get("system") in ("phone", "sms") and t.get("use") == "mobile"]
        + [t for t in telecom if t.get("system") == "sms" and t.get("use") != "mobile"]
    )
    return ContactOnFile(
        emails[0]["value"].strip() if emails else None,
        mobiles[0]["value"].strip() if mobiles else None,
    )


def _day_bounds(day: date) -> tuple[str, str]:
    tz = datetime.now().astimezone().tzinfo
    start = datetime.combine(day, time(0), tzinfo=tz)
    end = start + timedelta(days=1)
    return start.isoformat(timespec="seconds"), end.isoformat(timespec="seconds")


def _reference_id(reference: str | None, resource_type: str) -> str | None:
    if reference and reference.startswith(f"{resource_type}/"):
        return reference.split("/", 1)[1].split("/_history", 1)[0]
    return None


def _start(text: str | None) -> datetime | None:
    try:
        moment = datetime.fromisoformat((text or "").replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.astimezone()


class FhirSchedule:
    """kiosk.ports-style reader of the EHR's schedule. Raises ServiceUnavailable, with a
    message for staff, whenever the EHR cannot answer."""

    def __init__(
        self,
        client: FhirClient,
        mrn_system: str,
        location: str = "",
        practitioner: str = "",
        help_schedule: str = "",
        page_size: int = PAGE_SIZE,
    ) -> None:
        self.client = client
        self.mrn_system = mrn_system
        self.location = location
        self.practitioner = practitioner
        self.help_schedule = help_schedule
        self.page_size = page_size

    # ---- paging -------------------------------------------------------------------------
    def _pages(self, resource_type: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Every entry of a search, page by page."""
        entries: list[dict[str, Any]] = []
        params = {**params, "_count": str(self.page_size)}
        offset = 0
        response = self.client.request("POST", f"{resource_type}/_search", form=params)
        for _ in range(MAX_PAGES):
            bundle = self.client.json(response)
            page = bundle.get("entry") or []
            entries += page
            matches = [e for e in page if (e.get("search") or {}).get("mode", "match") == "match"]
            following = next(
                (
                    link.get("url")
                    for link in bundle.get("link") or []
                    if link.get("relation") == "next"
                ),
                None,
            )
            if following:
                response = self.client.request("GET", following)  # same origin, or refused
            elif len(matches) >= self.page_size:
                offset += len(matches)
                response = self.client.request(
                    "POST", f"{resource_type}/_search", form={**params, "_offset": str(offset)}
                )
            else:
                return entries
        log.warning("search stopped after %d pages", MAX_PAGES)
        return entries

    # ---- today's schedule ---------------------------------------------------------------
    def today(self, day: date | None = None) -> list[ScheduledVisit]:
        start, end = _day_bounds(day or date.today())
        params: dict[str, Any] = {
            "date": [f"ge{start}", f"lt{end}"],
            "status": ",".join(ACTIVE_STATUSES),
            "_include": "Appointment:patient",
            "_sort": "date",
        }
        if self.location:
            params["location"] = f"Location/{self.location}"
        if self.practitioner:
            params["practitioner"] = f"Practitioner/{self.practitioner}"
        try:
            entries = self._pages("Appointment", params)
        except SyncError as exc:
            raise _unavailable(exc) from None
        patients: dict[str, dict[str, Any]] = {}
        appointments: list[dict[str, Any]] = []
        for entry in entries:
            resource = entry.get("resource") or {}
            if resource.get("resourceType") == "Patient" and resource.get("id"):
                patients[resource["id"]] = resource
            elif resource.get("resourceType") == "Appointment":
                appointments.append(resource)
        wanted = {
            ehr_id
            for appointment in appointments
            for participant in appointment.get("participant") or []
            if (
                ehr_id := _reference_id(
                    (participant.get("actor") or {}).get("reference"), "Patient"
                )
            )
        }
        try:
            patients.update(self._patients(sorted(wanted - patients.keys())))
        except SyncError as exc:
            raise _unavailable(exc) from None
        visits: list[ScheduledVisit] = []
        seen: set[str] = set()
        for appointment in appointments:
            if appointment.get("status") not in ACTIVE_STATUSES or appointment.get("id") in seen:
                continue
            moment = _start(appointment.get("start"))
            if moment is None:
                continue
            for participant in appointment.get("participant") or []:
                ehr_id = _reference_id((participant.get("actor") or {}).get("reference"), "Patient")
                resource = patients.get(ehr_id or "")
                if resource is None:
                    continue
                patient = patient_from_fhir(resource, self.mrn_system)
                if patient is None:
                    continue
                seen.add(appointment["id"])
                visits.append(
                    ScheduledVisit(
                        appointment["id"],
                        moment,
                        appointment["status"],
                        patient,
                        contact_on_file(resource),
                    )
                )
                break
        visits.sort(key=lambda v: (v.start, v.patient.family_name, v.patient.given_name))
        return visits

    def _patients(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """Patients an EHR did not `_include` (some ignore it), fetched by id in batches."""
        found: dict[str, dict[str, Any]] = {}
        for i in range(0, len(ids), self.page_size):
            batch = ids[i : i + self.page_size]
            for entry in self._pages("Patient", {"_id": ",".join(batch)}):
                resource = entry.get("resource") or {}
                if resource.get("resourceType") == "Patient" and resource.get("id") in batch:
                    found[resource["id"]] = resource
        return found

    # ---- one patient's contact ----------------------------------------------------------
    def contact_on_file(self, ehr_id: str) -> ContactOnFile:
        try:
            resource, _etag = self.client.read("Patient", ehr_id)
        except SyncError as exc:
            raise _unavailable(exc) from None
        return contact_on_file(resource)

    # ---- help-session slots -------------------------------------------------------------
    def free_slots(self, after: datetime, count: int = 3) -> list[HelpSlot]:
        if not self.help_schedule:
            return []
        params = {
            "schedule": f"Schedule/{self.help_schedule}",
            "status": "free",
            "start": f"ge{after.isoformat(timespec='seconds')}",
            "_sort": "start",
        }
        try:
            found = self.client.search("Slot", {**params, "_count": str(count * 4)})
        except SyncError as exc:
            raise _unavailable(exc) from None
        slots = []
        for slot in found:
            start, end = _start(slot.get("start")), _start(slot.get("end"))
            if slot.get("status") == "free" and start and end and start >= after:
                slots.append(HelpSlot(start, end, slot.get("id")))
        slots.sort(key=lambda s: s.start)
        return slots[:count]

    def slot_is_free(self, slot_id: str) -> bool:
        try:
            slot, _etag = self.client.read("Slot", slot_id)
        except PermanentError as exc:
            if exc.status in (404, 410):  # the slot is gone: not free
                return False
            raise _unavailable(exc) from None
        except SyncError as exc:
            raise _unavailable(exc) from None
        return slot.get("status") == "free"


def slot_path(slot_id: str) -> str:
    return f"Slot/{quote(slot_id, safe='')}"


__all__ = ["FhirSchedule", "Patient", "contact_on_file", "slot_path"]
