"""The main window: a page stack and the status bar. Navigation only - one class per page.

In kiosk mode (`kiosk run --kiosk`, the packaged session under cage) the window fills the
screen without a frame, and every close request - the compositor's, the window manager's,
Alt+F4 - is refused; only `quit_for_admin()` (the admin menu, after an admin PIN) ends it.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
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
        layout.setContentsMargins(12, 6, 12, 6)
        self.staff = plain_label(objectName="statusStaff")
        self.sync = plain_label(objectName="statusSync")
        self.outbox = plain_label(objectName="statusOutbox")
        self.clock = plain_label(objectName="statusClock")
        for widget in (self.staff, self.sync, self.outbox):
            layout.addWidget(widget)
            layout.addSpacing(12)  # 20 px type (theme.qss): Spanish fits in 1280 px
        layout.addStretch(1)
        layout.addWidget(self.clock)
        self._staff_name: str | None = None
        self._sync_state = "offline"
        self._counts = {"queued": 0, "dead": 0}
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
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


class ReadinessBanner(QLabel):
    """ "Not ready for patients" for staff: placeholders or an unreachable portal login page.
    MainWindow shows it only over staff screens, never while a patient is looking."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readinessBanner")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet(
            "#readinessBanner { background: #8a1c1c; color: #ffffff; font-size: 20px;"
            " font-weight: bold; padding: 4px 16px; }"
        )
        self.problems: list[str] = []

    def set_problems(self, problems: list[str]) -> None:
        self.problems = list(problems)
        self.retranslate()

    def retranslate(self) -> None:
        if not self.problems:
            self.clear()
            return
        # One line, so no staff screen loses its layout; the details are for IT, in English
        # like `kiosk doctor --ready`, which prints them.
        self.setText(
            self.tr(
                "Not ready for patients: %1 setting(s) to fix - IT: kiosk doctor --ready"
            ).replace("%1", str(len(self.problems)))
        )
        self.setToolTip("\n".join(self.problems))


class _CloseKeyFilter(QObject):
    """Alt+F4 (and Ctrl+Q/Ctrl+W) do nothing in kiosk mode, whatever widget has focus."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            key = event if isinstance(event, QKeyEvent) else None
            if key is not None:
                mods = key.modifiers()
                alt_f4 = key.key() == Qt.Key.Key_F4 and mods & Qt.KeyboardModifier.AltModifier
                ctrl = key.key() in (Qt.Key.Key_Q, Qt.Key.Key_W) and (
                    mods & Qt.KeyboardModifier.ControlModifier
                )
                if alt_f4 or ctrl:
                    return True
        return False


class MainWindow(QMainWindow):
    # Emitted for every close request refused in kiosk mode (tests and the log watch it).
    close_refused = Signal()

    def __init__(self, practice_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kiosk_mode = False
        self._quitting = False
        self._key_filter: _CloseKeyFilter | None = None
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
        self.banner = ReadinessBanner()
        self.banner.hide()
        self._staff_screen = True
        layout.addWidget(header)
        layout.addWidget(self.banner)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.status)
        self.setCentralWidget(central)
        self.central = central  # the idle overlay covers it

    def add_page(self, page: QWidget) -> int:
        return self.pages.addWidget(page)

    def show_page(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)

    # ---- readiness banner ---------------------------------------------------------------
    def set_readiness(self, problems: list[str]) -> None:
        self.banner.set_problems(problems)
        self._update_banner()

    def set_staff_screen(self, staff_only: bool) -> None:
        """True while the screen is for staff only (sign-in, admin); False when a patient may
        be looking - the banner is never shown to a patient."""
        self._staff_screen = staff_only
        self._update_banner()

    def _update_banner(self) -> None:
        self.banner.setVisible(bool(self.banner.problems) and self._staff_screen)

    # ---- kiosk mode ---------------------------------------------------------------------
    def enter_kiosk_mode(self) -> None:
        self.kiosk_mode = True
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        self._key_filter = _CloseKeyFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._key_filter)
        self.showFullScreen()

    def quit_for_admin(self) -> None:
        """The only way out of kiosk mode; the admin page calls it after an admin PIN."""
        self._quitting = True
        self.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.kiosk_mode and not self._quitting:
            event.ignore()
            self.close_refused.emit()
            return
        super().closeEvent(event)
