"""Render every kiosk screen at 1280x800 in English and Spanish, offscreen, for review.

    python kiosk/scripts/screenshots.py --out /tmp/shots
    python kiosk/scripts/screenshots.py --out /tmp/shots --languages en_XA,ar_XB   # pseudo

Languages are codes from kiosk/languages.py; en_XA (expanded, accented) and ar_XB (right to
left) are the generated pseudo-locales (kiosk/pseudo.py) that show clipped text, mirroring
and any string that does not come from a catalogue.

Uses a throw-away data folder and a synthetic patient (never real data), walks the real wizard
(sign-in, every step, decline remedies, idle countdown) and saves <lang>-<nn>-<screen>.png,
plus the quick-reference card PDF's first page via pdftoppm when it is installed. Do not commit
the images.

    python kiosk/scripts/screenshots.py --out /tmp/shots --ehr

With --ehr, the screens that need the EHR instead: today's schedule, the contact on file
(masked, shown, changed with suggestions), help-session slots from the EHR and the "Not
enrolled today" worklist, against the FHIR test server (tests/fhir_server, installed by
`bootstrap.sh test`) seeded with a synthetic day (tests/schedule_seed.py). Saved as
<lang>-ehr-<nn>-<screen>.png.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

SIZE = (1280, 800)
PATIENT = ("Maria", "Lopez", "1985-03-14")
EMAIL = "maria.lopez@gmail.com"
LONG_EMAIL = "guadalupe.hernandez-villalobos7@sbcglobal.net"  # 45 characters


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from kiosk import languages

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path, help="folder for the PNG files")
    parser.add_argument("--size", default="1280x800", help="window size, e.g. 1920x1080")
    parser.add_argument(
        "--languages",
        default=",".join(languages.CODES),
        help="comma-separated codes (kiosk/languages.py), e.g. en,es,en_XA,ar_XB",
    )
    parser.add_argument(
        "--ehr", action="store_true", help="the EHR screens, against the FHIR test server"
    )
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    work = Path(tempfile.mkdtemp(prefix="kiosk-shots-"))
    os.environ["KIOSK_CONFIG"] = str(work / "kiosk.toml")
    os.environ["KIOSK_DATA_DIR"] = str(work / "data")
    from kiosk.scripts.dev_key import use_dev_key

    use_dev_key()  # no keyring on a headless dev machine: the key as a systemd credential
    os.environ["KIOSK_LOG_DIR"] = str(work / "logs")
    # Never print on a real printer: CUPS clients get a scheduler that is not there, so the
    # card step shows its "not printed" state.
    os.environ["CUPS_SERVER"] = str(work / "no-cups.sock")
    try:
        render = _render_ehr if args.ehr else _render
        return render(args.out, (width, height), tuple(args.languages.split(",")), work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _render(out: Path, size: tuple[int, int], shown: tuple[str, ...], work: Path) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from kiosk import languages
    from kiosk.app import build_kiosk
    from kiosk.card import CardContent
    from kiosk.config import Config
    from kiosk.enrollment import Channel, DeclineReason, Patient, StepId
    from kiosk.paths import KioskPaths
    from kiosk.ui import documents

    app = QApplication.instance() or QApplication(sys.argv[:1])
    _ensure_translations()
    paths = KioskPaths.resolve()
    config = Config.defaults()
    kiosk = build_kiosk(paths, config, app)
    window, wizard = kiosk.window, kiosk.wizard
    switcher, idle = kiosk.language, kiosk.idle
    if any(language.pseudo for language in map(languages.language, shown)):
        from kiosk.scripts.translations import write_pseudo

        write_pseudo(work / "pseudo")
        switcher.use_pseudo_locales(work / "pseudo")
    idle.set_idle_ms(3_600_000)
    window.resize(*size)
    window.show()
    counter = [0]

    def settle() -> None:
        _settle(kiosk)

    scripted = set(StepId)  # the steps this tour drives screen by screen

    def to(step: StepId) -> Any:
        """The page of `step`. A checklist step this tour does not script (one added to
        kiosk.enrollment.CHECKLIST) is photographed and passed with its primary action on
        the way, so the tour follows the checklist as declared."""
        for _ in range(len(wizard.step_order) + 1):
            settle()
            page = wizard.current_page()
            if page is wizard.step_pages[step]:
                return page
            if getattr(page, "step_id", None) in scripted or page.step_id is None:
                break
            shot(f"step-{page.step_id}")
            page.primary.click()
        raise SystemExit(f"expected the {step} screen; {wizard.current_page().objectName()} shows")

    text_size = wizard.text_size

    def shot(name: str) -> None:
        """Both languages, at the normal and the patient's "Larger text" size."""
        counter[0] += 1
        current = switcher.language
        for larger, suffix in ((False, ""), (True, "-larger")):
            text_size.set_larger(larger)
            for language in shown:
                switcher.set_language(language)
                settle()
                window.grab().save(str(out / f"{language}-{counter[0]:02d}-{name}{suffix}.png"))
        text_size.set_larger(False)
        switcher.set_language(current)
        settle()

    settle()
    shot("sign-in-first-run")
    admin, grant = _add_staff(paths, "Ben Cole")
    wizard.go(wizard.sign_in_page)
    settle()
    shot("sign-in")
    wizard.sign_in(admin)
    settle()
    shot("start")
    wizard.open_admin()
    settle()
    shot("admin-locked")
    wizard.admin_grant = grant  # what typing the PIN on the locked page gives
    wizard.admin_page.enter(None)
    settle()
    shot("admin-menu")
    wizard.admin_page._edit(None)
    shot("admin-add-staff")
    wizard.go(wizard.start_page)

    # ---- happy path ------------------------------------------------------------------------
    wizard.begin_patient()
    find = wizard.find_page
    find.given.setText("Maria")  # what the name keyboard types: first letters capitalised
    find.family.setText("Lopez")
    find.birth.setText("03141985")
    settle()
    shot("find-patient")
    find.birth.setText("02301985")
    find._manual()
    shot("find-patient-error")
    find.birth.setText("03141985")
    find._manual()
    settle()
    contact = wizard.step_pages[StepId.COLLECT_CONTACT]
    contact.email.setText("maria.lopez@gmial")
    shot("contact-typing")
    contact.email.setText("maria.lopez@gmial.com")
    shot("contact-suggestion")
    contact.switch_to_sms()
    contact.mobile.setText("2135550123")
    shot("contact-sms")
    contact.reset()
    contact.enter(wizard.enrollment)
    contact.email.setText(EMAIL)
    shot("contact")
    contact.primary.click()
    invitation = to(StepId.SEND_INVITATION)
    shot("invitation")
    invitation.primary.click()
    settle()
    shot("invitation-queued")
    invitation.primary.click()
    first_login = to(StepId.FIRST_LOGIN)
    shot("first-login-no-portal-api")
    first_login.confirm_button.click()
    shot("first-login-staff-confirm")
    first_login.confirm_yes.click()
    demo = to(StepId.FEATURE_DEMO)
    shot("feature-demo")
    demo._set_feature("scheduling")
    shot("feature-demo-scheduling")
    demo._set_feature("messaging")
    demo.primary.click()
    to(StepId.APP_INSTALL)
    shot("app-install")
    wizard.current_page().primary.click()
    confirm = to(StepId.CONFIRM_ACCESS)
    shot("confirm-access")
    confirm.skip_button.click()
    shot("skip-reason")
    confirm.skip_cancel.click()
    confirm.primary.click()
    card_page = to(StepId.REFERENCE_CARD)
    shot("reference-card")
    card_page.primary.click()
    deadline = time.monotonic() + 20
    while not card_page.failed and time.monotonic() < deadline:
        settle()
    shot("reference-card-not-printed")
    card_page.primary.click()
    settle()
    shot("finish-card-not-printed")
    wizard.finish_page.primary.click()
    settle()
    shot("done")
    # An adult may add a caregiver after their own enrollment (kiosk/family.py).
    wizard.done_page.add_proxy.click()
    settle()
    caregiver = wizard.add_proxy_page
    caregiver.given.setText("Sam")
    caregiver.family.setText("Lopez")
    caregiver._choose("DAUC")
    shot("add-caregiver-who")
    caregiver._primary()
    caregiver.email.setText("sam.lopez@gmail.com")
    caregiver.patient_agrees.click()
    shot("add-caregiver")
    caregiver.reset()
    wizard.go(wizard.done_page)
    settle()
    for language, email in (("en", EMAIL), ("es", LONG_EMAIL)):
        if language not in shown:
            continue
        pdf = paths.output_dir / f"card-{language}-sample.pdf"
        documents.render_reference_card_pdf(
            pdf,
            CardContent(
                config.practice.name,
                config.portal.display_name(language),
                config.portal.login_url,
                config.portal.login_url,
                email,
                config.practice.phone,
                config.practice.reply_promise_days,
                language,
                reset_button=config.portal.reset_button_label(language),
                reset_button_translated=language == "en" or bool(config.portal.reset_button_es),
            ),
        )
        _pdf_page(pdf, out / f"{language}-card-pdf")
    wizard.done_page.primary.click()
    settle()

    # ---- a first login that did not work, and an access check that needs help -----------
    wizard.start_patient(Patient("Guadalupe", "Hernández-Villalobos", "1950-07-04"))
    contact = to(StepId.COLLECT_CONTACT)
    contact.email.setText(LONG_EMAIL)
    shot("contact-long-email")
    contact.primary.click()
    to(StepId.SEND_INVITATION).primary.click()  # send
    settle()
    wizard.current_page().primary.click()  # next
    first_login = to(StepId.FIRST_LOGIN)
    first_login.failed_buttons[1].click()
    settle()
    shot("first-login-could-not-log-in")
    first_login.help_offer.slot_buttons[0].click()
    settle()
    shot("first-login-help-booked")
    first_login.primary.click()
    to(StepId.FEATURE_DEMO).primary.click()
    to(StepId.APP_INSTALL).primary.click()
    confirm = to(StepId.CONFIRM_ACCESS)
    confirm.needs_help_button.click()
    settle()
    shot("confirm-access-needs-help")
    wizard.wipe("next-patient")
    settle()

    # ---- decline path ------------------------------------------------------------------------
    wizard.start_patient(Patient(*PATIENT))
    settle()
    wizard.current_page().decline_button.click()
    decline = wizard.decline_page
    shot("decline-reasons")
    for reason, name in (
        (DeclineReason.NO_EMAIL, "decline-no-email-sms"),
        (DeclineReason.NOT_COMFORTABLE_WITH_COMPUTERS, "decline-help-session"),
        (DeclineReason.PRIVACY, "decline-privacy"),
        (DeclineReason.NO_BENEFIT, "decline-benefits"),
        (DeclineReason.OTHER, "decline-other"),
    ):
        decline.reason_buttons[reason].click()
        shot(name)
        decline.back_button.click()
    decline.reason_buttons[DeclineReason.NO_BENEFIT].click()
    decline._record()
    settle()
    settle()
    shot("done-declined")
    wizard.done_page.primary.click()
    settle()

    # ---- families: a child's parent as proxy, a teen's assent and parent ---------------------
    today = date.today()
    wizard.start_patient(Patient("Sofia", "Lopez", date(today.year - 8, 1, 15).isoformat()))
    settle()
    guardian = wizard.current_page()
    shot("child-guardian")
    guardian.given.setText("Maria")
    guardian.family.setText("Lopez")
    guardian._choose("MTH")
    shot("child-guardian-who")
    guardian._primary()
    guardian._set_channel(Channel.SMS)
    guardian.mobile.setText("2135550123")
    guardian.sms_panel.agree.click()
    shot("child-guardian-sms-consent")
    guardian.show_message(
        lambda: QCoreApplication.translate(
            "Wizard",
            "This mobile number replied STOP to our texts, so we cannot text it. "
            "Please use an email address, or the patient can text START to us.",
        )
    )
    shot("child-guardian-number-stopped")
    guardian.clear_message()
    guardian.sms_panel.agree.click()  # the language switches above took the yes back
    guardian.primary.click()
    settle()
    shot("child-invitation")
    wizard.wipe("next-patient")
    settle()
    wizard.start_patient(Patient("Tomas", "Vega", date(today.year - 15, 1, 15).isoformat()))
    settle()
    shot("teen-assent")
    wizard.current_page().primary.click()
    settle()
    teen_contact = wizard.current_page()
    teen_contact.email.setText("tomas.vega@gmail.com")
    teen_contact.primary.click()
    settle()
    wizard.current_page().primary.click()  # send the invitation
    settle()
    wizard.finish()
    settle()
    shot("teen-done")
    wizard.done_page.add_proxy.click()
    settle()
    parent = wizard.add_proxy_page
    parent.given.setText("Elena")
    parent.family.setText("Vega")
    parent._choose("MTH")
    parent._primary()
    parent.email.setText("elena.vega@gmail.com")
    shot("teen-add-parent")
    parent.primary.click()
    shot("teen-add-parent-needs-assent")
    parent.reset()
    wizard.wipe("next-patient")
    settle()

    # ---- idle countdown ----------------------------------------------------------------------
    wizard.start_patient(Patient(*PATIENT))
    contact = to(StepId.COLLECT_CONTACT)
    contact.email.setText(EMAIL)
    idle.overlay.show_countdown(15)
    shot("idle-countdown")
    idle.overlay.hide()
    wizard.wipe("idle-timeout")
    settle()
    shot("after-idle-wipe")
    _practice_report(out, paths, config, kiosk, switcher, settle, shown)
    kiosk.shutdown()
    print(f"{counter[0]} screens x {len(shown)} languages x 2 text sizes written to {out}")
    return 0


