"""Parsers for what a patient types at the front desk.

Every parser returns a `Parsed` value: the normalised value, or a message a person can act on.
None of them raise on any input, and none of them echo the input back in the message (so a
message is safe to show on a screen facing the waiting room or to log).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from kiosk.messages import QT_TRANSLATE_NOOP, Message

# Domains patients most often mistype, in the order we prefer a suggestion.
COMMON_DOMAINS = (
    "gmail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "icloud.com",
    "aol.com",
    "live.com",
    "msn.com",
    "comcast.net",
    "att.net",
    "verizon.net",
    "me.com",
    "sbcglobal.net",
    "protonmail.com",
    "ymail.com",
    "mac.com",
    "yahoo.es",
    "hotmail.es",
    "gmx.com",
)
# Misspellings seen so often that string distance alone may not pick the right domain.
_KNOWN_TYPOS = {
    "gmial.com": "gmail.com",
    "gmai.com": "gmail.com",
    "gamil.com": "gmail.com",
    "gmail.co": "gmail.com",
    "gmail.con": "gmail.com",
    "gmal.com": "gmail.com",
    "gnail.com": "gmail.com",
    "gmail.cm": "gmail.com",
    "gmaill.com": "gmail.com",
    "yaho.com": "yahoo.com",
    "yahooo.com": "yahoo.com",
    "yahoo.co": "yahoo.com",
    "yhoo.com": "yahoo.com",
    "yahoo.con": "yahoo.com",
    "hotmial.com": "hotmail.com",
    "hotmai.com": "hotmail.com",
    "hotmail.co": "hotmail.com",
    "hotmil.com": "hotmail.com",
    "hotmail.con": "hotmail.com",
    "outlok.com": "outlook.com",
    "outlook.co": "outlook.com",
    "outloo.com": "outlook.com",
    "icloud.co": "icloud.com",
    "iclod.com": "icloud.com",
    "icoud.com": "icloud.com",
    "icloud.con": "icloud.com",
}
_MAX_EMAIL = 254
_MAX_NAME = 100
_NAME_OK = re.compile(r"^[^\W\d_]+(?:[ '\-.][^\W\d_]+)*\.?$")
# Phone keyboards type a typographic apostrophe (O’Brien); store the plain one.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'"})


# Text that cannot be saved or shown faithfully, refused wherever text comes in: lone
# surrogates (not UTF-8: SQLite cannot bind them), NUL (C strings stop there, so a name came
# back cut short) and the other C0 controls (a newline or escape in a name breaks the worklist,
# the card and the EHR's HumanName). Tab is allowed. Right-to-left marks and overrides are
# ordinary text here: stored and read back as typed.
_BAD_TEXT = re.compile("[\x00-\x08\x0a-\x1f\ud800-\udfff]")


def text_problem(text: object, what: str = "text", max_length: int | None = None) -> str | None:
    """Why `text` cannot be saved as `what` (a message for people), or None when it can.

    Never echoes the text. None is acceptable (an optional field left empty)."""
    if text is None:
        return None
    if not isinstance(text, str):
        return f"The {what} must be text."
    if _BAD_TEXT.search(text):
        return (
            f"The {what} contains characters that cannot be saved (control characters or a "
            "broken symbol). Please type it again."
        )
    if max_length is not None and len(text) > max_length:
        return f"The {what} is too long ({max_length} characters at most)."
    return None


# What a parser says about such text (one sentence for every field, so it is translated once).
UNSAVABLE_TEXT = QT_TRANSLATE_NOOP(
    "Validation", "That has characters that cannot be saved. Please type it again."
)


@dataclass(frozen=True)
class Parsed:
    value: str | None = None
    error: str | None = None
    suggestion: str | None = None  # "Did you mean ...?" - a full corrected value

    @property
    def ok(self) -> bool:
        return self.error is None


def parse_email(text: str) -> Parsed:
    """Syntax only (no DNS: the kiosk may be offline), plus a typo suggestion for the domain."""
    if text_problem(text):
        return Parsed(error=UNSAVABLE_TEXT)
    raw = unicodedata.normalize("NFC", (text or "").strip())
    if not raw:
        return Parsed(error=QT_TRANSLATE_NOOP("Validation", "Please enter an email address."))
    if len(raw) > _MAX_EMAIL:
        return Parsed(error=QT_TRANSLATE_NOOP("Validation", "That email address is too long."))
    if raw.count("@") != 1:
        return Parsed(
            error=QT_TRANSLATE_NOOP(
                "Validation", "An email address has exactly one @, like name@example.com."
            )
        )
    try:
        result = validate_email(raw, check_deliverability=False)
    except EmailNotValidError:
        local, _, domain = raw.partition("@")
        if not local:
            return Parsed(
                error=QT_TRANSLATE_NOOP("Validation", "Something is missing before the @.")
            )
        if "." not in domain:
            return Parsed(
                error=QT_TRANSLATE_NOOP(
                    "Validation", "The part after the @ needs a dot, like gmail.com."
                )
            )
        if " " in raw:
            return Parsed(
                error=QT_TRANSLATE_NOOP("Validation", "An email address cannot contain spaces.")
            )
        return Parsed(
            error=QT_TRANSLATE_NOOP(
                "Validation", "That does not look like a complete email address."
            )
        )
    except Exception:  # noqa: BLE001 - never crash the front desk on a library edge case
        return Parsed(
            error=QT_TRANSLATE_NOOP(
                "Validation", "That does not look like a complete email address."
            )
        )
    normalized = f"{result.local_part}@{result.domain.lower()}"
    suggestion = suggest_domain(result.domain.lower())
    return Parsed(
        value=normalized,
        suggestion=f"{result.local_part}@{suggestion}" if suggestion else None,
    )


def suggest_domain(domain: str) -> str | None:
    """The common domain the patient probably meant, or None if theirs looks intended."""
    domain = domain.lower()
    if domain in COMMON_DOMAINS:
        return None
    if domain in _KNOWN_TYPOS:
        return _KNOWN_TYPOS[domain]
    close = difflib.get_close_matches(domain, COMMON_DOMAINS, n=1, cutoff=0.85)
    return close[0] if close else None


def parse_mobile(text: str, region: str = "US") -> Parsed:
    """A mobile number in any common format -> E.164 (+15552010100)."""
    if text_problem(text):
        return Parsed(error=UNSAVABLE_TEXT)
    raw = (text or "").strip()
    if not raw:
        return Parsed(error=QT_TRANSLATE_NOOP("Validation", "Please enter a mobile phone number."))
    if len(raw) > 40:
        return Parsed(error=QT_TRANSLATE_NOOP("Validation", "That phone number is too long."))
    # phonenumbers reads letters as a keypad word (O -> 6), so "213 555 O1OO" would become
    # someone else's number: digits only.
    if any(c.isalpha() for c in raw):
        return Parsed(
            error=QT_TRANSLATE_NOOP(
                "Validation", "Please enter a phone number using digits, like 555 201 0100."
            )
        )
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return Parsed(
            error=QT_TRANSLATE_NOOP(
                "Validation", "Please enter a phone number using digits, like 555 201 0100."
            )
        )
    if not phonenumbers.is_possible_number(number):
        return Parsed(
            error=QT_TRANSLATE_NOOP(
                "Validation", "That phone number has too few or too many digits."
            )
        )
    if not phonenumbers.is_valid_number(number):
        return Parsed(
            error=QT_TRANSLATE_NOOP(
                "Validation", "That is not a phone number in use. Please check the digits."
            )
        )
    kind = phonenumbers.number_type(number)
    if kind in (phonenumbers.PhoneNumberType.FIXED_LINE,):
        return Parsed(
            error=QT_TRANSLATE_NOOP(
                "Validation", "That looks like a landline. Text messages need a mobile number."
            )
        )
    return Parsed(value=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def format_mobile(e164: str) -> str:
    """+15552010100 -> (555) 201-0100 for display; other countries in international format."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 1
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, fmt)


