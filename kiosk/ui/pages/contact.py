"""Step 1: the patient's email (with typo help) and mobile number, and how to invite them.

Live validation as the patient types (kiosk.validation), a one-tap "Did you mean ...?" for
mistyped domains, and "I don't have email" switches to the text-message path, where the
patient's own tap records their consent to texts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel

from kiosk import family
from kiosk.enrollment import Channel, StepId
from kiosk.ui import i18n
from kiosk.ui.a11y import mark_when_checked, name_field
from kiosk.ui.fit_field import FitLineEdit
from kiosk.ui.keyboard import EmailKeyboard, PhoneKeypad
from kiosk.ui.on_file import OnFileSteps, SuggestionRow
from kiosk.ui.pages.sms_consent import SmsConsentPanel
from kiosk.ui.step_page import (
    KeyboardSlot,
    StepPage,
    button,
    fit_side_choice,
    label,
)
from kiosk.validation import format_mobile, parse_email, parse_mobile

if TYPE_CHECKING:
    from kiosk.enrollment import Enrollment
    from kiosk.ui.context import StepContext


class ContactPage(OnFileSteps, StepPage):
    step_id = StepId.COLLECT_CONTACT

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx.switcher, skippable=False)
        self.setObjectName("contactPage")
        self.ctx = ctx
        self._channel = Channel.EMAIL
        self._suggestion: str | None = None
        self._hint_sources: dict[QLabel, str] = {}

        email_row = QHBoxLayout()
        self.email_label = label("fieldLabel", wrap=False)
        email_row.addWidget(self.email_label)
        self.email = FitLineEdit(objectName="emailField")
        self.email.setMaxLength(254)
        self.email.textChanged.connect(self._email_changed)
        self.no_email = button("noEmailButton")
        self.no_email.clicked.connect(self.switch_to_sms)
        email_row.addWidget(self.email, 1)
        self.content.addLayout(email_row)

        hint_row = QHBoxLayout()
        self.email_hint = label("fieldHint")
        self.suggestion = button("suggestionButton")
        self.suggestion.clicked.connect(self._accept_suggestion)
        self.suggestion.hide()
        hint_row.addWidget(self.email_hint, 1)
        hint_row.addWidget(self.suggestion)
        # Under the field, not beside it: the address keeps the row's width at larger text.
        hint_row.addWidget(self.no_email)
        self.content.addLayout(hint_row)

        mobile_row = QHBoxLayout()
        self.mobile_label = label("fieldLabel", wrap=False)
        self.mobile = FitLineEdit(objectName="mobileField")
        self.mobile.setMaxLength(20)
        self.mobile.textChanged.connect(self._mobile_changed)
        self.channel_email = button("channelEmail")
        self.channel_sms = button("channelSms")
        for b, channel in ((self.channel_email, Channel.EMAIL), (self.channel_sms, Channel.SMS)):
            b.setCheckable(True)
            mark_when_checked(b)
            b.clicked.connect(lambda _=False, c=channel: self._set_channel(c))
        # The exact consent words and the patient's own "I agree" (kiosk/sms.py).
        self.sms_panel = SmsConsentPanel(ctx.config.practice.sms_sender, ctx.switcher.words)
        self.sms_consent = self.sms_panel.agree
        mark_when_checked(self.sms_consent)
        self.sms_consent.clicked.connect(lambda _=False: self._consent_tapped())
        mobile_row.addWidget(self.mobile_label)
        mobile_row.addWidget(self.mobile, 1)
        self.content.addLayout(mobile_row)

        self.mobile_hint = label("fieldHint")
        self.mobile_hint.hide()  # until there is something to say (see _hint)
        self.content.addWidget(self.mobile_hint)
        # How to send the invitation: next to Continue, where the patient's eye ends up.
        self.channel_label = label("fieldLabel")
        self.side_extra.addWidget(self.channel_label)
        # One above the other: a selected choice carries a check mark, and "Correo" with it
        # at the larger text size is wider than half the column.
        self.side_extra.addWidget(self.channel_email)
        self.side_extra.addWidget(self.channel_sms)
        self.side_extra.addWidget(self.sms_consent)  # the patient's own "I agree"

        self.chips = SuggestionRow("suggestChip")
        self.chips.hide()
        self.keyboards = KeyboardSlot()
        self.email_keyboard = EmailKeyboard()
        self.phone_keypad = PhoneKeypad()
        self.phone_keypad.setMaximumWidth(560)
        self.keyboards.bind(self.email, self.email_keyboard)
        self.keyboards.bind(self.mobile, self.phone_keypad)
        self.email_keyboard.done.connect(lambda: self.keyboards.activate(self.mobile))
        self.keyboards.setMaximumHeight(330)
        self.sms_panel.show_in(self.keyboards)  # the words take the keypad's place
        self.content.addWidget(self.keyboards, 1)

        self.primary_clicked.connect(self._continue)
        self._build_on_file()
        ctx.switcher.register(self)
        self._set_channel(Channel.EMAIL)

    # ---- lifecycle ----------------------------------------------------------------------
    def enter(self, enrollment: Enrollment | None) -> None:
        super().enter(enrollment)
        fresh = enrollment is not None and enrollment.channel is None
        if enrollment is not None and fresh and not (self.email.text() or self.mobile.text()):
            self._load_on_file(enrollment)
        elif self._confirming:
            self._show_on_file(False)
        if enrollment is not None and enrollment.channel is not None and not self.email.text():
            self.email.setText(enrollment.email or "")
            self.mobile.setText(format_mobile(enrollment.mobile) if enrollment.mobile else "")
            self._set_channel(enrollment.channel)
            if enrollment.sms_consent_record:
                self.sms_panel.restore(enrollment.sms_consent_record)
        self.keyboards.activate(self.mobile if self._channel == Channel.SMS else self.email)
        self.retranslate()

    def reset(self) -> None:
        super().reset()
        self._on_file = None
        self.on_file_panel.clear()
        self._show_on_file(False)
        self.chips.show_choices([])
        self.email.clear()
        self.mobile.clear()
        self.sms_panel.reset()
        self.email.setEnabled(True)
        self._set_channel(Channel.EMAIL)
        self.email_keyboard.attach(None)
        self.phone_keypad.attach(None)

    # ---- live validation ------------------------------------------------------------------
    def _email_changed(self, text: str) -> None:
        self.clear_message()
        self._suggestion = None
        if not text.strip():
            self._hint(self.email_hint, "", "hint")
        else:
            parsed = parse_email(text)
            if parsed.ok:
                self._suggestion = parsed.suggestion
                self._hint(self.email_hint, "", "ok")
            else:
                # While typing, a gentle hint; red only when they try to continue.
                self._hint(self.email_hint, parsed.error, "hint")
        self.retranslate()

    def _mobile_changed(self, text: str) -> None:
        self.clear_message()
        number = parse_mobile(text) if text.strip() else None
        self.sms_panel.set_number(number.value if number and number.ok else None)
        if number and number.ok and self._channel == Channel.SMS:
            self.sms_panel.show_words()
        if not text.strip():
            self._hint(self.mobile_hint, "", "hint")
        else:
            parsed = parse_mobile(text)
            self._hint(
                self.mobile_hint,
                "" if parsed.ok else parsed.error,
                "ok" if parsed.ok else "hint",
            )
        self.retranslate()

    def _hint(self, widget: QLabel, english: str | None, kind: str) -> None:
        """A validation message (English source from kiosk.validation) under a field."""
        self._hint_sources[widget] = english or ""
        widget.setText(i18n.shown(english))
        widget.setProperty("kind", kind)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
        # An empty line under a field is height the keyboard needs at larger text.
        widget.setVisible(bool(widget.text()))

    def _accept_suggestion(self) -> None:
        suggestion = self._suggestion
        if suggestion:
            self.email.setText(suggestion)
            self.email.setCursorPosition(len(suggestion))

    # ---- channel ----------------------------------------------------------------------------
    def _set_channel(self, channel: Channel) -> None:
        self._channel = channel
        self.channel_email.setChecked(channel == Channel.EMAIL)
        self.channel_sms.setChecked(channel == Channel.SMS)
        self.sms_consent.setVisible(channel == Channel.SMS)
        if channel == Channel.SMS:
            self.sms_panel.show_words()
        self.retranslate()

    def switch_to_sms(self) -> None:
        """No email is not a dead end: invite by text message instead (from the decline
        remedy too, where the contact on file may still be showing: the form comes back)."""
        if self._confirming:
            self._show_on_file(False)
            on_file = self._on_file
            if on_file is not None and on_file.mobile and not self.mobile.text():
                mobile = parse_mobile(on_file.mobile).value
                if mobile:
                    self.mobile.setText(format_mobile(mobile))
        self.email.clear()
        self.email.setEnabled(False)
        self._set_channel(Channel.SMS)
        self.keyboards.activate(self.mobile)

    # ---- save -------------------------------------------------------------------------------
    def _continue(self) -> None:
        email_text, mobile_text = self.email.text().strip(), self.mobile.text().strip()
        email = mobile = None
        problems = False
        if email_text and self.email.isEnabled():
            parsed = parse_email(email_text)
            if parsed.ok:
                email = parsed.value
            else:
                self._hint(self.email_hint, parsed.error, "error")
                problems = True
        elif self._channel == Channel.EMAIL:
            self._hint(
                self.email_hint,
                "Please enter an email address.",
                "error",
            )
            problems = True
        if mobile_text or self._channel == Channel.SMS:
            parsed = parse_mobile(mobile_text)
            if parsed.ok:
                mobile = parsed.value
            else:
                self._hint(self.mobile_hint, parsed.error, "error")
                problems = True
        consent = self.sms_panel.consent()
        if self._channel == Channel.SMS and consent is None and not problems:
            self.show_message(lambda: self.tr("Please tap the button to agree to text messages."))
            return
        if problems:
            self.show_message(lambda: self.tr("Please check the details marked in red."))
            return
        channel = self._channel

        def save() -> None:
            self.ctx.apply(
                lambda e: family.capture_contact(
                    e, email=email, mobile=mobile, channel=channel, sms_consent=consent
                ),
                lambda e: self.ctx.advance(),
                self,
            )

        if channel == Channel.SMS:
            self.ctx.check_sms_number(mobile, self, save)
        else:
            save()

    def _consent_tapped(self) -> None:
        if self.sms_panel.number is None:
            self.show_message(lambda: self.tr("Please enter the mobile number first."))
        else:
            self.clear_message()

    # ---- words --------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        sms = self._channel == Channel.SMS
        self.set_texts(
            self.tr("Your email and mobile number"),
            "",
            self.tr(
                "I'm going to get you set up with access to the %1. You'll be able to message "
                "us, view test results, and schedule appointments. What's the best email "
                "address to use?"
            ).replace("%1", self.ctx.config.portal.display_name(self.switcher.language))
            if not sms
            else self.tr(
                "No problem - we can send your portal invitation by text message. What is "
                "your mobile number? Please tap the button to agree to get our texts."
            ),
            self.tr("Continue"),
        )
        self.email.setPlaceholderText(
            self.tr("No email - we will use text messages") if sms else self.tr("Email address")
        )
        self.no_email.setText(self.tr("I don't have email"))
        # Whoever is typing an address has one (a "Did you mean" offer may take its place):
        # the hint then has the row's whole width, which larger Spanish text needs.
        self.no_email.setVisible(not sms and not self._suggestion and not self.email.text())
        self.mobile_label.setText(self.tr("Mobile"))
        self.email_label.setText(self.tr("Email"))
        name_field(self.email, self.email_label, self.tr("Email address"))
        name_field(self.mobile, self.mobile_label, self.tr("Mobile number"))
        self.mobile.setPlaceholderText(self.tr("Mobile number"))
        # Whole words ("Correo electrónico", "Mensaje de texto"), on two lines when they do not
        # fit the half-column button (docs/spanish-style.md rule 13).
        self.channel_email.setText(fit_side_choice(self.channel_email, self.tr("Email")))
        self.channel_email.setVisible(self.email.isEnabled())
        self.channel_sms.setText(fit_side_choice(self.channel_sms, self.tr("Text")))
        self.channel_label.setText(self.tr("Send it by:"))
        # Without email there is nothing to choose: text message it is.
        self.channel_label.setVisible(self.email.isEnabled())
        self.channel_sms.setVisible(self.email.isEnabled())
        self.sms_panel.set_language(self.switcher.language)
        if self._suggestion:
            self.suggestion.setText(self.tr("Did you mean %1?").replace("%1", self._suggestion))
            self.suggestion.show()
        else:
            self.suggestion.hide()
        for widget, english in self._hint_sources.items():
            widget.setText(i18n.shown(english))
        # "Looks right" while the email is what the patient is on (with larger text, the
        # mobile number's keypad needs that line's height once they move on to it).
        email_ok = self.email_hint.property("kind") == "ok" and not self._suggestion
        if email_ok and not self.mobile.text():
            self.email_hint.setText(self.tr("This email address looks right."))
        if self.mobile_hint.property("kind") == "ok":
            self.mobile_hint.setText(self.tr("This mobile number looks right."))
        for hint in (self.email_hint, self.mobile_hint):
            hint.setVisible(bool(hint.text()))
        if sms:  # room for the consent words: the email hint line gives way on the text path
            self.email_hint.setVisible(False)
        if self.chips.isVisibleTo(self):
            self.email_hint.hide()  # the chips take the hint's place while they are shown
        if getattr(self, "_confirming", False):
            self.set_texts(
                self.tr("Your email and mobile number"),
                "",
                self.tr(
                    "Let's check what we have on file. Is this still the best email and "
                    "mobile number for you?"
                ),
                self.tr("Continue"),
            )
            for form_widget in (
                *self._form_widgets,
                self.channel_label,
                self.channel_email,
                self.channel_sms,
            ):
                form_widget.hide()
            self.primary.hide()  # "Yes, that's right" / "No, change it" are the choices here
        else:
            self.primary.show()
        if hasattr(self, "on_file_panel"):
            self.on_file_panel.retranslate()
