"""Family screens: a teen's assent to their own account, and a proxy's details.

`TeenAssentPage` comes before step 1 for a teen: the staff script says what a parent will and
will not see, and the teen taps "I agree" themselves. `ProxyPage` has two modes:
- "guardian": step 1 for a child - the parent or guardian's name, relationship and email or
  mobile; the invitation, first login, app and card are theirs (kiosk/family.py).
- "add": after a teen's or an adult's own enrollment - a parent (limited access) or a
  caregiver, with the patient's own tap agreeing to it.
The rules live in kiosk/family.py; these pages only collect and forward.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk import family
from kiosk.enrollment import Channel, TransitionError
from kiosk.family import CAREGIVER_RELATIONSHIPS, GUARDIAN_RELATIONSHIPS, AgePath, ProxyKind
from kiosk.messages import QT_TRANSLATE_NOOP
from kiosk.ui import i18n
from kiosk.ui.a11y import mark_when_checked, name_field
from kiosk.ui.fit_field import FitLineEdit
from kiosk.ui.keyboard import EmailKeyboard, NameKeyboard, PhoneKeypad
from kiosk.ui.pages.sms_consent import SmsConsentPanel
from kiosk.ui.step_page import (
    KeyboardSlot,
    StepPage,
    button,
    fit_side_choice,
    label,
)
from kiosk.validation import parse_email, parse_mobile, parse_name

if TYPE_CHECKING:
    from kiosk.enrollment import Change, Enrollment
    from kiosk.ui.context import SessionContext


def relationship_name(code: str) -> str:
    names = {
        "MTH": QCoreApplication.translate("Family", "Mother"),
        "FTH": QCoreApplication.translate("Family", "Father"),
        "PRN": QCoreApplication.translate("Family", "Parent"),
        "STPPRN": QCoreApplication.translate("Family", "Stepparent"),
        "GRPRN": QCoreApplication.translate("Family", "Grandparent"),
        "GUARD": QCoreApplication.translate("Family", "Guardian"),
        "SPS": QCoreApplication.translate("Family", "Spouse"),
        "DAUC": QCoreApplication.translate("Family", "Daughter"),
        "SONC": QCoreApplication.translate("Family", "Son"),
        "SIB": QCoreApplication.translate("Family", "Sibling"),
        "FAMMEMB": QCoreApplication.translate("Family", "Family"),
        "FRND": QCoreApplication.translate("Family", "Friend"),
    }
    return names.get(code, code)


class TeenAssentPage(StepPage):
    """A teen's own account: the staff script, then the teen's own "I agree"."""

    def __init__(self, ctx: SessionContext) -> None:
        super().__init__(ctx.switcher, skippable=False)
        self.setObjectName("teenAssentPage")
        self.ctx = ctx
        self.points = label("bodyText")
        self.content.addWidget(self.points)
        self.content.addStretch(1)
        self.primary_clicked.connect(self._agree)
        ctx.switcher.register(self)
        self.retranslate()

    def enter(self, enrollment: Enrollment | None) -> None:
        super().enter(enrollment)
        self.retranslate()

    def _agree(self) -> None:
        self.ctx.apply(family.record_teen_assent, lambda e: self.ctx.advance(), self)

    def retranslate(self) -> None:
        super().retranslate()
        self.set_texts(
            self.tr("Your own portal account"),
            self.tr(
                "You can have your own account to message us, see your results and make "
                "appointments. If you agree, tap \u201cI agree\u201d."
            ),
            self.tr(
                "Say to the teen: this account is yours. A parent can get their own limited "
                "access only if you agree. They can see appointments, vaccines and bills. "
                "They cannot see care you can get on your own (sexual health, mental health, "
                "drugs or alcohol) or your messages with us."
            ),
            self.tr("I agree"),
        )
        self.points.setText(
            self.tr(
                "Your account is yours: you sign in with your own email or phone.\n"
                "A parent only gets access if you say yes, and never to private care."
            )
        )


class ProxyPage(StepPage):
    def __init__(self, ctx: SessionContext, mode: str) -> None:
        super().__init__(ctx.switcher, skippable=False, declinable=mode == "guardian")
        self.mode = mode
        self.setObjectName("guardianPage" if mode == "guardian" else "addProxyPage")
        self.ctx = ctx
        self._channel = Channel.EMAIL
        self._relationship: str | None = None
        self._kind: ProxyKind | None = None

        # Two parts on one page, so each fits 1280x800 with its keyboard: "who" (name and
        # relationship) then "how" (email or mobile, the text-message consent).
        self._phase = "who"
        self.who_box = QWidget()
        who = QVBoxLayout(self.who_box)
        who.setContentsMargins(0, 0, 0, 0)
        who.setSpacing(4)
        self.how_box = QWidget()
        how = QVBoxLayout(self.how_box)
        how.setContentsMargins(0, 0, 0, 0)
        how.setSpacing(4)
        names = QGridLayout()
        names.setHorizontalSpacing(12)
        names.setVerticalSpacing(2)
        contacts = QHBoxLayout()
        self.given = FitLineEdit(objectName="proxyGivenField")
        self.family = FitLineEdit(objectName="proxyFamilyField")
        self.email = FitLineEdit(objectName="proxyEmailField")
        self.mobile = FitLineEdit(objectName="proxyMobileField")
        for field, limit in ((self.given, 100), (self.family, 100), (self.email, 254)):
            field.setMaxLength(limit)
        self.mobile.setMaxLength(20)
        self.mobile.textChanged.connect(self._mobile_changed)
        # Each field has a visible label beside it (its buddy: the name a screen reader says).
        self.field_labels = {f: label("fieldLabel", wrap=False) for f in
                             (self.given, self.family, self.email, self.mobile)}  # fmt: skip
        for column, field in enumerate((self.given, self.family)):
            names.addWidget(self.field_labels[field], 0, 2 * column)
            names.addWidget(field, 0, 2 * column + 1)
            names.setColumnStretch(2 * column + 1, 1)
        who.addLayout(names)
        contacts.addWidget(self.field_labels[self.email])
        contacts.addWidget(self.email, 3)
        contacts.addWidget(self.field_labels[self.mobile])
        contacts.addWidget(self.mobile, 2)
        how.addLayout(contacts)
        self.relationship_grid = QGridLayout()
        self.relationship_grid.setSpacing(6)
        self.relationship_buttons: dict[str, QPushButton] = {}
        codes = GUARDIAN_RELATIONSHIPS if mode == "guardian" else CAREGIVER_RELATIONSHIPS
        for code in dict.fromkeys((*GUARDIAN_RELATIONSHIPS, *codes)):
            b = button(f"relationship-{code}")
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, c=code: self._choose(c))
            self.relationship_buttons[code] = b
        self._show_relationships(GUARDIAN_RELATIONSHIPS)
        who.addLayout(self.relationship_grid)

        self.sms_panel = SmsConsentPanel(
            ctx.config.practice.sms_sender, ctx.switcher.words, "proxySmsConsent"
        )
        self.sms_panel.by = "proxy"
        self.content.addWidget(self.who_box)
        self.content.addWidget(self.how_box)

        self.keyboards = KeyboardSlot()
        self.name_keyboard = NameKeyboard()
        self.email_keyboard = EmailKeyboard()
        self.phone_keypad = PhoneKeypad()
        self.phone_keypad.setMaximumWidth(520)
        self.keyboards.bind(self.given, self.name_keyboard)
        self.keyboards.bind(self.family, self.name_keyboard)
        self.keyboards.bind(self.email, self.email_keyboard)
        self.keyboards.bind(self.mobile, self.phone_keypad)
        self.name_keyboard.done.connect(self._next_field)
        self.email_keyboard.done.connect(lambda: self.keyboards.activate(self.mobile))
        self.keyboards.setMaximumHeight(300)
        self.sms_panel.show_in(self.keyboards)  # the words take the keypad's place
        self.content.addWidget(self.keyboards, 1)

        self.channel_label = label("fieldLabel")
        self.side_extra.addWidget(self.channel_label)
        self.channel_email = button("channelEmail")
        self.channel_sms = button("channelSms")
        for b, channel in ((self.channel_email, Channel.EMAIL), (self.channel_sms, Channel.SMS)):
            b.setCheckable(True)
            mark_when_checked(b)
            b.clicked.connect(lambda _=False, c=channel: self._set_channel(c))
            # One above the other, as on the contact page (whole words at larger text).
            self.side_extra.addWidget(b)
        self.side_extra.addWidget(self.sms_panel.agree)  # the proxy's own "I agree"
        # The question is in the page's instructions ("email or text?"); no label here, so
        # the side column keeps its height at larger text.
        self.channel_label.hide()
        self.channel_widgets = (self.channel_email, self.channel_sms)
        # "add" mode: the patient's own yes (a teen's assent, an adult's consent).
        self.patient_agrees = button("patientAgreesButton")
        self.patient_agrees.setCheckable(True)
        self.patient_agrees.clicked.connect(lambda _=False: self.retranslate())
        self.patient_agrees.setVisible(mode == "add")
        self.side_extra.addWidget(self.patient_agrees)

        self.primary_clicked.connect(self._primary)
        self.back_clicked.connect(self._back)
        ctx.switcher.register(self)
        self._set_channel(Channel.EMAIL)
        self._set_phase("who")

    # ---- lifecycle ----------------------------------------------------------------------
    def enter(self, enrollment: Enrollment | None) -> None:
        super().enter(enrollment)
        if self.mode == "add" and enrollment is not None:
            teen = enrollment.age_path == AgePath.TEEN
            self._kind = ProxyKind.PARENT_OF_TEEN if teen else ProxyKind.CAREGIVER
            self._show_relationships(GUARDIAN_RELATIONSHIPS if teen else CAREGIVER_RELATIONSHIPS)
        elif self.mode == "guardian" and enrollment is not None:
            proxy = family.guardian(enrollment)
            if proxy is not None and not self.given.text():
                self.given.setText(proxy.given_name)
                self.family.setText(proxy.family_name)
                self.email.setText(proxy.email or "")
                self.mobile.setText(proxy.mobile or "")
                self._choose(proxy.relationship)
                self._set_channel(proxy.channel)
                if proxy.sms_consent:
                    self.sms_panel.restore(dict(proxy.sms_consent.__dict__))
        self._set_phase("who")
        self.retranslate()

    def reset(self) -> None:
        super().reset()
        self._set_phase("who")
        for field in (self.given, self.family, self.email, self.mobile):
            field.clear()
        self._relationship = None
        for b in self.relationship_buttons.values():
            b.setChecked(False)
        self.patient_agrees.setChecked(False)
        self.sms_panel.reset()
        self._set_channel(Channel.EMAIL)
        for keyboard in (self.name_keyboard, self.email_keyboard, self.phone_keypad):
            keyboard.attach(None)

    # ---- the two parts ------------------------------------------------------------------------
    def _set_phase(self, phase: str) -> None:
        self._phase = phase
        who = phase == "who"
        # Hide the outgoing part before showing the other: a window that is on screen lays
        # out at once, and both parts at the same time would not fit (the window would grow).
        outgoing, incoming = (self.how_box, self.who_box) if who else (self.who_box, self.how_box)
        outgoing.setVisible(False)
        self.sms_panel.agree.setVisible(not who and self._channel == Channel.SMS)
        for widget in self.channel_widgets:
            widget.setVisible(not who)
        incoming.setVisible(True)
        self.patient_agrees.setVisible(self.mode == "add" and not who)
        self.keyboards.activate(self.given if who else self._contact_field())
        self.clear_message()
        self.retranslate()

    def _contact_field(self) -> FitLineEdit:
        return self.mobile if self._channel == Channel.SMS else self.email

    def _primary(self) -> None:
        if self._phase == "how":
            self._continue()
            return
        given, last = parse_name(self.given.text(), "first"), parse_name(self.family.text(), "last")
        if not given.ok or not last.ok:
            self.show_message(lambda: self.tr("Please enter the first and last name."))
        elif self._relationship is None:
            self.show_message(lambda: self.tr("Please choose how this person is related."))
        else:
            self._set_phase("how")

    def _back(self) -> None:
        """Back from "how" is "who"; back from "who" leaves the page."""
        if self._phase == "how":
            self._set_phase("who")
        elif self.mode == "guardian":
            self.ctx.begin_patient()  # back to finding the patient
        else:
            self.ctx.show_done()

    # ---- choices ----------------------------------------------------------------------------
    def _show_relationships(self, codes: tuple[str, ...]) -> None:
        """The relationships this path allows, three to a row, in the playbook's order."""
        for b in self.relationship_buttons.values():
            self.relationship_grid.removeWidget(b)
            b.hide()
        for index, code in enumerate(codes):
            b = self.relationship_buttons[code]
            self.relationship_grid.addWidget(b, index // 3, index % 3)
            b.show()

    def _next_field(self) -> None:
        order = [self.given, self.family, self.email, self.mobile]
        current = self.keyboards.active_field()
        index = order.index(current) + 1 if current in order else 0
        self.keyboards.activate(order[min(index, len(order) - 1)])

    def _choose(self, code: str) -> None:
        self._relationship = code
        for c, b in self.relationship_buttons.items():
            b.setChecked(c == code)
        self.clear_message()

    def _set_channel(self, channel: Channel) -> None:
        self._channel = channel
        self.channel_email.setChecked(channel == Channel.EMAIL)
        self.channel_sms.setChecked(channel == Channel.SMS)
        self.sms_panel.agree.setVisible(channel == Channel.SMS and self._phase == "how")
        if self._phase == "how":
            self.keyboards.activate(self._contact_field())
            if channel == Channel.SMS:
                self.sms_panel.show_words()
        self.retranslate()

    def _mobile_changed(self, text: str) -> None:
        parsed = parse_mobile(text) if text.strip() else None
        self.sms_panel.set_number(parsed.value if parsed and parsed.ok else None)
        if parsed and parsed.ok and self._channel == Channel.SMS and self._phase == "how":
            self.sms_panel.show_words()

    # ---- save -------------------------------------------------------------------------------
    def _continue(self) -> None:
        given, last = parse_name(self.given.text(), "first"), parse_name(self.family.text(), "last")
        problem = None
        if not given.ok or not last.ok:
            problem = lambda: self.tr("Please enter the first and last name.")  # noqa: E731
        elif self._relationship is None:
            problem = lambda: self.tr("Please choose how this person is related.")  # noqa: E731
        email = mobile = None
        if problem is None and self.email.text().strip():
            parsed = parse_email(self.email.text())
            if not parsed.ok:
                problem = lambda: i18n.shown(parsed.error)  # noqa: E731
            email = parsed.value
        if problem is None and (self.mobile.text().strip() or self._channel == Channel.SMS):
            parsed = parse_mobile(self.mobile.text())
            if not parsed.ok:
                problem = lambda: i18n.shown(parsed.error)  # noqa: E731
            mobile = parsed.value
        if problem is None and self._channel == Channel.EMAIL and not email:
            problem = lambda: self.tr("Please enter an email address.")  # noqa: E731
        consent = self.sms_panel.consent()
        if problem is None and self._channel == Channel.SMS and consent is None:
            problem = lambda: self.tr("Please tap the button to agree to text messages.")  # noqa: E731
        if problem is None and self.mode == "add" and not self.patient_agrees.isChecked():
            problem = lambda: self.tr("The patient must tap to agree first.")  # noqa: E731
        if problem is not None:
            self.show_message(problem)
            return
        channel, relationship = self._channel, self._relationship or ""
        given_name, family_name = given.value or "", last.value or ""  # both parsed ok above
        if self.mode == "guardian":

            def make(e: Enrollment) -> Change:
                return family.capture_guardian(
                    e,
                    given_name=given_name,
                    family_name=family_name,
                    relationship=relationship,
                    email=email,
                    mobile=mobile,
                    channel=channel,
                    sms_consent=consent,
                )

            def done(e: Enrollment) -> None:
                self.ctx.advance()
        else:
            kind = self._kind

            def make(e: Enrollment) -> Change:
                if kind is None:  # the page was not entered for a teen or an adult
                    raise TransitionError(
                        QT_TRANSLATE_NOOP(
                            "Enrollment", "A child's parent or guardian is added in step 1."
                        )
                    )
                return family.add_proxy(
                    e,
                    kind=kind,
                    given_name=given_name,
                    family_name=family_name,
                    relationship=relationship,
                    email=email,
                    mobile=mobile,
                    channel=channel,
                    patient_agreed=True,
                    sms_consent=consent,
                )

            def done(e: Enrollment) -> None:
                self.reset()
                self.ctx.proxy_added()

        def save() -> None:
            self.ctx.apply(make, done, self)

        if channel == Channel.SMS:
            self.ctx.check_sms_number(mobile, self, save)
        else:
            save()

    # ---- words --------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        teen = self._kind == ProxyKind.PARENT_OF_TEEN
        if self.mode == "guardian" and self._phase == "who":
            title = self.tr("Who will use the child's portal?")
            instructions = ""
            script = self.tr(
                "Check the adult's ID and that they are the child's parent or legal guardian. "
                "They get their own sign-in to the child's record."
            )
            primary = self.tr("Continue")
        elif self.mode == "guardian":
            title = self.tr("Parent or guardian")
            instructions = self.tr("The invitation goes to them: email or text?")
            script = self.tr(
                "Check the adult's ID and that they are the child's parent or legal guardian. "
                "They get their own sign-in to the child's record."
            )
            primary = self.tr("Continue")
        elif self._phase == "who":
            title = self.tr("Add a parent") if teen else self.tr("Add a caregiver")
            instructions = ""
            script = self.tr(
                "Their own name, not the patient's. The patient decides on the next screen."
            )
            primary = self.tr("Continue")
        elif teen:
            title = self.tr("Add a parent")
            instructions = self.tr(
                "A parent can get their own limited access to your account, only if you agree. "
                "Send their invitation by email or text?"
            )
            script = self.tr(
                "Say to the teen: your parent will see appointments, vaccines and bills, not "
                "private care or your messages. The teen taps to agree, not the parent."
            )
            primary = self.tr("Send invitation")
        else:
            title = self.tr("Add a caregiver")
            instructions = self.tr(
                "Someone who helps with your care can get their own access to your account, "
                "if you agree. Send their invitation by email or text?"
            )
            script = self.tr(
                "The patient taps to agree, not the caregiver. The caregiver gets their own "
                "sign-in and invitation."
            )
            primary = self.tr("Send invitation")
        self.set_texts(title, instructions, script, primary)
        self.given.setPlaceholderText(self.tr("First name"))
        self.family.setPlaceholderText(self.tr("Last name"))
        self.email.setPlaceholderText(self.tr("Their email address"))
        self.mobile.setPlaceholderText(self.tr("Their mobile number"))
        for field, short, spoken in (
            (self.given, self.tr("Name"), self.tr("First name")),
            (self.family, self.tr("Surname"), self.tr("Last name")),
            (self.email, self.tr("Email"), self.tr("Their email address")),
            (self.mobile, self.tr("Mobile"), self.tr("Their mobile number")),
        ):
            self.field_labels[field].setText(short)
            name_field(field, self.field_labels[field], spoken)
        for code, b in self.relationship_buttons.items():
            b.setText(relationship_name(code))
        self.channel_label.setText(self.tr("Send the invitation by:"))
        self.channel_email.setText(fit_side_choice(self.channel_email, self.tr("Email")))
        self.channel_sms.setText(fit_side_choice(self.channel_sms, self.tr("Text")))
        self.sms_panel.set_language(self.switcher.language)
        agreed = self.patient_agrees.isChecked()
        if teen:
            yes = self.tr("Teen agreed") if agreed else self.tr("Teen: I agree")
        else:
            yes = self.tr("Patient agreed") if agreed else self.tr("Patient: I agree")
        # Whole words on more lines when a language or the larger text makes it wider.
        self.patient_agrees.setText(fit_side_choice(self.patient_agrees, yes))
