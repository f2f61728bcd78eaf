"""Where catalogue words meet the screen and the paper.

`shown(text)` puts a core message (kiosk/messages.py) in the screen's language through the
installed translator; `Catalogue` answers in a given language whatever the screen shows, for
documents printed in the patient's language off the GUI thread and the text messages the sync
engine composes. `catalogue_words` is the shipped catalogues as a `Words` function: what a
composition root (kiosk/app.py, `kiosk sync` in kiosk/cli.py) hands the Qt-free core.

Only QtCore here: `kiosk sync` runs headless, where the GUI libraries may be missing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from kiosk import languages
from kiosk.messages import Message
from kiosk.paths import resource_root

log = logging.getLogger(__name__)


def locales_dir() -> Path:
    """The compiled catalogues shipped with the kiosk (locales/kiosk_<code>.qm)."""
    return resource_root() / "locales"


def _fill(translated: str, message: Message, word: Callable[[Message], str]) -> str:
    """The translation with its arguments; an argument that is itself a message (a reason
    inside a sentence) is worded in the same language."""
    args = {k: word(v) if isinstance(v, Message) else v for k, v in message.args.items()}
    try:
        return translated.format(**args) if args else translated
    except (KeyError, IndexError, ValueError):
        log.warning("a translation of %r lost its placeholders; showing English", message.source)
        return str(message)


def shown(text: str | None) -> str:
    """A core message in the screen's language; any other text as it is; None -> ""."""
    if not text:
        return ""
    if not isinstance(text, Message):
        return text
    return _fill(QCoreApplication.translate(text.context, text.source), text, shown)


def reason(exc: BaseException) -> str:
    """The words `exc` was raised with, for `shown`: a catalogue message keeps its id (str(exc)
    would be the English)."""
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, str) else str(exc)


class Catalogue:
    """The compiled catalogues (locales/kiosk_<code>.qm), loaded once per language.

    QTranslator.translate only reads its loaded table, so documents rendered on a worker
    thread may call `text` while the screen shows another language."""

    def __init__(self, folder: Path, pseudo_folder: Path | None = None) -> None:
        self._folder = folder
        self._pseudo_folder = pseudo_folder
        self._translators: dict[str, QTranslator | None] = {}
        self._lock = threading.Lock()

    def _translator(self, code: str) -> QTranslator | None:
        with self._lock:
            if code not in self._translators:
                entry = languages.language(code)
                translator = None
                if entry.catalogue is not None:
                    folder = self._pseudo_folder if entry.pseudo else self._folder
                    translator = QTranslator()
                    if folder is None or not translator.load(str(folder / f"{entry.catalogue}.qm")):
                        log.warning("no compiled translations for %s; printing English", code)
                        translator = None
                self._translators[code] = translator
            return self._translators[code]

    def text(self, language: str, message: Message) -> str:
        """`message` in `language` (English when the catalogue has no translation)."""
        translator = self._translator(language)
        translated = translator.translate(message.context, message.source) if translator else ""
        return _fill(
            translated or message.source, message, lambda inner: self.text(language, inner)
        )


_shipped: Catalogue | None = None
_shipped_lock = threading.Lock()


def catalogue_words(language: str, message: Message) -> str:
    """kiosk.messages.Words over the shipped catalogues (one set, loaded on first use), from
    any thread: paper in the patient's language, the texts the sync engine hands the portal."""
    global _shipped
    with _shipped_lock:
        if _shipped is None:
            _shipped = Catalogue(locales_dir())
    return _shipped.text(language, message)
