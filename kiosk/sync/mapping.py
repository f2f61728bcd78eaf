"""Outbox payloads -> FHIR R4 resources. Pure functions: no I/O, no clock, no config reads.

Why each resource and code is what it is: docs/fhir-mapping.md. In short, every resource the
kiosk writes carries identifier {OUTBOX_SYSTEM, "<outbox item id>[:part]"} and is created with
a conditional create (`request.ifNoneExist`) inside one transaction Bundle, so a retry after a
crash or a lost response finds the first copy instead of writing a second one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from kiosk import enrollment
from kiosk.enrollment import (
    DeclineReason,
    OutboxKind,
    Remedy,
    StepId,
    parse_iso,
)

BASE = "https://enrollment-kiosk.org/fhir"
OUTBOX_SYSTEM = f"{BASE}/sid/outbox-item"
STAFF_SYSTEM = f"{BASE}/sid/staff-member"
SOFTWARE_SYSTEM = f"{BASE}/sid/software"
CS_KIOSK = f"{BASE}/CodeSystem/portal-enrollment"
CS_STEP = f"{BASE}/CodeSystem/enrollment-step"
CS_STEP_STATUS = f"{BASE}/CodeSystem/enrollment-step-status"
CS_DECLINE = f"{BASE}/CodeSystem/portal-decline-reason"
CS_REMEDY = f"{BASE}/CodeSystem/portal-decline-remedy"
V3_PARTICIPATION_MODE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationMode"
V3_DATA_OPERATION = "http://terminology.hl7.org/CodeSystem/v3-DataOperation"
PROVENANCE_PARTICIPANT = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"

MEDIUM = {
    "email": ("EMAILWRIT", "email"),
    "sms": ("SMSWRIT", "SMS message"),
}
DECLINE_DISPLAY = {
    DeclineReason.NO_EMAIL: "No email address",
    DeclineReason.NOT_COMFORTABLE_WITH_COMPUTERS: "Not comfortable with computers",
    DeclineReason.PRIVACY: "Privacy concern",
    DeclineReason.NO_BENEFIT: "No perceived benefit",
    DeclineReason.OTHER: "Other",
}
REMEDY_DISPLAY = {
    Remedy.SMS_INVITATION: "Invitation offered by text message",
    Remedy.HELP_SESSION: "Help session offered",
    Remedy.PRIVACY_HANDOUT: "Privacy handout given",
    Remedy.BENEFITS_SUMMARY: "Benefits summary given",
    Remedy.NONE: "No remedy taken",
}


@dataclass(frozen=True)
class MappingContext:
    """What the mapping needs from the practice's settings (kept out of the payloads)."""

    mrn_system: str
    software_version: str = "0"
    follow_up_window_days: int = 7


# ---- small builders ------------------------------------------------------------------------
def identifier(item_id: str, part: str = "") -> dict[str, str]:
    return {"system": OUTBOX_SYSTEM, "value": f"{item_id}:{part}" if part else item_id}


def if_none_exist(ident: dict[str, str]) -> str:
    """The query only (no `Type?`), as FHIR R4 specifies for If-None-Exist / ifNoneExist."""
    return f"identifier={ident['system']}|{ident['value']}"


def coding(system: str, code: str, display: str | None = None) -> dict[str, str]:
    out = {"system": system, "code": code}
    if display:
        out["display"] = display
    return out


def concept(
    system: str, code: str, display: str | None = None, text: str | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {"coding": [coding(system, code, display)]}
    if text:
        out["text"] = text
    return out


def patient_reference(patient: dict[str, Any], ctx: MappingContext) -> dict[str, Any]:
    """A literal reference when the patient was found in the EHR; otherwise a logical one by
    MRN, or by name and birth date for a patient typed in by hand (the EHR staff resolve it)."""
    display = f"{patient.get('given_name', '')} {patient.get('family_name', '')}".strip()
    if patient.get("ehr_id"):
        return {"reference": f"Patient/{patient['ehr_id']}", "display": display}
    ref: dict[str, Any] = {"type": "Patient", "display": display}
    if patient.get("birth_date"):
        ref["display"] = f"{display} (born {patient['birth_date']})"
    if patient.get("mrn"):
        ref["identifier"] = {"system": ctx.mrn_system, "value": patient["mrn"]}
    return ref


def staff_reference(staff_id: str) -> dict[str, Any]:
    return {"type": "Practitioner", "identifier": {"system": STAFF_SYSTEM, "value": staff_id}}


def idempotency_key(resource: dict[str, Any]) -> dict[str, str]:
    """The outbox identifier of a resource: Resource.identifier where the type has one;
    R4 Provenance has no identifier, so there it is a meta.tag (searchable as _tag)."""
    key: dict[str, str] = (
        resource["meta"]["tag"][0]
        if resource["resourceType"] == "Provenance"
        else resource["identifier"][0]
    )
    return key


def if_none_exist_for(resource: dict[str, Any]) -> str:
    key = idempotency_key(resource)
    param = "_tag" if resource["resourceType"] == "Provenance" else "identifier"
    return f"{param}={key['system']}|{key.get('value') or key.get('code')}"


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    key = idempotency_key(resource)
    name = key.get("value") or key.get("code") or ""
    kind = resource["resourceType"]
    full_url = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, kind + ':' + name)}"
    return {
        "fullUrl": full_url,
        "resource": resource,
        "request": {
            "method": "POST",
            "url": resource["resourceType"],
            "ifNoneExist": if_none_exist_for(resource),
        },
    }


