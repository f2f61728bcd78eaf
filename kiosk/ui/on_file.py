"""What the EHR has on file, confirmed rather than retyped; and help for what is left to type.

`OnFilePanel` sits on the contact step: the email and mobile from Patient.telecom, masked
(m****@gmail.com, (•••) •••-0123) for the patient's privacy until staff tap "Show"; "Yes,
that's right" accepts them in one tap, "Change" opens the usual fields. `SuggestionRow` is a
row of one-tap chips above the email keyboard: the local part from the patient's name before
the @, the practice's own most-used domains and the common ones after it, and the mobile
number on file for the mobile field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.enrollment import Channel
from kiosk.schedule import (
    ContactOnFile,
    domain_suggestions,
    local_part_suggestions,
    mask_email,
    mask_mobile,
)
from kiosk.schedule_records import practice_domains
from kiosk.ui.step_page import button, label
from kiosk.validation import format_mobile, parse_email, parse_mobile

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel, QLineEdit

    from kiosk.enrollment import Enrollment
    from kiosk.store import Store
    from kiosk.ui.context import StepContext
    from kiosk.ui.step_page import KeyboardSlot, StepPage

    _ContactPageBase = StepPage  # the type checker sees the page this part is mixed into
else:
    _ContactPageBase = object

MAX_CHIPS = 3  # whole words on one row beside the field, never squeezed


class OnFilePanel(QFrame):
    confirmed = Signal()
    change = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("onFilePanel")
        self.on_file = ContactOnFile()
        self.revealed = False
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(8)
        self.heading = label("bodyText")
        box.addWidget(self.heading)
        self.email_label = label("fieldLabel")
        self.email_value = label("bigValue")
        self.mobile_label = label("fieldLabel")
        self.mobile_value = label("bigValue")
        for widget in (self.email_label, self.email_value, self.mobile_label, self.mobile_value):
            box.addWidget(widget)
        row = QHBoxLayout()
        self.yes = button("onFileYesButton", primary=True)
        self.yes.clicked.connect(self.confirmed)
        self.change_button = button("onFileChangeButton")
        self.change_button.clicked.connect(self.change)
        self.reveal = button("revealOnFileButton")
        self.reveal.clicked.connect(self._reveal)
        # "Yes" on a row of its own, the two others under it: whole words at larger text too.
        box.addWidget(self.yes)
        row.addWidget(self.change_button, 1)
        row.addWidget(self.reveal, 1)
        box.addLayout(row)
        self.staff_hint = label("fieldHint")
        box.addWidget(self.staff_hint)
        box.addStretch(1)

    def show_contact(self, on_file: ContactOnFile) -> None:
        self.on_file = on_file
        self.revealed = False
        self.retranslate()

    def clear(self) -> None:
        self.on_file = ContactOnFile()
        self.revealed = False
        for widget in (self.email_value, self.mobile_value):
            widget.clear()

    def _reveal(self) -> None:
        """Staff tap: the full values, for reading them back to the patient."""
        self.revealed = not self.revealed
        self.retranslate()

    def retranslate(self) -> None:
        email, mobile = self.on_file.email, self.on_file.mobile
        self.heading.setText(
            self.tr("This is what your record has. Is it still right?")
            if email
            else self.tr("Your record has a mobile number, but no email address.")
        )
        self.email_label.setText(self.tr("Email"))
        self.mobile_label.setText(self.tr("Mobile"))
        if self.revealed:
            self.email_value.setText(email or "")
            self.mobile_value.setText(format_mobile(mobile) if mobile else "")
        else:
            self.email_value.setText(mask_email(email))
            self.mobile_value.setText(mask_mobile(mobile))
        for widget, value in (
            (self.email_label, email),
            (self.email_value, email),
            (self.mobile_label, mobile),
            (self.mobile_value, mobile),
        ):
            widget.setVisible(bool(value))
        self.yes.setText(self.tr("Yes, that's right"))
        self.change_button.setText(self.tr("No, change it"))
        self.reveal.setText(self.tr("Hide") if self.revealed else self.tr("Show (staff)"))
        self.staff_hint.setText(
            self.tr("Hidden for privacy. Staff can tap Show to read it back to the patient.")
            if not self.revealed
            else ""
        )


class SuggestionRow(QWidget):
    """Up to three one-tap chips; `chosen(text)` carries the chip's full replacement text."""

    chosen = Signal(str)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.chips: list[QPushButton] = []
        self._values: list[str] = []
        for index in range(MAX_CHIPS):
            chip = button(f"{name}-{index}")
            chip.setProperty("chip", True)
            chip.clicked.connect(lambda _=False, i=index: self._tap(i))
            chip.hide()
            row.addWidget(chip)
            self.chips.append(chip)
        row.addStretch(1)
        # The row asks for no width of its own: chips that do not fit are hidden, never
        # squeezed, and a long name never widens the page.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Show the chips, in order, as long as they fit the row's width."""
        room, used, fits = self.width(), 0, True
        layout = self.layout()
        spacing = layout.spacing() if layout is not None else 0
        for chip, value in zip(self.chips, self._values + [None] * MAX_CHIPS, strict=False):
            if value is None:
                chip.hide()
                continue
            need = chip.sizeHint().width() + (spacing if used else 0)
            fits = fits and used + need <= room
            used += need if fits else 0
            chip.setVisible(fits)

    def _tap(self, index: int) -> None:
        if index < len(self._values):
            self.chosen.emit(self._values[index])

    def show_choices(self, choices: list[tuple[str, str]]) -> None:
        """(label, value) pairs; none hides the row."""
        self._values = [value for _label, value in choices[:MAX_CHIPS]]
        for chip, pair in zip(self.chips, choices[:MAX_CHIPS] + [None] * MAX_CHIPS, strict=False):
            chip.setText(pair[0] if pair is not None else "")  # no name left in a hidden chip
            chip.setMinimumWidth(chip.sizeHint().width() if pair is not None else 56)
        self.setVisible(bool(self._values))
        self._fit()

    def values(self) -> list[str]:
        return list(self._values)


