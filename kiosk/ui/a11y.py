"""Screen-reader support (Orca on Linux, Narrator on Windows) for what changes on screen.

Qt gives widgets accessible names; a change a sighted patient notices (the progress stepper
moving on, a message next to the action button) must also be spoken. Qt 6.8+ has an
announcement event, the closest Qt comes to an ARIA live region: the platform bridge (AT-SPI,
UI Automation) reads the message out without moving focus. The name/description of the
widget is updated too, so a reader that navigates to it later hears the current text.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleEvent,
    QColor,
    QFont,
    QIcon,
    QPainter,
    QPixmap,
)
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

CHECK_MARK = "\u2714"


class Announcer(QObject):
    """Posts announcements; `announced` lets tests (and a log, if ever wanted) observe them."""

    announced = Signal(QObject, str)

    def announce(self, widget: QWidget, text: str, assertive: bool = False) -> None:
        if not text:
            return
        widget.setAccessibleDescription(text)
        QAccessible.updateAccessibility(
            QAccessibleEvent(widget, QAccessible.Event.DescriptionChanged)
        )
        event = QAccessibleAnnouncementEvent(widget, text)
        if assertive:
            event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
        QAccessible.updateAccessibility(event)
        self.announced.emit(widget, text)


ANNOUNCER = Announcer()


def announce(widget: QWidget, text: str, assertive: bool = False) -> None:
    ANNOUNCER.announce(widget, text, assertive)


def name_field(field: QWidget, label: QLabel | None, name: str) -> None:
    """A text field's spoken name, and the visible label a reader pairs it with."""
    field.setAccessibleName(name)
    if label is not None:
        label.setBuddy(field)


def _check_icon(size: int = 24) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont("DejaVu Sans")
    font.setPixelSize(size)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#0b3d91"))
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, CHECK_MARK)
    painter.end()
    return QIcon(pixmap)


def mark_when_checked(toggle: QAbstractButton) -> QAbstractButton:
    """A selected toggle shows a check mark (with the theme's thick border), so "selected" is
    not told by colour alone and never looks like the filled primary button."""

    def show(checked: bool) -> None:
        toggle.setIcon(_check_icon() if checked else QIcon())

    toggle.toggled.connect(show)
    show(toggle.isChecked())
    return toggle
