"""What goes on paper: the quick-reference card, the privacy handout and the benefits summary.

Paper is printed in the patient's language whatever language the screen shows, and off the GUI
thread, so it does not use the screen's translator: each text here is a message id
(QT_TRANSLATE_NOOP, context "Paper"; kiosk/messages.py) that a `Words` function puts in the
patient's language. kiosk/ui/documents.py passes the catalogue's (locales/kiosk_<code>.ts);
the default, `english`, keeps the source words. Layout and painting live in documents.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk import languages
from kiosk.messages import QT_TRANSLATE_NOOP, Message, Words, english


@dataclass(frozen=True)
class CardContent:
    practice_name: str
    portal_name: str
    login_url: str
    qr_url: str  # activation link (first login) or the login URL
    username: str  # the patient's email or portal username
    practice_phone: str
    reply_days: int
    language: str
    # The portal's password-reset button word for word ([portal] reset_button), and whether
    # the portal shows that label in the card's language (else a Spanish card glosses it).
    reset_button: str = "Forgot password?"
    reset_button_translated: bool = False
    # The day the invitation link stops working, as the patient reads dates (kiosk/expiry.py).
    invitation_expires: str | None = None

    def __post_init__(self) -> None:
        if self.reply_days < 1:
            raise ValueError("reply_days must be at least 1")


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Handout:
    """A one-page document: a title, an introduction, sections, and a closing line."""

    title: str
    intro: str
    sections: tuple[Section, ...]
    closing: str


def normalize_language(language: str) -> str:
    """'es', 'es-US', 'es_MX' -> 'es'; anything not translated -> 'en'."""
    return languages.normalize(language)


# --- the card and its "How to use the portal" section -------------------------------------

CARD_TEXTS: dict[str, Message] = {
    "sheet_title": QT_TRANSLATE_NOOP("Paper", "Your patient portal"),
    "cut_here": QT_TRANSLATE_NOOP(
        "Paper", "Cut along the dotted line and keep the card in your wallet."
    ),
    "sign_in_at": QT_TRANSLATE_NOOP("Paper", "Sign in at"),
    "username": QT_TRANSLATE_NOOP("Paper", "Your username"),
    "scan": QT_TRANSLATE_NOOP("Paper", "Scan with your phone camera"),
    "call": QT_TRANSLATE_NOOP("Paper", "Questions? Call"),
    "reply_one": QT_TRANSLATE_NOOP("Paper", "We reply to portal messages within one business day."),
    "reply_many": QT_TRANSLATE_NOOP(
        "Paper", "We reply to portal messages within {n} business days."
    ),
    "howto_title": QT_TRANSLATE_NOOP("Paper", "How to use the portal"),
    "step_open": QT_TRANSLATE_NOOP(
        "Paper",
        "Open {url} in your web browser, or scan the QR code on the card with your phone camera.",
    ),
    "step_sign_in": QT_TRANSLATE_NOOP(
        "Paper",
        "Sign in with your username ({username}) and the password you chose. Only you know "
        "your password: our staff will never ask for it.",
    ),
    "step_messages": QT_TRANSLATE_NOOP(
        "Paper",
        "Messages: write to your care team with questions that are not urgent. {reply}",
    ),
    "step_results": QT_TRANSLATE_NOOP(
        "Paper", "Test results: see your lab and test results when they are ready."
    ),
    "step_appointments": QT_TRANSLATE_NOOP(
        "Paper",
        "Appointments and refills: book an appointment or ask for a prescription refill.",
    ),
    # {gloss} is empty on an English card and when the portal shows the button in the card's
    # language; otherwise "reset_gloss" says what the English button means.
    "step_password": QT_TRANSLATE_NOOP(
        "Paper",
        "Forgot your password? Tap \u201c{button}\u201d{gloss} on the sign-in page, or call us "
        "at {phone}.",
    ),
    "reset_gloss": QT_TRANSLATE_NOOP("Paper", " (\u201cForgot password?\u201d)"),
    "emergency": QT_TRANSLATE_NOOP(
        "Paper", "In an emergency, call 911. Do not use portal messages for urgent problems."
    ),
    "step_expires": QT_TRANSLATE_NOOP(
        "Paper",
        "Your invitation link works until {date}. If it runs out, call us at {phone} for a new "
        "one.",
    ),
}


def card_texts(language: str, words: Words = english) -> dict[str, str]:
    code = normalize_language(language)
    return {key: words(code, message) for key, message in CARD_TEXTS.items()}


def reply_sentence(days: int, language: str, words: Words = english) -> str:
    """'We reply to portal messages within one business day.' in the patient's language."""
    code = normalize_language(language)
    if days == 1:
        return words(code, CARD_TEXTS["reply_one"])
    return words(code, CARD_TEXTS["reply_many"].format(n=days))


def howto_steps(content: CardContent, words: Words = english) -> list[str]:
    """The numbered 'How to use the portal' steps printed beside the card."""
    code = normalize_language(content.language)
    t = CARD_TEXTS
    gloss = ""
    if not content.reset_button_translated and code != languages.SOURCE_LANGUAGE:
        gloss = words(code, t["reset_gloss"])
    expires = (
        [
            words(
                code,
                t["step_expires"].format(
                    date=content.invitation_expires, phone=content.practice_phone
                ),
            )
        ]
        if content.invitation_expires
        else []
    )
    return expires + [
        words(code, t["step_open"].format(url=content.login_url)),
        words(code, t["step_sign_in"].format(username=content.username)),
        words(
            code, t["step_messages"].format(reply=reply_sentence(content.reply_days, code, words))
        ),
        words(code, t["step_results"]),
        words(code, t["step_appointments"]),
        words(
            code,
            t["step_password"].format(
                button=content.reset_button, gloss=gloss, phone=content.practice_phone
            ),
        ),
    ]


