"""The dashboard's "This kiosk / Whole practice" switch: its default and its memory.

Whole practice is the default only when an EHR is configured and the month's practice figures
are cached (they open instantly, offline too); otherwise this kiosk. A choice made by staff
lasts their session: a dashboard opened again shows the same scope (real SQLite, real widgets).
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from kiosk.config import Config
from kiosk.practice import EhrFigures, ehr_key
from kiosk.store import Store
from kiosk.sync.practice_read import PracticeRefresher
from kiosk.ui.dashboard import DashboardPage
from kiosk.ui.tasks import TaskRunner

TODAY = date(2026, 11, 20)


def ehr_config() -> Config:
    # Nothing is read from this server: the scope is decided from the cache alone.
    return Config.from_mapping(
        {"ehr": {"fhir_base_url": "http://127.0.0.1:9/fhir", "auth": "none"}}
    )


@pytest.fixture
def tasks(kiosk_dirs):
    runner = TaskRunner(lambda: Store(kiosk_dirs.database))
    yield runner
    runner.shutdown()


def cache_november(kiosk_dirs) -> None:
    figures = EhrFigures(date(2026, 11, 1), 5, 2, 4, 40, 90, 300, 0, 12, "2026-12-01T08:00:00Z")
    with Store(kiosk_dirs.database) as store:
        store.cache_put(ehr_key("2026-11"), figures.to_json(), "2026-12-01T08:00:00Z")


def open_page(qtbot, tasks, config, memory):
    page = DashboardPage(
        tasks, config, today=lambda: TODAY, practice=PracticeRefresher(config), scope_memory=memory
    )
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    return page


def test_whole_practice_is_the_default_with_an_ehr_and_cached_figures(qtbot, tasks, kiosk_dirs):
    cache_november(kiosk_dirs)
    page = open_page(qtbot, tasks, ehr_config(), {})
    qtbot.waitUntil(lambda: page.scope == "practice", timeout=10000)
    qtbot.waitUntil(lambda: bool(page.practice_view.rows), timeout=10000)
    assert page.practice_button.isChecked() and not page.practice_view.isHidden()
    assert page.kiosk_view.isHidden()


def test_this_kiosk_without_cached_figures_or_without_an_ehr(qtbot, tasks, kiosk_dirs):
    page = open_page(qtbot, tasks, ehr_config(), {})  # an EHR, but nothing read yet
    qtbot.waitUntil(lambda: page._metrics is not None, timeout=10000)
    assert page.scope == "kiosk" and page.kiosk_button.isChecked()

    cache_november(kiosk_dirs)
    page = open_page(qtbot, tasks, Config.defaults(), {})  # figures cached, but no EHR set up
    qtbot.waitUntil(lambda: page._metrics is not None, timeout=10000)
    assert page.scope == "kiosk" and page.practice_view.isHidden()


def test_the_chosen_scope_lasts_the_session(qtbot, tasks, kiosk_dirs):
    cache_november(kiosk_dirs)
    memory: dict = {}
    page = open_page(qtbot, tasks, ehr_config(), memory)
    qtbot.waitUntil(lambda: page.scope == "practice", timeout=10000)
    qtbot.mouseClick(page.kiosk_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page._metrics is not None, timeout=10000)
    assert page.scope == "kiosk"

    again = open_page(qtbot, tasks, ehr_config(), memory)  # the admin opens it again
    qtbot.waitUntil(lambda: again._metrics is not None, timeout=10000)
    qtbot.wait(200)  # a late default must not override the choice
    assert again.scope == "kiosk" and again.practice_view.isHidden()
    qtbot.mouseClick(again.practice_button, Qt.MouseButton.LeftButton)

    third = open_page(qtbot, tasks, Config.defaults(), memory)
    qtbot.waitUntil(lambda: bool(third.practice_view.rows), timeout=10000)
    assert third.scope == "practice" and not third.practice_view.isHidden()

    memory.clear()  # what the composition root does when staff sign in or out
    fourth = open_page(qtbot, tasks, Config.defaults(), memory)
    qtbot.waitUntil(lambda: fourth._metrics is not None, timeout=10000)
    assert fourth.scope == "kiosk"
