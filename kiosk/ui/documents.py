"""Paper for the patient: the quick-reference card sheet, the privacy handout, the benefits summary.

One painting function per document draws in millimetres on any QPainter, so the saved PDF
(QPdfWriter) and the printed page (QPrinter) are the same layout. The QR code is drawn from
kiosk.qr.qr_matrix as vector rectangles: sharp at any printer resolution.

The render_*_pdf functions touch no widget and may run on a worker thread (TaskRunner.net or a
plain thread): QPdfWriter and QPainter on it are thread-safe to use from one non-GUI thread.
The print_* functions open a QPrintDialog and so belong to the GUI thread (the handouts; the
card is printed through CUPS by kiosk.printing, off the GUI thread, so its job is watched).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
)
from PySide6.QtWidgets import QWidget

from kiosk import card
from kiosk.card import CardContent, Handout, card_texts, howto_steps
from kiosk.messages import Message
from kiosk.qr import qr_matrix
from kiosk.ui.i18n import catalogue_words

PDF_DPI = 300
PAGE_MM = QSizeF(215.9, 279.4)  # US letter
MARGIN_MM = 18.0
CARD_MM = QSizeF(85.6, 54.0)  # ISO/IEC 7810 ID-1, a wallet card
FONT_FAMILY = "DejaVu Sans"

NAVY = QColor("#0b3d91")
INK = QColor("#111111")
GREY = QColor("#555555")
CUT = QColor("#777777")
TINT = QColor("#eef3fb")
ALERT = QColor("#a00000")

Painting = Callable[[QPainter], None]


def paper_words(language: str, message: Message) -> str:
    """kiosk.card's Words: the catalogue's text in the patient's language (any thread)."""
    return catalogue_words(language, message)


def privacy_handout(language: str, practice_name: str, practice_phone: str) -> Handout:
    return card.privacy_handout(language, practice_name, practice_phone, paper_words)


def benefits_summary(
    language: str, practice_name: str, practice_phone: str, reply_days: int = 1
) -> Handout:
    return card.benefits_summary(language, practice_name, practice_phone, reply_days, paper_words)


class _Mm:
    """Millimetre geometry and point-size text over whatever device the painter draws on."""

    def __init__(self, painter: QPainter) -> None:
        self.p = painter
        self.scale = painter.device().logicalDpiX() / 25.4  # device pixels per mm

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        s = self.scale
        return QRectF(x * s, y * s, w * s, h * s)

    def font(
        self, size_pt: float, bold: bool = False, italic: bool = False, stretch: int = 100
    ) -> QFont:
        font = QFont(FONT_FAMILY)
        font.setPointSizeF(size_pt)
        font.setBold(bold)
        font.setItalic(italic)
        if stretch != 100:
            font.setStretch(stretch)
        return font

    def text(
        self,
        x: float,
        y: float,
        w: float,
        text: str,
        size_pt: float,
        *,
        bold: bool = False,
        italic: bool = False,
        color: QColor = INK,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        wrap_anywhere: bool = False,
        draw: bool = True,
        stretch: int = 100,
        one_line: bool = False,
    ) -> float:
        """Draw word-wrapped text in a column `w` mm wide at (x, y); return its height in mm.
        `one_line` never wraps (an email address must not be broken)."""
        self.p.setFont(self.font(size_pt, bold, italic, stretch))
        self.p.setPen(color)
        wrap = Qt.TextFlag.TextWrapAnywhere if wrap_anywhere else Qt.TextFlag.TextWordWrap
        if one_line:
            wrap = Qt.TextFlag.TextSingleLine
        flags = int(align | Qt.AlignmentFlag.AlignTop) | int(wrap)
        box = self.rect(x, y, w, 1000)
        used = self.p.boundingRect(box, flags, text)
        if draw:
            self.p.drawText(box, flags, text)
        return used.height() / self.scale

    def width_of(self, text: str, size_pt: float, bold: bool, stretch: int = 100) -> float:
        self.p.setFont(self.font(size_pt, bold, stretch=stretch))
        return self.p.fontMetrics().horizontalAdvance(text) / self.scale

    def fit_size(self, text: str, width: float, max_pt: float, min_pt: float, bold: bool) -> float:
        """The largest point size (down to min_pt) at which `text` fits on one line."""
        size = max_pt
        while size > min_pt:
            if self.width_of(text, size, bold) <= width:
                return size
            size -= 0.25
        return min_pt

    def fit_one_line(
        self, text: str, width: float, max_pt: float, min_pt: float
    ) -> tuple[float, bool, int]:
        """(size, bold, stretch) that puts `text` on ONE line in `width` mm: the largest size
        down to min_pt, bold then regular, then narrower letters (stretch down to 75%). Only
        an address too long even then goes below min_pt - it is never broken."""
        for bold in (True, False):
            size = max_pt
            while size >= min_pt:
                if self.width_of(text, size, bold) <= width:
                    return size, bold, 100
                size -= 0.25
        for stretch in range(95, 70, -5):
            if self.width_of(text, min_pt, False, stretch) <= width:
                return min_pt, False, stretch
        size = min_pt
        while size > 5 and self.width_of(text, size, False, 75) > width:
            size -= 0.25
        return size, False, 75

    def qr(self, data: str, x: float, y: float, side: float) -> None:
        """The QR code of `data` as one vector path, quiet zone included, in a side x side box."""
        matrix = qr_matrix(data, border=4)
        count = len(matrix)
        module = side / count
        self.p.fillRect(self.rect(x, y, side, side), QColor("white"))
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.WindingFill)  # adjacent runs fill as one shape: no seams
        for row_index, row in enumerate(matrix):
            col = 0
            while col < count:
                if not row[col]:
                    col += 1
                    continue
                start = col
                while col < count and row[col]:
                    col += 1
                path.addRect(
                    self.rect(
                        x + start * module, y + row_index * module, (col - start) * module, module
                    )
                )
        self.p.fillPath(path, QColor("black"))


