"""Every screen at 1280x800 in English and Spanish: nothing clipped, elided or off-window, and
every touch target at least 48x48 px."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QLabel, QPushButton, QStyle, QStyleOptionButton, QWidget

from tests.wizard_support import Receptionist, make_kiosk, walk_every_screen

MIN_TARGET = 48


def _visible(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.window().isVisible()


def layout_problems(window: QWidget) -> list[str]:
    problems = []
    if (window.width(), window.height()) != (1280, 800):
        problems.append(f"window grew to {window.width()}x{window.height()}")
    bounds = window.rect()
    for widget in window.findChildren(QWidget):
        if not _visible(widget) or not isinstance(widget, QLabel | QPushButton):
            continue
        if widget.objectName() == "practiceName":
            continue
        name = f"{type(widget).__name__}#{widget.objectName()} {widget.text()[:40]!r}"
        top_left = widget.mapTo(window, QPoint(0, 0))
        if not bounds.contains(QRect(top_left, widget.size())):
            problems.append(f"{name} is outside the window")
        text = widget.text()
        if isinstance(widget, QPushButton):
            if widget.width() < MIN_TARGET or widget.height() < MIN_TARGET:
                problems.append(f"{name} is {widget.width()}x{widget.height()} (< 48x48)")
            if "\n" in text:  # a label on two lines: each line must fit the content box
                option = QStyleOptionButton()
                widget.initStyleOption(option)
                box = widget.style().subElementRect(
                    QStyle.SubElement.SE_PushButtonContents, option, widget
                )
                lines = text.split("\n")
                widest = max(widget.fontMetrics().horizontalAdvance(line) for line in lines)
                if widest > box.width() + 1:
                    problems.append(
                        f"{name} is clipped: a line needs {widest}px, has {box.width()}"
                    )
            elif text:
                hint = widget.sizeHint()
                if widget.width() + 1 < hint.width() or widget.height() + 1 < hint.height():
                    problems.append(
                        f"{name} is clipped: {widget.width()}x{widget.height()} "
                        f"for text needing {hint.width()}x{hint.height()}"
                    )
            continue
        if not text:
            continue
        rect = widget.contentsRect()
        metrics = widget.fontMetrics()
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height() + 1:
                problems.append(
                    f"{name} is clipped: needs {needed}px height, has {widget.height()}"
                )
        else:
            lines = text.split("\n")
            width = max(metrics.horizontalAdvance(line) for line in lines)
            height = metrics.height() * len(lines)
            if width > rect.width() + 1 or height > rect.height() + 1:
                problems.append(
                    f"{name} is clipped: text {width}x{height} in {rect.width()}x{rect.height()}"
                )
    return problems


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_screen_fits_1280x800(kiosk_dirs, qtbot, language):
    kiosk = make_kiosk(kiosk_dirs, qtbot)
    kiosk.idle.set_idle_ms(3_600_000)
    kiosk.language.set_language(language)
    found: dict[str, list[str]] = {}

    def check(name: str) -> None:
        kiosk.window.resize(1280, 800)
        qtbot.wait(10)
        problems = layout_problems(kiosk.window)
        if problems:
            found[name] = problems

    try:
        screens = walk_every_screen(Receptionist(qtbot, kiosk), check)
    finally:
        kiosk.shutdown()
    assert len(screens) >= 30
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
