"""The dashboard's "Whole practice" view: every playbook metric with its month-on-month change,
how old the practice figures are, and the biggest gaps to the playbook's targets first.

Only renders what kiosk.practice computed (on the database thread); the words live here so
the PDF (kiosk/ui/report_pdf.py) says the same things in the same language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.enrollment import parse_iso
from kiosk.practice import PLAYBOOK, Gap, PlaybookRow
from kiosk.ui.plain import plain_label


def tr(text: str, disambiguation: str = "", n: int = -1) -> str:
    # A bare tr("...") outside a class is filed by pyside6-lupdate under the empty context
    # (as in report_pdf.py); tr(text, "", n) is how it sees a plural form.
    return QCoreApplication.translate("", text, disambiguation or None, n)


def metric_label(key: str) -> str:
    return {
        "enrollment_rate": tr("Enrollment rate (access / seen)"),
        "accounts_with_access": tr("Patients with portal access"),
        "patients_seen": tr("Unique patients seen"),
        "active_user_rate": tr("Active users (of access)"),
        "multi_feature_rate": tr("Multi-feature users (of active)"),
        "new_enrollments": tr("New enrollments (all kiosks)"),
        "kiosk_enrollments": tr("Enrollments at the kiosks"),
        "messages_sent": tr("Messages sent by patients"),
        "messages_received": tr("Messages received by patients"),
        "messages_per_patient": tr("Messages per patient"),
        "appointments_booked": tr("Appointments booked online"),
        "appointments": tr("All appointments"),
        "appointments_booked_share": tr("Appointments booked online, share"),
        "results_viewed": tr("Results viewed"),
        "results_same_day_share": tr("Results viewed same day"),
        "payments_amount": tr("Bill payments online"),
        "payments_share": tr("Collections paid online, share"),
        "phone_calls": tr("Phone calls"),
        "median_response_hours": tr("Median message response time"),
        "satisfaction": tr("Portal users satisfied"),
    }.get(key, key)


def section_label(section: str) -> str:
    return {
        "adoption": tr("Adoption"),
        "engagement": tr("Engagement"),
        "impact": tr("Impact"),
    }.get(section, section)


def missing_text(source: str | None) -> str:
    return {
        "ehr": tr("needs the EHR figures (refresh while online)"),
        "portal": tr("needs portal usage (portal API or monthly CSV)"),
        "manual": tr("needs figures typed in (Admin > Practice figures)"),
    }.get(source or "", tr("no source"))


def format_value(value: float | None, kind: str) -> str:
    if value is None:
        return "-"
    if kind == "rate":
        # One decimal: 59.9 % is below the playbook's 60 %, and the gaps below say so.
        return f"{value * 100:.1f}%"
    if kind == "money":
        return f"${value:,.0f}"
    if kind == "hours":
        return tr("%1 h").replace("%1", f"{value:.1f}")
    if kind == "ratio":
        return f"{value:.1f}"
    return f"{round(value):,}"


def format_change(row: PlaybookRow) -> str:
    change = row.change
    if change is None:
        return "-"
    digits = {"rate": 2, "ratio": 1, "hours": 1}.get(row.kind, 0)
    change = round(change, digits) + 0.0  # "+0.0", never "-0.0"
    arrow = "\u25b2" if change > 1e-9 else "\u25bc" if change < -1e-9 else "\u25c6"
    if row.kind == "rate":
        return f"{arrow} " + tr("%1 pts").replace("%1", f"{change * 100:+.0f}")
    if row.kind == "money":
        return f"{arrow} {'+' if change >= 0 else '-'}${abs(change):,.0f}"
    if row.kind == "hours":
        return f"{arrow} " + tr("%1 h").replace("%1", f"{change:+.1f}")
    if row.kind == "ratio":
        return f"{arrow} {change:+.1f}"
    return f"{arrow} {round(change):+,}"


def age_text(fetched_at: str | None, now: datetime) -> str:
    """'Practice figures read 3 hours ago' (Qt plural forms), or that they never were."""
    if not fetched_at:
        return tr("Practice figures have not been read from the EHR yet: tap Refresh.")
    minutes = max(0, int((now - parse_iso(fetched_at)).total_seconds() // 60))
    if minutes < 60:
        return english_plural(tr("Practice figures read %n minute(s) ago.", "", minutes), minutes)
    hours = minutes // 60
    if hours < 48:
        return english_plural(tr("Practice figures read %n hour(s) ago.", "", hours), hours)
    days = hours // 24
    return english_plural(tr("Practice figures read %n day(s) ago.", "", days), days)


def english_plural(text: str, n: int) -> str:
    """English has no catalogue, so Qt hands back the source's "(s)"; the Spanish catalogue
    has real plural forms and no "(s)"."""
    return text.replace("(s)", "" if n == 1 else "s")


def gap_sentence(gap: Gap) -> str:
    """One top opportunity in the report's language."""
    value = "-" if gap.value is None else f"{gap.value * 100:.1f}%"
    if gap.key == "enrollment_rate":
        return tr(
            "Increase enrollment: %1 of the patients seen have portal access; the playbook "
            "target is 60-70%. Offer the portal at every check-in."
        ).replace("%1", value)
    if gap.key == "active_user_rate":
        return tr(
            "Increase active use: %1 of patients with access used the portal this month; "
            "the target is 40-50%. Remind patients to message, book and pay online."
        ).replace("%1", value)
    if gap.key == "app_install_rate":
        return tr(
            "Increase app installation, currently %1 of patients enrolled at this kiosk: "
            "offer the app QR code while the patient has the phone in hand."
        ).replace("%1", value)
    source = gap.key.partition(":")[2]
    return tr("A playbook target cannot be checked: it %1.").replace("%1", missing_text(source))