def _render_ehr(out: Path, size: tuple[int, int], shown: tuple[str, ...], work: Path) -> int:
    """Issue 12's screens with a real EHR: the FHIR test server on loopback, a synthetic day."""
    root = Path(__file__).resolve().parents[2]
    sys.path[:0] = [str(root), str(root / "tests")]
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QPushButton
    from schedule_seed import kiosk_settings, seed_clinic
    from servers import FhirServer

    from kiosk.app import build_kiosk
    from kiosk.config import Config
    from kiosk.enrollment import StepId
    from kiosk.paths import KioskPaths
    from kiosk.ui.schedule_list import NotEnrolledToday

    server = FhirServer()
    server.start(auth=False)
    try:
        clinic = seed_clinic(server.base_url, fillers=12)
        app = QApplication.instance() or QApplication(sys.argv[:1])
        _ensure_translations()
        paths = KioskPaths.resolve()
        kiosk = build_kiosk(paths, Config.from_mapping(kiosk_settings(clinic)), app)
        window, wizard, switcher = kiosk.window, kiosk.wizard, kiosk.language
        kiosk.idle.set_idle_ms(3_600_000)
        window.resize(*size)
        window.show()
        count = [0]

        def settle(until: Callable[[], bool] = lambda: True) -> None:
            _settle(kiosk, until, seconds=20)  # the EHR's answers come over loopback HTTP

        def shot(name: str) -> None:
            count[0] += 1
            for language in shown:
                switcher.set_language(language)
                settle()
                window.grab().save(str(out / f"{language}-ehr-{count[0]:02d}-{name}.png"))
            switcher.set_language("en")
            settle()

        admin, grant = _add_staff(paths)
        wizard.sign_in(admin)
        settle()
        wizard.begin_patient()
        table = wizard.find_page.schedule_area.table
        settle(lambda: len(table.visits()) > 3)
        shot("schedule")
        visit = next(v for v in table.visits() if v.patient.given_name == "Maria")
        table.picked.emit(visit)
        contact = wizard.step_pages[StepId.COLLECT_CONTACT]
        settle(lambda: contact.on_file_panel.isVisible())
        shot("contact-on-file")
        contact.findChild(QPushButton, "revealOnFileButton").click()
        shot("contact-on-file-shown")
        contact.findChild(QPushButton, "onFileChangeButton").click()
        settle()
        shot("contact-change-suggestions")
        contact.email.setText("maria.lopez@gmail.com")
        contact.primary.click()
        invitation = wizard.step_pages[StepId.SEND_INVITATION]
        settle(lambda: wizard.current_page() is invitation)
        invitation.primary.click()
        first_login = wizard.step_pages[StepId.FIRST_LOGIN]
        settle(lambda: wizard.current_page() is first_login)
        first_login.findChild(QPushButton, "couldNotLogInButton").click()
        offer = first_login.help_offer
        settle(lambda: offer.slot_buttons[0].isVisible())
        shot("help-slots-from-the-ehr")
        wizard.wipe("next-patient")
        settle()
        wizard.open_admin()
        wizard.admin_grant = grant  # what typing the PIN on the locked page gives
        wizard.admin_page.enter(None)
        settle()
        labels = [str(entry[0]()) for entry in wizard.admin_entries()]
        entry = labels.index(QCoreApplication.translate("Admin", "Not enrolled today"))
        wizard.admin_page.findChild(QPushButton, f"adminEntry-{entry}").click()
        worklist = wizard.admin_page.findChild(NotEnrolledToday)
        settle(lambda: worklist._state == "loaded")
        shot("not-enrolled-today")
        kiosk.shutdown()
    finally:
        server.stop()
    print(f"{count[0]} EHR screens x {len(shown)} languages written to {out}")
    return 0


