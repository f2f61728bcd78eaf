"""Move on by itself after a step succeeded: no tap that means nothing.

After "Send the invitation" is saved and after the card was printed or sent, the page shows
its short confirmation ("Queued...", "Printed...") for DELAY_MS and then the wizard advances,
unless the screen changed meanwhile (a tap on Next, Back, the idle wipe: the page's `leave`
and `reset` cancel it, and it only fires while its page is the one on display). Next still
works at once for anyone who does not want to wait.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from kiosk.ui.context import StepContext

DELAY_MS = 1500


class AutoAdvance(QObject):
    def __init__(self, page: QWidget, ctx: StepContext, delay_ms: int = DELAY_MS) -> None:
        super().__init__(page)
        self._page = page
        self._ctx = ctx
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._fire)

    def arm(self) -> None:
        self._timer.start()

    def cancel(self) -> None:
        self._timer.stop()

    @property
    def armed(self) -> bool:
        return self._timer.isActive()

    def _fire(self) -> None:
        if self._ctx.is_showing(self._page) and self._ctx.enrollment is not None:
            self._ctx.advance()
