"""pytest-qt walks of the family paths, tapped the way a receptionist and patient do:
a child's parent as proxy, a teen's own account (assent) plus a parent, an adult's caregiver.
Asserts what lands in SQLite (record, outbox)."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk import family
from kiosk.enrollment import StepId, StepStatus
from kiosk.store import Store
from tests.wizard_support import Receptionist, add_staff, make_kiosk, sign_in


@pytest.fixture
def kiosk(kiosk_dirs, qtbot):
    k = make_kiosk(kiosk_dirs, qtbot)
    yield k
    k.shutdown()


def birth_digits(years: int) -> str:
    """MMDDYYYY for someone who turns `years` on a day safely in the past this year."""
    today = date.today()
    born = date(today.year - years, 1, 1) if today.month > 1 else date(today.year - years - 1, 1, 1)
    return born.strftime("%m%d%Y")


def open_patient(r: Receptionist, given: str, last: str, digits: str, page: str) -> None:
    r.tap("startButton")
    find = r.page()
    r.type_on_screen(given)
    r.tap_field(find.family)
    r.type_on_screen(last)
    r.tap_field(find.birth)
    r.type_on_screen(digits)
    r.tap("primaryButton")
    r.wait_page(page)


def fill_proxy(r: Receptionist, given: str, last: str, local_part: str, relationship: str):
    """Who (name, relationship) -> Continue -> how (email)."""
    page = r.page()
    r.tap_field(page.given)
    r.type_on_screen(given)
    r.tap_field(page.family)
    r.type_on_screen(last)
    r.tap(f"relationship-{relationship}")
    r.tap("primaryButton")
    assert page.email.isVisible() and not page.given.isVisible()
    r.tap_field(page.email)
    r.type_on_screen(local_part)
    r.tap("key_gmail")


def stored(kiosk_dirs, enrollment_id: str):
    with Store(kiosk_dirs.database) as store:
        return store.get_enrollment(enrollment_id), store.outbox_items(enrollment_id)


def finish_after_invitation(r: Receptionist) -> None:
    r.wait_page("invitationPage")
    r.tap("primaryButton")
    r.qtbot.waitUntil(lambda: "Queued" in r.page().state_label.text(), timeout=10_000)
    r.tap("primaryButton")
    r.wait_page("firstLoginPage")
    r.tap("confirmManuallyButton")
    r.tap("confirmSeenButton")
    for page in ("featureDemoPage", "appInstallPage", "confirmAccessPage"):
        r.wait_page(page)
        r.tap("skipButton")
        r.tap("skipReason-short-on-time")
    r.wait_page("referenceCardPage")
    r.tap("skipButton")
    r.tap("skipReason-short-on-time")
    r.wait_page("finishPage")
    r.tap("primaryButton")
    r.wait_page("donePage")
    r.settle()


def test_child_path_enrolls_the_parent_as_proxy(kiosk, kiosk_dirs, qtbot):
    member = add_staff(kiosk_dirs.database)
    r = Receptionist(qtbot, kiosk)
    sign_in(r, member)
    open_patient(r, "lia", "ruiz", birth_digits(9), "guardianPage")
    guardian_page = r.page()
    r.tap("primaryButton")  # nothing entered: stays, says why
    assert r.page() is guardian_page and "name" in guardian_page.message.text()
    fill_proxy(r, "marta", "ruiz", "marta.ruiz", "MTH")
    r.tap("primaryButton")
    finish_after_invitation(r)
    assert not r.find_all_visible("addProxyButton")  # a child's access already is the parent's
    e, outbox = stored(kiosk_dirs, r.wizard.enrollment.id)
    assert e.age_path == "child" and e.email == "marta.ruiz@gmail.com"
    proxy = family.guardian(e)
    assert (proxy.given_name, proxy.family_name, proxy.relationship) == ("Marta", "Ruiz", "MTH")
    kinds = [i["kind"] for i in outbox]
    assert kinds.count("ehr.proxy-access") == 1 and "ehr.patient-contact" not in kinds
    assert e.steps[StepId.COLLECT_CONTACT].reason == "proxy"


def test_teen_path_assent_then_own_account_then_parent(kiosk, kiosk_dirs, qtbot):
    member = add_staff(kiosk_dirs.database)
    r = Receptionist(qtbot, kiosk)
    sign_in(r, member)
    open_patient(r, "tomas", "vega", birth_digits(15), "teenAssentPage")
    assert "parent" in r.page().staff_script.text()  # the script for staff
    r.tap("primaryButton")  # the teen's own "I agree"
    r.wait_page("contactPage")
    r.invite_by_email("tomas.vega")
    r.tap("confirmManuallyButton")
    r.tap("confirmSeenButton")
    for page in ("featureDemoPage", "appInstallPage", "confirmAccessPage"):
        r.wait_page(page)
        r.tap("skipButton")
        r.tap("skipReason-short-on-time")
    r.wait_page("referenceCardPage")
    r.tap("skipButton")
    r.tap("skipReason-short-on-time")
    r.wait_page("finishPage")
    r.tap("primaryButton")
    r.wait_page("donePage")
    r.settle()
    r.tap("addProxyButton")
    r.wait_page("addProxyPage")
    fill_proxy(r, "elena", "vega", "elena.vega", "MTH")
    r.tap("primaryButton")  # the teen has not agreed yet
    assert r.page().objectName() == "addProxyPage"
    assert "agree" in r.page().message.text()
    r.tap("patientAgreesButton")
    r.tap("primaryButton")
    r.wait_page("donePage")
    r.settle()
    e, outbox = stored(kiosk_dirs, r.wizard.enrollment.id)
    assert e.age_path == "teen" and e.teen_assent_at
    assert e.email == "tomas.vega@gmail.com"  # the teen's own account, own details
    (parent,) = family.proxies(e)
    assert parent.kind == family.ProxyKind.PARENT_OF_TEEN
    assert parent.access == family.ProxyAccess.LIMITED and parent.consent_by == "patient"
    invitations = [i for i in outbox if i["kind"] == "portal.invitation"]
    assert len(invitations) == 2  # the teen's own, then the parent's proxy invitation


def test_adult_adds_a_caregiver_with_their_consent(kiosk, kiosk_dirs, qtbot):
    member = add_staff(kiosk_dirs.database)
    r = Receptionist(qtbot, kiosk)
    sign_in(r, member)
    open_patient(r, "rosa", "diaz", "07041940", "contactPage")
    r.invite_by_email("rosa.diaz")
    r.tap("confirmManuallyButton")
    r.tap("confirmSeenButton")
    for page in ("featureDemoPage", "appInstallPage", "confirmAccessPage"):
        r.wait_page(page)
        r.tap("skipButton")
        r.tap("skipReason-short-on-time")
    r.wait_page("referenceCardPage")
    r.tap("skipButton")
    r.tap("skipReason-short-on-time")
    r.wait_page("finishPage")
    r.tap("primaryButton")
    r.wait_page("donePage")
    r.settle()
    r.tap("addProxyButton")
    r.wait_page("addProxyPage")
    assert not r.find_all_visible("relationship-MTH")  # a caregiver's relationships
    fill_proxy(r, "sam", "diaz", "sam.diaz", "DAUC")
    r.tap("patientAgreesButton")
    r.tap("primaryButton")
    r.wait_page("donePage")
    r.settle()
    e, outbox = stored(kiosk_dirs, r.wizard.enrollment.id)
    (caregiver,) = family.proxies(e)
    assert caregiver.kind == family.ProxyKind.CAREGIVER and caregiver.relationship == "DAUC"
    assert e.status(StepId.FIRST_LOGIN) == StepStatus.DONE
    assert [i["kind"] for i in outbox].count("ehr.proxy-access") == 1


def test_a_number_that_replied_stop_is_refused_on_screen_with_the_reason(kiosk_dirs, qtbot):
    from portal_server import PortalServer

    from kiosk import secrets
    from kiosk.config import Config

    secrets.set_secret("portal_api_key", "portal-test-key")
    with PortalServer() as portal:
        portal.stop_number("+12135550123")
        config = Config.from_mapping({"portal": {"api_url": portal.url}})
        k = make_kiosk(kiosk_dirs, qtbot, config)
        try:
            member = add_staff(kiosk_dirs.database)
            r = Receptionist(qtbot, k)
            sign_in(r, member)
            open_patient(r, "jose", "diaz", "07041950", "contactPage")
            r.tap("noEmailButton")
            r.type_on_screen("2135550123")
            r.tap("smsConsentButton")
            r.tap("primaryButton")
            contact = r.page()
            qtbot.waitUntil(lambda: "STOP" in contact.message.text(), timeout=10_000)
            assert "email" in contact.message.text()
            assert r.page() is contact  # nothing saved, the patient stays on the page
            e, outbox = stored(kiosk_dirs, r.wizard.enrollment.id)
            assert e.mobile is None and outbox == []
            # Another number is fine.
            r.tap_field(contact.mobile)  # the keypad comes back in the words' place
            r.tap("key_clear", contact)
            r.type_on_screen("2135550124")
            r.tap("smsConsentButton")
            r.tap("primaryButton")
            r.wait_page("invitationPage")
        finally:
            k.shutdown()
