"""The portal adapter against the contract's reference server (a real HTTP process)."""

from __future__ import annotations

import pytest
from portal_server import PortalServer

from kiosk import secrets
from kiosk.enrollment import Patient
from kiosk.ports import AccountStatus
from kiosk.sync.http import AuthError, PermanentError, TransientError
from kiosk.sync.portal import RestPortalGateway

ANA = Patient("Ana", "Garcia", "1980-02-03", ehr_id="p-1", mrn="MRN-1")


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    data = tmp_path_factory.mktemp("portal") / "state.json"
    server = PortalServer()
    server.start(data_file=data)
    yield server
    server.stop()


@pytest.fixture
def gateway(portal):
    secrets.set_secret("portal_api_key", portal.api_key)
    return RestPortalGateway(portal.url)


def test_invitation_is_idempotent_and_status_follows_activation(portal, gateway):
    before = portal.stats()["invitations_created"]
    first = gateway.send_invitation(ANA, "ana@example.org", None, "email", "es", "key-1")
    again = gateway.send_invitation(ANA, "ana@example.org", None, "email", "es", "key-1")
    assert first == again and first.activation_url.startswith("http://127.0.0.1")
    assert portal.stats()["invitations_created"] == before + 1
    assert gateway.account_status(ANA, "e-1").status == AccountStatus.INVITED
    portal.activate(first.username)
    account = gateway.account_status(ANA, "e-1")
    assert account.status == AccountStatus.ACTIVE and account.last_login_at
    stranger = Patient("Zed", "Zulu", "2000-01-01")
    assert gateway.account_status(stranger, "e-2").status == AccountStatus.NOT_INVITED


def test_invitations_survive_a_portal_restart(tmp_path):
    secrets.set_secret("portal_api_key", "portal-test-key")
    server = PortalServer()
    server.start(data_file=tmp_path / "state.json")
    try:
        gateway = RestPortalGateway(server.url)
        first = gateway.send_invitation(ANA, None, "+12135550142", "sms", "en", "key-r")
        server.kill()
        server.start(data_file=tmp_path / "state.json")
        gateway = RestPortalGateway(server.url)
        assert gateway.send_invitation(ANA, None, "+12135550142", "sms", "en", "key-r") == first
        assert server.stats()["invitations_created"] == 0  # replayed, not sent again
    finally:
        server.stop()


def test_errors_are_classified_and_carry_no_patient_values(portal, gateway):
    with pytest.raises(PermanentError) as info:
        gateway.send_invitation(ANA, None, None, "sms", "en", "key-bad")
    assert "SMS invitation needs a mobile" in str(info.value)
    with pytest.raises(PermanentError, match="different request"):
        gateway.send_invitation(ANA, "other@example.org", None, "email", "es", "key-1")
    portal.set_faults(fail_next=1, status=503, retry_after=7)
    with pytest.raises(TransientError) as busy:
        gateway.send_invitation(ANA, "ana@example.org", None, "email", "es", "key-2")
    assert busy.value.retry_after == 7
    secrets.set_secret("portal_api_key", "wrong-key-value")
    with pytest.raises(AuthError) as denied:
        gateway.account_status(ANA, "e-1")
    assert "wrong-key-value" not in str(denied.value)


def test_the_card_is_sent_once_and_a_bad_document_is_refused(portal, gateway, tmp_path, qapp):
    from kiosk.card import CardContent
    from kiosk.ui import documents

    content = CardContent(
        "Riverside",
        "Portal",
        "https://p.example.org",
        "https://p.example.org",
        "ana@x.org",
        "(213) 555-0100",
        1,
        "es",
    )
    pdf = documents.render_reference_card_pdf(tmp_path / "card.pdf", content).read_bytes()
    before = portal.stats()["cards_sent"]
    gateway.send_card(ANA, "ana@example.org", None, "email", "es", pdf, "e-9:card")
    gateway.send_card(ANA, "ana@example.org", None, "email", "es", pdf, "e-9:card")  # a retry
    assert portal.stats()["cards_sent"] == before + 1
    with pytest.raises(PermanentError) as err:
        gateway.send_card(ANA, "ana@example.org", None, "email", "es", b"not a pdf", "e-10:card")
    assert "PDF" in str(err.value) and "ana@" not in str(err.value)
    with pytest.raises(PermanentError):
        gateway.send_card(ANA, None, None, "sms", "es", pdf, "e-11:card")  # no mobile
