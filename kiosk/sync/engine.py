"""The outbox engine: one pass delivers what is due, in order per enrollment, exactly once.

Pure Python (no Qt). The same engine runs on the app's QThread (qt_worker.py) and headless
(`kiosk sync`, headless.py). One pass:

1. at the first pass, take back claims a crashed run left in 'sending';
2. claim due items (claim_due: one item per enrollment at a time, oldest first) and send each;
   success -> mark_sent; transient failure (offline, timeout, 429, 5xx) -> mark_retry with
   capped exponential backoff and full jitter, at least Retry-After, and the pass stops (the
   rest of the batch waits as long); credentials rejected -> the same, state 'auth-failed', so
   a fixed secret resumes delivery; permanent failure (other 4xx, validation) -> mark_dead
   with the server's OperationOutcome text, patient values scrubbed out;
3. poll the portal for enrolled patients not yet active, raise follow-ups that are due, and
   send what that queued.

Exactly once = the stable outbox id as the server's idempotency key (FHIR conditional create
on the identifier; the portal's Idempotency-Key), so a crash between "sent" and "marked sent"
only ever causes a harmless repeat.
"""

from __future__ import annotations

import json
import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from kiosk.enrollment import OutboxKind, Patient, TransitionError, iso, utcnow
from kiosk.ports import AccountStatus, NoPortal, PortalGateway
from kiosk.store import ClaimedItem, Store
from kiosk.sync import mapping
from kiosk.sync.fhir import FhirClient
from kiosk.sync.http import AuthError, PermanentError, SyncError, TransientError

log = logging.getLogger(__name__)

ONLINE, OFFLINE, AUTH_FAILED, NOT_CONFIGURED = "online", "offline", "auth-failed", "not-configured"
NOT_CONFIGURED_RETRY = timedelta(hours=1)
MAX_RETRY_AFTER = 3600.0


@dataclass(frozen=True)
class Backoff:
    """Capped exponential backoff with full jitter (AWS architecture blog), floored at `base`."""

    base: float = 5.0
    cap: float = 900.0

    def delay(self, attempts: int, retry_after: float | None, rng: random.Random) -> float:
        ceiling = min(self.cap, self.base * 2 ** max(0, attempts - 1))
        delay = rng.uniform(self.base, max(self.base, ceiling))
        if retry_after is not None:
            delay = max(delay, min(retry_after, MAX_RETRY_AFTER))
        return delay


@dataclass
class PassResult:
    sent: int = 0
    retried: int = 0
    dead: int = 0
    follow_ups_raised: int = 0
    statuses_checked: int = 0
    purged: int = 0  # enrollments whose patient data this pass removed
    state: str = ONLINE
    message: str = ""  # why offline / auth-failed, safe for staff
    counts: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sent": self.sent,
            "retried": self.retried,
            "dead": self.dead,
            "follow_ups_raised": self.follow_ups_raised,
            **self.counts,
        }


class _NotConfigured(SyncError):
    """An EHR item while no FHIR endpoint is configured: keep it, try again hourly."""


