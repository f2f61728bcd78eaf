"""Step 6: the checklist so far, and the patient confirms they can log in and find messages.

"Yes, it works" (the primary action) records it done; "Needs help" records the step FAILED
with the reason and offers a help session in its place, then Next moves on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout, QLabel

from kiosk.enrollment import StepId, StepStatus, interactive_steps
from kiosk.ui.fit_field import SIDE_ROOM, wrap_label
from kiosk.ui.pages import texts
from kiosk.ui.pages.help_offer import HelpSessionOffer
from kiosk.ui.step_page import StepPage, button, label

if TYPE_CHECKING:
    from kiosk.enrollment import Enrollment
    from kiosk.ui.context import StepContext

TICK = {"done": "\u2714", "skipped": "\u2013", "pending": "\u25cb", "failed": "\u2716"}


class ChecklistView(QGridLayout):
    """Rows of (tick, step title, status word) for the steps before `upto`."""

    def __init__(self, upto: StepId | None) -> None:
        super().__init__()
        self.setHorizontalSpacing(16)
        self.setVerticalSpacing(4)
        order = interactive_steps()
        self.steps = order[: order.index(upto)] if upto else order
        self.rows = []
        self.details: dict[str, QLabel] = {}
        for index, step in enumerate(self.steps):
            row = 2 * index
            tick, title, word = (
                label("tick", False),
                label("checkItem"),
                label("checkStatus", False),
            )
            self.addWidget(tick, row, 0)
            self.addWidget(title, row, 1)
            self.addWidget(word, row, 2)
            # A step that did not work says why, under its row (never hidden behind a tick).
            detail = label("checkDetail")
            detail.hide()
            self.addWidget(detail, row + 1, 1, 1, 2)
            self.details[step] = detail
            self.rows.append((step, tick, title, word))
        self.setColumnStretch(1, 1)

    def render(self, enrollment: Enrollment | None) -> None:
        for step, tick, title, word in self.rows:
            status = enrollment.status(step).value if enrollment else StepStatus.PENDING.value
            tick.setText(TICK.get(status, ""))
            tick.setProperty("status", status)
            tick.style().unpolish(tick)
            tick.style().polish(tick)
            title.setText(texts.step_title(step))
            child = enrollment is not None and enrollment.age_path == "child"
            if child and step == StepId.COLLECT_CONTACT:
                # A proxy enrollment: step 1 was the parent's or guardian's details.
                title.setText(texts.proxy_contact_title())
            word.setText(texts.status_word(status))
            detail = self.details[step]
            failed = status == StepStatus.FAILED.value
            reason = enrollment.steps[step].reason if enrollment and failed else None
            detail.setText(texts.failure_detail(reason) if failed else "")
            detail.setVisible(failed)

    def set_shown(self, shown: bool) -> None:
        """Hide or show every row (details only where a step failed)."""
        for step, tick, title, word in self.rows:
            for widget in (tick, title, word):
                widget.setVisible(shown)
            self.details[step].setVisible(shown and bool(self.details[step].text()))


class ConfirmAccessPage(StepPage):
    step_id = StepId.CONFIRM_ACCESS

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx.switcher, skippable=True)
        self.setObjectName("confirmAccessPage")
        self.ctx = ctx
        self.checklist = ChecklistView(StepId.CONFIRM_ACCESS)
        self.content.addLayout(self.checklist)
        self.content.addSpacing(16)
        self.question = label("bigValue")
        self.content.addWidget(self.question)
        self.help_offer = HelpSessionOffer(ctx, StepId.CONFIRM_ACCESS)
        self.help_offer.hide()
        self.content.addWidget(self.help_offer)
        self.content.addStretch(1)
        self.needs_help_button = button("needsHelpButton")
        self.needs_help_button.clicked.connect(self._needs_help)
        self.side_extra.addWidget(self.needs_help_button)
        self.primary_clicked.connect(self._confirm)
        ctx.switcher.register(self)
        self.retranslate()

    @property
    def failed(self) -> bool:
        e = self.ctx.enrollment
        return bool(e and e.status(StepId.CONFIRM_ACCESS) == StepStatus.FAILED)

    def enter(self, enrollment: Enrollment | None) -> None:
        super().enter(enrollment)
        if self.failed and not self.help_offer.offered:
            self.help_offer.offer()
        self.retranslate()

    def reset(self) -> None:
        super().reset()
        self.help_offer.clear()
        self.retranslate()

    def _needs_help(self) -> None:
        def recorded(_e: Enrollment) -> None:
            self.help_offer.offer()
            self.retranslate()

        self.ctx.apply(lambda e: e.fail_step(StepId.CONFIRM_ACCESS, "needs-help"), recorded, self)

    def _confirm(self) -> None:
        if self.failed:
            self.ctx.advance()
            return
        self.ctx.apply(
            lambda e: e.complete_step(StepId.CONFIRM_ACCESS, "patient-confirmed"),
            lambda e: self.ctx.advance(),
            self,
        )

    def retranslate(self) -> None:
        super().retranslate()
        failed = self.failed
        self.set_texts(
            self.tr("Check that it works"),
            "",
            self.tr(
                "Can you see the portal's home page on your phone? Tap Messages - that is "
                "where our replies will be."
            ),
            self.tr("Next") if failed else self.tr("Yes, it works"),
        )
        self.question.setText(self.tr("Can you log in and find your messages?"))
        self.question.setVisible(not failed)
        self.help_offer.setVisible(failed)
        self.needs_help_button.setVisible(not failed)
        self.needs_help_button.setText(
            wrap_label(self.needs_help_button, self.tr("Needs help"), SIDE_ROOM)
        )
        self.help_offer.retranslate()
        self.checklist.render(self.ctx.enrollment)
        # The help-session offer takes the checklist's place: at 1280x800 with larger text
        # both do not fit, and choosing a morning is what the patient does now.
        self.checklist.set_shown(not failed)
