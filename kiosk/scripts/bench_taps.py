"""Count the taps from Start to Done on the kiosk's main paths, driving the real wizard.

    python kiosk/scripts/bench_taps.py

Starts the FHIR test server (tests/fhir_server) seeded with today's schedule
(tests/schedule_seed.py) and, when CUPS is installed, a private CUPS queue so the card really
prints. Prints one line per path: `taps: N  <path>`. Every tap is a button, list row, field or
on-screen key a receptionist or patient touches; the staff sign-in before the first patient is
not counted. No portal API is configured, so staff confirm the first login (two taps).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests")]


class Bot:
    """The few pytest-qt calls tests/wizard_support.py uses, without pytest."""

    def __init__(self, app) -> None:  # noqa: ANN001
        self.app = app

    def waitExposed(self, widget, timeout: int = 5000) -> None:  # noqa: ANN001, N802
        from PySide6.QtTest import QTest

        QTest.qWaitForWindowExposed(widget, timeout)

    def mouseClick(self, widget, button, pos=None) -> None:  # noqa: ANN001, N802
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        if pos is None:
            QTest.mouseClick(widget, button)
        else:
            QTest.mouseClick(widget, button, Qt.KeyboardModifier.NoModifier, pos)

    def wait(self, ms: int) -> None:
        from PySide6.QtTest import QTest

        QTest.qWait(ms)

    def waitUntil(self, check, timeout: int = 5000) -> None:  # noqa: ANN001, N802
        deadline = time.monotonic() + timeout / 1000
        while not check():
            if time.monotonic() > deadline:
                raise TimeoutError("waited too long")
            self.wait(10)


def main() -> int:
    from kiosk.scripts.dev_key import use_scratch_kiosk

    tmp = use_scratch_kiosk("bench-taps-")
    os.environ["CUPS_SERVER"] = str(tmp / "no-cups.sock")
    import cups_server
    from PySide6.QtWidgets import QApplication
    from schedule_seed import kiosk_settings, seed_clinic
    from servers import FhirServer
    from wizard_support import Receptionist, add_staff, make_kiosk, sign_in

    from kiosk.config import Config
    from kiosk.paths import KioskPaths

    app = QApplication.instance() or QApplication(sys.argv[:1])
    bot = Bot(app)
    printer = None
    if cups_server.available():
        printer = cups_server.CupsServer().start()
        os.environ["CUPS_SERVER"] = str(printer.socket)
    results: list[tuple[str, int]] = []
    with FhirServer() as srv:
        srv.stop()
        srv.start(auth=False)
        clinic = seed_clinic(srv.base_url, fillers=20)
        paths = KioskPaths.resolve()
        online = Config.from_mapping(kiosk_settings(clinic))
        offline = Config.from_mapping(
            {"ehr": {"fhir_base_url": "http://127.0.0.1:9/fhir/R4", "auth": "none"}}
        )
        member = add_staff(paths.database)
        for config, runs in ((online, ONLINE_PATHS), (offline, OFFLINE_PATHS)):
            kiosk = make_kiosk(paths, bot, config)
            try:
                r = Receptionist(bot, kiosk)
                sign_in(r, member)
                for name, walk in runs:
                    r.taps = 0
                    r.log.clear()
                    walk(r)
                    finish(r)
                    results.append((name, r.taps))
                    r.wizard.next_patient()
                    r.wait_page("startScreen")
            finally:
                kiosk.shutdown()
    if printer is not None:
        printer.stop()
    for name, taps in results:
        print(f"taps: {taps:3d}  {name}")
    if printer is None:
        print("(no CUPS here: each path has one more tap, Next after 'not printed')")
    return 0


# ---- the paths ----------------------------------------------------------------------------
def pick(r, given: str) -> None:  # noqa: ANN001
    r.tap("startButton")
    r.wait_page("findPatientPage")
    table = r.page().schedule_area.table
    r.qtbot.waitUntil(lambda: len(table.visits()) > 0, timeout=30_000)
    row = next(i for i, v in enumerate(table.visits()) if v.patient.given_name == given)
    r.tap_row(table, row)
    r.wait_page("contactPage")
    contact = r.page()
    r.qtbot.waitUntil(lambda: contact.on_file_panel.isVisible(), timeout=10_000)


def tap_chip(r, value: str) -> None:  # noqa: ANN001
    """The suggestion chip that fills in `value` (their order follows the practice's data)."""
    chips = r.page().chips
    r.tap(f"suggestChip-{chips.values().index(value)}")


def send_invitation(r) -> None:  # noqa: ANN001
    r.wait_page("invitationPage")
    r.tap("primaryButton")
    r.wait_page("firstLoginPage")  # moves on by itself after "Queued"


def finish(r) -> None:  # noqa: ANN001
    """First login confirmed by staff, demo, app, check, card, Finish -> Done."""
    r.tap("confirmManuallyButton")
    r.tap("confirmSeenButton")
    r.wait_page("featureDemoPage")
    r.tap("primaryButton")
    r.wait_page("appInstallPage")
    r.tap("primaryButton")
    r.wait_page("confirmAccessPage")
    r.tap("primaryButton")
    r.wait_page("referenceCardPage")
    card = r.page()
    r.tap("primaryButton")
    r.qtbot.waitUntil(lambda: card.done or card.failed, timeout=60_000)
    if card.failed:
        r.tap("primaryButton")  # Next, after "not printed"
    r.wait_page("finishPage")
    r.tap("primaryButton")
    r.wait_page("donePage")


def schedule_email_and_mobile_on_file(r) -> None:  # noqa: ANN001
    pick(r, "Maria")
    r.tap("onFileYesButton")
    send_invitation(r)


def schedule_new_email_with_suggestion(r) -> None:  # noqa: ANN001
    pick(r, "Maria")
    r.tap("onFileChangeButton")
    r.tap("suggestChip-0")  # maria.lopez@
    tap_chip(r, "maria.lopez@yahoo.com")
    assert r.page().email.text() == "maria.lopez@yahoo.com"
    r.tap("primaryButton")
    send_invitation(r)


def search_by_name(r) -> None:  # noqa: ANN001
    r.tap("startButton")
    r.wait_page("findPatientPage")
    find = r.page()
    r.tap("primaryButton")  # "Search by name"
    r.type_on_screen("maria")
    r.tap_field(find.family)
    r.type_on_screen("lopez")
    r.tap_field(find.birth)
    r.type_on_screen("03141985")
    r.tap("primaryButton")  # Search
    r.qtbot.waitUntil(lambda: bool(find.result_buttons), timeout=20_000)
    r.tap("patientResult-0")
    r.wait_page("contactPage")
    contact = r.page()
    r.qtbot.waitUntil(lambda: contact.on_file_panel.isVisible(), timeout=10_000)
    r.tap("onFileYesButton")
    send_invitation(r)


def sms_only(r) -> None:  # noqa: ANN001
    pick(r, "Jose")  # a mobile on file, no email
    r.tap("onFileYesButton")
    r.tap("smsConsentButton")
    r.tap("primaryButton")
    send_invitation(r)


def offline_manual_entry(r) -> None:  # noqa: ANN001
    r.tap("startButton")
    r.wait_page("findPatientPage")
    find = r.page()
    r.qtbot.waitUntil(lambda: find.search_area.isVisible(), timeout=30_000)
    r.type_on_screen("maria")
    r.tap_field(find.family)
    r.type_on_screen("lopez")
    r.tap_field(find.birth)
    r.type_on_screen("03141985")
    r.tap("manualButton")  # Continue without the EHR
    r.wait_page("contactPage")
    r.settle()
    r.tap("suggestChip-0")  # maria.lopez@
    tap_chip(r, "maria.lopez@gmail.com")
    assert r.page().email.text() == "maria.lopez@gmail.com"
    r.tap("primaryButton")
    send_invitation(r)


ONLINE_PATHS = (
    ("schedule pick + email on file + mobile on file", schedule_email_and_mobile_on_file),
    ("schedule pick + new email typed with a suggestion", schedule_new_email_with_suggestion),
    ("search by name", search_by_name),
    ("SMS-only (mobile on file)", sms_only),
)
OFFLINE_PATHS = (("EHR offline, manual entry", offline_manual_entry),)


if __name__ == "__main__":
    raise SystemExit(main())
