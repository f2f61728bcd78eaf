"""The enrollment flow: which screen comes next, and every transition saved on the DB thread.

The wizard owns the current `Enrollment` and a stack of pages (one module per screen in
kiosk/ui/pages/). A page never touches the database: it asks `apply()` for a domain transition;
the wizard computes the `Change`, hands it to the DB thread (TaskRunner.db -> Store.apply: the
record, step events and outbox items in one transaction) and, once saved, updates its copy
and moves on. A save still in flight when the screen is wiped (idle timeout) still lands; its
result is simply not shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk import family, languages
from kiosk.config import Config
from kiosk.enrollment import Change, Enrollment, Patient, StepId, TransitionError
from kiosk.family import AgePath, AgeTiers
from kiosk.ports import NoSchedule, PatientDirectory, PortalGateway, ScheduleSource, SmsStatus
from kiosk.schedule import ContactOnFile
from kiosk.staff import AdminGrant, StaffMember, revoke_grant
from kiosk.ui import i18n
from kiosk.ui.language import LanguageSwitcher
from kiosk.ui.step_page import StepPage
from kiosk.ui.step_registry import step_page_classes
from kiosk.ui.stepper import BEFORE, FINISH
from kiosk.ui.tasks import SessionTasks, TaskRunner
from kiosk.ui.text_size import TextSize

log = logging.getLogger(__name__)


class Wizard(QWidget):
    outbox_changed = Signal()  # a save wrote outbox items: the sync worker has work
    staff_changed = Signal(object)  # StaffMember or None
    patient_session_ended = Signal()
    # Set by the composition root in kiosk mode: the admin menu's "Quit kiosk" calls it.
    quit_kiosk: Callable[[], None] | None = None
    page_changed = Signal(object)  # the page now shown
    patient_progress = Signal()  # the portal saw the patient get on (status changed)

    def __init__(
        self,
        *,
        tasks: TaskRunner,
        config: Config,
        directory: PatientDirectory,
        portal: PortalGateway,
        switcher: LanguageSwitcher,
        output_dir: Path,
        admin_entries: Callable[[], list[tuple[Any, Any]]] = list,
        text_size: TextSize | None = None,
        schedule: ScheduleSource | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("wizard")
        self.runner = tasks
        # Pages' background work: results for a session wiped meanwhile are dropped there.
        self.tasks = SessionTasks(tasks)
        self.config = config
        self.directory = directory
        self.portal = portal
        # Today's schedule, contact on file, help slots (kiosk.sync.schedule_read or NoSchedule).
        self.schedule: ScheduleSource = schedule if schedule is not None else NoSchedule()
        self.switcher = switcher
        self.output_dir = output_dir
        self.admin_entries = admin_entries
        self.text_size = text_size or TextSize(self, parent=self)
        self.enrollment: Enrollment | None = None
        self.staff: StaffMember | None = None
        # Set by the admin page after an administrator's PIN (step-up); one admin visit only.
        self.admin_grant: AdminGrant | None = None
        # The portal's expiry of this visit's invitation, once its answer said (kiosk/expiry.py).
        self.invitation_expires_at: str | None = None
        self._saving = False
        self._return_page: StepPage | None = None
        # What the EHR holds for the patient being enrolled, from their schedule row; in
        # memory only, dropped by every wipe.
        self.on_file: ContactOnFile | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack)
        self._build_pages()
        switcher.changed.connect(self._language_changed)

    # ---- pages --------------------------------------------------------------------------
    # Pages other than sign-in are built right after the first frame (or on first use), so
    # the kiosk shows its sign-in screen without waiting for fourteen pages and their imports.
    _LAZY = frozenset(
        {
            "admin_page",
            "start_page",
            "find_page",
            "step_pages",
            "step_order",
            "finish_page",
            "done_page",
            "decline_page",
            "teen_page",
            "guardian_page",
            "add_proxy_page",
        }
    )

    def _build_pages(self) -> None:
        from kiosk.ui.pages.sign_in import SignInPage

        self._rest_built = False
        self.sign_in_page = SignInPage(self)
        self.stack.addWidget(self.sign_in_page)
        self.stack.setCurrentWidget(self.sign_in_page)
        # 100 ms: after the first frame is painted; a PIN takes a person seconds to type.
        # The timer is a child of the wizard, so it dies with it: a bare singleShot with a
        # bound method could fire after the wizard is destroyed and build pages on a dead
        # parent (a segfault seen in the test suite).
        self._build_timer = QTimer(self)
        self._build_timer.setSingleShot(True)
        self._build_timer.setInterval(100)
        self._build_timer.timeout.connect(self.ensure_pages)
        self._build_timer.start()

    def __getattr__(self, name: str) -> Any:
        # Only reached when normal lookup fails: a lazy page asked for before it was built.
        if name in Wizard._LAZY and not self.__dict__.get("_rest_built", True):
            self.ensure_pages()
            return getattr(self, name)
        raise AttributeError(name)

    def ensure_pages(self) -> None:
        if self._rest_built:
            return
        self._rest_built = True
        from kiosk.ui.pages.admin import AdminPage
        from kiosk.ui.pages.decline import DeclinePage
        from kiosk.ui.pages.family import ProxyPage, TeenAssentPage
        from kiosk.ui.pages.find_patient import FindPatientPage
        from kiosk.ui.pages.finish import DonePage, FinishPage
        from kiosk.ui.pages.start import StartScreen

        self.admin_page = AdminPage(self)
        self.start_page = StartScreen(self)
        self.find_page = FindPatientPage(self)
        # One page per walked checklist step, in checklist order (kiosk/ui/step_registry.py).
        self.step_pages: dict[str, StepPage] = {
            step: page_class(self) for step, page_class in step_page_classes().items()
        }
        self.step_order: tuple[str, ...] = tuple(self.step_pages)
        self.finish_page = FinishPage(self)
        self.done_page = DonePage(self)
        self.decline_page = DeclinePage(self)
        # Families (kiosk/family.py): a teen's assent before step 1; a child's step 1 is the
        # parent/guardian's details; after enrollment a teen's parent or an adult's caregiver.
        self.teen_page = TeenAssentPage(self)
        self.guardian_page = ProxyPage(self, mode="guardian")
        self.add_proxy_page = ProxyPage(self, mode="add")
        for page in (
            self.teen_page,
            self.guardian_page,
            self.add_proxy_page,
            self.admin_page,
            self.start_page,
            self.find_page,
            *self.step_pages.values(),
            self.finish_page,
            self.done_page,
            self.decline_page,
        ):
            self.stack.addWidget(page)
        for page in self.pages():
            if isinstance(page, StepPage):
                page.attach_text_size(self.text_size)
        for step in self.step_order:
            page = self.step_pages[step]
            page.back_clicked.connect(lambda s=step: self.back_from(s))
            page.skip_chosen.connect(lambda reason, s=step: self.skip(s, reason))
            page.decline_clicked.connect(lambda p=page: self.open_decline(p))
            page.retranslate()
        for page in (self.teen_page, self.guardian_page):
            page.decline_clicked.connect(lambda p=page: self.open_decline(p))
            page.retranslate()
        # The proxy pages handle Back themselves (their second part goes back to the first).
        self.teen_page.back_clicked.connect(lambda: self.go(self.find_page))
        self.find_page.decline_clicked.connect(lambda: self.open_decline(self.find_page))
        self.finish_page.back_clicked.connect(lambda: self.go(self.step_pages[self.step_order[-1]]))
        self.finish_page.decline_clicked.connect(lambda: self.open_decline(self.finish_page))

    def pages(self) -> list[QWidget]:
        return [w for i in range(self.stack.count()) if (w := self.stack.widget(i)) is not None]

    def current_page(self) -> QWidget:
        return self.stack.currentWidget() or self.sign_in_page

    def go(self, page: QWidget) -> None:
        current = self.current_page()
        if current is not page and hasattr(current, "leave"):
            current.leave()
        self._show_progress(page)
        self.stack.setCurrentWidget(page)
        if hasattr(page, "enter"):
            page.enter(self.enrollment)
        self.page_changed.emit(page)

    def _show_progress(self, page: QWidget) -> None:
        """The stepper of a patient screen: where this page sits in the checklist."""
        if not self._rest_built or not isinstance(page, StepPage):
            return
        steps: dict[QWidget, str] = {p: s for s, p in self.step_pages.items()}
        # Families: a teen's assent and a child's parent/guardian are step 1 on their path;
        # adding a parent or caregiver comes after the finish.
        steps[self.teen_page] = steps[self.guardian_page] = StepId.COLLECT_CONTACT
        if page is self.add_proxy_page:
            page.stepper.show_position(FINISH, self.enrollment)
            return
        position: str | None
        if page is self.decline_page:  # where the patient was when they declined
            source = self._return_page
            fallback = FINISH if source is self.finish_page else BEFORE
            position = steps.get(source, fallback) if source is not None else fallback
        elif page is self.finish_page:
            position = FINISH
        else:
            position = steps.get(page, BEFORE)
        page.stepper.show_position(position, self.enrollment)

    # ---- staff session ----------------------------------------------------------------------
    def sign_in(self, member: StaffMember) -> None:
        self.staff = member
        self.staff_changed.emit(member)
        self.go(self.start_page)

    def sign_out(self) -> None:
        self.wipe("signed-out")
        self.staff = None
        self.staff_changed.emit(None)
        self.go(self.sign_in_page)

    def open_admin(self) -> None:
        """Any signed-in staff member may call an administrator over: the admin page opens
        locked and asks for an administrator's PIN (kiosk.staff checks it)."""
        if self.staff:
            revoke_grant(self.admin_grant)
            self.admin_grant = None
            self.go(self.admin_page)

    # ---- patient session --------------------------------------------------------------------
    def begin_patient(self) -> None:
        """Start screen -> find the patient."""
        self.go(self.find_page)

    def start_patient(self, patient: Patient, on_file: ContactOnFile | None = None) -> None:
        """A patient was found or entered: open their enrollment and go to step 1. `on_file`:
        the email and mobile their schedule row brought from the EHR (None: typed by hand, or
        read by the contact step)."""
        if self.staff is None or self._saving:
            return
        self.on_file = on_file
        self._abandon_open("restarted")
        tiers = AgeTiers(self.config.family.proxy_only_under, self.config.family.adult_at)
        try:
            # The practice's local date decides the age (a birthday today counts today).
            change = family.start(
                self.staff.id,
                patient,
                languages.for_record(self.switcher.language),
                tiers,
                date.today(),
            )
        except TransitionError as exc:
            detail = i18n.reason(exc)
            self.find_page.show_message(lambda: i18n.shown(detail))
            return
        self.enrollment = None
        self._save(change, self.find_page, lambda e: self.go(self.page_for(self.step_order[0])))

    def apply(
        self,
        make: Callable[[Enrollment], Change],
        on_saved: Callable[[Enrollment], None] | None = None,
        page: Any = None,
    ) -> bool:
        """Compute a transition of the current enrollment and save it on the DB thread.
        Returns False (and shows why on `page`) when it cannot be done now."""
        page = page or self.current_page()
        if self.enrollment is None or self._saving:
            return False
        try:
            change = make(self.enrollment)
        except TransitionError as exc:
            # A domain message (kiosk/messages.py) is worded by the catalogue at each retranslate.
            detail = i18n.reason(exc)
            page.show_message(
                lambda: QCoreApplication.translate("Wizard", "This cannot be done yet: %1").replace(
                    "%1", i18n.shown(detail)
                )
            )
            return False
        self._save(change, page, on_saved)
        return True

    def _save(
        self,
        change: Change,
        page: Any,
        on_saved: Callable[[Enrollment], None] | None,
    ) -> None:
        self._saving = True
        if hasattr(page, "set_busy"):
            page.set_busy(True)

        def settled() -> None:  # also after a wipe: a save in flight still lands
            self._saving = False
            if hasattr(page, "set_busy"):
                page.set_busy(False)
            if change.outbox:
                self.outbox_changed.emit()  # the sync worker has work (a no-op if it failed)

        def saved(enrollment: Enrollment) -> None:
            self.enrollment = enrollment
            if enrollment.is_open and enrollment.language != languages.for_record(
                self.switcher.language
            ):
                self._record_language()
            if on_saved:
                on_saved(enrollment)

        def failed(exc: Exception) -> None:
            log.error("saving an enrollment change failed: %s", type(exc).__name__)
            page.show_message(
                lambda: QCoreApplication.translate(
                    "Wizard",
                    "This could not be saved. What you entered is still here; please try again.",
                )
            )

        self.tasks.db(lambda store: store.apply(change), saved, failed, always=settled)

    def advance(self) -> None:
        """Show the first step still to do, or the finish screen when none is left."""
        if self.enrollment is None:
            self.go(self.start_page)
            return
        step = self.enrollment.next_step()
        self.go(self.page_for(step) if step else self.finish_page)

    def page_for(self, step: str) -> StepPage:
        """The page for `step` on this patient's age path: a child's step 1 is their
        parent/guardian's details; a teen first hears the script and gives their assent."""
        e = self.enrollment
        if step == StepId.COLLECT_CONTACT and e is not None:
            if e.age_path == AgePath.CHILD:
                return self.guardian_page
            if e.age_path == AgePath.TEEN and not e.teen_assent_at:
                return self.teen_page
        return self.step_pages[step]

    def back_from(self, step: str) -> None:
        index = self.step_order.index(step)
        self.go(self.page_for(self.step_order[index - 1]) if index else self.find_page)

    def open_add_proxy(self) -> None:
        """After the patient's own enrollment: add a teen's parent or an adult's caregiver."""
        if self.enrollment is not None and self.enrollment.age_path != AgePath.CHILD:
            self.go(self.add_proxy_page)

    def proxy_added(self) -> None:
        self.go(self.done_page)
        self.done_page.proxy_added()

    def check_sms_number(self, mobile: str | None, page: Any, then: Callable[[], None]) -> None:
        """Before a text-message path is saved: a number that replied STOP (portal API) is
        never texted; staff see why and the patient stays on the page. When the portal
        cannot be asked now, the save goes on (the portal refuses a STOP'd number anyway).
        An answer that comes back after the patient session ended is dropped (SessionTasks)."""
        portal = self.portal
        if not mobile or portal is None:
            then()
            return

        def answered(status: SmsStatus) -> None:
            if status.stopped:
                page.show_message(
                    lambda: QCoreApplication.translate(
                        "Wizard",
                        "This mobile number replied STOP to our texts, so we cannot text it. "
                        "Please use an email address, or the patient can text START to us.",
                    )
                )
                return
            then()

        def unknown(exc: Exception) -> None:
            then()

        self.tasks.net(lambda: portal.sms_status(mobile), answered, unknown)

    def skip(self, step: str, reason: str) -> None:
        self.apply(lambda e: e.skip_step(step, reason), lambda e: self.advance())

    # ---- intents the pages use (kiosk/ui/context.py) ---------------------------------------
    def is_showing(self, page: QWidget) -> bool:
        return self.stack.currentWidget() is page

    def report_progress(self) -> None:
        self.patient_progress.emit()

    def show_start(self) -> None:
        self.go(self.start_page)

    def show_done(self) -> None:
        self.go(self.done_page)

    def contact_without_email(self) -> None:
        from kiosk.enrollment import StepId
        from kiosk.ui.pages.contact import ContactPage

        contact = self.step_pages[StepId.COLLECT_CONTACT]
        self.go(contact)
        if isinstance(contact, ContactPage):
            contact.switch_to_sms()

    def open_decline(self, from_page: StepPage) -> None:
        self._return_page = from_page
        self.go(self.decline_page)

    def close_decline(self) -> None:
        """The patient changed their mind: back to where they were."""
        self.go(self._return_page or self.start_page)

    def finish(self) -> None:
        days = self.config.kiosk.follow_up_days
        self.apply(lambda e: e.finish(days), lambda e: self.go(self.done_page))

    def next_patient(self) -> None:
        """After done/declined: clear everything and wait for the next patient."""
        self.wipe("next-patient")

    def is_patient_session(self) -> bool:
        """True when the screen may hold patient data (the idle timeout applies)."""
        return self.stack.currentWidget() not in (self.sign_in_page, self.start_page)

    def wipe(self, reason: str = "idle-timeout") -> None:
        """Forget the patient on screen: every page resets, the open enrollment (if any) is
        recorded as abandoned; what was already saved stays saved."""
        self._abandon_open(reason)
        self.tasks.end_session()
        self._saving = False
        revoke_grant(self.admin_grant)  # admin rights never outlive the screen they came on
        self.admin_grant = None
        self.enrollment = None
        self.on_file = None
        self.invitation_expires_at = None
        self._return_page = None
        for page in self.pages():
            reset = getattr(page, "reset", None)
            if callable(reset):
                reset()
        if self.switcher.language != self.config.kiosk.default_language:
            self.switcher.set_language(self.config.kiosk.default_language)
        self.text_size.set_larger(False)  # the next patient starts at the normal size
        self.patient_session_ended.emit()
        self.go(self.start_page if self.staff else self.sign_in_page)

    def _abandon_open(self, reason: str) -> None:
        enrollment = self.enrollment
        if enrollment is None or not enrollment.is_open:
            return

        # Decided on the DB thread against the stored record: a save still queued ahead of
        # this one lands first, so the abandon never overwrites newer steps.
        def abandon(store: Any) -> None:
            current = store.get_enrollment(enrollment.id)
            if current is not None and current.is_open:
                store.apply(current.abandon(reason))

        self.runner.db(abandon)

    # ---- language ---------------------------------------------------------------------------
    def _language_changed(self, language: str) -> None:
        self._record_language()

    def _record_language(self) -> None:
        """The patient's language goes on their record (invitation, card, follow-up use it).
        Recorded on the DB thread against the stored record, so a language tap never blocks
        or drops the next tap while another save is in flight."""
        enrollment = self.enrollment
        language = languages.for_record(self.switcher.language)
        if enrollment is None or not enrollment.is_open or enrollment.language == language:
            return
        self.enrollment = replace(enrollment, language=language)

        def record(store: Any) -> None:
            current = store.get_enrollment(enrollment.id)
            if current is not None and current.is_open and current.language != language:
                store.apply(current.set_language(language))

        self.runner.db(record)
