"""English/Spanish switching that re-labels every live widget at once (Frescobaldi-style).

Widgets that show text register themselves and implement `retranslate()`; they set every
visible string there through self.tr(). Switching language installs (or removes) the Spanish
QTranslator (locales/kiosk_es.qm, written for es_US), makes that language's US locale Qt's
default (dates and times: kiosk/ui/dates.py), then calls retranslate() on each registered
widget that is still alive.
"""

from __future__ import annotations

import logging
import weakref
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTranslator, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.paths import resource_root
from kiosk.ui.dates import locale_for

log = logging.getLogger(__name__)
LANGUAGES = ("en", "es")


def locales_dir() -> Path:
    return resource_root() / "locales"


class LanguageSwitcher(QObject):
    """Owns the translator and the registry of widgets to re-label."""

    changed = Signal(str)

    def __init__(self, locales: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._locales = locales or locales_dir()
        self._language = "en"
        self._translator: QTranslator | None = None
        # Widgets with a retranslate() method (pages, the status bar, the banner).
        self._widgets: weakref.WeakSet[Any] = weakref.WeakSet()
        QLocale.setDefault(locale_for("en"))

    @property
    def language(self) -> str:
        return self._language

    def register(self, widget: QWidget) -> None:
        """`widget.retranslate()` will run on every language switch while the widget lives."""
        self._widgets.add(widget)

    def set_language(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("the language switcher needs the QApplication")
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        if language != "en":
            translator = QTranslator(self)
            qm = self._locales / f"kiosk_{language}.qm"
            if translator.load(str(qm)):
                app.installTranslator(translator)
                self._translator = translator
            else:
                log.warning("no compiled translations for %s; showing English", language)
        self._language = language
        # Dates, times and month names follow the language: en_US or es_US (kiosk/ui/dates.py).
        QLocale.setDefault(locale_for(language))
        self.retranslate_all()
        self.changed.emit(language)

    def toggle(self) -> None:
        self.set_language("es" if self._language == "en" else "en")

    def shutdown(self) -> None:
        """Kiosk.shutdown: take the translator off the application. The QApplication can
        outlive this kiosk (tests build many in one process) and must not stay in Spanish."""
        app = QCoreApplication.instance()
        if self._translator is not None and app is not None:
            app.removeTranslator(self._translator)
        self._translator = None
        self._language = "en"
        QLocale.setDefault(locale_for("en"))

    def retranslate_all(self) -> None:
        for widget in list(self._widgets):
            if shiboken6.isValid(widget):
                widget.retranslate()


class LanguageToggle(QPushButton):
    """The EN/ES button on every patient-facing page: it names the language it switches to,
    in that language, so a patient who reads only that language can find it."""

    def __init__(self, switcher: LanguageSwitcher, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("languageToggle")
        self._switcher = switcher
        self.clicked.connect(switcher.toggle)
        switcher.register(self)
        self.retranslate()

    def retranslate(self) -> None:
        # Language names are written in their own language on purpose (not translated).
        self.setText("Español" if self._switcher.language == "en" else "English")
