"""Carry a branch's old GLOSSARY Spanish into locales/kiosk_es.ts (a merge-time tool).

Until December 2026 the Spanish lived in a Python dict, GLOSSARY, in
kiosk/scripts/fill_translations.py; the catalogue is now the source. A branch started before
that still adds its Spanish to GLOSSARY. When it is merged (fill_translations.py conflicts as
"deleted by us"):

    git show BRANCH:kiosk/scripts/fill_translations.py > /tmp/glossary.py
    git rm kiosk/scripts/fill_translations.py
    git checkout --ours locales/kiosk_es.ts        # if the catalogue conflicts too
    python kiosk/scripts/carry_glossary.py /tmp/glossary.py
    python kiosk/scripts/translations.py

It runs lupdate (the branch's new strings join the catalogue), fills every message that has
no Spanish yet from GLOSSARY, and lists entries whose Spanish differs from the catalogue's
without changing them (a catalogue edit wins; pass --prefer-glossary to take the branch's).
Delete this file once no branch carries a GLOSSARY.
"""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from kiosk.scripts.translations import LOCALES, update  # noqa: E402

TS = LOCALES / "kiosk_es.ts"
# Contexts whose messages never came from GLOSSARY (same English, other words on paper).
NOT_FROM_GLOSSARY = {"Paper", "Enrollment"}


def load_glossary(path: Path) -> dict[str, str | tuple[str, ...]]:
    namespace = {"__file__": str(ROOT / "kiosk" / "scripts" / "fill_translations.py")}
    namespace["__name__"] = "glossary"
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)  # noqa: S102
    return namespace["GLOSSARY"]


def _text(translation: ET.Element) -> str | tuple[str, ...]:
    forms = tuple(f.text or "" for f in translation.findall("numerusform"))
    return forms if forms else (translation.text or "")


def carry(glossary: dict, ts: Path = TS, prefer_glossary: bool = False) -> tuple[int, list]:
    """Fill untranslated messages from `glossary`; return (filled, [(source, ours, theirs)])."""
    tree = ET.parse(ts)
    filled, differ = 0, []
    for context in tree.getroot().iter("context"):
        if context.findtext("name") in NOT_FROM_GLOSSARY:
            continue
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            if source not in glossary:
                continue
            spanish = glossary[source]
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            current = _text(translation)
            unfinished = translation.get("type") == "unfinished" or not any(
                (current,) if isinstance(current, str) else current
            )
            if not unfinished and current != spanish:
                differ.append((source, current, spanish))
                if not prefer_glossary:
                    continue
            elif not unfinished:
                continue
            for form in list(translation):
                translation.remove(form)
            if isinstance(spanish, tuple):
                translation.text = None
                for text in spanish:
                    ET.SubElement(translation, "numerusform").text = text
            else:
                translation.text = spanish
            translation.attrib.pop("type", None)
            filled += 1
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return filled, differ


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("glossary", type=Path, help="a branch's fill_translations.py")
    parser.add_argument("--prefer-glossary", action="store_true")
    args = parser.parse_args()
    update(quiet=True)
    filled, differ = carry(load_glossary(args.glossary), prefer_glossary=args.prefer_glossary)
    update(quiet=True)  # lupdate's own layout again
    print(f"{filled} messages filled from the glossary")
    for source, ours, theirs in differ:
        print(f"  differs: {source!r}\n    catalogue: {ours!r}\n    glossary:  {theirs!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
