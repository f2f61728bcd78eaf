"""A text field whose type shrinks so the whole value stays visible.

A long family name ("Hernández-Villalobos") or a 45-character email address does not fit a
field at the theme's size: a QLineEdit then clips it or scrolls the start out of view, and
staff and patient can no longer check what was typed. `FitLineEdit` keeps the theme's size
while the value fits, and otherwise picks the largest pixel size (down to `floor_px`) at which
the whole value fits; only a value too long even at the floor scrolls as before.

The theme sets field type in QSS, which wins over QWidget.setFont, so the fitted size is the
field's own one-line style sheet; the theme's size ("natural") is read back whenever the
application's style changes (a larger-text mode, say), so the field follows it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLineEdit, QStyle, QStyleOptionFrame, QWidget

from kiosk.ui.step_page import STAFF_PANEL_WIDTH, fit_lines

FLOOR_PX = 20
SIDE_ROOM = STAFF_PANEL_WIDTH - 40  # text width of a side-column button (padding, border)
STAFF_ROOM = STAFF_PANEL_WIDTH - 80  # of a staff-panel button (panel margins and stripe too)


class FitLineEdit(QLineEdit):
    def __init__(
        self, parent: QWidget | None = None, *, objectName: str = "", floor_px: int = FLOOR_PX
    ) -> None:  # noqa: N803 - the Qt keyword, as QLineEdit(objectName=...) takes
        super().__init__(parent)
        if objectName:
            self.setObjectName(objectName)
        self.floor_px = floor_px
        self._natural_px: int | None = None
        self._fitted_px: int | None = None
        self._applying = False
        self._restyle_pending = False
        self.textChanged.connect(self.refit)

    # ---- what tests and pages read -------------------------------------------------------
    @property
    def natural_px(self) -> int:
        if self._natural_px is None:
            self.ensurePolished()  # the theme's font, not the default one
            self._natural_px = self._font_px(self.font())
        return self._natural_px

    @property
    def shown_px(self) -> int:
        return self._fitted_px or self.natural_px

    def text_width_at(self, px: int) -> int:
        font = QFont(self.font())
        font.setPixelSize(px)
        return QFontMetrics(font).horizontalAdvance(self.text())

    def room(self) -> int:
        """The width text can use: the style's contents rectangle less the line edit's own
        2 px side margins and any text margins."""
        option = QStyleOptionFrame()
        self.initStyleOption(option)
        rect = self.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, self)
        margins = self.textMargins()
        return rect.width() - 4 - margins.left() - margins.right() - 2  # 2: the cursor

    # ---- fitting ------------------------------------------------------------------------
    def refit(self) -> None:
        natural = self.natural_px
        room = self.room()
        size = natural
        if self.text() and room > 0:
            while size > self.floor_px and self.text_width_at(size) > room:
                size -= 1
        self._apply(None if size >= natural else size)

    def _apply(self, px: int | None) -> None:
        if px == self._fitted_px:
            return
        self._fitted_px = px
        self._applying = True
        try:
            self.setStyleSheet(f"font-size: {px}px;" if px else "")
        finally:
            self._applying = False
        self.setCursorPosition(self.cursorPosition())  # scroll back so the start shows

    @staticmethod
    def _font_px(font: QFont) -> int:
        if font.pixelSize() > 0:
            return font.pixelSize()
        return round(font.pointSizeF() * 96 / 72)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        changed = event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange)
        if changed and not self._applying:
            # The application's style changed: read the theme's size again, then refit -
            # after the event loop turns, never inside the style's polish (a FontChange comes
            # from QStyle.polish; replacing this field's style sheet there deletes the style
            # object that is polishing it: a crash when the patient switched text size).
            if self._fitted_px is None:
                self._natural_px = self._font_px(self.font())
            if not self._restyle_pending:
                self._restyle_pending = True
                QTimer.singleShot(0, self, self._restyle)

    def _restyle(self) -> None:
        self._restyle_pending = False
        if self._fitted_px is not None:
            self._applying = True
            try:
                self.setStyleSheet("")
                self._natural_px = self._font_px(self.font())
                self._fitted_px = None
            finally:
                self._applying = False
        self.refit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.refit()


def wrap_label(widget: QWidget, text: str, room_px: int) -> str:
    """`text` on balanced lines when it is wider than `room_px` in the widget's own (theme)
    font - for buttons, which cannot word-wrap - else unchanged. Same fit as the primary
    button's in step_page."""
    widget.ensurePolished()
    return fit_lines(text, QFontMetrics(widget.font()), room_px)
