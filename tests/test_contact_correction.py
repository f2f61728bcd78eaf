"""A contact corrected after the first capture was already sent still reaches the EHR, and the
mistyped value is marked ended there, never deleted (real store + real FHIR engine)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from servers import FhirServer

from kiosk.enrollment import Channel, Enrollment, OutboxKind, Patient
from kiosk.ports import NoPortal
from kiosk.store import Store
from kiosk.sync.engine import OutboxEngine
from kiosk.sync.fhir import FhirClient, merge_telecom
from kiosk.sync.mapping import MappingContext


@pytest.fixture(scope="module")
def server():
    srv = FhirServer()
    srv.start(auth=False)
    yield srv
    srv.stop()


def contact_items(store: Store, enrollment_id: str) -> list[dict]:
    return [i for i in store.outbox_items(enrollment_id) if i["kind"] == OutboxKind.PATIENT_CONTACT]


def test_merge_marks_a_replaced_value_ended_and_keeps_it():
    patient = {
        "telecom": [
            {"system": "email", "value": "ana@gmial.com", "rank": 1},
            {"system": "phone", "value": "+12135550100", "use": "home"},
        ]
    }
    merged, changed = merge_telecom(
        patient, "ana@gmail.com", None, "email", {"email": "ana@gmial.com"}, "2026-11-23"
    )
    assert changed
    old, home, new = merged["telecom"]
    assert old == {"system": "email", "value": "ana@gmial.com", "period": {"end": "2026-11-23"}}
    assert home == {"system": "phone", "value": "+12135550100", "use": "home"}
    assert new["value"] == "ana@gmail.com" and new["rank"] == 1
    again, changed_again = merge_telecom(
        merged, "ana@gmail.com", None, "email", {"email": "ana@gmial.com"}, "2026-11-24"
    )
    assert not changed_again and again["telecom"][0]["period"]["end"] == "2026-11-23"


def test_a_correction_queued_before_sync_supersedes_the_first(store):
    e = store.apply(Enrollment.start("s1", Patient("Ana", "Ruiz", "1980-01-02", ehr_id="p1")))
    e = store.apply(e.capture_contact(email="ana@gmial.com", mobile=None, channel=Channel.EMAIL))
    e = store.apply(e.capture_contact(email="ana@gmail.com", mobile=None, channel=Channel.EMAIL))
    first, second = contact_items(store, e.id)
    assert first["id"] != second["id"]
    assert (first["state"], second["state"]) == ("sent", "queued")  # superseded, not deleted
    claimed = store.claim_due(now=datetime.now(UTC) + timedelta(seconds=5))
    assert [c.payload["email"] for c in claimed] == ["ana@gmail.com"]
    assert claimed[0].payload["replaces"] == {"email": "ana@gmial.com"}


def test_a_correction_after_the_first_was_sent_reaches_the_ehr(tmp_path, server):
    client = FhirClient(server.base_url)
    pid = client.create_conditional(
        {
            "resourceType": "Patient",
            "name": [{"family": "Ruiz", "given": ["Ana"]}],
            "identifier": [{"system": "urn:test", "value": "c1"}],
        },
        "identifier=urn:test|c1",
    )["id"]
    with Store(tmp_path / "k.sqlite3") as store:
        engine = OutboxEngine(
            store, client, NoPortal("https://portal.example.org"), MappingContext("urn:test")
        )
        e = store.apply(Enrollment.start("s1", Patient("Ana", "Ruiz", "1980-01-02", ehr_id=pid)))
        e = store.apply(
            e.capture_contact(email="ana@gmial.com", mobile=None, channel=Channel.EMAIL)
        )
        engine.run_pass()
        e = store.apply(
            e.capture_contact(email="ana@gmail.com", mobile=None, channel=Channel.EMAIL)
        )
        engine.run_pass()
        assert [i["state"] for i in contact_items(store, e.id)] == ["sent", "sent"]
    patient, _ = client.read("Patient", pid)
    by_value = {t["value"]: t for t in patient["telecom"]}
    assert by_value["ana@gmail.com"]["rank"] == 1
    assert by_value["ana@gmial.com"]["period"]["end"]  # kept, but no longer current
