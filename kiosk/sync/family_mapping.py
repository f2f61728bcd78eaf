"""Outbox payloads of kiosk/family.py -> FHIR R4: a proxy as RelatedPerson + Consent, and the
patient's own yes to text messages as a Consent. Pure functions (no I/O, no clock).

The rules are those of kiosk/sync/mapping.py: every resource carries the outbox identifier
first and is written by conditional create in one transaction Bundle with a Provenance, so a
retry finds the first copy. Why each element is what it is: docs/fhir-mapping.md.
"""

from __future__ import annotations

import base64
from typing import Any

from kiosk.family import RELATIONSHIPS, V3_ROLE_CODE
from kiosk.sync.mapping import (
    BASE,
    CS_KIOSK,
    MappingContext,
    _entry,
    concept,
    identifier,
    patient_reference,
    provenance,
)

PROXY_SYSTEM = f"{BASE}/sid/proxy"
SMS_NUMBER_EXTENSION = f"{BASE}/StructureDefinition/sms-consent-number"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
CONSENT_ACTION = "http://terminology.hl7.org/CodeSystem/consentaction"
LOINC = "http://loinc.org"
V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
V3_PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
V3_CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
LANGUAGE_TAG = {"en": "en-US", "es": "es-US"}
ACCESS_TEXT = {
    "full": "Proxy access to the patient portal",
    "limited": "Limited proxy access to the patient portal: care the teen can consent to alone "
    "and the teen's messages are withheld",
}


def _telecom(email: str | None, mobile: str | None) -> list[dict[str, Any]]:
    out = []
    if email:
        out.append({"system": "email", "value": email, "use": "home"})
    if mobile:
        out.append({"system": "phone", "value": mobile, "use": "mobile"})
    return out


def related_person(item_id: str, payload: dict[str, Any], ctx: MappingContext) -> dict[str, Any]:
    proxy = payload["proxy"]
    code = proxy["relationship"]
    return {
        "resourceType": "RelatedPerson",
        "identifier": [
            identifier(item_id, "related-person"),
            {"system": PROXY_SYSTEM, "value": proxy["id"]},
        ],
        "active": True,
        "patient": patient_reference(payload["patient"], ctx),
        "relationship": [concept(V3_ROLE_CODE, code, RELATIONSHIPS.get(code))],
        "name": [
            {"use": "official", "family": proxy["family_name"], "given": [proxy["given_name"]]}
        ],
        "telecom": _telecom(proxy.get("email"), proxy.get("mobile")),
        "communication": [
            {
                "language": concept(
                    "urn:ietf:bcp:47", LANGUAGE_TAG.get(proxy.get("language") or "en", "en-US")
                ),
                "preferred": True,
            }
        ],
    }


def _consent_base(
    item_id: str, part: str, payload: dict[str, Any], ctx: MappingContext
) -> dict[str, Any]:
    return {
        "resourceType": "Consent",
        "identifier": [identifier(item_id, part)],
        "status": "active",
        "scope": concept(CONSENT_SCOPE, "patient-privacy", "Privacy Consent"),
        "patient": patient_reference(payload["patient"], ctx),
        "policyRule": concept(V3_ACT_CODE, "OPTIN", "opt-in"),
    }


def proxy_consent(
    item_id: str, payload: dict[str, Any], related_url: str, ctx: MappingContext
) -> dict[str, Any]:
    """The grant of proxy access: who agreed (the patient - a teen's assent or an adult's
    consent - or, for a child, the parent/guardian as legal representative), and the proxy
    as the provision's actor. Limited access (a teen's parent) denies restricted data."""
    proxy = payload["proxy"]
    proxy_ref = {"reference": related_url}
    actor = [
        {
            "role": concept(V3_PARTICIPATION_TYPE, "IRCP", "information recipient"),
            "reference": proxy_ref,
        }
    ]
    if proxy["consent_by"] == "guardian":
        performer = [proxy_ref]
    else:
        performer = [patient_reference(payload["patient"], ctx)]
    provision: dict[str, Any] = {
        "type": "permit",
        "period": {"start": proxy["consent_at"]},
        "actor": actor,
        "action": [concept(CONSENT_ACTION, "access", "Access")],
    }
    if proxy["access"] == "limited":
        provision["provision"] = [
            {
                "type": "deny",
                "actor": actor,
                "securityLabel": [
                    {"system": V3_CONFIDENTIALITY, "code": "R", "display": "restricted"}
                ],
            }
        ]
    consent = _consent_base(item_id, "consent", payload, ctx)
    consent.update(
        {
            "category": [
                concept(LOINC, "59284-0", "Patient Consent"),
                concept(CS_KIOSK, f"portal-proxy-{proxy['kind']}", ACCESS_TEXT[proxy["access"]]),
            ],
            "dateTime": proxy["consent_at"],
            "performer": performer,
            "provision": provision,
        }
    )
    return consent