# --- decline remedies: privacy handout and benefits summary -------------------------------


def _handout(language: str, words: Words, handout: Handout, **args: str) -> Handout:
    """Every message of `handout` in `language`, with `args` filled in."""
    code = normalize_language(language)

    def say(message: str) -> str:
        assert isinstance(message, Message), "handouts are written in catalogue messages"
        return words(code, message.format(**args))

    return Handout(
        title=say(handout.title),
        intro=say(handout.intro),
        sections=tuple(
            Section(
                say(section.heading),
                tuple(say(p) for p in section.paragraphs),
                tuple(say(b) for b in section.bullets),
            )
            for section in handout.sections
        ),
        closing=say(handout.closing),
    )


PRIVACY_HANDOUT = Handout(
    title=QT_TRANSLATE_NOOP("Paper", "Your privacy and the patient portal"),
    intro=QT_TRANSLATE_NOOP(
        "Paper",
        "At {practice_name} we protect your health information. The portal gives you access "
        "to your record; these are the protections that come with it.",
    ),
    sections=(
        Section(
            QT_TRANSLATE_NOOP("Paper", "The law protects your information"),
            paragraphs=(
                QT_TRANSLATE_NOOP(
                    "Paper",
                    "The federal HIPAA law protects your health information. We may use it "
                    "only to care for you, to be paid for that care and to run our practice. "
                    "You have the right to see your record and to get a copy. The law does not "
                    "allow your health information to be sold without your written permission.",
                ),
            ),
        ),
        Section(
            QT_TRANSLATE_NOOP("Paper", "How the portal keeps your information safe"),
            bullets=(
                QT_TRANSLATE_NOOP(
                    "Paper",
                    "Encryption: everything you send or see in the portal travels encrypted "
                    "(HTTPS), the same protection online banking uses.",
                ),
                QT_TRANSLATE_NOOP(
                    "Paper",
                    "Your own password: only you know it. Our staff cannot see it and will "
                    "never ask you for it.",
                ),
                QT_TRANSLATE_NOOP(
                    "Paper",
                    "Automatic sign-out: the portal signs you out after a few minutes without "
                    "activity, so no one else can see your information.",
                ),
            ),
        ),
        Section(
            QT_TRANSLATE_NOOP("Paper", "Who can see your record"),
            paragraphs=(
                QT_TRANSLATE_NOOP(
                    "Paper",
                    "You and your care team. Anyone else, such as a family member or "
                    "caregiver, gets access only if you allow it, and you can end that access "
                    "at any time.",
                ),
            ),
        ),
        Section(
            QT_TRANSLATE_NOOP("Paper", "Tips"),
            bullets=(
                QT_TRANSLATE_NOOP("Paper", "Do not share your password with anyone."),
                QT_TRANSLATE_NOOP(
                    "Paper", "Sign out when you finish if you use a shared computer."
                ),
            ),
        ),
        Section(
            QT_TRANSLATE_NOOP("Paper", "Questions?"),
            paragraphs=(
                QT_TRANSLATE_NOOP(
                    "Paper",
                    "Ask at the front desk or call us at {practice_phone}. You can also ask for "
                    "a copy of our Notice of Privacy Practices.",
                ),
            ),
        ),
    ),
    closing=QT_TRANSLATE_NOOP(
        "Paper",
        "Using the portal is your choice: your care does not change if you decide not to use it.",
    ),
)

BENEFITS_SUMMARY = Handout(
    title=QT_TRANSLATE_NOOP("Paper", "What you can do in the patient portal"),
    intro=QT_TRANSLATE_NOOP(
        "Paper",
        "The {practice_name} portal is free and works on your phone or computer, at any time "
        "of day.",
    ),
    sections=(
        Section(
            QT_TRANSLATE_NOOP("Paper", "Message your care team"),
            paragraphs=(
                QT_TRANSLATE_NOOP(
                    "Paper", "Send questions that are not urgent without waiting on hold. {reply}"
                ),
            ),
        ),
        Section(
            QT_TRANSLATE_NOOP("Paper", "See your test results"),
            paragraphs=(
                QT_TRANSLATE_NOOP(
                    "Paper", "Read your lab and test results as soon as they are ready."
                ),
            ),
        ),
        Section(
            QT_TRANSLATE_NOOP("Paper", "Request prescription refills"),
            paragraphs=(
                QT_TRANSLATE_NOOP(
                    "Paper", "Ask for refills of your regular medicines without calling."
                ),
            ),
        ),
        Section(
            QT_TRANSLATE_NOOP("Paper", "Book appointments"),
            paragraphs=(
                QT_TRANSLATE_NOOP(
                    "Paper",
                    "Pick a day and time that suit you, and change or cancel an appointment "
                    "when you need to.",
                ),
            ),
        ),
    ),
    closing=QT_TRANSLATE_NOOP(
        "Paper",
        "Want to try it? Ask at the front desk or call {practice_phone}: we can sign you up in "
        "two minutes.",
    ),
)


def privacy_handout(
    language: str, practice_name: str, practice_phone: str, words: Words = english
) -> Handout:
    """One page for a patient who declined over privacy: what protects them, in plain words."""
    return _handout(
        language,
        words,
        PRIVACY_HANDOUT,
        practice_name=practice_name,
        practice_phone=practice_phone,
    )


def benefits_summary(
    language: str,
    practice_name: str,
    practice_phone: str,
    reply_days: int = 1,
    words: Words = english,
) -> Handout:
    """One page for a patient who sees no benefit: four things the portal saves them."""
    return _handout(
        language,
        words,
        BENEFITS_SUMMARY,
        practice_name=practice_name,
        practice_phone=practice_phone,
        reply=reply_sentence(reply_days, language, words),
    )
