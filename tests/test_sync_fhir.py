"""The FHIR client against the real Medplum test server: OAuth2 both ways, search, telecom."""

from __future__ import annotations

import keyring
import pytest
import requests
from sync_support import MRN_SYSTEM, FhirServer, create_patient, make_config

from kiosk import secrets
from kiosk.ports import PatientQuery, ServiceUnavailable
from kiosk.sync import wiring
from kiosk.sync.fhir import FhirPatientDirectory
from kiosk.sync.http import AuthError, OfflineError

try:
    from tests.servers import generate_ec_keypair, generate_rsa_keypair
except ImportError:
    from servers import generate_ec_keypair, generate_rsa_keypair  # type: ignore[no-redef]

JWT_CLIENT = "kiosk-backend"


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keys")
    return generate_rsa_keypair(folder), generate_ec_keypair(folder)


@pytest.fixture(scope="module")
def srv(keys, tmp_path_factory):
    rsa, ec = keys
    jwks = tmp_path_factory.mktemp("jwks") / "jwks.json"
    import json

    jwks.write_text(json.dumps({"keys": [rsa.public_jwk(), ec.public_jwk()]}))
    server = FhirServer(jwt_client_id=JWT_CLIENT, jwt_public_key=jwks)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def fresh(srv):
    srv.reset_faults(data=True, tokens=True, stats=True)
    return srv


def test_client_secret_token_is_cached_and_a_401_refreshes_once(fresh):
    secrets.set_secret("ehr_client_secret", "kiosk-secret")
    client = wiring.fhir_client(make_config(fresh))
    for _ in range(3):
        client.search("Patient", {"family": "Nobody"})
    assert fresh.stats()["tokens_issued"] == 1
    fresh.set_faults(revoke_tokens=True)  # the EHR revokes every token it issued
    assert client.search("Patient", {"family": "Nobody"}) == []
    assert fresh.stats()["tokens_issued"] == 2


def test_a_wrong_secret_is_an_auth_error_that_never_shows_the_secret(fresh, memory_keyring):
    keyring.set_password(secrets.SERVICE, "ehr_client_secret", "wrong-S3CRET-value")
    client = wiring.fhir_client(make_config(fresh))
    with pytest.raises(AuthError) as info:
        client.search("Patient", {"family": "Nobody"})
    assert "wrong-S3CRET-value" not in str(info.value)
    secrets.delete_secret("ehr_client_secret")
    with pytest.raises(AuthError, match="kiosk credentials set ehr_client_secret"):
        wiring.fhir_client(make_config(fresh)).search("Patient", {"family": "Nobody"})


@pytest.mark.parametrize("which", ["rsa", "ec"])
def test_private_key_jwt_with_a_key_from_the_keyring(fresh, keys, which):
    pair = keys[0] if which == "rsa" else keys[1]
    secrets.set_secret("ehr_private_key", pair.private_pem.decode())
    secrets.set_secret("ehr_private_key_id", pair.kid)
    config = make_config(fresh, auth="private_key_jwt", client_id=JWT_CLIENT)
    client = wiring.fhir_client(config)
    create_patient(fresh, "Lena", "Okafor", "1990-04-05", "M-1")
    assert len(client.search("Patient", {"family": "Okafor"})) == 1
    client.search("Patient", {"family": "Okafor"})
    assert client.auth.tokens_fetched == 1


def test_patient_search_by_name_and_birth_date_and_by_mrn(fresh):
    secrets.set_secret("ehr_client_secret", "kiosk-secret")
    ana = create_patient(fresh, "Ana", "Garcia", "1980-02-03", "MRN-100")
    create_patient(fresh, "Ana", "Garcia", "1999-09-09", "MRN-101")
    create_patient(fresh, "Luis", "Garcia", "1980-02-03", "MRN-102")
    directory, _ = wiring.build_ports(make_config(fresh))
    searches_before = fresh.log_tail(10_000).count("POST /fhir/R4/Patient/_search 200")
    found = directory.search(PatientQuery(family="Garcia", given="Ana", birth_date="1980-02-03"))
    assert [(p.ehr_id, p.mrn, p.given_name, p.birth_date) for p in found] == [
        (ana, "MRN-100", "Ana", "1980-02-03")
    ]
    by_mrn = directory.search(PatientQuery(mrn="MRN-102"))
    assert [(p.given_name, p.family_name) for p in by_mrn] == [("Luis", "Garcia")]
    assert directory.search(PatientQuery(mrn="MRN-999")) == []
    # Every search went as POST Patient/_search with a form body: no name, birth date or MRN
    # in any URL (the server's request log shows each method and path it served).
    assert fresh.stats()["by_type"].get("POST Patient 200") == 3
    assert not any(k.startswith("GET Patient") for k in fresh.stats()["by_type"])
    served = fresh.log_tail(10_000)
    assert served.count("POST /fhir/R4/Patient/_search 200") == searches_before + 3


