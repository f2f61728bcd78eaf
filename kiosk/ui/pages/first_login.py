"""Step 3: the patient logs in for the first time on their own phone, right here.

With a portal API: a large QR code of the invitation's activation link (the portal's answer,
kept in the local outbox result; never the plain login page, where a new patient cannot set a
password). Until the invitation has gone out the page says it is on its way and looks again at
every poll. While the page shows, the portal is asked every 3 s (PortalGateway.account_status
on the network pool); the step is done when the account is active, and any change of status is
progress that keeps the idle countdown away (StepContext.report_progress).

Without a portal API there is no link to show: the patient opens the invitation that was just
sent to their phone or email, and the page shows what that message looks like. Staff confirm
by hand, and only after saying they saw the patient's portal home page.

"Couldn't log in" records the step FAILED with its reason and offers a help session.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.enrollment import Channel, OutboxKind, StepId, StepStatus
from kiosk.ports import AccountStatus
from kiosk.ui.fit_field import STAFF_ROOM, wrap_label
from kiosk.ui.pages.help_offer import HelpSessionOffer
from kiosk.ui.qr_view import QrCodeView
from kiosk.ui.step_page import StepPage, button, label

if TYPE_CHECKING:
    from kiosk.enrollment import Enrollment
    from kiosk.store import Store
    from kiosk.ui.context import StepContext

POLL_MS = 3000
QR_SIZE = 520  # the code itself ~380 px inside its quiet zone
QR_MIN = 360

QR_VIEW, MESSAGE_VIEW, HELP_VIEW = range(3)


class InvitationPreview(QFrame):
    """What the invitation the patient just received looks like (email or text message), so
    they recognise it on their own phone. Practice and portal names only: no patient data."""

    def __init__(self) -> None:
        super().__init__(objectName="invitationPreview")
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 8, 16, 8)
        box.setSpacing(4)
        self.sender = label("previewSender")
        self.subject = label("previewSubject")
        self.body = label("previewBody")
        self.link = label("previewLink")
        self.link.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for widget in (self.sender, self.subject, self.body, self.link):
            box.addWidget(widget)

    def show_for(self, channel: Channel | None, practice: str, portal: str) -> None:
        sms = channel == Channel.SMS
        self.sender.setText(
            (self.tr("Text message from %1") if sms else self.tr("Email from %1")).replace(
                "%1", practice
            )
        )
        self.subject.setVisible(not sms)
        self.subject.setText(self.tr("Your invitation to %1").replace("%1", portal))
        self.body.setText(
            self.tr("You are invited to %1. Tap the link to create your password.").replace(
                "%1", portal
            )
        )
        self.link.setText(self.tr("Activate my account"))


class FirstLoginPage(StepPage):
    step_id = StepId.FIRST_LOGIN
    patient_on_own_phone = True  # the idle countdown waits longer here

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx.switcher, skippable=True)
        self.setObjectName("firstLoginPage")
        self.ctx = ctx
        self._status: AccountStatus | None = None
        self._polling = False
        self._activation_url: str | None = None
        self._confirming = False

        self.views = QStackedWidget()
        # With a portal API: the activation QR code and how to use it.
        qr_view = QWidget()
        row = QHBoxLayout(qr_view)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(24)
        self.qr = QrCodeView()
        # Square, up to QR_SIZE; smaller when the stepper and larger text need the height.
        self.qr.setMinimumSize(QR_MIN, QR_MIN)
        self.qr.setMaximumSize(QR_SIZE, QR_SIZE)
        row.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setSpacing(16)
        self.how = label("bodyText")
        self.state_label = label("statusText")
        column.addWidget(self.how)
        column.addWidget(self.state_label)
        column.addStretch(1)
        # The patient's own answer, beside what they are trying (not in the crowded side
        # column); one button per view, so neither view grows the page.
        self.failed_buttons = [button("couldNotLogInButton"), button("couldNotLogInButton")]
        for b in self.failed_buttons:
            b.clicked.connect(self._could_not_log_in)
        column.addWidget(self.failed_buttons[0], 0, Qt.AlignmentFlag.AlignLeft)
        row.addLayout(column, 1)
        self.views.addWidget(qr_view)
        # Without one: open the invitation just sent; this is what it looks like.
        message_view = QWidget()
        column = QVBoxLayout(message_view)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)  # room for the preview's wrapped lines at larger text
        self.message_how = label("bodyText")
        self.preview = InvitationPreview()
        self.message_state = label("statusText")
        column.addWidget(self.message_how)
        column.addWidget(self.preview)
        column.addWidget(self.message_state)
        column.addWidget(self.failed_buttons[1], 0, Qt.AlignmentFlag.AlignLeft)
        column.addStretch(1)
        self.views.addWidget(message_view)
        # After "Couldn't log in": the help-session remedy.
        self.help_offer = HelpSessionOffer(ctx, StepId.FIRST_LOGIN)
        self.views.addWidget(self.help_offer)
        self.content.addWidget(self.views, 1)

        # Staff: confirm by hand, in two taps - the second says what they saw.
        self.confirm_button = button("confirmManuallyButton")
        self.confirm_button.clicked.connect(self._ask_confirmation)
        self.confirm_question = label("confirmQuestion")
        self.confirm_yes = button("confirmSeenButton")
        self.confirm_yes.clicked.connect(self._confirm_manually)
        self.confirm_no = button("confirmCancelButton")
        self.confirm_no.clicked.connect(self._cancel_confirmation)
        for widget in (
            self.confirm_button,
            self.confirm_question,
            self.confirm_yes,
            self.confirm_no,
        ):
            self.staff_extra.addWidget(widget)
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.primary_clicked.connect(self._next)
        ctx.switcher.register(self)
        self.retranslate()

    # ---- state --------------------------------------------------------------------------
    @property
    def has_portal_api(self) -> bool:
        return bool(self.ctx.config.portal.api_url)

    @property
    def done(self) -> bool:
        e = self.ctx.enrollment
        return bool(e and e.status(StepId.FIRST_LOGIN) == StepStatus.DONE)

    @property
    def failed(self) -> bool:
        e = self.ctx.enrollment
        return bool(e and e.status(StepId.FIRST_LOGIN) == StepStatus.FAILED)

    def enter(self, enrollment: Enrollment | None) -> None:
        super().enter(enrollment)
        self._confirming = False
        self.qr.set_data(self._activation_url)
        if enrollment is not None:
            if self.has_portal_api and not self._activation_url:
                self._load_activation_url(enrollment.id)
            if self.failed and not self.help_offer.offered:
                self.help_offer.offer()
            if not self.done and not self.failed:
                self._poll()
                self._timer.start()
        self.retranslate()

    def leave(self) -> None:
        self._timer.stop()

    def reset(self) -> None:
        super().reset()
        self._timer.stop()
        self._status = None
        self._activation_url = None
        self._confirming = False
        self.help_offer.clear()
        self.qr.set_data(None)
        self.retranslate()

    # ---- the activation link --------------------------------------------------------------
    def _load_activation_url(self, enrollment_id: str) -> None:
        """The portal's activation link from the invitation's outbox result (once it went)."""

        def read(store: Store) -> str | None:
            for item in store.outbox_items(enrollment_id):
                if item["kind"] == OutboxKind.PORTAL_INVITATION.value:
                    row = store.outbox_item(item["id"]) or {}
                    result = json.loads(row.get("result") or "{}")
                    return result.get("activation_url")
            return None

        self.ctx.tasks.db(read, self._activation_loaded)

    def _activation_loaded(self, url: str | None) -> None:
        if not url or self._activation_url:
            return
        self._activation_url = url
        self.qr.set_data(url)
        self.ctx.report_progress()  # the invitation went out: something happened
        self.retranslate()

    # ---- polling the portal -------------------------------------------------------------
    def _poll(self) -> None:
        e = self.ctx.enrollment
        if e is None or self._polling or self.done or self.failed:
            return
        if self.has_portal_api and not self._activation_url:
            self._load_activation_url(e.id)
        self._polling = True
        portal, patient, enrollment_id = self.ctx.portal, e.patient, e.id
        self.ctx.tasks.net(
            lambda: portal.account_status(patient, enrollment_id),
            lambda account: self._polled(account.status),
            lambda exc: self._polled(None),
            always=self._poll_ended,
        )

    def _poll_ended(self) -> None:
        self._polling = False

    def _polled(self, status: AccountStatus | None) -> None:
        if not self.ctx.is_showing(self):
            return
        if status is not None and self._status is not None and status != self._status:
            self.ctx.report_progress()  # invited -> active: the patient is at it
        if status is not None:
            self._status = status
        if status == AccountStatus.ACTIVE and not self.done and not self.failed:
            self._timer.stop()
            self.ctx.apply(
                lambda e: e.complete_step(StepId.FIRST_LOGIN, "portal-confirmed"),
                lambda e: self.retranslate(),
                self,
            )
        self.retranslate()

    # ---- intents ------------------------------------------------------------------------
    def _next(self) -> None:
        if self.done or self.failed:
            self.ctx.advance()

    def _ask_confirmation(self) -> None:
        self._confirming = True
        self.retranslate()

    def _cancel_confirmation(self) -> None:
        self._confirming = False
        self.retranslate()

    def _confirm_manually(self) -> None:
        self._confirming = False
        if self.done:
            self.ctx.advance()
            return
        self._timer.stop()
        self.ctx.apply(
            lambda e: e.complete_step(StepId.FIRST_LOGIN, "manual-confirm"),
            lambda e: self.ctx.advance(),
            self,
        )

    def _could_not_log_in(self) -> None:
        self._timer.stop()
        self._confirming = False

        def recorded(_e: Enrollment) -> None:
            self.help_offer.offer()
            self.retranslate()

        self.ctx.apply(
            lambda e: e.fail_step(StepId.FIRST_LOGIN, "could-not-log-in"), recorded, self
        )

    # ---- words --------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        done, failed = self.done, self.failed
        api = self.has_portal_api
        e = self.ctx.enrollment
        if failed:
            instructions = ""
        elif api:
            instructions = self.tr("Open your phone's camera and point it at this code.")
        else:
            # The message view says it in full ("We just sent you an email. Open it..."):
            # the line above it would only repeat it, and its height is the preview's.
            instructions = ""
        self.set_texts(
            self.tr("Log in for the first time"),
            instructions,
            self.tr(
                "Let's do your first login together now. Open the invitation on your phone, "
                "then choose a password only you know. I won't look at it."
            ),
            self.tr("Next"),
        )
        self.primary.setEnabled(done or failed)
        self.views.setCurrentIndex(HELP_VIEW if failed else QR_VIEW if api else MESSAGE_VIEW)
        self.help_offer.retranslate()
        self.how.setText(
            self.tr(
                "Tap the link that appears, then choose your password. "
                "Your username is the email address you gave us."
            )
        )
        sms = e is not None and e.channel == Channel.SMS
        self.message_how.setText(
            self.tr(
                "We just sent you a text message. Open it and tap the link to choose your "
                "password. It looks like this:"
            )
            if sms
            else self.tr(
                "We just sent you an email. Open it and tap the button to choose your "
                "password. It looks like this:"
            )
        )
        config = self.ctx.config
        self.preview.show_for(
            e.channel if e else None,
            config.practice.name,
            config.portal.display_name(self.switcher.language),
        )
        for b in self.failed_buttons:
            b.setText(self.tr("Couldn't log in"))
            b.setVisible(not done and not failed)
        self.confirm_button.setText(
            wrap_label(self.confirm_button, self.tr("Confirm manually"), STAFF_ROOM)
        )
        self.confirm_question.setText(
            self.tr("Did you see the patient's portal home page on their phone?")
        )
        self.confirm_yes.setText(wrap_label(self.confirm_yes, self.tr("Yes, I saw it"), STAFF_ROOM))
        self.confirm_no.setText(wrap_label(self.confirm_no, self.tr("Cancel"), STAFF_ROOM))
        open_step = not done and not failed
        confirming = open_step and self._confirming
        self.confirm_button.setVisible(open_step and not self._confirming)
        for widget in (self.confirm_question, self.confirm_yes, self.confirm_no):
            widget.setVisible(confirming)
        # While staff answer, the panel holds only the question and its two answers.
        self.staff_script.setVisible(not confirming)
        self.skip_button.setVisible(not confirming)
        self.decline_button.setVisible(not confirming)
        if done:
            text, kind = self.tr("Done - you are logged in."), "ok"
        elif api and not self._activation_url:
            text, kind = self.tr("Your invitation is on its way. The code appears here."), "info"
        elif self._status == AccountStatus.UNKNOWN or not api:
            text, kind = (
                self.tr("Waiting for the first login. Staff will confirm it with you."),
                "info",
            )
        else:
            text, kind = self.tr("Waiting for the first login..."), "info"
        for widget in (self.state_label, self.message_state):
            widget.setText(text)
            widget.setProperty("kind", kind)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