def transaction(resources: list[dict[str, Any]], provenance: dict[str, Any]) -> dict[str, Any]:
    """A transaction Bundle of conditional creates; the Provenance targets every resource."""
    entries = [_entry(r) for r in resources]
    provenance = dict(provenance)
    provenance["target"] = [{"reference": e["fullUrl"]} for e in entries]
    entries.append(_entry(provenance))
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def provenance(
    item_id: str, recorded: str, staff_id: str | None, ctx: MappingContext, activity: str
) -> dict[str, Any]:
    agents: list[dict[str, Any]] = [
        {
            "type": concept(PROVENANCE_PARTICIPANT, "assembler", "Assembler"),
            "who": {
                "type": "Device",
                "identifier": {"system": SOFTWARE_SYSTEM, "value": "enrollment-kiosk"},
                "display": f"Enrollment kiosk {ctx.software_version}",
            },
        }
    ]
    if staff_id:
        agents.append(
            {
                "type": concept(PROVENANCE_PARTICIPANT, "author", "Author"),
                "who": staff_reference(staff_id),
            }
        )
    return {
        "resourceType": "Provenance",
        # R4 Provenance has no identifier element (the engine rejected one): the outbox key is
        # a meta.tag, and entity(source) names the kiosk record this write came from.
        "meta": {"tag": [{"system": OUTBOX_SYSTEM, "code": f"{item_id}:provenance"}]},
        "target": [],
        "recorded": recorded,
        "activity": concept(V3_DATA_OPERATION, activity, activity.lower()),
        "agent": agents,
        "entity": [
            {
                "role": "source",
                "what": {
                    "identifier": identifier(item_id),
                    "display": "Enrollment kiosk outbox item",
                },
            }
        ],
    }


# ---- ehr.enrollment-record -----------------------------------------------------------------
def _step_outputs(payload: dict[str, Any]) -> list[dict[str, Any]]:
    outputs = []
    for step in enrollment.CHECKLIST:
        state = (payload.get("steps") or {}).get(str(step.id))
        if not state:
            continue
        value = concept(CS_STEP_STATUS, state["status"], state["status"].capitalize())
        if state.get("reason"):
            value["text"] = f"{state['status']}: {state['reason']}"
        outputs.append(
            {
                "type": concept(CS_STEP, str(step.id), f"{step.number}. {step.title}"),
                "valueCodeableConcept": value,
            }
        )
    return outputs


def _ordered(start: str, end: str | None) -> tuple[str, str]:
    """Task inv-1 and Period per-1 need start <= end; a tablet clock corrected backwards
    between the start and the end of a visit must not make the record unsendable."""
    if not end:
        return start, start
    return (start, end) if parse_iso(start) <= parse_iso(end) else (end, start)