def test_search_sends_no_patient_value_in_any_url(fresh):
    """The client side of the same promise: the request that left the kiosk had an empty
    query string and carried the values only in its form body."""
    secrets.set_secret("ehr_client_secret", "kiosk-secret")
    sent: list[requests.PreparedRequest] = []
    client = wiring.fhir_client(make_config(fresh))
    client.session.hooks["response"].append(lambda r, *a, **k: sent.append(r.request))
    create_patient(fresh, "Zoraida", "Quintanilla", "1977-07-17", "MRN-777")
    directory = FhirPatientDirectory(client, MRN_SYSTEM)
    found = directory.search(PatientQuery(family="Quintanilla", birth_date="1977-07-17"))
    assert [p.mrn for p in found] == ["MRN-777"]
    searches = [r for r in sent if "/fhir/R4/" in r.path_url]
    assert [(r.method, r.path_url) for r in searches] == [("POST", "/fhir/R4/Patient/_search")]
    assert searches[0].headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert "family=Quintanilla" in searches[0].body
    assert "birthdate=1977-07-17" in searches[0].body


def test_search_while_the_ehr_is_unreachable_says_enter_by_hand(fresh):
    config = make_config(fresh, auth="none")
    client = wiring.fhir_client(config)
    client.base_url = "http://127.0.0.1:9/fhir/R4"  # discard port: nothing listens
    with pytest.raises(OfflineError):
        client.search("Patient", {"family": "X"})
    from kiosk.sync.fhir import FhirPatientDirectory

    with pytest.raises(ServiceUnavailable, match="(?i)enter the patient by hand"):
        FhirPatientDirectory(client, MRN_SYSTEM).search(PatientQuery(family="X"))


def test_telecom_merge_keeps_existing_entries_and_retries_after_a_conflict(fresh):
    secrets.set_secret("ehr_client_secret", "kiosk-secret")
    existing = [
        {"system": "phone", "value": "+1 213 555 0100", "use": "home", "rank": 1},
        {"system": "email", "value": "old@example.org", "use": "work"},
    ]
    pid = create_patient(fresh, "Mia", "Chen", "1975-06-07", "MRN-7", existing)
    client = wiring.fhir_client(make_config(fresh))
    changes = []

    def concurrent_edit(patient):
        """The EHR's own staff edit the Patient between our read and our write (once)."""
        if changes:
            return
        edited = dict(patient)
        edited["telecom"] = [*patient["telecom"], {"system": "fax", "value": "+12135550177"}]
        r = requests.put(
            f"{fresh.base_url}/Patient/{pid}", json=edited, headers=fresh.auth_headers(), timeout=10
        )
        r.raise_for_status()
        changes.append(r.json()["meta"]["versionId"])

    result = client.merge_telecom(pid, "mia@example.org", "+12135550188", "sms", concurrent_edit)
    assert result["changed"] and result["attempts"] == 2
    patient, _ = client.read("Patient", pid)
    telecom = patient["telecom"]
    values = {(t["system"], t["value"]) for t in telecom}
    assert {
        ("phone", "+1 213 555 0100"),
        ("email", "old@example.org"),
        ("fax", "+12135550177"),  # the concurrent edit survived
        ("email", "mia@example.org"),
        ("phone", "+12135550188"),
    } == values
    mobile = next(t for t in telecom if t["value"] == "+12135550188")
    assert mobile["use"] == "mobile" and mobile["rank"] == 1
    assert next(t for t in telecom if t["value"] == "+1 213 555 0100")["rank"] == 2
    # Idempotent: the same merge again changes nothing and makes no new version.
    again = client.merge_telecom(pid, "MIA@example.org", "(213) 555-0188", "sms")
    assert again == {
        "patient_version": patient["meta"]["versionId"],
        "changed": False,
        "attempts": 1,
    }
