"""A page on its own: the invitation step driven through a small StepContext of real parts
(a real Store file, the real TaskRunner threads, the real language switcher), with no wizard,
no main window and no other page. What a page needs is exactly its context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kiosk.config import Config
from kiosk.enrollment import Change, Channel, Enrollment, Patient, StepId, StepStatus
from kiosk.ports import NoPortal, NoSchedule, PortalGateway, ScheduleSource
from kiosk.schedule import ContactOnFile
from kiosk.store import Store
from kiosk.ui.context import StepContext
from kiosk.ui.language import LanguageSwitcher
from kiosk.ui.pages.invitation import InvitationPage
from kiosk.ui.tasks import SessionTasks, TaskRunner


@dataclass
class OnePageContext:
    """StepContext for one page: saves go to SQLite on the DB thread, as in the kiosk."""

    switcher: LanguageSwitcher
    config: Config
    tasks: SessionTasks
    output_dir: Path
    enrollment: Enrollment | None = None
    portal: PortalGateway = field(default_factory=lambda: NoPortal("https://portal.example"))
    schedule: ScheduleSource = field(default_factory=NoSchedule)
    on_file: ContactOnFile | None = None
    advanced: int = 0
    showing: Any = None
    progress: int = 0
    invitation_expires_at: str | None = None

    def apply(
        self,
        make: Callable[[Enrollment], Change],
        on_saved: Callable[[Enrollment], None] | None = None,
        page: Any = None,
    ) -> bool:
        assert self.enrollment is not None
        change = make(self.enrollment)

        def saved(enrollment: Enrollment) -> None:
            self.enrollment = enrollment
            if on_saved:
                on_saved(enrollment)

        self.tasks.db(lambda store: store.apply(change), saved)
        return True

    def advance(self) -> None:
        self.advanced += 1

    def is_showing(self, page: Any) -> bool:
        return page is self.showing

    def report_progress(self) -> None:
        self.progress += 1

    def check_sms_number(self, mobile: str | None, page: Any, then: Callable[[], None]) -> None:
        if not mobile:
            then()
            return
        portal = self.portal

        def answered(status: Any) -> None:
            if status.stopped:
                page.show_message("This mobile number replied STOP.")
            else:
                then()

        self.tasks.net(lambda: portal.sms_status(mobile), answered, lambda exc: then())


@pytest.fixture
def context(kiosk_dirs, qtbot):
    Store(kiosk_dirs.database).close()  # the schema, as the composition root makes it
    runner = TaskRunner(lambda: Store(kiosk_dirs.database))
    switcher = LanguageSwitcher()
    change = Enrollment.start("staff-1", Patient("Maria", "Lopez", "1985-03-14"))
    change = change.enrollment.capture_contact(
        email="maria.lopez@gmail.com", mobile=None, channel=Channel.EMAIL
    )
    with Store(kiosk_dirs.database) as store:
        store.apply(change)
    ctx = OnePageContext(
        switcher, Config.defaults(), SessionTasks(runner), kiosk_dirs.output_dir, change.enrollment
    )
    yield ctx
    switcher.shutdown()
    runner.shutdown()


def test_the_invitation_page_works_through_its_context_alone(context, kiosk_dirs, qtbot):
    ctx: StepContext = context  # the type checker holds the fake to the same Protocol
    page = InvitationPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    context.showing = page
    page.enter(context.enrollment)
    assert page.address.text() == "maria.lopez@gmail.com"
    assert " ".join(page.primary.text().split()) == "Send the invitation"  # may wrap

    qtbot.mouseClick(page.primary, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Queued" in page.state_label.text(), timeout=10_000)
    assert " ".join(page.primary.text().split()) == "Next"
    with Store(kiosk_dirs.database) as store:
        stored = store.get_enrollment(context.enrollment.id)
        kinds = [item["kind"] for item in store.outbox_items(stored.id)]
    assert stored.status(StepId.SEND_INVITATION) == StepStatus.DONE
    assert kinds == ["portal.invitation"]

    qtbot.mouseClick(page.primary, Qt.MouseButton.LeftButton)
    assert context.advanced == 1  # "Next" is the context's intent; the page goes nowhere


def test_the_invitation_page_moves_on_by_itself_only_while_it_is_shown(context, qtbot):
    """After "Send the invitation" is saved the page asks its context to advance, once, after
    a short confirmation; a page no longer on display asks nothing."""
    page = InvitationPage(context)
    qtbot.addWidget(page)
    page.show()
    context.showing = page
    page.enter(context.enrollment)
    qtbot.mouseClick(page.primary, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Queued" in page.state_label.text(), timeout=10_000)
    assert page.auto_advance.armed and context.advanced == 0
    qtbot.waitUntil(lambda: context.advanced == 1, timeout=5_000)  # no tap: it moved on

    page.auto_advance.arm()
    context.showing = None  # another screen is on display when the timer ends
    qtbot.waitUntil(lambda: not page.auto_advance.armed, timeout=5_000)
    assert context.advanced == 1


def test_a_result_for_an_ended_session_is_dropped_by_the_task_helper(context, qtbot):
    """Pages keep no "is this still current?" counter: SessionTasks drops the late result
    (the work itself still ran) and still runs `always`, where a page clears its busy flag."""
    shown: list[object] = []
    settled: list[bool] = []
    context.tasks.db(
        lambda store: store.schema_version(), shown.append, always=lambda: settled.append(True)
    )
    context.tasks.end_session()  # the patient left (idle wipe) before the read came back
    context.tasks.db(lambda store: "fresh", shown.append, always=lambda: settled.append(True))
    qtbot.waitUntil(lambda: len(settled) == 2, timeout=10_000)
    assert shown == ["fresh"]
