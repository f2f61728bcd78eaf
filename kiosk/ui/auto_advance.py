"""Move on by itself after a step succeeded: no tap that means nothing.

After "Send the invitation" is saved and after the card was printed or sent, the page shows
its short confirmation ("Queued...", "Printed...") for DELAY_MS and then the wizard advances,
unless the screen changed meanwhile (a tap on Next, Back, the idle wipe). Next still works
at once for anyone who does not want to wait.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer

DELAY_MS = 1500


class AutoAdvance(QObject):
    def __init__(self, page: Any, wizard: Any, delay_ms: int = DELAY_MS) -> None:
        super().__init__(page)
        self._page = page
        self._wizard = wizard
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._fire)
        self._generation = -1

    def arm(self) -> None:
        self._generation = self._wizard._generation
        self._timer.start()

    def cancel(self) -> None:
        self._timer.stop()

    @property
    def armed(self) -> bool:
        return self._timer.isActive()

    def _fire(self) -> None:
        if (
            self._generation == self._wizard._generation
            and self._wizard.current_page() is self._page
            and self._wizard.enrollment is not None
        ):
            self._wizard.advance()
