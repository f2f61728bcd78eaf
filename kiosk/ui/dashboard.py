"""The adoption dashboard (admin PIN): headline tiles against the previous period, the
enrollment-rate trend, decline reasons and per-staff bars, and PDF/CSV export.

All numbers come from kiosk.metrics on the database thread (TaskRunner.db); the page only
renders them. Aggregates only: no patient names reach this screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk import metrics
from kiosk.metrics import Metrics, Period
from kiosk.sync import practice_read
from kiosk.sync.http import SyncError
from kiosk.ui import charts, dates
from kiosk.ui.plain import plain_label
from kiosk.ui.practice_view import PracticeView


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


class ChartView(QWidget):
    """A titled area that paints one chart with a callable: paint(painter, rect)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartView")
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._paint: Callable[[QPainter, QRectF], None] | None = None

    def set_painter(self, paint: Callable[[QPainter, QRectF], None] | None) -> None:
        self._paint = paint
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if self._paint is None:
            return
        painter = QPainter(self)
        try:
            self._paint(painter, QRectF(self.rect()).adjusted(4, 4, -8, -4))
        finally:
            painter.end()


class Tile(QFrame):
    """One headline number with its change since the previous period."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashTile")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(2)
        self.value = plain_label("-", objectName="tileValue")
        self.caption = plain_label(objectName="tileLabel", wordWrap=True)
        self.change = plain_label(objectName="tileChange")
        for widget in (self.value, self.caption, self.change):
            layout.addWidget(widget)

    def set_values(self, value: str, caption: str, change: str, direction: str | None) -> None:
        self.value.setText(value)
        self.caption.setText(caption)
        self.change.setText(change)
        self.change.setProperty("direction", direction or "none")
        self.change.style().unpolish(self.change)
        self.change.style().polish(self.change)


class DashboardPage(QWidget):
    practice_shown = Signal()  # the whole-practice figures are on screen (tests, benchmark)

    HEADLINES = (
        ("approached", False),
        ("enrolled", False),
        ("enrollment_rate", True),
        ("new_enrollments", False),
        ("first_login_rate", True),
        ("active_rate", True),
    )

    def __init__(
        self,
        tasks,
        config,
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
        practice=None,
        now: Callable[[], datetime] | None = None,
        scope_memory: dict | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardPage")
        self._tasks = tasks
        self._config = config
        self._today = today
        self._practice = practice  # kiosk.sync.practice_read.PracticeRefresher, or None
        self._now = now or (lambda: datetime.now(UTC))
        # The scope a staff member chose stays chosen for their session (the composition root
        # clears this dict at sign-in/out); until they choose, see _default_scope.
        self._scope_memory = scope_memory if scope_memory is not None else {}
        self._scope = self._scope_memory.get("scope", "kiosk")
        self._scope_decided = "scope" in self._scope_memory
        self._scope_changes = 0
        self._period = Period.containing("month", today())
        self._metrics: Metrics | None = None
        self._request = 0

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 12)
        layout.setSpacing(10)

        top = QHBoxLayout()
        self.title = plain_label(objectName="pageTitle")
        top.addWidget(self.title)
        top.addStretch(1)
        self.kind_buttons = QButtonGroup(self)
        self.day_button = QPushButton(objectName="periodButton", checkable=True)
        self.week_button = QPushButton(objectName="periodButton", checkable=True)
        self.month_button = QPushButton(objectName="periodButton", checkable=True)
        for kind, button in (
            ("day", self.day_button),
            ("week", self.week_button),
            ("month", self.month_button),
        ):
            self.kind_buttons.addButton(button)
            button.clicked.connect(lambda _=False, k=kind: self.set_kind(k))
            top.addWidget(button)
        self.month_button.setChecked(True)
        top.addSpacing(12)
        self.prev_button = QPushButton("\u25c0", objectName="periodStep")
        self.next_button = QPushButton("\u25b6", objectName="periodStep")
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.period_label = plain_label(objectName="periodLabel")
        self.period_label.setMinimumWidth(200)
        self.period_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        top.addWidget(self.prev_button)
        top.addWidget(self.period_label)
        top.addWidget(self.next_button)
        layout.addLayout(top)
        scope_row = QHBoxLayout()
        self.scope_buttons = QButtonGroup(self)
        self.kiosk_button = QPushButton(objectName="periodButton", checkable=True)
        self.practice_button = QPushButton(objectName="periodButton", checkable=True)
        for scope, button in (("kiosk", self.kiosk_button), ("practice", self.practice_button)):
            self.scope_buttons.addButton(button)
            button.clicked.connect(lambda _=False, s=scope: self.choose_scope(s))
            scope_row.addWidget(button)
        scope_row.addStretch(1)
        self.kiosk_button.setChecked(True)
        layout.addLayout(scope_row)

        self.kiosk_view = QWidget()
        kiosk_layout = QVBoxLayout(self.kiosk_view)
        kiosk_layout.setContentsMargins(0, 0, 0, 0)
        self.practice_view = PracticeView()
        self.practice_view.hide()
        layout.addWidget(self.kiosk_view, 1)
        layout.addWidget(self.practice_view, 1)
        outer, layout = layout, kiosk_layout
        tiles = QGridLayout()
        tiles.setSpacing(10)
        self.tiles = {name: Tile() for name, _ in self.HEADLINES}
        for i, (name, _) in enumerate(self.HEADLINES):
            tiles.addWidget(self.tiles[name], 0, i)
        layout.addLayout(tiles)

        self.engagement = plain_label(objectName="dashDetail", wordWrap=True)
        layout.addWidget(self.engagement)

        charts_row = QHBoxLayout()
        charts_row.setSpacing(14)
        self.trend_title = plain_label(objectName="chartTitle")
        self.decline_title = plain_label(objectName="chartTitle")
        self.staff_title = plain_label(objectName="chartTitle")
        self.trend_chart = ChartView()
        self.decline_chart = ChartView()
        self.staff_chart = ChartView()
        for title, chart, stretch in (
            (self.trend_title, self.trend_chart, 5),
            (self.decline_title, self.decline_chart, 4),
            (self.staff_title, self.staff_chart, 4),
        ):
            column = QVBoxLayout()
            column.addWidget(title)
            column.addWidget(chart, 1)
            charts_row.addLayout(column, stretch)
        layout.addLayout(charts_row, 1)
        layout = outer

        bottom = QHBoxLayout()
        self.status = plain_label(objectName="dashStatus", wordWrap=True)
        self.pdf_button = QPushButton(objectName="exportButton")
        self.csv_button = QPushButton(objectName="exportButton")
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.refresh_practice_button = QPushButton(objectName="exportButton")
        self.refresh_practice_button.clicked.connect(self.refresh_practice)
        self.refresh_practice_button.hide()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.refresh_practice_button)
        bottom.addWidget(self.pdf_button)
        bottom.addWidget(self.csv_button)
        layout.addLayout(bottom)
        self.retranslate()

    # ---- intents -------------------------------------------------------------------------
    def set_kind(self, kind: str) -> None:
        # Keep today in view when it is inside the current period (month -> this week).
        today = self._today()
        anchor = today if self._period.start <= today < self._period.end else self._period.start
        self._period = Period.containing(kind, anchor)
        self.refresh()

    def choose_scope(self, scope: str) -> None:
        """Staff tapped This kiosk / Whole practice: remembered for the rest of the session."""
        self._scope_memory["scope"] = scope
        self._scope_decided = True
        self.set_scope(scope)

    def _default_scope(self) -> None:
        """Nobody chose yet this session: the whole practice when an EHR is configured and its
        figures for the month are cached (they open instantly, offline too), else this kiosk.
        The cache is read on the database thread; the kiosk view shows meanwhile."""
        self._scope_decided = True
        practice = self._practice
        if practice is None or not practice.has_ehr:
            self.set_scope("kiosk")
            return
        month = f"{self._period.start:%Y-%m}"
        ticket = self._scope_changes

        def chosen(cached: bool) -> None:
            if ticket == self._scope_changes:  # nobody set a scope meanwhile
                self.set_scope("practice" if cached else "kiosk")

        self._tasks.db(
            lambda store: store.cache_get(practice_read.ehr_key(month)) is not None,
            chosen,
            lambda _exc: self.set_scope("kiosk") if ticket == self._scope_changes else None,
        )

    @property
    def scope(self) -> str:
        return self._scope

    def set_scope(self, scope: str) -> None:
        """'kiosk' (this tablet's desk funnel) or 'practice' (every kiosk, the EHR and the
        portal, for a month: the playbook's figures)."""
        self._scope_changes += 1
        self._scope = scope
        (self.practice_button if scope == "practice" else self.kiosk_button).setChecked(True)
        practice = scope == "practice"
        self.kiosk_view.setVisible(not practice)
        self.practice_view.setVisible(practice)
        self.refresh_practice_button.setVisible(practice)
        for button in (self.day_button, self.week_button):
            button.setVisible(not practice)  # the playbook's figures are monthly
        if practice and self._period.kind != "month":
            self._period = Period.containing("month", self._period.start)
        self.refresh()

    def refresh_practice(self) -> None:
        """Read the month again from the EHR (and the portal) off the GUI thread, cache it,
        then show it. Offline, the cached figures stay on screen with their age."""
        practice = self._practice
        if practice is None or not practice.has_ehr:
            self.status.setText(self.tr("No EHR is set up for this kiosk: IT can add it."))
            return
        period = self._period
        month = f"{period.start:%Y-%m}"
        stamp = self._now().isoformat(timespec="seconds").replace("+00:00", "Z")
        self.status.setText(self.tr("Reading the practice's figures..."))
        self.refresh_practice_button.setEnabled(False)
        mrn = self._config.ehr.mrn_system

        def fetch(local):
            ehr = practice.read_ehr(period.start, period.end, local, stamp)
            try:
                usage = practice.read_usage(month)
            except Exception:  # the portal's usage is optional; the EHR part still counts
                usage = None
            return ehr, usage

        def save(result) -> None:
            ehr, usage = result

            def write(store) -> None:
                store.cache_put(practice_read.ehr_key(month), ehr.to_json(), stamp)
                if usage is not None:
                    store.cache_put(practice_read.usage_key(month), usage.to_json(), stamp)

            self._tasks.db(write, lambda _: self._practice_done(), self._practice_failed)

        self._tasks.db(
            lambda store: practice_read.local_undelivered(store, mrn),
            lambda local: self._tasks.net(lambda: fetch(local), save, self._practice_failed),
            self._practice_failed,
        )

    def _practice_done(self) -> None:
        self.refresh_practice_button.setEnabled(True)
        self.refresh()

    def _practice_failed(self, exc: Exception) -> None:
        self.refresh_practice_button.setEnabled(True)
        self.status.setText(
            self.tr("Could not reach the EHR (%1): showing the saved figures.").replace(
                "%1", str(exc) if isinstance(exc, SyncError) else type(exc).__name__
            )
        )

    def step(self, steps: int) -> None:
        self._period = self._period.shifted(steps)
        self.refresh()

    def set_period(self, period: Period) -> None:
        self._period = period
        self.refresh()

    @property
    def period(self) -> Period:
        return self._period

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if not self._scope_decided:
            self._default_scope()  # refreshes once the scope is known
            return
        if self._scope == "practice" and self.practice_view.isHidden():
            self.set_scope("practice")  # remembered from earlier in the session
            return
        self.refresh()

    def refresh(self) -> None:
        """Recompute on the database thread; the newest request wins."""
        self._request += 1
        request, period = self._request, self._period
        buttons = {"day": self.day_button, "week": self.week_button, "month": self.month_button}
        if period.kind in buttons:
            buttons[period.kind].setChecked(True)
        self._update_period_label()
        self.status.setText(self.tr("Updating..."))
        if self._scope == "practice":
            now = self._now()
            self._tasks.db(
                lambda store: _practice_state(store, period, now),
                lambda result: self._show_practice(request, result),
                self._failed,
            )
            return
        self._tasks.db(
            lambda store: metrics.compute(store, period),
            lambda result: self._show(request, result),
            self._failed,
        )

    def export(self, fmt: str) -> None:
        """Compute, render and write on the database thread: drawing the one-page PDF takes
        ~80 ms (more the first time, loading fonts), too long for the GUI thread. Qt paints a
        QPdfWriter on any thread; the words come from the catalogue installed now (the
        language on screen), whose translate() is thread-safe."""
        period = self._period
        name = self._config.practice.name
        self.status.setText(self.tr("Preparing the report..."))

        def build(store) -> Path:
            from kiosk import export, report

            practice = report.practice_rows(store, period) if period.kind == "month" else None
            data = export.render(metrics.compute(store, period), name, fmt, practice)
            filename = report.default_filename(period, fmt)
            if period.kind != "month":
                filename = filename.replace(f"{period.start:%Y-%m}", period.start.isoformat())
            return _write_document(store.path.parent / "documents" / filename, data)

        self._tasks.db(build, self._exported, self._failed)

    # ---- rendering -----------------------------------------------------------------------
    def _show(self, request: int, m: Metrics) -> None:
        if request != self._request:
            return  # an older period's answer arriving late
        self._metrics = m
        self.status.setText("")
        self._render()

    def _show_practice(self, request: int, result) -> None:
        if request != self._request:
            return
        self.status.setText("")
        self.practice_view.show_model(result)
        self.practice_shown.emit()

    def _exported(self, path: Path) -> None:
        self.status.setText(self.tr("Saved: %1").replace("%1", str(path)))

    def _failed(self, exc: Exception) -> None:
        self.status.setText(
            self.tr("Could not load the numbers: %1").replace("%1", type(exc).__name__)
        )

    def _update_period_label(self) -> None:
        p = self._period
        if p.kind == "month":
            text = dates.month_year_text(p.start)
        elif p.kind == "week":
            text = self.tr("Week of %1").replace("%1", dates.long_date_text(p.start))
        else:
            text = dates.long_date_text(p.start)
        self.period_label.setText(text)

    def _kind_name(self) -> str:
        return {"day": self.tr("day"), "week": self.tr("week"), "month": self.tr("month")}.get(
            self._period.kind, self.tr("period")
        )

    def _change_text(self, name: str, rate: bool) -> tuple[str, str | None]:
        assert self._metrics is not None
        delta = self._metrics.delta(name)
        if delta.change is None:
            return "-", None
        arrow = {"up": "\u25b2", "down": "\u25bc", "same": "\u25c6"}[delta.direction or "same"]
        amount = (
            self.tr("%1 pts").replace("%1", f"{delta.change * 100:+.0f}")
            if rate
            else f"{delta.change:+.0f}"
        )
        return f"{arrow} {amount}", delta.direction

    def _captions(self) -> dict[str, str]:
        return {
            "approached": self.tr("Patients approached"),
            "enrolled": self.tr("Enrolled"),
            "enrollment_rate": self.tr("Enrollment rate"),
            "new_enrollments": self.tr("New enrollments"),
            "first_login_rate": self.tr("First login at desk"),
            "active_rate": self.tr("Active accounts"),
        }

    def _reason_labels(self) -> dict[str, str]:
        return {
            "no-email": self.tr("No email"),
            "not-comfortable-with-computers": self.tr("Not comfortable"),
            "privacy-concern": self.tr("Privacy"),
            "no-perceived-benefit": self.tr("No benefit seen"),
            "other": self.tr("Other"),
        }

    def _render(self) -> None:
        m = self._metrics
        captions = self._captions()
        if m is None:
            for name, tile in self.tiles.items():
                tile.set_values("-", captions[name], "", None)
            return
        a = m.adoption
        values = {
            "approached": str(a.approached),
            "enrolled": str(a.enrolled),
            "enrollment_rate": _pct(a.enrollment_rate),
            "new_enrollments": str(a.new_enrollments),
            "first_login_rate": _pct(a.first_login_rate),
            "active_rate": _pct(a.active_rate),
        }
        for name, rate in self.HEADLINES:
            change, direction = self._change_text(name, rate)
            self.tiles[name].set_values(values[name], captions[name], change, direction)
        g = m.engagement
        features = {"messaging": self.tr("messaging"), "scheduling": self.tr("scheduling")}
        demos = ", ".join(f"{features.get(k, k)} {v}" for k, v in g.demos_by_feature.items()) or "0"
        parts = [
            self.tr("Arrows: change vs previous %1").replace("%1", self._kind_name()),
            self.tr("Declined %1, not finished %2")
            .replace("%1", str(a.declined))
            .replace("%2", str(a.abandoned)),
            self.tr("Demos: %1").replace("%1", demos),
            self.tr("App installs: %1").replace("%1", str(g.app_installs)),
            self.tr("Cards: %1").replace("%1", str(g.cards_printed)),
            self.tr("Own accounts %1, proxy (child) %2, parents/caregivers added %3")
            .replace("%1", str(m.family.own_account))
            .replace("%2", str(m.family.proxy_enrollments))
            .replace("%3", str(m.family.teen_parent_proxies + m.family.caregiver_proxies)),
            self.tr("Invitations: email %1, SMS %2")
            .replace("%1", str(g.invitations_by_channel.get("email", 0)))
            .replace("%2", str(g.invitations_by_channel.get("sms", 0))),
            self.tr("On follow-up worklist: %1").replace("%1", str(m.follow_up.open_worklist)),
            self.tr("Sync: %1 waiting, %2 need attention")
            .replace("%1", str(m.sync.queued))
            .replace("%2", str(m.sync.dead_letters)),
        ]
        self.engagement.setText("   \u00b7   ".join(parts))
        empty = self.tr("No enrollments in this period")
        daily = m.trend_unit == "day"
        points = [
            (str(p.start.day) if daily else dates.day_month_text(p.start), p.rate) for p in m.trend
        ]
        goal = self.tr("goal 60%")
        self.trend_chart.set_painter(
            lambda painter, rect: charts.draw_rate_trend(
                painter, rect, points, 17, goal_label=goal, empty_text=empty
            )
        )
        labels = self._reason_labels()
        declines = [
            (labels.get(b.reason, b.reason), b.count, f"{b.count} ({b.remedy_taken})")
            for b in m.barriers
        ]
        top = max((b.count for b in m.barriers), default=0)
        self.decline_chart.set_painter(
            lambda painter, rect: charts.draw_bars(
                painter, rect, declines, 18, charts.WARN, max_value=top or 1
            )
        )
        staff = [
            (s.display_name, s.enrolled, f"{s.enrolled} ({_pct(s.enrollment_rate)})")
            for s in m.staff[:8]
        ]
        self.staff_chart.set_painter(
            lambda painter, rect: charts.draw_bars(
                painter, rect, staff, 18, charts.GOAL, empty_text=empty
            )
        )

    def retranslate(self) -> None:
        self.title.setText(self.tr("Portal adoption"))
        self.day_button.setText(self.tr("Day"))
        self.week_button.setText(self.tr("Week"))
        self.month_button.setText(self.tr("Month"))
        self.pdf_button.setText(self.tr("Export PDF"))
        self.csv_button.setText(self.tr("Export CSV"))
        self.kiosk_button.setText(self.tr("This kiosk"))
        self.practice_button.setText(self.tr("Whole practice"))
        self.refresh_practice_button.setText(self.tr("Refresh from EHR"))
        self.trend_title.setText(self.tr("Enrollment rate trend"))
        self.decline_title.setText(self.tr("Why patients declined (remedy given)"))
        self.staff_title.setText(self.tr("Enrollments by staff (rate)"))
        self._update_period_label()
        self._render()
        self.practice_view.retranslate()
        if self._scope == "practice" and self.practice_view.model is not None:
            self.refresh()  # the figures' words are made on the database thread


def _practice_state(store, period: Period, now: datetime):
    """The whole-practice view's ready model from the cache (instant, offline): merged,
    ranked and worded here on the database thread; the GUI thread only sets label texts."""
    from kiosk.practice import playbook_gaps
    from kiosk.report import practice_rows
    from kiosk.ui.practice_view import build_model

    rows, fetched_at = practice_rows(store, period)
    install = metrics.compute(store, period).engagement.app_install_rate
    return build_model(rows, fetched_at, playbook_gaps(rows, install), now)


def _write_document(path: Path, data: bytes) -> Path:
    from kiosk.report import write_atomic

    return write_atomic(path, data)
