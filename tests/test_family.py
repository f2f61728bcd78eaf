"""Families (kiosk/family.py): age decides the path; proxies, assent and consent rules."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kiosk import family
from kiosk.enrollment import Channel, OutboxKind, Patient, StepId, StepStatus, TransitionError
from kiosk.family import AgePath, AgeTiers, ProxyKind
from kiosk.store import purged_record

TIERS = AgeTiers()
NOW = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
TODAY = date(2026, 12, 2)


def born(years_ago: int, month: int = 12, day: int = 2) -> str:
    return date(TODAY.year - years_ago, month, day).isoformat()


@pytest.mark.parametrize(
    ("birth", "path"),
    [
        (born(13), AgePath.TEEN),  # 13th birthday today
        (born(13, 12, 3), AgePath.CHILD),  # 13 tomorrow: still 12
        (born(12), AgePath.CHILD),
        (born(18), AgePath.ADULT),  # 18th birthday today
        (born(18, 12, 3), AgePath.TEEN),  # 18 tomorrow: still 17
        (born(17), AgePath.TEEN),
        (born(0), AgePath.CHILD),  # born today
        (born(40, 1, 1), AgePath.ADULT),
    ],
)
def test_age_boundaries(birth: str, path: AgePath) -> None:
    assert family.path_for(birth, TODAY, TIERS) == path


def test_leap_day_births_turn_older_on_first_of_march_in_common_years() -> None:
    leap = date(2008, 2, 29)  # 18 in 2026, a common year
    assert family.age_on(leap, date(2026, 2, 28)) == 17
    assert family.age_on(leap, date(2026, 3, 1)) == 18
    assert family.path_for("2008-02-29", date(2026, 2, 28), TIERS) == AgePath.TEEN
    assert family.path_for("2008-02-29", date(2026, 3, 1), TIERS) == AgePath.ADULT
    # 13th birthday in a leap year falls on the day itself.
    assert family.path_for("2012-02-29", date(2025, 2, 28), TIERS) == AgePath.CHILD
    assert family.path_for("2012-02-29", date(2025, 3, 1), TIERS) == AgePath.TEEN
    assert family.age_on(date(2012, 2, 29), date(2024, 2, 29)) == 12


def test_thresholds_are_settings() -> None:
    tiers = AgeTiers(proxy_only_under=12, adult_at=18)
    assert family.path_for(born(12), TODAY, tiers) == AgePath.TEEN
    assert family.path_for(born(12), TODAY, TIERS) == AgePath.CHILD
    with pytest.raises(ValueError):
        AgeTiers(proxy_only_under=19, adult_at=18)


def test_future_or_bad_birth_date_is_a_clear_message() -> None:
    with pytest.raises(TransitionError, match="future"):
        family.path_for("2027-01-01", TODAY, TIERS)
    with pytest.raises(TransitionError, match="not a valid date"):
        family.path_for("2026-02-30", TODAY, TIERS)


def start(birth: str):
    patient = Patient("Ana", "Lopez", birth, ehr_id="p1")
    return family.start("staff-1", patient, "en", TIERS, TODAY, NOW).enrollment


def test_child_path_enrolls_the_guardian_as_proxy() -> None:
    child = start(born(9))
    assert child.age_path == "child"
    with pytest.raises(TransitionError, match="parent or guardian"):
        child.capture_contact(email="kid@example.org", mobile=None, channel=Channel.EMAIL)
    change = family.capture_guardian(
        child,
        given_name="Maria",
        family_name="Lopez",
        relationship="MTH",
        email="maria@example.org",
        mobile=None,
        channel=Channel.EMAIL,
        now=NOW,
    )
    e = change.enrollment
    assert e.status(StepId.COLLECT_CONTACT) == StepStatus.DONE
    assert e.email == "maria@example.org"  # the invitation, login and card are the proxy's
    assert change.outbox == []  # never the child's Patient.telecom
    sent = e.send_invitation(NOW).outbox
    # The EHR documentation goes right after the invitation, never ahead of it.
    assert [i.kind for i in sent] == [OutboxKind.PORTAL_INVITATION, OutboxKind.PROXY_ACCESS]
    proxy = sent[1].payload["proxy"]
    assert proxy["relationship"] == "MTH" and proxy["consent_by"] == "guardian"
    invitation = sent[0].payload
    assert invitation["proxy"]["relationship"] == "MTH"
    assert invitation["email"] == "maria@example.org"
    assert family.is_proxy_enrollment(e)


def test_guardian_relationship_and_names_are_required() -> None:
    child = start(born(5))
    common = dict(email="m@example.org", mobile=None, channel=Channel.EMAIL, now=NOW)
    with pytest.raises(TransitionError, match="related"):
        family.capture_guardian(
            child, given_name="M", family_name="L", relationship="FRND", **common
        )
    with pytest.raises(TransitionError, match="first and last name"):
        family.capture_guardian(
            child, given_name=" ", family_name="L", relationship="MTH", **common
        )


def test_guardian_sms_needs_their_own_consent_for_that_number() -> None:
    child = start(born(5))
    args = dict(
        given_name="M",
        family_name="L",
        relationship="FTH",
        email=None,
        mobile="+12135550123",
        channel=Channel.SMS,
        now=NOW,
    )
    with pytest.raises(TransitionError, match="agree"):
        family.capture_guardian(child, **args)
    consent = family.SmsConsent("+12135550123", "en", "words", "2026-12-02T15:00:00Z", "proxy")
    change = family.capture_guardian(child, sms_consent=consent, **args)
    assert change.enrollment.sms_consent_record["words"] == "words"
    sent = change.enrollment.send_invitation(NOW).outbox
    assert [i.kind for i in sent] == [
        OutboxKind.PORTAL_INVITATION,
        OutboxKind.PROXY_ACCESS,
        OutboxKind.SMS_CONSENT,
    ]


def test_teen_needs_own_assent_before_contact() -> None:
    teen = start(born(15))
    assert teen.age_path == "teen"
    with pytest.raises(TransitionError, match="teen must agree"):
        teen.capture_contact(email="t@example.org", mobile=None, channel=Channel.EMAIL)
    teen = family.record_teen_assent(teen, NOW).enrollment
    assert teen.teen_assent_at
    change = family.capture_contact(teen, email="t@example.org", mobile=None, channel=Channel.EMAIL)
    assert change.enrollment.status(StepId.COLLECT_CONTACT) == StepStatus.DONE
    with pytest.raises(TransitionError):
        family.record_teen_assent(start(born(30)), NOW)


def enrolled(birth: str):
    e = start(birth)
    if e.age_path == "teen":
        e = family.record_teen_assent(e, NOW).enrollment
    e = e.capture_contact(email="p@example.org", mobile=None, channel=Channel.EMAIL).enrollment
    e = e.send_invitation(NOW).enrollment
    return e.finish(7, NOW).enrollment


def test_teen_parent_proxy_is_limited_and_needs_teen_assent() -> None:
    teen = enrolled(born(16))
    args = dict(
        kind=ProxyKind.PARENT_OF_TEEN,
        given_name="Rosa",
        family_name="Lopez",
        relationship="MTH",
        email="rosa@example.org",
        mobile=None,
        channel=Channel.EMAIL,
        now=NOW,
    )
    with pytest.raises(TransitionError, match="teen must agree"):
        family.add_proxy(teen, patient_agreed=False, **args)
    change = family.add_proxy(teen, patient_agreed=True, **args)
    kinds = sorted(i.kind for i in change.outbox)
    assert kinds == [OutboxKind.PROXY_ACCESS, OutboxKind.PORTAL_INVITATION]
    proxy = family.proxies(change.enrollment)[0]
    assert proxy.access == family.ProxyAccess.LIMITED and proxy.consent_by == "patient"
    with pytest.raises(TransitionError, match="caregiver proxy is for adult"):
        family.add_proxy(teen, **{**args, "kind": ProxyKind.CAREGIVER}, patient_agreed=True)


def test_adult_caregiver_after_own_enrollment_with_consent() -> None:
    adult = start(born(80))
    args = dict(
        kind=ProxyKind.CAREGIVER,
        given_name="Sam",
        family_name="Lopez",
        relationship="DAUC",
        email="sam@example.org",
        mobile=None,
        channel=Channel.EMAIL,
        patient_agreed=True,
        now=NOW,
    )
    with pytest.raises(TransitionError, match="after the patient's own enrollment"):
        family.add_proxy(adult, **args)
    adult = enrolled(born(80))
    change = family.add_proxy(adult, **args)
    invitation = next(i for i in change.outbox if i.kind == OutboxKind.PORTAL_INVITATION)
    assert invitation.payload["proxy"]["relationship"] == "DAUC"
    assert invitation.payload["email"] == "sam@example.org"
    with pytest.raises(TransitionError, match="agree"):
        family.add_proxy(adult, **{**args, "patient_agreed": False})


def test_purge_keeps_only_proxy_codes() -> None:
    adult = enrolled(born(70))
    e = family.add_proxy(
        adult,
        kind=ProxyKind.CAREGIVER,
        given_name="Sam",
        family_name="Jones",
        relationship="SONC",
        email="sam@example.org",
        mobile=None,
        channel=Channel.EMAIL,
        patient_agreed=True,
        now=NOW,
    ).enrollment
    slim = purged_record(e.to_dict(), "2027-01-01T00:00:00Z")
    assert slim["proxies"] == [{"kind": "caregiver", "relationship": "SONC", "access": "full"}]
    text = str(slim)
    assert "Sam" not in text and "sam@example.org" not in text and "Jones" not in text


def test_metrics_and_report_count_proxy_enrollments_apart(store) -> None:
    from kiosk import metrics, report
    from kiosk.enrollment import utcnow

    now = utcnow()
    today = now.date()
    tiers = AgeTiers()

    def run(birth: str, proxy_kind: ProxyKind | None = None) -> None:
        patient = Patient("Ana", "Lopez", birth)
        e = store.apply(family.start("staff-1", patient, "en", tiers, today, now))
        if e.age_path == "child":
            e = store.apply(
                family.capture_guardian(
                    e,
                    given_name="Maria",
                    family_name="Lopez",
                    relationship="GUARD",
                    email="m@example.org",
                    mobile=None,
                    channel=Channel.EMAIL,
                )
            )
        else:
            if e.age_path == "teen":
                e = store.apply(family.record_teen_assent(e))
            e = store.apply(
                e.capture_contact(email="a@example.org", mobile=None, channel=Channel.EMAIL)
            )
        e = store.apply(e.send_invitation())
        e = store.apply(e.complete_step(StepId.FIRST_LOGIN, "portal-confirmed"))
        e = store.apply(e.finish(7))
        if proxy_kind:
            store.apply(
                family.add_proxy(
                    e,
                    kind=proxy_kind,
                    given_name="Sam",
                    family_name="Lopez",
                    relationship="MTH" if proxy_kind == ProxyKind.PARENT_OF_TEEN else "SONC",
                    email="s@example.org",
                    mobile=None,
                    channel=Channel.EMAIL,
                    patient_agreed=True,
                )
            )

    today_minus = today.replace(year=today.year - 1)
    run(today_minus.replace(year=today.year - 8).isoformat())
    run(today_minus.replace(year=today.year - 9).isoformat())
    run(today_minus.replace(year=today.year - 15).isoformat(), ProxyKind.PARENT_OF_TEEN)
    run(today_minus.replace(year=today.year - 70).isoformat(), ProxyKind.CAREGIVER)
    run(today_minus.replace(year=today.year - 40).isoformat())
    # Purging patient data keeps the codes the counts need.
    store.conn.execute("UPDATE outbox SET state='sent'")  # as if the sync pass delivered all
    assert store.purge_patient_data(now=now.replace(year=now.year + 1)) == 5
    stored = " ".join(r[0] for r in store.conn.execute("SELECT record FROM enrollments"))
    stored += " ".join(r[0] for r in store.conn.execute("SELECT payload FROM outbox"))
    for value in ("Maria", "Sam", "m@example.org", "s@example.org", "Lopez"):
        assert value not in stored  # a proxy's name and contact go with the patient's data
    period = metrics.Period.day(today)
    m = metrics.compute(store, period, now)
    assert m.family == metrics.FamilyCounts(
        own_account=3,
        teen_accounts=1,
        proxy_enrollments=2,
        teen_parent_proxies=1,
        caregiver_proxies=1,
    )
    assert m.adoption.enrolled == 5
    rows = {(r[0], r[1]): r[2] for r in report.csv_rows(m)}
    assert rows[("family", "proxy_enrollments_child")] == "2"
    assert rows[("family", "own_account_enrollments")] == "3"
    assert rows[("family", "caregiver_proxies_added")] == "1"
