"""Words from the Qt-free core (validation, enrollment rules, paper), carried as message ids.

The core cannot call Qt's translator, so it names each message the way the catalogue keys it -
a context and the English source text - and fills in its arguments:

    QT_TRANSLATE_NOOP("Validation", "That {which} is too long.").format(which="first name")

pyside6-lupdate finds every QT_TRANSLATE_NOOP("context", "literal") and files it in
locales/kiosk_<code>.ts; the UI translates the message where it is shown
(kiosk/ui/i18n.py: `shown`). A Message is a str holding the English text, so logs, the CSV,
exceptions and tests read English as before. Placeholders are Python's {name}: a translator
keeps them and may move them.

A core function that words messages for a given language (paper, text messages) takes a
`Words` function; the composition root passes the catalogue's (kiosk/ui/i18n.py), and the
default, `english`, keeps the source words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Message(str):
    """English text that remembers its catalogue id (context, source) and arguments."""

    context: str
    source: str
    args: dict[str, Any]

    def __new__(cls, context: str, source: str, args: dict[str, Any] | None = None) -> Message:
        args = dict(args or {})
        message = super().__new__(cls, source.format(**args) if args else source)
        message.context, message.source, message.args = context, source, args
        return message

    def format(self, *positional: Any, **args: Any) -> Message:  # noqa: A003
        if positional:
            raise TypeError("message arguments are named: {name}")
        return Message(self.context, self.source, {**self.args, **args})

    def __reduce__(self) -> tuple[Any, ...]:
        return (Message, (self.context, self.source, self.args))


def QT_TRANSLATE_NOOP(context: str, source: str) -> Message:  # noqa: N802 - lupdate's marker
    """Mark `source` for the catalogue under `context` (not translated here)."""
    return Message(context, source)


# (language, message) -> the message's words in that language, arguments filled in.
Words = Callable[[str, Message], str]


def english(language: str, message: Message) -> str:
    """The source words: what a Words function falls back to."""
    return str(message)