def email_choices(
    typed: str,
    local_parts: list[str],
    domains: Callable[[str], list[str]],
) -> list[tuple[str, str]]:
    """Before the @: the name-based local parts that fit what is typed; after it: domains."""
    typed = typed.strip()
    if "@" not in typed:
        return [(part, part) for part in local_parts if part.startswith(typed.lower())]
    local = typed.split("@", 1)[0]
    return [(f"@{d}", f"{local}@{d}") for d in domains(typed)]


def _use(mobile: str) -> str:
    """The mobile-on-file chip: "Use (•••) •••-0123"."""
    return QCoreApplication.translate("ContactPage", "Use %1").replace("%1", mask_mobile(mobile))


class OnFileSteps(_ContactPageBase):
    """The contact step's part for what the EHR has on file (mixed into ContactPage, whose
    fields, keyboards and channel logic it uses): the panel, the background read, the one-tap
    confirmation and the suggestion chips."""

    ctx: StepContext
    chips: SuggestionRow
    if TYPE_CHECKING:  # ContactPage's, which this part uses
        email_label: QLabel
        email: QLineEdit
        no_email: QPushButton
        email_hint: QLabel
        suggestion: QPushButton
        mobile_label: QLabel
        mobile: QLineEdit
        sms_consent: QPushButton
        mobile_hint: QLabel
        keyboards: KeyboardSlot
        _channel: Channel

        def _set_channel(self, channel: Channel) -> None: ...
        def switch_to_sms(self) -> None: ...

    def _build_on_file(self) -> None:
        """The on-file panel above the form (one of the two shows at a time); the suggestion
        chips go right above the keyboard."""
        self._confirming = False
        self._domains: list[str] = []
        self._on_file: ContactOnFile | None = None  # this patient's, in memory only
        self._form_widgets = (
            self.email_label,
            self.email,
            self.no_email,
            self.email_hint,
            self.suggestion,
            self.mobile_label,
            self.mobile,
            self.sms_consent,
            self.mobile_hint,
            self.keyboards,
            self.chips,
        )
        # The chips share the row under the email field with its hint (which they replace
        # while shown), so the page keeps its height at 1280x800.
        for index in range(self.content.count()):
            item = self.content.itemAt(index)
            row = item.layout() if item is not None else None
            if isinstance(row, QBoxLayout) and row.indexOf(self.email_hint) >= 0:
                row.insertWidget(row.indexOf(self.email_hint) + 1, self.chips, 1)
        self.on_file_panel = OnFilePanel()
        self.on_file_panel.confirmed.connect(self._confirm_on_file)
        self.on_file_panel.change.connect(lambda: self._show_on_file(False))
        self.on_file_panel.hide()
        self.content.insertWidget(0, self.on_file_panel, 1)
        self.chips.chosen.connect(self._chip)
        self.email.textChanged.connect(lambda _t: self._update_chips())
        self.mobile.textChanged.connect(lambda _t: self._update_chips())
        self.keyboards.field_focused.connect(lambda _f: self._update_chips())

    def _load_on_file(self, enrollment: Enrollment) -> None:
        """Show what the EHR holds: known from the schedule row already, or read now on the
        network pool (a patient found by name search). A read that comes back after the
        patient left is dropped by the context's SessionTasks."""

        def domains(store: Store) -> list[str]:
            return practice_domains(store)

        self.ctx.tasks.db(domains, lambda found: setattr(self, "_domains", found), lambda _e: None)
        self._on_file = self.ctx.on_file
        if self._on_file is not None:
            self._offer_on_file(self._on_file)
            return
        ehr_id, schedule = enrollment.patient.ehr_id, self.ctx.schedule
        if not (ehr_id and self.ctx.config.ehr.enabled):
            return

        def read() -> ContactOnFile:
            return schedule.contact_on_file(ehr_id)

        def got(on_file: ContactOnFile) -> None:
            e = self.ctx.enrollment
            if e is None or e.patient.ehr_id != ehr_id:
                return  # another patient was opened meanwhile
            self._on_file = on_file
            if self.ctx.is_showing(self) and not self.email.text():
                self._offer_on_file(on_file)

        self.ctx.tasks.net(read, got, lambda _exc: None)  # offline: the form, as before

    def _offer_on_file(self, on_file: ContactOnFile) -> None:
        self.on_file_panel.show_contact(on_file)
        self._show_on_file(not on_file.empty)

    def _show_on_file(self, show: bool) -> None:
        self._confirming = show
        # Hide first, then show: both visible for a moment would grow the window.
        if show:
            for widget in self._form_widgets:
                widget.hide()
            self.on_file_panel.show()
        else:
            self.on_file_panel.hide()
            for widget in self._form_widgets:
                if widget not in (self.chips, self.suggestion, self.sms_consent):
                    widget.show()
            self._set_channel(self._channel)  # consent, channel buttons, hints as they were
            self._update_chips()
        if not show:
            self.keyboards.activate(self.email if self.email.isEnabled() else self.mobile)
        self.retranslate()

    def _confirm_on_file(self) -> None:
        """ "Yes, that's right": the values on file become this visit's contact (written back
        to the EHR as any capture is; the telecom merge adds nothing already there)."""
        on_file = self._on_file or ContactOnFile()
        email = parse_email(on_file.email).value if on_file.email else None
        mobile = parse_mobile(on_file.mobile).value if on_file.mobile else None
        if on_file.email and not email:
            self._show_on_file(False)  # unusable on file: they type it, with the hints
            self.email.setText(on_file.email)
            return
        if not email:
            # Mobile only: the text-message path, where the patient's own tap is consent.
            self._show_on_file(False)
            self.switch_to_sms()
            if mobile:
                self.mobile.setText(format_mobile(mobile))
            return
        self.ctx.apply(
            lambda e: e.capture_contact(
                email=email, mobile=mobile, channel=Channel.EMAIL, sms_consent=False
            ),
            lambda e: self.ctx.advance(),
            self,
        )

    def _update_chips(self) -> None:
        if self._confirming:
            self.chips.show_choices([])
            self.chips.hide()
            return
        field = self.keyboards.active_field()
        on_file = self._on_file or ContactOnFile()
        if field is self.mobile:
            mobile = on_file.mobile
            offer = (
                [(_use(mobile), format_mobile(mobile))]
                if mobile and not self.mobile.text().strip()
                else []
            )
            self.chips.show_choices(offer)
            self.email_hint.setVisible(bool(self.email_hint.text()))
            return
        e = self.ctx.enrollment
        patient = e.patient if e is not None else None
        choices = email_choices(
            self.email.text(),
            local_part_suggestions(patient),
            lambda typed: domain_suggestions(typed, self._domains),
        )
        self.chips.show_choices(choices if self.email.isEnabled() else [])
        self.email_hint.setVisible(
            not self.chips.isVisibleTo(self) and bool(self.email_hint.text())
        )

    def _chip(self, value: str) -> None:
        field = self.keyboards.active_field()
        target = self.mobile if field is self.mobile else self.email
        target.setText(value)
        target.setCursorPosition(len(value))