# --- the quick-reference card sheet --------------------------------------------------------


CARD_LABEL_PT = 10.0  # the smallest type on the card (issue 11: labels at least 10 pt)


def paint_card(mm: _Mm, content: CardContent, left: float, top: float) -> None:
    """The wallet card, 85.6 x 54 mm, its edge drawn as a dashed cut line.

    Every text is at least 10 pt. The username (an email address, often long) has a line of
    its own across the whole card and is never broken: it gets smaller (not below 10 pt) and
    then narrower letters until it fits (Mm.fit_one_line)."""
    t = card_texts(content.language, paper_words)
    p = mm.p
    w, h = CARD_MM.width(), CARD_MM.height()
    radius = 3.0 * mm.scale
    outline = QPainterPath()
    outline.addRoundedRect(mm.rect(left, top, w, h), radius, radius)
    p.fillPath(outline, QColor("white"))
    p.save()
    p.setClipPath(outline)
    band = 11.5
    p.fillRect(mm.rect(left, top, w, band), NAVY)
    p.restore()
    inner = w - 7.0
    x = left + 3.5
    # Header band: practice name and portal name, each on one line.
    size, bold, stretch = mm.fit_one_line(content.practice_name, inner, 12.0, CARD_LABEL_PT)
    mm.text(
        x,
        top + 0.9,
        inner,
        content.practice_name,
        size,
        bold=bold,
        stretch=stretch,
        color=QColor("white"),
        one_line=True,
    )
    # The name is written for the middle of a sentence ("portal del paciente"); a header
    # starts with a capital.
    heading = content.portal_name[:1].upper() + content.portal_name[1:]
    size, _, stretch = mm.fit_one_line(heading, inner, CARD_LABEL_PT, CARD_LABEL_PT)
    mm.text(
        x,
        top + 6.3,
        inner,
        heading,
        size,
        stretch=stretch,
        color=QColor("#dfe8f7"),
        one_line=True,
    )
    # QR code on the right, under the band.
    qr_side = 22.0
    qr_left = left + w - 3.0 - qr_side
    qr_top = top + band + 1.0
    mm.qr(content.qr_url, qr_left, qr_top, qr_side)
    # Left of the QR: where to sign in, whom to call.
    col_w = qr_left - x - 1.5
    y = top + band + 1.2
    url = content.login_url.removeprefix("https://")
    for label, value in ((t["sign_in_at"], url), (t["call"], content.practice_phone)):
        y += mm.text(x, y, col_w, label, CARD_LABEL_PT, color=GREY, one_line=True)
        size, bold, stretch = mm.fit_one_line(value, col_w, 11.0, CARD_LABEL_PT)
        y += mm.text(x, y, col_w, value, size, bold=bold, stretch=stretch, one_line=True)
        y += 0.6
    # The username: its own line across the card, under the QR code.
    y = max(y, qr_top + qr_side + 0.6)
    y += mm.text(x, y, inner, t["username"], CARD_LABEL_PT, color=GREY, one_line=True)
    size, bold, stretch = mm.fit_one_line(content.username, inner, 12.0, CARD_LABEL_PT)
    mm.text(x, y, inner, content.username, size, bold=bold, stretch=stretch, one_line=True)
    # Cut line on the card edge.
    pen = QPen(CUT, 0.3 * mm.scale, Qt.PenStyle.DashLine)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(outline)


