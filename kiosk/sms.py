"""Text messages: the patient's consent words, the texts the kiosk hands the portal, and the
one-segment rule.

Pure Python (no Qt, no I/O). Under the FCC's TCPA healthcare exemption a text must be free to
the patient, name the provider, go only to the number the patient gave, be 160 characters or
fewer, and offer "Reply STOP". One SMS segment is 160 GSM-7 characters, or only 70 as soon as
one character is outside the GSM 03.38 alphabet (then the whole message is sent as UCS-2).
Spanish é, ñ, ü are in GSM-7; á, í, ó, ú are not, so the Spanish texts below avoid them.

GSM-7 membership comes from the `gsm0338` codec (PyPI, GSM 03.38 with its extension table:
`{`, `€`... count as two septets, which the encoded length gives us).

The consent words and texts live here in both languages, not in the Qt catalogue: they are
recorded word for word (and sent to the EHR) and checked by tests/test_sms.py, so they must be
exactly what the code sees. docs/fhir-mapping.md says how consent reaches the EHR.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import gsm0338  # noqa: F401  (registers the "gsm03.38" codec)

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


_TEXTS: dict[str, dict[TextKind, str]] = {
    "en": {
        TextKind.INVITATION: "{practice}: Your patient portal invitation: {link} "
        "Reply STOP to stop.",
        TextKind.PROXY_INVITATION: "{practice}: You are invited to a family member's "
        "patient portal: {link} Reply STOP to stop.",
        TextKind.REMINDER: "{practice}: Reminder, your patient portal invitation: {link} "
        "Reply STOP to stop.",
        TextKind.PROXY_REMINDER: "{practice}: Reminder, your invitation to a family "
        "member's portal: {link} Reply STOP to stop.",
    },
    # No á, í, ó, ú (they would make the whole text UCS-2, 70 characters).
    "es": {
        TextKind.INVITATION: "{practice}: Le invitamos al portal del paciente: {link} "
        "Responda STOP para cancelar.",
        TextKind.PROXY_INVITATION: "{practice}: Le invitamos al portal de un familiar: "
        "{link} Responda STOP para cancelar.",
        TextKind.REMINDER: "{practice}: Recordatorio, le invitamos al portal del paciente: "
        "{link} Responda STOP para cancelar.",
        TextKind.PROXY_REMINDER: "{practice}: Recordatorio, su acceso al portal de un "
        "familiar: {link} Responda STOP para cancelar.",
    },
}


class TextTooLong(ValueError):
    """A composed text would not fit one segment; the message says which and by how much."""


def text_template(kind: TextKind, language: str, practice: str) -> str:
    """The text with the practice named and `{link}` left for the portal. Raises
    TextTooLong when even the longest allowed link would not fit one segment."""
    template = _TEXTS["es" if language == "es" else "en"][kind].replace("{practice}", practice)
    longest = template.replace(LINK, "h" * MAX_LINK)
    measured = segments(longest)
    if not measured.fits:
        raise TextTooLong(
            f"The {kind.value} text ({language}) is {measured.units} {measured.encoding} "
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
RATES_EN = "Message and data rates may apply."
STOP_EN = "Reply STOP to stop."
RATES_ES = "Pueden aplicarse tarifas de mensajes y datos."
STOP_ES = "Responda STOP para cancelar."

_CONSENT = {
    "en": (
        "{practice} will send text messages to {number} about your patient portal "
        "invitation and reminders to finish signing up: no more than 1 a day and 3 a week. "
        "Agreeing is not required to get care. " + RATES_EN + " " + STOP_EN
    ),
    "es": (
        "{practice} enviará mensajes de texto al {number} sobre su invitación al portal del "
        "paciente y recordatorios para terminar de registrarse: no más de 1 al día y 3 a la "
        "semana. No tiene que aceptar para recibir atención. " + RATES_ES + " " + STOP_ES
    ),
}


def consent_words(language: str, practice: str, number_shown: str) -> str:
    """The exact words the patient reads before tapping "I agree" (recorded verbatim)."""
    return (
        _CONSENT["es" if language == "es" else "en"]
        .replace("{practice}", practice)
        .replace("{number}", number_shown)
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
