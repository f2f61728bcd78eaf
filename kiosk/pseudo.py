"""Pseudo-locales, generated from the catalogue for tests and screenshots (never for patients).

Android and Chromium render every screen in two made-up languages before a real translation
exists (en-XA, ar-XB), and so do we:

- en_XA, expanded: "Send your invitation" -> "[Šéñð ŷöûŕ îñṽîţåţîöñ ~~~~~]": every letter
  accented and about 40% longer, so clipped text shows, and an English word left on a screen is
  one that did not come from a catalogue.
- ar_XB, right to left: the English words inside right-to-left marks, shown with the layout
  mirrored.

Placeholders (%1, %n, {name}), markup and Qt date patterns keep working: only the words around
them change. `kiosk/scripts/translations.py --pseudo DIR` writes and compiles both catalogues.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

EXPANDED = "en_XA"
RIGHT_TO_LEFT = "ar_XB"

_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋŷžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
# What must survive as written: Qt placeholders, the core's {name} placeholders
# (kiosk/messages.py), markup, entities, a mnemonic ampersand.
_KEEP = re.compile(r"%(?:L?\d+|n)|\{\w+\}|<[^>]*>|&[a-zA-Z]+;|&&|\n")
_RLM = "\u200f"
_RLO, _PDF = "\u202e", "\u202c"
# Context whose strings are QDateTime patterns (kiosk/ui/dates.py): letters are format codes.
DATE_CONTEXT = "Dates"
EXPANSION = 0.4


def _pieces(text: str) -> list[tuple[bool, str]]:
    """[(is_words, piece), ...]: words to transform, and what to keep as it is."""
    out: list[tuple[bool, str]] = []
    at = 0
    for match in _KEEP.finditer(text):
        if match.start() > at:
            out.append((True, text[at : match.start()]))
        out.append((False, match.group()))
        at = match.end()
    if at < len(text):
        out.append((True, text[at:]))
    return out


def _padding(length: int) -> str:
    """Tildes in short groups (a line can break between them) so that, with the brackets and
    the space before them, the text grows by about 40%."""
    room = max(1, math.ceil(length * EXPANSION) - 3)  # "[", " " and "]" count too
    groups: list[str] = []
    while room > 0:
        size = min(5, room)
        groups.append("~" * size)
        room -= size + 1  # the space before the next group
    return " ".join(groups)


def expand(text: str, context: str = "") -> str:
    """en_XA: accented and ~40% longer, in brackets."""
    if not text.strip():
        return text
    if context == DATE_CONTEXT:
        # Quoted text is literal in a Qt date pattern: mark it without touching the codes.
        return f"'['{text}' ~]'"
    body = "".join(p.translate(_ACCENTED) if words else p for words, p in _pieces(text))
    return f"[{body} {_padding(len(text))}]"


def right_to_left(text: str, context: str = "") -> str:
    """ar_XB: each run of words shown right to left, inside a right-to-left paragraph."""
    if not text.strip() or context == DATE_CONTEXT:
        return text
    body = "".join(f"{_RLO}{p}{_PDF}" if words and p.strip() else p for words, p in _pieces(text))
    return f"{_RLM}{body}{_RLM}"


TRANSFORMS = {EXPANDED: expand, RIGHT_TO_LEFT: right_to_left}


def write_catalogue(source_ts: Path, code: str, target: Path) -> int:
    """Write the pseudo catalogue `code` (.ts) for every message in `source_ts`; return how
    many messages it holds."""
    transform = TRANSFORMS[code]
    tree = ET.parse(source_ts)
    root = tree.getroot()
    root.set("language", "en_US")  # two plural forms, like the English source
    root.attrib.pop("sourcelanguage", None)
    count = 0
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            for child in list(translation):
                translation.remove(child)
            translation.attrib.pop("type", None)
            translation.attrib.pop("variants", None)
            pseudo = transform(source, name)
            if message.get("numerus") == "yes":
                translation.text = None
                for _ in range(2):
                    ET.SubElement(translation, "numerusform").text = pseudo
            else:
                translation.text = pseudo
            count += 1
    body = ET.tostring(root, encoding="unicode")
    target.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )
    return count
