"""The portal contract's reference server (docs/portal-api.yaml), a real HTTP process.

Run: python tests/portal_server.py --port 0 --api-key KEY [--data state.json]
It prints `LISTENING <port>` and serves on 127.0.0.1 with the standard library only:
  POST /v1/invitations     (X-Api-Key, Idempotency-Key) -> activation_url, expires_at, username
  POST /v1/account-status  (X-Api-Key) -> status not_invited / invited / active, last_login_at
  POST /v1/usage-summary   (X-Api-Key) {"month": "YYYY-MM"} -> the month's usage, computed
                           from the activity below (docs/portal-api.md)
  POST /v1/card-deliveries (X-Api-Key, Idempotency-Key) -> the card PDF sent by email / text
  POST /v1/proxy-invitations (X-Api-Key, Idempotency-Key) -> a proxy's invitation to a patient
  POST /v1/sms-status      (X-Api-Key) {"mobile"} -> status ok / stopped (the number replied STOP)
  POST /__admin/stop       {"mobile"} -> the number "replies STOP"
  POST /__admin/activate   {"username"} -> the patient "logs in" (status active)
  POST /__admin/activity   {"username", "kind", "at", ...} -> one thing a patient did
  POST /__admin/faults     {"fail_next", "status", "retry_after"}
  GET  /__admin/stats
State is saved to --data after every change (temp file + rename), so it survives a restart.
`PortalServer` below starts and stops it from tests.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import uuid
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import requests

INVITATION_DAYS = 7
LINK_LENGTH = 48  # the longest link this portal puts in a text (docs/portal-api.md)
CARD_MAX_BASE64 = 2_000_000  # about 1.5 MB of PDF


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


class PortalState:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.data: dict[str, Any] = {
            "invitations": {},
            "accounts": {},
            "cards": {},
            "proxies": {},
            "stopped": {},
            "sms_texts": [],
        }
        self.faults: dict[str, Any] = {}
        self.stats = {
            "invitations_created": 0,
            "replays": 0,
            "requests": 0,
            "status_checks": 0,
            "cards_sent": 0,
            "proxy_invitations": 0,
            "sms_refused_stopped": 0,
        }
        if path and path.exists():
            self.data = json.loads(path.read_text("utf-8"))

    def save(self) -> None:
        if not self.path:
            return
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.data), "utf-8")
        os.replace(tmp, self.path)


def account_key(patient: dict[str, Any]) -> str:
    if patient.get("ehr_id"):
        return f"ehr:{patient['ehr_id']}"
    if patient.get("mrn"):
        return f"mrn:{patient['mrn']}"
    parts = (patient.get("family_name"), patient.get("given_name"), patient.get("birth_date"))
    return "pt:" + "|".join((p or "").strip().lower() for p in parts)


def _validate_invitation(body: dict[str, Any]) -> tuple[str, str] | None:
    patient = body.get("patient")
    if not isinstance(patient, dict):
        return "patient", "patient is required"
    for key in ("given_name", "family_name", "birth_date"):
        if not isinstance(patient.get(key), str) or not patient[key].strip():
            return f"patient.{key}", f"patient.{key} is required"
    try:
        datetime.strptime(patient["birth_date"], "%Y-%m-%d")
    except ValueError:
        return "patient.birth_date", "patient.birth_date must be a date (YYYY-MM-DD)"
    channel = body.get("channel")
    if channel not in ("email", "sms"):
        return "channel", "channel must be email or sms"
    if channel == "email" and not body.get("email"):
        return "email", "an email invitation needs an email address"
    if channel == "sms" and not body.get("mobile"):
        return "mobile", "an SMS invitation needs a mobile number"
    if body.get("email") is not None and "@" not in str(body.get("email")):
        return "email", "email is not an email address"
    if body.get("language", "en") not in ("en", "es"):
        return "language", "language must be en or es"
    template = body.get("sms_template")
    if template is not None:
        if channel != "sms":
            return "sms_template", "sms_template is for text-message invitations"
        if not isinstance(template, str) or "{link}" not in template or "STOP" not in template:
            return "sms_template", "sms_template must contain {link} and the STOP instruction"
        if len(template.replace("{link}", "x" * LINK_LENGTH)) > 160:
            return "sms_template", "sms_template is longer than one text message"
    return None


def _validate_proxy(body: dict[str, Any]) -> tuple[str, str] | None:
    proxy = body.get("proxy")
    if not isinstance(proxy, dict):
        return "proxy", "proxy is required"
    for key in ("proxy_id", "given_name", "family_name", "relationship"):
        if not isinstance(proxy.get(key), str) or not proxy[key].strip():
            return f"proxy.{key}", f"proxy.{key} is required"
    if proxy.get("access") not in ("full", "limited"):
        return "proxy.access", "proxy.access must be full or limited"
    return _validate_invitation(body)


FEATURES = {
    "message_sent": "messaging",
    "message_received": "messaging",
    "appointment_booked": "scheduling",
    "result_viewed": "results",
    "payment": "billing",
}


def usage_summary(data: dict[str, Any], month: str) -> dict[str, Any]:
    """The month's usage from the recorded activity (what a portal's own reporting does)."""
    events = [a for a in data.get("activity", []) if str(a.get("at", "")).startswith(month)]
    users: dict[str, set[str]] = {}
    for a in events:
        users.setdefault(a["username"], set())
        if a["kind"] in FEATURES:
            users[a["username"]].add(FEATURES[a["kind"]])
    opened = {
        a["username"]
        for a in data.get("activity", [])
        if a.get("kind") == "account_opened" and str(a["at"])[:7] <= month
    }
    kinds = [a["kind"] for a in events]
    replies = sorted(
        (datetime.fromisoformat(a["at"]) - datetime.fromisoformat(a["reply_to_at"])).total_seconds()
        / 3600
        for a in events
        if a["kind"] == "message_received" and a.get("reply_to_at")
    )
    median = None
    if replies:
        mid = len(replies) // 2
        median = replies[mid] if len(replies) % 2 else (replies[mid - 1] + replies[mid]) / 2
    viewed = [a for a in events if a["kind"] == "result_viewed"]
    return {
        "month": month,
        "accounts_with_access": len(opened),
        "active_users": len(users),
        "multi_feature_users": sum(1 for f in users.values() if len(f) > 1),
        "messages_sent": kinds.count("message_sent"),
        "messages_received": kinds.count("message_received"),
        "median_response_hours": None if median is None else round(median, 2),
        "appointments_booked": kinds.count("appointment_booked"),
        "results_viewed": len(viewed),
        "results_viewed_same_day": sum(
            1 for a in viewed if str(a.get("available_at", ""))[:10] == str(a["at"])[:10]
        ),
        "payments_amount": round(sum(float(a.get("amount", 0)) for a in events), 2),
    }


def make_handler(state: PortalState, api_key: str):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt: str, *args: Any) -> None:  # one line per request, no bodies
            sys.stderr.write(f"{self.command} {self.path.split('?')[0]} {args[1]}\n")

        def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            raw = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(raw)

        def _error(self, status: int, code: str, message: str, **extra: Any) -> None:
            headers = extra.pop("headers", None)
            self._send(status, {"error": {"code": code, "message": message, **extra}}, headers)

        def _body(self) -> dict[str, Any] | None:
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                return None
            return body if isinstance(body, dict) else None

        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/__admin/stats":
                with state.lock:
                    return self._send(200, {**state.stats, "accounts": len(state.data["accounts"])})
            self._error(404, "not_found", "no such endpoint")

        def do_POST(self) -> None:  # noqa: N802
            body = self._body()
            if body is None:
                return self._error(400, "invalid_json", "the body must be a JSON object")
            if self.path.startswith("/__admin/"):
                return self._admin(body)
            with state.lock:
                state.stats["requests"] += 1
                if state.faults.get("fail_next", 0) > 0:
                    state.faults["fail_next"] -= 1
                    status = int(state.faults.get("status", 503))
                    headers = {}
                    if state.faults.get("retry_after") is not None:
                        headers["Retry-After"] = str(state.faults["retry_after"])
                    return self._error(status, "unavailable", "try again later", headers=headers)
            if not secrets.compare_digest(self.headers.get("X-Api-Key", ""), api_key):
                return self._error(401, "unauthorized", "missing or wrong API key")
            if self.path == "/v1/invitations":
                return self._invite(body)
            if self.path == "/v1/account-status":
                return self._status(body)
            if self.path == "/v1/usage-summary":
                return self._usage(body)
            if self.path == "/v1/card-deliveries":
                return self._card(body)
            if self.path == "/v1/proxy-invitations":
                return self._invite(body, proxy=True)
            if self.path == "/v1/sms-status":
                return self._sms_status(body)
            self._error(404, "not_found", "no such endpoint")

        def _sms_status(self, body: dict[str, Any]) -> None:
            mobile = body.get("mobile")
            if not isinstance(mobile, str) or not mobile:
                return self._error(422, "invalid_request", "mobile is required", field="mobile")
            with state.lock:
                stopped_at = state.data.setdefault("stopped", {}).get(mobile)
            if stopped_at:
                return self._send(200, {"status": "stopped", "stopped_at": stopped_at})
            self._send(200, {"status": "ok", "stopped_at": None})

        def _invite(self, body: dict[str, Any], proxy: bool = False) -> None:
            key = self.headers.get("Idempotency-Key", "").strip()
            if not key or len(key) > 255:
                return self._error(400, "idempotency_key_required", "send an Idempotency-Key")
            problem = _validate_proxy(body) if proxy else _validate_invitation(body)
            if problem:
                return self._error(422, "invalid_request", problem[1], field=problem[0])
            digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
            with state.lock:
                if body["channel"] == "sms" and state.data.setdefault("stopped", {}).get(
                    body["mobile"]
                ):
                    state.stats["sms_refused_stopped"] += 1
                    return self._error(
                        409, "sms_stopped", "this number replied STOP; it is not texted"
                    )
                if proxy:
                    return self._invite_proxy(key, body, digest)
                seen = state.data["invitations"].get(key)
                if seen is not None:
                    if seen["request_sha256"] != digest:
                        return self._error(
                            422,
                            "idempotency_key_reused",
                            "this Idempotency-Key was used with a different request",
                        )
                    state.stats["replays"] += 1
                    return self._send(200, seen["response"], {"Idempotent-Replayed": "true"})
                akey = account_key(body["patient"])
                account = state.data["accounts"].setdefault(
                    akey,
                    {
                        "status": "not_invited",
                        "username": f"pt{uuid.uuid4().hex[:8]}",
                        "last_login_at": None,
                    },
                )
                if account["status"] != "active":
                    account["status"] = "invited"
                token = secrets.token_urlsafe(24)
                host = self.headers.get("Host", "127.0.0.1")
                response = {
                    "invitation_id": str(uuid.uuid4()),
                    "activation_url": f"http://{host}/activate/{token}",
                    "expires_at": _iso(_now() + timedelta(days=INVITATION_DAYS)),
                    "username": account["username"],
                    "channel": body["channel"],
                    "account_status": account["status"],
                }
                if body.get("sms_template"):
                    state.data["sms_texts"].append(body["sms_template"])
                state.data["invitations"][key] = {"request_sha256": digest, "response": response}
                state.stats["invitations_created"] += 1
                state.save()
            self._send(201, response)

        def _invite_proxy(self, key: str, body: dict[str, Any], digest: str) -> None:
            """Called with the lock held. A proxy's account for the patient's record."""
            seen = state.data["invitations"].get(key)
            if seen is not None:
                if seen["request_sha256"] != digest:
                    return self._error(
                        422,
                        "idempotency_key_reused",
                        "this Idempotency-Key was used with a different request",
                    )
                state.stats["replays"] += 1
                return self._send(200, seen["response"], {"Idempotent-Replayed": "true"})
            proxy = body["proxy"]
            record = state.data.setdefault("proxies", {}).setdefault(
                proxy["proxy_id"],
                {
                    "status": "not_invited",
                    "username": f"px{uuid.uuid4().hex[:8]}",
                    "last_login_at": None,
                    "patient": account_key(body["patient"]),
                    "relationship": proxy["relationship"],
                    "access": proxy["access"],
                },
            )
            if record["status"] != "active":
                record["status"] = "invited"
            token = secrets.token_urlsafe(12)
            host = self.headers.get("Host", "127.0.0.1")
            response = {
                "invitation_id": str(uuid.uuid4()),
                "activation_url": f"http://{host}/p/{token}",
                "expires_at": _iso(_now() + timedelta(days=INVITATION_DAYS)),
                "username": record["username"],
                "channel": body["channel"],
                "account_status": record["status"],
                "proxy_id": proxy["proxy_id"],
                "access": proxy["access"],
            }
            if body.get("sms_template"):
                state.data["sms_texts"].append(body["sms_template"])
            state.data["invitations"][key] = {"request_sha256": digest, "response": response}
            state.stats["proxy_invitations"] += 1
            state.save()
            self._send(201, response)

        def _card(self, body: dict[str, Any]) -> None:
            key = self.headers.get("Idempotency-Key", "").strip()
            if not key or len(key) > 255:
                return self._error(400, "idempotency_key_required", "send an Idempotency-Key")
            problem = _validate_invitation(body)
            if problem:
                return self._error(422, "invalid_request", problem[1], field=problem[0])
            document = body.get("document")
            if not isinstance(document, dict) or document.get("content_type") != "application/pdf":
                return self._error(
                    422, "invalid_request", "document must be a PDF", field="document"
                )
            encoded = str(document.get("content_base64") or "")
            if len(encoded) > CARD_MAX_BASE64:
                return self._error(413, "document_too_large", "the card is too large")
            try:
                pdf = base64.b64decode(encoded, validate=True)
            except ValueError:
                pdf = b""
            if not pdf.startswith(b"%PDF-"):
                return self._error(
                    422, "invalid_request", "document is not a PDF", field="document"
                )
            digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
            with state.lock:
                seen = state.data.setdefault("cards", {}).get(key)
                if seen is not None:
                    if seen["request_sha256"] != digest:
                        return self._error(
                            422,
                            "idempotency_key_reused",
                            "this Idempotency-Key was used with a different request",
                        )
                    state.stats["replays"] += 1
                    return self._send(200, seen["response"], {"Idempotent-Replayed": "true"})
                response = {
                    "delivery_id": str(uuid.uuid4()),
                    "channel": body["channel"],
                    "sent_at": _iso(_now()),
                }
                # Only what a test needs to check: the size and the channel, never the card.
                state.data["cards"][key] = {
                    "request_sha256": digest,
                    "response": response,
                    "pdf_bytes": len(pdf),
                }
                state.stats["cards_sent"] += 1
                state.save()
            self._send(201, response)

        def _status(self, body: dict[str, Any]) -> None:
            patient = body.get("patient")
            if not isinstance(patient, dict):
                return self._error(422, "invalid_request", "patient is required", field="patient")
            with state.lock:
                state.stats["status_checks"] += 1
                akey = account_key(patient)
                account = state.data["accounts"].get(akey)
                if account is None:  # a child's record: its access is the guardian's
                    account = next(
                        (
                            p
                            for p in state.data.setdefault("proxies", {}).values()
                            if p["patient"] == akey and p["access"] == "full"
                        ),
                        None,
                    )
            if account is None:
                return self._send(200, {"status": "not_invited", "last_login_at": None})
            self._send(
                200,
                {
                    "status": account["status"],
                    "last_login_at": account["last_login_at"],
                    "username": account["username"],
                },
            )

        def _usage(self, body: dict[str, Any]) -> None:
            month = body.get("month")
            if not isinstance(month, str) or len(month) != 7 or month[4] != "-":
                return self._error(422, "invalid_request", "month must be YYYY-MM", field="month")
            with state.lock:
                summary = usage_summary(state.data, month)
            self._send(200, summary)

        def _admin(self, body: dict[str, Any]) -> None:
            with state.lock:
                if self.path == "/__admin/activity":
                    state.data.setdefault("activity", []).append(dict(body))
                    state.save()
                    return self._send(201, body)
                if self.path == "/__admin/faults":
                    state.faults = dict(body)
                    return self._send(200, state.faults)
                if self.path == "/__admin/stop":
                    state.data.setdefault("stopped", {})[body.get("mobile")] = _iso(_now())
                    state.save()
                    return self._send(200, {"stopped": True})
                if self.path == "/__admin/sms-texts":
                    return self._send(200, {"texts": state.data.get("sms_texts", [])})
                if self.path == "/__admin/activate":
                    accounts = list(state.data["accounts"].values())
                    accounts += list(state.data.setdefault("proxies", {}).values())
                    for account in accounts:
                        if account["username"] == body.get("username"):
                            account["status"] = "active"
                            account["last_login_at"] = _iso(_now())
                            state.save()
                            return self._send(200, account)
                    return self._error(404, "not_found", "no such username")
            self._error(404, "not_found", "no such endpoint")

    return Handler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--data")
    args = parser.parse_args(argv)
    state = PortalState(Path(args.data) if args.data else None)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(state, args.api_key))
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"LISTENING {server.server_address[1]}", flush=True)
    server.serve_forever()
    return 0


class PortalServer:
    """Start/stop `tests/portal_server.py` as a subprocess on 127.0.0.1."""

    def __init__(self, api_key: str = "portal-test-key") -> None:
        self.api_key = api_key
        self.process: subprocess.Popen[str] | None = None
        self.port: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, port: int = 0, data_file: str | os.PathLike[str] | None = None):
        cmd = [sys.executable, __file__, "--port", str(port), "--api-key", self.api_key]
        if data_file:
            cmd += ["--data", str(data_file)]
        self.process = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line.startswith("LISTENING "):
            self.kill()
            raise RuntimeError("portal test server did not start")
        self.port = int(line.split()[1])
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.process and self.process.stdout:
            with contextlib.suppress(OSError):
                self.process.stdout.close()

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def activate(self, username: str) -> dict[str, Any]:
        r = requests.post(f"{self.url}/__admin/activate", json={"username": username}, timeout=10)
        r.raise_for_status()
        return r.json()

    def stop_number(self, mobile: str) -> None:
        """The number replies STOP to the portal's texts."""
        requests.post(f"{self.url}/__admin/stop", json={"mobile": mobile}, timeout=5)

    def sms_texts(self) -> list[str]:
        r = requests.post(f"{self.url}/__admin/sms-texts", json={}, timeout=5)
        return r.json()["texts"]

    def record(self, username: str, kind: str, at: str, **extra: Any) -> None:
        """One thing a patient did in the portal (account_opened, login, message_sent...)."""
        requests.post(
            f"{self.url}/__admin/activity",
            json={"username": username, "kind": kind, "at": at, **extra},
            timeout=5,
        ).raise_for_status()

    def set_faults(self, **faults: Any) -> None:
        requests.post(f"{self.url}/__admin/faults", json=faults, timeout=10).raise_for_status()

    def stats(self) -> dict[str, Any]:
        r = requests.get(f"{self.url}/__admin/stats", timeout=10)
        r.raise_for_status()
        return r.json()

    def __enter__(self) -> PortalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


if __name__ == "__main__":
    raise SystemExit(main())
