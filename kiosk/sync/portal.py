"""The portal REST adapter: kiosk.ports.PortalGateway over the JSON contract in
docs/portal-api.md (OpenAPI 3: docs/portal-api.yaml).

Portal vendors' APIs differ (athenaOne, NextGen, Epic...); a practice's integrator puts a small
bridge in front of theirs that speaks this contract. Patient details travel in request bodies,
never in URLs (proxies and access logs keep URLs). The API key comes from the OS keyring
(`portal_api_key`) and is sent as `X-Api-Key`.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import requests

from kiosk import secrets, sms
from kiosk.enrollment import Patient
from kiosk.ports import AccountStatus, Invitation, PortalAccount, SmsStatus
from kiosk.sync.http import (
    AuthError,
    PermanentError,
    Timeouts,
    TransientError,
    describe_network_error,
    error_for_response,
    make_session,
)
from kiosk.urls import url_problem


class NumberStoppedError(PermanentError):
    """The portal refused to text a number that replied STOP (409 sms_stopped)."""


def _patient_json(patient: Patient) -> dict[str, Any]:
    return {
        "given_name": patient.given_name,
        "family_name": patient.family_name,
        "birth_date": patient.birth_date,
        "ehr_id": patient.ehr_id,
        "mrn": patient.mrn,
    }


class RestPortalGateway:
    def __init__(
        self,
        api_url: str,
        timeouts: Timeouts | None = None,
        session: requests.Session | None = None,
        key_reader: Callable[[str], str | None] = secrets.get_secret,
    ) -> None:
        problem = url_problem(api_url)
        if problem:
            raise ValueError(f"Portal API address refused: {problem}.")
        self.api_url = api_url.rstrip("/")
        self.timeouts = timeouts or Timeouts()
        self.session = session or make_session()
        self._read_key = key_reader

    def _post(
        self, path: str, body: dict[str, Any], headers: dict[str, str], scrub: tuple[str, ...]
    ) -> dict[str, Any]:
        try:
            key = self._read_key("portal_api_key")
        except secrets.CredentialError as exc:
            raise AuthError(str(exc), None) from None
        if not key:
            raise AuthError(
                "The portal API key is not set. IT: run `kiosk credentials set portal_api_key`.",
                None,
            )
        try:
            response = self.session.post(
                f"{self.api_url}{path}",
                json=body,
                headers={"X-Api-Key": key, "Accept": "application/json", **headers},
                timeout=self.timeouts.as_tuple(),
            )
        except requests.RequestException as exc:
            raise describe_network_error(exc, "patient portal") from None
        if response.status_code >= 400 or response.is_redirect:
            error = error_for_response(response, "patient portal", scrub)
            if isinstance(error, AuthError):
                error = AuthError(
                    f"The patient portal refused the kiosk's API key ({response.status_code}). "
                    "IT: check portal_api_key.",
                    response.status_code,
                )
            raise error
        try:
            data = response.json()
        except ValueError:
            raise TransientError("The patient portal sent an answer that is not JSON.") from None
        if not isinstance(data, dict):
            raise TransientError("The patient portal sent an unexpected answer.")
        return data

    def send_invitation(
        self,
        patient: Patient,
        email: str | None,
        mobile: str | None,
        channel: str,
        language: str,
        idempotency_key: str,
        proxy: dict[str, Any] | None = None,
        sms_template: str | None = None,
    ) -> Invitation:
        body: dict[str, Any] = {
            "patient": _patient_json(patient),
            "email": email,
            "mobile": mobile,
            "channel": channel,
            "language": language,
        }
        if sms_template:
            body["sms_template"] = sms_template
        scrub = tuple(
            v
            for v in (email, mobile, patient.given_name, patient.family_name, patient.birth_date)
            if v
        )
        path = "/v1/invitations"
        if proxy:
            # Proxy access: the invitation goes to the proxy, for the patient's record.
            path = "/v1/proxy-invitations"
            body["proxy"] = {
                "proxy_id": proxy["proxy_id"],
                "given_name": proxy["given_name"],
                "family_name": proxy["family_name"],
                "relationship": proxy["relationship"],
                "access": proxy["access"],
            }
            scrub += tuple(v for v in (proxy["given_name"], proxy["family_name"]) if v)
        try:
            data = self._post(path, body, {"Idempotency-Key": idempotency_key}, scrub)
        except PermanentError as exc:
            if exc.status == 409 and "STOP" in str(exc):
                raise NumberStoppedError(sms.STOPPED_MESSAGE, 409) from None
            raise
        url = data.get("activation_url")
        if not isinstance(url, str) or not url:
            raise TransientError("The patient portal's answer had no activation link.")
        return Invitation(
            activation_url=url, expires_at=data.get("expires_at"), username=data.get("username")
        )

    def send_card(
        self,
        patient: Patient,
        email: str | None,
        mobile: str | None,
        channel: str,
        language: str,
        pdf: bytes,
        idempotency_key: str,
    ) -> None:
        """POST /v1/card-deliveries: the card PDF, e-mailed or texted by the portal."""
        body = {
            "patient": _patient_json(patient),
            "email": email,
            "mobile": mobile,
            "channel": channel,
            "language": language,
            "document": {
                "kind": "quick-reference-card",
                "content_type": "application/pdf",
                "content_base64": base64.b64encode(pdf).decode("ascii"),
            },
        }
        scrub = tuple(
            v
            for v in (email, mobile, patient.given_name, patient.family_name, patient.birth_date)
            if v
        )
        data = self._post("/v1/card-deliveries", body, {"Idempotency-Key": idempotency_key}, scrub)
        if not data.get("delivery_id"):
            raise TransientError("The patient portal did not confirm that the card was sent.")

    def sms_status(self, mobile: str) -> SmsStatus:
        """POST /v1/sms-status: did this number reply STOP? (The number is in the body.)"""
        data = self._post("/v1/sms-status", {"mobile": mobile}, {}, (mobile,))
        status = data.get("status")
        if status not in (SmsStatus.OK, SmsStatus.STOPPED):
            raise TransientError("The patient portal sent an unknown text-message status.")
        return SmsStatus(status, data.get("stopped_at"))

    def account_status(self, patient: Patient, enrollment_id: str) -> PortalAccount:
        scrub = tuple(v for v in (patient.given_name, patient.family_name, patient.birth_date) if v)
        data = self._post(
            "/v1/account-status",
            {"enrollment_id": enrollment_id, "patient": _patient_json(patient)},
            {},
            scrub,
        )
        try:
            status = AccountStatus(str(data.get("status")))
        except ValueError:
            raise TransientError("The patient portal sent an unknown account status.") from None
        return PortalAccount(status, data.get("last_login_at"), data.get("username"))

    def usage_summary(self, month: str) -> dict[str, Any]:
        """The portal's monthly usage summary (POST /v1/usage-summary): aggregates only."""
        data = self._post("/v1/usage-summary", {"month": month}, {}, ())
        if data.get("month") != month:
            raise TransientError("The patient portal answered for another month.")
        return data