class OutboxEngine:
    def __init__(
        self,
        store: Store,
        fhir: FhirClient | None,
        portal: PortalGateway,
        ctx: mapping.MappingContext,
        *,
        resend_on_follow_up: bool = True,
        backoff: Backoff | None = None,
        batch_size: int = 50,
        max_items_per_pass: int = 5000,
        poll_every: timedelta = timedelta(minutes=10),
        clock: Callable[[], datetime] = utcnow,
        rng: random.Random | None = None,
        stop: threading.Event | None = None,
        retention: timedelta | None = None,
    ) -> None:
        self.store = store
        self.fhir = fhir
        self.portal = portal
        self.ctx = ctx
        self.resend_on_follow_up = resend_on_follow_up
        self.backoff = backoff or Backoff()
        self.batch_size = batch_size
        self.max_items_per_pass = max_items_per_pass
        self.poll_every = poll_every
        self.clock = clock
        self.rng = rng or random.Random()
        self.stop = stop or threading.Event()
        # Patient data is purged `retention` after it stopped being needed; None: never here.
        self.retention = retention
        self._released = False

    @property
    def portal_is_real(self) -> bool:
        return not isinstance(self.portal, NoPortal)

    # ---- one pass -------------------------------------------------------------------------
    def run_pass(self) -> PassResult:
        result = PassResult()
        if not self._released:
            released = self.store.release_claims()
            self._released = True
            if released:
                log.info("took back %d items a previous run was sending", released)
        self._drain(result)
        if result.state == ONLINE and self.portal_is_real and not self.stop.is_set():
            self._poll_portal(result)
        if not self.stop.is_set():
            self._raise_follow_ups(result)
            if result.follow_ups_raised and result.state == ONLINE:
                self._drain(result)
        if self.retention is not None and not self.stop.is_set():
            result.purged = self.store.purge_patient_data(self.clock(), self.retention)
        if self.fhir is None and not self.portal_is_real:
            result.state = NOT_CONFIGURED
        result.counts = self.store.outbox_counts()
        log.info(
            "sync pass: sent=%d retried=%d dead=%d follow-ups=%d purged=%d state=%s queued=%d "
            "dead_total=%d",
            result.sent,
            result.retried,
            result.dead,
            result.follow_ups_raised,
            result.purged,
            result.state,
            result.counts.get("queued", 0) + result.counts.get("sending", 0),
            result.counts.get("dead", 0),
        )
        return result

    def _drain(self, result: PassResult) -> None:
        handled = 0
        while handled < self.max_items_per_pass and not self.stop.is_set():
            batch = self.store.claim_due(limit=self.batch_size, now=self.clock())
            if not batch:
                return
            for index, item in enumerate(batch):
                if self.stop.is_set():
                    self._give_back(batch[index:], 0.0, result, count=False)
                    return
                handled += 1
                try:
                    outcome = self.deliver(item)
                except _NotConfigured as exc:
                    self.store.mark_retry(item.seq, str(exc), self.clock() + NOT_CONFIGURED_RETRY)
                    result.retried += 1
                except (TransientError, AuthError) as exc:
                    delay = self.backoff.delay(
                        item.attempts, getattr(exc, "retry_after", None), self.rng
                    )
                    result.state = AUTH_FAILED if isinstance(exc, AuthError) else OFFLINE
                    result.message = str(exc)
                    log.warning(
                        "%s %s: %s; retry in %.0f s (attempt %d)",
                        item.kind,
                        item.id,
                        type(exc).__name__,
                        delay,
                        item.attempts,
                    )
                    self._give_back(batch[index:], delay, result, error=str(exc))
                    return
                except PermanentError as exc:
                    self.store.mark_dead(item.seq, str(exc))
                    result.dead += 1
                    log.warning(
                        "%s %s parked as a dead letter (%s)", item.kind, item.id, exc.status
                    )
                except Exception as exc:  # a bug must not stop every other record
                    log.exception("%s %s failed unexpectedly", item.kind, item.id)
                    self.store.mark_dead(
                        item.seq, f"The kiosk could not prepare this record ({type(exc).__name__})."
                    )
                    result.dead += 1
                else:
                    self.store.mark_sent(item.seq, outcome)
                    result.sent += 1

    def _give_back(
        self,
        items: list[ClaimedItem],
        delay: float,
        result: PassResult,
        error: str = "interrupted",
        count: bool = True,
    ) -> None:
        when = self.clock() + timedelta(seconds=delay)
        for item in items:
            self.store.mark_retry(item.seq, error, when)
            if count:
                result.retried += 1

    # ---- one item -------------------------------------------------------------------------
    def deliver(self, item: ClaimedItem) -> dict[str, Any]:
        kind = OutboxKind(item.kind)
        payload = item.payload
        if kind == OutboxKind.PORTAL_INVITATION:
            return self._invitation(item, payload)
        fhir = self._require_fhir()
        scrub = mapping.kiosk_values(payload)
        if kind == OutboxKind.PATIENT_CONTACT:
            merged = fhir.merge_telecom(
                payload["patient_id"],
                payload.get("email"),
                payload.get("mobile"),
                payload.get("preferred_channel"),
                replaces=payload.get("replaces") or None,
                today=iso(self.clock())[:10],
            )
            prov = mapping.telecom_provenance(
                item.id,
                payload["patient_id"],
                merged["patient_version"],
                iso(self.clock()),
                self.ctx,
            )
            fhir.create_conditional(prov, mapping.if_none_exist_for(prov), scrub)
            return merged
        if kind == OutboxKind.ENROLLMENT_RECORD:
            bundle = mapping.enrollment_bundle(item.id, payload, self.ctx)
            return {"locations": _locations(fhir.transaction(bundle, scrub))}
        if kind == OutboxKind.FOLLOW_UP:
            resent = None
            if self.resend_on_follow_up and self.portal_is_real and payload.get("channel"):
                invitation = self.portal.send_invitation(
                    Patient(**payload["patient"]),
                    payload.get("email"),
                    payload.get("mobile"),
                    payload["channel"],
                    payload.get("language") or "en",
                    f"{item.id}:resend",
                )
                resent = (iso(self.clock()), invitation.expires_at, invitation.username)
            bundle = mapping.follow_up_bundle(item.id, payload, item.created_at, self.ctx, resent)
            return {
                "locations": _locations(fhir.transaction(bundle, scrub)),
                "resent": bool(resent),
            }
        raise PermanentError(f"Unknown outbox item kind {item.kind!r}.")

    def _require_fhir(self) -> FhirClient:
        if self.fhir is None:
            raise _NotConfigured("No EHR connection is configured; the record waits for one.")
        return self.fhir

    def _invitation(self, item: ClaimedItem, payload: dict[str, Any]) -> dict[str, Any]:
        invitation = self.portal.send_invitation(
            Patient(**payload["patient"]),
            payload.get("email"),
            payload.get("mobile"),
            payload.get("channel") or "email",
            payload.get("language") or "en",
            item.id,
        )
        result: dict[str, Any] = {
            # The wizard's first-login step reads these (outbox result) to show the QR code.
            "activation_url": invitation.activation_url,
            "expires_at": invitation.expires_at,
            "username": invitation.username,
        }
        if self.portal_is_real:
            self.store.set_portal_status(item.enrollment_id, AccountStatus.INVITED.value)
        if self.fhir is None:
            result["ehr"] = "not-configured"
            return result
        bundle = mapping.invitation_bundle(
            item.id,
            payload,
            iso(self.clock()),
            invitation.expires_at,
            invitation.username,
            self.ctx,
        )
        result["locations"] = _locations(
            self.fhir.transaction(bundle, mapping.kiosk_values(payload))
        )
        return result

    # ---- portal status and follow-ups ------------------------------------------------------
    def _poll_portal(self, result: PassResult) -> None:
        now = self.clock()
        rows = self.store.conn.execute(
            """
            SELECT e.id, e.record FROM enrollments e
            LEFT JOIN portal_status p ON p.enrollment_id = e.id
            WHERE e.outcome = 'enrolled' AND coalesce(p.status, '') != 'active'
              AND e.purged_at IS NULL AND e.completed_at >= :since
              AND (p.checked_at IS NULL OR p.checked_at <= :stale)
            ORDER BY e.follow_up_due LIMIT 50""",
            {"since": iso(now - timedelta(days=90)), "stale": iso(now - self.poll_every)},
        ).fetchall()
        for enrollment_id, record in rows:
            if self.stop.is_set():
                return
            patient = Patient(**json.loads(record)["patient"])
            try:
                account = self.portal.account_status(patient, enrollment_id)
            except (TransientError, AuthError) as exc:
                log.info("portal status check stopped: %s", type(exc).__name__)
                return
            except SyncError:
                continue
            if account.status != AccountStatus.UNKNOWN:
                self.store.set_portal_status(
                    enrollment_id, account.status.value, account.last_login_at
                )
            result.statuses_checked += 1

    def _raise_follow_ups(self, result: PassResult) -> None:
        now = self.clock()
        for enrollment_id in self.store.due_follow_ups(now):
            enrollment = self.store.get_enrollment(enrollment_id)
            if enrollment is None:
                continue
            try:
                change = enrollment.follow_up_raised(now)
            except TransitionError:
                continue
            self.store.raise_follow_up(change)
            result.follow_ups_raised += 1


def _locations(bundle: dict[str, Any]) -> list[str]:
    return [
        (e.get("response") or {}).get("location", "")
        for e in bundle.get("entry") or []
        if (e.get("response") or {}).get("location")
    ]
