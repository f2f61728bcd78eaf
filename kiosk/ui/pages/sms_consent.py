"""The text-message consent the patient (or proxy) reads and agrees to by their own tap.

The words are kiosk/sms.py's messages worded by the catalogue (locales/kiosk_<code>.ts) in the
screen's language, with the practice named and the number shown as it was typed; the same
string is put on the screen and recorded (family.SmsConsent) and sent to the EHR. Changing the
number or the language after agreeing takes the yes back: the words they agreed to are no
longer the words on the screen.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QFrame, QVBoxLayout

from kiosk import sms
from kiosk.enrollment import iso, utcnow
from kiosk.family import SmsConsent
from kiosk.messages import Words
from kiosk.ui.step_page import STAFF_PANEL_WIDTH, KeyboardSlot, button, label, two_lines
from kiosk.validation import format_mobile


class SmsConsentPanel(QFrame):
    """The words, shown in the keyboard's place once the number is typed (`show_in`). The
    "I agree" button (`agree`) is placed by the page next to its primary action, where the
    patient's eye ends up, and can be tapped only while the words are on the screen."""

    def __init__(self, practice: str, words: Words, button_name: str = "smsConsentButton") -> None:
        super().__init__()
        self.setObjectName("smsConsentPanel")
        self.practice = practice
        self._words = words  # the catalogue (LanguageSwitcher.words), for self.language
        self.language = "en"
        self.number: str | None = None  # E.164 once the typed number parses
        self._agreed: SmsConsent | None = None
        self.by = "patient"
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.words = label("smsConsentWords")
        self.agree = button(button_name)
        self.agree.setCheckable(True)
        self.agree.clicked.connect(self._tapped)
        column.addWidget(self.words)

    def current_words(self) -> str:
        shown = format_mobile(self.number) if self.number else "-"
        return sms.consent_words(self.language, self.practice, shown, self._words)

    def set_number(self, number: str | None) -> None:
        if number != self.number:
            self.number = number
            self._withdraw()
        self.refresh()

    def set_language(self, language: str) -> None:
        if language != self.language:
            self.language = language
            self._withdraw()
        self.refresh()

    def _withdraw(self) -> None:
        self._agreed = None
        self.agree.setChecked(False)

    def _tapped(self, checked: bool) -> None:
        if checked and self.number:
            self._agreed = SmsConsent(
                self.number, self.language, self.current_words(), iso(utcnow()), self.by
            )
        else:
            self._withdraw()
        self.refresh()

    def consent(self) -> SmsConsent | None:
        """The yes given for the number and words now on the screen, or None."""
        agreed = self._agreed
        if agreed and agreed.number == self.number and agreed.words == self.current_words():
            return agreed
        return None

    def show_in(self, slot: KeyboardSlot) -> None:
        """Live in the keyboard slot: the words replace the keypad once the number is typed;
        tapping the number field brings the keypad back (and "I agree" waits)."""
        slot.addWidget(self)
        self._slot = slot
        slot.currentChanged.connect(lambda _: self._sync_enabled())
        self._sync_enabled()

    def show_words(self) -> None:
        slot = getattr(self, "_slot", None)
        if slot is not None and self.number:
            slot.setCurrentWidget(self)

    def _sync_enabled(self) -> None:
        slot = getattr(self, "_slot", None)
        self.agree.setEnabled(slot is None or slot.currentWidget() is self)

    def restore(self, record: dict[str, Any]) -> None:
        """Back on the page: the yes already recorded stands while number and words match."""
        self.number = record.get("number")
        self.language = record.get("language") or self.language
        self._agreed = SmsConsent(**record)
        self.refresh()

    def reset(self) -> None:
        self.number = None
        self._withdraw()
        self.refresh()

    def refresh(self) -> None:
        self.words.setText(self.current_words())
        agreed = self.consent() is not None
        self.agree.setChecked(agreed)
        # Short: the words above say what the yes is for (and it fits at larger text).
        text = self.tr("Agreed") if agreed else self.tr("I agree")
        self.agree.ensurePolished()
        metrics = QFontMetrics(self.agree.font())
        if metrics.horizontalAdvance(text) > STAFF_PANEL_WIDTH - 32:
            text = two_lines(text, metrics)  # whole words, on two lines in the side column
        self.agree.setText(text)