# Whole sentences per field, so a translator words each one (kiosk/messages.py).
_NAME_MESSAGES = {
    "first name": (
        QT_TRANSLATE_NOOP("Validation", "Please enter the patient's first name."),
        QT_TRANSLATE_NOOP("Validation", "That first name is too long."),
        QT_TRANSLATE_NOOP(
            "Validation", "A first name can use letters, spaces, apostrophes and hyphens only."
        ),
    ),
    "last name": (
        QT_TRANSLATE_NOOP("Validation", "Please enter the patient's last name."),
        QT_TRANSLATE_NOOP("Validation", "That last name is too long."),
        QT_TRANSLATE_NOOP(
            "Validation", "A last name can use letters, spaces, apostrophes and hyphens only."
        ),
    ),
}


def _name_messages(which: str) -> tuple[Message, Message, Message]:
    """Another field's wording (English only: not in the catalogue)."""
    return (
        Message("Validation", "Please enter the patient's {which}.", {"which": which}),
        Message("Validation", "That {which} is too long.", {"which": which}),
        Message(
            "Validation",
            "A {which} can use letters, spaces, apostrophes and hyphens only.",
            {"which": which},
        ),
    )


def parse_name(text: str, which: str = "name") -> Parsed:
    """A given or family name: letters in any script, with spaces, apostrophes, hyphens."""
    if text_problem(text):
        return Parsed(error=UNSAVABLE_TEXT)
    raw = " ".join(unicodedata.normalize("NFC", text or "").split()).translate(_APOSTROPHES)
    missing, too_long, bad = _NAME_MESSAGES.get(which) or _name_messages(which)
    if not raw:
        return Parsed(error=missing)
    if len(raw) > _MAX_NAME:
        return Parsed(error=too_long)
    # Combining marks (Devanagari vowel signs, stacked accents) belong to the letter before.
    letters = "".join(c for c in raw if not unicodedata.category(c).startswith("M"))
    stray_mark = any(
        unicodedata.category(c).startswith("M") and (i == 0 or raw[i - 1] in " '-.")
        for i, c in enumerate(raw)
    )
    if not _NAME_OK.match(letters) or stray_mark:
        return Parsed(error=bad)
    return Parsed(value=raw)


