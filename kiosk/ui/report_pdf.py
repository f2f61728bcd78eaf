"""The one-page "Portal Performance - <Month Year>" PDF, laid out like the practice playbook's
monthly dashboard: Adoption, Engagement, Impact, Top opportunities.

Drawn with QPdfWriter into memory (the caller writes the bytes, off the GUI thread). Only
aggregates are printed - counts, rates, decline reasons, staff display names - never patient
data. `kiosk export` runs without a window, so a QGuiApplication is created offscreen when
none exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QLocale,
    QMarginsF,
    QRectF,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPageSize,
    QPainter,
    QPdfWriter,
)

from kiosk.metrics import Delta, Metrics
from kiosk.report import REASON_LABELS, Opportunity, pct
from kiosk.ui import dates
from kiosk.ui.charts import ACCENT, GOAL, INK, MUTED, WARN, draw_bars, draw_rate_trend

_app: QGuiApplication | None = None
PAGE_W, PAGE_H = 612.0, 792.0  # US Letter in points (resolution 72: one unit = one point)
MARGIN = 36.0
BAND = QColor("#0b3d91")
TILE = QColor("#eef2fa")


def tr(text: str) -> str:
    # pyside6-lupdate files a bare tr("...") outside a class under the empty context, so the
    # catalogue holds these strings there; a named context here was never found at run time
    # (the Spanish report came out in English).
    return QCoreApplication.translate("", text)


def ensure_gui_app() -> None:
    """QPdfWriter needs a QGuiApplication; the command line has none, so make one offscreen."""
    global _app
    if QCoreApplication.instance() is None:
        _app = QGuiApplication(["kiosk-report", "-platform", "offscreen"])
        # No translator on the command line: English words, so English (US) dates too.
        QLocale.setDefault(dates.locale_for("en"))


def _font(pt: float, bold: bool = False) -> QFont:
    font = QFont("DejaVu Sans")
    font.setPixelSize(max(1, round(pt)))
    font.setBold(bold)
    return font


def change_text(delta: Delta, rate: bool, previous_label: str) -> tuple[str, QColor, bool]:
    """('▲ +5 pts vs Oct', colour, has_value) for a headline's change vs the previous period."""
    change = delta.change
    if change is None:
        return tr("no comparison"), MUTED, False
    arrow = {"up": "\u25b2", "down": "\u25bc", "same": "\u25c6"}[delta.direction or "same"]
    amount = tr("%1 pts").replace("%1", f"{change * 100:+.0f}") if rate else f"{change:+.0f}"
    return f"{arrow} {amount} {tr('vs')} {previous_label}", MUTED, True


class _Page:
    def __init__(self, painter: QPainter) -> None:
        self.p = painter
        self.y = MARGIN

    def text(self, rect: QRectF, text: str, pt: float, bold=False, color=INK, flags=None) -> QRectF:
        self.p.setFont(_font(pt, bold))
        self.p.setPen(color)
        align = (
            flags if flags is not None else Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
        )
        return self.p.drawText(rect, align, text)

    def section(self, title: str) -> None:
        self.y += 8
        self.text(QRectF(MARGIN, self.y, PAGE_W - 2 * MARGIN, 18), title, 13, True, ACCENT)
        self.p.setPen(ACCENT)
        self.p.drawLine(MARGIN, self.y + 17, PAGE_W - MARGIN, self.y + 17)
        self.y += 22

    def tiles(self, tiles: Sequence[tuple[str, str, str, QColor]], height: float = 56) -> None:
        gap = 8
        width = (PAGE_W - 2 * MARGIN - gap * (len(tiles) - 1)) / len(tiles)
        # A label too long for one line (often in Spanish) takes two, and the row grows to
        # make room: never a cut or elided label.
        label_font = QFontMetricsF(_font(8.5, True))
        extra = 10 if any(label_font.horizontalAdvance(t[1]) > width - 16 for t in tiles) else 0
        for i, (value, label, sub, sub_color) in enumerate(tiles):
            x = MARGIN + i * (width + gap)
            self.p.fillRect(QRectF(x, self.y, width, height + extra), TILE)
            self.text(QRectF(x + 8, self.y + 4, width - 16, 24), value, 20, True, INK)
            self.text(QRectF(x + 8, self.y + 28, width - 16, 12 + extra), label, 8.5, True, INK)
            self.p.setFont(_font(7.5))
            sub = self.p.fontMetrics().elidedText(sub, Qt.TextElideMode.ElideRight, int(width - 16))
            self.text(
                QRectF(x + 8, self.y + 41 + extra, width - 16, 12), sub, 7.5, False, sub_color
            )
        self.y += height + extra + 6

    def chart_title(self, x: float, width: float, title: str) -> None:
        self.text(QRectF(x, self.y, width, 12), title, 8.5, True, MUTED)


