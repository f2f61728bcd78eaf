"""Step 7 done only when the card really reached the patient: a print job CUPS completed,
the card sent through the portal, or saved where staff chose. Otherwise FAILED with the
reason, said on screen and on the finish list - never a file path, never a false done.

CUPS is real: a private cupsd (tests/cups_server.py) with one queue; a paused queue is the
stuck printer. The portal is the contract's reference server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QLabel

from kiosk import secrets
from kiosk.config import Config
from kiosk.enrollment import StepId, StepStatus
from kiosk.store import Store
from tests.wizard_support import Receptionist


def walk_to_card(r: Receptionist) -> None:
    r.enter_patient("maria", "lopez", "03141985")
    r.invite_by_email("maria.lopez")
    r.tap("confirmManuallyButton")
    r.tap("confirmSeenButton")
    r.wait_page("featureDemoPage")
    r.tap("primaryButton")
    r.wait_page("appInstallPage")
    r.tap("primaryButton")
    r.wait_page("confirmAccessPage")
    r.tap("primaryButton")
    r.wait_page("referenceCardPage")


def patient_text(page) -> str:
    return " ".join(w.text() for w in page.findChildren(QLabel) if w.isVisible())


def card_state(r: Receptionist, kiosk_dirs):
    r.settle()
    with Store(kiosk_dirs.database) as store:
        return store.get_enrollment(r.wizard.enrollment.id).steps[StepId.REFERENCE_CARD]


def no_temporary_pdfs() -> bool:
    tmp = Path(os.environ["TMPDIR"])
    return not any(p.suffix == ".pdf" for p in tmp.rglob("*"))


@pytest.fixture
def started(signed_in):
    def start(config: Config | None = None) -> Receptionist:
        r = signed_in(config)
        walk_to_card(r)
        return r

    return start


def test_no_printer_fails_the_step_says_so_and_shows_no_path(started, kiosk_dirs):
    r = started()
    card = r.page()
    r.tap("primaryButton")  # Print the card: there is no CUPS scheduler here
    r.qtbot.waitUntil(lambda: card.status.property("kind") == "error", timeout=15_000)
    state = card_state(r, kiosk_dirs)
    assert state.status == StepStatus.FAILED and state.reason == "no-printer"
    words = patient_text(card)
    assert "no printer" in words
    assert "/" not in card.status.text() and ".pdf" not in words  # no file path, ever
    assert no_temporary_pdfs()
    assert not kiosk_dirs.output_dir.exists() or not list(kiosk_dirs.output_dir.glob("card-*"))
    # Remedies stay: print again, save (staff); no portal API here, so no "send".
    assert r.find("printAgainButton") and r.find("saveCardButton")
    assert not card.send_button.isVisible()
    r.tap("primaryButton")  # Next, with the step failed
    r.wait_page("finishPage")
    finish = r.page()
    detail = finish.checklist.details[StepId.REFERENCE_CARD]
    assert detail.isVisible() and "no printer" in detail.text()
    assert "Did not work" in patient_text(finish)
    assert finish.decline_button.isVisible()  # not every step is done
    r.tap("primaryButton")
    r.wait_page("donePage")
    with Store(kiosk_dirs.database) as store:
        e = store.get_enrollment(r.wizard.enrollment.id)
    assert e.steps[StepId.REFERENCE_CARD].status == StepStatus.FAILED


def test_a_completed_cups_job_is_done_and_the_temporary_pdf_is_gone(cups, started, kiosk_dirs):
    r = started()
    card = r.page()
    r.tap("primaryButton")
    r.qtbot.waitUntil(lambda: card.status.property("kind") == "ok", timeout=30_000)
    state = card_state(r, kiosk_dirs)
    assert state.status == StepStatus.DONE and state.reason == "printed"
    assert "printed" in card.status.text()
    assert cups.jobs("completed") and not cups.jobs("not-completed")
    assert no_temporary_pdfs()
    r.tap("primaryButton")
    r.wait_page("finishPage")
    # Every step done: nothing left to decline on the finish screen.
    assert not r.page().decline_button.isVisible()


def test_a_stuck_printer_is_not_done_and_its_job_is_cancelled(cups, started, kiosk_dirs):
    cups.disable()
    r = started()
    card = r.page()
    card.print_wait_seconds = 2.0
    r.tap("primaryButton")
    r.qtbot.waitUntil(lambda: card.status.property("kind") == "error", timeout=30_000)
    state = card_state(r, kiosk_dirs)
    assert state.status == StepStatus.FAILED and state.reason == "print-not-accepted"
    assert "did not take it" in card.status.text()
    assert cups.jobs("not-completed") == []  # cancelled: it will not print later
    assert no_temporary_pdfs()


def test_staff_save_the_card_in_a_folder_they_choose(started, kiosk_dirs, tmp_path):
    r = started()
    card = r.page()
    folder = tmp_path / "usb-stick"
    folder.mkdir()
    r.tap("saveCardButton")
    dialog = card.findChild(QFileDialog, "saveCardDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.setDirectory(str(folder))
    dialog.accept()
    r.qtbot.waitUntil(lambda: card.status.property("kind") == "ok", timeout=15_000)
    state = card_state(r, kiosk_dirs)
    assert state.status == StepStatus.DONE and state.reason == "saved-by-staff"
    saved = list(folder.iterdir())
    assert [p.name for p in saved] == [f"card-{r.wizard.enrollment.id}.pdf"]
    assert saved[0].read_bytes().startswith(b"%PDF-")
    assert str(folder) not in patient_text(card) and "card-" not in patient_text(card)
    assert no_temporary_pdfs()


def test_the_card_is_sent_through_the_portal_when_printing_failed(started, kiosk_dirs):
    from portal_server import PortalServer

    with PortalServer() as portal:
        secrets.set_secret("portal_api_key", portal.api_key)
        config = Config.from_mapping({"portal": {"api_url": portal.url}})
        r = started(config)
        card = r.page()
        r.tap("primaryButton")
        r.qtbot.waitUntil(lambda: card.status.property("kind") == "error", timeout=15_000)
        r.tap("sendCardButton")
        r.qtbot.waitUntil(lambda: card.status.property("kind") == "ok", timeout=15_000)
        state = card_state(r, kiosk_dirs)
        assert state.status == StepStatus.DONE and state.reason == "sent"
        assert portal.stats()["cards_sent"] == 1
        assert no_temporary_pdfs()