def _settle(kiosk: Any, until: Callable[[], bool] = lambda: True, seconds: float = 10) -> None:
    """Run the event loop until the kiosk's background work is done and `until()` holds (or
    `seconds` pass), then a few more rounds for the layouts."""
    from PySide6.QtCore import QCoreApplication

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        if not kiosk.tasks.busy and until():
            break
        time.sleep(0.01)
    for _ in range(5):
        QCoreApplication.processEvents()


def _add_staff(paths: Any, *others: str) -> tuple[Any, Any]:
    """The administrator Ana Ruiz (PIN 246802) and `others` as staff (PIN 1357); returns the
    administrator and an admin grant (what typing her PIN on the locked admin page gives)."""
    from kiosk.staff import StaffDirectory
    from kiosk.store import Store

    with Store(paths.database) as store:
        staff = StaffDirectory(store)
        admin = staff.create("Ana Ruiz", "246802", is_admin=True)
        grant = staff.step_up(admin.id, "246802").grant
        for name in others:
            staff.create(name, "1357", grant=grant)
    return admin, grant


def _practice_report(out: Path, paths, config, kiosk, switcher, settle, shown) -> None:
    """A full month (November 2026) of desk visits plus cached practice-wide sources: the
    dashboard's "Whole practice" view and the one-page monthly PDF, in each shown language."""
    import random
    from datetime import UTC, date, datetime, timedelta

    from kiosk import export, report
    from kiosk.enrollment import Channel, DeclineReason
    from kiosk.metrics import Period, compute
    from kiosk.practice import EhrFigures, ManualFigures, PortalUsage
    from kiosk.store import Store
    from kiosk.sync.practice_read import ehr_key, manual_key, usage_key
    from kiosk.ui.dashboard import DashboardPage
    from tests import seed

    rng = random.Random(15)
    with Store(paths.database) as store:
        for staff_id, name in (("r1", "Ana Ruiz"), ("r2", "Ben Cole"), ("r3", "Cruz Vega")):
            seed.add_staff(store, staff_id, name)
        for i in range(160):
            at = datetime(2026, 10 + (i >= 60), 1, 15, tzinfo=UTC) + timedelta(
                days=(i % 60) // 2, minutes=rng.randrange(400)
            )
            staff_id = ("r1", "r2", "r3")[i % 3]
            roll = rng.random()
            if roll < 0.62:
                seed.enrolled(
                    store, staff_id, at, 1000 + i, first_login=rng.random() < 0.7,
                    channel=Channel.SMS if rng.random() < 0.3 else Channel.EMAIL,
                )  # fmt: skip
            elif roll < 0.9:
                reason = rng.choice(list(DeclineReason))
                seed.declined(store, staff_id, at, reason, 1000 + i)
            else:
                seed.abandoned(store, staff_id, at, 1000 + i)
        stamp = "2026-12-02T07:45:00Z"
        for month, start, ehr, usage in (
            ("2026-10", date(2026, 10, 1), (61, 30, 55, 2410, 7420, 2130), (4380, 1790, 655)),
            ("2026-11", date(2026, 11, 1), (98, 47, 86, 2496, 7510, 2210), (4501, 1845, 690)),
        ):
            enrolled, declined, new, to_date, seen, appointments = ehr
            store.cache_put(
                ehr_key(month),
                EhrFigures(
                    start, enrolled, declined, new, to_date, seen, appointments, 0, 12, stamp
                ).to_json(),  # fmt: skip
                stamp,
            )
            access, active, multi = usage
            store.cache_put(
                usage_key(month),
                PortalUsage(
                    month,
                    access,
                    active,
                    multi,
                    2140 + active // 10,
                    2090,
                    5.5,
                    341,
                    1250,
                    812,
                    20115.0,
                    "csv",
                ).to_json(),  # fmt: skip
            )
        store.cache_put(manual_key("2026-11"), ManualFigures("2026-11", 3120, 86.0).to_json())
        store.cache_put(manual_key("2026-10"), ManualFigures("2026-10", 3390, 84.0).to_json())
        period = Period.month(2026, 11)
        m = compute(store, period)
        practice = report.practice_rows(store, period)
    page = DashboardPage(
        kiosk.tasks,
        config,
        today=lambda: date(2026, 11, 20),
        now=lambda: datetime(2026, 12, 2, 9, 30, tzinfo=UTC),
    )
    page.resize(1280, 800)
    page.show()
    page.set_scope("practice")
    for language in shown:
        switcher.set_language(language)
        page.retranslate()
        page.refresh()
        settle()
        settle()
        page.grab().save(str(out / f"{language}-dashboard-practice.png"))
        pdf = out / f"{language}-report-2026-11.pdf"
        pdf.write_bytes(export.render(m, config.practice.name, "pdf", practice))
        _pdf_page(pdf, out / f"{language}-report-pdf", resolution=90)
    page.close()
    from kiosk.ui.practice_admin import PracticeFiguresPage

    admin = PracticeFiguresPage(kiosk.tasks, lambda: None, today=lambda: date(2026, 12, 2))
    admin.resize(1280, 800)
    admin.show()
    for language in shown:
        switcher.set_language(language)
        admin.retranslate()
        admin._load()
        settle()
        admin.grab().save(str(out / f"{language}-admin-practice-figures.png"))
    admin.close()
    switcher.set_language("en")  # the source language (kiosk/languages.py)
    settle()


def _pdf_page(pdf: Path, stem: Path, resolution: int = 60) -> None:
    if not shutil.which("pdftoppm"):
        print("pdftoppm not installed: skipping the PDF preview")
        return
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(resolution),
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(stem),
        ],  # fmt: skip
        check=True,
    )


def _ensure_translations() -> None:
    """Compile locales/*.ts to .qm when the .qm is missing (a fresh checkout)."""
    root = Path(__file__).resolve().parents[2]
    for ts in (root / "locales").glob("*.ts"):
        qm = ts.with_suffix(".qm")
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            subprocess.run(
                [sys.executable, str(root / "kiosk" / "scripts" / "translations.py"), "--quiet"],
                check=False,
            )
            return


if __name__ == "__main__":
    raise SystemExit(main())
