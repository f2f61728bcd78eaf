"""Book a help session the patient chose in the EHR: the Slot becomes busy, an Appointment
holds it - exactly once, however often the outbox item is retried.

The outbox item's id is the idempotency key twice over: it is the Appointment's identifier
(conditional create, If-None-Exist) and a meta.tag on the Slot the kiosk marked busy. A retry
after a crash between the two steps finds its own tag on the busy Slot and finishes the job;
a Slot someone else took meanwhile is a permanent failure staff see on Sync issues, with the
words to book another time.
"""

from __future__ import annotations

from typing import Any

from kiosk.sync import mapping
from kiosk.sync.fhir import FhirClient
from kiosk.sync.http import ConflictError, PermanentError, TransientError

HELP_SERVICE_TEXT = "Patient portal help session"
MAX_ATTEMPTS = 3


def help_appointment(
    item_id: str, payload: dict[str, Any], ctx: mapping.MappingContext
) -> dict[str, Any]:
    return {
        "resourceType": "Appointment",
        "identifier": [mapping.identifier(item_id)],
        "status": "booked",
        "serviceType": [{"text": HELP_SERVICE_TEXT}],
        "description": HELP_SERVICE_TEXT,
        "start": payload["start"],
        "end": payload["end"],
        "slot": [{"reference": f"Slot/{payload['slot_id']}"}],
        "participant": [
            {
                "actor": mapping.patient_reference(payload["patient"], ctx),
                "required": "required",
                "status": "accepted",
            }
        ],
    }


def _ours(slot: dict[str, Any], tag: dict[str, str]) -> bool:
    return any(
        t.get("system") == tag["system"] and t.get("code") == tag["code"]
        for t in (slot.get("meta") or {}).get("tag") or []
    )


def book_help_appointment(
    fhir: FhirClient,
    item_id: str,
    payload: dict[str, Any],
    ctx: mapping.MappingContext,
    scrub: tuple[str, ...] = (),
) -> dict[str, Any]:
    tag = {"system": mapping.OUTBOX_SYSTEM, "code": item_id}
    for _attempt in range(MAX_ATTEMPTS):
        slot, etag = fhir.read("Slot", payload["slot_id"])
        if slot.get("status") != "free" and not _ours(slot, tag):
            raise PermanentError(
                "The help-session time was taken in the EHR before the booking arrived. "
                "Call the patient to book another time."
            )
        if slot.get("status") == "free":
            version = (slot.get("meta") or {}).get("versionId")
            busy = dict(slot)
            busy["status"] = "busy"
            busy["meta"] = {
                **(slot.get("meta") or {}),
                "tag": [*((slot.get("meta") or {}).get("tag") or []), tag],
            }
            try:
                fhir.update(busy, version or _etag(etag), scrub)
            except ConflictError:
                continue  # changed meanwhile: read again, it may have been taken
        appointment = help_appointment(item_id, payload, ctx)
        made = fhir.create_conditional(
            appointment, mapping.if_none_exist(mapping.identifier(item_id)), scrub
        )
        return {"appointment": made.get("id"), "slot": payload["slot_id"]}
    raise TransientError("The help-session slot kept changing in the EHR; the kiosk will retry.")


def _etag(etag: str | None) -> str | None:
    from kiosk.sync.fhir import _etag_version

    return _etag_version(etag)
