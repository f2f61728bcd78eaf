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

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.schedule import ContactOnFile, mask_email, mask_mobile
from kiosk.ui.step_page import button, label
from kiosk.validation import format_mobile

MAX_CHIPS = 3  # whole words on one row beside the field, never squeezed


class OnFilePanel(QFrame):
    confirmed = Signal()
    change = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="onFilePanel")
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
        row.addWidget(self.yes, 2)
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
        super().__init__(parent, objectName=name)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.chips = []
        self._values: list[str] = []
        for index in range(MAX_CHIPS):
            chip = button(f"{name}-{index}")
            chip.setProperty("chip", True)
            chip.clicked.connect(lambda _=False, i=index: self._tap(i))
            chip.hide()
            row.addWidget(chip)
            self.chips.append(chip)
        row.addStretch(1)

    def _tap(self, index: int) -> None:
        if index < len(self._values):
            self.chosen.emit(self._values[index])

    def show_choices(self, choices: list[tuple[str, str]]) -> None:
        """(label, value) pairs; none hides the row."""
        self._values = [value for _label, value in choices[:MAX_CHIPS]]
        for chip, pair in zip(self.chips, choices[:MAX_CHIPS] + [None] * MAX_CHIPS, strict=False):
            chip.setVisible(pair is not None)
            chip.setText(pair[0] if pair is not None else "")  # no name left in a hidden chip
            chip.setMinimumWidth(chip.sizeHint().width() if pair is not None else 56)
        self.setVisible(bool(self._values))

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
