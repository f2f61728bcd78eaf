"""Families against the real FHIR engine (Medplum) and the portal reference server: a proxy
lands as one RelatedPerson + one Consent, SMS consent as one Consent with the exact words, the
proxy's invitation goes through /v1/proxy-invitations, and a number that replied STOP is never
texted."""

from __future__ import annotations

import base64
from datetime import date, timedelta

import pytest
import requests
from portal_server import PortalServer
from sync_support import FAST, FhirServer, count_on_server, create_patient, drain, make_config

from kiosk import family, secrets, sms
from kiosk.enrollment import Channel, OutboxKind, Patient, StepId, utcnow
from kiosk.family import AgeTiers, ProxyKind
from kiosk.sync import wiring
from kiosk.sync.family_mapping import PROXY_SYSTEM, SMS_NUMBER_EXTENSION
from kiosk.sync.portal import RestPortalGateway
from kiosk.ui.i18n import catalogue_words

TODAY = date.today()


@pytest.fixture(scope="module")
def srv():
    server = FhirServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def portal():
    server = PortalServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def fresh(srv):
    srv.reset_faults(data=True, tokens=True, stats=True)
    secrets.set_secret("ehr_client_secret", "kiosk-secret")
    secrets.set_secret("portal_api_key", "portal-test-key")
    return srv


def engine_for(store, srv, portal):
    # The catalogue's words, as the app and `kiosk sync` pass them: texts in Spanish.
    config = make_config(srv, portal_url=portal.url)
    return wiring.build_engine(store, config, backoff=FAST, words=catalogue_words)


def search(srv, resource_type: str, **params) -> list[dict]:
    r = requests.get(
        f"{srv.base_url}/{resource_type}",
        params={**params, "_count": "100"},
        headers=srv.auth_headers(),
        timeout=10,
    )
    r.raise_for_status()
    return [e["resource"] for e in r.json().get("entry") or [] if e["search"]["mode"] == "match"]


def born(years: int) -> str:
    return TODAY.replace(year=TODAY.year - years, day=min(TODAY.day, 28)).isoformat()


def child_enrollment(store, patient: Patient, channel=Channel.EMAIL, mobile=None):
    now = utcnow() - timedelta(minutes=3)
    e = store.apply(family.start("staff-1", patient, "es", AgeTiers(), TODAY, now))
    consent = None
    if channel == Channel.SMS:
        words = sms.consent_words(
            "es", "Riverside Family Medicine", "(213) 555-0199", catalogue_words
        )
        consent = family.SmsConsent(mobile, "es", words, "2026-12-02T15:00:00Z", "proxy")
    e = store.apply(
        family.capture_guardian(
            e,
            given_name="Marta",
            family_name="Ruiz",
            relationship="MTH",
            email="marta@example.org" if channel == Channel.EMAIL else None,
            mobile=mobile,
            channel=channel,
            sms_consent=consent,
            now=now,
        )
    )
    e = store.apply(e.send_invitation(now))
    return store.apply(e.finish(7, now + timedelta(minutes=1)))


