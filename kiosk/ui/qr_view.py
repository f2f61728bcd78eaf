"""A QR code on screen: crisp black modules on white, scaled to fit, with a quiet zone.

Painted from kiosk.qr.qr_matrix as whole-pixel squares so a phone camera reads it from a
metre away; no bitmap is scaled (scaling blurs module edges).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.qr import qr_matrix

MINIMUM_SIDE = 240


class QrCodeView(QWidget):
    """Shows the QR code of `data()`; `set_data(None)` clears it (idle wipe)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qrCodeView")
        self.setMinimumSize(MINIMUM_SIDE, MINIMUM_SIDE)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._data: str | None = None
        self._matrix: list[list[bool]] = []

    def set_data(self, text: str | None) -> None:
        if text == self._data:
            return
        self._data = text or None
        # border=4 is the quiet zone the QR standard asks for; it is painted white.
        self._matrix = qr_matrix(text, border=4) if text else []
        self.update()

    def data(self) -> str | None:
        return self._data

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(320, 320)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        return width

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        count = len(self._matrix)
        side = min(self.width(), self.height())
        module = side // count if count else 0  # whole pixels per module: crisp edges
        if module < 1:
            painter.end()
            return
        drawn = module * count
        left = (self.width() - drawn) // 2
        top = (self.height() - drawn) // 2
        painter.setPen(Qt.PenStyle.NoPen)
        black = QColor("black")
        for y, row in enumerate(self._matrix):
            x = 0
            while x < count:
                if not row[x]:
                    x += 1
                    continue
                start = x  # one rectangle per horizontal run of dark modules
                while x < count and row[x]:
                    x += 1
                painter.fillRect(
                    QRect(left + start * module, top + y * module, (x - start) * module, module),
                    black,
                )
        painter.end()
