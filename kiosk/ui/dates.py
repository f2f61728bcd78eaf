"""Dates, times and month names in the screen's language, from the locale (QLocale).

The core (kiosk/playbook.py, kiosk/metrics.py) hands out plain `date`/`datetime` values and
never formats them for people: formatting belongs to whoever knows the reader's language, which
is the UI. Qt already ships CLDR locale data, so US Spanish ("jueves 3 de diciembre, 10:00 a.m.")
comes from QLocale(Spanish, UnitedStates) with no new dependency; the LanguageSwitcher makes it
the default locale whenever the language changes (kiosk/ui/language.py).

Where a format is a pattern (a help-session slot, "month year"), the pattern itself is a
translatable string: word order and "de" belong to the language, not to the code.
"""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime

from kiosk import languages


def locale_for(language: str) -> QLocale:
    """en -> en_US, es -> es_US: the registry's locale (kiosk/languages.py) for that language;
    English (US) for a code the kiosk does not speak."""
    try:
        return QLocale(languages.language(language).locale)
    except KeyError:
        return QLocale(languages.language(languages.SOURCE_LANGUAGE).locale)


def _locale(language: str | None) -> QLocale:
    return locale_for(language) if language else QLocale()


def slot_text(when: datetime, language: str | None = None) -> str:
    """A help-session slot: "Thursday, December 3, 10:00 AM" / "jueves 3 de diciembre,
    10:00 a.m."."""
    # Translators: a Qt date-time pattern (dddd weekday, MMMM month name, ap = a.m./p.m.).
    pattern = QCoreApplication.translate("Dates", "dddd, MMMM d, h:mm AP")
    return _locale(language).toString(QDateTime(when), pattern)


def clock_text(now: time | datetime, language: str | None = None) -> str:
    """The status-bar clock in the locale's short time: "3:29 PM" / "3:29 p.m."."""
    value = now.time() if isinstance(now, datetime) else now
    return _locale(language).toString(QTime(value), QLocale.FormatType.ShortFormat)


def time_text(now: time | datetime, language: str | None = None) -> str:
    """A time with seconds in the locale's way ("3:29:05 PM" / "3:29:05 p.m.")."""
    value = now.time() if isinstance(now, datetime) else now
    locale = _locale(language)
    pattern = locale.timeFormat(QLocale.FormatType.LongFormat).replace("t", "").strip()
    return locale.toString(QTime(value), pattern)


def date_text(day: date, language: str | None = None) -> str:
    """A day in the locale's short form: "12/3/26" (en_US) / "3/12/2026" (es_US)."""
    return _locale(language).toString(QDate(day), QLocale.FormatType.ShortFormat)


def long_date_text(day: date, language: str | None = None) -> str:
    """A day spelled out: "December 3, 2026" / "3 de diciembre de 2026"."""
    # Translators: a Qt date pattern (MMMM month name, d day, yyyy year).
    pattern = QCoreApplication.translate("Dates", "MMMM d, yyyy")
    return _locale(language).toString(QDate(day), pattern)


def month_year_text(day: date, language: str | None = None) -> str:
    """A month of a report: "November 2026" / "noviembre de 2026"."""
    # Translators: a Qt date pattern for a month and its year.
    pattern = QCoreApplication.translate("Dates", "MMMM yyyy")
    return _locale(language).toString(QDate(day), pattern)


def month_short_text(day: date, language: str | None = None) -> str:
    """A month's short name for a comparison ("Oct" / "oct")."""
    return _locale(language).standaloneMonthName(day.month, QLocale.FormatType.ShortFormat)


def day_month_text(day: date, language: str | None = None) -> str:
    """A chart's axis label for a week: "Dec 3" / "3 dic"."""
    # Translators: a Qt date pattern for a day and a short month name.
    pattern = QCoreApplication.translate("Dates", "MMM d")
    return _locale(language).toString(QDate(day), pattern)
