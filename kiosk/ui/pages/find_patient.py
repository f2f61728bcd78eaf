"""Find the patient: search the EHR by name + birth date or MRN, or enter them by hand.

The search runs on the network pool through the PatientDirectory port. When there is no EHR
connection (or it is down) the page says so and manual entry of name + birth date - always
available - becomes the way forward. Nothing typed is lost on an error.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.enrollment import Patient
from kiosk.ports import PatientQuery, ServiceUnavailable
from kiosk.ui import dates
from kiosk.ui.a11y import name_field
from kiosk.ui.fit_field import FitLineEdit
from kiosk.ui.keyboard import CodeKeyboard, NameKeyboard, PhoneKeypad
from kiosk.ui.pages import texts
from kiosk.ui.step_page import KeyboardSlot, StepPage, button, label
from kiosk.validation import parse_birth_date, parse_mrn, parse_name

if TYPE_CHECKING:
    from kiosk.ui.context import SessionContext


def _born(iso_day: str | None) -> str:
    """A birth date spelled out ("March 14, 1956" / "14 de marzo de 1956"): unambiguous
    whichever order (month/day or day/month) the patient is used to."""
    if not iso_day:
        return ""
    try:
        return dates.long_date_text(date.fromisoformat(iso_day))
    except ValueError:
        return iso_day


def format_birth_date(text: str) -> str:
    """Digits typed on the keypad -> MM/DD/YYYY as they come (0314 -> 03/14)."""
    digits = re.sub(r"\D", "", text)[:8]
    parts = [digits[:2], digits[2:4], digits[4:]]
    return "/".join(p for p in parts if p)


class FindPatientPage(StepPage):
    def __init__(self, ctx: SessionContext) -> None:
        super().__init__(ctx.switcher, skippable=False)
        self.setObjectName("findPatientPage")
        self.ctx = ctx
        self._results: list[Patient] = []
        self._searching = False
        self._error_sources: dict[QLineEdit, str] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        self.given = FitLineEdit(objectName="givenNameField")
        self.family = FitLineEdit(objectName="familyNameField")
        self.birth = FitLineEdit(objectName="birthDateField")
        self.mrn = FitLineEdit(objectName="mrnField")
        for field in (self.given, self.family, self.mrn):
            field.setMaxLength(100)
        self.birth.setMaxLength(10)
        self.birth.textChanged.connect(self._format_birth)
        self.labels = [label("fieldLabel") for _ in range(4)]
        self.errors = {
            f: label("fieldError") for f in (self.given, self.family, self.birth, self.mrn)
        }
        # Under the birth date, until an error takes its place: the order in words, since
        # many Latin American patients write the day first ("MM/DD/AAAA (mes/día/año)").
        self.birth_hint = label("fieldHint")
        for column, field in enumerate((self.given, self.family, self.birth)):
            # Text at the bottom: a label on two lines (larger text) keeps the others by
            # their fields.
            self.labels[column].setAlignment(
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom
            )
            grid.addWidget(self.labels[column], 0, column)
            grid.addWidget(field, 1, column)
            grid.addWidget(self.errors[field], 2, column)
            if field is self.birth:
                grid.addWidget(self.birth_hint, 2, column)
            field.textEdited.connect(lambda _=None, f=field: self._clear_error(f))
            grid.setColumnStretch(column, 1)  # an error message never squeezes a name field
        self.content.addLayout(grid)
        self.mrn_row = QWidget()
        row = QHBoxLayout(self.mrn_row)
        row.setContentsMargins(0, 0, 0, 0)
        mrn_box = QVBoxLayout()
        mrn_box.setSpacing(2)
        mrn_box.addWidget(self.labels[3])
        mrn_box.addWidget(self.mrn)
        mrn_box.addWidget(self.errors[self.mrn])
        self.mrn.textEdited.connect(lambda _=None: self._clear_error(self.mrn))
        row.addLayout(mrn_box, 1)
        self.search_button = button("searchButton")
        self.search_button.clicked.connect(self._search)
        self.manual_button = button("manualButton")
        self.manual_button.clicked.connect(self._manual)
        row.addWidget(self.search_button)
        row.addWidget(self.manual_button)
        self.content.addWidget(self.mrn_row)

        self.keyboards = KeyboardSlot()
        # Names: capitals, spaces, apostrophes and accents as typed ("De La Cruz", "O'Brien",
        # "McDonald", "Peña"); birth date: digits (slashes come by themselves); MRN: A-Z 0-9.
        self.name_keyboard = NameKeyboard()
        digits, code = PhoneKeypad(), CodeKeyboard()
        digits.setMaximumWidth(520)
        self.keyboards.bind(self.given, self.name_keyboard)
        self.keyboards.bind(self.family, self.name_keyboard)
        self.keyboards.bind(self.birth, digits)
        self.keyboards.bind(self.mrn, code)
        self.name_keyboard.done.connect(self._next_field)
        code.done.connect(self._primary)
        self.results_box = QWidget(objectName="searchResults")
        self.results_layout = QVBoxLayout(self.results_box)
        self.results_layout.setContentsMargins(0, 0, 0, 0)
        self.results_heading = label("bodyText")
        self.results_layout.addWidget(self.results_heading)
        self.result_buttons: list = []
        self.results_layout.addStretch(1)
        self.keyboards.addWidget(self.results_box)
        self.keyboards.field_focused.connect(lambda _: None)
        self.content.addWidget(self.keyboards, 1)

        self.primary_clicked.connect(self._primary)
        self.back_clicked.connect(ctx.show_start)
        self.decline_button.hide()  # no enrollment yet: nothing to decline
        ctx.switcher.register(self)
        self.retranslate()

    @property
    def ehr_enabled(self) -> bool:
        return self.ctx.config.ehr.enabled

    # ---- lifecycle ----------------------------------------------------------------------
    def enter(self, enrollment: object) -> None:
        super().enter(enrollment)
        self.keyboards.activate(self.given)
        if not self.ehr_enabled:
            self.show_message(
                lambda: self.tr(
                    "No EHR connection is set up: enter the patient's details by hand."
                ),
                "info",
            )
        self.retranslate()

    def reset(self) -> None:
        super().reset()
        for field in (self.given, self.family, self.birth, self.mrn):
            field.clear()
            self._clear_error(field)
        self._show_results([])
        self.keyboards.setCurrentIndex(0)

    # ---- input --------------------------------------------------------------------------
    def _format_birth(self, text: str) -> None:
        formatted = format_birth_date(text) if "-" not in text else text
        if formatted != text:
            self.birth.blockSignals(True)
            self.birth.setText(formatted)
            self.birth.blockSignals(False)

    def _next_field(self) -> None:
        """The name keyboard's Next: first name -> last name -> date of birth."""
        after = {self.given: self.family, self.family: self.birth}
        current = self.keyboards.active_field()
        self.keyboards.activate(after.get(current, self.birth))

    def _clear_error(self, field: QLineEdit) -> None:
        self._error_sources.pop(field, None)
        self.errors[field].clear()
        self._show_birth_hint()

    def _show_birth_hint(self) -> None:
        self.birth_hint.setVisible(not self.errors[self.birth].text())

    def _error(self, field: QLineEdit, english: str | None) -> bool:
        """Show kiosk.validation's message under the field (kept in English to re-translate)."""
        if english:
            self._error_sources[field] = english
        else:
            self._error_sources.pop(field, None)
        self.errors[field].setText(texts.validation_message(english))
        self._show_birth_hint()
        return bool(english)

    def _parsed_identity(self) -> tuple[str, str, str] | None:
        # Spaces tidied, letters exactly as typed: re-casing would turn McDonald into Mcdonald.
        given = parse_name(" ".join(self.given.text().split()), "first name")
        family = parse_name(" ".join(self.family.text().split()), "last name")
        born = parse_birth_date(self.birth.text())
        bad = [
            self._error(self.given, given.error),
            self._error(self.family, family.error),
            self._error(self.birth, born.error),
        ]
        if any(bad):
            return None
        return given.value, family.value, born.value

    # ---- actions ------------------------------------------------------------------------
    def _primary(self) -> None:
        self._search() if self.ehr_enabled else self._manual()

    def _manual(self) -> None:
        identity = self._parsed_identity()
        if identity is None:
            self.show_message(lambda: self.tr("Please check the details marked in red."))
            return
        given, family, born = identity
        mrn = parse_mrn(self.mrn.text()).value if self.mrn.text().strip() else None
        self.ctx.start_patient(Patient(given, family, born, None, mrn))

    def _search(self) -> None:
        if self._searching:
            return
        if self.mrn.text().strip():
            mrn = parse_mrn(self.mrn.text())
            if self._error(self.mrn, mrn.error):
                return
            query = PatientQuery(mrn=mrn.value)
        else:
            identity = self._parsed_identity()
            if identity is None:
                self.show_message(
                    lambda: self.tr("Enter the name and date of birth, or the record number.")
                )
                return
            query = PatientQuery(family=identity[1], given=identity[0], birth_date=identity[2])
        self._searching = True
        self.show_message(lambda: self.tr("Searching the EHR..."), "info")
        directory = self.ctx.directory
        self.ctx.tasks.net(
            lambda: directory.search(query),
            self._found,
            self._search_failed,
            always=self._search_ended,
        )

    def _search_ended(self) -> None:
        self._searching = False

    def _found(self, patients: list[Patient]) -> None:
        self.clear_message()
        if not patients:
            self.show_message(
                lambda: self.tr("No patient matches. Check the details, or continue by hand."),
                "info",
            )
        self._show_results(patients)

    def _search_failed(self, exc: Exception) -> None:
        if isinstance(exc, ServiceUnavailable):
            self.show_message(
                lambda: self.tr("The EHR cannot be reached right now. Continue by hand.")
            )
        else:
            self.show_message(lambda: self.tr("The search did not work. Continue by hand."))
        self.manual_button.show()

    def _show_results(self, patients: list[Patient]) -> None:
        self._results = patients
        for b in self.result_buttons:
            b.deleteLater()
        self.result_buttons = []
        for index, patient in enumerate(patients[:5]):
            b = button(f"patientResult-{index}")
            b.setText(
                f"{patient.given_name} {patient.family_name}   {_born(patient.birth_date)}"
                + (f"   {patient.mrn}" if patient.mrn else "")
            )
            b.clicked.connect(lambda _=False, p=patient: self.ctx.start_patient(p))
            self.results_layout.insertWidget(1 + index, b)
            self.result_buttons.append(b)
        if patients:
            self.keyboards.setCurrentWidget(self.results_box)
        self.retranslate()

    # ---- words --------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        self.set_texts(
            self.tr("Find the patient"),
            "",
            self.tr(
                "Check the patient's name and date of birth with them. "
                "With an EHR connection you can also search by record number."
            ),
            self.tr("Search") if self.ehr_enabled else self.tr("Continue"),
        )
        self.search_button.setVisible(False)
        self.mrn_row.setVisible(self.ehr_enabled)
        self.manual_button.setVisible(self.ehr_enabled)
        self.manual_button.setText(self.tr("Continue without the EHR"))
        self.search_button.setText(self.tr("Search"))
        for text, widget in zip(
            (
                self.tr("First name"),
                self.tr("Last name"),
                self.tr("Date of birth"),
                self.tr("Record number (optional)"),
            ),
            self.labels,
            strict=True,
        ):
            widget.setText(text)
        for field, widget in zip(
            (self.given, self.family, self.birth, self.mrn), self.labels, strict=True
        ):
            name_field(field, widget, widget.text())
        self.birth.setPlaceholderText(self.tr("MM/DD/YYYY"))
        self.birth_hint.setText(self.tr("MM/DD/YYYY (month/day/year)"))
        self.results_heading.setText(self.tr("Tap the right patient:"))
        for field, english in self._error_sources.items():
            self.errors[field].setText(texts.validation_message(english))
