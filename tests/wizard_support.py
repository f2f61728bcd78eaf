"""Driving the wizard as a receptionist does: real kiosk, real clicks, a tap counter."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.app import build_kiosk
from kiosk.config import Config
from kiosk.enrollment import StepId
from kiosk.staff import StaffDirectory, StaffMember
from kiosk.store import Store

ADMIN_PIN = "246802"  # administrators have 6-digit PINs
# The checklist steps whose screens the walkers below drive tap by tap.
SCRIPTED_STEPS = frozenset(StepId)


@dataclass
class Receptionist:
    """Clicks buttons by objectName on the current page and counts every tap and keystroke."""

    qtbot: object
    kiosk: object
    taps: int = 0
    keystrokes: int = 0
    log: list[str] = field(default_factory=list)

    @property
    def wizard(self):
        return self.kiosk.wizard

    def page(self) -> QWidget:
        return self.wizard.current_page()

    def find(self, name: str, within: QWidget | None = None) -> QPushButton:
        root = within or self.page()
        matches = [b for b in root.findChildren(QPushButton, name) if b.isVisible()]
        assert matches, f"no visible button {name!r} on {root.objectName()}"
        return matches[0]

    def find_all_visible(self, name: str, within: QWidget | None = None) -> list[QPushButton]:
        root = within or self.page()
        return [b for b in root.findChildren(QPushButton, name) if b.isVisible()]

    def tap(self, name: str, within: QWidget | None = None) -> None:
        root = within or self.page()
        if not any(b.isVisible() for b in root.findChildren(QPushButton, name)):
            self.settle()  # choices read in the background (help slots, suggestions)
        button = self.find(name, within)
        assert button.isEnabled(), f"{name} is disabled"
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        self.taps += 1
        self.log.append(name)

    def tap_row(self, table, row: int) -> None:  # noqa: ANN001 - a kiosk.ui.schedule_list.VisitTable
        """Tap a row of a list (today's schedule): one tap."""
        rect = table.row_rect(row)
        self.qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        self.taps += 1
        self.log.append(f"{table.objectName()}[{row}]")

    def tap_field(self, field: QWidget) -> None:
        self.qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
        self.taps += 1
        self.log.append(field.objectName())

    def type_on_screen(self, text: str, within: QWidget | None = None) -> None:
        """Type on the on-screen keyboard: one tap per key."""
        from kiosk.ui.keyboard import key_object_name

        for char in text:
            self.tap(key_object_name(char), within)

    def leave_page(self, name: str) -> None:
        """Next on a page that moves on by itself after a short confirmation (invitation
        sent, card printed): tap it only while the page is still there."""
        if self.page().objectName() == name:
            self.tap("primaryButton")

    def settle(self) -> None:
        self.qtbot.waitUntil(lambda: not self.kiosk.tasks.busy, timeout=10_000)
        self.qtbot.wait(20)

    def wait_page(self, name: str) -> None:
        """Wait for the page `name`. The walkers script the built-in checklist steps; a step
        page of any other checklist step met on the way (one added to kiosk.enrollment's
        CHECKLIST) is passed with one tap on its primary action, so every walk follows the
        checklist as declared."""
        passed: list[QWidget] = []

        def arrived() -> bool:
            page = self.page()
            if page.objectName() == name:
                return True
            step = getattr(page, "step_id", None)
            if step is not None and step not in SCRIPTED_STEPS and page not in passed:
                if page.primary.isVisible() and page.primary.isEnabled():
                    passed.append(page)
                    self.tap("primaryButton")
            return False

        self.qtbot.waitUntil(arrived, timeout=10_000)

    def enter_patient(self, given: str, family: str, birth_digits: str) -> None:
        """Start -> type the patient by hand on the on-screen keys -> the contact step."""
        self.tap("startButton")
        find = self.page()
        self.type_on_screen(given)
        self.tap_field(find.family)
        self.type_on_screen(family)
        self.tap_field(find.birth)
        self.type_on_screen(birth_digits)
        self.tap("primaryButton")
        self.wait_page("contactPage")

    def invite_by_email(self, local_part: str) -> None:
        """Contact step -> type `local_part` + the @gmail.com key -> send the invitation ->
        wait until it is queued -> the first-login step."""
        self.type_on_screen(local_part)
        self.tap("key_gmail")
        self.tap("primaryButton")
        self.wait_page("invitationPage")
        self.tap("primaryButton")
        self.qtbot.waitUntil(lambda: "Queued" in self.page().state_label.text(), timeout=10_000)
        self.leave_page("invitationPage")
        self.wait_page("firstLoginPage")


def make_kiosk(kiosk_dirs, qtbot, config: Config | None = None):
    kiosk = build_kiosk(kiosk_dirs, config or Config.defaults())
    kiosk.window.resize(1280, 800)
    kiosk.window.show()
    qtbot.waitExposed(kiosk.window)
    return kiosk


def add_staff(database, name: str = "Ana Ruiz", pin: str = ADMIN_PIN) -> StaffMember:
    with Store(database) as store:
        directory = StaffDirectory(store)
        first = directory.members()
        grant = directory.step_up(first[0].id, ADMIN_PIN).grant if first else None
        return directory.create(name, pin, is_admin=not first, grant=grant)


def sign_in(r: Receptionist, member: StaffMember, pin: str = ADMIN_PIN) -> None:
    r.wizard.go(r.wizard.sign_in_page)
    r.settle()
    name = f"staffButton-{member.id}"

    def listed() -> bool:
        return any(b.isVisible() for b in r.page().findChildren(QPushButton, name))

    if not listed():  # the list loaded before add_staff committed: show the page again
        r.wizard.go(r.wizard.sign_in_page)
        r.qtbot.waitUntil(listed, timeout=5_000)
    r.tap(name)
    for digit in pin:
        r.tap(f"key_{digit}")
    r.tap("key_submit")
    r.wait_page("startScreen")


def unlock_admin(r: Receptionist, admin: StaffMember, pin: str = ADMIN_PIN) -> None:
    """On the locked admin page: tap the administrator's name, type their PIN (step-up)."""
    r.wait_page("adminPage")
    name = f"unlockAdmin-{admin.id}"
    r.qtbot.waitUntil(
        lambda: any(b.isVisible() for b in r.page().findChildren(QPushButton, name)),
        timeout=5_000,
    )
    r.tap(name)
    for digit in pin:
        r.tap(f"key_{digit}")
    r.tap("key_submit")
    r.qtbot.waitUntil(lambda: r.wizard.admin_grant is not None, timeout=10_000)
    r.settle()


def walk_every_screen(r: Receptionist, visit) -> list[str]:
    """Tap through every screen and state of the wizard, calling visit(name) on each.
    Starts on the first-run sign-in screen of an empty database."""
    from kiosk.enrollment import DeclineReason

    names: list[str] = []

    def at(name: str) -> None:
        r.settle()
        names.append(name)
        visit(name)

    wizard = r.wizard
    r.settle()
    at("sign-in-first-run")
    member = add_staff(r.kiosk.paths.database)
    add_staff(r.kiosk.paths.database, "Ben Cole", "1357")
    wizard.go(wizard.sign_in_page)
    r.settle()
    # The staff list is read on a worker thread: on a busy machine it may come later.
    staff_button = f"staffButton-{member.id}"
    r.qtbot.waitUntil(
        lambda: any(b.isVisible() for b in r.page().findChildren(QPushButton, staff_button)),
        timeout=10_000,
    )
    r.tap(staff_button)
    at("sign-in")
    for digit in ADMIN_PIN:
        r.tap(f"key_{digit}")
    r.tap("key_submit")
    r.wait_page("startScreen")
    at("start")
    r.tap("adminButton")
    at("admin-locked")
    unlock_admin(r, member)
    at("admin-menu")
    r.tap("addStaffButton")
    at("admin-add-staff")
    r.tap("backButton")
    r.tap("backButton")
    r.wait_page("startScreen")
    r.tap("startButton")
    find = r.page()
    r.type_on_screen("maria")
    r.tap("primaryButton")
    at("find-patient-errors")
    r.tap_field(find.family)
    r.type_on_screen("lopez")
    r.tap_field(find.birth)
    r.type_on_screen("03141985")
    at("find-patient")
    r.tap("primaryButton")
    r.wait_page("contactPage")
    contact = r.page()
    r.type_on_screen("maria.lopez@gmial")
    at("contact-typing")
    r.type_on_screen(".com")
    at("contact-suggestion")
    r.tap("suggestionButton")
    r.tap_field(contact.mobile)
    r.type_on_screen("555")
    r.tap("primaryButton")
    at("contact-bad-mobile")
    r.tap("key_clear", contact)
    r.tap("primaryButton")
    r.wait_page("invitationPage")
    at("invitation")
    r.tap("primaryButton")
    at("invitation-queued")
    r.leave_page("invitationPage")
    r.wait_page("firstLoginPage")
    at("first-login-no-portal-api")
    r.tap("confirmManuallyButton")
    at("first-login-confirm")
    r.tap("confirmSeenButton")
    r.wait_page("featureDemoPage")
    at("feature-demo")
    r.tap("demo-scheduling")
    at("feature-demo-scheduling")
    r.tap("demo-messaging")
    r.tap("primaryButton")
    r.wait_page("appInstallPage")
    at("app-install")
    r.tap("primaryButton")
    r.wait_page("confirmAccessPage")
    at("confirm-access")
    r.tap("skipButton")
    at("skip-reasons")
    r.tap("skipCancel")
    r.tap("primaryButton")
    r.wait_page("referenceCardPage")
    at("reference-card")
    r.tap("primaryButton")
    card = r.page()
    r.qtbot.waitUntil(lambda: card.failed, timeout=15_000)  # no printer in tests by default
    at("reference-card-not-printed")
    r.leave_page("referenceCardPage")
    r.wait_page("finishPage")
    at("finish-card-not-printed")
    r.tap("primaryButton")
    r.wait_page("donePage")
    at("done")
    r.tap("primaryButton")
    r.wait_page("startScreen")
    # Decline path and each remedy screen.
    r.enter_patient("jose", "diaz", "07041950")
    r.tap("noEmailButton")
    at("contact-sms")
    r.tap("declineButton")
    at("decline-reasons")
    for reason in (
        DeclineReason.NO_EMAIL,
        DeclineReason.NOT_COMFORTABLE_WITH_COMPUTERS,
        DeclineReason.PRIVACY,
        DeclineReason.NO_BENEFIT,
        DeclineReason.OTHER,
    ):
        r.tap(f"declineReason-{reason.value}")
        at(f"decline-{reason.value}")
        r.tap("backButton")
    r.tap(f"declineReason-{DeclineReason.NO_BENEFIT.value}")
    r.tap("recordDeclineButton")  # staff record it; the primary is "Let's try it after all"
    r.wait_page("donePage")
    at("done-declined")
    r.tap("primaryButton")
    r.wait_page("startScreen")
    # A first login that did not work, its help session, and an access check needing help.
    r.enter_patient("guadalupe", "hernandez-villalobos", "07041950")
    r.type_on_screen("guadalupe.hernandez-villalobos7@sbcglobal.net")
    at("contact-long-email")
    r.tap("primaryButton")
    r.wait_page("invitationPage")
    r.tap("primaryButton")
    r.settle()
    r.leave_page("invitationPage")
    r.wait_page("firstLoginPage")
    r.tap("couldNotLogInButton")
    at("first-login-could-not-log-in")
    r.tap("helpSlot-0", r.page().help_offer)
    at("first-login-help-booked")
    r.tap("primaryButton")
    r.wait_page("featureDemoPage")
    r.tap("primaryButton")
    r.wait_page("appInstallPage")
    r.tap("primaryButton")
    r.wait_page("confirmAccessPage")
    r.tap("needsHelpButton")
    at("confirm-access-needs-help")
    r.tap("primaryButton")
    r.wait_page("referenceCardPage")
    r.tap("skipButton")
    r.tap("skipReason-short-on-time")
    r.wait_page("finishPage")
    at("finish-with-failed-steps")
    r.tap("primaryButton")
    r.wait_page("donePage")
    r.tap("primaryButton")
    r.wait_page("startScreen")
    # Families: a child's parent or guardian (who, then how, with the SMS consent words),
    # a teen's assent, and adding a parent after the teen's own enrollment.
    from datetime import date

    year = date.today().year
    r.tap("startButton")
    find = r.page()
    r.type_on_screen("sofia")
    r.tap_field(find.family)
    r.type_on_screen("lopez")
    r.tap_field(find.birth)
    r.type_on_screen(f"0115{year - 8}")
    r.tap("primaryButton")
    r.wait_page("guardianPage")
    guardian = r.page()
    r.type_on_screen("maria")
    r.tap_field(guardian.family)
    r.type_on_screen("lopez")
    r.tap("relationship-STPPRN")
    at("child-guardian-who")
    r.tap("primaryButton")
    r.tap("channelSms")
    r.tap_field(guardian.mobile)
    r.type_on_screen("2135550123")
    r.tap("proxySmsConsent")
    at("child-guardian-sms-consent")
    r.tap("backButton")
    r.tap("backButton")
    r.wait_page("findPatientPage")
    r.tap_field(find.birth)
    r.tap("key_clear", find)
    r.type_on_screen(f"0115{year - 15}")
    r.tap("primaryButton")
    r.wait_page("teenAssentPage")
    at("teen-assent")
    r.tap("primaryButton")
    r.wait_page("contactPage")
    r.type_on_screen("tomas")
    r.tap("key_gmail")
    r.tap("primaryButton")
    r.wait_page("invitationPage")
    r.tap("primaryButton")  # send (any language: wait on the record, not the words)
    r.qtbot.waitUntil(lambda: r.page().sent, timeout=10_000)
    r.settle()
    r.wizard.finish()
    r.wait_page("donePage")
    at("teen-done")
    r.tap("addProxyButton")
    r.wait_page("addProxyPage")
    add = r.page()
    r.type_on_screen("elena")
    r.tap_field(add.family)
    r.type_on_screen("vega")
    r.tap("relationship-GRPRN")
    r.tap("primaryButton")
    at("teen-add-parent")
    r.wizard.next_patient()
    r.wait_page("startScreen")
    # Idle countdown overlay over a patient screen.
    r.tap("startButton")
    idle = r.kiosk.idle
    idle.overlay.show_countdown(15)
    at("idle-countdown")
    r.tap("stillHereButton", idle.overlay)
    return names
