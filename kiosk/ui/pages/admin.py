"""Behind the admin PIN: the staff list (add, new PIN, remove) and the admin menu, whose other
entries come from kiosk.app.admin_entries (dashboard, dead letters, ... added by features).

Every visit starts locked: an administrator taps their name and types their PIN again
(step-up), even when they signed in a minute ago; the grant from kiosk.staff lasts for this
visit only and is dropped on leaving or at the idle wipe. Staff actions hand the grant to
kiosk.staff, which refuses them without one: this page does not decide who may do what."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
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

from kiosk.enrollment import parse_iso
from kiosk.staff import (
    PinCheck,
    StaffDirectory,
    StaffError,
    StaffMember,
    check_pin_format,
    revoke_grant,
)
from kiosk.ui import i18n
from kiosk.ui.a11y import name_field
from kiosk.ui.keyboard import NameKeyboard, PinPad
from kiosk.ui.pages.sign_in import tidy_name
from kiosk.ui.plain import plain_label
from kiosk.ui.step_page import StepPage, button, label, wrap_label

if TYPE_CHECKING:
    from kiosk.ui.context import SessionContext


NAME_ROOM = 320  # px of a staff row's name before it wraps


class AdminPage(StepPage):
    def __init__(self, ctx: SessionContext) -> None:
        super().__init__(ctx.switcher, patient_facing=False, declinable=False, staff_panel=False)
        self.setObjectName("adminPage")
        self.ctx = ctx
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
        # mode 3: locked - an administrator's name and PIN (step-up)
        unlock = QWidget(objectName="adminUnlock")
        unlock_layout = QHBoxLayout(unlock)
        unlock_layout.setContentsMargins(0, 0, 0, 0)
        self.unlock_grid = QGridLayout()
        self.unlock_grid.setSpacing(16)
        self.unlock_grid.setAlignment(Qt.AlignmentFlag.AlignVCenter)
        unlock_layout.addLayout(self.unlock_grid, 1)
        unlock_right = QVBoxLayout()
        self.unlock_prompt = label("pinPrompt")
        self.unlock_pad = PinPad()
        self.unlock_pad.setFixedWidth(360)
        self.unlock_pad.submit.connect(self._unlock)
        unlock_right.addStretch(1)
        unlock_right.addWidget(self.unlock_prompt)
        unlock_right.addWidget(self.unlock_pad)
        unlock_right.addStretch(1)
        unlock_layout.addLayout(unlock_right)
        self.modes.addWidget(unlock)
        self._admins: list[StaffMember] = []
        self._unlock_buttons: dict[str, QPushButton] = {}
        self._unlocking: StaffMember | None = None
        self._visit = 0  # bumped on leave/wipe: a late PIN answer never unlocks a new visit
        # mode 4: "Quit kiosk" - the unlocking administrator types their PIN again
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
        ctx.switcher.register(self)
        self.retranslate()

    # ---- lifecycle ----------------------------------------------------------------------
    def enter(self, enrollment: object) -> None:
        super().enter(enrollment)
        if self.ctx.admin_grant is None:
            self._lock()
            return
        self.modes.setCurrentIndex(0)
        self.quit_button.setVisible(self.ctx.quit_kiosk is not None)
        self._load()
        self._build_entries()
        self.retranslate()

    def leave(self) -> None:
        """One visit, one grant: leaving the admin menu locks it again."""
        super().leave()
        self._drop_grant()

    # ---- step-up ------------------------------------------------------------------------
    def _drop_grant(self) -> None:
        self._visit += 1
        revoke_grant(self.ctx.admin_grant)
        self.ctx.admin_grant = None
        self.unlock_pad.clear()
        for page in self._entry_pages:  # hosted pages may show patient names: gone
            self.entry_host.removeWidget(page)
            page.deleteLater()
        self._entry_pages.clear()

    def _lock(self) -> None:
        self.modes.setCurrentIndex(3)
        self.unlock_pad.clear()
        self._unlocking = None
        self.ctx.tasks.db(
            lambda s: [m for m in StaffDirectory(s).members() if m.is_admin],
            self._admins_loaded,
        )
        self.retranslate()

    def _admins_loaded(self, admins: list[StaffMember]) -> None:
        self._admins = admins
        while self.unlock_grid.count():
            item = self.unlock_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self._unlock_buttons = {}
        for index, member in enumerate(admins):
            b = button(f"unlockAdmin-{member.id}")
            b.setCheckable(True)
            b.setProperty("staffName", True)
            b.setText(member.display_name)
            b.clicked.connect(lambda _=False, m=member: self._choose_admin(m))
            self.unlock_grid.addWidget(b, index // 2, index % 2)
            self._unlock_buttons[member.id] = b
        signed_in = self.ctx.staff
        preselect = next((m for m in admins if signed_in and m.id == signed_in.id), None)
        if preselect is None and len(admins) == 1:
            preselect = admins[0]
        if preselect is not None:
            self._choose_admin(preselect)
        self.retranslate()

    def _choose_admin(self, member: StaffMember) -> None:
        self._unlocking = member
        for staff_id, b in self._unlock_buttons.items():
            b.setChecked(staff_id == member.id)
        self.unlock_pad.clear()
        self.clear_message()
        self.retranslate()

    def _unlock(self) -> None:
        pin = self.unlock_pad.pin()
        self.unlock_pad.clear()
        if self._unlocking is None:
            self.show_message(lambda: self.tr("First tap your name."))
            return
        if check_pin_format(pin):
            self.show_message(lambda: self.tr("A PIN has 4 to 6 digits."))
            return
        staff_id, visit = self._unlocking.id, self._visit
        self.ctx.tasks.db(
            lambda s: StaffDirectory(s).step_up(staff_id, pin),
            lambda check: self._unlocked(check, visit),
            self._failed,
        )

    def _unlocked(self, check: PinCheck, visit: int) -> None:
        if visit != self._visit or not self.ctx.is_showing(self):
            return  # the screen was left or wiped while the PIN was checked
        if check.ok and check.grant is not None:
            self.ctx.admin_grant = check.grant
            self.clear_message()
            self.modes.setCurrentIndex(0)
            self._load()
            self._build_entries()
            self.retranslate()
            if check.new_pin_needed and check.member is not None:
                # An administrator PIN from an older version (4-5 digits): a new one now.
                self._edit(check.member)
                self.show_message(
                    lambda: self.tr("Administrator PINs now have 6 digits. Choose a new one.")
                )
        elif check.locked_until:
            local = parse_iso(check.locked_until).astimezone()
            self.show_message(
                lambda: self.tr("Too many wrong PINs. Try again after %1.").replace(
                    "%1", local.strftime("%H:%M:%S")
                )
            )
        else:
            left = check.attempts_left
            self.show_message(
                lambda: self.tr(
                    "That PIN is not right. Tries left before a one-minute lock: %1."
                ).replace("%1", str(left))
            )

    def _load(self) -> None:
        self.ctx.tasks.db(lambda s: StaffDirectory(s).members(), self._loaded)

    def _loaded(self, members: list[StaffMember]) -> None:
        self._members = members
        while self.staff_grid.count():
            item = self.staff_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self._row_widgets: list[tuple[StaffMember, QLabel, QPushButton, QPushButton]] = []
        for row, member in enumerate(members):
            name = plain_label(objectName="staffName")
            name.setWordWrap(True)
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
        for index, (title_fn, factory) in enumerate(self.ctx.admin_entries()):
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
        self.modes.setCurrentIndex(4)
        self.retranslate()

    def _check_quit_pin(self) -> None:
        """The PIN of the administrator who unlocked this visit, checked like a sign-in
        (StaffDirectory.verify: scrypt, lockout); the audit log records the quit."""
        pin = self.quit_pin_pad.pin()
        self.quit_pin_pad.clear()
        grant = self.ctx.admin_grant  # the administrator who unlocked this visit
        if grant is None or check_pin_format(pin):
            self.show_message(lambda: self.tr("Wrong PIN."))
            return
        self.ctx.tasks.db(
            lambda s: StaffDirectory(s).verify(grant.staff_id, pin, action="staff.quit-kiosk"),
            self._quit_checked,
            self._failed,
        )

    def _quit_checked(self, check: Any) -> None:
        if check.ok and check.member is not None and check.member.is_admin:
            quit_kiosk = self.ctx.quit_kiosk
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
        if check_pin_format(pin, admin=self._editing_admin()):
            self.show_message(
                (lambda: self.tr("An administrator's PIN has 6 digits."))
                if self._editing_admin()
                else (lambda: self.tr("A PIN has 4 to 6 digits."))
            )
            return
        grant = self.ctx.admin_grant
        if self._editing is None:
            name = tidy_name(self.name_field.text())
            if not name:
                self.show_message(lambda: self.tr("Type the staff member's name first."))
                return
            admin = self.admin_toggle.isChecked()
            work = lambda s: StaffDirectory(s).create(name, pin, admin, grant)  # noqa: E731
        else:
            staff_id = self._editing.id
            work = lambda s: StaffDirectory(s).set_pin(staff_id, pin, grant)  # noqa: E731
        self.ctx.tasks.db(work, lambda _: self._saved(), self._failed)

    def _editing_admin(self) -> bool:
        if self._editing is None:
            return self.admin_toggle.isChecked()
        return self._editing.is_admin

    def _saved(self) -> None:
        self.name_field.clear()
        self.modes.setCurrentIndex(0)
        self.show_message(lambda: self.tr("Saved."), "ok")
        self._load()

    def _remove(self, member: StaffMember) -> None:
        if self.ctx.staff and member.id == self.ctx.staff.id:
            self.show_message(lambda: self.tr("You cannot remove yourself while signed in."))
            return
        grant = self.ctx.admin_grant
        self.ctx.tasks.db(
            lambda s: StaffDirectory(s).deactivate(member.id, grant),
            lambda _: self._load(),
            self._failed,
        )

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, StaffError):
            detail = i18n.reason(exc)
            self.show_message(lambda: i18n.shown(detail))
        else:
            self.show_message(lambda: self.tr("That did not work. Please try again."))

    # ---- navigation ---------------------------------------------------------------------
    def _back(self) -> None:
        if self.modes.currentIndex() not in (0, 3):
            self.modes.setCurrentIndex(0)
            self.clear_message()
            self.retranslate()
        else:
            self._done()

    def _done(self) -> None:
        self.ctx.show_start()

    def reset(self) -> None:
        super().reset()
        self._drop_grant()
        self.name_field.clear()
        self.pin_pad.clear()
        self.modes.setCurrentIndex(3)

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
                self.tr("Admin menu"),
                self.tr("An administrator taps their name and types their PIN."),
            )
        elif mode == 4:
            title, hint = (
                self.tr("Quit kiosk"),
                self.tr("Type your administrator PIN, then tap OK, to close the kiosk."),
            )
        else:
            title, hint = self.tr("Admin menu"), ""
        self.set_texts(title, hint, "", None)  # Back (top left) returns to the start screen
        self.unlock_prompt.setText(
            self.tr("PIN for %1:").replace("%1", self._unlocking.display_name)
            if self._unlocking
            else self.tr("Your PIN:")
        )
        self.staff_heading.setText(self.tr("Staff who can sign in"))
        self.entries_heading.setText(self.tr("More"))
        self.add_button.setText(self.tr("Add a staff member"))
        self.quit_button.setText(self.tr("Quit kiosk"))
        # Only in kiosk mode, and only once an administrator unlocked this visit.
        self.quit_button.setVisible(
            self.ctx.quit_kiosk is not None and self.ctx.admin_grant is not None
        )
        self.name_label.setText(self.tr("Name"))
        name_field(self.name_field, self.name_label, self.name_label.text())
        self.pin_label.setText(
            self.tr("PIN (6 digits)") if self._editing_admin() else self.tr("PIN (4 to 6 digits)")
        )
        self.admin_toggle.setText(
            wrap_label(
                self.admin_toggle,
                self.tr("Administrator: yes")
                if self.admin_toggle.isChecked()
                else self.tr("Administrator: no"),
                self.pin_pad.width() - 48,  # the button under the PIN pad, less its padding
            )
        )
        for member, name, pin, remove in getattr(self, "_row_widgets", []):
            name.setText(
                self.tr("%1 (administrator)").replace("%1", member.display_name)
                if member.is_admin
                else member.display_name
            )
            # The name keeps one line up to NAME_ROOM; beyond that (a long name, a longer
            # language) it wraps and the row's buttons keep their size.
            one_line = (
                name.fontMetrics()
                .boundingRect(0, 0, 10_000, 1_000, Qt.AlignmentFlag.AlignLeft, name.text())
                .width()
            )
            name.setMinimumWidth(min(one_line, NAME_ROOM))
            pin.setText(self.tr("New PIN"))
            remove.setText(self.tr("Remove"))
        for title_fn, b in getattr(self, "_entries", []):
            b.setText(title_fn())
