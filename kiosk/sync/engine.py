"""The outbox engine: one pass delivers what is due, in order per enrollment, exactly once.

Pure Python (no Qt). The same engine runs on the app's QThread (qt_worker.py) and headless
(`kiosk sync`, headless.py). One pass:

1. take the database's delivery lock (lease.py) unless this process holds it already; if
   another live process holds it, stand by (state 'standby', nothing is claimed). On taking it,
   claims a dead holder left in 'sending' go back to the queue;
2. claim due items (claim_due: one item per enrollment at a time, oldest first) and send each;
   success -> mark_sent, and every item waiting for a retry may go at once (the server is
   back); transient failure (offline, timeout, 429, 5xx) -> mark_retry with the item's own
   capped exponential backoff and full jitter, at least Retry-After. The pass goes on with the
   next item after an isolated 5xx, and stops at once when nothing answered, the credentials
   were refused or the server sent Retry-After (untried items then wait as long), or after
   three failures in a row. Permanent failure (other 4xx, validation) -> mark_dead with the
   server's OperationOutcome text, patient values scrubbed out;
3. poll the portal for enrolled patients not yet active, raise follow-ups that are due, and
   send what that queued.

Durations (backoff, Retry-After) run on the monotonic clock, kept in memory by the one
delivering process; the wall clock only stamps records (`next_attempt_at` is shown to staff,
never compared). `attempts` counts requests actually made for an item.

Exactly once = one sender at a time (the lock) + the stable outbox id as the server's
idempotency key (FHIR conditional create on the identifier; the portal's Idempotency-Key), so
a crash between "sent" and "marked sent" only ever causes a harmless repeat.
"""

from __future__ import annotations

import json
import logging
import os
import random
import threading
import time
import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from kiosk import expiry, sms
from kiosk.enrollment import OutboxKind, Patient, TransitionError, iso, utcnow
from kiosk.messages import Words, english
from kiosk.ports import AccountStatus, NoPortal, PortalGateway
from kiosk.store import ClaimedItem, Store
from kiosk.sync import family_mapping, mapping
from kiosk.sync.fhir import FhirClient
from kiosk.sync.http import AuthError, OfflineError, PermanentError, SyncError, TransientError
from kiosk.sync.lease import DeliveryLock

log = logging.getLogger(__name__)

