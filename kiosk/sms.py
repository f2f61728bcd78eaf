"""Text messages: the patient's consent words, the texts the kiosk hands the portal, and the
one-segment rule.

Pure Python (no Qt, no I/O). Under the FCC's TCPA healthcare exemption a text must be free to
the patient, name the provider, go only to the number the patient gave, be 160 characters or
fewer, and offer "Reply STOP". One SMS segment is 160 GSM-7 characters, or only 70 as soon as
one character is outside the GSM 03.38 alphabet (then the whole message is sent as UCS-2).
Spanish é, ñ, ü are in GSM-7; á, í, ó, ú are not, so the Spanish texts avoid them.

GSM-7 membership comes from the `gsm0338` codec (PyPI, GSM 03.38 with its extension table:
`{`, `€`... count as two septets, which the encoded length gives us).

The consent words and the texts are catalogue messages (QT_TRANSLATE_NOOP, context "Sms"), so
their translations live in locales/kiosk_<code>.ts like every other string; this module keeps
the English source and the rules. Callers pass a `Words` function (kiosk/messages.py): the
consent panel the catalogue of the screen's language, so the words recorded (and sent to the
EHR) are the words shown; the sync engine the catalogue its composition root injects. The
default, `english`, is the source words. tests/test_sms.py checks every text of every shipped
catalogue against one segment. docs/fhir-mapping.md says how consent reaches the EHR.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import gsm0338  # noqa: F401  (registers the "gsm03.38" codec)

from kiosk import languages
from kiosk.messages import QT_TRANSLATE_NOOP, Message, Words, english

GSM7_SINGLE_SEGMENT = 160
UCS2_SINGLE_SEGMENT = 70
# The longest values the texts are checked with (tests/test_sms.py). The practice's name in a
# text is `[practice] sms_name` (or `name` when it qualifies): GSM-7 and at most this long.
MAX_SENDER_NAME = 30
# The portal replaces {link} with a link at most this long (docs/portal-api.md).
MAX_LINK = 48
LINK = "{link}"


class Encoding(StrEnum):
    GSM7 = "GSM-7"
    UCS2 = "UCS-2"


@dataclass(frozen=True)
class Segments:
    encoding: Encoding
    units: int  # GSM-7 septets or UCS-2 code units
    limit: int  # what one segment holds in this encoding

    @property
    def fits(self) -> bool:
        return self.units <= self.limit


def gsm7_septets(text: str) -> int | None:
    """Septets `text` takes in GSM-7 (extension characters count two), or None when a
    character is outside the GSM 03.38 alphabet."""
    try:
        return len(text.encode("gsm03.38"))
    except UnicodeEncodeError:
        return None


def segments(text: str) -> Segments:
    septets = gsm7_septets(text)
    if septets is not None:
        return Segments(Encoding.GSM7, septets, GSM7_SINGLE_SEGMENT)
    units = len(text.encode("utf-16-le")) // 2
    return Segments(Encoding.UCS2, units, UCS2_SINGLE_SEGMENT)


def fits_one_segment(text: str) -> bool:
    return segments(text).fits


def sender_name_problem(name: str) -> str | None:
    """Why `name` cannot open a text message, or None."""
    if not name.strip():
        return "must not be empty"
    if len(name) > MAX_SENDER_NAME:
        return f"at most {MAX_SENDER_NAME} characters (a text message holds 160)"
    if gsm7_septets(name) is None:
        return (
            "only letters a text message sends without switching to 70 characters "
            "(no á, í, ó, ú; é, ñ, ü are fine)"
        )
    if gsm7_septets(name) != len(name):
        return "no characters that count double in a text ({ } [ ] ~ ^ | \\ €)"
    return None


# ---- the texts the kiosk hands the portal (the portal puts the link in) ---------------------
class TextKind(StrEnum):
    INVITATION = "invitation"
    PROXY_INVITATION = "proxy-invitation"
    REMINDER = "reminder"
    PROXY_REMINDER = "proxy-reminder"


# Each text is a catalogue message (context "Sms", locales/kiosk_<code>.ts): the composition root
# passes the catalogue's `Words`. A translation must stay one segment: no á, í, ó, ú in Spanish
# (they would make the whole text UCS-2, 70 characters); tests/test_sms.py checks every text
# in every catalogue with the longest practice name and link.
TEXTS: dict[TextKind, Message] = {
    #: A whole text message: keep {practice}, {link} and STOP. It must fit 160 GSM-7
    #: characters, so no á, í, ó, ú (one of them makes the limit 70); é, ñ, ü are fine.
    TextKind.INVITATION: QT_TRANSLATE_NOOP(
        "Sms", "{practice}: Your patient portal invitation: {link} Reply STOP to stop."
    ),
    #: A whole text message: keep {practice}, {link} and STOP. It must fit 160 GSM-7
    #: characters, so no á, í, ó, ú (one of them makes the limit 70); é, ñ, ü are fine.
    TextKind.PROXY_INVITATION: QT_TRANSLATE_NOOP(
        "Sms",
        "{practice}: You are invited to a family member's patient portal: {link} "
        "Reply STOP to stop.",
    ),
    #: A whole text message: keep {practice}, {link} and STOP. It must fit 160 GSM-7
    #: characters, so no á, í, ó, ú (one of them makes the limit 70); é, ñ, ü are fine.
    TextKind.REMINDER: QT_TRANSLATE_NOOP(
        "Sms",
        "{practice}: Reminder, your patient portal invitation: {link} Reply STOP to stop.",
    ),
    #: A whole text message: keep {practice}, {link} and STOP. It must fit 160 GSM-7
    #: characters, so no á, í, ó, ú (one of them makes the limit 70); é, ñ, ü are fine.
    TextKind.PROXY_REMINDER: QT_TRANSLATE_NOOP(
        "Sms",
        "{practice}: Reminder, your invitation to a family member's portal: {link} "
        "Reply STOP to stop.",
    ),
}


class TextTooLong(ValueError):
    """A composed text would not fit one segment; the message says which and by how much."""


def text_template(kind: TextKind, language: str, practice: str, words: Words = english) -> str:
    """The text in `language` (worded by `words`) with the practice named and `{link}` left
    for the portal. Raises TextTooLong when even the longest allowed link would not fit one
    segment."""
    code = languages.normalize(language)
    template = words(code, TEXTS[kind].format(practice=practice, link=LINK))
    longest = template.replace(LINK, "h" * MAX_LINK)
    measured = segments(longest)
    if not measured.fits:
        raise TextTooLong(
            f"The {kind.value} text ({code}) is {measured.units} {measured.encoding} "
            f"characters with a {MAX_LINK}-character link; one text message holds "
            f"{measured.limit}."
        )
    return template


def text_kind(proxy: bool, reminder: bool) -> TextKind:
    if proxy:
        return TextKind.PROXY_REMINDER if reminder else TextKind.PROXY_INVITATION
    return TextKind.REMINDER if reminder else TextKind.INVITATION


def all_text_kinds() -> tuple[TextKind, ...]:
    return tuple(TextKind)


# ---- consent words, shown on the patient's screen and recorded as shown ----------------------
#: The patient's consent to texts: shown, then recorded word for word and sent to the EHR.
#: Keep {practice} and {number}.
CONSENT = QT_TRANSLATE_NOOP(
    "Sms",
    "{practice} will send text messages to {number} about your patient portal invitation and "
    "reminders to finish signing up: no more than 1 a day and 3 a week. Agreeing is not "
    "required to get care.",
)
# Said in every language, after the words above (the TCPA disclosures): separate messages, so
# no translation of the consent can leave them out.
#: Said after the consent to texts, and recorded with it.
RATES = QT_TRANSLATE_NOOP("Sms", "Message and data rates may apply.")
#: Said after the consent to texts, and recorded with it. Keep STOP: it is the keyword.
STOP = QT_TRANSLATE_NOOP("Sms", "Reply STOP to stop.")


def consent_words(language: str, practice: str, number_shown: str, words: Words = english) -> str:
    """The exact words the patient reads before tapping "I agree" (recorded verbatim), in
    `language` as `words` puts them: the screen's language, pseudo-locales included."""
    return " ".join(
        words(language, message)
        for message in (CONSENT.format(practice=practice, number=number_shown), RATES, STOP)
    )


# ---- numbers that replied STOP -----------------------------------------------------------------
STOPPED_MESSAGE = (
    "This mobile number replied STOP to the practice's texts, so the kiosk will not text it. "
    "Invite by email instead, or the patient can text START to the practice to opt back in."
)


class NumberStopped(Exception):
    """The portal reports the number opted out (replied STOP); the message is for staff."""

    def __init__(self, stopped_at: str | None = None) -> None:
        super().__init__(STOPPED_MESSAGE)
        self.stopped_at = stopped_at
