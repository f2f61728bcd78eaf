"""Widgets are destroyed on the GUI thread only.

Python's cyclic GC runs in whichever thread allocates when a threshold is crossed; a widget in
a reference cycle collected on a worker thread runs QWidget::~QWidget there, racing the GUI
thread (the rare segfault in pytest-qt's event processing). The app and the test session
collect from a GUI-thread timer instead (kiosk/ui/gc_guard.py), and the TaskRunner's pool
threads never hold the last reference to a callback.
"""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QLabel, QWidget

from kiosk.store import Store
from kiosk.ui.gc_guard import GuiThreadGarbageCollector
from kiosk.ui.tasks import TaskRunner

freed_in: list[str] = []


class Page(QWidget):
    def __init__(self, cyclic: bool) -> None:
        super().__init__()
        self.label = QLabel("x", self)
        if cyclic:
            self.me = self  # the kind of cycle a lambda slot capturing its page makes

    def on_done(self, _value: object) -> None:
        self.label.setText("done")

    def __del__(self) -> None:
        freed_in.append(threading.current_thread().name)


def churn() -> None:
    """Allocate enough container objects to cross every automatic-collection threshold."""
    for _ in range(200_000):
        cell: list[object] = []
        cell.append(cell)


def test_a_widget_in_a_cycle_is_not_collected_on_a_worker_thread(gui_thread_gc, qtbot):
    assert isinstance(gui_thread_gc, GuiThreadGarbageCollector)
    assert not gc.isenabled()
    freed_in.clear()
    Page(cyclic=True)  # unreachable at once, only the cyclic GC can free it
    worker = threading.Thread(target=churn, name="worker")
    worker.start()
    worker.join()
    assert freed_in == []
    qtbot.waitUntil(lambda: freed_in == ["MainThread"], timeout=5000)  # the GUI-thread timer


def test_task_runner_callbacks_are_released_on_the_gui_thread(kiosk_dirs, qtbot):
    runner = TaskRunner(lambda: Store(kiosk_dirs.database))
    try:
        freed_in.clear()
        for _ in range(50):
            page = Page(cyclic=False)
            runner.db(lambda s: s.outbox_counts(), page.on_done)
            del page  # now only the runner refers to it, through the bound method
        qtbot.waitUntil(lambda: len(freed_in) == 50, timeout=20000)
        assert set(freed_in) == {"MainThread"}
    finally:
        runner.shutdown()
