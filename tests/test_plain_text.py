"""Text a person typed is shown as typed, never as markup.

Patient names (from the EHR or the keyboard), staff names, the practice and portal names IT
typed, and a server's reason for a sync issue are seeded with HTML. The test walks every screen
that shows them (sign-in, start, status bar, admin menu and each admin page, every wizard step,
finish, decline, done) and fails on any visible QLabel that shows such text with rich-text
interpretation on (QLabel's default AutoText would render `<img src=...>`).
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiosk.config import Config
from kiosk.enrollment import Patient, utcnow
from kiosk.store import Store
from tests import seed
from tests.wizard_support import Receptionist, add_staff, make_kiosk, sign_in, unlock_admin

MARKERS = ("<b>", "<img", "<i>", "<u>")
PATIENT = Patient("<b>Mar</b>ia", "<img src=x>Lopez", "1985-03-14", ehr_id="p-9", mrn="MRN-9")
WORKLIST_PATIENT = Patient("<u>Rosa</u>", "<img src=y>Diaz", "1950-07-04", ehr_id="p-8")
REASON = "<img src=z>HTTP 422: Patient.name <b>rejected</b>"


def rich_labels_showing_typed_text(window) -> tuple[list[str], int]:
    """(labels that would interpret the seeded markup, how many visible labels show it)."""
    offenders, seen = [], 0
    for widget in window.findChildren(QLabel):
        if not widget.isVisible() or not any(m in widget.text() for m in MARKERS):
            continue
        seen += 1
        if widget.textFormat() != Qt.TextFormat.PlainText:
            offenders.append(f"{widget.objectName() or type(widget.parent()).__name__}")
    return offenders, seen


def _seed(database) -> None:
    with Store(database) as store:
        admin = store.db["staff"].rows_where("is_admin=1").__next__()["id"]
        original = seed.patient
        seed.patient = lambda n, ehr_id=None: WORKLIST_PATIENT  # type: ignore[assignment]
        try:
            seed.enrolled(store, admin, utcnow() - timedelta(days=10), 1, first_login=False)
        finally:
            seed.patient = original  # type: ignore[assignment]
        claimed = store.claim_due(limit=1)
        store.mark_dead(claimed[0].seq, REASON)


def test_every_label_showing_typed_text_is_plain_text(kiosk_dirs, qtbot):
    config = Config.from_mapping(
        {"practice": {"name": "<b>Riverside</b> Clinic"}, "portal": {"name": "<i>MyPortal</i>"}}
    )
    kiosk = make_kiosk(kiosk_dirs, qtbot, config)
    kiosk.idle.set_idle_ms(3_600_000)
    offenders: dict[str, list[str]] = {}
    seen: dict[str, int] = {}
    r = Receptionist(qtbot, kiosk)
    wizard = r.wizard

    def at(name: str) -> None:
        r.settle()
        bad, count = rich_labels_showing_typed_text(kiosk.window)
        seen[name] = count
        if bad:
            offenders[name] = bad

    try:
        admin = add_staff(kiosk_dirs.database, "Ana <b>Ruiz</b>")
        add_staff(kiosk_dirs.database, "<img src=x> Ben", "1357")
        _seed(kiosk_dirs.database)
        sign_in(r, admin)
        at("start")
        r.tap("adminButton")
        at("admin-locked")
        unlock_admin(r, admin)
        at("admin-menu")
        entries = len(wizard.admin_entries())
        for index in range(entries):
            r.tap(f"adminEntry-{index}")
            r.settle()
            qtbot.wait(200)  # pages load their rows on the DB thread
            r.settle()
            at(f"admin-entry-{index}")
            r.tap("backButton")
        r.tap("backButton")
        r.wait_page("startScreen")
        r.tap("startButton")
        wizard.start_patient(PATIENT)
        r.wait_page("contactPage")
        at("contact")
        for step, page in wizard.step_pages.items():
            wizard.go(page)
            at(f"step-{step.value}")
        for name in ("finish_page", "decline_page", "done_page"):
            wizard.go(getattr(wizard, name))
            at(name)
    finally:
        kiosk.shutdown()

    assert offenders == {}
    # The walk really showed the seeded text where it matters (the test can fail).
    assert seen["start"] >= 2  # practice name and the signed-in staff name
    assert seen["admin-menu"] >= 2  # the staff list
    assert sum(seen[f"admin-entry-{i}"] for i in range(entries)) >= 2  # reason, worklist
    assert seen["contact"] >= 1  # the patient's name