def proxy_access_bundle(
    item_id: str, payload: dict[str, Any], recorded: str, ctx: MappingContext
) -> dict[str, Any]:
    related = related_person(item_id, payload, ctx)
    related_entry = _entry(related)
    consent = proxy_consent(item_id, payload, related_entry["fullUrl"], ctx)
    entries = [related_entry, _entry(consent)]
    prov = provenance(item_id, recorded, payload.get("staff_id"), ctx, "CREATE")
    prov["target"] = [{"reference": e["fullUrl"]} for e in entries]
    entries.append(_entry(prov))
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def sms_consent(item_id: str, payload: dict[str, Any], ctx: MappingContext) -> dict[str, Any]:
    """The patient's (or the proxy's) own "I agree" to texts: the exact words shown, their
    language, the moment and the number, as a Consent (the words as sourceAttachment)."""
    record = payload["consent"]
    consent = _consent_base(item_id, "sms-consent", payload, ctx)
    if record.get("by") == "proxy" and payload.get("proxy_id"):
        performer = {
            "type": "RelatedPerson",
            "identifier": {"system": PROXY_SYSTEM, "value": payload["proxy_id"]},
        }
    elif record.get("by") == "proxy":
        performer = {"type": "RelatedPerson", "display": "Parent or guardian (proxy)"}
    else:
        performer = patient_reference(payload["patient"], ctx)
    consent.update(
        {
            "extension": [
                {
                    "url": SMS_NUMBER_EXTENSION,
                    "valueContactPoint": {"system": "sms", "value": record["number"]},
                }
            ],
            "category": [
                concept(LOINC, "59284-0", "Patient Consent"),
                concept(CS_KIOSK, "sms-consent", "Consent to receive text messages"),
            ],
            "dateTime": record["agreed_at"],
            "performer": [performer],
            "sourceAttachment": {
                "contentType": "text/plain; charset=utf-8",
                "language": LANGUAGE_TAG.get(record["language"], "en-US"),
                "data": base64.b64encode(record["words"].encode("utf-8")).decode("ascii"),
                "title": "Text-message consent, word for word as shown on the kiosk",
                "creation": record["agreed_at"],
            },
            "provision": {
                "type": "permit",
                "period": {"start": record["agreed_at"]},
                "action": [concept(CONSENT_ACTION, "use", "Use")],
            },
        }
    )
    return consent


def sms_consent_bundle(
    item_id: str, payload: dict[str, Any], recorded: str, ctx: MappingContext
) -> dict[str, Any]:
    consent_entry = _entry(sms_consent(item_id, payload, ctx))
    prov = provenance(item_id, recorded, payload.get("staff_id"), ctx, "CREATE")
    prov["target"] = [{"reference": consent_entry["fullUrl"]}]
    return {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [consent_entry, _entry(prov)],
    }


def family_values(payload: dict[str, Any]) -> tuple[str, ...]:
    """Patient and proxy values in a families payload, scrubbed out of server errors."""
    proxy = payload.get("proxy") or {}
    consent = payload.get("consent") or {}
    values = [proxy.get(k) for k in ("given_name", "family_name", "email", "mobile")]
    values.append(consent.get("number"))
    return tuple(v for v in values if isinstance(v, str) and v)
