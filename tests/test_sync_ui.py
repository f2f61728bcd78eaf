"""The Sync issues page and the QThread worker, with real widgets, a real SQLite file and the
real FHIR engine: a refused record shows the server's reason, Retry after fixing the cause
delivers it, Discard needs an administrator's PIN and is audited."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import requests
from sync_support import FAST, decline, enroll, make_config

from kiosk import secrets
from kiosk.enrollment import DeclineReason, OutboxKind, Patient
from kiosk.staff import StaffDirectory
from kiosk.store import Store
from kiosk.sync import wiring
from kiosk.sync.qt_worker import SyncWorker
from kiosk.ui.sync_issues import SyncIssuesPage
from kiosk.ui.tasks import TaskRunner

SHOTS = Path("/tmp/shots-sync")


@pytest.fixture
def setup(srv, store, kiosk_dirs):
    srv.reset_faults(data=True, tokens=True, stats=True)
    secrets.set_secret("ehr_client_secret", "kiosk-secret")
    admin = StaffDirectory(store).create("Ada Admin", "246802", is_admin=True)
    config = make_config(srv)
    runner = TaskRunner(lambda: Store(kiosk_dirs.database))
    worker = SyncWorker(
        lambda: Store(kiosk_dirs.database),
        lambda s: wiring.build_engine(s, config, backoff=FAST),
        interval_seconds=3600,  # only nudges drive it in this test
    )
    yield store, admin, runner, worker
    worker.shutdown()
    runner.shutdown()


def test_dead_letter_shown_retried_after_fix_and_discarded_with_admin_pin(srv, setup, qtbot):
    store, admin, runner, worker = setup
    ghost = Patient("Eve", "Quinn", "1991-01-01", ehr_id="merged-away", mrn="MRN-9")
    e = enroll(store, ghost)
    other = decline(store, Patient("Gus", "Orr", "1960-06-06"), DeclineReason.OTHER)
    store.conn.execute(
        "UPDATE outbox SET payload=json_set(payload, '$.patient.ehr_id', 'also-gone') "
        "WHERE enrollment_id=?",
        (other.id,),
    )
    states = []
    worker.state_changed.connect(lambda state, counts: states.append((state, counts)))
    with qtbot.waitSignal(worker.pass_finished, timeout=20000):
        worker.start()
    assert len(store.dead_letters()) == 2

    page = SyncIssuesPage(runner, lambda: admin.id)
    page.changed.connect(worker.nudge)
    page.resize(1280, 800)
    page.show()
    qtbot.waitUntil(lambda: len(page.rows) == 2, timeout=5000)
    first = page.rows[store.dead_letters()[0]["seq"]]
    assert "404" in first["reason"].text() and "Quinn" not in first["reason"].text()
    assert first["kind"].text() == "Email/mobile to the EHR"
    SHOTS.mkdir(exist_ok=True)
    page.grab().save(str(SHOTS / "sync-issues.png"))
    assert states and states[-1][1]["dead"] == 2

    # The EHR's staff restore the patient; Retry sends the record and what waited behind it.
    restored = {
        "resourceType": "Patient",
        "id": "merged-away",
        "name": [{"family": "Quinn", "given": ["Eve"]}],
        "birthDate": "1991-01-01",
    }
    requests.put(
        f"{srv.base_url}/Patient/merged-away",
        json=restored,
        headers=srv.auth_headers(),
        timeout=10,
    ).raise_for_status()
    seq = store.dead_letters()[0]["seq"]
    qtbot.mouseClick(page.rows[seq]["retry"], qtbot_button())
    qtbot.waitUntil(
        lambda: [i["state"] for i in store.outbox_items(e.id)] == ["sent"] * 3, timeout=20000
    )
    qtbot.waitUntil(lambda: len(page.rows) == 1, timeout=5000)

    # Discard the other one: a wrong PIN is refused, the admin's PIN discards and audits.
    (seq,) = page.rows
    qtbot.mouseClick(page.rows[seq]["discard"], qtbot_button())
    assert page.pin_panel.isVisible()
    for digit in "1111":
        qtbot.mouseClick(page.pin_pad.key(f"key_{digit}"), qtbot_button())
    qtbot.mouseClick(page.pin_pad.key("key_submit"), qtbot_button())
    qtbot.waitUntil(lambda: bool(page.message.text()), timeout=5000)
    assert store.dead_letters() != []
    for digit in "246802":
        qtbot.mouseClick(page.pin_pad.key(f"key_{digit}"), qtbot_button())
    qtbot.mouseClick(page.pin_pad.key("key_submit"), qtbot_button())
    qtbot.waitUntil(lambda: store.dead_letters() == [], timeout=10000)
    qtbot.waitUntil(lambda: not page.rows, timeout=5000)
    actions = [(a["actor"], a["action"]) for a in store.audit_log(20)]
    assert (admin.id, "outbox.discard") in actions
    assert (admin.id, "outbox.retry") in actions
    record = next(
        i for i in store.outbox_items(other.id) if i["kind"] == OutboxKind.ENROLLMENT_RECORD
    )
    assert record["state"] == "sent"  # kept, marked handled by hand
    page.grab().save(str(SHOTS / "sync-issues-empty.png"))
    assert os.path.exists(SHOTS / "sync-issues.png")


def qtbot_button():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