@dataclass(frozen=True)
class PracticeModel:
    """Everything the view shows, worded and formatted off the GUI thread (translate() is
    thread-safe): the GUI only sets texts on labels it made once."""

    rows: tuple[PlaybookRow, ...]
    cells: dict[str, tuple[str, str, str, str]]  # key -> label, value, last month, change
    missing: frozenset[str]  # keys whose value names a missing source
    age: str
    gaps: str


def build_model(
    rows: list[PlaybookRow], fetched_at: str | None, gaps: list[Gap], now: datetime
) -> PracticeModel:
    cells: dict[str, tuple[str, str, str, str]] = {}
    for row in rows:
        value = (
            format_value(row.value, row.kind)
            if row.value is not None
            else missing_text(row.missing)
        )
        cells[row.key] = (
            metric_label(row.key),
            value,
            format_value(row.previous, row.kind),
            format_change(row),
        )
    return PracticeModel(
        rows=tuple(rows),
        cells=cells,
        missing=frozenset(r.key for r in rows if r.value is None),
        age=age_text(fetched_at, now),
        gaps="\n".join(f"{i}. {gap_sentence(g)}" for i, g in enumerate(gaps[:3], start=1))
        or tr("Every playbook target is met this month."),
    )


class PracticeView(QWidget):
    """A table of the playbook's metrics: name, this month, last month, change.

    The playbook's rows are fixed (kiosk.practice.PLAYBOOK), so the labels are made once and a
    refresh only sets their texts from a ready PracticeModel: no widget is built or destroyed
    while figures arrive."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("practiceView")
        # Staff-only screen with 20 rows: a compact size so the month fits 1280x800 unscrolled.
        # A missing source is amber-brown on white (6.4:1), so it reads as "not a number".
        self.setStyleSheet("QLabel { font-size: 17px; } QLabel#practiceMissing { color: #8a4b00; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.age = plain_label(objectName="dashDetail", wordWrap=True)
        layout.addWidget(self.age)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(18)
        self.grid.setVerticalSpacing(0)
        layout.addLayout(self.grid)
        self.gaps = plain_label(objectName="dashDetail", wordWrap=True)
        layout.addWidget(self.gaps)
        layout.addStretch(1)
        self.rows: list[PlaybookRow] = []
        self.model: PracticeModel | None = None
        self.headers = [plain_label(objectName="tileLabel") for _ in range(4)]
        for col, label in enumerate(self.headers):
            self.grid.addWidget(label, 0, col)
        # The names take what they need; a missing source's note gets the room, on one line.
        self.grid.setColumnStretch(1, 1)
        self.section_labels: dict[str, QLabel] = {}
        self.cells: dict[str, tuple[QLabel, QLabel, QLabel, QLabel]] = {}
        line, section = 1, None
        for key, row_section, _kind in PLAYBOOK:
            if row_section != section:
                section = row_section
                label = plain_label(objectName="chartTitle")
                self.section_labels[section] = label
                self.grid.addWidget(label, line, 0)
                line += 1
            cells = (
                plain_label(objectName="practiceCell"),
                plain_label(objectName="practiceValue"),
                plain_label(objectName="practiceCell"),
                plain_label(objectName="practiceCell"),
            )
            for col, cell in enumerate(cells):
                self.grid.addWidget(cell, line, col)
            self.cells[key] = cells
            line += 1
        self.retranslate()

    def retranslate(self) -> None:
        headers = (tr("Metric"), tr("This month"), tr("Last month"), tr("Change"))
        for label, text in zip(self.headers, headers, strict=True):
            label.setText(text)
        for section, label in self.section_labels.items():
            label.setText(section_label(section))

    def show_model(self, model: PracticeModel) -> None:
        self.retranslate()
        self.model = model
        self.rows = list(model.rows)
        for key, texts in model.cells.items():
            labels = self.cells.get(key)
            if labels is None:
                continue
            for label, text in zip(labels, texts, strict=True):
                if label.text() != text:
                    label.setText(text)
            name = "practiceMissing" if key in model.missing else "practiceValue"
            if labels[1].objectName() != name:
                labels[1].setObjectName(name)
                labels[1].style().unpolish(labels[1])
                labels[1].style().polish(labels[1])
        self.age.setText(model.age)
        self.gaps.setText(model.gaps)

    def show_rows(
        self, rows: list[PlaybookRow], fetched_at: str | None, gaps: list[Gap], now: datetime
    ) -> None:
        """Word and show `rows` here (small, or in tests); the dashboard builds the model on
        its database thread and calls show_model."""
        self.show_model(build_model(rows, fetched_at, gaps, now))
