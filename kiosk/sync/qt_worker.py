"""The outbox engine on its own QThread, for the app.

The worker object lives on a QThread it owns; it opens its OWN Store there (SQLite connections
stay on their thread) and builds the engine there. A QTimer runs a pass every
[kiosk] sync_interval_seconds, and `nudge()` (connected to the wizard's outbox_changed) runs
one soon. Results reach the GUI by queued signals: the status bar is updated by signal, never
by polling SQLite from the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

if TYPE_CHECKING:  # the engine (and requests) load on the sync thread, not at start-up
    from kiosk.store import Store
    from kiosk.sync.engine import OutboxEngine

log = logging.getLogger(__name__)


class SyncWorker(QObject):
    state_changed = Signal(str, dict)  # online/offline/syncing/auth-failed/..., outbox counts
    dead_letters_changed = Signal()
    pass_finished = Signal(object)  # PassResult, for tests and the dashboard
    _run_soon = Signal()
    _stop_timer = Signal()

    def __init__(
        self,
        store_factory: Callable[[], Store],
        engine_factory: Callable[[Store], OutboxEngine],
        interval_seconds: float,
    ) -> None:
        super().__init__()
        self._store_factory = store_factory
        self._engine_factory = engine_factory
        self._interval_ms = int(interval_seconds * 1000)
        self._stop = threading.Event()
        self._store: Store | None = None
        self._engine: OutboxEngine | None = None
        self._timer: QTimer | None = None
        self._last_dead = -1
        self._thread = QThread()
        self._thread.setObjectName("sync")
        self.moveToThread(self._thread)
        self._thread.started.connect(self._on_started)
        self._run_soon.connect(self._run_pass)
        self._stop_timer.connect(self._on_stopping)

    def start(self) -> None:
        self._thread.start()

    def nudge(self, *_args: object) -> None:
        """Something was queued: send it now rather than at the next tick (any thread)."""
        self._run_soon.emit()

    @Slot()
    def _on_started(self) -> None:
        self._store = self._store_factory()
        self._engine = self._engine_factory(self._store)
        self._engine.stop = self._stop
        self._timer = QTimer(self)
        self._timer.setInterval(self._interval_ms)
        self._timer.timeout.connect(self._run_pass)
        self._timer.start()
        self._run_pass()

    @Slot()
    def _run_pass(self) -> None:
        if self._engine is None or self._stop.is_set():
            return
        counts = self._store.outbox_counts() if self._store else {}
        if counts.get("queued", 0) and self._engine.lock.held:  # not while standing by
            self.state_changed.emit("syncing", counts)
        try:
            result = self._engine.run_pass()
        except Exception:  # never let one bad pass kill the worker thread
            from kiosk.sync.engine import PassResult

            log.exception("sync pass failed")
            counts = self._store.outbox_counts() if self._store else {}
            result = PassResult(state="offline", counts=counts)
        self.state_changed.emit(result.state, dict(result.counts))
        dead = result.counts.get("dead", 0)
        if dead != self._last_dead:
            self._last_dead = dead
            self.dead_letters_changed.emit()
        self.pass_finished.emit(result)

    @Slot()
    def _on_stopping(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self._engine is not None:
            self._engine.close()  # the delivery lock: a `kiosk sync --watch` may take over
        if self._store is not None:
            self._store.close()
            self._store = None
        self._engine = None
        self._thread.quit()

    def shutdown(self, timeout_ms: int = 30000) -> None:
        """Stop cleanly: the pass in progress finishes its current item, then the thread ends."""
        if not self._thread.isRunning():
            return
        self._stop.set()
        self._stop_timer.emit()
        if not self._thread.wait(timeout_ms):
            log.warning("sync thread did not stop in time")
