"""Step 7: the quick-reference card, in the patient's language.

The step is done only when the card really reached the patient:
- printed: CUPS completed the print job (kiosk.printing watches the job state), or
- sent: the portal e-mailed / texted it to the patient (when a portal API is configured), or
- saved: staff saved the PDF to a folder they chose.
Otherwise it is FAILED with the reason (no printer, the printer did not take the job), the
patient is told in plain words, and staff still have the other ways. No file path is ever shown
on this screen. The PDF made for printing lives in a private temporary folder that is deleted
as soon as CUPS has its copy; a saved card lives only where staff chose. Rendering, printing,
sending and saving all run off the GUI thread (TaskRunner.net).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QFrame, QHBoxLayout, QVBoxLayout

from kiosk import expiry, printing
from kiosk.card import CardContent, reply_sentence
from kiosk.enrollment import StepId, StepStatus, parse_iso
from kiosk.ui import dates, documents
from kiosk.ui.auto_advance import AutoAdvance
from kiosk.ui.fit_field import SIDE_ROOM, STAFF_ROOM, wrap_label
from kiosk.ui.qr_view import QrCodeView
from kiosk.ui.step_page import StepPage, button, label

if TYPE_CHECKING:
    from kiosk.enrollment import Enrollment
    from kiosk.ui.context import StepContext

PRINT_WAIT_SECONDS = 30.0  # how long CUPS may take to complete the job before it counts as stuck
CARD_TITLE = "Portal card"  # the CUPS job title: never patient data (CUPS keeps job history)


def card_content(ctx: StepContext, enrollment: Enrollment) -> CardContent:
    config = ctx.config
    username = enrollment.email or enrollment.mobile or ""
    expires = expiry.invitation_expiry(
        enrollment.steps[StepId.SEND_INVITATION].at,
        ctx.invitation_expires_at,
        config.portal.invitation_expiry_days,
    )
    expires_text = (
        dates.long_date_text(parse_iso(expires).astimezone().date(), enrollment.language)
        if expires
        else None
    )
    return CardContent(
        invitation_expires=expires_text,
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


def print_card_job(content: CardContent, printer: str | None, wait_seconds: float) -> str:
    """Render the card into a private temporary folder, print it through CUPS, delete it.
    Returns a kiosk.printing outcome. Runs on a worker thread."""
    folder = Path(tempfile.mkdtemp(prefix="kiosk-card-"))  # mode 0700: this user only
    try:
        path = documents.render_reference_card_pdf(folder / "card.pdf", content)
        return printing.print_pdf(path, CARD_TITLE, printer, wait_seconds).outcome
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class ReferenceCardPage(StepPage):
    step_id = StepId.REFERENCE_CARD
    print_wait_seconds = PRINT_WAIT_SECONDS

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx.switcher, skippable=True)
        self.setObjectName("referenceCardPage")
        self.ctx = ctx
        self._busy = False
        self._dialog: QFileDialog | None = None
        row = QHBoxLayout()
        self.card = QFrame()
        self.card.setObjectName("cardPreview")
        # Text column + QR: a box layout (not a grid with a row-spanning QR) gives wrapped
        # lines the height they need when the patient picks larger text.
        card_row = QHBoxLayout(self.card)
        card_row.setContentsMargins(16, 4, 16, 4)
        lines = QVBoxLayout()
        lines.setSpacing(0)
        self.card_title = label("cardTitle")
        self.card_lines = [label("cardLine") for _ in range(4)]
        self.qr = QrCodeView()
        self.qr.setFixedSize(200, 200)
        lines.addWidget(self.card_title)
        for line in self.card_lines:
            lines.addWidget(line)
        card_row.addLayout(lines, 1)
        card_row.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.card, 1)
        self.content.addLayout(row)
        self.status = label("statusText")
        self.content.addWidget(self.status)
        self.content.addStretch(1)
        # Patient side: print again after a failure, or have it sent.
        self.retry_button = button("printAgainButton")
        self.retry_button.clicked.connect(self._print)
        self.send_button = button("sendCardButton")
        self.send_button.clicked.connect(self._send)
        self.side_extra.addWidget(self.retry_button)
        self.side_extra.addWidget(self.send_button)
        # Staff: save the PDF to a folder they choose (a USB stick, a shared drive).
        self.save_button = button("saveCardButton")
        self.save_button.clicked.connect(self._choose_folder)
        self.staff_extra.addWidget(self.save_button)
        self.staff_note = label("staffNote")
        self.staff_extra.addWidget(self.staff_note)
        self.primary_clicked.connect(self._primary)
        self.auto_advance = AutoAdvance(self, ctx)
        ctx.switcher.register(self)
        self.retranslate()

    # ---- state --------------------------------------------------------------------------
    def _state(self) -> tuple[StepStatus, str | None]:
        e = self.ctx.enrollment
        if e is None:
            return StepStatus.PENDING, None
        state = e.steps[StepId.REFERENCE_CARD]
        return state.status, state.reason

    @property
    def done(self) -> bool:
        return self._state()[0] == StepStatus.DONE

    @property
    def failed(self) -> bool:
        return self._state()[0] == StepStatus.FAILED

    def enter(self, enrollment: Enrollment | None) -> None:
        super().enter(enrollment)
        self.qr.set_data(self.ctx.config.portal.login_url if enrollment else None)
        self.retranslate()

    def leave(self) -> None:
        self.auto_advance.cancel()

    def reset(self) -> None:
        super().reset()
        self.auto_advance.cancel()
        self.qr.set_data(None)
        self._busy = False
        self.staff_note.clear()
        if self._dialog is not None:
            self._dialog.reject()
            self._dialog = None
        self.status.clear()
        for line in self.card_lines:
            line.clear()

    # ---- intents ------------------------------------------------------------------------
    def _primary(self) -> None:
        if self.done or self.failed:
            self.auto_advance.cancel()  # a tap on Next does not wait for it
            self.ctx.advance()
        else:
            self._print()

    def _run(
        self,
        work: Callable[[], Any],
        finished: Callable[[Any], None],
        busy_text: Callable[[], str],
    ) -> None:
        """Run `work()` off the GUI thread; `finished(result)` unless the screen was wiped."""
        e = self.ctx.enrollment
        if e is None or self._busy:
            return
        self._busy = True
        self.show_message(busy_text, "info")
        self.retranslate()

        def ended() -> None:
            self._busy = False

        def done(result: Any) -> None:
            self.clear_message()
            finished(result)

        def failed(_exc: Exception) -> None:
            done(None)

        self.ctx.tasks.net(work, done, failed, always=ended)

    def _print(self) -> None:
        e = self.ctx.enrollment
        if e is None:
            return
        content = card_content(self.ctx, e)
        printer = self.ctx.config.kiosk.printer or None
        wait = self.print_wait_seconds
        self._run(
            lambda: print_card_job(content, printer, wait),
            self._printed,
            lambda: self.tr("Printing your card..."),
        )

    def _printed(self, outcome: str | None) -> None:
        if outcome == printing.ACCEPTED:
            self._record_done("printed")
        else:
            self._record_failed(outcome or printing.FAILED)

    def _send(self) -> None:
        e = self.ctx.enrollment
        if e is None:
            return
        content = card_content(self.ctx, e)
        portal, patient, enrollment_id = self.ctx.portal, e.patient, e.id
        email, mobile = e.email, e.mobile
        channel = e.channel.value if e.channel else ("email" if email else "sms")

        def send() -> bool:
            folder = Path(tempfile.mkdtemp(prefix="kiosk-card-"))
            try:
                pdf = documents.render_reference_card_pdf(folder / "card.pdf", content)
                portal.send_card(
                    patient,
                    email,
                    mobile,
                    channel,
                    content.language,
                    pdf.read_bytes(),
                    f"{enrollment_id}:card",
                )
                return True
            finally:
                shutil.rmtree(folder, ignore_errors=True)

        self._run(
            send,
            lambda ok: self._record_done("sent") if ok else self._record_failed("send-failed"),
            lambda: self.tr("Sending your card..."),
        )

    def _choose_folder(self) -> None:
        """Staff pick a folder (Qt's own dialog: works on the touch screen, no native one)."""
        if self._dialog is not None or self.ctx.enrollment is None:
            return
        dialog = QFileDialog(self, self.tr("Save the card in this folder"))
        dialog.setObjectName("saveCardDialog")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.fileSelected.connect(self._save_to)
        dialog.finished.connect(self._dialog_closed)
        self._dialog = dialog
        dialog.open()

    def _dialog_closed(self, _result: int) -> None:
        if self._dialog is not None:
            self._dialog.deleteLater()
        self._dialog = None

    def _save_to(self, folder: str) -> None:
        e = self.ctx.enrollment
        if e is None or not folder:
            return
        content = card_content(self.ctx, e)
        # The file name carries the enrollment id only: no patient data in file names.
        target = Path(folder) / f"card-{e.id}.pdf"

        def save() -> bool:
            documents.render_reference_card_pdf(target, content)
            return True

        def saved(ok: object) -> None:
            if ok:
                self._record_done("saved-by-staff")
            else:
                self.staff_note.setText(self.tr("The card could not be saved in that folder."))
                self.staff_note.show()

        self._run(save, saved, lambda: self.tr("Saving the card..."))

    def _record_done(self, how: str) -> None:
        def recorded(_e: Enrollment) -> None:
            self.retranslate()
            self.auto_advance.arm()  # "printed"/"sent" shows, then Finish comes by itself

        self.ctx.apply(lambda e: e.complete_step(StepId.REFERENCE_CARD, how), recorded, self)

    def _record_failed(self, reason: str) -> None:
        self.ctx.apply(
            lambda e: e.fail_step(StepId.REFERENCE_CARD, reason),
            lambda e: self.retranslate(),
            self,
        )

    # ---- words --------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        status, reason = self._state()
        done, failed = status == StepStatus.DONE, status == StepStatus.FAILED
        self.set_texts(
            self.tr("Your quick-reference card"),
            "",
            self.tr(
                "Here is a card with everything you need: the web address, your username and "
                "our phone number. Keep it in your wallet."
            ),
            self.tr("Next") if done or failed else self.tr("Print the card"),
        )
        self.primary.setEnabled(not self._busy)
        open_step = not done and self.ctx.enrollment is not None
        self.retry_button.setText(
            wrap_label(self.retry_button, self.tr("Try printing again"), SIDE_ROOM)
        )
        self.retry_button.setVisible(failed and not self._busy)
        self.send_button.setText(
            wrap_label(self.send_button, self.tr("Send it to my phone or email"), SIDE_ROOM)
        )
        self.send_button.setVisible(
            open_step and bool(self.ctx.config.portal.api_url) and not self._busy
        )
        self.save_button.setText(
            wrap_label(self.save_button, self.tr("Save the card to a folder..."), STAFF_ROOM)
        )
        self.staff_note.setVisible(bool(self.staff_note.text()))
        self.save_button.setVisible(open_step and not self._busy)
        e = self.ctx.enrollment
        config = self.ctx.config
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
        self._show_outcome(status, reason)

    def _show_outcome(self, status: StepStatus, reason: str | None) -> None:
        """What happened, in the patient's words - never where a file is."""
        if status == StepStatus.DONE:
            text, kind = (
                {
                    "printed": self.tr("Your card is printed. Please take it from the printer."),
                    "sent": self.tr("Your card was sent to you."),
                    "saved-by-staff": self.tr("Your card is saved. Staff will give you a copy."),
                }.get(reason or "", self.tr("Your card is ready.")),
                "ok",
            )
        elif status == StepStatus.FAILED:
            text = {
                printing.NO_PRINTER: self.tr(
                    "The card was not printed: there is no printer here. Staff can save it "
                    "or send it to you."
                ),
                printing.NOT_ACCEPTED: self.tr(
                    "The card was not printed: the printer did not take it. Staff can try "
                    "again, save it or send it to you."
                ),
                "send-failed": self.tr("The card could not be sent. Staff can print or save it."),
            }.get(
                reason or "",
                self.tr("The card was not printed. Staff can try again, save it or send it."),
            )
            kind = "error"
        else:
            self.status.clear()
            return
        self.status.setText(text)
        self.status.setProperty("kind", kind)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)


__all__ = ["ReferenceCardPage", "card_content", "print_card_job", "reply_sentence"]
