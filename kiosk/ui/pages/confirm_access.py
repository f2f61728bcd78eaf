"""Step 6: the checklist so far, and the patient confirms they can log in and find messages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout

from kiosk.enrollment import StepId, StepStatus
from kiosk.playbook import STEP_ORDER
from kiosk.ui.pages import texts
from kiosk.ui.step_page import StepPage, label

if TYPE_CHECKING:
    from kiosk.enrollment import Enrollment
    from kiosk.ui.wizard import Wizard

TICK = {"done": "\u2714", "skipped": "\u2013", "pending": "\u25cb", "failed": "\u2716"}


class ChecklistView(QGridLayout):
    """Rows of (tick, step title, status word) for the steps before `upto`."""

    def __init__(self, upto: StepId | None) -> None:
        super().__init__()
        self.setHorizontalSpacing(16)
        self.setVerticalSpacing(4)
        self.steps = STEP_ORDER[: STEP_ORDER.index(upto)] if upto else STEP_ORDER
        self.rows = []
        for row, step in enumerate(self.steps):
            tick, title, word = (
                label("tick", False),
                label("checkItem"),
                label("checkStatus", False),
            )
            self.addWidget(tick, row, 0)
            self.addWidget(title, row, 1)
            self.addWidget(word, row, 2)
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
            word.setText(texts.status_word(status))


class ConfirmAccessPage(StepPage):
    step_id = StepId.CONFIRM_ACCESS

    def __init__(self, wizard: Wizard) -> None:
        super().__init__(wizard.switcher, skippable=True)
        self.setObjectName("confirmAccessPage")
        self.wizard = wizard
        self.checklist = ChecklistView(StepId.CONFIRM_ACCESS)
        self.content.addLayout(self.checklist)
        self.content.addSpacing(16)
        self.question = label("bigValue")
        self.content.addWidget(self.question)
        self.content.addStretch(1)
        self.primary_clicked.connect(self._confirm)
        wizard.switcher.register(self)
        self.retranslate()

    def enter(self, enrollment: Enrollment | None) -> None:
        super().enter(enrollment)
        self.retranslate()

    def _confirm(self) -> None:
        self.wizard.apply(
            lambda e: e.complete_step(StepId.CONFIRM_ACCESS, "patient-confirmed"),
            lambda e: self.wizard.advance(),
            self,
        )

    def retranslate(self) -> None:
        super().retranslate()
        self.set_texts(
            self.tr("Check that it works"),
            "",
            self.tr(
                "Can you see the portal's home page on your phone? Tap Messages - that is "
                "where our replies will be."
            ),
            self.tr("Yes, it works"),
        )
        self.question.setText(self.tr("Can you log in and find your messages?"))
        self.checklist.render(self.wizard.enrollment)