def _reason_label(reason: str) -> str:
    """A decline reason's short label in the report's language (the dashboard's words)."""
    labels = {
        "no-email": tr("No email"),
        "not-comfortable-with-computers": tr("Not comfortable"),
        "privacy-concern": tr("Privacy"),
        "no-perceived-benefit": tr("No benefit seen"),
        "other": tr("Other"),
    }
    return labels.get(reason) or REASON_LABELS.get(reason, reason)


def _advice(reason: str) -> str:
    advice = {
        "no-email": tr("offer the text-message (SMS) invitation instead of email"),
        "not-comfortable-with-computers": tr("book a help session with a staff member"),
        "privacy-concern": tr("hand out the privacy sheet and explain who can see the record"),
        "no-perceived-benefit": tr(
            "show the benefits summary: messages, results, refills, booking"
        ),
        "other": tr("review the notes staff wrote and share what worked"),
    }
    return advice.get(reason, "")


def opportunity_text(o: Opportunity) -> str:
    """The advice in the report's language: one translatable template per rule (kiosk/report.py
    top_opportunities), filled with the rule's numbers. Counts read "label: n", so no plural
    form is needed. A rule without a template keeps its English text."""
    if o.key.startswith("barrier-") and len(o.values) >= 2:
        reason = o.key.removeprefix("barrier-")
        text = (
            tr('"%1" was the most common reason to decline (%2 of %3): %4.')
            .replace("%1", _reason_label(reason))
            .replace("%2", o.values[0])
            .replace("%3", o.values[1])
            .replace("%4", _advice(reason))
        )
        if len(o.values) > 2:
            text += tr(" The remedy was offered in %1 of these.").replace("%1", o.values[2])
        return text
    templates = {
        "no-activity": tr(
            "No enrollments were recorded this period: make sure the kiosk is offered to "
            "patients at check-in."
        ),
        "enrollment-rate": tr(
            "Enrollment rate is %1 against a 60-70% goal: offer the portal to every patient at "
            "check-in, not only to those who ask."
        ),
        "first-login": tr(
            "Only %1 of enrolled patients logged in at the desk: help each one finish the "
            "first login before they leave."
        ),
        "active-accounts": tr(
            "%1 of this period's new accounts are active: call patients on the follow-up "
            "worklist and resend invitations."
        ),
        "app-install": tr(
            "The mobile app was installed for %1 of enrolled patients: offer the app QR code "
            "while the patient has the phone in hand."
        ),
        "reference-card": tr(
            "%1 of enrolled patients took the quick-reference card home: print one for every "
            "patient."
        ),
        "follow-up": tr(
            "Enrolled this period and past the follow-up window without an active account: %1 "
            "(%2 on the worklist in all). Call them and resend the invitation."
        ),
        "staff-spread": tr(
            "Staff enrollment rates range from %1 to %2: recognise the top enrollers and pair "
            "colleagues to share their script."
        ),
        "abandoned": tr(
            "Visits that ended before finishing: %1. Start enrollment early in the visit so "
            "there is time to complete it."
        ),
        "sync": tr(
            "Records that could not be sent to the EHR: %1. Ask IT to check the sync issues screen."
        ),
        "on-track": tr("Every metric is at or above goal: keep it up."),
    }
    text = templates.get(o.key)
    if text is None:
        return o.text
    for number, value in enumerate(o.values, start=1):
        text = text.replace(f"%{number}", value)
    return text