def test_child_guardian_lands_once_as_related_person_and_consent(fresh, portal, store):
    pid = create_patient(fresh, "Lia", "Ruiz", born(8), "MRN-C1")
    child = Patient("Lia", "Ruiz", born(8), ehr_id=pid, mrn="MRN-C1")
    e = child_enrollment(store, child, Channel.SMS, "+12135550199")
    engine = engine_for(store, fresh, portal)
    before = portal.stats()["proxy_invitations"]
    payloads = store.conn.execute(
        "SELECT id, payload FROM outbox WHERE enrollment_id=?", (e.id,)
    ).fetchall()
    drain(engine)
    assert store.dead_letters() == []
    # As if the kiosk crashed after the server committed but before mark_sent (which drops
    # the payload): every item is sent again, payload and all.
    for item_id, payload in payloads:
        store.conn.execute(
            "UPDATE outbox SET state='queued', payload=? WHERE id=?", (payload, item_id)
        )
    drain(engine)
    assert store.dead_letters() == []

    proxy_id = family.guardian(e).id
    (related,) = search(fresh, "RelatedPerson", identifier=f"{PROXY_SYSTEM}|{proxy_id}")
    assert related["patient"]["reference"] == f"Patient/{pid}"
    coding = related["relationship"][0]["coding"][0]
    assert coding == {
        "system": "http://terminology.hl7.org/CodeSystem/v3-RoleCode",
        "code": "MTH",
        "display": "mother",
    }
    consents = search(fresh, "Consent", patient=f"Patient/{pid}")
    assert len(consents) == 2  # proxy access + the guardian's yes to texts
    access = next(c for c in consents if "provision" in c and "actor" in c["provision"])
    assert access["status"] == "active"
    assert access["scope"]["coding"][0]["code"] == "patient-privacy"
    assert access["provision"]["actor"][0]["reference"]["reference"] == (
        f"RelatedPerson/{related['id']}"
    )
    assert access["performer"][0]["reference"] == f"RelatedPerson/{related['id']}"
    texts = next(c for c in consents if c is not access)
    words = base64.b64decode(texts["sourceAttachment"]["data"]).decode()
    assert "Responda STOP para cancelar." in words
    assert texts["sourceAttachment"]["language"] == "es-US"
    assert texts["extension"][0]["url"] == SMS_NUMBER_EXTENSION
    assert texts["extension"][0]["valueContactPoint"]["value"] == "+12135550199"
    for item in store.outbox_items(e.id):
        if item["kind"] == OutboxKind.PROXY_ACCESS:
            assert count_on_server(fresh, "RelatedPerson", f"{item['id']}:related-person") == 1
            assert count_on_server(fresh, "Consent", f"{item['id']}:consent") == 1
            assert count_on_server(fresh, "Provenance", f"{item['id']}:provenance") == 1
    # The enrollment Task says the access is a proxy's (counted apart from own accounts).
    (task,) = search(fresh, "Task", patient=f"Patient/{pid}")
    access = next(i for i in task["input"] if i["type"]["coding"][0]["code"] == "portal-access")
    assert access["valueCodeableConcept"]["coding"][0]["code"] == "proxy"
    # The invitation went to the guardian as proxy, in one text that fits one segment.
    assert portal.stats()["proxy_invitations"] == before + 1
    (text,) = [t for t in portal.sms_texts() if "familiar" in t]
    assert sms.fits_one_segment(text.replace("{link}", "x" * sms.MAX_LINK))
    assert text.startswith("Riverside Family Medicine: ")


def test_teen_parent_proxy_consent_is_the_teens_with_restricted_data_denied(fresh, portal, store):
    pid = create_patient(fresh, "Tomas", "Vega", born(15), "MRN-T1")
    teen = Patient("Tomas", "Vega", born(15), ehr_id=pid, mrn="MRN-T1")
    now = utcnow() - timedelta(minutes=5)
    e = store.apply(family.start("staff-1", teen, "en", AgeTiers(), TODAY, now))
    e = store.apply(family.record_teen_assent(e, now))
    e = store.apply(
        family.capture_contact(e, email="tomas@example.org", mobile=None, channel=Channel.EMAIL)
    )
    e = store.apply(e.send_invitation())
    e = store.apply(e.complete_step(StepId.FIRST_LOGIN, "portal-confirmed"))
    e = store.apply(e.finish(7))
    e = store.apply(
        family.add_proxy(
            e,
            kind=ProxyKind.PARENT_OF_TEEN,
            given_name="Elena",
            family_name="Vega",
            relationship="MTH",
            email="elena@example.org",
            mobile=None,
            channel=Channel.EMAIL,
            patient_agreed=True,
        )
    )
    before = portal.stats()["proxy_invitations"]
    drain(engine_for(store, fresh, portal))
    assert store.dead_letters() == []
    (consent,) = search(fresh, "Consent", patient=f"Patient/{pid}")
    assert consent["performer"][0]["reference"] == f"Patient/{pid}"  # the teen's own assent
    deny = consent["provision"]["provision"][0]
    assert deny["type"] == "deny" and deny["securityLabel"][0]["code"] == "R"
    assert portal.stats()["proxy_invitations"] == before + 1


def test_a_number_that_replied_stop_is_never_texted_and_staff_see_why(fresh, portal, store):
    number = "+12135550177"
    portal.stop_number(number)
    gateway = RestPortalGateway(portal.url)
    assert gateway.sms_status(number).stopped
    assert not gateway.sms_status("+12135550178").stopped
    child = Patient("Noa", "Diaz", born(6))
    e = child_enrollment(store, child, Channel.SMS, number)
    before = portal.stats()["proxy_invitations"]
    drain(engine_for(store, fresh, portal))
    dead = store.dead_letters()
    assert [d["kind"] for d in dead] == [OutboxKind.PORTAL_INVITATION]
    assert "replied STOP" in dead[0]["last_error"]
    assert number not in dead[0]["last_error"]
    assert portal.stats()["proxy_invitations"] == before
    assert e.id == dead[0]["enrollment_id"]
