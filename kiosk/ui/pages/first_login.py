"""Step 3: the patient logs in for the first time on their own phone, right here.

A large QR code of the activation link (~380 px plus quiet zone: a phone reads it easily);
while the page shows, the portal is asked every 3 s (PortalGateway.account_status on the
network pool) and the page flips to done when the account is active. Without a portal API the
status is unknown and staff confirm by hand. The one primary action, Next, is enabled once the
login is confirmed either way; Skip (with a reason) is in the staff panel.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.enrollment import OutboxKind, StepId, StepStatus
from kiosk.ports import AccountStatus
from kiosk.ui.qr_view import QrCodeView
from kiosk.ui.step_page import StepPage, button, label

if TYPE_CHECKING:
    from kiosk.enrollment import Enrollment
    from kiosk.ui.wizard import Wizard

POLL_MS = 3000
QR_SIZE = 520  # the code itself ~380 px inside its quiet zone
QR_MIN = 360


class FirstLoginPage(StepPage):
    step_id = StepId.FIRST_LOGIN

    def __init__(self, wizard: Wizard) -> None:
        super().__init__(wizard.switcher, skippable=True)
        self.setObjectName("firstLoginPage")
        self.wizard = wizard
        self._status: AccountStatus | None = None
        self._polling = False
        row = QHBoxLayout()
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
        row.addLayout(column, 1)
        self.content.addLayout(row, 1)
        self.confirm_button = button("confirmManuallyButton")
        self.confirm_button.clicked.connect(self._confirm_manually)
        self.staff_extra.addWidget(self.confirm_button)
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.primary_clicked.connect(wizard.advance)
        wizard.switcher.register(self)
        self.retranslate()

    @property
    def done(self) -> bool:
        e = self.wizard.enrollment
        return bool(e and e.status(StepId.FIRST_LOGIN) == StepStatus.DONE)

    def enter(self, enrollment: Enrollment | None) -> None:
        super().enter(enrollment)
        self.qr.set_data(self.wizard.config.portal.login_url)
        if enrollment is not None:
            self._load_activation_url(enrollment.id)
            if not self.done:
                self._poll()
                self._timer.start()
        self.retranslate()

    def leave(self) -> None:
        self._timer.stop()

    def reset(self) -> None:
        super().reset()
        self._timer.stop()
        self._status = None
        self.qr.set_data(None)
        self.retranslate()

    def _load_activation_url(self, enrollment_id: str) -> None:
        """The portal's activation link, once the invitation went out; else the login URL."""

        def read(store):  # noqa: ANN001, ANN202
            for item in store.outbox_items(enrollment_id):
                if item["kind"] == OutboxKind.PORTAL_INVITATION.value:
                    row = store.outbox_item(item["id"]) or {}
                    result = json.loads(row.get("result") or "{}")
                    return result.get("activation_url")
            return None

        generation = self.wizard._generation
        self.wizard.tasks.db(
            read,
            lambda url: url and generation == self.wizard._generation and self.qr.set_data(url),
        )

    def _poll(self) -> None:
        e = self.wizard.enrollment
        if e is None or self._polling or self.done:
            return
        self._polling = True
        portal, patient, enrollment_id = self.wizard.portal, e.patient, e.id
        generation = self.wizard._generation
        self.wizard.tasks.net(
            lambda: portal.account_status(patient, enrollment_id),
            lambda account: self._polled(account.status, generation),
            lambda exc: self._polled(None, generation),
        )

    def _polled(self, status: AccountStatus | None, generation: int) -> None:
        self._polling = False
        if generation != self.wizard._generation or self.wizard.current_page() is not self:
            return
        self._status = status
        if status == AccountStatus.ACTIVE and not self.done:
            self._timer.stop()
            self.wizard.apply(
                lambda e: e.complete_step(StepId.FIRST_LOGIN, "portal-confirmed"),
                lambda e: self.retranslate(),
                self,
            )
        self.retranslate()

    def _confirm_manually(self) -> None:
        if self.done:
            self.wizard.advance()
            return
        self._timer.stop()
        self.wizard.apply(
            lambda e: e.complete_step(StepId.FIRST_LOGIN, "manual-confirm"),
            lambda e: self.wizard.advance(),
            self,
        )

    def retranslate(self) -> None:
        super().retranslate()
        done = self.done
        self.set_texts(
            self.tr("Log in for the first time"),
            self.tr("Open your phone's camera and point it at this code."),
            self.tr(
                "Let's do your first login together now. Open the invitation or scan the code, "
                "then choose a password only you know. I won't look at it."
            ),
            self.tr("Next"),
        )
        self.primary.setEnabled(done)
        self.how.setText(
            self.tr(
                "Tap the link that appears, then choose your password. "
                "Your username is the email address you gave us."
            )
        )
        self.confirm_button.setText(self.tr("Confirm manually"))
        self.confirm_button.setVisible(not done)
        if done:
            text, kind = self.tr("Done - you are logged in."), "ok"
        elif self._status == AccountStatus.UNKNOWN:
            text, kind = (
                self.tr(
                    "Waiting for the first login. This portal cannot tell us, so staff will "
                    "confirm it."
                ),
                "info",
            )
        else:
            text, kind = self.tr("Waiting for the first login..."), "info"
        self.state_label.setText(text)
        self.state_label.setProperty("kind", kind)
        self.state_label.style().unpolish(self.state_label)
        self.state_label.style().polish(self.state_label)