def _period_label(m: Metrics) -> str:
    """'noviembre de 2026', 'Semana del 23 de noviembre de 2026', '23 de noviembre de 2026'."""
    start = m.period.start
    if m.period.kind == "month":
        return dates.month_year_text(start)
    if m.period.kind == "week":
        return tr("Week of %1").replace("%1", dates.long_date_text(start))
    return dates.long_date_text(start)


def _month_label(day: date) -> str:
    return dates.month_short_text(day)


def render_pdf(
    m: Metrics,
    practice_name: str,
    opportunities: Sequence[Opportunity],
    playbook: tuple[list, str | None, list] | None = None,
) -> bytes:
    """`playbook` = (PlaybookRow list, when the EHR figures were read, playbook gaps): the
    practice-wide section and the gaps first among the opportunities."""
    ensure_gui_app()
    title = tr("Portal Performance - %1").replace("%1", _period_label(m))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("enrollment-kiosk")
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    writer.setResolution(72)
    painter = QPainter(writer)
    try:
        _draw(_Page(painter), m, practice_name, title, opportunities, playbook)
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())


def _draw_playbook(page: _Page, rows: list, fetched_at: str | None) -> None:
    """Every playbook metric in two columns: name, value (or the missing source), change."""
    from kiosk.ui import practice_view as pv

    page.section(tr("Whole practice (playbook)"))
    content_w = PAGE_W - 2 * MARGIN
    age = (
        tr("EHR figures read %1.").replace("%1", fetched_at[:16].replace("T", " ") + " UTC")
        if fetched_at
        else tr("EHR figures never read.")
    )
    page.text(QRectF(MARGIN, page.y - 3, content_w, 10), age, 7, False, MUTED)
    page.y += 9
    col_w = (content_w - 16) / 2
    half = (len(rows) + 1) // 2
    line = 10.5
    short = {
        "ehr": tr("missing: EHR figures"),
        "portal": tr("missing: portal usage"),
        "manual": tr("missing: typed-in figures"),
    }
    # name | value | change, in 60 / 22 / 16 % of a column; a missing value takes the value
    # and change cells (its change is "-" anyway) and the full note goes under the table.
    for i, row in enumerate(rows):
        x = MARGIN + (0 if i < half else col_w + 16)
        y = page.y + (i if i < half else i - half) * line
        page.p.setFont(_font(7))
        label = page.p.fontMetrics().elidedText(
            pv.metric_label(row.key), Qt.TextElideMode.ElideRight, int(col_w * 0.6)
        )
        page.text(QRectF(x, y, col_w * 0.6, line), label, 7, False, INK,
                  Qt.AlignmentFlag.AlignLeft)  # fmt: skip
        if row.value is None:
            note = short.get(row.missing or "", pv.missing_text(row.missing))
            page.text(QRectF(x + col_w * 0.61, y, col_w * 0.39, line), note, 7, False, WARN,
                      Qt.AlignmentFlag.AlignLeft)  # fmt: skip
            continue
        page.text(QRectF(x + col_w * 0.61, y, col_w * 0.23, line),
                  pv.format_value(row.value, row.kind), 7, True, INK,
                  Qt.AlignmentFlag.AlignLeft)  # fmt: skip
        page.text(QRectF(x + col_w * 0.84, y, col_w * 0.16, line), pv.format_change(row), 7,
                  False, MUTED, Qt.AlignmentFlag.AlignRight)  # fmt: skip
    page.y += half * line + 2
    missing = sorted({row.missing for row in rows if row.value is None and row.missing})
    if missing:
        notes = "; ".join(pv.missing_text(source) for source in missing)
        page.p.setFont(_font(7))
        needed = page.p.boundingRect(
            QRectF(MARGIN, page.y, content_w, 40), int(Qt.TextFlag.TextWordWrap), notes
        ).height()
        page.text(QRectF(MARGIN, page.y, content_w, needed), notes, 7, False, WARN)
        page.y += needed + 2


