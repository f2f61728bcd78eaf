"""Finish: the record is completed (EHR documentation and the follow-up go to the outbox),
then a done screen thanks the patient and clears the way for the next one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from kiosk.enrollment import Outcome, StepStatus, interactive_steps
from kiosk.ui.pages.confirm_access import ChecklistView
from kiosk.ui.step_page import StepPage, button, label

if TYPE_CHECKING:
    from kiosk.enrollment import Enrollment
    from kiosk.ui.context import SessionContext


class FinishPage(StepPage):
    def __init__(self, ctx: SessionContext) -> None:
        super().__init__(ctx.switcher)
        self.setObjectName("finishPage")
        self.ctx = ctx
        self.checklist = ChecklistView(None)
        self.content.addLayout(self.checklist)
        self.content.addStretch(1)
        self.primary_clicked.connect(ctx.finish)
        ctx.switcher.register(self)
        self.retranslate()

    def enter(self, enrollment: Enrollment | None) -> None:
        super().enter(enrollment)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.set_texts(
            self.tr("All done?"),
            self.tr("Here is what we did today."),
            self.tr(
                "Finishing saves this in the patient's chart. If they have not logged in "
                "within a week, we will follow up."
            ),
            self.tr("Finish"),
        )
        e = self.ctx.enrollment
        self.checklist.render(e)
        # Every step done: there is nothing left to decline, so the offer is not made.
        all_done = e is not None and all(
            e.status(step) == StepStatus.DONE for step in interactive_steps()
        )
        self.decline_button.setVisible(not all_done)


class DonePage(StepPage):
    """Shown after Finish or a recorded decline. It names no one: the next patient may be
    walking up already."""

    def __init__(self, ctx: SessionContext) -> None:
        super().__init__(ctx.switcher, back=False, declinable=False, staff_panel=False)
        self.setObjectName("donePage")
        self.ctx = ctx
        self._outcome: Outcome | None = None
        self._age_path: str | None = None
        self._proxies_added = 0
        self.big = label("doneText")
        self.big.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.content.addStretch(1)
        self.content.addWidget(self.big)
        # Families: after a teen's or an adult's own enrollment, a parent or a caregiver
        # may be added (kiosk/family.py); a child's access already is the guardian's.
        self.add_proxy = button("addProxyButton")
        self.add_proxy.clicked.connect(ctx.open_add_proxy)
        self.content.addWidget(self.add_proxy, 0, Qt.AlignmentFlag.AlignCenter)
        self.content.addStretch(2)
        self.primary_clicked.connect(ctx.next_patient)
        ctx.switcher.register(self)
        self.retranslate()

    def enter(self, enrollment: Enrollment | None) -> None:
        super().enter(enrollment)
        self._outcome = enrollment.outcome if enrollment else None
        self._age_path = enrollment.age_path if enrollment else None
        self.retranslate()

    def proxy_added(self) -> None:
        self._proxies_added += 1
        self.show_message(lambda: self.tr("Invitation queued for the person you added."), kind="ok")

    def reset(self) -> None:
        super().reset()
        self._outcome = None
        self._age_path = None
        self._proxies_added = 0

    def retranslate(self) -> None:
        super().retranslate()
        if self._outcome == Outcome.DECLINED:
            title = self.tr("Thank you")
            text = self.tr(
                "Thank you for telling us. You can join the portal at any time - just ask "
                "at the front desk."
            )
        else:
            title = self.tr("You're all set!")
            text = self.tr(
                "Welcome to the %1. Watch for our messages, and keep your card."
            ).replace("%1", self.ctx.config.portal.display_name(self.switcher.language))
        self.set_texts(title, "", "", self.tr("Next patient"))
        self.big.setText(text)
        offer = self._outcome == Outcome.ENROLLED and self._age_path in ("teen", "adult")
        self.add_proxy.setVisible(offer)
        self.add_proxy.setText(
            self.tr("Add a parent (limited access)")
            if self._age_path == "teen"
            else self.tr("Add a caregiver")
        )
