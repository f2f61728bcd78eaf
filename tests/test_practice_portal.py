"""Portal usage for the playbook: the usage-summary endpoint of the reference portal server
(a real process), and the vendor's monthly CSV for portals without that API."""

from __future__ import annotations

import pytest
from portal_server import PortalServer

from kiosk import secrets
from kiosk.practice import (
    CsvImportError,
    EhrFigures,
    ManualFigures,
    MonthSources,
    PortalUsage,
    guess_mapping,
    import_usage_csv,
    parse_number,
    playbook_gaps,
    playbook_rows,
    read_csv_header,
)
from kiosk.sync.http import AuthError
from kiosk.sync.portal import RestPortalGateway
from kiosk.sync.practice_read import CSV_MAPPING_KEY, cached_sources, refresh_usage


@pytest.fixture(scope="module")
def portal():
    server = PortalServer()
    server.start()
    yield server
    server.stop()


def test_usage_summary_endpoint_counts_the_months_activity(portal, store):
    secrets.set_secret("portal_api_key", portal.api_key)
    for user in ("u1", "u2", "u3"):
        portal.record(user, "account_opened", "2026-10-01T10:00:00+00:00")
    portal.record("u4", "account_opened", "2026-11-20T10:00:00+00:00")
    portal.record("u1", "message_sent", "2026-11-02T10:00:00+00:00")
    portal.record(
        "u1",
        "message_received",
        "2026-11-02T14:00:00+00:00",
        reply_to_at="2026-11-02T10:00:00+00:00",
    )
    portal.record(
        "u2",
        "message_received",
        "2026-11-03T18:00:00+00:00",
        reply_to_at="2026-11-03T08:00:00+00:00",
    )
    portal.record("u1", "appointment_booked", "2026-11-04T10:00:00+00:00")
    portal.record(
        "u2", "result_viewed", "2026-11-05T20:00:00+00:00", available_at="2026-11-05T09:00:00+00:00"
    )
    portal.record(
        "u2", "result_viewed", "2026-11-09T08:00:00+00:00", available_at="2026-11-06T09:00:00+00:00"
    )
    portal.record("u4", "payment", "2026-11-21T10:00:00+00:00", amount=125.5)
    portal.record("u3", "login", "2026-10-21T10:00:00+00:00")  # October: not November's

    gateway = RestPortalGateway(portal.url)
    usage = refresh_usage(store, gateway, "2026-11", "2026-12-02T09:00:00Z")
    assert usage == PortalUsage(
        month="2026-11",
        accounts_with_access=4,
        active_users=3,  # u1 u2 u4
        multi_feature_users=2,  # u1 messaging+scheduling, u2 messaging+results
        messages_sent=1,
        messages_received=2,
        median_response_hours=7.0,  # 4 h and 10 h
        appointments_booked=1,
        results_viewed=2,
        results_viewed_same_day=1,
        payments_amount=125.5,
        source="api",
    )
    sources, _ = cached_sources(store, "2026-11")
    assert sources.usage == usage  # cached for the dashboard and offline use


def test_usage_summary_with_a_wrong_key_is_an_auth_error(portal):
    gateway = RestPortalGateway(portal.url, key_reader=lambda _name: "wrong")
    with pytest.raises(AuthError):
        gateway.usage_summary("2026-11")


MESSY = """\ufeffReport Month,Practice ID,Patients With Access,Active Users,Used 2+ Features,\
Messages Sent,Messages Received,Median Response (hours),Online Bookings,Results Viewed,\
Results Viewed Same Day,Online Payments,Notes
2026-09,RFM-01,"4,210","1,702",640,"2,011","1,980",6.5,312,"1,104",702,"$18,230.40",ok
Oct 2026,RFM-01,"4,388","1,790",655,"2,140","2,090",5.75,330,"1,210",790,"$19,004.10",
2026-11 , RFM-01 ,"4,501","1,845",(none),"2,233","2,204",5.5,341,"1,250",812,"$20,115.00",late
"""


