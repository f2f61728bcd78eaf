"""The one list of languages the kiosk speaks: every part (settings, screens, dates, paper, the
enrollment record, the translation scripts) reads it from here.

English is the source language: the words in the code are English, so it has no catalogue.
Every other language is a Qt Linguist catalogue, locales/kiosk_<code>.ts, compiled to .qm.

Add a language: one `Language(...)` line in LANGUAGES, then
`python kiosk/scripts/translations.py --update` creates locales/kiosk_<code>.ts for a
translator to fill in (Qt Linguist or any editor); README "Translations" has the rest.

Two pseudo-locales are generated from the catalogue for tests and screenshots only
(kiosk/pseudo.py): they are never offered to patients nor accepted in the settings file.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class Language:
    code: str  # short id stored on the enrollment and in settings: "es"
    native_name: str  # how a speaker names it; shown untranslated on the language button
    locale: str  # QLocale name for dates and numbers, and lupdate's -target-language
    right_to_left: bool = False
    pseudo: bool = False  # generated for tests and screenshots, never offered

    @property
    def catalogue(self) -> str | None:
        """File stem under locales/ (kiosk_es -> .ts source, .qm compiled); None for English."""
        return None if self.code == SOURCE_LANGUAGE else f"kiosk_{self.code}"


LANGUAGES: tuple[Language, ...] = (
    Language("en", "English", "en_US"),
    # US Spanish for US patients: es_US dates ("jueves 3 de diciembre, 10:00 a.m.").
    Language("es", "Español", "es_US"),
)

PSEUDO_LANGUAGES: tuple[Language, ...] = (
    # Android/Chromium's en-XA: every string ~40% longer with accents, in [brackets].
    Language("en_XA", "[Ëñĝļîšĥ]", "en_US", pseudo=True),
    # ar-XB: the English words, laid out right to left.
    Language("ar_XB", "\u200fEnglish\u200f", "en_US", right_to_left=True, pseudo=True),
)

CODES: tuple[str, ...] = tuple(language.code for language in LANGUAGES)
_ALL = {language.code: language for language in LANGUAGES + PSEUDO_LANGUAGES}


def language(code: str) -> Language:
    """The registry entry for a code; KeyError names the code when it is not one."""
    try:
        return _ALL[code]
    except KeyError:
        raise KeyError(f"unknown language {code!r}; known: {', '.join(_ALL)}") from None


def is_offered(code: str) -> bool:
    """A language a patient can choose and a record can carry (not a pseudo-locale)."""
    return code in CODES


def normalize(code: str | None) -> str:
    """'es', 'es-US', 'es_MX' -> 'es'; a language the kiosk does not speak -> 'en'."""
    short = (code or SOURCE_LANGUAGE).replace("_", "-").split("-")[0].lower()
    return short if short in CODES else SOURCE_LANGUAGE


def for_record(code: str) -> str:
    """The language an enrollment records for a screen language: itself, or English for a
    pseudo-locale (its words are the English ones)."""
    return code if is_offered(code) else SOURCE_LANGUAGE
