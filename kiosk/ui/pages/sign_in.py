"""Staff sign-in: tap your name, type your PIN on the keypad. On first run, create the admin.

PIN checks (scrypt at >= 250 ms a guess, lockout) run on the DB thread through kiosk.staff;
the screen only shows the answer. A PIN is never shown, logged or kept after the check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.enrollment import parse_iso
from kiosk.staff import StaffDirectory, StaffError, StaffMember, check_pin_format
from kiosk.ui import dates, i18n
from kiosk.ui.a11y import name_field
from kiosk.ui.keyboard import NameKeyboard, PinPad
from kiosk.ui.step_page import StepPage, button, label

if TYPE_CHECKING:
    from kiosk.ui.context import SessionContext


def tidy_name(text: str) -> str:
    """Spaces tidied, letters exactly as typed: the name keyboard capitalises word starts
    itself, and re-casing here would turn McDonald into Mcdonald."""
    return " ".join(text.split())


class SignInPage(StepPage):
    def __init__(self, ctx: SessionContext) -> None:
        super().__init__(
            ctx.switcher,
            patient_facing=False,
            back=False,
            declinable=False,
            staff_panel=False,
        )
        self.setObjectName("signInPage")
        self.ctx = ctx
        self._members: list[StaffMember] = []
        self._selected: StaffMember | None = None
        self._first_run = False
        self._setup_pin = ""  # first PIN typed during first-run set-up, to confirm it

        row = QHBoxLayout()
        row.setSpacing(24)
        self.modes = QStackedWidget()
        # mode 0: the staff list
        names = QWidget()
        self.names_grid = QGridLayout(names)
        self.names_grid.setSpacing(16)
        # Large name buttons, centred in the height: the screen is balanced with 2 or 12 staff.
        self.names_grid.setAlignment(Qt.AlignmentFlag.AlignVCenter)
        self.modes.addWidget(names)
        # mode 1: first run - the administrator's name
        setup = QWidget()
        setup_layout = QVBoxLayout(setup)
        setup_layout.setContentsMargins(0, 0, 0, 0)
        self.name_label = label("fieldLabel")
        self.name_field = QLineEdit(objectName="adminNameField")
        self.name_field.setMaxLength(60)
        self.name_field.textEdited.connect(lambda _: self._update_setup())
        self.name_keyboard = NameKeyboard(done_text=None)  # the PIN pad beside it is next
        self.name_keyboard.attach(self.name_field)
        setup_layout.addWidget(self.name_label)
        setup_layout.addWidget(self.name_field)
        setup_layout.addWidget(self.name_keyboard, 1)
        self.modes.addWidget(setup)
        row.addWidget(self.modes, 1)

        pin_column = QVBoxLayout()
        self.pin_prompt = label("pinPrompt")
        self.pin_pad = PinPad()
        self.pin_pad.setFixedWidth(360)
        self.pin_pad.submit.connect(self._submit)
        pin_column.addStretch(1)
        pin_column.addWidget(self.pin_prompt)
        pin_column.addWidget(self.pin_pad)
        pin_column.addStretch(1)
        row.addLayout(pin_column)
        self.content.addLayout(row, 1)
        self.primary.hide()
        ctx.switcher.register(self)
        self.retranslate()

    # ---- lifecycle ----------------------------------------------------------------------
    def enter(self, enrollment: object) -> None:
        super().enter(enrollment)
        self.pin_pad.clear()
        self._selected = None
        self._setup_pin = ""
        self.ctx.tasks.db(
            lambda s: (StaffDirectory(s).is_empty(), StaffDirectory(s).members()),
            self._loaded,
        )

    def reset(self) -> None:
        super().reset()
        self.pin_pad.clear()

    def _loaded(self, result: tuple[bool, list[StaffMember]]) -> None:
        empty, members = result
        self._first_run = empty
        self._members = members
        self.modes.setCurrentIndex(1 if empty else 0)
        while self.names_grid.count():
            item = self.names_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self._name_buttons: dict[str, QPushButton] = {}
        for index, member in enumerate(members):
            b = button(f"staffButton-{member.id}")
            b.setCheckable(True)
            b.setProperty("staffName", True)  # theme.qss: tall name buttons
            b.setText(member.display_name)
            b.clicked.connect(lambda _=False, m=member: self._select(m))
            columns = 2 if len(members) <= 8 else 3
            self.names_grid.addWidget(b, index // columns, index % columns)
            self._name_buttons[member.id] = b
        if len(members) == 1:
            self._select(members[0])
        self.retranslate()

    def _select(self, member: StaffMember) -> None:
        self._selected = member
        for staff_id, b in self._name_buttons.items():
            b.setChecked(staff_id == member.id)
        self.pin_pad.clear()
        self.clear_message()
        self.retranslate()

    # ---- PIN ----------------------------------------------------------------------------
    def _submit(self) -> None:
        pin = self.pin_pad.pin()
        self.pin_pad.clear()
        if self._first_run:
            self._submit_setup(pin)
            return
        if self._selected is None:
            self.show_message(lambda: self.tr("First tap your name."))
            return
        if check_pin_format(pin):
            self.show_message(lambda: self.tr("A PIN has 4 to 6 digits."))
            return
        staff_id = self._selected.id
        self.ctx.tasks.db(
            lambda s: StaffDirectory(s).verify(staff_id, pin), self._checked, self._error
        )

    def _checked(self, check: object) -> None:
        if check.ok:
            self.ctx.sign_in(check.member)
        elif check.locked_until:
            local = parse_iso(check.locked_until).astimezone()
            self.show_message(
                lambda: self.tr("Too many wrong PINs. Try again after %1.").replace(
                    "%1", dates.time_text(local)
                )
            )
        else:
            self.show_message(
                lambda: self.tr(
                    "That PIN is not right. Tries left before a one-minute lock: %1."
                ).replace("%1", str(check.attempts_left))
            )

    def _error(self, exc: Exception) -> None:
        message = i18n.shown(i18n.reason(exc)) if isinstance(exc, StaffError) else ""
        self.show_message(message or self.tr("Signing in did not work. Please try again."))

    # ---- first run: create the administrator -------------------------------------------
    def _update_setup(self) -> None:
        self.clear_message()

    def _submit_setup(self, pin: str) -> None:
        name = tidy_name(self.name_field.text())
        if not name:
            self.show_message(lambda: self.tr("First type your name."))
            return
        if check_pin_format(pin, admin=True):
            self.show_message(lambda: self.tr("An administrator's PIN has 6 digits."))
            return
        if not self._setup_pin:
            self._setup_pin = pin
            self.clear_message()
            self.retranslate()
            return
        if pin != self._setup_pin:
            self._setup_pin = ""
            self.show_message(lambda: self.tr("The two PINs were different. Choose a PIN again."))
            self.retranslate()
            return
        self._setup_pin = ""
        self.ctx.tasks.db(
            lambda s: StaffDirectory(s).create(name, pin, is_admin=True),
            self._created,
            self._error,
        )

    def _created(self, member: StaffMember) -> None:
        self.name_field.clear()
        self.ctx.sign_in(member)

    # ---- words --------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        if self._first_run:
            self.set_texts(
                self.tr("Set up the kiosk"),
                self.tr("Create the first administrator: type your name, then choose a PIN."),
                "",
                None,
            )
            self.pin_prompt.setText(
                self.tr("Type the same PIN again, then OK.")
                if self._setup_pin
                else self.tr("Choose a PIN of 6 digits, then OK.")
            )
        else:
            self.set_texts(
                self.tr("Staff sign-in"),
                self.tr("Tap your name, then type your PIN."),
                "",
                None,
            )
            self.pin_prompt.setText(
                self.tr("PIN for %1:").replace("%1", self._selected.display_name)
                if self._selected
                else self.tr("Your PIN:")
            )
        self.name_label.setText(self.tr("Your name"))
        name_field(self.name_field, self.name_label, self.name_label.text())