def test_a_messy_vendor_csv_imports_with_a_mapping_remembered_for_next_month(store):
    header = read_csv_header(MESSY)
    mapping = guess_mapping(header)
    assert mapping["month"] == "Report Month"
    assert mapping["results_viewed"] == "Results Viewed"
    assert mapping["results_viewed_same_day"] == "Results Viewed Same Day"
    assert "Practice ID" not in mapping.values() and "Notes" not in mapping.values()
    months = import_usage_csv(MESSY, mapping)
    assert sorted(months) == ["2026-09", "2026-10", "2026-11"]
    nov = months["2026-11"]
    assert nov.accounts_with_access == 4501 and nov.active_users == 1845
    assert nov.multi_feature_users is None  # "(none)": unknown, never 0
    assert nov.payments_amount == 20115.0 and nov.median_response_hours == 5.5
    assert months["2026-10"].messages_sent == 2140

    # The manager renamed a column next month: last month's choice is kept where it still fits.
    store.cache_put(CSV_MAPPING_KEY, mapping)
    renamed = MESSY.replace("Online Bookings", "Self-Scheduled Visits")
    remembered = store.cache_get(CSV_MAPPING_KEY)[0]
    again = guess_mapping(read_csv_header(renamed), remembered)
    assert again["month"] == "Report Month"
    assert again["appointments_booked"] == "Self-Scheduled Visits"


def test_a_month_missing_from_the_csv_says_which_source_is_missing():
    text = MESSY.replace("Oct 2026", "2026-08")  # the file skips October
    months = import_usage_csv(text, guess_mapping(read_csv_header(text)))
    assert "2026-10" not in months
    ehr = EhrFigures(
        start=__import__("datetime").date(2026, 11, 1),
        enrolled=40,
        declined=10,
        new_patients_enrolled=35,
        enrolled_to_date=900,
        patients_seen=7000,
        appointments=2000,
        pending_local=0,
    )
    rows = {
        r.key: r
        for r in playbook_rows(
            MonthSources(ehr, months["2026-11"], ManualFigures("2026-11", phone_calls=900)),
            MonthSources(None, months.get("2026-10"), None),
        )
    }
    assert rows["enrollment_rate"].value == pytest.approx(4501 / 7000)
    assert rows["enrollment_rate"].previous is None and rows["enrollment_rate"].change is None
    assert rows["appointments_booked_share"].value == pytest.approx(341 / 2000)
    assert rows["payments_share"].value is None and rows["payments_share"].missing == "manual"
    assert rows["multi_feature_rate"].missing == "portal"
    for row in rows.values():
        assert row.value is not None or row.missing in ("ehr", "portal", "manual")
    gaps = playbook_gaps(list(rows.values()), app_install_rate=0.34)
    assert [g.key for g in gaps] == ["app_install_rate"]  # 64% enrolled, 41% active: on goal
    low = MonthSources(
        ehr, PortalUsage("2026-11", accounts_with_access=2100, active_users=420), None
    )
    gaps = playbook_gaps(playbook_rows(low, low), app_install_rate=0.34)
    assert [g.key for g in gaps] == ["enrollment_rate", "active_user_rate", "app_install_rate"]


@pytest.mark.parametrize("bad", ["12a", "-5", "1.2.3"])
def test_bad_numbers_in_the_csv_are_clear_messages(bad):
    with pytest.raises(CsvImportError):
        parse_number(bad)
    text = f"Month,Active Users\n2026-11,{bad}\n"
    with pytest.raises(CsvImportError, match="Line 2"):
        import_usage_csv(text, {"month": "Month", "active_users": "Active Users"})


