"""Step 3 and step 6 record only what happened: the activation QR comes from the portal's
answer, without a portal API the patient is shown the invitation they just got, staff confirm
by saying what they saw, and "Couldn't log in" / "Needs help" are failed steps with a help
session offered. The idle countdown waits longer while the patient works on their phone, and
any change the portal reports starts the wait again."""

from __future__ import annotations

import json

import pytest
from portal_server import PortalServer
from PySide6.QtWidgets import QLabel

from kiosk import secrets
from kiosk.config import Config
from kiosk.enrollment import StepId, StepStatus
from kiosk.store import Store
from tests.wizard_support import Receptionist


@pytest.fixture
def start(signed_in):
    def begin(config: Config | None = None) -> Receptionist:
        r = signed_in(config)
        r.enter_patient("maria", "lopez", "03141985")
        r.invite_by_email("maria.lopez")
        return r

    return begin


def stored(r: Receptionist, kiosk_dirs):
    r.settle()
    with Store(kiosk_dirs.database) as store:
        return store.get_enrollment(r.wizard.enrollment.id)


def visible_text(page) -> str:
    return " ".join(w.text() for w in page.findChildren(QLabel) if w.isVisible())


@pytest.fixture
def portal():
    with PortalServer() as server:
        secrets.set_secret("portal_api_key", server.api_key)
        yield server


def test_without_a_portal_api_the_patient_is_shown_the_invitation_not_a_login_qr(start, kiosk_dirs):
    r = start()
    page = r.page()
    assert not page.qr.isVisible() and page.qr.data() is None  # no plain login-page QR
    assert page.preview.isVisible()
    words = visible_text(page)
    assert "We just sent you an email" in words
    assert "Email from Riverside Family Medicine" in words
    assert "Your invitation to Patient Portal" in words
    assert not page.primary.isEnabled()
    # Staff confirm by hand in two taps: the second says what they saw.
    r.tap("confirmManuallyButton")
    assert page.confirm_question.isVisible()
    assert "portal home page" in page.confirm_question.text()
    assert stored(r, kiosk_dirs).status(StepId.FIRST_LOGIN) == StepStatus.PENDING
    r.tap("confirmCancelButton")  # changed their mind: nothing recorded
    assert r.find("confirmManuallyButton")
    r.tap("confirmManuallyButton")
    r.tap("confirmSeenButton")
    r.wait_page("featureDemoPage")
    e = stored(r, kiosk_dirs)
    assert e.steps[StepId.FIRST_LOGIN].status == StepStatus.DONE
    assert e.steps[StepId.FIRST_LOGIN].reason == "manual-confirm"


def test_could_not_log_in_is_failed_with_a_help_session_booked(start, kiosk_dirs):
    r = start()
    page = r.page()
    r.tap("couldNotLogInButton")
    r.qtbot.waitUntil(lambda: page.help_offer.isVisible(), timeout=5_000)
    e = stored(r, kiosk_dirs)
    assert e.steps[StepId.FIRST_LOGIN].status == StepStatus.FAILED
    assert e.steps[StepId.FIRST_LOGIN].reason == "could-not-log-in"
    assert not page.confirm_button.isVisible()
    assert not any(b.isVisible() for b in page.failed_buttons)
    r.tap("helpSlot-0", page.help_offer)
    r.qtbot.waitUntil(lambda: "booked" in page.help_offer.text.text(), timeout=5_000)
    e = stored(r, kiosk_dirs)
    assert e.help_session_at and e.help_session_at.endswith("Z")
    assert e.steps[StepId.FIRST_LOGIN].status == StepStatus.FAILED  # a booking is no login
    assert page.primary.isEnabled()
    r.tap("primaryButton")
    r.wait_page("featureDemoPage")
    # The rest of the visit goes on; the finish list says the login did not work.
    r.tap("primaryButton")
    r.wait_page("appInstallPage")
    r.tap("primaryButton")
    r.wait_page("confirmAccessPage")
    confirm = r.page()
    r.tap("needsHelpButton")
    r.qtbot.waitUntil(lambda: confirm.help_offer.isVisible(), timeout=5_000)
    e = stored(r, kiosk_dirs)
    assert e.steps[StepId.CONFIRM_ACCESS].status == StepStatus.FAILED
    assert e.steps[StepId.CONFIRM_ACCESS].reason == "needs-help"
    assert confirm.primary.text() == "Next"
    r.tap("primaryButton")
    r.wait_page("referenceCardPage")
    r.tap("skipButton")
    r.tap("skipReason-short-on-time")
    r.wait_page("finishPage")
    finish = r.page()
    for step in (StepId.FIRST_LOGIN, StepId.CONFIRM_ACCESS):
        assert finish.checklist.details[step].isVisible()
    assert "did not work" in finish.checklist.details[StepId.FIRST_LOGIN].text()
    r.tap("primaryButton")
    r.wait_page("donePage")
    e = stored(r, kiosk_dirs)
    assert e.steps[StepId.FOLLOW_UP].status == StepStatus.SCHEDULED  # no login: follow up


def test_with_a_portal_api_the_qr_is_the_activation_link_and_login_is_seen(
    start, kiosk_dirs, portal
):
    config = Config.from_mapping(
        {"portal": {"api_url": portal.url}, "kiosk": {"sync_interval_seconds": 2}}
    )
    r = start(config)
    page = r.page()
    assert page.qr.isVisible() and not page.preview.isVisible()
    r.qtbot.waitUntil(lambda: bool(page.qr.data()), timeout=20_000)
    assert "/activate/" in page.qr.data()  # the portal's activation link, not the login page
    assert page.qr.data() != config.portal.login_url
    with Store(kiosk_dirs.database) as store:
        item = store.outbox_items(r.wizard.enrollment.id)[0]
        result = store.outbox_item(item["id"])["result"]
    assert page.qr.data() in result
    # The patient sets a password on their phone: the portal says active, the step is done.
    portal.activate(json.loads(result)["username"])
    r.qtbot.waitUntil(lambda: page.done, timeout=15_000)
    assert stored(r, kiosk_dirs).steps[StepId.FIRST_LOGIN].reason == "portal-confirmed"


def test_idle_waits_longer_on_own_phone_steps_and_portal_progress_restarts_it(
    start, kiosk_dirs, qtbot
):
    r = start()
    idle = r.kiosk.idle
    idle.set_tick_ms(50)
    idle.set_idle_ms(150, own_phone_ms=1_500)
    qtbot.wait(600)
    assert not idle.counting_down  # the normal wait would have run out four times over
    # Progress from the portal (a status change) restarts the wait, again and again.
    for _ in range(3):
        qtbot.wait(700)
        r.wizard.patient_progress.emit()
    assert not idle.counting_down and r.page().objectName() == "firstLoginPage"
    # A countdown already showing goes away when the portal sees the patient at it.
    qtbot.waitUntil(lambda: idle.counting_down, timeout=5_000)
    r.wizard.patient_progress.emit()
    assert not idle.counting_down and r.wizard.enrollment is not None
    # Off the own-phone steps, the normal wait applies.
    r.tap("couldNotLogInButton")
    r.settle()
    r.tap("primaryButton")
    r.wait_page("featureDemoPage")
    qtbot.waitUntil(lambda: idle.counting_down, timeout=1_000)
