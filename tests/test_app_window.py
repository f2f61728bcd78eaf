"""The first window, built by the real composition root with temporary paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from kiosk.app import build_kiosk
from kiosk.config import load_config
from kiosk.enrollment import Channel, Enrollment, Patient
from kiosk.store import Store

SHOTS = Path(os.environ.get("KIOSK_SHOTS_DIR", "/tmp/shots-foundation"))


@pytest.fixture
def kiosk(qtbot, kiosk_dirs):
    kiosk_dirs.config_file.parent.mkdir(parents=True)
    kiosk_dirs.config_file.write_text(
        '[practice]\nname = "Lakeside Family Clinic"\n', encoding="utf-8"
    )
    # three records already waiting to be sent when the kiosk starts
    with Store(kiosk_dirs.database) as store:
        e = store.apply(Enrollment.start("staff-1", Patient("Ana", "García", "1980-01-05", "p1")))
        e = store.apply(
            e.capture_contact(email="ana@example.org", mobile=None, channel=Channel.EMAIL)
        )
        e = store.apply(e.send_invitation())
        store.apply(e.finish(follow_up_days=7))
    built = build_kiosk(kiosk_dirs, load_config(kiosk_dirs.config_file))
    qtbot.addWidget(built.window)
    built.window.show()
    qtbot.waitExposed(built.window)
    yield built
    built.shutdown()


def test_window_size_practice_name_and_status(kiosk, qtbot):
    window = kiosk.window
    assert (window.width(), window.height()) == (1280, 800)
    assert window.windowTitle() == "Lakeside Family Clinic"
    header = window.findChild(QLabel, "practiceName")
    assert header.text() == "Lakeside Family Clinic" and header.isVisible()
    status = window.status
    assert status.isVisible()
    assert status.staff.text() == "No staff signed in"
    # the outbox counts arrive from the database thread, not the GUI thread
    qtbot.waitUntil(lambda: status.outbox.text() == "Waiting to send: 3", timeout=5000)
    assert status.sync.text().startswith("EHR: ")  # its state belongs to the sync worker
    assert status.clock.text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "first-window.png"))


def test_status_bar_follows_staff_and_dead_letters(kiosk, qtbot):
    status = kiosk.window.status
    status.set_staff("Dana R.")
    assert status.staff.text() == "Staff: Dana R."
    status.set_sync("offline", {"queued": 2, "sending": 1, "sent": 9, "dead": 1})
    assert status.outbox.text() == "Waiting to send: 3  Needs attention: 1"
    assert status.outbox.property("alert") is True
    assert status.sync.text() == "EHR: offline - saving locally"
