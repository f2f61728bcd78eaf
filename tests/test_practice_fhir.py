"""Practice-wide figures read back from the real FHIR test server (Medplum), two kiosks' worth
of enrollments plus Encounters and Appointments over three months, against hand counts."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import requests
from sync_support import MRN_SYSTEM, FhirServer, enroll, make_config

from kiosk import secrets
from kiosk.enrollment import Patient
from kiosk.practice import MonthSources, playbook_rows
from kiosk.sync import wiring
from kiosk.sync.http import OfflineError, SyncError
from kiosk.sync.mapping import MappingContext, enrollment_task
from kiosk.sync.practice_read import cached_sources, local_undelivered, refresh_ehr

CTX = MappingContext(mrn_system=MRN_SYSTEM)


@pytest.fixture
def srv():  # one server per test: two of them kill it to go offline
    server = FhirServer()
    server.start()
    yield server
    server.stop()


def _batch(srv, resources):
    bundle = {
        "resourceType": "Bundle",
        "type": "batch",
        "entry": [
            {"resource": r, "request": {"method": "POST", "url": r["resourceType"]}}
            for r in resources
        ],
    }
    r = requests.post(srv.base_url, json=bundle, headers=srv.auth_headers(), timeout=60)
    r.raise_for_status()
    out = r.json()["entry"]
    assert all(e["response"]["status"].startswith("201") for e in out), out
    return [e["resource"]["id"] for e in out]


def _visit(kiosk, n, patient_id, outcome, day):
    payload = {
        "outcome": outcome,
        "created_at": f"{day}T15:00:00Z",
        "completed_at": f"{day}T15:06:00Z",
        "staff_id": f"{kiosk}-staff",
        "patient": {"ehr_id": patient_id, "given_name": "P", "family_name": str(n)},
        "steps": {},
    }
    if outcome == "declined":
        payload["decline_reason"] = "privacy-concern"
    return enrollment_task(f"{kiosk}-item-{n}", payload, CTX)


@pytest.fixture
def seeded(srv):
    srv.reset_faults(data=True, tokens=True, stats=True)
    ids = _batch(
        srv,
        [
            {"resourceType": "Patient", "identifier": [{"system": MRN_SYSTEM, "value": f"M{i}"}]}
            for i in range(12)
        ],
    )
    p = dict(enumerate(ids))
    visits = [
        # kiosk A
        ("A", 1, p[0], "enrolled", "2026-09-10"),
        ("A", 2, p[1], "declined", "2026-09-11"),
        ("A", 3, p[2], "enrolled", "2026-10-02"),
        ("A", 4, p[3], "enrolled", "2026-10-20"),
        ("A", 5, p[4], "enrolled", "2026-11-03"),
        ("A", 6, p[5], "declined", "2026-11-04"),
        ("A", 7, p[0], "enrolled", "2026-11-05"),  # a repeat: not a new enrollment
        # kiosk B
        ("B", 1, p[9], "enrolled", "2026-10-15"),
        ("B", 2, p[6], "enrolled", "2026-11-12"),
        ("B", 3, p[7], "enrolled", "2026-11-13"),
        ("B", 4, p[8], "declined", "2026-11-30"),
    ]
    _batch(srv, [_visit(*v) for v in visits])

    def encounter(pid, day):
        return {
            "resourceType": "Encounter",
            "status": "finished",
            "class": {
                "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                "code": "AMB",
            },
            "subject": {"reference": f"Patient/{pid}"},
            "period": {"start": f"{day}T09:00:00Z", "end": f"{day}T09:20:00Z"},
        }

    def appointment(pid, day, status):
        return {
            "resourceType": "Appointment",
            "status": status,
            "start": f"{day}T10:00:00Z",
            "end": f"{day}T10:15:00Z",
            "participant": [{"actor": {"reference": f"Patient/{pid}"}, "status": "accepted"}],
        }

    _batch(
        srv,
        [
            encounter(p[0], "2026-03-02"),
            encounter(p[1], "2026-05-02"),
            encounter(p[2], "2026-09-02"),
            encounter(p[3], "2026-10-02"),
            encounter(p[4], "2026-11-02"),
            encounter(p[5], "2026-11-20"),
            encounter(p[0], "2026-11-21"),  # seen twice: one patient
            encounter(p[11], "2025-10-02"),  # outside the 12 months before December
            appointment(p[6], "2026-11-10", "fulfilled"),
            appointment(p[0], "2026-11-03", "fulfilled"),  # also has an Encounter
            appointment(p[7], "2026-11-20", "booked"),  # not yet seen
            appointment(p[8], "2026-10-05", "fulfilled"),
            appointment(p[10], "2026-09-05", "noshow"),  # never seen
        ],
    )
    return p


@pytest.fixture
def client(srv, seeded):
    secrets.set_secret("ehr_client_secret", "kiosk-secret")
    return wiring.fhir_client(make_config(srv))


NOW = "2026-12-02T09:00:00Z"


def test_practice_figures_equal_hand_counts_with_undelivered_local_records(client, store, seeded):
    # This kiosk enrolled patient 10 on Nov 25; the record is still in the outbox.
    local = Patient("Ten", "Local", "1970-01-01", ehr_id=seeded[10])
    enroll(store, local, finished_at=datetime(2026, 11, 25, 16, 0, tzinfo=UTC))
    assert len(local_undelivered(store, MRN_SYSTEM)) == 1

    nov = refresh_ehr(store, client, date(2026, 11, 1), date(2026, 12, 1), 12, MRN_SYSTEM, NOW)
    assert nov.enrolled == 2 + 2 + 1  # A: P4, P0 again; B: P6, P7; local: P10
    assert nov.declined == 2  # A: P5; B: P8
    assert nov.new_patients_enrolled == 4  # P4, P6, P7, P10 (P0 enrolled in September)
    assert nov.enrolled_to_date == 8  # P0 P2 P3 P9 P4 P6 P7 P10
    # P0..P5 (Encounters), P6 (fulfilled), P8 (fulfilled in Oct); not P7 (booked), P10
    # (no-show) or P11 (seen 14 months ago).
    assert nov.patients_seen == 8
    assert nov.appointments == 3  # every November appointment, whatever its status
    assert nov.pending_local == 1

    oct_ = refresh_ehr(store, client, date(2026, 10, 1), date(2026, 11, 1), 12, MRN_SYSTEM, NOW)
    assert (oct_.enrolled, oct_.declined, oct_.new_patients_enrolled) == (3, 0, 3)
    assert oct_.enrolled_to_date == 4  # P0 P2 P3 P9
    assert oct_.appointments == 1 and oct_.pending_local == 0
    # A shorter look-back window (a setting) sees fewer patients.
    short = refresh_ehr(store, client, date(2026, 11, 1), date(2026, 12, 1), 1, MRN_SYSTEM, NOW)
    assert short.patients_seen == 4  # November only: P4 P5 P0 P6

    rows = {
        r.key: r
        for r in playbook_rows(MonthSources(nov, None, None), MonthSources(oct_, None, None))
    }
    assert rows["new_enrollments"].value == 4 and rows["new_enrollments"].change == 1
    assert rows["enrollment_rate"].value is None and rows["enrollment_rate"].missing == "portal"

    # The cache holds counts, dates and the look-back setting only: no patient ids, names,
    # birth dates or MRNs - and it lives in the encrypted database file.
    import json as _json

    cached = [_json.loads(d) for (d,) in store.conn.execute("SELECT data FROM practice_cache")]
    assert len(cached) == 2  # November and October (the short window replaced November)
    for data in cached:
        for name, value in data.items():
            assert isinstance(value, int) or name in ("start", "fetched_at"), (name, value)
    text = _json.dumps(cached)
    for needle in ("Ten", "Local", "1970-01-01", "Patient/", "M1", *seeded.values()):
        assert needle not in text
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = store.path.read_bytes()
    assert b"practice_cache" not in raw and b"SQLite format 3" not in raw[:16]


def test_cached_figures_show_offline_with_their_age(srv, client, store, seeded):
    refresh_ehr(store, client, date(2026, 11, 1), date(2026, 12, 1), 12, MRN_SYSTEM, NOW)
    srv.stop()  # the EHR (or the network) is gone
    try:
        with pytest.raises((OfflineError, SyncError)):
            refresh_ehr(store, client, date(2026, 11, 1), date(2026, 12, 1), 12, MRN_SYSTEM, NOW)
        sources, fetched_at = cached_sources(store, "2026-11")
        assert fetched_at == NOW
        assert sources.ehr is not None and sources.ehr.patients_seen == 8
    finally:
        srv.start()


def test_dashboard_whole_practice_view_refreshes_then_shows_cached_figures_offline(
    qtbot, srv, seeded, store, kiosk_dirs
):
    from kiosk.store import Store
    from kiosk.sync.practice_read import PracticeRefresher
    from kiosk.ui.dashboard import DashboardPage
    from kiosk.ui.tasks import TaskRunner

    secrets.set_secret("ehr_client_secret", "kiosk-secret")
    config = make_config(srv)
    runner = TaskRunner(lambda: Store(kiosk_dirs.database))
    clock = [datetime(2026, 12, 2, 9, 0, tzinfo=UTC)]
    page = DashboardPage(
        runner,
        config,
        today=lambda: date(2026, 11, 20),
        practice=PracticeRefresher(config),
        now=lambda: clock[0],
    )
    qtbot.addWidget(page)
    try:
        page.resize(1280, 760)
        page.show()
        page.set_scope("practice")
        qtbot.waitUntil(lambda: bool(page.practice_view.rows), timeout=10000)
        assert "not been read" in page.practice_view.age.text()
        cells = page.practice_view.cells
        assert "needs the EHR" in cells["patients_seen"][1].text()  # never blank, never 0

        page.refresh_practice()
        qtbot.waitUntil(
            lambda: page.practice_view.cells["patients_seen"][1].text() == "8", timeout=30000
        )
        assert page.practice_view.cells["new_enrollments"][1].text() == "3"  # P4 P6 P7
        assert "needs portal usage" in page.practice_view.cells["enrollment_rate"][1].text()

        srv.stop()  # offline: the saved figures stay, with their age
        clock[0] = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
        page.refresh_practice()
        qtbot.waitUntil(lambda: "Could not reach the EHR" in page.status.text(), timeout=30000)
        page.refresh()
        qtbot.waitUntil(lambda: "3 hour" in page.practice_view.age.text(), timeout=10000)
        assert page.practice_view.cells["patients_seen"][1].text() == "8"
    finally:
        runner.shutdown()
        if not srv.is_running():
            srv.start()


def test_paging_follows_same_origin_next_links_and_refuses_another_origin():
    """A searchset's `next` link is followed only on the configured server (real HTTP
    servers): a link to another host would hand it the kiosk's token and the query."""
    import json

    from test_redirects import _Server

    from kiosk.sync.fhir import FhirClient
    from kiosk.sync.http import PermanentError

    elsewhere = _Server("127.0.0.2", lambda h: (200, {}, b"{}"))
    pages: dict[str, object] = {}

    def answer(handler):
        base = f"http://127.0.0.1:{handler.server.server_address[1]}/fhir"
        if handler.path.endswith("/_search"):
            nxt = pages["first_next"].replace("BASE", base)
            body = {"resourceType": "Bundle", "type": "searchset", "total": 2,
                    "link": [{"relation": "next", "url": nxt}],
                    "entry": [{"resource": {"resourceType": "Task", "id": "t1"}}]}  # fmt: skip
        else:
            body = {"resourceType": "Bundle", "type": "searchset", "total": 2,
                    "entry": [{"resource": {"resourceType": "Task", "id": "t2"}}]}  # fmt: skip
        return 200, {"Content-Type": "application/fhir+json"}, json.dumps(body).encode()

    server = _Server("127.0.0.1", answer)
    try:
        client = FhirClient(server.url + "/fhir")
        pages["first_next"] = "BASE/Task?_page_token=2"
        assert [t["id"] for t in client.search_pages("Task", {"code": "x"})] == ["t1", "t2"]
        pages["first_next"] = elsewhere.url + "/fhir/Task?_page_token=2"
        with pytest.raises(PermanentError, match="another server"):
            list(client.search_pages("Task", {"code": "x"}))
        assert elsewhere.received == []
    finally:
        server.stop()
        elsewhere.stop()
