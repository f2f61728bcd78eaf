"""What a page may use, named: the services and intents a screen needs, not the wizard.

A step page (kiosk/ui/pages/, one per checklist step) gets a `StepContext`; the screens that
run the staff session around the checklist (sign-in, start, find patient, decline, finish,
admin) get a `SessionContext`. The wizard implements both; a test can hand a page any other
object with these members and drive that page alone (tests/test_page_context.py). The type
checker holds pages to these lists, so a page cannot reach into the wizard or another page.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from kiosk.config import Config
    from kiosk.enrollment import Change, Enrollment, Patient
    from kiosk.ports import PatientDirectory, PortalGateway, ScheduleSource
    from kiosk.schedule import ContactOnFile
    from kiosk.staff import AdminGrant, StaffMember
    from kiosk.ui.language import LanguageSwitcher
    from kiosk.ui.tasks import SessionTasks


class StepContext(Protocol):
    """Services and intents of one checklist step's page."""

    @property
    def switcher(self) -> LanguageSwitcher: ...
    @property
    def config(self) -> Config: ...
    @property
    def tasks(self) -> SessionTasks: ...
    @property
    def portal(self) -> PortalGateway: ...
    @property
    def output_dir(self) -> Path: ...
    @property
    def schedule(self) -> ScheduleSource:
        """Today's schedule, contact on file and help-session Slots (kiosk.ports)."""

    @property
    def enrollment(self) -> Enrollment | None:
        """The open enrollment as last saved (None between patients)."""

    @property
    def on_file(self) -> ContactOnFile | None:
        """What the EHR has on file for the open patient, when the schedule row brought it
        (in memory only; None after a wipe or for a patient typed by hand)."""

    def apply(
        self,
        make: Callable[[Enrollment], Change],
        on_saved: Callable[[Enrollment], None] | None = None,
        page: Any = None,
    ) -> bool:
        """Save a domain transition of the open enrollment, then call `on_saved`."""

    def advance(self) -> None:
        """Show the first step still to do (or Finish)."""

    def is_showing(self, page: QWidget) -> bool:
        """True while `page` is the screen on display."""

    def report_progress(self) -> None:
        """The patient got further (the portal saw them): the idle timeout starts over."""

    # The portal's own expiry of this visit's invitation (kiosk/expiry.py), once it said;
    # None: the setting's default applies. Cleared with the patient.
    invitation_expires_at: str | None

    def check_sms_number(self, mobile: str | None, page: Any, then: Callable[[], None]) -> None:
        """Before a text-message path is saved: a number that replied STOP is refused with a
        message for staff on `page`; otherwise (or when the portal cannot say) `then()`."""


class SessionContext(StepContext, Protocol):
    """What the screens around the checklist add: the staff session and moving between them."""

    @property
    def directory(self) -> PatientDirectory: ...
    @property
    def staff(self) -> StaffMember | None: ...

    admin_grant: AdminGrant | None
    quit_kiosk: Callable[[], None] | None

    def admin_entries(self) -> list[tuple[Any, Any]]: ...
    def sign_in(self, member: StaffMember) -> None: ...
    def sign_out(self) -> None: ...
    def open_admin(self) -> None: ...
    def show_start(self) -> None: ...
    def show_done(self) -> None: ...
    def begin_patient(self) -> None: ...
    def start_patient(self, patient: Patient, on_file: ContactOnFile | None = None) -> None:
        """Open `patient`'s enrollment (with what their schedule row has on file) at step 1."""

    def close_decline(self) -> None: ...
    def contact_without_email(self) -> None:
        """Back to step 1 with the text-message invitation chosen (the no-email remedy)."""

    def finish(self) -> None: ...
    def open_add_proxy(self) -> None:
        """After a teen's or an adult's own enrollment: add a parent or a caregiver."""

    def proxy_added(self) -> None:
        """A parent or caregiver was added: back to the done screen, which says so."""

    def next_patient(self) -> None: ...
