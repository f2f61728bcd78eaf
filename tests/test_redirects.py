"""Patient data and keys never follow a redirect to another origin (real HTTP servers).

Two real loopback HTTP servers: the configured one answers 307 pointing at a second one on
another host (127.0.0.2) or another port; the second records everything that reaches it. The
FHIR bundle and the portal's X-Api-Key must never arrive there. A redirect within the same
origin is still followed (servers move their endpoints).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kiosk import secrets
from kiosk.enrollment import Patient
from kiosk.sync.fhir import FhirClient
from kiosk.sync.http import RedirectRefused
from kiosk.sync.portal import RestPortalGateway

PORTAL_KEY = "portal-key-that-must-stay-home"
ANA = Patient("Ana", "Quetzalli-Redirect", "1980-02-03", ehr_id="p-1", mrn="MRN-REDIR-1")
BUNDLE = {
    "resourceType": "Bundle",
    "type": "transaction",
    "entry": [
        {
            "resource": {"resourceType": "Patient", "name": [{"family": ANA.family_name}]},
            "request": {"method": "POST", "url": "Patient"},
        }
    ],
}


class _Server:
    """A tiny real HTTP server; `answer(handler)` decides each response."""

    def __init__(self, host: str, answer) -> None:
        self.received: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                outer.received.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": body,
                    }
                )
                status, headers, payload = answer(self)
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = _any

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.host = host
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _ok_json(_handler) -> tuple[int, dict, bytes]:
    body = {"resourceType": "Bundle", "type": "transaction-response", "entry": []}
    return 200, {"Content-Type": "application/fhir+json"}, json.dumps(body).encode()


@pytest.fixture
def elsewhere() -> Iterator[list[_Server]]:
    """Servers nobody configured: another host (127.0.0.2) and another port on 127.0.0.1."""
    servers = [_Server("127.0.0.2", _ok_json), _Server("127.0.0.1", _ok_json)]
    yield servers
    for server in servers:
        server.stop()


def _redirector(target: str, status: int = 307) -> _Server:
    return _Server("127.0.0.1", lambda h: (status, {"Location": target + h.path}, b""))


@pytest.mark.parametrize("status", [307, 308, 302])
def test_the_fhir_bundle_is_not_resent_to_another_host_or_port(elsewhere, status):
    for other in elsewhere:
        configured = _redirector(other.url, status)
        try:
            client = FhirClient(configured.url + "/fhir/R4")
            with pytest.raises(RedirectRefused) as err:
                client.transaction(BUNDLE)
        finally:
            configured.stop()
        assert other.received == []
        assert [r["method"] for r in configured.received] == ["POST"]
        assert ANA.family_name.encode() in configured.received[0]["body"]
        assert f"redirected to http://{other.host}:{other.port}" in str(err.value)
        assert ANA.family_name not in str(err.value)


def test_the_portal_api_key_and_patient_never_reach_another_host(elsewhere):
    secrets.set_secret("portal_api_key", PORTAL_KEY)
    for other in elsewhere:
        configured = _redirector(other.url)
        try:
            gateway = RestPortalGateway(configured.url + "/api/v1")
            with pytest.raises(RedirectRefused):
                gateway.send_invitation(ANA, "ana@example.org", None, "email", "en", "key-1")
            with pytest.raises(RedirectRefused):
                gateway.account_status(ANA, "e-1")
        finally:
            configured.stop()
        assert other.received == []
        assert len(configured.received) == 2
        assert all(r["headers"]["X-Api-Key"] == PORTAL_KEY for r in configured.received)


def test_a_scheme_relative_or_backslash_redirect_is_refused_too(elsewhere):
    other = elsewhere[0]
    for location in (f"//{other.host}:{other.port}", f"/\\{other.host}:{other.port}"):
        configured = _Server("127.0.0.1", lambda h, loc=location: (307, {"Location": loc}, b""))
        try:
            with pytest.raises(RedirectRefused):
                FhirClient(configured.url + "/fhir/R4").transaction(BUNDLE)
        finally:
            configured.stop()
    assert other.received == []


def test_a_redirect_within_the_same_origin_is_followed():
    def answer(handler):
        if handler.path.startswith("/old/"):
            return 307, {"Location": "/new/" + handler.path[len("/old/") :]}, b""
        return _ok_json(handler)

    server = _Server("127.0.0.1", answer)
    try:
        result = FhirClient(server.url + "/old/fhir").transaction(BUNDLE)
    finally:
        server.stop()
    assert result["type"] == "transaction-response"
    assert [(r["method"], r["path"]) for r in server.received] == [
        ("POST", "/old/fhir/"),
        ("POST", "/new/fhir/"),
    ]
    assert ANA.family_name.encode() in server.received[1]["body"]


def test_clients_refuse_an_address_the_parsers_read_differently():
    with pytest.raises(ValueError, match="backslashes"):
        FhirClient("http://127.0.0.2:18083\\@127.0.0.1/fhir/R4")
    with pytest.raises(ValueError, match="encrypted"):
        RestPortalGateway("http://portal.example.org/api")


def test_the_token_request_and_client_secret_stay_home(elsewhere):
    """The OAuth2 token request (client secret in HTTP Basic, or a signed client assertion in
    the form body) is not re-sent to the server a 307 names."""
    from kiosk.sync.auth import ClientSecretAuth
    from kiosk.sync.http import AuthError, Timeouts, make_session

    secrets.set_secret("ehr_client_secret", "token-secret-stays-home")
    other = elsewhere[0]
    configured = _redirector(other.url)
    try:
        auth = ClientSecretAuth(
            make_session(), configured.url + "/oauth2/token", "kiosk", "system/*.rs", Timeouts()
        )
        with pytest.raises(AuthError, match=f"redirected to http://{other.host}:{other.port}"):
            auth.headers()
    finally:
        configured.stop()
    assert other.received == []
    assert configured.received[0]["headers"]["Authorization"].startswith("Basic ")
