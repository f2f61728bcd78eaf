"""Language switching that re-labels every live widget at once (Frescobaldi-style).

Widgets that show text register themselves and implement `retranslate()`; they set every
visible string there through self.tr(). Switching language installs that language's
QTranslator (locales/kiosk_<code>.qm, from the registry in kiosk/languages.py; none for
English, the source), makes its locale Qt's default (dates and times: kiosk/ui/dates.py), sets
the layout direction (right to left for such a language), then calls retranslate() on each
registered widget that is still alive.
"""

from __future__ import annotations

import logging
import weakref
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QLocale, QObject, Qt, QTranslator, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from kiosk import languages
from kiosk.messages import Message
from kiosk.ui.dates import locale_for
from kiosk.ui.i18n import Catalogue, locales_dir

log = logging.getLogger(__name__)


class LanguageSwitcher(QObject):
    """Owns the translator and the registry of widgets to re-label."""

    changed = Signal(str)

    def __init__(
        self,
        locales: Path | None = None,
        parent: QObject | None = None,
        offered: tuple[str, ...] = languages.CODES,
    ) -> None:
        super().__init__(parent)
        self._locales = locales or locales_dir()
        self._pseudo_locales: Path | None = None
        self.offered = offered  # what the language button offers, in this order
        self._language = languages.SOURCE_LANGUAGE
        self._translator: QTranslator | None = None
        self._catalogue = Catalogue(self._locales)  # `words`, for any language on offer
        # Widgets with a retranslate() method (pages, the status bar, the banner).
        self._widgets: weakref.WeakSet[Any] = weakref.WeakSet()
        QLocale.setDefault(locale_for(self._language))

    @property
    def language(self) -> str:
        return self._language

    def register(self, widget: QWidget) -> None:
        """`widget.retranslate()` will run on every language switch while the widget lives."""
        self._widgets.add(widget)

    def use_pseudo_locales(self, folder: Path) -> None:
        """Tests and screenshots: accept the pseudo-locales compiled into `folder`
        (kiosk/pseudo.py). They are never offered on the language button."""
        self._pseudo_locales = folder
        self._catalogue = Catalogue(self._locales, folder)

    def words(self, language: str, message: Message) -> str:
        """kiosk.messages.Words: a core message in `language` from the catalogues this
        switcher uses (pseudo-locales included), whatever the screen shows now."""
        return self._catalogue.text(language, message)

    def set_language(self, language: str) -> None:
        known = languages.is_offered(language) or (
            self._pseudo_locales is not None
            and language in {p.code for p in languages.PSEUDO_LANGUAGES}
        )
        if not known:
            raise ValueError(f"unsupported language {language!r}")
        entry = languages.language(language)
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("the language switcher needs the QApplication")
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        if entry.catalogue is not None:
            folder = self._pseudo_locales if entry.pseudo else self._locales
            assert folder is not None  # pseudo codes pass `known` only with their folder
            translator = QTranslator(self)
            qm = folder / f"{entry.catalogue}.qm"
            if translator.load(str(qm)):
                app.installTranslator(translator)
                self._translator = translator
            else:
                log.warning("no compiled translations for %s; showing English", language)
        self._language = language
        # Dates, times and month names follow the language: en_US or es_US (kiosk/ui/dates.py).
        QLocale.setDefault(locale_for(language))
        _set_direction(entry.right_to_left)
        self.retranslate_all()
        self.changed.emit(language)

    def toggle(self) -> None:
        """The next offered language (English <-> Spanish when two are offered)."""
        offered = list(self.offered)
        index = offered.index(self._language) if self._language in offered else -1
        self.set_language(offered[(index + 1) % len(offered)])

    def shutdown(self) -> None:
        """Kiosk.shutdown: take the translator off the application. The QApplication can
        outlive this kiosk (tests build many in one process) and must not stay in Spanish."""
        app = QCoreApplication.instance()
        if self._translator is not None and app is not None:
            app.removeTranslator(self._translator)
        self._translator = None
        self._language = languages.SOURCE_LANGUAGE
        QLocale.setDefault(locale_for(self._language))
        _set_direction(False)

    def retranslate_all(self) -> None:
        for widget in list(self._widgets):
            if shiboken6.isValid(widget):
                widget.retranslate()


def _set_direction(right_to_left: bool) -> None:
    app = QCoreApplication.instance()
    if isinstance(app, QGuiApplication):
        app.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if right_to_left else Qt.LayoutDirection.LeftToRight
        )


class LanguageToggle(QPushButton):
    """The language button on every patient-facing page. With two languages it switches to
    the other one and names it in that language, so a patient who reads only that language
    can find it. With more it names the current language and opens a chooser listing each
    language in its own words."""

    def __init__(self, switcher: LanguageSwitcher, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("languageToggle")
        self._switcher = switcher
        self.chooser: LanguageChooser | None = None
        self.clicked.connect(self._clicked)
        switcher.register(self)
        self.retranslate()

    def _clicked(self) -> None:
        if len(self._switcher.offered) <= 2:
            self._switcher.toggle()
            return
        self.chooser = LanguageChooser(self._switcher, self)
        self.chooser.show_below(self)

    def retranslate(self) -> None:
        # Language names are written in their own language on purpose (not translated).
        offered = self._switcher.offered
        current = self._switcher.language
        if len(offered) <= 2:
            index = offered.index(current) if current in offered else -1
            shown = offered[(index + 1) % len(offered)]
        else:
            shown = current if current in offered else offered[0]
        self.setText(languages.language(shown).native_name)


class LanguageChooser(QFrame):
    """A popup with one large button per offered language, each named in its own words."""

    def __init__(self, switcher: LanguageSwitcher, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("languageChooser")
        self.setFrameShape(QFrame.Shape.Box)
        layout = QVBoxLayout(self)
        self.buttons: dict[str, QPushButton] = {}
        for code in switcher.offered:
            button = QPushButton(languages.language(code).native_name)
            button.setObjectName(f"language-{code}")
            button.setCheckable(True)
            button.setChecked(code == switcher.language)
            button.setMinimumSize(220, 64)
            button.clicked.connect(lambda _=False, c=code: self._choose(switcher, c))
            layout.addWidget(button)
            self.buttons[code] = button

    def show_below(self, anchor: QWidget) -> None:
        self.adjustSize()
        corner = anchor.mapToGlobal(anchor.rect().bottomRight())
        self.move(corner.x() - self.width(), corner.y())
        self.show()

    def _choose(self, switcher: LanguageSwitcher, code: str) -> None:
        self.close()
        switcher.set_language(code)
