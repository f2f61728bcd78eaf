"""OAuth2 client credentials for the EHR: client_secret_basic or SMART Backend Services
(private_key_jwt). Secrets come from the OS keyring on every token request, never from the
settings file, so IT can fix a rotated secret with `kiosk credentials set` and the next sync
pass picks it up without a restart.

The token is cached until shortly before it expires. The caller (fhir.FhirClient) calls
`invalidate()` after a 401 and asks once more; a second 401 is an `AuthError`.
Nothing here logs or formats a token, a secret or an assertion.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from typing import Protocol

import requests

from kiosk import secrets
from kiosk.sync.http import (
    AuthError,
    Timeouts,
    TransientError,
    describe_network_error,
    error_for_response,
)

JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
EXPIRY_MARGIN_SECONDS = 30  # renew this long before the server says the token expires
ASSERTION_LIFETIME_SECONDS = 240  # SMART: exp no more than 5 minutes in the future


class Authenticator(Protocol):
    def headers(self) -> dict[str, str]: ...

    def invalidate(self) -> None: ...


class NoAuth:
    """`auth = "none"`: a FHIR server on a trusted network that needs no token."""

    def headers(self) -> dict[str, str]:
        return {}

    def invalidate(self) -> None:
        return None


class _TokenAuth:
    def __init__(
        self,
        session: requests.Session,
        token_url: str,
        client_id: str,
        scope: str,
        timeouts: Timeouts,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
        secret_reader: Callable[[str], str | None] = secrets.get_secret,
    ) -> None:
        self._session = session
        self.token_url = token_url
        self.client_id = client_id
        self.scope = scope
        self._timeouts = timeouts
        self._clock = clock  # wall clock: the JWT assertion's iat/exp only
        self._monotonic = monotonic  # token lifetime: a wall-clock jump must not expire it
        self._read_secret = secret_reader
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = threading.Lock()
        self.tokens_fetched = 0

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._current()}"}

    def invalidate(self) -> None:
        with self._lock:
            self._token = None
            self._expires_at = 0.0

    def _current(self) -> str:
        with self._lock:
            if self._token is None or self._monotonic() >= self._expires_at:
                self._token, lifetime = self._fetch()
                self._expires_at = self._monotonic() + max(0.0, lifetime - EXPIRY_MARGIN_SECONDS)
                self.tokens_fetched += 1
            return self._token

    def _secret(self, name: str) -> str:
        try:
            value = self._read_secret(name)
        except secrets.CredentialError as exc:
            raise AuthError(str(exc), None) from None
        if not value:
            raise AuthError(
                f"The EHR credential {name!r} is not set. IT: run `kiosk credentials set {name}`.",
                None,
            )
        return value

    def _client_auth(self) -> tuple[dict[str, str], tuple[str, str] | None]:
        raise NotImplementedError

    def _fetch(self) -> tuple[str, float]:
        form, basic = self._client_auth()
        form = {"grant_type": "client_credentials", **form}
        if self.scope:
            form["scope"] = self.scope
        try:
            response = self._session.post(
                self.token_url,
                data=form,
                auth=basic,
                headers={"Accept": "application/json"},
                timeout=self._timeouts.as_tuple(),
            )
        except requests.RequestException as exc:
            raise describe_network_error(exc, "EHR token endpoint") from None
        if response.status_code != 200:
            error = error_for_response(response, "EHR token endpoint")
            if isinstance(error, TransientError):
                raise error
            # 400 invalid_client / 401: the credentials are wrong, not the record.
            raise AuthError(str(error), response.status_code)
        try:
            body = response.json()
            token = body["access_token"]
            lifetime = float(body.get("expires_in") or 300)
        except (ValueError, KeyError, TypeError):
            raise TransientError("The EHR token endpoint sent an unreadable answer.") from None
        if str(body.get("token_type", "bearer")).lower() != "bearer":
            raise AuthError("The EHR token endpoint issued a token type the kiosk cannot use.")
        return token, lifetime


class ClientSecretAuth(_TokenAuth):
    """client_secret_basic: HTTP Basic with the client id and the keyring's ehr_client_secret."""

    def _client_auth(self) -> tuple[dict[str, str], tuple[str, str] | None]:
        return {}, (self.client_id, self._secret("ehr_client_secret"))


class PrivateKeyJwtAuth(_TokenAuth):
    """SMART Backend Services: a signed JWT client assertion (RS384 or ES384, chosen from the
    key type), iss = sub = client_id, aud = token URL, a fresh jti, exp <= 5 minutes, and the
    key id (ehr_private_key_id) the EHR finds in the kiosk's published JWKS."""

    def _client_auth(self) -> tuple[dict[str, str], tuple[str, str] | None]:
        import jwt
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec, rsa

        pem = self._secret("ehr_private_key")
        kid = self._secret("ehr_private_key_id")
        try:
            key = serialization.load_pem_private_key(pem.encode(), password=None)
        except (ValueError, TypeError):
            raise AuthError(
                "The stored ehr_private_key is not a readable PEM private key. IT: store it "
                "again with `kiosk credentials set ehr_private_key --from-file key.pem`.",
                None,
            ) from None
        if isinstance(key, rsa.RSAPrivateKey):
            alg = "RS384"
        elif isinstance(key, ec.EllipticCurvePrivateKey):
            alg = "ES384"
        else:
            raise AuthError("The stored ehr_private_key must be an RSA or EC (P-384) key.", None)
        now = int(self._clock())
        claims = {
            "iss": self.client_id,
            "sub": self.client_id,
            "aud": self.token_url,
            "iat": now,
            "exp": now + ASSERTION_LIFETIME_SECONDS,
            "jti": uuid.uuid4().hex,
        }
        assertion = jwt.encode(claims, key, algorithm=alg, headers={"kid": kid, "typ": "JWT"})
        return {"client_assertion_type": JWT_BEARER, "client_assertion": assertion}, None


def make_authenticator(
    mode: str,
    session: requests.Session,
    token_url: str,
    client_id: str,
    scope: str,
    timeouts: Timeouts,
) -> Authenticator:
    if mode == "none":
        return NoAuth()
    if mode == "client_secret":
        return ClientSecretAuth(session, token_url, client_id, scope, timeouts)
    if mode == "private_key_jwt":
        return PrivateKeyJwtAuth(session, token_url, client_id, scope, timeouts)
    raise ValueError(f"unknown auth mode {mode!r}")