def enrollment_task(item_id: str, payload: dict[str, Any], ctx: MappingContext) -> dict[str, Any]:
    declined = payload["outcome"] == "declined"
    started, finished = _ordered(payload["created_at"], payload.get("completed_at"))
    task: dict[str, Any] = {
        "resourceType": "Task",
        "identifier": [identifier(item_id)],
        "status": "completed",
        "businessStatus": concept(CS_KIOSK, payload["outcome"], payload["outcome"].capitalize()),
        "intent": "order",
        "code": concept(CS_KIOSK, "portal-enrollment", "Patient portal enrollment"),
        "description": "Patient portal enrollment checklist completed at the front desk kiosk",
        "for": patient_reference(payload["patient"], ctx),
        "authoredOn": started,
        "lastModified": finished,
        "executionPeriod": {"start": started, "end": finished},
        "owner": staff_reference(payload["staff_id"]),
        "input": [
            {
                "type": concept(CS_KIOSK, "language", "Language used"),
                "valueCode": payload.get("language") or "en",
            }
        ],
        "output": _step_outputs(payload),
    }
    if payload.get("channel"):
        code, display = MEDIUM[payload["channel"]]
        task["input"].append(
            {
                "type": concept(CS_KIOSK, "invitation-channel", "Invitation channel"),
                "valueCodeableConcept": concept(V3_PARTICIPATION_MODE, code, display),
            }
        )
    # Families (kiosk/family.py): own account, or a child's access through a parent/guardian;
    # the proxies themselves are RelatedPerson + Consent (ehr.proxy-access).
    age_path = payload.get("age_path") or "adult"
    task["input"].append(
        {
            "type": concept(CS_KIOSK, "portal-access", "Kind of portal access"),
            "valueCodeableConcept": concept(
                CS_KIOSK,
                "proxy" if age_path == "child" else "own-account",
                "Proxy (parent or guardian of a child)"
                if age_path == "child"
                else ("Own account (teen)" if age_path == "teen" else "Own account"),
            ),
        }
    )
    extra = task["output"]
    if payload.get("demo_feature"):
        extra.append(
            {
                "type": concept(CS_KIOSK, "demo-feature", "Feature demonstrated"),
                "valueString": payload["demo_feature"],
            }
        )
    if payload.get("follow_up_due"):
        extra.append(
            {
                "type": concept(CS_KIOSK, "follow-up-due", "Follow-up due if no login"),
                "valueDateTime": payload["follow_up_due"],
            }
        )
    if declined:
        reason = DeclineReason(payload["decline_reason"])
        task["statusReason"] = decline_reason_concept(reason, payload.get("decline_text"))
        if payload.get("remedy"):
            remedy = Remedy(payload["remedy"])
            extra.append(
                {
                    "type": concept(CS_KIOSK, "remedy-offered", "Remedy offered"),
                    "valueCodeableConcept": concept(
                        CS_REMEDY, remedy.value, REMEDY_DISPLAY[remedy]
                    ),
                }
            )
    # A help session is the remedy for a decline, and also for a step that did not work
    # (a failed first login or access check) in an enrollment that went on.
    if payload.get("help_session_at"):
        extra.append(
            {
                "type": concept(CS_KIOSK, "help-session-at", "Help session booked for"),
                "valueDateTime": payload["help_session_at"],
            }
        )
    return task


def decline_reason_concept(reason: DeclineReason, text: str | None) -> dict[str, Any]:
    return concept(CS_DECLINE, reason.value, DECLINE_DISPLAY[reason], text or None)


def decline_communication(
    item_id: str, payload: dict[str, Any], ctx: MappingContext
) -> dict[str, Any]:
    reason = DeclineReason(payload["decline_reason"])
    comm: dict[str, Any] = {
        "resourceType": "Communication",
        "identifier": [identifier(item_id, "decline")],
        "status": "not-done",
        "statusReason": decline_reason_concept(reason, payload.get("decline_text")),
        "category": [concept(CS_KIOSK, "portal-invitation", "Patient portal invitation")],
        "subject": patient_reference(payload["patient"], ctx),
        "sender": staff_reference(payload["staff_id"]),
    }
    if payload.get("channel"):
        code, display = MEDIUM[payload["channel"]]
        comm["medium"] = [concept(V3_PARTICIPATION_MODE, code, display)]
    if payload.get("remedy"):
        remedy = Remedy(payload["remedy"])
        comm["note"] = [
            {"text": f"Remedy: {REMEDY_DISPLAY[remedy]}", "time": payload["completed_at"]}
        ]
    return comm


def enrollment_bundle(item_id: str, payload: dict[str, Any], ctx: MappingContext) -> dict[str, Any]:
    resources = [enrollment_task(item_id, payload, ctx)]
    if payload["outcome"] == "declined":
        resources.append(decline_communication(item_id, payload, ctx))
    prov = provenance(item_id, payload["completed_at"], payload["staff_id"], ctx, "CREATE")
    return transaction(resources, prov)


