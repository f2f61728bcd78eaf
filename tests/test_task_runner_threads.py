"""The TaskRunner's pool threads never hold the last reference to a callback.

Callbacks are bound methods of widgets. When the database thread dropped the last reference
(its finished job still held on_done after the GUI had delivered it), the widget was destroyed
on that thread, QWidget::~QWidget racing the GUI thread's event processing: the rare segfault
in pytest-qt's event processing after a test body. The previous code failed this test about
one run in three ({'db_0'} instead of {'MainThread'}).
"""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QLabel, QWidget

from kiosk.store import Store
from kiosk.ui.tasks import TaskRunner

freed_in: list[str] = []


class Page(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.label = QLabel("x", self)

    def on_done(self, _value: object) -> None:
        self.label.setText("done")

    def __del__(self) -> None:
        freed_in.append(threading.current_thread().name)


def test_task_runner_callbacks_are_released_on_the_gui_thread(kiosk_dirs, qtbot):
    runner = TaskRunner(lambda: Store(kiosk_dirs.database))
    try:
        freed_in.clear()
        for _ in range(50):
            page = Page()
            runner.db(lambda s: s.outbox_counts(), page.on_done)
            del page  # now only the runner refers to it, through the bound method
        qtbot.waitUntil(lambda: len(freed_in) == 50, timeout=20000)
        assert set(freed_in) == {"MainThread"}
    finally:
        runner.shutdown()


def test_no_callback_after_shutdown(kiosk_dirs, qtbot):
    """A result queued to the GUI thread when the kiosk shuts down is dropped: the windows
    are torn down next, and the callback would touch a deleted widget (a teardown error in
    test_app_window, one CI run in several)."""
    runner = TaskRunner(lambda: Store(kiosk_dirs.database))
    delivered: list[object] = []
    finished = threading.Event()

    def work(store: Store) -> object:
        counts = store.outbox_counts()
        finished.set()
        return counts

    runner.db(work, delivered.append)
    assert finished.wait(10)  # done on the database thread, its result queued to this one
    runner.shutdown()
    qtbot.wait(50)  # the event loop runs the queued delivery
    assert delivered == []
    # Before shutdown, results arrive as usual.
    live = TaskRunner(lambda: Store(kiosk_dirs.database))
    try:
        live.db(lambda s: s.outbox_counts(), delivered.append)
        qtbot.waitUntil(lambda: len(delivered) == 1, timeout=5_000)
    finally:
        live.shutdown()
