"""The numbered progress stepper across the top of the patient side of every patient screen.

Its items come from the checklist (kiosk.enrollment.CHECKLIST): the steps the patient walks
through on screen, numbered as in the checklist, then a finish mark standing for the steps that
happen when the enrollment is finished (documenting it in the EHR, the follow-up). Finding the
patient comes before step 1. Each dot shows its step's state from the enrollment record; the
current one is outlined. A change is spoken by screen readers (kiosk.ui.a11y).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from kiosk.enrollment import StepStatus, interactive_steps, step_definition
from kiosk.ui.a11y import announce
from kiosk.ui.pages import texts

if TYPE_CHECKING:
    from kiosk.enrollment import Enrollment

FINISH = "finish"
BEFORE = None  # finding the patient: before step 1
FINISH_MARK = "\u2691"  # a flag: the end of the road


class ProgressStepper(QWidget):
    """Where the patient is: "Step 3 of 7" and one dot per step (done, current, to do)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progressStepper")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.caption = QLabel()
        self.caption.setObjectName("stepCaption")
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.caption)
        layout.addSpacing(8)
        # The steps the patient sees, numbered as in the checklist (read when the page is built).
        self.steps = [step_definition(step) for step in interactive_steps()]
        self.dots: dict[str, QLabel] = {}
        for step in self.steps:
            self.dots[step.id] = self._dot(str(step.number))
        self.dots[FINISH] = self._dot(FINISH_MARK)
        for dot in self.dots.values():
            layout.addWidget(dot)
        layout.addStretch(1)
        self._position: str | None = BEFORE
        self._statuses: dict[str, str] = {}
        self._spoken = ""
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    @staticmethod
    def _dot(text: str) -> QLabel:
        dot = QLabel(text)
        dot.setObjectName("stepDot")
        dot.setAlignment(Qt.AlignmentFlag.AlignCenter)
        dot.setProperty("status", "pending")
        return dot

    @property
    def total(self) -> int:
        return len(self.steps)

    def position(self) -> str | None:
        return self._position

    def show_position(self, position: str | None, enrollment: Enrollment | None = None) -> None:
        """position: BEFORE (finding the patient), a walked step's id, or FINISH."""
        self._position = position
        self._statuses = {
            s.id: (enrollment.status(s.id).value if enrollment is not None else "pending")
            for s in self.steps
        }
        self.retranslate()

    def caption_text(self) -> str:
        if self._position is BEFORE:
            return QCoreApplication.translate("ProgressStepper", "Your details")
        if self._position == FINISH:
            return QCoreApplication.translate("ProgressStepper", "Finish")
        number = [s.id for s in self.steps].index(self._position) + 1
        return (
            QCoreApplication.translate("ProgressStepper", "Step %1 of %2")
            .replace("%1", str(number))
            .replace("%2", str(self.total))
        )

    def spoken_text(self) -> str:
        """What a screen reader says: the caption, the step's name and how many are done."""
        done = sum(1 for v in self._statuses.values() if v == StepStatus.DONE.value)
        where = self.caption_text()
        if self._position is not BEFORE and self._position != FINISH:
            where += ": " + texts.step_title(self._position)
        return (
            where
            + ". "
            + QCoreApplication.translate("ProgressStepper", "%1 of %2 steps done.")
            .replace("%1", str(done))
            .replace("%2", str(self.total))
        )

    def retranslate(self) -> None:
        self.caption.setText(self.caption_text())
        for key, dot in self.dots.items():
            if key == self._position:
                status = "current"
            elif key == FINISH:
                status = "pending"
            else:
                status = self._statuses.get(key, "pending")
            if dot.property("status") != status:
                dot.setProperty("status", status)
                dot.style().unpolish(dot)
                dot.style().polish(dot)
            title = (
                texts.step_title(key)
                if key != FINISH
                else QCoreApplication.translate("ProgressStepper", "Finish")
            )
            word = (
                QCoreApplication.translate("ProgressStepper", "current step")
                if status == "current"
                else texts.status_word(status)
            )
            dot.setAccessibleName(title + ", " + word)
        self.setAccessibleName(QCoreApplication.translate("ProgressStepper", "Progress"))
        spoken = self.spoken_text()
        if spoken != self._spoken:
            self._spoken = spoken
            if self.isVisible():
                announce(self, spoken)
            else:
                self.setAccessibleDescription(spoken)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        """A page coming into view speaks where the patient now is."""
        super().showEvent(event)
        announce(self, self._spoken)
