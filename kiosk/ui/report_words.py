"""The monthly report's sentences in the report's language (English or Spanish), for the PDF
and the CSV alike: the top opportunities, the playbook's gaps and the missing-source notes.

The words come from the Qt catalogue (locales/kiosk_es.qm), so the dashboard's export follows
the language on screen and `kiosk export --language es` installs the Spanish catalogue itself
(`use_language`). kiosk/report.py stays pure: it receives a `ReportWords` and only calls it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from kiosk.practice import Gap
from kiosk.report import Opportunity

_switcher = None  # the command line's LanguageSwitcher: keeps its translator alive


def tr(text: str) -> str:
    # The empty context, like report_pdf.py and practice_view.py (pyside6-lupdate files a bare
    # tr("...") outside a class there).
    return QCoreApplication.translate("", text)


def use_language(language: str) -> None:
    """`kiosk export` has no window and no translator: make the offscreen application, then
    install `language`'s catalogue and its US locale (dates, month names)."""
    global _switcher
    from kiosk.ui.language import LanguageSwitcher
    from kiosk.ui.report_pdf import ensure_gui_app

    ensure_gui_app()
    if _switcher is None:
        _switcher = LanguageSwitcher()
    _switcher.set_language(language)


class ReportWords:
    """What kiosk/report.py asks for, worded by the catalogue installed now."""

    @property
    def language(self) -> str:
        name = QLocale().name()  # es_US while the Spanish catalogue is on (kiosk/ui/dates.py)
        return "es" if name.startswith("es") else "en"

    def opportunity(self, o: Opportunity) -> str:
        from kiosk.ui.report_pdf import opportunity_text

        return opportunity_text(o)

    def gap(self, gap: Gap) -> str:
        from kiosk.ui.practice_view import gap_sentence

        return gap_sentence(gap)

    def missing(self, source: str | None) -> str:
        """A missing source in the CSV: the same words as kiosk.report.MISSING_SOURCE."""
        words = {
            "ehr": tr("missing: EHR figures (refresh the whole-practice view while online)"),
            "portal": tr("missing: portal usage (portal API or the vendor's monthly CSV)"),
            "manual": tr("missing: typed-in figures (Admin > Practice figures)"),
        }
        return words.get(source or "ehr", words["ehr"])
