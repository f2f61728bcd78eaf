"""Smoke tests proving tests/fhir_server is a real FHIR R4 server with real OAuth2.

Plain ``requests`` against a real ``node server.mjs`` subprocess on 127.0.0.1.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import jwt
import pytest
import requests

try:
    from tests.servers import (
        FhirServer,
        generate_ec_keypair,
        generate_rsa_keypair,
        sign_client_assertion,
    )
except ImportError:  # tests/ not importable as a package
    from servers import (  # type: ignore[no-redef]
        FhirServer,
        generate_ec_keypair,
        generate_rsa_keypair,
        sign_client_assertion,
    )

FHIR_JSON = "application/fhir+json"
JWT_CLIENT = "kiosk-jwt"
TIMEOUT = 10
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


@pytest.fixture(scope="module")
def keypair(tmp_path_factory: pytest.TempPathFactory):
    return generate_rsa_keypair(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="module")
def server(keypair):
    srv = FhirServer(jwt_client_id=JWT_CLIENT, jwt_public_key=keypair.public_path)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture()
def session(server):
    server.reset_faults()
    s = requests.Session()
    s.headers.update(
        {
            "Authorization": f"Bearer {server.get_token()}",
            "Content-Type": FHIR_JSON,
            "Accept": FHIR_JSON,
        }
    )
    yield s
    s.close()


def uid() -> str:
    return uuid.uuid4().hex[:12]


def patient(family: str, mrn: str | None = None, birth: str = "1984-07-15", **extra):
    res = {
        "resourceType": "Patient",
        "name": [{"family": family, "given": ["Ada"]}],
        "birthDate": birth,
        "gender": "female",
    }
    if mrn:
        res["identifier"] = [{"system": "urn:oid:2.16.840.1.113883.99.1", "value": mrn}]
    res.update(extra)
    return res


def diagnostics(resp: requests.Response) -> str:
    body = resp.json()
    assert body["resourceType"] == "OperationOutcome", body
    return " | ".join(i.get("diagnostics", "") for i in body["issue"])


# --------------------------------------------------------------------- auth
def test_token_client_secret_basic(server):
    resp = requests.post(
        server.token_url,
        data={"grant_type": "client_credentials"},
        auth=(server.client_id, server.client_secret),
        timeout=TIMEOUT,
    )
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["token_type"] == "Bearer" and body["access_token"] and body["expires_in"] == 300
    assert "scope" in body
    ok = requests.get(
        server.base_url + "/Patient",
        headers={"Authorization": f"Bearer {body['access_token']}"},
        timeout=TIMEOUT,
    )
    assert ok.status_code == 200

    bad = requests.post(
        server.token_url,
        data={"grant_type": "client_credentials"},
        auth=(server.client_id, "wrong"),
        timeout=TIMEOUT,
    )
    assert bad.status_code == 401 and bad.json()["error"] == "invalid_client"


def _assertion(keypair, server, **overrides):
    now = int(time.time())
    claims = {
        "iss": JWT_CLIENT,
        "sub": JWT_CLIENT,
        "aud": server.token_url,
        "exp": now + 240,
        "iat": now,
        "jti": uuid.uuid4().hex,
    }
    claims.update(overrides)
    return jwt.encode(claims, keypair.private_pem, algorithm="RS384", headers={"kid": keypair.kid})


def _jwt_token_request(server, assertion):
    return requests.post(
        server.token_url,
        timeout=TIMEOUT,
        data={
            "grant_type": "client_credentials",
            "scope": "system/Patient.rs",
            "client_assertion_type": JWT_BEARER,
            "client_assertion": assertion,
        },
    )


def test_token_private_key_jwt(server, keypair, tmp_path):
    assertion = _assertion(keypair, server)
    resp = _jwt_token_request(server, assertion)
    assert resp.status_code == 200, resp.text
    assert resp.json()["scope"] == "system/Patient.rs"
    token = resp.json()["access_token"]
    ok = requests.get(
        server.base_url + "/Patient", headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT
    )
    assert ok.status_code == 200

    # replayed jti, wrong audience, expired, wrong key -> invalid_client
    assert _jwt_token_request(server, assertion).status_code == 401
    assert (
        _jwt_token_request(server, _assertion(keypair, server, aud="http://evil/token")).status_code
        == 401
    )
    assert (
        _jwt_token_request(
            server, _assertion(keypair, server, exp=int(time.time()) - 5)
        ).status_code
        == 401
    )
    other = generate_rsa_keypair(tmp_path)
    forged = jwt.encode(
        {
            "iss": JWT_CLIENT,
            "sub": JWT_CLIENT,
            "aud": server.token_url,
            "exp": int(time.time()) + 60,
            "jti": uid(),
        },
        other.private_pem,
        algorithm="RS384",
    )
    resp = _jwt_token_request(server, forged)
    assert resp.status_code == 401 and resp.json()["error"] == "invalid_client"


def test_token_es384_with_jwks_file(tmp_path):
    pair = generate_ec_keypair(tmp_path)
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [pair.public_jwk()]}))
    with FhirServer(client_id=None, jwt_client_id="es-client", jwt_public_key=jwks) as srv:
        assertion = sign_client_assertion(
            pair.private_pem, "es-client", srv.token_url, alg="ES384", kid=pair.kid
        )
        resp = requests.post(
            srv.token_url,
            timeout=TIMEOUT,
            data={
                "grant_type": "client_credentials",
                "client_assertion_type": JWT_BEARER,
                "client_assertion": assertion,
            },
        )
        assert resp.status_code == 200, resp.text
        # a tampered signature must not verify
        bad = assertion.split(".")
        assert (
            requests.post(
                srv.token_url,
                timeout=TIMEOUT,
                data={
                    "grant_type": "client_credentials",
                    "client_assertion_type": JWT_BEARER,
                    "client_assertion": ".".join(bad[:2] + [bad[2][::-1]]),
                },
            ).status_code
            == 401
        )


def test_fhir_requires_bearer_token(server):
    server.reset_faults()
    resp = requests.get(server.base_url + "/Patient", timeout=TIMEOUT)
    assert resp.status_code == 401
    assert "Bearer" in diagnostics(resp)
    resp = requests.get(
        server.base_url + "/Patient", headers={"Authorization": "Bearer nope"}, timeout=TIMEOUT
    )
    assert resp.status_code == 401
    meta = requests.get(server.base_url + "/metadata", timeout=TIMEOUT)  # public, as FHIR requires
    assert meta.status_code == 200 and meta.json()["resourceType"] == "CapabilityStatement"
    assert meta.json()["fhirVersion"] == "4.0.1"


def test_revoked_tokens_get_401(server, session):
    assert session.get(server.base_url + "/Patient", timeout=TIMEOUT).status_code == 200
    server.set_faults(revoke_tokens=True)
    assert session.get(server.base_url + "/Patient", timeout=TIMEOUT).status_code == 401


# --------------------------------------------------------------------- CRUD/search
def test_create_and_search(server, session):
    family = "Smoke" + uid()
    resp = session.post(
        server.base_url + "/Patient", json=patient(family, mrn=uid()), timeout=TIMEOUT
    )
    assert resp.status_code == 201, resp.text
    assert resp.headers["Content-Type"].startswith(FHIR_JSON)
    created = resp.json()
    assert resp.headers["ETag"] == f'W/"{created["meta"]["versionId"]}"'
    assert resp.headers["Location"].startswith(f"{server.base_url}/Patient/{created['id']}")

    found = session.get(
        server.base_url + "/Patient",
        params={"family": family, "birthdate": "1984-07-15"},
        timeout=TIMEOUT,
    ).json()
    assert found["resourceType"] == "Bundle" and found["total"] == 1
    assert found["entry"][0]["resource"]["id"] == created["id"]
    none = session.get(
        server.base_url + "/Patient",
        params={"family": family, "birthdate": "1984-07-16"},
        timeout=TIMEOUT,
    ).json()
    assert none["total"] == 0

    ident = created["identifier"][0]
    by_id = session.get(
        server.base_url + "/Patient",
        params={"identifier": f"{ident['system']}|{ident['value']}"},
        timeout=TIMEOUT,
    ).json()
    assert [e["resource"]["id"] for e in by_id["entry"]] == [created["id"]]

    read = session.get(f"{server.base_url}/Patient/{created['id']}", timeout=TIMEOUT)
    assert read.status_code == 200 and read.json()["name"][0]["family"] == family
    assert (
        session.get(
            server.base_url + "/Patient", params={"nosuchparam": "x"}, timeout=TIMEOUT
        ).status_code
        == 400
    )


def test_conditional_create_header(server, session):
    mrn = uid()
    system = "urn:oid:2.16.840.1.113883.99.1"
    headers = {"If-None-Exist": f"identifier={system}|{mrn}"}
    first = session.post(
        server.base_url + "/Patient", json=patient("Cond", mrn), headers=headers, timeout=TIMEOUT
    )
    second = session.post(
        server.base_url + "/Patient", json=patient("Cond", mrn), headers=headers, timeout=TIMEOUT
    )
    assert first.status_code == 201, first.text
    assert second.status_code == 200, second.text
    assert second.json()["id"] == first.json()["id"]
    found = session.get(
        server.base_url + "/Patient", params={"identifier": f"{system}|{mrn}"}, timeout=TIMEOUT
    )
    assert found.json()["total"] == 1


def _enrollment_bundle(mrn: str, task_id: str):
    p_url, t_url = f"urn:uuid:{uuid.uuid4()}", f"urn:uuid:{uuid.uuid4()}"
    return {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {
                "fullUrl": p_url,
                "resource": patient("Tx", mrn),
                "request": {
                    "method": "POST",
                    "url": "Patient",
                    "ifNoneExist": f"identifier=urn:oid:2.16.840.1.113883.99.1|{mrn}",
                },
            },
            {
                "fullUrl": t_url,
                "resource": {
                    "resourceType": "Task",
                    "status": "requested",
                    "intent": "order",
                    "identifier": [{"system": "urn:kiosk:task", "value": task_id}],
                    "for": {"reference": p_url},
                },
                "request": {
                    "method": "POST",
                    "url": "Task",
                    "ifNoneExist": f"identifier=urn:kiosk:task|{task_id}",
                },
            },
        ],
    }


def test_transaction_if_none_exist_twice(server, session):
    mrn, task_id = uid(), uid()
    first = session.post(
        server.base_url + "/", json=_enrollment_bundle(mrn, task_id), timeout=TIMEOUT
    )
    assert first.status_code == 200, first.text
    assert first.json()["type"] == "transaction-response"
    assert [e["response"]["status"][:3] for e in first.json()["entry"]] == ["201", "201"]
    second = session.post(
        server.base_url + "/", json=_enrollment_bundle(mrn, task_id), timeout=TIMEOUT
    )
    assert [e["response"]["status"][:3] for e in second.json()["entry"]] == ["200", "200"]
    pats = session.get(
        server.base_url + "/Patient",
        params={"identifier": f"urn:oid:2.16.840.1.113883.99.1|{mrn}"},
        timeout=TIMEOUT,
    ).json()
    tasks = session.get(
        server.base_url + "/Task",
        params={"identifier": f"urn:kiosk:task|{task_id}"},
        timeout=TIMEOUT,
    ).json()
    assert pats["total"] == 1 and tasks["total"] == 1
    # urn:uuid reference rewritten to the real Patient id
    assert (
        tasks["entry"][0]["resource"]["for"]["reference"]
        == f"Patient/{pats['entry'][0]['resource']['id']}"
    )


def test_transaction_is_atomic(server, session):
    mrn = uid()
    bundle = _enrollment_bundle(mrn, uid())
    bundle["entry"].append(
        {
            "resource": {"resourceType": "Communication", "status": "bogus"},
            "request": {"method": "POST", "url": "Communication"},
        }
    )
    resp = session.post(server.base_url + "/", json=bundle, timeout=TIMEOUT)
    assert resp.status_code == 400
    assert "bogus" in diagnostics(resp)
    pats = session.get(
        server.base_url + "/Patient",
        params={"identifier": f"urn:oid:2.16.840.1.113883.99.1|{mrn}"},
        timeout=TIMEOUT,
    ).json()
    assert pats["total"] == 0


def test_if_match_mismatch_412(server, session):
    created = session.post(
        server.base_url + "/Patient", json=patient("Ver", uid()), timeout=TIMEOUT
    ).json()
    url = f"{server.base_url}/Patient/{created['id']}"
    v1 = created["meta"]["versionId"]
    upd = dict(created, gender="male")
    ok = session.put(url, json=upd, headers={"If-Match": f'W/"{v1}"'}, timeout=TIMEOUT)
    assert ok.status_code == 200, ok.text
    assert ok.headers["ETag"] != f'W/"{v1}"'
    stale = session.put(
        url, json=dict(created, gender="other"), headers={"If-Match": f'W/"{v1}"'}, timeout=TIMEOUT
    )
    assert stale.status_code == 412
    assert "version" in diagnostics(stale).lower()
    assert session.get(url, timeout=TIMEOUT).json()["gender"] == "male"


@pytest.mark.parametrize(
    ("resource", "needle"),
    [
        ({"resourceType": "Patient", "gender": "robot"}, "robot"),
        ({"resourceType": "Task", "intent": "order"}, "Task.status"),
        ({"resourceType": "Communication", "status": "bogus"}, "bogus"),
        ({"resourceType": "Patient", "birthDate": "1984-13-45"}, "birthDate"),
        ({"resourceType": "Patient", "favouriteColour": "blue"}, "favouriteColour"),
    ],
)
def test_invalid_resources_rejected(server, session, resource, needle):
    resp = session.post(
        f"{server.base_url}/{resource['resourceType']}", json=resource, timeout=TIMEOUT
    )
    assert resp.status_code == 400, resp.text
    assert needle in diagnostics(resp)


def test_dangling_reference_rejected(server, session):
    task = {
        "resourceType": "Task",
        "status": "requested",
        "intent": "order",
        "for": {"reference": "Patient/missing"},
    }
    resp = session.post(server.base_url + "/Task", json=task, timeout=TIMEOUT)
    assert resp.status_code == 400 and "Patient/missing" in diagnostics(resp)


# --------------------------------------------------------------------- faults
def test_503_burst_with_retry_after(server, session):
    server.set_faults(fail_next=3, status=503, retry_after=1)
    statuses = []
    for _ in range(4):
        resp = session.get(server.base_url + "/Patient", params={"_count": "1"}, timeout=TIMEOUT)
        statuses.append(resp.status_code)
        if resp.status_code == 503:
            assert resp.headers["Retry-After"] == "1"
            assert resp.json()["resourceType"] == "OperationOutcome"
    assert statuses == [503, 503, 503, 200]
    assert server.stats()["requests"].get("GET 503", 0) >= 3


def test_hang_and_drop(server, session):
    server.set_faults(hang_next=1, hang_ms=300, drop=True)
    with pytest.raises(requests.ConnectionError):
        session.get(server.base_url + "/Patient", timeout=TIMEOUT)
    server.set_faults(hang_next=1, hang_ms=2000)
    with pytest.raises(requests.Timeout):
        session.get(server.base_url + "/Patient", timeout=0.5)
    assert session.get(server.base_url + "/Patient", timeout=TIMEOUT).status_code == 200


def test_lost_response_after_commit_then_conditional_retry(server, session):
    mrn = uid()
    headers = {"If-None-Exist": f"identifier=urn:oid:2.16.840.1.113883.99.1|{mrn}"}
    server.set_faults(hang_next=1, hang_ms=0, drop=True, phase="after")
    with pytest.raises(requests.ConnectionError):
        session.post(
            server.base_url + "/Patient",
            json=patient("Lost", mrn),
            headers=headers,
            timeout=TIMEOUT,
        )
    retry = session.post(
        server.base_url + "/Patient", json=patient("Lost", mrn), headers=headers, timeout=TIMEOUT
    )
    assert retry.status_code == 200  # the first attempt was committed; no duplicate


def test_kill_and_restart_keeps_data(tmp_path: Path):
    data = tmp_path / "fhir-data.json"
    srv = FhirServer(client_id=None, client_secret=None)
    srv.start(auth=False, data_file=data)
    try:
        headers = {"Content-Type": FHIR_JSON}
        created = requests.post(
            srv.base_url + "/Patient",
            json=patient("Durable", uid()),
            headers=headers,
            timeout=TIMEOUT,
        ).json()
        url = f"{srv.base_url}/Patient/{created['id']}"
        updated = requests.put(
            url, json=dict(created, gender="male"), headers=headers, timeout=TIMEOUT
        ).json()
        port = srv.port
        srv.kill()
        assert not srv.is_running()
        srv.restart()
        assert srv.port == port
        again = requests.get(url, timeout=TIMEOUT)
        assert again.status_code == 200
        assert again.json()["meta"]["versionId"] == updated["meta"]["versionId"]
        assert again.json()["gender"] == "male"
        assert srv.stats()["resources"] == {"Patient": 1}
    finally:
        srv.stop()
