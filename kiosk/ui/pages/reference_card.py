"""Step 7: the quick-reference card, in the patient's language: printed when a printer exists,
always saved as a PDF (rendered off the GUI thread) in the kiosk's documents folder.

After printing or saving, the page stays and says what happened and where the PDF is (the file
name carries the enrollment id, never the patient's name); the primary action becomes Next."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout

from kiosk.card import CardContent, reply_sentence
from kiosk.enrollment import StepId, StepStatus
from kiosk.ui import documents
from kiosk.ui.qr_view import QrCodeView
from kiosk.ui.step_page import StepPage, label

if TYPE_CHECKING:
    from kiosk.enrollment import Enrollment
    from kiosk.ui.wizard import Wizard


def card_content(wizard: Wizard, enrollment: Enrollment) -> CardContent:
    config = wizard.config
    username = enrollment.email or enrollment.mobile or ""
    return CardContent(
        practice_name=config.practice.name,
        portal_name=config.portal.display_name(enrollment.language),
        reset_button=config.portal.reset_button_label(enrollment.language),
        reset_button_translated=enrollment.language != "es" or bool(config.portal.reset_button_es),
        login_url=config.portal.login_url,
        qr_url=config.portal.login_url,
        username=username,
        practice_phone=config.practice.phone,
        reply_days=max(1, config.practice.reply_promise_days),
        language=enrollment.language,
    )


class ReferenceCardPage(StepPage):
    step_id = StepId.REFERENCE_CARD

    def __init__(self, wizard: Wizard) -> None:
        super().__init__(wizard.switcher, skippable=True)
        self.setObjectName("referenceCardPage")
        self.wizard = wizard
        self._pdf_path = None
        self._printed = False
        self._printing = False
        row = QHBoxLayout()
        self.card = QFrame(objectName="cardPreview")
        grid = QGridLayout(self.card)
        grid.setContentsMargins(20, 16, 20, 16)
        self.card_title = label("cardTitle")
        self.card_lines = [label("cardLine") for _ in range(4)]
        self.qr = QrCodeView()
        self.qr.setFixedSize(240, 240)
        grid.addWidget(self.card_title, 0, 0)
        for index, line in enumerate(self.card_lines, start=1):
            grid.addWidget(line, index, 0)
        grid.addWidget(self.qr, 0, 1, 5, 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 1)
        row.addWidget(self.card, 1)
        self.content.addLayout(row)
        self.status = label("statusText")
        self.content.addWidget(self.status)
        self.content.addStretch(1)
        self.primary_clicked.connect(self._print)
        wizard.switcher.register(self)
        self.retranslate()

    @property
    def done(self) -> bool:
        e = self.wizard.enrollment
        return bool(e and e.status(StepId.REFERENCE_CARD) == StepStatus.DONE)

    def enter(self, enrollment: Enrollment | None) -> None:
        super().enter(enrollment)
        self.qr.set_data(self.wizard.config.portal.login_url if enrollment else None)
        self.retranslate()

    def reset(self) -> None:
        super().reset()
        self.qr.set_data(None)
        self._pdf_path = None
        self._printed = False
        self._printing = False
        self.status.clear()
        for line in self.card_lines:
            line.clear()

    def _print(self) -> None:
        e = self.wizard.enrollment
        if e is None or self._printing:
            return
        if self.done:
            self.wizard.advance()
            return
        self._printing = True
        content = card_content(self.wizard, e)
        # The file name carries the enrollment id only: no patient data in file names.
        path = self.wizard.output_dir / f"card-{e.id}.pdf"
        generation = self.wizard._generation
        self.show_message(lambda: self.tr("Preparing the card..."), "info")

        def render():  # noqa: ANN202
            path.parent.mkdir(parents=True, exist_ok=True)
            return documents.render_reference_card_pdf(path, content)

        self.wizard.tasks.net(
            render,
            lambda p: self._rendered(p, content, generation),
            lambda exc: self._render_failed(generation),
        )

    def _rendered(self, path, content: CardContent, generation: int) -> None:  # noqa: ANN001
        self._printing = False
        if generation != self.wizard._generation:
            return
        self._pdf_path = path
        self._printed = documents.print_card(content, self)
        detail = "printed" if self._printed else "pdf-saved"
        self.clear_message()
        self.wizard.apply(
            lambda e: e.complete_step(StepId.REFERENCE_CARD, detail),
            lambda e: self.retranslate(),
            self,
        )

    def _render_failed(self, generation: int) -> None:
        self._printing = False
        if generation == self.wizard._generation:
            self.show_message(
                lambda: self.tr("The card could not be made. Try again, or skip this step.")
            )

    def retranslate(self) -> None:
        super().retranslate()
        self.set_texts(
            self.tr("Your quick-reference card"),
            "",
            self.tr(
                "Here is a card with everything you need: the web address, your username and "
                "our phone number. Keep it in your wallet."
            ),
            self.tr("Next") if self.done else self.tr("Print the card"),
        )
        e = self.wizard.enrollment
        config = self.wizard.config
        self.card_title.setText(config.practice.name)
        if e is not None:
            username = e.email or e.mobile or ""
            lines = (
                self.tr("Sign in at: %1").replace("%1", config.portal.login_url),
                self.tr("Your username: %1").replace("%1", username),
                self.tr("Questions? Call %1").replace("%1", config.practice.phone),
                self.tr("We reply to portal messages within one business day.")
                if config.practice.reply_promise_days <= 1
                else self.tr("We reply to portal messages within %1 business days.").replace(
                    "%1", str(config.practice.reply_promise_days)
                ),
            )
            for line, text in zip(self.card_lines, lines, strict=True):
                line.setText(text)
        self._show_outcome()

    def _show_outcome(self) -> None:
        """Printed / saved, and where the PDF is: a receptionist can find it again."""
        if not self.done or self._pdf_path is None:
            self.status.clear()
            return
        # Break opportunities after each separator: a long folder wraps instead of clipping.
        where = str(self._pdf_path).replace(os.sep, os.sep + "\u200b")
        if self._printed:
            text = self.tr("Printed. A copy is saved as PDF: %1").replace("%1", where)
        else:
            text = self.tr("No printer: the card is saved as PDF: %1").replace("%1", where)
        self.status.setText(text)
        self.status.setProperty("kind", "ok")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)


__all__ = ["ReferenceCardPage", "card_content", "reply_sentence"]
