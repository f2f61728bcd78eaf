"""Background work for the UI: the GUI thread never waits on disk or network.

All database work runs on ONE thread that owns its own Store (SQLite connections stay on the
thread that made them, and one writer means no lock contention with ourselves). Network work
runs on a small separate pool, so a slow EHR never delays a save. Results come back to the
GUI thread through a queued Qt signal and are handed to the caller's callback there.
"""

from __future__ import annotations

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

    @Slot(object)
    def deliver(self, packet: tuple[Callable[[Any], None] | None, Any]) -> None:
        callback, value = packet
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
        self._pending: set[Future] = set()
        self._lock = threading.Lock()

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
    ) -> Future:
        """Run fn(store) on the database thread."""
        return self._submit(self._db, lambda: fn(self._store()), on_done, on_error)

    def net(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> Future:
        """Run fn() on the network pool."""
        return self._submit(self._net, fn, on_done, on_error)

    def _submit(
        self,
        pool: ThreadPoolExecutor,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None,
        on_error: Callable[[Exception], None] | None,
    ) -> Future:
        def job() -> T:
            try:
                value = fn()
            except Exception as exc:  # delivered to the GUI, never lost in a thread
                log.warning("background task failed: %s", type(exc).__name__)
                self._relay.done.emit((on_error, exc))
                raise
            self._relay.done.emit((on_done, value))
            return value

        future = pool.submit(job)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._forget)
        return future

    def _forget(self, future: Future) -> None:
        with self._lock:
            self._pending.discard(future)

    @property
    def busy(self) -> bool:
        with self._lock:
            return bool(self._pending)

    def shutdown(self) -> None:
        self._net.shutdown(wait=True, cancel_futures=True)
        self._db.submit(self._close_stores).result()
        self._db.shutdown(wait=True)

    def _close_stores(self) -> None:
        for store in self._stores:
            store.close()
        self._stores.clear()