def parse_birth_date(text: str, today: date | None = None) -> Parsed:
    """MM/DD/YYYY (US front desks), or YYYY-MM-DD; not in the future; not over 130 years ago."""
    if text_problem(text):
        return Parsed(error=UNSAVABLE_TEXT)
    raw = (text or "").strip()
    today = today or date.today()
    if not raw:
        return Parsed(error=QT_TRANSLATE_NOOP("Validation", "Please enter the date of birth."))
    if len(raw) > 20:
        return Parsed(
            error=QT_TRANSLATE_NOOP("Validation", "Please enter the date of birth as MM/DD/YYYY.")
        )
    born = None
    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", raw)
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", raw)
    try:
        if m:
            born = date(int(m[3]), int(m[1]), int(m[2]))
        elif iso:
            born = date(int(iso[1]), int(iso[2]), int(iso[3]))
    except ValueError:
        return Parsed(
            error=QT_TRANSLATE_NOOP(
                "Validation", "That date does not exist. Please check the month and day."
            )
        )
    if born is None:
        return Parsed(
            error=QT_TRANSLATE_NOOP("Validation", "Please enter the date of birth as MM/DD/YYYY.")
        )
    if born > today:
        return Parsed(
            error=QT_TRANSLATE_NOOP("Validation", "The date of birth cannot be in the future.")
        )
    if today.year - born.year > 130:
        return Parsed(error=QT_TRANSLATE_NOOP("Validation", "Please check the year of birth."))
    return Parsed(value=born.isoformat())


def parse_mrn(text: str) -> Parsed:
    if text_problem(text):
        return Parsed(error=UNSAVABLE_TEXT)
    raw = (text or "").strip()
    if not raw:
        return Parsed(
            error=QT_TRANSLATE_NOOP("Validation", "Please enter the medical record number.")
        )
    if len(raw) > 32 or not re.fullmatch(r"[A-Za-z0-9\-]+", raw):
        return Parsed(
            error=QT_TRANSLATE_NOOP(
                "Validation", "A medical record number has letters, digits and hyphens only."
            )
        )
    return Parsed(value=raw.upper())
