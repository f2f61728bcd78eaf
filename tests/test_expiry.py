"""Invitation expiry (kiosk/expiry.py): the portal's date or the setting, expired first on the
worklist, at most one resend a day, and the date on the printed card."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kiosk import expiry, metrics
from kiosk.card import CardContent, howto_steps
from kiosk.enrollment import Channel, Enrollment, Patient, TransitionError, iso, utcnow
from kiosk.ui.worklist import resend_invitation

NOW = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)


def test_portal_expiry_wins_else_the_setting() -> None:
    sent = "2026-12-01T10:00:00Z"
    assert expiry.invitation_expiry(sent, "2026-12-04T10:00:00Z", 7) == "2026-12-04T10:00:00Z"
    assert expiry.invitation_expiry(sent, None, 7) == "2026-12-08T10:00:00Z"
    assert expiry.invitation_expiry(sent, "not a date", 3) == "2026-12-04T10:00:00Z"
    assert expiry.invitation_expiry(None, None, 7) is None
    assert expiry.is_expired("2026-12-02T14:59:59Z", NOW)
    assert not expiry.is_expired("2026-12-02T15:00:01Z", NOW)
    assert not expiry.is_expired(None, NOW)


def test_one_resend_a_day() -> None:
    expiry.check_resend(None, NOW)
    expiry.check_resend(iso(NOW - timedelta(days=1)), NOW)
    with pytest.raises(
        TransitionError, match="last 24 hours; a new one can be sent in about 5 hour"
    ):
        expiry.check_resend(iso(NOW - timedelta(hours=20)), NOW)


def test_one_a_day_is_said_in_the_screen_language() -> None:
    from kiosk.ui.i18n import Catalogue
    from kiosk.ui.language import locales_dir

    with pytest.raises(TransitionError) as refused:
        expiry.check_resend(iso(NOW - timedelta(hours=20)), NOW)
    message = refused.value.args[0]
    spanish = Catalogue(locales_dir()).text("es", message)
    assert "últimas 24 horas" in spanish and "unas 5 hora" in spanish


def enrolled(store, given: str, days_ago: int) -> Enrollment:
    at = utcnow() - timedelta(days=days_ago)
    e = store.apply(Enrollment.start("staff-1", Patient(given, "Ruiz", "1970-01-01"), now=at))
    e = store.apply(
        e.capture_contact(email="a@example.org", mobile=None, channel=Channel.EMAIL, now=at)
    )
    e = store.apply(e.send_invitation(now=at))
    return store.apply(e.finish(3, now=at))


def test_worklist_shows_expired_invitations_first_and_resend_makes_a_new_one(store) -> None:
    # Both past the 3-day follow-up window; only the older one's 7-day link has expired.
    enrolled(store, "Nina", 4)
    older = enrolled(store, "Olga", 9)
    store.conn.execute(
        "UPDATE enrollments SET follow_up_due=? WHERE id=?",
        (iso(utcnow() - timedelta(days=3)), older.id),
    )  # the older one is due later: only expiry puts it first
    total, rows = metrics.follow_up_worklist(store, utcnow(), expiry_days=7)
    assert total == 2
    assert [r.given_name for r in rows] == ["Olga", "Nina"]
    assert rows[0].expired(utcnow()) and not rows[1].expired(utcnow())
    resend_invitation(store, older.id, "staff-2")
    _, rows = metrics.follow_up_worklist(store, utcnow(), expiry_days=7)
    fresh = next(r for r in rows if r.given_name == "Olga")
    assert not fresh.expired(utcnow())  # the new invitation's link runs from now
    with pytest.raises(TransitionError, match="24 hours"):
        resend_invitation(store, older.id, "staff-2")  # never twice a day
    kinds = [i["kind"] for i in store.outbox_items(older.id)]
    assert kinds.count("portal.invitation") == 2


@pytest.mark.parametrize(("language", "words"), [("en", "works until"), ("es", "funciona hasta")])
def test_card_says_until_when_the_link_works(language: str, words: str) -> None:
    from kiosk.ui.i18n import Catalogue
    from kiosk.ui.language import locales_dir

    catalogue = Catalogue(locales_dir())  # the card's words, from locales/kiosk_<code>.ts
    content = CardContent(
        "Riverside", "Patient Portal", "https://p.example.org", "https://p.example.org",
        "a@example.org", "+1 213 555 0100", 1, language, invitation_expires="December 9, 2026",
    )  # fmt: skip
    first = howto_steps(content, catalogue.text)[0]
    assert words in first and "December 9, 2026" in first and "+1 213 555 0100" in first
