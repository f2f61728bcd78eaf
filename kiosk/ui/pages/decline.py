"""Decline, from any step: the patient names the barrier and is offered its remedy.

no email           -> invite by text message instead (back to step 1 on the SMS path)
computers          -> sign up for a help session (the chosen slot is recorded)
privacy            -> the one-page privacy handout, printed or saved as PDF
no benefit         -> a short benefits summary on screen (and on paper)
other              -> a few words, typed on the on-screen keyboard
The outcome, the reason and whether the remedy was taken are stored with the enrollment.

The remedy is the screen's one primary action ("Invite me by text message", "Book a help
session", "Print the privacy handout", "Let's try it after all"); recording the decline without
it is a secondary, staff-panel button. Only "another reason" has no remedy: there, recording
is the primary action.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.enrollment import DeclineReason, iso
from kiosk.playbook import DECLINE_REASONS, help_session_slots
from kiosk.ui import dates, documents
from kiosk.ui.a11y import mark_when_checked, name_field
from kiosk.ui.fit_field import STAFF_ROOM, wrap_label
from kiosk.ui.keyboard import NameKeyboard
from kiosk.ui.pages import texts
from kiosk.ui.step_page import StepPage, button, label

if TYPE_CHECKING:
    from pathlib import Path

    from kiosk.enrollment import Enrollment
    from kiosk.ui.context import SessionContext

REASONS, OTHER, SMS, HELP, PRIVACY, BENEFITS = range(6)
SCREEN_FOR = {
    DeclineReason.NO_EMAIL: SMS,
    DeclineReason.NOT_COMFORTABLE_WITH_COMPUTERS: HELP,
    DeclineReason.PRIVACY: PRIVACY,
    DeclineReason.NO_BENEFIT: BENEFITS,
    DeclineReason.OTHER: OTHER,
}


class DeclinePage(StepPage):
    def __init__(self, ctx: SessionContext) -> None:
        super().__init__(ctx.switcher, declinable=False)
        self.setObjectName("declinePage")
        self.ctx = ctx
        self._reason: DeclineReason | None = None
        self._slots: list[datetime] = []
        self._busy = False
        self.screens = QStackedWidget()
        self.content.addWidget(self.screens, 1)

        # reasons
        reasons = QWidget()
        box = QVBoxLayout(reasons)
        box.setContentsMargins(0, 0, 0, 0)
        self.reason_buttons = {}
        for reason in DECLINE_REASONS:
            b = button(f"declineReason-{reason.value}")
            b.clicked.connect(lambda _=False, r=reason: self._choose(r))
            box.addWidget(b)
            self.reason_buttons[reason] = b
        box.addStretch(1)
        self.screens.addWidget(reasons)

        # other: a few words
        other = QWidget()
        box = QVBoxLayout(other)
        box.setContentsMargins(0, 0, 0, 0)
        self.other_field = QLineEdit()
        self.other_field.setObjectName("declineOtherField")
        self.other_field.setMaxLength(200)
        self.other_keyboard = NameKeyboard(capitalize_words=False, done_text=None)
        self.other_keyboard.attach(self.other_field)
        self.other_label = label("fieldLabel")
        box.addWidget(self.other_label)
        box.addWidget(self.other_field)
        box.addWidget(self.other_keyboard, 1)
        self.screens.addWidget(other)

        # text-message alternative
        sms = QWidget()
        box = QVBoxLayout(sms)
        box.setContentsMargins(0, 0, 0, 0)
        self.sms_text = label("bodyText")
        box.addWidget(self.sms_text)
        box.addStretch(1)
        self.screens.addWidget(sms)

        # help session
        help_screen = QWidget()
        box = QVBoxLayout(help_screen)
        box.setContentsMargins(0, 0, 0, 0)
        self.help_text = label("bodyText")
        box.addWidget(self.help_text)
        self.slot_buttons = []
        self.slot_group = QButtonGroup(self)
        self.slot_group.setExclusive(True)
        for index in range(3):
            b = button(f"helpSlot-{index}")
            b.setCheckable(True)  # choose a morning; the primary action books it
            mark_when_checked(b)  # a check mark and outline, never the primary's fill
            self.slot_group.addButton(b, index)
            box.addWidget(b)
            self.slot_buttons.append(b)
        box.addStretch(1)
        self.screens.addWidget(help_screen)

        # privacy handout
        privacy = QWidget()
        box = QVBoxLayout(privacy)
        box.setContentsMargins(0, 0, 0, 0)
        self.privacy_text = label("bodyText")
        self.privacy_points = label("bulletText")
        box.addWidget(self.privacy_text)
        box.addWidget(self.privacy_points)
        box.addStretch(1)
        self.screens.addWidget(privacy)

        # benefits summary
        benefits = QWidget()
        box = QVBoxLayout(benefits)
        box.setContentsMargins(0, 0, 0, 0)
        self.benefit_points = label("bulletText")
        box.addWidget(self.benefit_points)
        box.addStretch(1)
        self.screens.addWidget(benefits)

        # Staff panel: record the decline without the remedy (secondary).
        self.record_button = button("recordDeclineButton")
        self.record_button.clicked.connect(self._record)
        self.staff_extra.addWidget(self.record_button)
        self.back_clicked.connect(self._back)
        self.primary_clicked.connect(self._remedy)
        ctx.switcher.register(self)
        self.retranslate()

    # ---- lifecycle ----------------------------------------------------------------------
    def enter(self, enrollment: Enrollment | None) -> None:
        super().enter(enrollment)
        self._reason = None
        self._busy = False
        self.screens.setCurrentIndex(REASONS)
        self.retranslate()

    def reset(self) -> None:
        super().reset()
        self._reason = None
        self._busy = False
        self.other_field.clear()
        self.screens.setCurrentIndex(REASONS)

    def _back(self) -> None:
        if self.screens.currentIndex() != REASONS:
            self.screens.setCurrentIndex(REASONS)
            self._reason = None
            self.clear_message()
            self.retranslate()
        else:
            self.ctx.close_decline()

    def _choose(self, reason: DeclineReason) -> None:
        self._reason = reason
        self.screens.setCurrentIndex(SCREEN_FOR[reason])
        if reason == DeclineReason.NOT_COMFORTABLE_WITH_COMPUTERS:
            self._slots = help_session_slots(date.today())
            self.slot_buttons[0].setChecked(True)  # the earliest morning, unless they pick
        self.clear_message()
        self.retranslate()

    # ---- remedies -----------------------------------------------------------------------
    def _use_sms(self) -> None:
        """The remedy for 'no email' is enrolment by text message: back to step 1."""
        self.ctx.contact_without_email()

    def _remedy(self) -> None:
        """The primary action: the screen's remedy (or, for "another reason", the record)."""
        screen = self.screens.currentIndex()
        if screen == SMS:
            self._use_sms()
        elif screen == HELP:
            self._book_help(max(0, self.slot_group.checkedId()))
        elif screen == PRIVACY:
            self._print_handout()
        elif screen == BENEFITS:
            self.ctx.close_decline()
        else:
            self._record()

    def _book_help(self, index: int) -> None:
        if index >= len(self._slots):
            return
        slot = self._slots[index]
        self._decline(remedy_taken=True, help_session_at=iso(slot.astimezone()))

    def _print_handout(self) -> None:
        e = self.ctx.enrollment
        if e is None or self._busy:
            return
        self._busy = True
        practice = self.ctx.config.practice
        language = e.language
        path = self.ctx.output_dir / f"privacy-{e.id}.pdf"

        def render() -> Path:
            path.parent.mkdir(parents=True, exist_ok=True)
            return documents.render_privacy_handout_pdf(
                path, language, practice.name, practice.phone
            )

        self.show_message(lambda: self.tr("Preparing the handout..."), "info")

        def ended() -> None:
            self._busy = False

        def rendered(_path: object) -> None:
            documents.print_privacy_handout(language, practice.name, practice.phone, self)
            self._decline(remedy_taken=True)

        def failed(_exc: Exception) -> None:
            self.show_message(lambda: self.tr("The handout could not be made. Please try again."))

        self.ctx.tasks.net(render, rendered, failed, always=ended)

    def _record(self) -> None:
        """Record the decline without taking the remedy (staff panel; the primary action on
        "another reason"). The benefits summary counts as given: it was on screen."""
        if self._reason is None:
            return
        if self._reason == DeclineReason.OTHER:
            if not self.other_field.text().strip():
                self.show_message(lambda: self.tr("Please type a few words about the reason."))
                return
            self._decline(remedy_taken=False, text=self.other_field.text())
        elif self._reason == DeclineReason.NO_BENEFIT:
            self._decline(remedy_taken=True)  # the summary was shown on screen
        else:
            self._decline(remedy_taken=False)

    def _decline(
        self, remedy_taken: bool, help_session_at: str | None = None, text: str | None = None
    ) -> None:
        reason = self._reason
        if reason is None:
            return
        self.ctx.apply(
            lambda e: e.decline(reason, text, remedy_taken, help_session_at),
            lambda e: self.ctx.show_done(),
            self,
        )

    # ---- words --------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        screen = self.screens.currentIndex()
        script = self.tr(
            "That's completely fine. May I ask what's holding you back? It helps us make "
            "the portal work for more people."
        )
        primary = None
        instructions = ""
        if screen == REASONS:
            title = self.tr("Not today?")
            instructions = self.tr("Tap the reason that fits best.")
        elif screen == OTHER:
            title = self.tr("Another reason")
            instructions = self.tr("Type a few words about the reason.")
            primary = self.tr("Record the decline")
        elif screen == SMS:
            title = self.tr("No email? Use text messages")
            script = self.tr(
                "You don't need email. We can send the invitation to your mobile phone by "
                "text message instead."
            )
            primary = self.tr("Invite me by text message")
        elif screen == HELP:
            title = self.tr("We can help you learn it")
            script = self.tr(
                "We run short help sessions where someone sits with you and sets it up. "
                "Which morning works for you?"
            )
            primary = self.tr("Book a help session")
        elif screen == PRIVACY:
            title = self.tr("Your privacy is protected")
            script = self.tr(
                "Your information is protected by law (HIPAA). The portal is encrypted and "
                "only you know your password. Would you like a handout to read at home?"
            )
            primary = self.tr("Print the privacy handout")
        else:
            title = self.tr("What the portal does for you")
            script = self.tr(
                "Many patients like not having to call: you can message us, see results and "
                "book visits any time."
            )
            primary = self.tr("Let's try it after all")
        self.set_texts(title, instructions, script, primary)
        self.skip_button.hide()
        self.record_button.setText(
            wrap_label(self.record_button, self.tr("Record the decline"), STAFF_ROOM)
        )
        self.record_button.setVisible(screen not in (REASONS, OTHER))
        for reason, b in self.reason_buttons.items():
            b.setText(texts.decline_reason(reason))
        self.other_field.setPlaceholderText(self.tr("A few words"))
        self.other_label.setText(self.tr("Your reason"))
        name_field(self.other_field, self.other_label, self.other_label.text())
        self.sms_text.setText(
            self.tr(
                "You don't need email. We can send your invitation to your mobile phone as a "
                "text message."
            )
        )
        self.help_text.setText(
            self.tr("A staff member sits with you for 15 minutes. Pick a morning:")
        )
        slots: list[datetime | None] = [*self._slots] or [None] * 3
        for b, slot in zip(self.slot_buttons, slots, strict=True):
            if slot is None:
                b.setText("")
                continue
            b.setText(dates.slot_text(slot, self.switcher.language))
        self.privacy_text.setText(self.tr("How we protect your information:"))
        self.privacy_points.setText(
            "\u2022 "
            + self.tr("The law (HIPAA) protects your health information.")
            + "\n\u2022 "
            + self.tr("Everything in the portal travels encrypted, like online banking.")
            + "\n\u2022 "
            + self.tr("Only you know your password. Our staff never ask for it.")
        )
        self.benefit_points.setText(
            "\u2022 "
            + self.tr("Message your care team without waiting on the phone.")
            + "\n\u2022 "
            + self.tr("See your test results as soon as they are ready.")
            + "\n\u2022 "
            + self.tr("Ask for prescription refills.")
            + "\n\u2022 "
            + self.tr("Book, move or cancel appointments yourself.")
        )
