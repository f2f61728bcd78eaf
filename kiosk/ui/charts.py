"""Charts drawn with QPainter (QtCharts is not in PySide6-Essentials), shared by the
dashboard screen and the PDF report. Each function draws into a rectangle of any paint device;
`text_px` sets the label size so the same chart is readable on a touch screen and on paper.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen

INK = QColor("#111111")
MUTED = QColor("#555555")
GRID = QColor("#d0d0d0")
ACCENT = QColor("#0b3d91")
GOAL = QColor("#2e7d32")
WARN = QColor("#b3261e")


def _font(text_px: float, bold: bool = False) -> QFont:
    font = QFont("DejaVu Sans")
    font.setPixelSize(max(1, round(text_px)))
    font.setBold(bold)
    return font


def draw_empty(p: QPainter, rect: QRectF, text: str, text_px: float) -> None:
    p.save()
    p.setFont(_font(text_px))
    p.setPen(MUTED)
    p.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
    p.restore()


def draw_rate_trend(
    p: QPainter,
    rect: QRectF,
    points: Sequence[tuple[str, float | None]],
    text_px: float,
    goal: float | None = 0.6,
    goal_label: str = "",
    empty_text: str = "",
) -> None:
    """A 0-100 % line of (x label, rate); None leaves a gap. A dashed line marks the goal."""
    if not any(rate is not None for _, rate in points):
        draw_empty(p, rect, empty_text, text_px)
        return
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    small = _font(text_px * 0.85)
    p.setFont(small)
    metrics = p.fontMetrics()
    left = rect.left() + metrics.horizontalAdvance("100%") + text_px * 0.5
    bottom = rect.bottom() - metrics.height() * 1.3
    plot = QRectF(QPointF(left, rect.top() + metrics.height() * 0.6), QPointF(rect.right(), bottom))
    for pct in (0, 25, 50, 75, 100):
        y = plot.bottom() - plot.height() * pct / 100
        p.setPen(QPen(GRID, max(1.0, text_px / 16)))
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        p.setPen(MUTED)
        label_rect = QRectF(rect.left(), y - metrics.height() / 2, left - rect.left() - 6, 99)
        p.drawText(label_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, f"{pct}%")
    if goal is not None:
        y = plot.bottom() - plot.height() * goal
        pen = QPen(GOAL, max(1.5, text_px / 9), Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        if goal_label:
            p.setPen(GOAL)
            p.drawText(
                QRectF(plot.left() + 4, y - metrics.height() - 2, plot.width() - 8, 99),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                goal_label,
            )
    n = len(points)
    step = plot.width() / max(1, n - 1) if n > 1 else 0.0

    def x_at(i: int) -> float:
        return plot.left() + step * i if n > 1 else plot.center().x()

    path = QPainterPath()
    drawing = False
    dots = []
    for i, (_, rate) in enumerate(points):
        if rate is None:
            drawing = False
            continue
        point = QPointF(x_at(i), plot.bottom() - plot.height() * rate)
        dots.append(point)
        if drawing:
            path.lineTo(point)
        else:
            path.moveTo(point)
            drawing = True
    p.setPen(QPen(ACCENT, max(2.0, text_px / 7)))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(path)
    p.setBrush(ACCENT)
    radius = max(2.0, text_px / 6)
    for dot in dots:
        p.drawEllipse(dot, radius, radius)
    # x labels: as many as fit without overlapping
    p.setPen(MUTED)
    widest = max(metrics.horizontalAdvance(label) for label, _ in points) + text_px
    every = max(1, int(widest / step) + 1) if step else 1
    for i, (label, _) in enumerate(points):
        if i % every and i != n - 1:
            continue
        if i != n - 1 and n - 1 - i < every:
            continue  # keep room for the last label
        x = x_at(i)
        p.drawText(
            QRectF(x - widest / 2, bottom + 4, widest, metrics.height() + 4),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            label,
        )
    p.restore()


def draw_bars(
    p: QPainter,
    rect: QRectF,
    rows: Sequence[tuple[str, float, str]],
    text_px: float,
    color: QColor = ACCENT,
    max_value: float | None = None,
    empty_text: str = "",
) -> None:
    """Horizontal bars: (label, value, value text). Labels left, bars scaled to max_value."""
    if not rows:
        draw_empty(p, rect, empty_text, text_px)
        return
    p.save()
    font = _font(text_px)
    p.setFont(font)
    metrics = p.fontMetrics()
    label_w = min(rect.width() * 0.42, max(metrics.horizontalAdvance(r[0]) for r in rows) + 12)
    value_w = max(metrics.horizontalAdvance(r[2]) for r in rows) + 12
    top = max((r[1] for r in rows), default=0.0)
    scale_max = max_value if max_value else (top or 1.0)
    row_h = rect.height() / len(rows)
    bar_h = min(row_h * 0.62, text_px * 1.6)
    for i, (label, value, text) in enumerate(rows):
        y = rect.top() + row_h * i
        p.setPen(INK)
        label_rect = QRectF(rect.left(), y, label_w - 8, row_h)
        elided = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(label_rect.width()))
        p.drawText(label_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, elided)
        span = rect.width() - label_w - value_w
        width = span * max(0.0, min(1.0, value / scale_max))
        bar = QRectF(rect.left() + label_w, y + (row_h - bar_h) / 2, width, bar_h)
        p.fillRect(bar, color)
        p.drawText(
            QRectF(bar.right() + 6, y, value_w, row_h),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            text,
        )
    p.restore()
