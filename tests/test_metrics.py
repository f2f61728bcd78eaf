"""Every dashboard number against a real SQLite store seeded through the domain.

The expected values are counted by hand from the visits listed in `november` below.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kiosk import metrics
from kiosk.enrollment import Channel, DeclineReason
from kiosk.metrics import Period
from tests import seed

NOW = datetime(2026, 12, 20, 12, 0, tzinfo=UTC)
NOV = Period.month(2026, 11, UTC)


def at(month: int, day: int, hour: int = 10, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, second, tzinfo=UTC)


@pytest.fixture
def november(store):
    """October: 1 enrolled (patient 10, no desk login) + 1 declined (other) at 23:59:59 on
    Oct 31. November (10 visits):
      E1 s1 Nov 2   enrolled email, login, demo messaging, app, card, portal active   (pt 1)
      E2 s1 Nov 3   enrolled sms, no login, demo scheduling, card, portal invited     (pt 2)
      E3 s2 Nov 3   enrolled email, no login, no demo, app                            (pt 3)
      E4 s2 Nov 28  enrolled email, no login, demo messaging (window ends Dec 5)      (pt 4)
      E5 s1 Nov 20  enrolled email, login, no demo - patient 10 again (not new)      (pt 10)
      D1 s1 Nov 5   declined no-email, SMS remedy given
      D2 s2 Nov 6   declined privacy, no remedy
      D3 s2 Nov 7   declined no-email, remedy given, after a messaging demo
      A1 temp-7 Nov 8  abandoned after the email invitation (no staff row)
      P1 s1 Nov 30 23:59  still in progress
    December 1 00:00:00: one enrollment (not November)."""
    seed.add_staff(store, "s1", "Ana Front Desk")
    seed.add_staff(store, "s2", "Ben Reception")
    ids = {}
    ids["O1"] = seed.enrolled(store, "s1", at(10, 15), 10, first_login=False).id
    seed.declined(store, "s2", at(10, 31, 23, 59, 0), DeclineReason.OTHER, 12)
    ids["E1"] = seed.enrolled(store, "s1", at(11, 2), 1, portal="active").id
    ids["E2"] = seed.enrolled(
        store,
        "s1",
        at(11, 3),
        2,
        channel=Channel.SMS,
        first_login=False,
        demo="scheduling",
        app_install=False,
        portal="invited",
    ).id
    ids["E3"] = seed.enrolled(
        store, "s2", at(11, 3, 11), 3, first_login=False, demo=None, card=False
    ).id
    ids["E4"] = seed.enrolled(
        store, "s2", at(11, 28, 9), 4, first_login=False, app_install=False, card=False
    ).id
    ids["E5"] = seed.enrolled(
        store, "s1", at(11, 20), 10, demo=None, app_install=False, card=False
    ).id
    seed.declined(store, "s1", at(11, 5), DeclineReason.NO_EMAIL, 5)
    seed.declined(store, "s2", at(11, 6), DeclineReason.PRIVACY, 6, remedy_taken=False)
    seed.declined(store, "s2", at(11, 7), DeclineReason.NO_EMAIL, 7, demo="messaging")
    seed.abandoned(store, "temp-7", at(11, 8), 8, after_invitation=True)
    seed.in_progress(store, "s1", at(11, 30, 23, 59), 9)
    seed.enrolled(store, "s1", at(12, 1, 0), 11)
    return ids


def test_adoption_counts_and_rates(store, november):
    a = metrics.adoption(store, NOV)
    assert (a.approached, a.enrolled, a.declined, a.abandoned, a.in_progress) == (10, 5, 3, 1, 1)
    assert a.enrollment_rate == pytest.approx(0.5)
    assert a.new_enrollments == 4  # patients 1, 2, 3, 4; patient 10 enrolled in October
    assert a.first_login_in_office == 2  # E1, E5
    assert a.first_login_rate == pytest.approx(0.4)
    assert a.active_accounts == 1  # E1 (E2 is "invited")
    assert a.active_rate == pytest.approx(0.2)
    assert a.decline_rate == pytest.approx(0.3)


def test_previous_period_and_deltas(store, november):
    m = metrics.compute(store, NOV, now=NOW)
    p = m.previous
    assert (p.approached, p.enrolled, p.declined, p.new_enrollments) == (2, 1, 1, 1)
    assert m.delta("approached").change == 8
    assert m.delta("approached").direction == "up"
    assert m.delta("enrollment_rate").direction == "same"  # 5/10 vs 1/2
    assert m.delta("first_login_rate").change == pytest.approx(0.4)  # 2/5 - 0/1
    assert m.delta("declined").change == 2
    assert set(m.deltas()) == set(metrics.HEADLINES)


def test_engagement(store, november):
    g = metrics.engagement(store, NOV)
    assert g.demos_by_feature == {"messaging": 3, "scheduling": 1}  # E1, E4, D3 / E2
    assert g.demos == 4
    assert g.app_installs == 2  # E1, E3
    assert g.cards_printed == 2  # E1, E2
    assert g.invitations_by_channel == {"email": 5, "sms": 1}  # E1 E3 E4 E5 A1 / E2
    assert g.invitations == 6
    assert g.app_install_rate == pytest.approx(0.4)
    assert g.card_rate == pytest.approx(0.4)


def test_barriers_with_remedies(store, november):
    rows = metrics.barriers(store, NOV)
    assert [(b.reason, b.count, b.remedy, b.remedy_taken) for b in rows] == [
        ("no-email", 2, "sms-invitation", 2),
        ("privacy-concern", 1, "privacy-handout", 0),
        ("not-comfortable-with-computers", 0, "help-session", 0),
        ("no-perceived-benefit", 0, "benefits-summary", 0),
        ("other", 0, "none", 0),
    ]
    assert rows[0].remedy_rate == 1.0
    assert rows[1].remedy_rate == 0.0
    assert rows[2].remedy_rate is None


def test_staff_rows_use_display_names(store, november):
    rows = metrics.staff(store, NOV)
    assert [(r.staff_id, r.display_name, r.approached, r.enrolled) for r in rows] == [
        ("s1", "Ana Front Desk", 5, 3),  # E1 E2 E5 D1 P1
        ("s2", "Ben Reception", 4, 2),  # E3 E4 D2 D3
        ("temp-7", "temp-7", 1, 0),  # no staff row: the id is shown
    ]
    assert rows[0].enrollment_rate == pytest.approx(0.6)
    assert rows[2].enrollment_rate == 0.0


def test_follow_up_counts(store, november):
    # Nov cohort: E2 and E3 are past their window (Nov 10) with no active account; E4's
    # window ends Dec 5, after the period; E1 is active; E5 logged in at the desk.
    f = metrics.follow_up(store, NOV, NOW)
    assert f.past_window == 2
    # Worklist now: O1 (Oct), E2, E3, E4.
    assert (f.open_worklist, f.called) == (4, 0)
    o1 = store.get_enrollment(november["O1"])
    store.raise_follow_up(o1.follow_up_raised(now=at(10, 23)))
    store.update_follow_up(november["O1"], "closed", "s1", "moved away")
    e2 = store.get_enrollment(november["E2"])
    store.raise_follow_up(e2.follow_up_raised(now=at(11, 11)))
    store.update_follow_up(november["E2"], "called", "s1")
    f = metrics.follow_up(store, NOV, NOW)
    assert (f.past_window, f.open_worklist, f.called) == (2, 3, 1)
    # Before E4's window closes it is not on the list.
    assert metrics.follow_up(store, NOV, at(12, 4)).open_worklist == 2


def test_worklist_oldest_first_with_names(store, november):
    total, rows = metrics.follow_up_worklist(store, NOW)
    assert total == 4
    assert [r.enrollment_id for r in rows] == [november[k] for k in ("O1", "E2", "E3", "E4")]
    assert rows[1].given_name == seed.patient(2).given_name
    assert rows[1].channel == "sms" and rows[1].portal_status == "invited"
    assert rows[0].days_overdue(NOW) == 59  # due Oct 22 10:01: 9 + 30 + 20 days to Dec 20
    total, rows = metrics.follow_up_worklist(store, NOW, limit=2)
    assert total == 4 and len(rows) == 2


def test_trend_by_day_for_a_month(store, november):
    unit, points = metrics.trend(store, NOV)
    assert unit == "day" and len(points) == 30
    by_day = {p.start.day: (p.approached, p.enrolled) for p in points}
    assert by_day[2] == (1, 1)
    assert by_day[3] == (2, 2)
    assert by_day[5] == (1, 0)
    assert by_day[30] == (1, 0)  # P1 at 23:59
    assert by_day[1] == (0, 0)
    assert points[0].rate is None and points[2].rate == 1.0 and points[4].rate == 0.0
    assert sum(p.approached for p in points) == 10


def test_trend_by_week_for_a_year(store, november):
    year = Period.custom(date(2026, 1, 1), date(2026, 12, 31), UTC)
    unit, points = metrics.trend(store, year)
    assert unit == "week"
    assert points[0].start == date(2026, 1, 1) and points[1].start == date(2026, 1, 5)
    assert sum(p.approached for p in points) == 13  # 2 in Oct, 10 in Nov, 1 in Dec
    week_of_nov_2 = next(p for p in points if p.start == date(2026, 11, 2))
    assert (week_of_nov_2.approached, week_of_nov_2.enrolled) == (7, 3)  # Nov 2-8


def test_day_trend_shows_the_fortnight_ending_that_day(store, november):
    unit, points = metrics.trend(store, Period.day(date(2026, 11, 8), UTC))
    assert unit == "day" and len(points) == 14
    assert points[-1].start == date(2026, 11, 8) and points[-1].approached == 1


def test_empty_period_has_no_rates_and_no_nan(store, november):
    m = metrics.compute(store, Period.month(2025, 1, UTC), now=NOW)
    a = m.adoption
    assert (a.approached, a.enrolled, a.declined, a.abandoned, a.new_enrollments) == (0,) * 5
    assert a.enrollment_rate is None and a.first_login_rate is None and a.active_rate is None
    assert m.engagement.demos_by_feature == {}
    assert m.engagement.invitations_by_channel == {"email": 0, "sms": 0}
    assert m.engagement.card_rate is None
    assert [b.count for b in m.barriers] == [0] * 5
    assert m.staff == ()
    assert m.follow_up.past_window == 0
    assert len(m.trend) == 31 and all(p.rate is None for p in m.trend)
    assert m.delta("enrollment_rate").change is None
    assert m.delta("enrollment_rate").direction is None
    for value in (a.enrollment_rate, m.engagement.app_install_rate):
        assert value is None or not math.isnan(value)


def test_empty_store(store):
    m = metrics.compute(store, NOV, now=NOW)
    assert m.adoption.approached == 0
    assert m.sync == metrics.SyncHealth(0, 0, None)
    assert metrics.follow_up_worklist(store, NOW) == (0, [])


def test_period_with_only_declines(store, november):
    only_declines = Period.custom(date(2026, 11, 5), date(2026, 11, 7), UTC)
    m = metrics.compute(store, only_declines, now=NOW)
    a = m.adoption
    assert (a.approached, a.enrolled, a.declined) == (3, 0, 3)
    assert a.enrollment_rate == 0.0  # nobody enrolled: 0 %, not "no data"
    assert a.first_login_rate is None and a.active_rate is None
    assert m.engagement.app_install_rate is None and m.engagement.card_rate is None
    assert m.engagement.demos_by_feature == {"messaging": 1}
    assert [(s.display_name, s.enrollment_rate) for s in m.staff] == [
        ("Ana Front Desk", 0.0),  # equal enrolled (0): by name
        ("Ben Reception", 0.0),
    ]
    # The previous period is the 3 days before: Nov 2-4 holds E1, E2, E3.
    assert (m.previous.approached, m.previous.enrolled) == (3, 3)
    assert m.previous == metrics.adoption(store, only_declines.previous())


def test_sync_health(store):
    seed.add_staff(store, "s1", "Ana")
    e1 = seed.enrolled(store, "s1", at(11, 2))  # invitation + enrollment record queued
    seed.declined(store, "s1", at(11, 3), DeclineReason.PRIVACY, 2)  # record queued
    health = metrics.sync_health(store, at(11, 4))
    oldest = at(11, 2, 10, 0, 30)  # the invitation, sent 30 s into the first visit
    assert health == metrics.SyncHealth(3, 0, int((at(11, 4) - oldest).total_seconds()))
    first, second = (
        store.claim_due(limit=1, now=at(11, 4)) + store.claim_due(limit=5, now=at(11, 4))[:1]
    )
    store.mark_sent(first.seq)
    store.mark_dead(second.seq, "400 Bad Request: unknown patient")
    health = metrics.sync_health(store, at(11, 4))
    assert (health.queued, health.dead_letters) == (1, 1)
    assert e1.id in (first.enrollment_id, second.enrollment_id)


def test_aggregates_hold_no_patient_data(store, november):
    text = repr(metrics.compute(store, NOV, now=NOW))
    for n in (1, 2, 3, 4, 5, 10):
        p = seed.patient(n)
        assert p.family_name not in text and p.birth_date not in text
    assert "@example.org" not in text and "+1213555" not in text


def test_periods():
    assert NOV.previous() == Period.month(2026, 10, UTC)
    assert Period.month(2026, 1).previous() == Period.month(2025, 12)
    assert Period.month(2026, 12).shifted(1) == Period.month(2027, 1)
    week = Period.week(date(2026, 11, 19))  # a Thursday
    assert (week.start, week.end) == (date(2026, 11, 16), date(2026, 11, 23))
    assert week.previous().start == date(2026, 11, 9)
    custom = Period.custom(date(2026, 11, 5), date(2026, 11, 7))
    assert custom.days == 3
    assert (custom.previous().start, custom.previous().end) == (date(2026, 11, 2), custom.start)
    assert Period.parse_month("2026-11") == Period.month(2026, 11)
    with pytest.raises(ValueError, match="YYYY-MM"):
        Period.parse_month("November")
    with pytest.raises(ValueError, match="YYYY-MM"):
        Period.parse_month("2026-13")
    with pytest.raises(ValueError):
        Period("custom", date(2026, 1, 2), date(2026, 1, 2))
    assert NOV.label() == "November 2026"


def test_period_bounds_follow_the_practice_time_zone_across_dst():
    la = ZoneInfo("America/Los_Angeles")
    # 1 Nov 2026 00:00 is still daylight time (-7); 1 Dec is standard time (-8).
    assert Period.month(2026, 11, la).bounds() == ("2026-11-01T07:00:00Z", "2026-12-01T08:00:00Z")
    assert Period.day(date(2026, 11, 1), UTC).bounds()[1] == "2026-11-02T00:00:00Z"


def test_local_time_zone_is_the_default():
    start, _ = Period.day(date(2026, 6, 1)).bounds()
    expected = datetime(2026, 6, 1).astimezone().astimezone(UTC)
    assert start == expected.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert timedelta(0) <= datetime(2026, 6, 2, tzinfo=UTC) - expected <= timedelta(days=2)


def test_new_enrollment_lookup_uses_the_patient_key_index(store):
    start, end = NOV.bounds()
    plan = " ".join(
        str(row)
        for row in store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT 1 FROM enrollments WHERE outcome = 'enrolled' AND "
            f"{metrics._PATIENT_KEY} = 'pt:x' AND created_at < ?",
            (start,),
        )
    )
    assert "idx_enrollments_patient_key" in plan
