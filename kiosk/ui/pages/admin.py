"""Behind the admin PIN: the staff list (add, new PIN, remove) and the admin menu, whose other
entries come from kiosk.app.admin_entries (dashboard, dead letters, ... added by features)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.staff import StaffDirectory, StaffError, StaffMember, check_pin_format
from kiosk.ui.keyboard import NameKeyboard, PinPad
from kiosk.ui.pages.sign_in import tidy_name
from kiosk.ui.step_page import StepPage, button, label

if TYPE_CHECKING:
    from kiosk.ui.wizard import Wizard


class AdminPage(StepPage):
    def __init__(self, wizard: Wizard) -> None:
        super().__init__(wizard.switcher, patient_facing=False, declinable=False, staff_panel=False)
        self.setObjectName("adminPage")
        self.wizard = wizard
        self._members: list[StaffMember] = []
        self._editing: StaffMember | None = None  # None while adding someone new
        self._make_admin = False
        self._entry_pages: list[QWidget] = []

        self.modes = QStackedWidget()
        # mode 0: menu + staff list
        menu = QWidget()
        menu_layout = QHBoxLayout(menu)
        menu_layout.setContentsMargins(0, 0, 0, 0)
        staff_column = QVBoxLayout()
        self.staff_heading = label("sectionHeading")
        self.staff_grid = QGridLayout()
        self.staff_grid.setSpacing(8)
        self.add_button = button("addStaffButton")
        self.add_button.clicked.connect(lambda: self._edit(None))
        staff_column.addWidget(self.staff_heading)
        staff_column.addLayout(self.staff_grid)
        staff_column.addWidget(self.add_button)
        staff_column.addStretch(1)
        menu_layout.addLayout(staff_column, 3)
        self.entries_column = QVBoxLayout()
        self.entries_heading = label("sectionHeading")
        self.entries_column.addWidget(self.entries_heading)
        self.entries_box = QVBoxLayout()
        self.entries_column.addLayout(self.entries_box)
        self.entries_column.addStretch(1)
        # Kiosk mode only: the one way out of the locked session, after the admin's PIN.
        self.quit_button = button("quitKioskButton")
        self.quit_button.clicked.connect(self._ask_quit_pin)
        self.entries_column.addWidget(self.quit_button)
        menu_layout.addLayout(self.entries_column, 2)
        self.modes.addWidget(menu)
        # mode 1: add a person / set a new PIN
        editor = QWidget()
        editor_layout = QHBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        self.name_label = label("fieldLabel")
        self.name_field = QLineEdit(objectName="staffNameField")
        self.name_field.setMaxLength(60)
        self.keyboard = NameKeyboard(done_text=None)  # the PIN pad beside it is next
        self.keyboard.attach(self.name_field)
        self.admin_toggle = button("adminToggle")
        self.admin_toggle.setCheckable(True)
        self.admin_toggle.toggled.connect(lambda _: self.retranslate())
        left.addWidget(self.name_label)
        left.addWidget(self.name_field)
        left.addWidget(self.keyboard, 1)
        editor_layout.addLayout(left, 1)
        right = QVBoxLayout()
        self.pin_label = label("fieldLabel")
        self.pin_pad = PinPad()
        self.pin_pad.setFixedWidth(320)
        self.pin_pad.submit.connect(self._save)
        right.addWidget(self.pin_label)
        right.addWidget(self.pin_pad)
        right.addWidget(self.admin_toggle)
        right.addStretch(1)
        editor_layout.addLayout(right)
        self.modes.addWidget(editor)
        # mode 2: a page from admin_entries, hosted here with our Back
        self.entry_host = QStackedWidget()
        self.modes.addWidget(self.entry_host)
        # mode 3: "Quit kiosk" - the signed-in admin types their PIN again
        self.quit_pin_pad = PinPad()
        self.quit_pin_pad.setObjectName("quitPinPad")
        self.quit_pin_pad.setFixedWidth(320)
        self.quit_pin_pad.submit.connect(self._check_quit_pin)
        quit_page = QWidget()
        quit_layout = QHBoxLayout(quit_page)
        quit_layout.addWidget(self.quit_pin_pad)
        quit_layout.addStretch(1)
        self.modes.addWidget(quit_page)
        self.content.addWidget(self.modes, 1)

        self.back_clicked.connect(self._back)
        self.primary_clicked.connect(self._done)
        wizard.switcher.register(self)
        self.retranslate()

    # ---- lifecycle ----------------------------------------------------------------------
    def enter(self, enrollment: object) -> None:
        super().enter(enrollment)
        self.modes.setCurrentIndex(0)
        self.quit_button.setVisible(self.wizard.quit_kiosk is not None)
        self._load()
        self._build_entries()
        self.retranslate()

    def _load(self) -> None:
        self.wizard.tasks.db(lambda s: StaffDirectory(s).members(), self._loaded)

    def _loaded(self, members: list[StaffMember]) -> None:
        self._members = members
        while self.staff_grid.count():
            item = self.staff_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self._row_widgets: list[tuple[StaffMember, QLabel, QPushButton, QPushButton]] = []
        for row, member in enumerate(members):
            name = QLabel(objectName="staffName")
            pin = button(f"resetPin-{member.id}")
            pin.clicked.connect(lambda _=False, m=member: self._edit(m))
            remove = button(f"removeStaff-{member.id}")
            remove.clicked.connect(lambda _=False, m=member: self._remove(m))
            self.staff_grid.addWidget(name, row, 0)
            self.staff_grid.addWidget(pin, row, 1)
            self.staff_grid.addWidget(remove, row, 2)
            self._row_widgets.append((member, name, pin, remove))
        self.retranslate()

    def _build_entries(self) -> None:
        while self.entries_box.count():
            item = self.entries_box.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self._entries: list[tuple[Any, QPushButton]] = []
        for index, (title_fn, factory) in enumerate(self.wizard.admin_entries()):
            b = button(f"adminEntry-{index}")
            b.clicked.connect(lambda _=False, f=factory: self._open_entry(f))
            self.entries_box.addWidget(b)
            self._entries.append((title_fn, b))

    def _open_entry(self, factory: Any) -> None:
        page = factory()
        self.entry_host.addWidget(page)
        self.entry_host.setCurrentWidget(page)
        self._entry_pages.append(page)
        self.modes.setCurrentIndex(2)
        self.retranslate()

    # ---- quit (kiosk mode) ---------------------------------------------------------------
    def _ask_quit_pin(self) -> None:
        self.quit_pin_pad.clear()
        self.clear_message()
        self.modes.setCurrentIndex(3)
        self.retranslate()

    def _check_quit_pin(self) -> None:
        """The same PIN check as sign-in (StaffDirectory.verify: scrypt, lockout)."""
        pin = self.quit_pin_pad.pin()
        self.quit_pin_pad.clear()
        staff = self.wizard.staff
        if staff is None or not staff.is_admin or check_pin_format(pin):
            self.show_message(lambda: self.tr("Wrong PIN."))
            return
        self.wizard.tasks.db(
            lambda s: StaffDirectory(s).verify(staff.id, pin), self._quit_checked, self._failed
        )

    def _quit_checked(self, check: Any) -> None:
        if check.ok and check.member is not None and check.member.is_admin:
            quit_kiosk = self.wizard.quit_kiosk
            if quit_kiosk is not None:
                quit_kiosk()
            return
        self.show_message(lambda: self.tr("Wrong PIN."))

    # ---- staff edits ----------------------------------------------------------------------
    def _edit(self, member: StaffMember | None) -> None:
        self._editing = member
        self.name_field.setText(member.display_name if member else "")
        self.name_field.setReadOnly(member is not None)
        self.admin_toggle.setVisible(member is None)
        self.admin_toggle.setChecked(False)
        self.pin_pad.clear()
        self.clear_message()
        self.modes.setCurrentIndex(1)
        self.retranslate()

    def _save(self) -> None:
        pin = self.pin_pad.pin()
        self.pin_pad.clear()
        problem = check_pin_format(pin)
        if problem:
            self.show_message(lambda: self.tr("A PIN has 4 to 6 digits."))
            return
        actor = self.wizard.staff.id if self.wizard.staff else None
        if self._editing is None:
            name = tidy_name(self.name_field.text())
            if not name:
                self.show_message(lambda: self.tr("Type the staff member's name first."))
                return
            admin = self.admin_toggle.isChecked()
            work = lambda s: StaffDirectory(s).create(name, pin, admin, actor=actor)  # noqa: E731
        else:
            staff_id = self._editing.id
            work = lambda s: StaffDirectory(s).set_pin(staff_id, pin, actor)  # noqa: E731
        self.wizard.tasks.db(work, lambda _: self._saved(), self._failed)

    def _saved(self) -> None:
        self.name_field.clear()
        self.modes.setCurrentIndex(0)
        self.show_message(lambda: self.tr("Saved."), "ok")
        self._load()

    def _remove(self, member: StaffMember) -> None:
        if self.wizard.staff and member.id == self.wizard.staff.id:
            self.show_message(lambda: self.tr("You cannot remove yourself while signed in."))
            return
        actor = self.wizard.staff.id if self.wizard.staff else ""
        self.wizard.tasks.db(
            lambda s: StaffDirectory(s).deactivate(member.id, actor),
            lambda _: self._load(),
            self._failed,
        )

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, StaffError):
            self.show_message(str(exc))
        else:
            self.show_message(lambda: self.tr("That did not work. Please try again."))

    # ---- navigation ---------------------------------------------------------------------
    def _back(self) -> None:
        if self.modes.currentIndex() != 0:
            self.modes.setCurrentIndex(0)
            self.clear_message()
            self.retranslate()
        else:
            self._done()

    def _done(self) -> None:
        self.wizard.go(self.wizard.start_page)

    def reset(self) -> None:
        super().reset()
        self.name_field.clear()
        self.pin_pad.clear()
        self.modes.setCurrentIndex(0)

    # ---- words --------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        mode = self.modes.currentIndex()
        if mode == 1 and self._editing is None:
            title, hint = (
                self.tr("Add a staff member"),
                self.tr("Type their name and choose their PIN, then tap OK on the keypad."),
            )
        elif mode == 1:
            title, hint = (
                self.tr("New PIN"),
                self.tr("Type the new PIN, then tap OK on the keypad."),
            )
        elif mode == 3:
            title, hint = (
                self.tr("Quit kiosk"),
                self.tr("Type your administrator PIN, then tap OK, to close the kiosk."),
            )
        else:
            title, hint = self.tr("Admin menu"), ""
        self.set_texts(title, hint, "", None)  # Back (top left) returns to the start screen
        self.staff_heading.setText(self.tr("Staff who can sign in"))
        self.entries_heading.setText(self.tr("More"))
        self.add_button.setText(self.tr("Add a staff member"))
        self.quit_button.setText(self.tr("Quit kiosk"))
        self.name_label.setText(self.tr("Name"))
        self.pin_label.setText(self.tr("PIN (4 to 6 digits)"))
        self.admin_toggle.setText(
            self.tr("Administrator: yes")
            if self.admin_toggle.isChecked()
            else self.tr("Administrator: no")
        )
        for member, name, pin, remove in getattr(self, "_row_widgets", []):
            name.setText(
                self.tr("%1 (administrator)").replace("%1", member.display_name)
                if member.is_admin
                else member.display_name
            )
            pin.setText(self.tr("New PIN"))
            remove.setText(self.tr("Remove"))
        for title_fn, b in getattr(self, "_entries", []):
            b.setText(title_fn())
