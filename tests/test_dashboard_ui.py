"""The dashboard and follow-up worklist as real widgets over a real store and TaskRunner:
rendered from seeded data, and resend / mark called / close driven by clicks."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt

from kiosk import metrics
from kiosk.config import Config
from kiosk.enrollment import Channel, DeclineReason
from kiosk.store import Store
from kiosk.ui.dashboard import DashboardPage
from kiosk.ui.tasks import TaskRunner
from kiosk.ui.worklist import FollowUpWorklist
from tests import seed

NOW = datetime(2026, 12, 20, 12, tzinfo=UTC)


def at(month: int, day: int, hour: int = 12) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


@pytest.fixture
def seeded(store):
    """Mid-month, mid-day visits (the same month in any time zone). November: 6 approached,
    3 enrolled (A active; B, C need a follow-up), 2 declined, 1 abandoned. October: 2
    approached, 1 enrolled."""
    seed.add_staff(store, "s1", "Ana Front Desk")
    seed.add_staff(store, "s2", "Ben Reception")
    ids = {
        "A": seed.enrolled(store, "s1", at(11, 10), 1, portal="active").id,
        "B": seed.enrolled(store, "s1", at(11, 11), 2, first_login=False, channel=Channel.SMS).id,
        "C": seed.enrolled(store, "s2", at(11, 12), 3, first_login=False).id,
    }
    seed.declined(store, "s2", at(11, 13), DeclineReason.PRIVACY, 4)
    seed.declined(store, "s2", at(11, 14), DeclineReason.PRIVACY, 5, remedy_taken=False)
    seed.abandoned(store, "s1", at(11, 15), 6)
    seed.enrolled(store, "s1", at(10, 14), 7)
    seed.declined(store, "s1", at(10, 15), DeclineReason.NO_EMAIL, 8)
    return ids


@pytest.fixture
def tasks(kiosk_dirs):
    runner = TaskRunner(lambda: Store(kiosk_dirs.database))
    yield runner
    runner.shutdown()


def test_dashboard_renders_tiles_and_charts(qtbot, seeded, tasks):
    page = DashboardPage(tasks, Config.defaults(), today=lambda: date(2026, 11, 23))
    qtbot.addWidget(page)
    page.resize(1280, 700)
    page.show()
    qtbot.waitUntil(lambda: page._metrics is not None, timeout=10000)
    assert page.tiles["approached"].value.text() == "6"
    assert page.tiles["enrolled"].value.text() == "3"
    assert page.tiles["enrollment_rate"].value.text() == "50%"
    assert page.tiles["enrollment_rate"].change.text() == "\u25c6 +0 pts"  # 50 % in October too
    assert page.tiles["approached"].change.text() == "\u25b2 +4"
    assert page.tiles["active_rate"].value.text() == "33%"
    assert "On follow-up worklist: 2" in page.engagement.text()
    assert page.width() <= 1280  # fits the kiosk screen
    image = page.grab().toImage()
    assert image.width() == page.width()
    # the charts painted something (not a blank area)
    chart = page.decline_chart.grab().toImage()
    colours = {
        chart.pixel(x, y) for x in range(0, chart.width(), 7) for y in range(0, chart.height(), 7)
    }
    assert len(colours) > 2

    # Week view, then an empty month: rates show "-"
    qtbot.mouseClick(page.week_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page._metrics.period.kind == "week", timeout=10000)
    page.set_period(metrics.Period.month(2025, 1))
    qtbot.waitUntil(lambda: page._metrics.period.start == date(2025, 1, 1), timeout=10000)
    assert page.tiles["enrollment_rate"].value.text() == "-"
    assert page.tiles["enrollment_rate"].change.text() == "-"
    assert "nan" not in page.tiles["active_rate"].value.text().lower()


def test_dashboard_exports_into_the_documents_folder(qtbot, seeded, tasks, kiosk_dirs):
    page = DashboardPage(tasks, Config.defaults(), today=lambda: date(2026, 11, 23))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page._metrics is not None, timeout=10000)
    qtbot.mouseClick(page.csv_button, Qt.MouseButton.LeftButton)
    target = kiosk_dirs.data_dir / "documents" / "portal-performance-2026-11.csv"
    qtbot.waitUntil(lambda: "Saved" in page.status.text(), timeout=10000)
    assert target.exists() and "adoption,approached,6" in target.read_text()
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    pdf = target.with_suffix(".pdf")
    qtbot.waitUntil(lambda: pdf.exists(), timeout=10000)
    assert pdf.read_bytes().startswith(b"%PDF")


def _outbox_invitations(kiosk_dirs, enrollment_id):
    with Store(kiosk_dirs.database) as s:
        return [i for i in s.outbox_items(enrollment_id) if i["kind"] == "portal.invitation"]


def _follow_up(kiosk_dirs, enrollment_id):
    with Store(kiosk_dirs.database) as s:
        rows = list(s.db.query("SELECT * FROM follow_ups WHERE enrollment_id=?", [enrollment_id]))
        audit = [r for r in s.audit_log(200) if r["subject_id"] == enrollment_id]
    return (rows[0] if rows else None), audit


def test_worklist_resend_mark_called_and_close(qtbot, seeded, tasks, kiosk_dirs):
    page = FollowUpWorklist(tasks, lambda: "s2", now=lambda: NOW)
    qtbot.addWidget(page)
    page.resize(1280, 700)
    page.show()
    qtbot.waitUntil(lambda: len(page.rows) == 2, timeout=10000)
    b, c = page.rows
    assert b.row.enrollment_id == seeded["B"]  # oldest first
    assert b.name.text() == f"{seed.patient(2).given_name} {seed.patient(2).family_name}"
    assert "text message" in b.details.text()

    # Resend: a second portal.invitation item is queued for B, audited as the signed-in staff
    assert len(_outbox_invitations(kiosk_dirs, seeded["B"])) == 1
    qtbot.mouseClick(b.resend, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(_outbox_invitations(kiosk_dirs, seeded["B"])) == 2, timeout=10000)
    resent = _outbox_invitations(kiosk_dirs, seeded["B"])[-1]
    assert resent["state"] == "queued"
    with Store(kiosk_dirs.database) as s:
        assert json.loads(s.outbox_item(resent["id"])["payload"])["resend"] is True
    qtbot.waitUntil(lambda: "Invitation queued" in page.status.text(), timeout=10000)

    # Mark called (the follow-up had not been raised yet: it is raised, then marked)
    qtbot.waitUntil(lambda: len(page.rows) == 2, timeout=10000)
    qtbot.mouseClick(page.rows[0].called, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (_follow_up(kiosk_dirs, seeded["B"])[0] or {}).get("state") == "called",
        timeout=10000,
    )
    row, audit = _follow_up(kiosk_dirs, seeded["B"])
    assert row["called_at"]
    assert any(a["action"] == "follow-up.called" and a["actor"] == "s2" for a in audit)
    qtbot.waitUntil(lambda: len(page.rows) == 2 and not page.rows[0].called.isEnabled())

    # Close C with a reason: it leaves the list; the row is closed and audited
    c = page.rows[1]
    qtbot.mouseClick(c.close_button, Qt.MouseButton.LeftButton)
    assert page.close_panel.isVisible()
    qtbot.mouseClick(page.reason_buttons["wrong-contact"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (_follow_up(kiosk_dirs, seeded["C"])[0] or {}).get("state") == "closed",
        timeout=10000,
    )
    row, audit = _follow_up(kiosk_dirs, seeded["C"])
    assert row["closed_reason"] == "wrong-contact"
    assert any(
        a["action"] == "follow-up.closed" and a["actor"] == "s2" and a["detail"] == "wrong-contact"
        for a in audit
    )
    qtbot.waitUntil(lambda: len(page.rows) == 1, timeout=10000)
    assert page.rows[0].row.enrollment_id == seeded["B"]


def test_worklist_shows_no_names_unless_signed_in_and_forgets_them_when_hidden(
    qtbot, seeded, tasks
):
    who = {"staff": None}
    page = FollowUpWorklist(tasks, lambda: who["staff"], now=lambda: NOW)
    qtbot.addWidget(page)
    page.show()
    qtbot.wait(200)
    assert page.rows == [] and "Sign in" in page.summary.text()
    who["staff"] = "s1"
    page.refresh()
    qtbot.waitUntil(lambda: len(page.rows) == 2, timeout=10000)
    page.hide()
    assert page.rows == []


def test_spanish_dashboard_and_worklist_use_the_locale_and_the_catalogue(qtbot, seeded, tasks):
    """Month names and dates from es_US; plural forms; worklist rows translated."""
    from kiosk.ui.language import LanguageSwitcher
    from tests.test_spanish import _compile

    _compile()
    switcher = LanguageSwitcher()
    switcher.set_language("es")
    try:
        dashboard = DashboardPage(tasks, Config.defaults(), today=lambda: date(2026, 11, 23))
        qtbot.addWidget(dashboard)
        dashboard.show()
        qtbot.waitUntil(lambda: dashboard._metrics is not None, timeout=10000)
        assert dashboard.period_label.text() == "noviembre de 2026"
        worklist = FollowUpWorklist(tasks, lambda: "s2", now=lambda: NOW)
        qtbot.addWidget(worklist)
        worklist.show()
        qtbot.waitUntil(lambda: len(worklist.rows) == 2, timeout=10000)
        assert worklist.summary.text() == (
            "2 pacientes necesitan seguimiento, los más antiguos primero."
        )
        details = worklist.rows[0].details.text()
        assert details.startswith("Invitación enviada el ") and "mensaje de texto" in details
        assert re.search(r"\b1 día después|\b([02-9]|\d\d+) días después", details)
        assert worklist.rows[0].resend.text() == "Reenviar la invitación"
    finally:
        switcher.shutdown()
