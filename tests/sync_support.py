"""Shared helpers for tests/test_sync_*.py: real servers, settings, enrollments, counting.

Not a conftest (that file is shared): test modules import what they use from here.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

import requests

from kiosk.config import Config
from kiosk.enrollment import Channel, DeclineReason, Enrollment, Patient, StepId, utcnow
from kiosk.store import Store
from kiosk.sync.engine import Backoff, OutboxEngine
from kiosk.sync.mapping import OUTBOX_SYSTEM

try:
    from tests.servers import FhirServer  # noqa: F401
except ImportError:  # tests/ is on sys.path (rootdir conftest), not a package
    from servers import FhirServer  # type: ignore[no-redef]  # noqa: F401

MRN_SYSTEM = "urn:oid:2.16.840.1.113883.19.5"
FAST = Backoff(base=0.2, cap=1.0)


def make_config(
    fhir: Any | None,
    *,
    auth: str = "client_secret",
    client_id: str = "kiosk",
    portal_url: str = "",
    read_timeout: float = 5,
    resend: bool = True,
) -> Config:
    ehr: dict[str, Any] = {"connect_timeout_seconds": 2, "read_timeout_seconds": read_timeout}
    if fhir is not None:
        ehr.update(fhir_base_url=fhir.base_url, auth=auth)
        if auth != "none":
            ehr.update(client_id=client_id, token_url=fhir.token_url)
    return Config.from_mapping(
        {
            "ehr": ehr,
            "portal": {"api_url": portal_url, "resend_on_follow_up": resend},
            "kiosk": {"sync_interval_seconds": 2},
        }
    )


def create_patient(
    srv: Any, given: str, family: str, birth: str, mrn: str, telecom: list | None = None
) -> str:
    resource = {
        "resourceType": "Patient",
        "identifier": [{"system": MRN_SYSTEM, "value": mrn}],
        "name": [{"use": "official", "family": family, "given": [given]}],
        "birthDate": birth,
        "telecom": telecom or [],
    }
    r = requests.post(
        srv.base_url + "/Patient", json=resource, headers=srv.auth_headers(), timeout=10
    )
    r.raise_for_status()
    return r.json()["id"]


def enroll(
    store: Store,
    patient: Patient,
    *,
    channel: Channel = Channel.EMAIL,
    email: str | None = "pat@example.org",
    mobile: str | None = "+12135550142",
    first_login: bool = True,
    finished_at: datetime | None = None,
) -> Enrollment:
    """A receptionist's full enrollment through the domain rules, written to the store."""
    now = finished_at or utcnow()
    e = store.apply(Enrollment.start("staff-1", patient, now=now - timedelta(minutes=2)))
    e = store.apply(
        e.capture_contact(
            email=email,
            mobile=mobile,
            channel=channel,
            sms_consent=channel == Channel.SMS,
            privacy_ack=True,
            now=now - timedelta(minutes=2),
        )
    )
    e = store.apply(e.send_invitation(now=now - timedelta(minutes=1)))
    if first_login:
        e = store.apply(e.complete_step(StepId.FIRST_LOGIN, "portal-confirmed", now=now))
    e = store.apply(e.complete_step(StepId.FEATURE_DEMO, "messaging", now=now))
    return store.apply(e.finish(7, now=now))


def decline(store: Store, patient: Patient, reason: DeclineReason) -> Enrollment:
    e = store.apply(Enrollment.start("staff-1", patient))
    text = "Prefers to call the office" if reason == DeclineReason.OTHER else None
    help_at = (
        "2030-05-01T15:00:00Z" if reason == DeclineReason.NOT_COMFORTABLE_WITH_COMPUTERS else None
    )
    return store.apply(e.decline(reason, text=text, help_session_at=help_at))


def drain(engine: OutboxEngine, timeout: float = 30.0) -> list:
    """Run passes until nothing is queued or sending, except items waiting behind a dead
    letter of the same enrollment (delivery is in order per enrollment)."""
    results = []
    deadline = time.monotonic() + timeout
    while True:
        result = engine.run_pass()
        results.append(result)
        counts = result.counts
        blocked = engine.store.conn.execute(
            "SELECT count(*) FROM outbox o WHERE state='queued' AND EXISTS (SELECT 1 FROM "
            "outbox d WHERE d.enrollment_id=o.enrollment_id AND d.seq<o.seq AND d.state='dead')"
        ).fetchone()[0]
        if counts.get("queued", 0) + counts.get("sending", 0) == blocked:
            return results
        if time.monotonic() > deadline:
            raise AssertionError(f"outbox not drained in {timeout}s: {counts}")
        time.sleep(0.25)


def count_on_server(srv: Any, resource_type: str, value: str) -> int:
    """How many resources carry the outbox key `value` (Provenance: as a meta.tag)."""
    param = "_tag" if resource_type == "Provenance" else "identifier"
    r = requests.get(
        f"{srv.base_url}/{resource_type}",
        params={param: f"{OUTBOX_SYSTEM}|{value}", "_count": "1000"},
        headers=srv.auth_headers(),
        timeout=10,
    )
    r.raise_for_status()
    return len(
        [
            e
            for e in r.json().get("entry") or []
            if e.get("search", {}).get("mode", "match") == "match"
        ]
    )


def resources_on_server(srv: Any, resource_type: str) -> list[dict[str, Any]]:
    r = requests.get(
        f"{srv.base_url}/{resource_type}",
        params={"_count": "5000"},
        headers=srv.auth_headers(),
        timeout=30,
    )
    r.raise_for_status()
    return [e["resource"] for e in r.json().get("entry") or []]


def assert_exactly_once(srv: Any, store: Store, expected_dead: int = 0) -> None:
    """Every sent outbox item is on the server exactly once; nothing else is pending."""
    counts = store.outbox_counts()
    assert counts["queued"] == 0 and counts["sending"] == 0, counts
    assert counts["dead"] == expected_dead, counts
    by_key: dict[str, int] = {}
    for kind in ("Task", "Communication"):
        for res in resources_on_server(srv, kind):
            for ident in res.get("identifier") or []:
                if ident.get("system") == OUTBOX_SYSTEM:
                    by_key[ident["value"]] = by_key.get(ident["value"], 0) + 1
    duplicates = {k: n for k, n in by_key.items() if n > 1}
    assert not duplicates, duplicates
    rows = store.conn.execute("SELECT id, kind FROM outbox WHERE state='sent'").fetchall()
    for item_id, kind in rows:
        if kind == "ehr.enrollment-record" or kind == "ehr.follow-up":
            assert by_key.get(item_id) == 1, (item_id, kind)
        if kind == "portal.invitation":
            assert by_key.get(item_id) == 1, (item_id, kind)
    tags: dict[str, int] = {}
    for res in resources_on_server(srv, "Provenance"):
        for tag in (res.get("meta") or {}).get("tag") or []:
            if tag.get("system") == OUTBOX_SYSTEM:
                tags[tag["code"]] = tags.get(tag["code"], 0) + 1
    assert not {k: n for k, n in tags.items() if n > 1}