def test_every_playbook_metric_is_a_csv_row_naming_a_missing_source(store):
    from datetime import date

    from kiosk.metrics import Period, compute
    from kiosk.practice import PLAYBOOK
    from kiosk.report import practice_rows, to_csv
    from kiosk.sync.practice_read import ehr_key, usage_key

    ehr = EhrFigures(date(2026, 11, 1), 40, 10, 35, 900, 7000, 2000, 0, 12, "2026-12-01T08:00:00Z")
    store.cache_put(ehr_key("2026-11"), ehr.to_json())
    store.cache_put(usage_key("2026-10"), PortalUsage("2026-10", 4300, 1700).to_json())
    store.cache_put(usage_key("2026-11"), PortalUsage("2026-11", 4501, 1845).to_json())
    period = Period.month(2026, 11)
    text = to_csv(compute(store, period), practice_rows(store, period))
    lines = [line for line in text.splitlines() if line.startswith("playbook")]
    assert "playbook,ehr_figures_read_at,2026-12-01T08:00:00Z,," in lines
    assert len(lines) == 1 + len(PLAYBOOK)
    assert "playbook:adoption,accounts_with_access,4501,4300,201" in lines
    assert any(line.startswith("playbook:adoption,enrollment_rate_pct,64.3,-,-") for line in lines)
    assert any(line.startswith("playbook:impact,phone_calls,missing: typed-in") for line in lines)
    for line in lines[1:]:
        if line.startswith("playbook:"):
            assert line.split(",")[2] not in ("", "0")
    # 4501 / 7000 = 64.3 % and 1845 / 4501 = 41.0 % are on goal: no gap.
    assert not [line for line in text.splitlines() if line.startswith("playbook_gaps")]
    store.cache_put(usage_key("2026-11"), PortalUsage("2026-11", 2100, 420).to_json())
    text = to_csv(compute(store, period), practice_rows(store, period))
    assert [line for line in text.splitlines() if line.startswith("playbook_gaps")] == [
        "playbook_gaps,1,enrollment_rate,30.0,60-70",  # 2100 / 7000, the biggest gap first
        "playbook_gaps,2,active_user_rate,20.0,40-50",  # 420 / 2100
    ]


def test_admin_page_imports_the_csv_and_saves_typed_figures_with_an_admin_grant(
    qtbot, kiosk_dirs, tmp_path
):
    from datetime import date

    from kiosk.staff import StaffDirectory
    from kiosk.store import Store
    from kiosk.ui.practice_admin import PracticeFiguresPage
    from kiosk.ui.tasks import TaskRunner

    with Store(kiosk_dirs.database) as setup:
        directory = StaffDirectory(setup)
        admin = directory.create("Ana Ruiz", "246802", is_admin=True)
        grant = directory.step_up(admin.id, "246802").grant
    file = tmp_path / "vendor-usage.csv"
    file.write_text(MESSY, "utf-8")
    runner = TaskRunner(lambda: Store(kiosk_dirs.database))
    current = [None]
    page = PracticeFiguresPage(runner, lambda: current[0], today=lambda: date(2026, 12, 2))
    qtbot.addWidget(page)
    try:
        assert page.month == date(2026, 11, 1)
        page.path_field.setText(str(file))
        page.read_button.click()
        qtbot.waitUntil(lambda: page.import_button.isEnabled(), timeout=10000)
        assert page.mapping()["month"] == "Report Month"
        page.import_button.click()  # no administrator's PIN: refused, nothing saved
        qtbot.waitUntil(lambda: "administrator" in page.status.text(), timeout=10000)
        current[0] = grant
        page.import_button.click()
        qtbot.waitUntil(lambda: "2026-11" in page.status.text(), timeout=10000)

        page.fields["phone_calls"].setText("3,120")
        page.fields["satisfaction_pct"].setText("186")  # a typo: refused, kept on screen
        page.save_button.click()
        assert "0 to 100" in page.status.text()
        assert page.fields["phone_calls"].text() == "3,120"
        page.fields["satisfaction_pct"].setText("86")
        page.save_button.click()
        qtbot.waitUntil(lambda: page.status.text() == "Saved.", timeout=10000)
    finally:
        runner.shutdown()
    with Store(kiosk_dirs.database) as store:
        sources, _ = cached_sources(store, "2026-11")
        assert sources.usage.accounts_with_access == 4501 and sources.usage.source == "csv"
        assert sources.manual == ManualFigures("2026-11", 3120, 86.0, None)
        actions = [row["action"] for row in store.audit_log()]
        assert "practice.usage-imported" in actions and "practice.figures-typed" in actions
