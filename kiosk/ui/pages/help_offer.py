"""The remedy after a step that did not work: "a staff member sits with you", three mornings.

Shown in place of a step's content once the step was recorded FAILED ("Couldn't log in",
"Needs help"). Picking a morning books the help session on the enrollment
(Enrollment.book_help_session); the step stays failed. The page's primary action moves on
without a booking.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QLocale
from PySide6.QtWidgets import QFrame, QVBoxLayout

from kiosk.enrollment import StepId, iso
from kiosk.playbook import help_session_slots
from kiosk.ui import dates
from kiosk.ui.fit_field import wrap_label
from kiosk.ui.step_page import button, label

if TYPE_CHECKING:
    from kiosk.enrollment import Enrollment
    from kiosk.ui.context import StepContext


SLOT_ROOM = 820  # px of text in a slot button across the patient side (padding, border)


class HelpSessionOffer(QFrame):
    def __init__(self, ctx: StepContext, step: StepId) -> None:
        super().__init__(objectName="helpOffer")
        self.ctx = ctx
        self.step = step
        self._slots: list[datetime] = []
        self._booked: datetime | None = None
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(10)
        self.heading = label("statusText")
        self.text = label("bodyText")
        box.addWidget(self.heading)
        box.addWidget(self.text)
        self.slot_buttons = []
        for index in range(3):
            b = button(f"helpSlot-{index}")
            b.clicked.connect(lambda _=False, i=index: self._book(i))
            box.addWidget(b)
            self.slot_buttons.append(b)
        box.addStretch(1)

    def offer(self, today: date | None = None) -> None:
        self._slots = help_session_slots(today or date.today())
        self._booked = None
        self.retranslate()

    def clear(self) -> None:
        self._slots = []
        self._booked = None

    @property
    def offered(self) -> bool:
        return bool(self._slots)

    @property
    def booked(self) -> bool:
        return self._booked is not None

    def _book(self, index: int) -> None:
        if self._booked is not None or index >= len(self._slots):
            return
        slot = self._slots[index]

        def booked(_enrollment: Enrollment) -> None:
            self._booked = slot
            self.retranslate()

        self.ctx.apply(
            lambda e: e.book_help_session(self.step, iso(slot.astimezone())),
            booked,
        )

    def _when(self, slot: datetime) -> str:
        spanish = self.ctx.switcher.language == "es"
        locale = QLocale(QLocale.Language.Spanish if spanish else QLocale.Language.English)
        return locale.toString(QDateTime(slot), "dddd d MMMM, h:mm AP")

    def retranslate(self) -> None:
        self.heading.setText(self.tr("That's OK - we will help you."))
        self.heading.setProperty("kind", "info")
        if self._booked is not None:
            self.text.setText(
                self.tr("Your help session is booked: %1. We will see you then.").replace(
                    "%1", self._when(self._booked)
                )
            )
            for b in self.slot_buttons:
                b.hide()
            return
        self.text.setText(
            self.tr(
                "A staff member can sit with you for 15 minutes and set it up with you. "
                "Pick a morning:"
            )
        )
        for b, slot in zip(self.slot_buttons, self._slots or [None] * 3, strict=True):
            b.setVisible(slot is not None)
            if slot is not None:
                # The date and time alone (as on the decline page: "Pick a morning:" says
                # what they are for); a screen reader hears the whole action.
                when = dates.slot_text(slot, self.ctx.switcher.language)
                b.setText(wrap_label(b, when, SLOT_ROOM))
                b.setAccessibleName(self.tr("Book a help session: %1").replace("%1", when))
