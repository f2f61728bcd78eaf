"""Step 2: send the portal invitation while the patient is here.

Tapping Send writes the invitation into the outbox (in the same transaction as the step), so it
goes out exactly once whenever the network allows. While shown, the page reads the outbox item's
state on a timer and says "queued - will send when online" or "sent".
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from kiosk import expiry
from kiosk.enrollment import Channel, OutboxKind, StepId, StepStatus, parse_iso
from kiosk.store import OutboxState
from kiosk.ui import dates
from kiosk.ui.auto_advance import AutoAdvance
from kiosk.ui.step_page import StepPage, label
from kiosk.validation import format_mobile

if TYPE_CHECKING:
    from kiosk.enrollment import Enrollment
    from kiosk.store import Store
    from kiosk.ui.context import StepContext

POLL_MS = 2000


class InvitationPage(StepPage):
    step_id = StepId.SEND_INVITATION

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx.switcher, skippable=False)
        self.setObjectName("invitationPage")
        self.ctx = ctx
        self._state: str | None = None  # outbox state of the invitation, once queued
        self._address = ""
        self._channel: Channel | None = None
        self.address = label("bigValue")
        self.state_label = label("statusText")
        self.content.addWidget(self.address)
        self.content.addSpacing(12)
        self.content.addWidget(self.state_label)
        # When the link stops working (portal's expiry, else the setting): staff can say it.
        self.expiry_label = label("fieldHint")
        self.content.addWidget(self.expiry_label)
        self.content.addStretch(1)
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.primary_clicked.connect(self._primary)
        self.auto_advance = AutoAdvance(self, ctx)
        ctx.switcher.register(self)
        self.retranslate()

    @property
    def sent(self) -> bool:
        e = self.ctx.enrollment
        return bool(e and e.status(StepId.SEND_INVITATION) == StepStatus.DONE)

    def enter(self, enrollment: Enrollment | None) -> None:
        super().enter(enrollment)
        if enrollment is not None:
            self._channel = enrollment.channel
            if enrollment.channel == Channel.SMS and enrollment.mobile:
                self._address = format_mobile(enrollment.mobile)
            else:
                self._address = enrollment.email or ""
        if self.sent:
            self._poll()
            self._timer.start()
        self.retranslate()

    def leave(self) -> None:
        self._timer.stop()
        self.auto_advance.cancel()

    def reset(self) -> None:
        super().reset()
        self._timer.stop()
        self.auto_advance.cancel()
        self._state = None
        self._address = ""
        self._channel = None
        self.ctx.invitation_expires_at = None
        self.expiry_label.clear()
        self.address.clear()
        self.state_label.clear()
        self.retranslate()

    def _primary(self) -> None:
        if self.sent:
            self.auto_advance.cancel()  # a tap on Next does not wait for it
            self.ctx.advance()
            return
        self.ctx.apply(lambda e: e.send_invitation(), lambda e: self._queued(), self)

    def _queued(self) -> None:
        self._state = OutboxState.QUEUED
        self._poll()
        self._timer.start()
        self.retranslate()
        self.auto_advance.arm()  # the confirmation shows, then the next step comes by itself

    def _poll(self) -> None:
        e = self.ctx.enrollment
        if e is None:
            return
        enrollment_id = e.id

        def read(store: Store) -> tuple[str | None, str | None]:
            items = [
                i
                for i in store.outbox_items(enrollment_id)
                if i["kind"] == OutboxKind.PORTAL_INVITATION.value
            ]
            if not items:
                return None, None
            item = store.outbox_item(items[-1]["id"]) or {}
            result = item.get("result") or "{}"
            answer = json.loads(result) if isinstance(result, str) else result
            expires: str | None = (answer or {}).get("expires_at")
            return items[-1]["state"], expires

        self.ctx.tasks.db(read, lambda answer: self._polled(*answer))

    def _polled(self, state: str | None, portal_expires: str | None) -> None:
        self._state = state
        if portal_expires:
            # The card and the staff line use the portal's own expiry (kiosk/expiry.py).
            self.ctx.invitation_expires_at = portal_expires
        self.retranslate()

    def _expiry_text(self) -> str:
        e = self.ctx.enrollment
        if e is None:
            return ""
        expires = expiry.invitation_expiry(
            e.steps[StepId.SEND_INVITATION].at,
            self.ctx.invitation_expires_at,
            self.ctx.config.portal.invitation_expiry_days,
        )
        if not expires:
            return ""
        day = parse_iso(expires).astimezone().date()
        return self.tr("The link works until %1.").replace(
            "%1", dates.long_date_text(day, self.switcher.language)
        )

    def retranslate(self) -> None:
        super().retranslate()
        sms = self._channel == Channel.SMS
        self.set_texts(
            self.tr("Send your invitation"),
            self.tr("We will send your portal invitation by text message to:")
            if sms
            else self.tr("We will send your portal invitation by email to:"),
            self.tr(
                "Let's send your invitation now, while you're here. Watch for a message from "
                "the %1 - it has the link to set your password."
            ).replace("%1", self.ctx.config.portal.display_name(self.switcher.language)),
            self.tr("Next") if self.sent else self.tr("Send the invitation"),
        )
        self.address.setText(self._address)
        self.expiry_label.setText(self._expiry_text() if self.sent else "")
        if not self.sent:
            self.state_label.setText("")
        elif self._state == OutboxState.SENT:
            self.state_label.setText(self.tr("Sent. Check your messages."))
            self.state_label.setProperty("kind", "ok")
        elif self._state == OutboxState.DEAD:
            self.state_label.setText(
                self.tr("Saved, but the portal refused it. Staff will see it in the admin menu.")
            )
            self.state_label.setProperty("kind", "error")
        else:
            self.state_label.setText(
                self.tr("Queued - it will be sent as soon as the kiosk is online.")
            )
            self.state_label.setProperty("kind", "info")
        self.state_label.style().unpolish(self.state_label)
        self.state_label.style().polish(self.state_label)
