"""Invitation links expire: when, whether already, and when a resend is allowed.

Pure Python (no Qt, no I/O). The portal's answer says when its link expires (`expires_at`,
docs/portal-api.md); without one (no portal API, or not sent yet) the kiosk assumes
`[portal] invitation_expiry_days` (default 7, as Oracle Health's portal does) from the moment
the invitation was queued. Staff see the date on the invitation step and the follow-up
worklist, the patient on the printed card. A resend makes a new invitation, at most one a
day to the same patient (as Epic enforces; the TCPA exemption allows one text a day).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from kiosk.enrollment import TransitionError, iso, parse_iso
from kiosk.messages import QT_TRANSLATE_NOOP

RESEND_GAP = timedelta(days=1)


def invitation_expiry(
    sent_at: str | None, portal_expires_at: str | None, default_days: int
) -> str | None:
    """The portal's expiry when it gave one, else `default_days` after the invitation."""
    if portal_expires_at:
        try:
            return iso(parse_iso(portal_expires_at))
        except ValueError:
            pass  # an unreadable date from the portal: fall back to the setting
    if not sent_at:
        return None
    return iso(parse_iso(sent_at) + timedelta(days=default_days))


def is_expired(expires_at: str | None, now: datetime) -> bool:
    if not expires_at:
        return False
    return parse_iso(expires_at) <= now


def resend_allowed(last_sent_at: str | None, now: datetime) -> bool:
    """Whether another invitation may go to the patient now: at most one a day."""
    return not last_sent_at or now >= parse_iso(last_sent_at) + RESEND_GAP


def check_resend(last_sent_at: str | None, now: datetime) -> None:
    """Raises TransitionError (words for staff) when an invitation went out less than a day
    ago: the patient gets at most one a day."""
    if last_sent_at is None or resend_allowed(last_sent_at, now):
        return
    allowed = parse_iso(last_sent_at) + RESEND_GAP
    hours = max(1, int((allowed - now).total_seconds() // 3600) + 1)
    raise TransitionError(
        QT_TRANSLATE_NOOP(
            "Enrollment",
            "An invitation already went to this patient in the last 24 hours; "
            "a new one can be sent in about {hours} hour(s).",
        ).format(hours=hours)
    )
