"""Admin > Practice figures: what the portal or the EHR cannot say, from the practice manager.

- Figures only people know, per month: phone call volume, share of portal users satisfied,
  all patient collections (for the portal's share of payments).
- The portal vendor's monthly usage CSV, for portals without the usage API: pick the file,
  check which column holds which figure (the last choice is remembered for next month),
  import. A bad file gets a clear message and nothing is saved.
Every save checks the administrator's grant (kiosk.staff.authorize) on the database thread
and is audited. Only aggregates are stored; file reading runs off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.practice import (
    CSV_MAPPING_KEY,
    MANUAL_FIELDS,
    USAGE_FIELDS,
    CsvImportError,
    ManualFigures,
    guess_mapping,
    import_usage_csv,
    manual_key,
    read_csv_header,
    usage_key,
)
from kiosk.ui import dates, i18n
from kiosk.ui.keyboard import PhoneKeypad
from kiosk.ui.plain import plain_label
from kiosk.ui.practice_view import metric_label

MAX_CSV_BYTES = 5_000_000


def _authorized(store: Any, grant: Any) -> str:
    from kiosk.staff import StaffDirectory

    return StaffDirectory(store).authorize(grant).id


def save_manual(store: Any, grant: Any, figures: ManualFigures) -> None:
    actor = _authorized(store, grant)
    store.cache_put(manual_key(figures.month), figures.to_json())
    store.audit(actor, "practice.figures-typed", None, figures.month)


def read_csv_file(store: Any, path: str) -> tuple[str, list[str], dict[str, str]]:
    """(text, header, suggested mapping) of a vendor file; CsvImportError with the reason."""
    file = Path(path)
    try:
        if file.stat().st_size > MAX_CSV_BYTES:
            raise CsvImportError("The file is larger than a monthly usage report can be.")
        raw = file.read_bytes()
    except OSError as exc:
        raise CsvImportError(f"Cannot read the file: {exc.strerror or exc}.") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # spreadsheets on Windows save this
    header = read_csv_header(text)
    remembered = store.cache_get(CSV_MAPPING_KEY)
    return text, header, guess_mapping(header, remembered[0] if remembered else None)


def import_csv(store: Any, grant: Any, text: str, mapping: dict[str, str]) -> list[str]:
    actor = _authorized(store, grant)
    months = import_usage_csv(text, mapping)
    for month, usage in months.items():
        store.cache_put(usage_key(month), usage.to_json())
    store.cache_put(CSV_MAPPING_KEY, mapping)
    store.audit(actor, "practice.usage-imported", None, ",".join(sorted(months)))
    return sorted(months)


class PracticeFiguresPage(QWidget):
    def __init__(
        self,
        runner: Any,
        current_grant: Callable[[], Any],
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("practiceFiguresPage")
        self.runner = runner
        self.current_grant = current_grant
        start = today().replace(day=1)
        index = start.year * 12 + start.month - 2  # last month: the one being reported
        self.month = date(index // 12, index % 12 + 1, 1)
        self.csv_text = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 20)
        self.title = plain_label(objectName="pageTitle")
        layout.addWidget(self.title)
        top = QHBoxLayout()
        self.prev_button = QPushButton("\u25c0", objectName="periodStep")
        self.next_button = QPushButton("\u25b6", objectName="periodStep")
        self.month_label = plain_label(objectName="periodLabel")
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        for widget in (self.prev_button, self.month_label, self.next_button):
            top.addWidget(widget)
        top.addStretch(1)
        layout.addLayout(top)

        body = QHBoxLayout()
        form = QGridLayout()
        self.fields: dict[str, QLineEdit] = {}
        self.field_labels: dict[str, Any] = {}
        self.keypad = PhoneKeypad()
        for row, name in enumerate(MANUAL_FIELDS):
            label = plain_label(objectName="fieldLabel")
            field = QLineEdit(objectName="numberField")
            field.cursorPositionChanged.connect(lambda *_, f=field: self.keypad.attach(f))
            self.fields[name], self.field_labels[name] = field, label
            form.addWidget(label, row, 0)
            form.addWidget(field, row, 1)
        self.save_button = QPushButton(objectName="primaryButton")
        self.save_button.clicked.connect(self.save)
        form.addWidget(self.save_button, len(MANUAL_FIELDS), 1)
        body.addLayout(form, 3)
        body.addWidget(self.keypad, 2)
        layout.addLayout(body)

        self.csv_title = plain_label(objectName="chartTitle")
        layout.addWidget(self.csv_title)
        row = QHBoxLayout()
        self.path_field = QLineEdit(objectName="pathField")
        self.choose_button = QPushButton(objectName="exportButton")
        self.read_button = QPushButton(objectName="exportButton")
        self.import_button = QPushButton(objectName="primaryButton")
        self.choose_button.clicked.connect(self.choose_file)
        self.read_button.clicked.connect(self.read_columns)
        self.import_button.clicked.connect(self.import_file)
        self.import_button.setEnabled(False)
        for widget in (self.path_field, self.choose_button, self.read_button, self.import_button):
            row.addWidget(widget)
        layout.addLayout(row)
        self.mapping_grid = QGridLayout()
        self.combos: dict[str, QComboBox] = {}
        layout.addLayout(self.mapping_grid)
        self.status = plain_label(objectName="dashStatus", wordWrap=True)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.retranslate()
        self._load()

    # ---- month ---------------------------------------------------------------------------
    def step(self, steps: int) -> None:
        index = self.month.year * 12 + self.month.month - 1 + steps
        self.month = date(index // 12, index % 12 + 1, 1)
        self._load()

    def _month_key(self) -> str:
        return f"{self.month:%Y-%m}"

    def _load(self) -> None:
        self.month_label.setText(dates.month_year_text(self.month))
        key = manual_key(self._month_key())
        self.runner.db(lambda store: store.cache_get(key), self._fill)

    def _fill(self, cached: Any) -> None:
        data = cached[0] if cached else {}
        for name, field in self.fields.items():
            value = data.get(name)
            field.setText("" if value is None else f"{value:g}")

    # ---- typed-in figures ------------------------------------------------------------------
    def save(self) -> None:
        values: dict[str, Any] = {}
        for name, field in self.fields.items():
            text = field.text().strip().replace(",", "").lstrip("$").rstrip("%")
            if not text:
                values[name] = None  # unknown stays unknown: never saved as 0
                continue
            try:
                number = float(text)
            except ValueError:
                number = -1
            if number < 0 or (name == "satisfaction_pct" and number > 100):
                self.status.setText(
                    self.tr("%1 must be a number (a percentage: 0 to 100).").replace(
                        "%1", self.field_labels[name].text()
                    )
                )
                field.setFocus()
                return  # nothing is lost: every field keeps what was typed
            values[name] = round(number) if name == "phone_calls" else number
        figures = ManualFigures(self._month_key(), **values)
        grant = self.current_grant()
        self.runner.db(
            lambda store: save_manual(store, grant, figures),
            lambda _: self.status.setText(self.tr("Saved.")),
            self._failed,
        )

    # ---- vendor CSV ------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Portal usage CSV"), "", self.tr("CSV files (*.csv)")
        )
        if path:
            self.path_field.setText(path)
            self.read_columns()

    def read_columns(self) -> None:
        path = self.path_field.text().strip()
        if not path:
            self.status.setText(self.tr("Choose the portal's monthly usage CSV first."))
            return
        self.runner.db(lambda store: read_csv_file(store, path), self._show_mapping, self._failed)

    def _show_mapping(self, result: tuple[str, list[str], dict[str, str]]) -> None:
        self.csv_text, header, mapping = result
        while self.mapping_grid.count():
            item = self.mapping_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.combos = {}
        names = ("month", *USAGE_FIELDS)
        for i, name in enumerate(names):
            combo = QComboBox(objectName="mappingCombo")
            combo.addItem(self.tr("(not in the file)"), "")
            for column in header:
                combo.addItem(column, column)
            if mapping.get(name):
                combo.setCurrentIndex(combo.findData(mapping[name]))
            label = self.tr("Month") if name == "month" else metric_label(name)
            self.mapping_grid.addWidget(plain_label(label), i // 2, (i % 2) * 2)
            self.mapping_grid.addWidget(combo, i // 2, (i % 2) * 2 + 1)
            self.combos[name] = combo
        self.import_button.setEnabled(True)
        self.status.setText(self.tr("Check which column holds each figure, then tap Import."))

    def mapping(self) -> dict[str, str]:
        return {
            name: combo.currentData() for name, combo in self.combos.items() if combo.currentData()
        }

    def import_file(self) -> None:
        text, mapping, grant = self.csv_text, self.mapping(), self.current_grant()
        self.runner.db(
            lambda store: import_csv(store, grant, text, mapping), self._imported, self._failed
        )

    def _imported(self, months: list[str]) -> None:
        from kiosk.ui.practice_view import english_plural

        text = self.tr("Imported %n month(s): %1", "", len(months))
        self.status.setText(english_plural(text, len(months)).replace("%1", ", ".join(months)))

    def _failed(self, exc: Exception) -> None:
        from kiosk.staff import StaffError

        if isinstance(exc, CsvImportError | StaffError):
            # Written for people, no patient data in either; a staff rule in the screen's words.
            self.status.setText(i18n.shown(i18n.reason(exc)))
        else:
            self.status.setText(self.tr("That did not work: %1").replace("%1", type(exc).__name__))

    def retranslate(self) -> None:
        self.title.setText(self.tr("Practice figures"))
        labels = {
            "phone_calls": self.tr("Phone calls this month"),
            "satisfaction_pct": self.tr("Portal users satisfied (%)"),
            "collections_amount": self.tr("All patient collections ($)"),
        }
        for name, label in self.field_labels.items():
            label.setText(labels[name])
        self.save_button.setText(self.tr("Save"))
        self.csv_title.setText(self.tr("Portal usage from the vendor's monthly CSV"))
        self.choose_button.setText(self.tr("Choose file"))
        self.read_button.setText(self.tr("Read columns"))
        self.import_button.setText(self.tr("Import"))
        self.month_label.setText(dates.month_year_text(self.month))