# ---- portal.invitation ---------------------------------------------------------------------
def invitation_communication(
    item_id: str,
    payload: dict[str, Any],
    sent_at: str,
    expires_at: str | None,
    username: str | None,
    ctx: MappingContext,
    part: str = "",
) -> dict[str, Any]:
    """The invitation as sent. The activation link is a credential: it never goes to the EHR."""
    channel = payload.get("channel") or "email"
    code, display = MEDIUM[channel]
    resend = bool(payload.get("resend")) or part == "resend"
    text = (
        f"{'Reminder: invitation' if resend else 'Invitation'} to the patient portal sent by "
        f"{'text message' if channel == 'sms' else 'email'}"
        + (f"; the activation link expires {expires_at}" if expires_at else "")
        + "."
    )
    comm: dict[str, Any] = {
        "resourceType": "Communication",
        "identifier": [identifier(item_id, part)],
        "status": "completed",
        "category": [concept(CS_KIOSK, "portal-invitation", "Patient portal invitation")],
        "medium": [concept(V3_PARTICIPATION_MODE, code, display)],
        "subject": patient_reference(payload["patient"], ctx),
        "sent": sent_at,
        "payload": [{"contentString": text}],
    }
    if payload["patient"].get("ehr_id"):
        comm["recipient"] = [patient_reference(payload["patient"], ctx)]
    if resend:
        comm["topic"] = {"text": "Portal invitation reminder"}
    if username:
        comm["note"] = [{"text": f"Portal username: {username}"}]
    return comm


def invitation_bundle(
    item_id: str,
    payload: dict[str, Any],
    sent_at: str,
    expires_at: str | None,
    username: str | None,
    ctx: MappingContext,
    staff_id: str | None = None,
) -> dict[str, Any]:
    comm = invitation_communication(item_id, payload, sent_at, expires_at, username, ctx)
    return transaction([comm], provenance(item_id, sent_at, staff_id, ctx, "CREATE"))


# ---- ehr.follow-up -------------------------------------------------------------------------
def enrollment_record_id(enrollment_id: str) -> str:
    """The outbox id of an enrollment's record (same rule as Enrollment._outbox)."""
    name = f"urn:kiosk:{enrollment_id}:{OutboxKind.ENROLLMENT_RECORD.value}"
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def follow_up_task(
    item_id: str, payload: dict[str, Any], raised_at: str, ctx: MappingContext
) -> dict[str, Any]:
    start = payload.get("due") or raised_at
    end = parse_iso(start) + timedelta(days=ctx.follow_up_window_days)
    from kiosk.enrollment import iso

    return {
        "resourceType": "Task",
        "identifier": [identifier(item_id)],
        "basedOn": [
            {
                "type": "Task",
                "identifier": identifier(enrollment_record_id(payload["enrollment_id"])),
            }
        ],
        "status": "requested",
        "intent": "order",
        "priority": "routine",
        "code": concept(CS_KIOSK, "portal-follow-up", "Patient portal enrollment follow-up"),
        "description": (
            f"No patient portal login since the invitation; call the patient "
            f"({enrollment.step_definition(StepId.FOLLOW_UP).title.lower()})."
        ),
        "for": patient_reference(payload["patient"], ctx),
        "authoredOn": raised_at,
        "owner": {"type": "Organization", "display": "Front desk"},
        "reasonCode": concept(CS_KIOSK, "no-portal-login", "No portal login within the window"),
        "restriction": {"period": {"start": start, "end": iso(end)}},
    }


def follow_up_bundle(
    item_id: str,
    payload: dict[str, Any],
    raised_at: str,
    ctx: MappingContext,
    resent: tuple[str, str | None, str | None] | None = None,
) -> dict[str, Any]:
    """`resent` = (sent_at, expires_at, username) when the portal re-sent the invitation."""
    resources = [follow_up_task(item_id, payload, raised_at, ctx)]
    if resent:
        resources.append(
            invitation_communication(
                item_id,
                {**payload, "resend": True},
                resent[0],
                resent[1],
                resent[2],
                ctx,
                part="resend",
            )
        )
    return transaction(resources, provenance(item_id, raised_at, None, ctx, "CREATE"))


# ---- ehr.patient-contact -------------------------------------------------------------------
def telecom_provenance(
    item_id: str, patient_id: str, version: str | None, recorded: str, ctx: MappingContext
) -> dict[str, Any]:
    prov = provenance(item_id, recorded, None, ctx, "UPDATE")
    target = f"Patient/{patient_id}" + (f"/_history/{version}" if version else "")
    prov["target"] = [{"reference": target}]
    return prov


def kiosk_values(payload: dict[str, Any]) -> tuple[str, ...]:
    """Every patient value in a payload: scrubbed out of server error text before it is
    stored as a dead letter's reason or logged."""
    patient = payload.get("patient") or {}
    values = [
        payload.get("email"),
        payload.get("mobile"),
        patient.get("given_name"),
        patient.get("family_name"),
        patient.get("birth_date"),
        patient.get("mrn"),
        payload.get("decline_text"),
        *(payload.get("replaces") or {}).values(),
    ]
    return tuple(v for v in values if isinstance(v, str) and v)