def paint_reference_sheet(painter: QPainter, content: CardContent) -> None:
    """A letter page: title, the card to cut out, then 'How to use the portal'."""
    mm = _Mm(painter)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    t = card_texts(content.language, paper_words)
    width = PAGE_MM.width() - 2 * MARGIN_MM
    x = MARGIN_MM
    y = MARGIN_MM
    y += mm.text(x, y, width, content.practice_name, 13, bold=True, color=GREY)
    y += mm.text(x, y, width, t["sheet_title"], 22, bold=True, color=NAVY) + 4
    y += mm.text(x, y, width, "\u2702  " + t["cut_here"], 10, color=GREY) + 4
    card_left = (PAGE_MM.width() - CARD_MM.width()) / 2
    paint_card(mm, content, card_left, y)
    y += CARD_MM.height() + 12
    painter.setPen(QPen(NAVY, 0.5 * mm.scale))
    painter.drawLine(
        QPointF(x * mm.scale, y * mm.scale), QPointF((x + width) * mm.scale, y * mm.scale)
    )
    y += 5
    y += mm.text(x, y, width, t["howto_title"], 17, bold=True, color=NAVY) + 3
    # The username is never broken at the end of a line: a word joiner after each hyphen
    # (line breaking may otherwise split "hernandez-" / "villalobos@...").
    unbroken = replace(content, username=content.username.replace("-", "-\u2060"))
    for number, step in enumerate(howto_steps(unbroken, paper_words), start=1):
        mm.text(x, y, 9, f"{number}.", 12.5, bold=True, color=NAVY)
        y += mm.text(x + 9, y, width - 9, step, 12.5) + 3.2
    y += 3
    emergency = t["emergency"]
    inner = width - 12
    box_h = mm.text(x + 6, y, inner, emergency, 12.5, bold=True, draw=False) + 8
    painter.setPen(QPen(ALERT, 0.6 * mm.scale))
    painter.setBrush(QColor("#fff3f3"))
    painter.drawRoundedRect(mm.rect(x, y, width, box_h), 2 * mm.scale, 2 * mm.scale)
    mm.text(x + 6, y + 4, inner, emergency, 12.5, bold=True, color=ALERT)
    _footer(mm, f"{content.practice_name}  \u00b7  {content.practice_phone}")


def _footer(mm: _Mm, text: str) -> None:
    width = PAGE_MM.width() - 2 * MARGIN_MM
    mm.text(
        MARGIN_MM,
        PAGE_MM.height() - MARGIN_MM + 4,
        width,
        text,
        10,
        color=GREY,
        align=Qt.AlignmentFlag.AlignHCenter,
    )


# --- one-page handouts (decline remedies) ------------------------------------------------