def _draw(
    page: _Page,
    m: Metrics,
    practice: str,
    title: str,
    opportunities: Sequence[Opportunity],
    playbook: tuple[list, str | None, list] | None = None,
) -> None:
    p, a, g = page.p, m.adoption, m.engagement
    compact = playbook is not None  # the playbook table takes the charts' spare height
    prev = _month_label(m.period.previous().start) if m.period.kind == "month" else tr("previous")
    content_w = PAGE_W - 2 * MARGIN

    # header band
    p.fillRect(QRectF(0, 0, PAGE_W, 64), BAND)
    white = QColor("#ffffff")
    page.text(QRectF(MARGIN, 12, content_w, 26), title, 20, True, white)
    generated = tr("%1 - generated %2").replace("%1", practice).replace("%2", m.computed_at[:10])
    page.text(QRectF(MARGIN, 40, content_w, 14), generated, 9, False, white)
    page.y = 70
    if playbook is not None:
        _draw_playbook(page, playbook[0], playbook[1])

    def tile(value: str, label: str, name: str | None = None, rate: bool = False):
        if name is None:
            return (value, label, "", MUTED)
        sub, color, _ = change_text(m.delta(name), rate, prev)
        return (value, label, sub, color)

    # Adoption
    page.section(tr("Adoption"))
    page.tiles(
        [
            tile(pct(a.enrollment_rate), tr("Kiosk enrollment rate"), "enrollment_rate", True),
            tile(f"{a.enrolled}/{a.approached}", tr("Enrolled / approached"), "enrolled"),
            tile(str(a.new_enrollments), tr("New enrollments"), "new_enrollments"),
            tile(f"{a.declined} / {a.abandoned}", tr("Declined / unfinished"), "declined"),
        ]
    )
    # Families: own accounts apart from proxy enrollments (kiosk/family.py).
    f = m.family
    family_line = (
        tr(
            "Own accounts %1 (teens %2) - proxy enrollments for children %3 - "
            "parents added %4 - caregivers added %5"
        )
        .replace("%1", str(f.own_account))
        .replace("%2", str(f.teen_accounts))
        .replace("%3", str(f.proxy_enrollments))
        .replace("%4", str(f.teen_parent_proxies))
        .replace("%5", str(f.caregiver_proxies))
    )
    page.text(QRectF(MARGIN, page.y, content_w, 14), family_line, 9, False, MUTED)
    page.y += 16
    unit = tr("by day") if m.trend_unit == "day" else tr("by week")
    page.chart_title(MARGIN, content_w, tr("Enrollment rate %1").replace("%1", unit))
    page.y += 12
    points = [(f"{pt.start.day}" if m.trend_unit == "day" else dates.day_month_text(pt.start),
               pt.rate) for pt in m.trend]  # fmt: skip
    trend_h = 50 if compact else 96
    draw_rate_trend(
        p,
        QRectF(MARGIN, page.y, content_w, trend_h),
        points,
        8.0,
        goal_label=tr("goal 60%"),
        empty_text=tr("No enrollments in this period"),
    )
    page.y += trend_h + 4

    # Engagement
    page.section(tr("Engagement"))
    features = {"messaging": tr("messaging"), "scheduling": tr("scheduling")}
    demos = " / ".join(f"{features.get(k, k)} {v}" for k, v in g.demos_by_feature.items()) or "-"
    channels = g.invitations_by_channel
    page.tiles(
        [
            (str(g.demos), tr("Feature demos"), demos, MUTED),
            (
                str(g.app_installs),
                tr("App installs"),
                tr("%1 of enrolled").replace("%1", pct(g.app_install_rate)),
                MUTED,
            ),
            (
                str(g.cards_printed),
                tr("Cards printed"),
                tr("%1 of enrolled").replace("%1", pct(g.card_rate)),
                MUTED,
            ),
            (
                str(g.invitations),
                tr("Invitations"),
                tr("email %1, SMS %2")
                .replace("%1", str(channels.get("email", 0)))
                .replace("%2", str(channels.get("sms", 0))),
                MUTED,
            ),
        ]
    )
    half = (content_w - 16) / 2
    page.chart_title(MARGIN, half, tr("Why patients declined (remedy given)"))
    page.chart_title(MARGIN + half + 16, half, tr("Enrollments by staff (rate)"))
    page.y += 14
    bars_h = 56 if compact else 92
    top = max((b.count for b in m.barriers), default=0)
    draw_bars(
        p,
        QRectF(MARGIN, page.y, half, bars_h),
        [(_reason_label(b.reason), b.count, f"{b.count} ({b.remedy_taken})") for b in m.barriers],
        7.5,
        WARN,
        max_value=top or 1,
    )
    staff = m.staff[:8]
    draw_bars(
        p,
        QRectF(MARGIN + half + 16, page.y, half, bars_h),
        [(s.display_name, s.enrolled, f"{s.enrolled} ({pct(s.enrollment_rate)})") for s in staff],
        7.5,
        GOAL,
        empty_text=tr("No enrollments in this period"),
    )
    page.y += bars_h + 4

    # Impact
    page.section(tr("Impact"))
    declines = sum(b.count for b in m.barriers)
    remedied = sum(b.remedy_taken for b in m.barriers)
    page.tiles(
        [
            tile(
                pct(a.active_rate),
                tr("Active accounts (%1)").replace("%1", str(a.active_accounts)),
                "active_rate",
                True,
            ),
            tile(
                pct(a.first_login_rate),
                tr("First login at desk (%1)").replace("%1", str(a.first_login_in_office)),
                "first_login_rate",
                True,
            ),
            (
                str(m.follow_up.past_window),
                tr("Past follow-up window"),
                tr("%1 on the worklist now").replace("%1", str(m.follow_up.open_worklist)),
                MUTED,
            ),
            (
                f"{remedied}/{declines}",
                tr("Declines remedied"),
                tr("remedy offered and taken"),
                MUTED,
            ),
        ]
    )

    # Top opportunities
    page.section(tr("Top opportunities"))
    sentences = []
    if playbook is not None:
        from kiosk.ui.practice_view import gap_sentence

        sentences = [gap_sentence(gap) for gap in playbook[2]]
    sentences += [opportunity_text(o) for o in opportunities]
    footer_top = PAGE_H - MARGIN - 4
    for i, sentence in enumerate(sentences, start=1):
        text = f"{i}.  {sentence}"
        page.p.setFont(_font(9))
        needed = page.p.boundingRect(
            QRectF(MARGIN, page.y, content_w, 200), int(Qt.TextFlag.TextWordWrap), text
        ).height()
        if page.y + needed > footer_top:
            break  # one page: the smallest gaps give way, the footer is never overprinted
        used = page.text(QRectF(MARGIN, page.y, content_w, needed), text, 9)
        page.y += used.height() + 4

    # footer
    sync = (
        tr("Sync: %1 waiting, %2 need attention.")
        .replace("%1", str(m.sync.queued))
        .replace("%2", str(m.sync.dead_letters))
    )
    footer = tr("Aggregate figures only - no patient information.") + "  " + sync
    page.text(QRectF(MARGIN, PAGE_H - MARGIN, content_w, 14), footer, 7.5, False, MUTED)