ONLINE, OFFLINE, AUTH_FAILED, NOT_CONFIGURED = "online", "offline", "auth-failed", "not-configured"
STANDBY = "standby"  # another process holds the delivery lock for this database
MAX_FAILURES_IN_A_ROW = 3
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
        monotonic: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        stop: threading.Event | None = None,
        retention: timedelta | None = None,
        sms_sender: str = "",
        words: Words = english,
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
        self.clock = clock  # wall clock: record stamps only
        self.monotonic = monotonic  # every duration
        self.rng = rng or random.Random()
        self.stop = stop or threading.Event()
        self.owner = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.lock = DeliveryLock(store.path)
        self._close = weakref.finalize(self, self.lock.release)
        # seq -> (monotonic time it may be tried again, released by the next success?)
        self._waiting: dict[int, tuple[float, bool]] = {}
        self._last_request = float("-inf")
        self._paused_until = float("-inf")  # the server's Retry-After: no request before then
        # Patient data is purged `retention` after it stopped being needed; None: never here.
        self.retention = retention
        # The practice's name as texts open with it (kiosk/sms.py composes the text), and the
        # catalogue that words a text in the patient's language: the composition root passes
        # kiosk.ui.i18n.catalogue_words (the engine stays Qt-free); English by default.
        self.sms_sender = sms_sender
        self.words = words

    def close(self) -> None:
        """Give up the delivery lock (another process may take over at once)."""
        self._close()

    def _still_waiting(self) -> dict[int, tuple[float, bool]]:
        now = self.monotonic()
        self._waiting = {seq: w for seq, w in self._waiting.items() if w[0] > now}
        return self._waiting

    def _wait(self, seq: int, seconds: float, releasable: bool = True) -> None:
        self._waiting[seq] = (self.monotonic() + seconds, releasable)

    @property
    def portal_is_real(self) -> bool:
        return not isinstance(self.portal, NoPortal)

    # ---- one pass -------------------------------------------------------------------------
    def run_pass(self) -> PassResult:
        result = PassResult()
        if not self.lock.held:
            if not self.lock.try_acquire():
                pid = self.lock.holder_pid()
                result.state = STANDBY
                result.message = (
                    f"another program (process {pid or 'unknown'}) is delivering the records "
                    "of this database"
                )
                result.counts = self.store.outbox_counts()
                log.info("sync pass: standby, process %s holds the delivery lock", pid)
                return result
            if self.lock.newly_acquired:
                released = self.store.release_claims()
                if released:
                    log.info("took back %d items a stopped delivery process was sending", released)
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

    def _claim(self) -> list[ClaimedItem]:
        if self.monotonic() < self._paused_until:
            return []
        waiting = self._still_waiting()
        batch = self.store.claim_due(limit=self.batch_size, owner=self.owner, waiting=waiting)
        if batch or not waiting:
            return batch
        # Everything waits for its backoff: one probe (the item due soonest) tells whether
        # the server is back, at most once per `backoff.base` seconds.
        if self.monotonic() - self._last_request < self.backoff.base:
            return []
        backing_off = [s for s, (_, releasable) in waiting.items() if releasable]
        for seq in sorted(backing_off, key=lambda s: waiting[s][0])[:5]:
            others = [s for s in waiting if s != seq]
            batch = self.store.claim_due(limit=1, owner=self.owner, waiting=others)
            if batch:
                return batch
        return []

    def _drain(self, result: PassResult) -> None:
        handled = 0
        failures_in_a_row = 0
        while handled < self.max_items_per_pass and not self.stop.is_set():
            batch = self._claim()
            if not batch:
                return
            for index, item in enumerate(batch):
                if self.stop.is_set():
                    self._give_back(batch[index:], 0.0)
                    return
                handled += 1
                try:
                    outcome = self.deliver(item)
                except _NotConfigured as exc:  # no request was made
                    delay = NOT_CONFIGURED_RETRY.total_seconds()
                    self.store.mark_retry(
                        item.seq, str(exc), self.clock() + NOT_CONFIGURED_RETRY, tried=False
                    )
                    self._wait(item.seq, delay, releasable=False)
                    result.retried += 1
                except (TransientError, AuthError) as exc:
                    self._last_request = self.monotonic()
                    attempt = item.attempts + 1
                    retry_after = getattr(exc, "retry_after", None)
                    delay = self.backoff.delay(attempt, retry_after, self.rng)
                    when = self.clock() + timedelta(seconds=delay)
                    self.store.mark_retry(item.seq, str(exc), when)
                    self._wait(item.seq, delay)
                    if retry_after is not None:
                        self._paused_until = self.monotonic() + min(retry_after, MAX_RETRY_AFTER)
                    result.retried += 1
                    result.state = AUTH_FAILED if isinstance(exc, AuthError) else OFFLINE
                    result.message = str(exc)
                    failures_in_a_row += 1
                    log.warning(
                        "%s %s: %s; retry in %.0f s (attempt %d)",
                        item.kind,
                        item.id,
                        type(exc).__name__,
                        delay,
                        attempt,
                    )
                    if (
                        isinstance(exc, (AuthError, OfflineError))
                        or retry_after is not None
                        or failures_in_a_row >= MAX_FAILURES_IN_A_ROW
                    ):
                        rest = batch[index + 1 :]
                        self._give_back(rest, retry_after or 0.0)
                        result.retried += len(rest)
                        return
                except PermanentError as exc:
                    self._last_request = self.monotonic()
                    failures_in_a_row = 0
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
                    self._last_request = self.monotonic()
                    failures_in_a_row = 0
                    self.store.mark_sent(item.seq, outcome)
                    result.sent += 1
                    if result.state == OFFLINE:
                        result.state, result.message = ONLINE, ""
                    self._server_is_back()

    def _server_is_back(self) -> None:
        """A success: the items waiting out a backoff need not wait any longer."""
        released = [seq for seq, (_, releasable) in self._waiting.items() if releasable]
        if not released:
            return
        for seq in released:
            del self._waiting[seq]
        self.store.release_waiting(released, self.clock())
        log.info("server answered again: %d waiting items may go now", len(released))

    def _give_back(self, items: list[ClaimedItem], delay: float) -> None:
        """Claimed items this pass did not try: queued again, no attempt counted (a
        Retry-After pause, if any, holds them in `_claim`)."""
        if items:
            self.store.give_back([i.seq for i in items], self.clock() + timedelta(seconds=delay))

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
        if kind == OutboxKind.PROXY_ACCESS:
            bundle = family_mapping.proxy_access_bundle(
                item.id, payload, iso(self.clock()), self.ctx
            )
            scrub = scrub + family_mapping.family_values(payload)
            return {"locations": _locations(fhir.transaction(bundle, scrub))}
        if kind == OutboxKind.SMS_CONSENT:
            bundle = family_mapping.sms_consent_bundle(
                item.id, payload, iso(self.clock()), self.ctx
            )
            scrub = scrub + family_mapping.family_values(payload)
            return {"locations": _locations(fhir.transaction(bundle, scrub))}
        if kind == OutboxKind.ENROLLMENT_RECORD:
            bundle = mapping.enrollment_bundle(item.id, payload, self.ctx)
            return {"locations": _locations(fhir.transaction(bundle, scrub))}
        if kind == OutboxKind.FOLLOW_UP:
            resent = None
            if (
                self.resend_on_follow_up
                and self.portal_is_real
                and payload.get("channel")
                # At most one invitation a day: after a staff resend today the follow-up is
                # recorded (the Task) without another invitation.
                and expiry.resend_allowed(
                    self.store.last_invitation_at(item.enrollment_id), self.clock()
                )
            ):
                invitation = self.portal.send_invitation(
                    Patient(**payload["patient"]),
                    payload.get("email"),
                    payload.get("mobile"),
                    payload["channel"],
                    payload.get("language") or "en",
                    f"{item.id}:resend",
                    **self._family_extras(payload, reminder=True),
                )
                resent = (iso(self.clock()), invitation.expires_at, invitation.username)
            bundle = mapping.follow_up_bundle(item.id, payload, item.created_at, self.ctx, resent)
            return {
                "locations": _locations(fhir.transaction(bundle, scrub)),
                "resent": bool(resent),
            }
        if kind == OutboxKind.HELP_APPOINTMENT:
            from kiosk.sync.help_booking import book_help_appointment

            return book_help_appointment(fhir, item.id, payload, self.ctx, scrub)
        raise PermanentError(f"Unknown outbox item kind {item.kind!r}.")

    def _family_extras(self, payload: dict[str, Any], reminder: bool) -> dict[str, Any]:
        """A proxy invitation names the proxy; a text invitation carries the kiosk's text
        (checked to fit one SMS segment, kiosk/sms.py) for the portal to put its link in."""
        extras: dict[str, Any] = {}
        if payload.get("proxy"):
            extras["proxy"] = payload["proxy"]
        if payload.get("channel") == "sms" and self.sms_sender:
            kind = sms.text_kind(bool(payload.get("proxy")), reminder)
            try:
                extras["sms_template"] = sms.text_template(
                    kind, payload.get("language") or "en", self.sms_sender, self.words
                )
            except sms.TextTooLong as exc:
                raise PermanentError(str(exc)) from None
        return extras

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
            **self._family_extras(payload, reminder=bool(payload.get("resend"))),
        )
        result: dict[str, Any] = {
            # The wizard's first-login step reads these (outbox result) to show the QR code.
            "activation_url": invitation.activation_url,
            "expires_at": invitation.expires_at,
            "username": invitation.username,
        }
        if payload.get("proxy_added"):
            result["proxy_added"] = True
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