def _handout_height(mm: _Mm, handout: Handout, body_pt: float, draw: bool) -> float:
    width = PAGE_MM.width() - 2 * MARGIN_MM
    x, y = MARGIN_MM, MARGIN_MM
    y += mm.text(x, y, width, handout.title, body_pt * 1.75, bold=True, color=NAVY, draw=draw)
    y += 4
    y += mm.text(x, y, width, handout.intro, body_pt * 1.08, draw=draw) + 5
    for section in handout.sections:
        y += mm.text(x, y, width, section.heading, body_pt * 1.2, bold=True, color=NAVY, draw=draw)
        y += 1.5
        for paragraph in section.paragraphs:
            y += mm.text(x, y, width, paragraph, body_pt, draw=draw) + 1.5
        for bullet in section.bullets:
            mm.text(x + 1, y, 5, "\u2022", body_pt, bold=True, color=NAVY, draw=draw)
            y += mm.text(x + 7, y, width - 7, bullet, body_pt, draw=draw) + 1.5
        y += 4
    closing_h = mm.text(x + 5, y, width - 10, handout.closing, body_pt, bold=True, draw=False)
    if draw:
        mm.p.setPen(Qt.PenStyle.NoPen)
        mm.p.setBrush(TINT)
        mm.p.drawRoundedRect(mm.rect(x, y, width, closing_h + 8), 2 * mm.scale, 2 * mm.scale)
        mm.text(x + 5, y + 4, width - 10, handout.closing, body_pt, bold=True, color=NAVY)
    return y + closing_h + 8


def paint_handout(painter: QPainter, handout: Handout, footer: str) -> None:
    """A one-page handout, body text as large as fits (14 pt down to 9 pt)."""
    mm = _Mm(painter)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    bottom = PAGE_MM.height() - MARGIN_MM - 2
    body_pt = 14.0
    while body_pt > 9 and _handout_height(mm, handout, body_pt, draw=False) > bottom:
        body_pt -= 0.5
    _handout_height(mm, handout, body_pt, draw=True)
    _footer(mm, footer)


# --- output: PDF file or printer ---------------------------------------------------------


def _write_pdf(path: Path, title: str, paint: Painting) -> Path:
    """Paint one letter page into `path` atomically (a reader never sees half a PDF)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    writer = QPdfWriter(str(partial))
    writer.setResolution(PDF_DPI)
    writer.setTitle(title)
    writer.setCreator("Enrollment kiosk")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.Letter),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write the PDF in {path.parent}")
    try:
        paint(painter)
    finally:
        painter.end()
    del writer  # flush and close the file before moving it into place
    os.replace(partial, path)
    return path


def render_reference_card_pdf(path: Path, content: CardContent) -> Path:
    return _write_pdf(
        path, "Patient portal quick-reference card", lambda p: paint_reference_sheet(p, content)
    )


def render_privacy_handout_pdf(
    path: Path, language: str, practice_name: str, practice_phone: str
) -> Path:
    handout = privacy_handout(language, practice_name, practice_phone)
    footer = f"{practice_name}  \u00b7  {practice_phone}"
    return _write_pdf(path, handout.title, lambda p: paint_handout(p, handout, footer))


def render_benefits_pdf(
    path: Path, language: str, practice_name: str, practice_phone: str, reply_days: int = 1
) -> Path:
    handout = benefits_summary(language, practice_name, practice_phone, reply_days)
    footer = f"{practice_name}  \u00b7  {practice_phone}"
    return _write_pdf(path, handout.title, lambda p: paint_handout(p, handout, footer))


def printer_available() -> bool:
    from PySide6.QtPrintSupport import QPrinterInfo

    return bool(QPrinterInfo.availablePrinterNames())


def _print(paint: Painting, parent: QWidget, title: str) -> bool:
    """Ask for a printer and print one page. False when no printer exists or staff cancel.

    Qt cannot print a PDF file, so the page is painted again onto the printer with the same
    function that made the PDF. GUI thread only (the dialog is modal).
    """
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    if not printer_available():
        return False
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setFullPage(True)  # origin at the paper corner, as in the PDF
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.Letter),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        paint(painter)
    finally:
        painter.end()
    return True


def print_privacy_handout(
    language: str, practice_name: str, practice_phone: str, parent: QWidget
) -> bool:
    handout = privacy_handout(language, practice_name, practice_phone)
    footer = f"{practice_name}  \u00b7  {practice_phone}"
    return _print(lambda p: paint_handout(p, handout, footer), parent, handout.title)


def print_benefits(
    language: str, practice_name: str, practice_phone: str, parent: QWidget, reply_days: int = 1
) -> bool:
    handout = benefits_summary(language, practice_name, practice_phone, reply_days)
    footer = f"{practice_name}  \u00b7  {practice_phone}"
    return _print(lambda p: paint_handout(p, handout, footer), parent, handout.title)
