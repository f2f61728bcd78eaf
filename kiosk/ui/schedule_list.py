"""Today's schedule as a list staff tap, and the "not enrolled today" worklist.

`ScheduleLoader` reads the schedule on the network pool (kiosk.sync.schedule_read through the
`schedule` port of the page's context), adds each row's portal status on the database thread
(kiosk.schedule_records) and hands the rows to the GUI thread; it refreshes on a timer while
its screen is shown and never blocks it. `VisitTable` is a model/view table, so 500 rows cost
one model reset, not 500 widgets. The rows live in memory only, and a hidden or wiped screen
drops them.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.schedule import PortalStatus, ScheduledVisit, not_enrolled
from kiosk.schedule_records import with_portal_status
from kiosk.ui import dates

if TYPE_CHECKING:
    from kiosk.config import Config
    from kiosk.ports import ScheduleSource
    from kiosk.store import Store
    from kiosk.ui.context import StepContext
    from kiosk.ui.language import LanguageSwitcher

ROW_HEIGHT = 60
T = TypeVar("T")
W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str) -> W:
    widget.setObjectName(name)  # the theme and the tests find it by this name
    return widget


class Tasks(Protocol):
    """What the loader needs of the background workers: the TaskRunner (an admin page) or a
    page context's SessionTasks (which also drops results once the patient session ended)."""

    def db(
        self,
        fn: Callable[[Store], T],
        on_done: Callable[[T], None] | None = ...,
        on_error: Callable[[Exception], None] | None = ...,
    ) -> Future[T]: ...

    def net(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = ...,
        on_error: Callable[[Exception], None] | None = ...,
    ) -> Future[T]: ...


def portal_word(status: PortalStatus) -> str:
    words = {
        PortalStatus.NOT_INVITED: QCoreApplication.translate("Schedule", "Not invited"),
        PortalStatus.INVITED: QCoreApplication.translate("Schedule", "Invited, not logged in"),
        PortalStatus.ACTIVE: QCoreApplication.translate("Schedule", "Active"),
        PortalStatus.UNKNOWN: QCoreApplication.translate("Schedule", "Unknown"),
    }
    return words[status]


def headers() -> list[str]:
    return [
        QCoreApplication.translate("Schedule", "Time"),
        QCoreApplication.translate("Schedule", "Patient"),
        QCoreApplication.translate("Schedule", "Age"),
        QCoreApplication.translate("Schedule", "Portal"),
    ]


class VisitModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.visits: list[ScheduledVisit] = []
        self.today = date.today()

    def set_visits(self, visits: list[ScheduledVisit]) -> None:
        self.beginResetModel()
        self.visits = list(visits)
        self.today = date.today()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.visits)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 4

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        visit = self.visits[index.row()]
        column = index.column()
        if column == 0:
            return dates.clock_text(visit.start.astimezone())
        if column == 1:
            return f"{visit.patient.given_name} {visit.patient.family_name}"
        if column == 2:
            age = visit.age(self.today)
            return "" if age is None else str(age)
        return portal_word(visit.portal)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return headers()[section]
        return None

    def retranslate(self) -> None:
        """Cells are worded when painted: new headers and a repaint are all a language
        change needs (a dataChanged over 500 rows would re-measure them all)."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)


class VisitTable(QTableView):
    """One row per appointment; a tap on any cell picks that row's patient."""

    picked = Signal(object)  # ScheduledVisit

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.model_ = VisitModel(self)
        self.setModel(self.model_)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        head = self.horizontalHeader()
        # Fixed widths measured once per language (not ResizeToContents, which measures every
        # row of a 500-row day on each refresh: a visible stall).
        for column in (0, 2, 3):
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        head.setHighlightSections(False)
        self.fit_columns()
        self.clicked.connect(self._clicked)

    def fit_columns(self) -> None:
        """Widths for the time, age and portal columns from their widest possible text."""
        self.ensurePolished()
        metrics = self.fontMetrics()
        head = self.horizontalHeader()
        samples = {
            0: ["12:45 PM", "12:45 p.m.", headers()[0]],
            2: ["100", headers()[2]],
            3: [portal_word(s) for s in PortalStatus] + [headers()[3]],
        }
        for column, texts in samples.items():
            head.resizeSection(column, max(metrics.horizontalAdvance(t) for t in texts) + 40)

    def _clicked(self, index: QModelIndex) -> None:
        if index.isValid() and index.row() < len(self.model_.visits):
            self.picked.emit(self.model_.visits[index.row()])

    def set_visits(self, visits: list[ScheduledVisit]) -> None:
        self.model_.set_visits(visits)

    def visits(self) -> list[ScheduledVisit]:
        return self.model_.visits

    def row_rect(self, row: int) -> QRect:  # for tests and the tap benchmark
        self.scrollTo(self.model_.index(row, 1))
        return self.visualRect(self.model_.index(row, 1))


