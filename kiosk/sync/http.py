"""One HTTP session per client, with the kiosk's timeouts, and one error vocabulary.

Every failure that leaves this package is one of three kinds, because the outbox engine acts on
the kind, not on the HTTP details: `TransientError` (try again later: connection refused,
timeout, 429, 5xx), `AuthError` (credentials rejected: keep the records queued and tell IT),
`PermanentError` (the server will never accept this request: park it as a dead letter). Their
messages are for staff and IT: they never hold a token, a secret or a patient value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from requests.utils import requote_uri

from kiosk import APP_NAME, __version__
from kiosk.ports import ServiceUnavailable
from kiosk.urls import origin, same_origin, url_problem

USER_AGENT = f"{APP_NAME}/{__version__} (+https://enrollment-kiosk.org)"


@dataclass(frozen=True)
class Timeouts:
    connect: float = 5.0
    read: float = 20.0

    def as_tuple(self) -> tuple[float, float]:
        return (self.connect, self.read)


class SyncError(ServiceUnavailable):
    """Base of every delivery failure. `str(exc)` is safe to show staff and to log. A
    ServiceUnavailable, so the wizard's "enter it by hand" handling covers every kind."""

    status: int | None = None


class TransientError(SyncError):
    def __init__(self, message: str, retry_after: float | None = None, status: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status


class OfflineError(TransientError):
    """Nothing answered (connection refused, DNS, timeout): the kiosk is offline."""


class AuthError(SyncError):
    """The server or token endpoint rejected the kiosk's credentials (after one refresh)."""

    def __init__(self, message: str, status: int | None = 401):
        super().__init__(message)
        self.status = status


class PermanentError(SyncError):
    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class ConflictError(PermanentError):
    """412 Precondition Failed: someone changed the resource since we read it."""


class RedirectRefused(PermanentError):
    """The server answered with a redirect to another origin (or to an unsafe address). The
    kiosk never follows it: the request carried patient data or a secret. IT fixes the
    configured address; the record stays as a dead letter staff can retry afterwards."""


class SameOriginSession(requests.Session):
    """A session that follows a redirect only to the same scheme, host and port.

    requests re-sends a 307/308 body and every custom header (X-Api-Key) to wherever Location
    points, and strips only Authorization. Here a redirect to another origin is not followed at
    all: the 3xx answer comes back to the caller, which turns it into `RedirectRefused`.
    """

    def get_redirect_target(self, resp: requests.Response) -> str | None:
        target = super().get_redirect_target(resp)
        if target is None:
            return None
        return target if _redirect_allowed(resp.url, target) else None


def _redirect_allowed(current: str, target: str) -> bool:
    absolute = redirect_destination(current, target)
    return absolute is not None and same_origin(current, absolute) and not url_problem(absolute)


def redirect_destination(current: str, target: str) -> str | None:
    """Where requests would go for `Location: target` (its resolve_redirects rules)."""
    if "\\" in target:
        return None
    if target.startswith("//"):
        target = f"{urlsplit(current).scheme}:{target}"
    return target if urlsplit(target).netloc else urljoin(current, requote_uri(target))


def make_session() -> requests.Session:
    """TLS verification stays on (requests' default, never switched off here); proxies and
    CA bundles follow the OS/environment as IT configured them. Redirects are followed only
    within the same origin (SameOriginSession)."""
    session = SameOriginSession()
    session.headers["User-Agent"] = USER_AGENT
    session.verify = True
    return session


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: delta-seconds or an HTTP date (RFC 9110 10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        from datetime import UTC, datetime

        when = parsedate_to_datetime(value)
        return max(0.0, (when - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError, OverflowError):
        return None


def describe_network_error(exc: requests.RequestException, what: str) -> OfflineError:
    if isinstance(exc, requests.Timeout):
        kind = "did not answer in time"
    elif isinstance(exc, requests.ConnectionError):
        kind = "could not be reached"
    else:
        kind = f"failed ({type(exc).__name__})"
    return OfflineError(f"The {what} {kind}.")


def error_for_response(
    response: requests.Response, what: str, scrub: tuple[str, ...] = ()
) -> SyncError:
    """Turn a non-2xx answer into the right error kind, with the server's reason (scrubbed)."""
    status = response.status_code
    if response.is_redirect:
        where = origin(redirect_destination(response.url, response.headers["location"]) or "")
        shown = f"{where[0]}://{where[1]}:{where[2]}" if where else "an unusable address"
        return RedirectRefused(
            f"The {what} answered {status} and redirected to {shown}; the kiosk does not "
            "send patient data or keys to an address nobody configured. IT: set the "
            "server's final address in the settings.",
            status,
        )
    reason = scrub_text(server_reason(response), scrub)
    text = f"The {what} answered {status}" + (f": {reason}" if reason else ".")
    if status == 429 or status >= 500:
        return TransientError(
            text, retry_after_seconds(response.headers.get("Retry-After")), status
        )
    if status in (401, 403):
        return AuthError(text, status)
    if status == 412:
        return ConflictError(text, status)
    return PermanentError(text, status)


def server_reason(response: requests.Response) -> str:
    """OperationOutcome diagnostics/details, an OAuth error, or a portal JSON error."""
    try:
        body: Any = response.json()
    except ValueError:
        return ""
    if not isinstance(body, dict):
        return ""
    if body.get("resourceType") == "OperationOutcome":
        parts = []
        for issue in body.get("issue") or []:
            text = issue.get("diagnostics") or (issue.get("details") or {}).get("text") or ""
            where = ", ".join(issue.get("expression") or issue.get("location") or [])
            if text:
                parts.append(f"{text}" + (f" (at {where})" if where and where not in text else ""))
        return "; ".join(parts)[:1500]
    if "error" in body:
        err = body.get("error")
        if isinstance(err, dict):
            return str(err.get("message") or err.get("code") or "")[:500]
        return str(body.get("error_description") or err)[:500]
    return str(body.get("message") or "")[:500]


def scrub_text(text: str, values: tuple[str, ...]) -> str:
    """Remove the values the kiosk sent (names, email, phone, birth date) from server text, so
    a dead letter's reason shown to staff and logged never carries them. Patterns that look
    like emails, phone numbers and dates go too (the server may echo a normalised form)."""
    for value in sorted({v for v in values if v and len(v) >= 2}, key=len, reverse=True):
        text = re.sub(re.escape(value), "<redacted>", text, flags=re.IGNORECASE)
    from kiosk.logs import redact

    return redact(text)
