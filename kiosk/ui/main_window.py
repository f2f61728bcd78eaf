"""The main window: a page stack and the status bar. Navigation only - one class per page."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui import dates
from kiosk.ui.plain import plain_label

WINDOW_SIZE = (1280, 800)


class StatusBar(QWidget):
    """Who is signed in, whether records are reaching the EHR, and the time - always visible."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # paint the QSS background
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 6, 16, 6)
        self.staff = plain_label(objectName="statusStaff")
        self.sync = plain_label(objectName="statusSync")
        self.outbox = plain_label(objectName="statusOutbox")
        self.clock = plain_label(objectName="statusClock")
        for widget in (self.staff, self.sync, self.outbox):
            layout.addWidget(widget)
            layout.addSpacing(24)
        layout.addStretch(1)
        layout.addWidget(self.clock)
        self._staff_name: str | None = None
        self._sync_state = "offline"
        self._counts = {"queued": 0, "dead": 0}
        self._timer = QTimer(self, interval=1000, timeout=self._tick)
        self._timer.start()
        self.retranslate()
        self._tick()

    def set_staff(self, name: str | None) -> None:
        self._staff_name = name
        self.retranslate()

    def set_sync(self, state: str, counts: dict[str, int]) -> None:
        """state: online / offline / syncing / not-configured / standby; outbox counts."""
        self._sync_state = state
        self._counts = counts
        self.retranslate()

    def retranslate(self) -> None:
        self._tick()  # the clock in the new language's time format
        self.staff.setText(
            self.tr("Staff: %1").replace("%1", self._staff_name)
            if self._staff_name
            else self.tr("No staff signed in")
        )
        states = {
            "online": self.tr("EHR: online"),
            "offline": self.tr("EHR: offline - saving locally"),
            "syncing": self.tr("EHR: sending..."),
            "not-configured": self.tr("EHR: not connected"),
            "standby": self.tr("EHR: sent by the sync service"),
        }
        self.sync.setText(states.get(self._sync_state, self._sync_state))
        queued = self._counts.get("queued", 0) + self._counts.get("sending", 0)
        dead = self._counts.get("dead", 0)
        text = self.tr("Waiting to send: %1").replace("%1", str(queued))
        if dead:
            text += "  " + self.tr("Needs attention: %1").replace("%1", str(dead))
        self.outbox.setText(text)
        self.outbox.setProperty("alert", bool(dead))
        self.outbox.style().unpolish(self.outbox)
        self.outbox.style().polish(self.outbox)

    def _tick(self) -> None:
        self.clock.setText(dates.clock_text(datetime.now()))


class MainWindow(QMainWindow):
    def __init__(self, practice_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(practice_name)
        self.resize(*WINDOW_SIZE)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        header = plain_label(practice_name, objectName="practiceName")
        header.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget()
        self.status = StatusBar()
        layout.addWidget(header)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.status)
        self.setCentralWidget(central)

    def add_page(self, page: QWidget) -> int:
        return self.pages.addWidget(page)

    def show_page(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
