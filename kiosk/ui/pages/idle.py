"""The idle timeout: after `idle_seconds` without a touch during a patient's visit, a 15-second
countdown covers the screen; a touch keeps going, zero wipes the screen (Wizard.wipe) and
returns to the start screen. Saved records stay saved; the screen shows none of them.

Both durations are QTimers, which Qt measures on the monotonic clock (CLOCK_MONOTONIC on
Linux), never on the wall clock: a clock corrected by NTP or set by hand neither wipes a
visit early nor keeps a patient's details on screen longer. Keep it that way (no
QDateTime/time.time() arithmetic here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from kiosk.ui.step_page import button, label

if TYPE_CHECKING:
    from kiosk.ui.wizard import Wizard

COUNTDOWN_SECONDS = 15
_ACTIVITY = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
}


class IdleOverlay(QWidget):
    """Covers its parent: "Are you still there?", the seconds left, one big button."""

    def __init__(self, wizard: Wizard, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("idleOverlay")
        self.setProperty("audience", "patient")  # text for older eyes, Larger text applies
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.seconds_left = COUNTDOWN_SECONDS
        layout = QVBoxLayout(self)
        layout.setContentsMargins(120, 80, 120, 80)
        self.question = label("idleQuestion")
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count = label("idleCount")
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explain = label("idleText")
        self.explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.still_here = button("stillHereButton", primary=True)
        layout.addStretch(1)
        layout.addWidget(self.question)
        layout.addWidget(self.count)
        layout.addWidget(self.explain)
        layout.addSpacing(24)
        layout.addWidget(self.still_here, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        wizard.switcher.register(self)
        self.hide()
        self.retranslate()

    def show_countdown(self, seconds: int) -> None:
        self.seconds_left = seconds
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()
        self.retranslate()

    def retranslate(self) -> None:
        self.question.setText(self.tr("Are you still there?"))
        self.count.setText(str(self.seconds_left))
        self.explain.setText(
            self.tr(
                "For your privacy, this screen will clear in %n second(s). Everything already "
                "saved stays saved.",
                "",
                self.seconds_left,
            )
        )
        self.still_here.setText(self.tr("I'm still here"))


class IdleWatcher(QObject):
    """Watches every touch in the application; drives the overlay and the wipe."""

    def __init__(
        self,
        wizard: Wizard,
        overlay_parent: QWidget,
        idle_seconds: int,
        countdown_seconds: int = COUNTDOWN_SECONDS,
        own_phone_seconds: int | None = None,
    ) -> None:
        super().__init__(wizard)
        self.wizard = wizard
        self.countdown_seconds = countdown_seconds
        self._normal_ms = idle_seconds * 1000
        # Steps where the patient works on their own phone (first login, app install): a
        # slow password set-up must not wipe the enrollment, so they wait longer.
        self._own_phone_ms = (own_phone_seconds or idle_seconds) * 1000
        self.overlay = IdleOverlay(wizard, overlay_parent)
        self.overlay.still_here.clicked.connect(self.keep_going)
        self._idle = QTimer(self, singleShot=True)
        self._idle.timeout.connect(self._start_countdown)
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._count_down)
        self._idle.setInterval(self._normal_ms)
        wizard.page_changed.connect(self._page_changed)
        wizard.patient_progress.connect(self.progress)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._idle.start()

    def set_idle_ms(self, ms: int, own_phone_ms: int | None = None) -> None:
        """Tests use short timeouts; the app uses config.kiosk.idle_timeout_seconds."""
        self._normal_ms = ms
        if own_phone_ms is not None:
            self._own_phone_ms = own_phone_ms
        self._page_changed(self.wizard.current_page())

    def _page_changed(self, page: QObject) -> None:
        own_phone = bool(getattr(page, "patient_on_own_phone", False))
        self._idle.setInterval(self._own_phone_ms if own_phone else self._normal_ms)
        if self._idle.isActive():
            self._idle.start()

    def progress(self) -> None:
        """A sign of life from the patient's phone (the portal saw a change): the patient is
        busy, not gone - the wait starts again, and a countdown already showing goes away."""
        if self.counting_down:
            self.keep_going()
        else:
            self._idle.start()

    def set_tick_ms(self, ms: int) -> None:
        self._tick.setInterval(ms)

    @property
    def counting_down(self) -> bool:
        return self.overlay.isVisible()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in _ACTIVITY and not self.counting_down:
            self._idle.start()  # restart: the person is still here
        return False

    def keep_going(self) -> None:
        self._tick.stop()
        self.overlay.hide()
        self._idle.start()

    def _start_countdown(self) -> None:
        if not self.wizard.is_patient_session():
            self._idle.start()
            return
        self.overlay.show_countdown(self.countdown_seconds)
        self._tick.start()

    def _count_down(self) -> None:
        left = self.overlay.seconds_left - 1
        if left > 0:
            self.overlay.seconds_left = left
            self.overlay.retranslate()
            return
        self._tick.stop()
        self.overlay.hide()
        self.wizard.wipe("idle-timeout")
        self._idle.start()

    def shutdown(self) -> None:
        self._idle.stop()
        self._tick.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
