"""The Spanish follows docs/spanish-style.md: the preferred term for each English key term, and
no gendered word about the reader - on screens and on paper, both read from the catalogue
(locales/kiosk_es.ts, the one source of every Spanish string).

The rules are read from the style guide's two *(checked)* sections, so the guide and the test
cannot drift apart."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STYLE = ROOT / "docs" / "spanish-style.md"
TS = ROOT / "locales" / "kiosk_es.ts"


def _section(title: str) -> list[str]:
    text = STYLE.read_text(encoding="utf-8")
    start = text.index(f"## {title} *(checked)*")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None].splitlines()


def preferred_terms() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    terms = []
    for line in _section("Preferred terms"):
        if not line.startswith("| `"):
            continue
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        english, spanish = cells[0].strip("`"), cells[2].strip("`")
        terms.append((re.compile(english, re.I), re.compile(spanish, re.I)))
    return terms


def exceptions() -> set[str]:
    """English sources the guide lets off the preferred terms, each with its reason."""
    return {
        m.group(1) for line in _section("Preferred terms") if (m := re.match(r"- `(.+)`", line))
    }


def gendered_words() -> list[re.Pattern[str]]:
    words = [
        m.group(1) for line in _section("Gendered words") if (m := re.match(r"- `(.+)`", line))
    ]
    return [re.compile(rf"\b{re.escape(w)}\b", re.I) for w in words]


PAPER = "Paper"  # kiosk/card.py's context: the card, the privacy handout, the benefits summary


def catalogue_pairs(paper: bool) -> list[tuple[str, str]]:
    """(English, Spanish) for every catalogue message on paper, or on screens."""
    pairs = []
    for context in ET.parse(TS).iter("context"):
        if (context.findtext("name") == PAPER) != paper:
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            spanish = " ".join(translation.itertext()) if translation is not None else ""
            pairs.append((message.findtext("source") or "", spanish))
    return pairs


def screen_pairs() -> list[tuple[str, str]]:
    return catalogue_pairs(paper=False)


def paper_pairs() -> list[tuple[str, str]]:
    pairs = catalogue_pairs(paper=True)
    assert len(pairs) >= 40, "the printed texts are missing from the catalogue"
    return pairs


def test_style_guide_tables_are_read():
    assert len(preferred_terms()) >= 20
    assert len(gendered_words()) >= 10


@pytest.mark.parametrize("where", ["screens", "paper"])
def test_each_key_term_uses_the_preferred_spanish(where):
    pairs = screen_pairs() if where == "screens" else paper_pairs()
    excepted = exceptions()
    assert excepted <= {source for source, _ in screen_pairs() + paper_pairs()}, "stale"
    wrong = sorted(
        f"{english.pattern}: {source!r} -> {spanish!r}"
        for source, spanish in pairs
        for english, preferred in preferred_terms()
        if english.search(source) and not preferred.search(spanish) and source not in excepted
    )
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("where", ["screens", "paper"])
def test_no_gendered_words_about_the_reader(where):
    pairs = screen_pairs() if where == "screens" else paper_pairs()
    wrong = sorted(
        f"{word.pattern}: {spanish!r}"
        for _, spanish in pairs
        for word in gendered_words()
        if word.search(spanish)
    )
    assert wrong == [], "\n".join(wrong)


def test_the_checks_can_fail():
    """The review's original strings are caught: a wrong term and a gendered word."""
    terms, words = preferred_terms(), gendered_words()
    source, spanish = "Your reference card", "Su tarjeta de referencia"
    assert any(e.search(source) and not s.search(spanish) for e, s in terms)
    assert any(w.search("No me siento cómodo con las computadoras") for w in words)
    assert not any(w.search("Me cuesta usar computadoras") for w in words)


def test_catalogue_is_us_spanish():
    assert ET.parse(TS).getroot().get("language") == "es_US"


def test_every_catalogue_message_has_its_spanish():
    """The catalogue is the source of the Spanish: nothing left unfinished or empty (a new
    English string gets its Spanish in locales/kiosk_es.ts, README "Translations")."""
    missing = []
    for message in ET.parse(TS).iter("message"):
        translation = message.find("translation")
        text = " ".join(translation.itertext()).strip() if translation is not None else ""
        if not text or (translation is not None and translation.get("type") == "unfinished"):
            missing.append(message.findtext("source"))
    assert missing == [], "\n".join(missing)


def test_the_catalogue_holds_every_string_of_the_code(tmp_path):
    """lupdate on a copy adds nothing and drops nothing: the committed catalogue is current."""
    import shutil

    from kiosk.scripts.translations import update

    def messages(path: Path) -> set[tuple[str, str]]:
        return {
            (context.findtext("name") or "", message.findtext("source") or "")
            for context in ET.parse(path).iter("context")
            for message in context.iter("message")
        }

    shutil.copy(TS, tmp_path / TS.name)
    update(tmp_path, quiet=True)
    fresh = messages(tmp_path / TS.name)
    committed = messages(TS)
    assert sorted(fresh - committed) == [], "run kiosk/scripts/translations.py --update"
    assert sorted(committed - fresh) == [], "run kiosk/scripts/translations.py --update"