class ScheduleLoader(QObject):
    """Reads today's schedule in the background, now and every `interval_s` while running.
    A read that comes back after `stop()` (the screen was left) is dropped, so no names land
    on a screen nobody is looking at; the task helper drops what outlives the session."""

    loaded = Signal(object)  # list[ScheduledVisit]
    failed = Signal(str)  # English message from the port (shown translated by the page)

    def __init__(
        self,
        tasks: Tasks,
        reader: Callable[[], ScheduleSource],
        interval_s: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._reader = reader
        self._timer = QTimer(self)
        self._timer.setInterval(max(10, interval_s) * 1000)
        self._timer.timeout.connect(self.load)
        self._busy = False
        # One quick retry before saying the EHR is down: a single slow answer is not an outage.
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(1000)
        self._retry.timeout.connect(self.load)
        self._retried = False

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        self._timer.start()
        self.load()

    def stop(self) -> None:
        """Stop refreshing; a read still running is dropped when it comes back."""
        self._timer.stop()
        self._retry.stop()
        self._busy = False
        self._retried = False

    def load(self) -> None:
        if self._busy:
            return
        self._busy = True
        reader = self._reader()

        def read() -> list[ScheduledVisit]:
            return reader.today()

        def with_status(visits: list[ScheduledVisit]) -> None:
            if not self.running:
                return

            def add_status(store: Store) -> list[ScheduledVisit]:
                return with_portal_status(store, visits)

            self._tasks.db(add_status, self._done, lambda _exc: self._done(visits))

        def failed(exc: Exception) -> None:
            if not self.running:
                return
            self._busy = False
            if not self._retried:
                self._retried = True
                self._retry.start()
                return
            self.failed.emit(str(exc) if str(exc) else "The EHR cannot be reached right now.")

        self._tasks.net(read, with_status, failed)

    def _done(self, rows: list[ScheduledVisit]) -> None:
        if not self.running:
            return
        self._busy = False
        self._retried = False
        self.loaded.emit(rows)


class NotEnrolledToday(QWidget):
    """Admin/staff worklist: today's scheduled patients with no portal account yet, so the
    desk can plan whom to approach. Read-only; nothing leaves the kiosk."""

    def __init__(
        self,
        tasks: Tasks,
        config: Config,
        reader: ScheduleSource,
        switcher: LanguageSwitcher | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("notEnrolledToday")
        self._enabled = bool(config.ehr.enabled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 12)
        layout.setSpacing(10)
        top = QHBoxLayout()
        self.title = _named(QLabel(), "pageTitle")
        self.refresh_button = _named(QPushButton(), "refreshNotEnrolled")
        top.addWidget(self.title, 1)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        self.summary = _named(QLabel(wordWrap=True), "bodyText")
        layout.addWidget(self.summary)
        self.table = VisitTable("notEnrolledTable")
        layout.addWidget(self.table, 1)
        self._state = "loading"
        self._count = 0
        self.loader = ScheduleLoader(tasks, lambda: reader, config.schedule.refresh_seconds, self)
        self.loader.loaded.connect(self._loaded)
        self.loader.failed.connect(self._failed)
        self.refresh_button.clicked.connect(self.loader.load)
        if switcher is not None:
            switcher.changed.connect(lambda _l: self.retranslate())
        self.retranslate()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._enabled:
            self._state = "loading"
            self.loader.start()
        else:
            self._state = "no-ehr"
        self.retranslate()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt API
        super().hideEvent(event)
        self.loader.stop()
        self.table.set_visits([])  # names never stay on a page nobody is looking at

    def _loaded(self, visits: list[ScheduledVisit]) -> None:
        rows = not_enrolled(visits)
        self._state, self._count = "loaded", len(rows)
        self.table.set_visits(rows)
        self.retranslate()

    def _failed(self, _message: str) -> None:
        self._state = "failed"
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Not enrolled today"))
        self.refresh_button.setText(self.tr("Refresh"))
        summary = {
            "loading": self.tr("Reading today's schedule from the EHR..."),
            "no-ehr": self.tr("No EHR connection is set up: there is no schedule to list."),
            "failed": self.tr("The EHR cannot be reached right now. Try Refresh in a moment."),
        }.get(self._state)
        if summary is None:
            summary = (
                self.tr(
                    "%n patient(s) on today's schedule have no portal account yet.", "", self._count
                )
                if self._count
                else self.tr("Everyone on today's schedule has a portal account or an invitation.")
            )
        self.summary.setText(summary)
        self.table.model_.retranslate()
        self.table.fit_columns()
        self.table.viewport().update()


class TodaySchedule(QWidget):
    """The find-patient screen's list of today's appointments (when the EHR is configured)."""

    picked = Signal(object)  # ScheduledVisit
    unavailable = Signal()  # the EHR did not answer

    def __init__(self, ctx: StepContext) -> None:
        super().__init__()
        self.setObjectName("scheduleArea")
        self.ctx = ctx
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        self.note = _named(QLabel(wordWrap=True), "fieldHint")
        box.addWidget(self.note)
        self.table = VisitTable("scheduleTable")
        self.table.picked.connect(self.picked)
        box.addWidget(self.table, 1)
        self._state = "idle"
        self.loader = ScheduleLoader(
            ctx.tasks, lambda: ctx.schedule, ctx.config.schedule.refresh_seconds, self
        )
        self.loader.loaded.connect(self._loaded)
        self.loader.failed.connect(self._failed)

    def start(self) -> None:
        if self._state == "idle":
            self._state = "loading"
        self.loader.start()
        self.retranslate()

    def stop(self) -> None:
        self.loader.stop()
        if self._state == "loading":
            self._state = "idle"

    def clear(self) -> None:
        """The idle wipe and every new patient: no names stay on the screen."""
        self.stop()
        self.table.set_visits([])
        self._state = "idle"

    def has_rows(self) -> bool:
        return bool(self.table.visits())

    def _loaded(self, visits: list[ScheduledVisit]) -> None:
        self._state = "loaded"
        self.table.set_visits(visits)
        self.retranslate()

    def _failed(self, _message: str) -> None:
        self._state = "failed"
        self.retranslate()
        self.unavailable.emit()

    def retranslate(self) -> None:
        count = len(self.table.visits())
        text = {
            "idle": "",
            "loading": self.tr("Reading today's schedule from the EHR..."),
            "failed": self.tr("The schedule could not be read just now; it will try again."),
        }.get(self._state)
        if text is None:
            text = (
                self.tr("%n appointment(s) today. Tap the patient.", "", count)
                if count
                else self.tr("No appointments today for this location. Search by name.")
            )
        self.note.setText(text)
        self.table.model_.retranslate()
        self.table.fit_columns()
        self.table.viewport().update()
