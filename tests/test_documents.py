"""Printed documents, checked the way a patient's phone and eyes would check them.

pdftoppm (poppler) rasterizes the PDF like a printer, zbarimg decodes the QR code from that
raster, and pdftotext proves the words are really on the page in the patient's language.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.card import CardContent, reply_sentence
from kiosk.ui.documents import (
    benefits_summary,
    paper_words,
    privacy_handout,
    render_benefits_pdf,
    render_privacy_handout_pdf,
    render_reference_card_pdf,
)

QR_URL = "https://portal.riverside.example.org/activate?code=7KX2-93QF-ZZ1A"
TOOLS = ("pdftoppm", "pdftotext", "zbarimg")
needs_poppler_zbar = pytest.mark.skipif(
    any(shutil.which(t) is None for t in TOOLS), reason="poppler-utils / zbar-tools missing"
)


def content(language: str, reply_days: int = 1) -> CardContent:
    return CardContent(
        practice_name="Riverside Family Medicine",
        portal_name="Riverside MyChart",
        login_url="https://portal.riverside.example.org",
        qr_url=QR_URL,
        username="maria.lopez@gmail.com",
        practice_phone="(555) 201-4400",
        reply_days=reply_days,
        language=language,
    )


def pdf_text(pdf: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # NFKC folds typographic ligatures (the font draws "fi" as one glyph); line wraps and
    # columns collapse to single spaces.
    return " ".join(unicodedata.normalize("NFKC", out).split())


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def decode_qr(pdf: Path, tmp_path: Path, dpi: int = 150) -> list[str]:
    stem = tmp_path / pdf.stem
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(pdf), str(stem)], check=True
    )
    result = subprocess.run(
        ["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", f"{stem}.png"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return [line for line in result.stdout.splitlines() if line]


@needs_poppler_zbar
@pytest.mark.parametrize("language", ["en", "es"])
def test_reference_card_pdf(qapp, tmp_path, language):
    pdf = render_reference_card_pdf(tmp_path / f"card-{language}.pdf", content(language))
    assert pdf.exists() and pdf_pages(pdf) == 1
    assert not list(tmp_path.glob("*.part"))
    assert decode_qr(pdf, tmp_path) == [QR_URL]
    text = pdf_text(pdf)
    assert "(555) 201-4400" in text
    assert "maria.lopez@gmail.com" in text
    assert "https://portal.riverside.example.org" in text
    assert reply_sentence(1, language, paper_words) in text
    if language == "es":
        assert "Respondemos los mensajes del portal en un plazo de un día hábil." in text
        assert "Cómo usar el portal" in text
    else:
        assert "We reply to portal messages within one business day." in text
        assert "How to use the portal" in text


@needs_poppler_zbar
def test_spanish_card_quotes_the_portals_real_reset_button_with_a_gloss(qapp, tmp_path):
    """Many portals show "Forgot password?" only in English: the Spanish card quotes the
    button as the patient will see it ([portal] reset_button) and says what it means."""
    spanish = replace(content("es"), portal_name="portal del paciente", reset_button="Reset it")
    text = " ".join(pdf_text(render_reference_card_pdf(tmp_path / "es.pdf", spanish)).split())
    assert "\u201cReset it\u201d (\u201c¿Olvidó su contraseña?\u201d)" in text
    assert "Portal del paciente" in text  # the card header: the Spanish name, capitalised
    assert "Patient Portal" not in text and "Olvidé mi contraseña" not in text
    # A portal that shows a Spanish label: quoted as is, no gloss.
    translated = replace(spanish, reset_button="¿Olvidó su clave?", reset_button_translated=True)
    text = " ".join(pdf_text(render_reference_card_pdf(tmp_path / "es2.pdf", translated)).split())
    assert "\u201c¿Olvidó su clave?\u201d en la página" in text
    english = replace(content("en"), reset_button="Reset it")
    text = " ".join(pdf_text(render_reference_card_pdf(tmp_path / "en.pdf", english)).split())
    assert "Tap \u201cReset it\u201d on the sign-in page" in text


@needs_poppler_zbar
def test_reply_days_plural_in_spanish(qapp, tmp_path):
    pdf = render_reference_card_pdf(tmp_path / "card.pdf", content("es-US", reply_days=2))
    assert "en un plazo de 2 días hábiles." in pdf_text(pdf)


@needs_poppler_zbar
@pytest.mark.parametrize("language", ["en", "es"])
def test_privacy_handout_pdf(qapp, tmp_path, language):
    pdf = render_privacy_handout_pdf(
        tmp_path / "privacy.pdf", language, "Riverside Family Medicine", "(555) 201-4400"
    )
    assert pdf_pages(pdf) == 1
    text = pdf_text(pdf)
    handout = privacy_handout(language, "Riverside Family Medicine", "(555) 201-4400")
    assert handout.title in text
    assert "HIPAA" in text and "(555) 201-4400" in text
    # Plain words for older readers (docs/spanish-style.md rule 3): no "HTTPS" in Spanish.
    assert ("HTTPS" in text) == (language == "en")
    for section in handout.sections:
        assert section.heading in text  # nothing fell off the page


@needs_poppler_zbar
@pytest.mark.parametrize("language", ["en", "es"])
def test_benefits_pdf(qapp, tmp_path, language):
    pdf = render_benefits_pdf(tmp_path / "benefits.pdf", language, "Riverside", "(555) 201-4400")
    assert pdf_pages(pdf) == 1
    text = pdf_text(pdf)
    summary = benefits_summary(language, "Riverside", "(555) 201-4400")
    assert [s.heading in text for s in summary.sections] == [True] * 4
    assert summary.closing in text


@needs_poppler_zbar
def test_render_off_the_gui_thread(qapp, tmp_path):
    """The wizard renders documents on a worker thread while the GUI thread keeps running."""
    results: dict[str, object] = {}

    def work() -> None:
        try:
            results["card"] = render_reference_card_pdf(tmp_path / "t.pdf", content("es"))
            results["privacy"] = render_privacy_handout_pdf(
                tmp_path / "p.pdf", "es", "Riverside", "(555) 201-4400"
            )
        except BaseException as exc:  # reported below, in the test thread
            results["error"] = exc

    worker = threading.Thread(target=work)
    worker.start()
    while worker.is_alive():  # the GUI thread stays responsive meanwhile
        qapp.processEvents()
        worker.join(0.01)
    assert "error" not in results, results.get("error")
    assert decode_qr(results["card"], tmp_path) == [QR_URL]
    assert "Su privacidad" in pdf_text(results["privacy"])


def test_unwritable_destination_is_a_clear_error(qapp, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OSError):
        render_reference_card_pdf(blocker / "card.pdf", content("en"))


def test_card_content_rejects_zero_reply_days():
    with pytest.raises(ValueError):
        content("en", reply_days=0)


@pytest.mark.parametrize(
    "username",
    [
        "maria.lopez@gmail.com",
        "guadalupe.hernandez-villalobos7@sbcglobal.net",  # 45 characters
        "+12135550142",
    ],
)
@pytest.mark.parametrize("language", ["en", "es"])
def test_card_text_is_at_least_10_pt_and_the_username_is_one_unbroken_line(
    qapp, tmp_path, language, username
):
    import pdfplumber

    card = CardContent(
        practice_name="Riverside Family Medicine and Pediatrics",
        portal_name="Riverside MyChart",
        login_url="https://portal.riverside.example.org/login",
        qr_url=QR_URL,
        username=username,
        practice_phone="(555) 201-4400",
        reply_days=1,
        language=language,
    )
    pdf = render_reference_card_pdf(tmp_path / "card.pdf", card)
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        sizes = [round(char["size"], 1) for char in page.chars if char["text"].strip()]
        words = page.extract_words(extra_attrs=["size"])
    assert min(sizes) >= 10.0, f"text at {min(sizes)} pt"  # the whole sheet, card included
    # The username is one word on one line of the card (and once more in the how-to text).
    on_card = [w for w in words if w["text"] == username]
    assert on_card, "the username is broken across lines or missing"
    assert on_card[0]["size"] >= 10.0
    pieces = [w["text"] for w in words if w["text"] != username and w["text"] in username]
    assert not [p for p in pieces if "@" in p or p.startswith(".")], pieces
    # It fits the card: 85.6 mm wide, centred on the letter page.
    card_left = (215.9 - 85.6) / 2 * 72 / 25.4
    card_right = card_left + 85.6 * 72 / 25.4
    assert card_left < on_card[0]["x0"] and on_card[0]["x1"] < card_right
    # Whole in the "How to use the portal" text too (not "hernandez- villalobos...").
    assert pdf_text(pdf).replace("\u2060", "").count(username) == 2
