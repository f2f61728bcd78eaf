"""Background work for the UI: the GUI thread never waits on disk or network.

All database work runs on ONE thread that owns its own Store (SQLite connections stay on the
thread that made them, and one writer means no lock contention with ourselves). Network work
runs on a small separate pool, so a slow EHR never delays a save. Results come back to the
GUI thread through a queued Qt signal and are handed to the caller's callback there.

The callables (the work and both callbacks) stay in a table the GUI thread owns; a pool thread
only borrows the work while it runs and sends back a ticket. Callbacks are usually bound methods
of widgets: if a pool thread held the last reference to one, the widget would be destroyed on
that thread (QWidget::~QWidget off the GUI thread) while the GUI thread is painting or
delivering events, which crashes the process (seen as a rare segfault in the test suite).
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

from kiosk.store import Store

log = logging.getLogger(__name__)
T = TypeVar("T")
Callback = Callable[[Any], None] | None


class _Relay(QObject):
    # Emitted from worker threads; Qt queues it to the GUI thread that owns the relay.
    done = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()
        # ticket -> (work, on_done, on_error): released only here, on the GUI thread.
        self.calls: dict[int, tuple[Callable[[], Any], Callback, Callback]] = {}
        self.closed = False  # after shutdown: results still queued are for widgets now gone

    @Slot(object)
    def deliver(self, packet: tuple[int, bool, Any]) -> None:
        ticket, ok, value = packet
        with self.lock:
            _work, on_done, on_error = self.calls.pop(ticket)
        if self.closed:
            return
        callback = on_done if ok else on_error
        if callback is not None:
            callback(value)


class TaskRunner:
    def __init__(self, store_factory: Callable[[], Store], network_threads: int = 2) -> None:
        self._local = threading.local()
        self._store_factory = store_factory
        self._stores: list[Store] = []
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db")
        self._net = ThreadPoolExecutor(max_workers=network_threads, thread_name_prefix="net")
        self._relay = _Relay()
        self._relay.done.connect(self._relay.deliver)
        self._pending: set[Future[Any]] = set()
        self._lock = threading.Lock()
        self._tickets = itertools.count()

    def _store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = self._store_factory()
            self._stores.append(store)
        return store

    def db(
        self,
        fn: Callable[[Store], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> Future[T]:
        """Run fn(store) on the database thread."""
        return self._submit(self._db, lambda: fn(self._store()), on_done, on_error)

    def net(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> Future[T]:
        """Run fn() on the network pool."""
        return self._submit(self._net, fn, on_done, on_error)

    def _submit(
        self,
        pool: ThreadPoolExecutor,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None,
        on_error: Callable[[Exception], None] | None,
    ) -> Future[T]:
        relay = self._relay
        ticket = next(self._tickets)
        with relay.lock:
            relay.calls[ticket] = (fn, on_done, on_error)

        def job() -> T:
            # Only `ticket` and `relay` live in this closure: the pool thread borrows the work
            # and never holds the last reference to a callable (see the module docstring).
            with relay.lock:
                work = relay.calls[ticket][0]
            try:
                value: T = work()
            except Exception as exc:  # delivered to the GUI, never lost in a thread
                del work
                log.warning("background task failed: %s", type(exc).__name__)
                # The traceback's frames hold the work's locals; drop them here, while the
                # table still holds the callables, so nothing is released on the GUI's behalf.
                exc = exc.with_traceback(None)
                relay.done.emit((ticket, False, exc))
                raise exc from None
            del work
            relay.done.emit((ticket, True, value))
            return value

        future = pool.submit(job)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._forget)
        return future

    def _forget(self, future: Future[Any]) -> None:
        with self._lock:
            self._pending.discard(future)

    @property
    def busy(self) -> bool:
        with self._lock:
            return bool(self._pending)

    def shutdown(self) -> None:
        # No callback after this: the windows are torn down next, and a result queued to the
        # GUI thread meanwhile would reach deleted widgets.
        self._relay.closed = True
        self._net.shutdown(wait=True, cancel_futures=True)
        self._db.submit(self._close_stores).result()
        self._db.shutdown(wait=True)

    def _close_stores(self) -> None:
        for store in self._stores:
            store.close()
        self._stores.clear()


class SessionTasks:
    """The TaskRunner as pages see it: a result that comes back after the patient session
    ended (idle timeout, next patient, sign-out) belongs to someone who is gone and is dropped
    here, so no page keeps its own "is this still current?" counter.

    `always` runs on the GUI thread when the work ends, shown or dropped (to clear a busy flag).
    The work itself always completes: a save started before a wipe still lands."""

    def __init__(self, runner: TaskRunner) -> None:
        self.runner = runner
        self._session = 0

    def end_session(self) -> None:
        """Results of work started before now are stale from here on."""
        self._session += 1

    def db(
        self,
        fn: Callable[[Store], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        *,
        always: Callable[[], None] | None = None,
    ) -> Future[T]:
        """Run fn(store) on the database thread; callbacks only while the session lasts."""
        done, error = self._guard(on_done, on_error, always)
        return self.runner.db(fn, done, error)

    def net(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        *,
        always: Callable[[], None] | None = None,
    ) -> Future[T]:
        """Run fn() on the network pool; callbacks only while the session lasts."""
        done, error = self._guard(on_done, on_error, always)
        return self.runner.net(fn, done, error)

    def _guard(
        self,
        on_done: Callable[[T], None] | None,
        on_error: Callable[[Exception], None] | None,
        always: Callable[[], None] | None,
    ) -> tuple[Callable[[T], None], Callable[[Exception], None]]:
        session = self._session

        def deliver(callback: Callable[[Any], None] | None, value: Any) -> None:
            if always is not None:
                always()
            if callback is not None and session == self._session:
                callback(value)

        return (lambda value: deliver(on_done, value)), (lambda exc: deliver(on_error, exc))
