"""Build the real EHR directory, portal gateway and outbox engine from the settings.

The composition root (kiosk/app.py) and `kiosk sync` both come here, so the app and the
headless service talk to the same systems the same way; each passes the catalogue's words
(kiosk.ui.i18n.catalogue_words) for the texts the engine composes, since this package stays
Qt-free. Each caller gets its own HTTP session:
the wizard's searches (network pool) and the sync worker (its own thread) never share one.


Imports of the HTTP stack (requests, urllib3, keyring) happen inside the functions: the app
calls them on the network pool or the sync thread, never while the first screen is drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kiosk import __version__
from kiosk.config import Config
from kiosk.messages import Words, english
from kiosk.ports import NoEhr, NoPortal, PatientDirectory, PortalGateway

if TYPE_CHECKING:
    from kiosk.store import Store
    from kiosk.sync.engine import Backoff, OutboxEngine
    from kiosk.sync.fhir import FhirClient
    from kiosk.sync.http import Timeouts
    from kiosk.sync.mapping import MappingContext


def timeouts(config: Config) -> Timeouts:
    from kiosk.sync.http import Timeouts

    return Timeouts(config.ehr.connect_timeout_seconds, config.ehr.read_timeout_seconds)


def fhir_client(config: Config) -> FhirClient | None:
    if not config.ehr.enabled:
        return None
    from kiosk.sync.auth import make_authenticator
    from kiosk.sync.fhir import FhirClient
    from kiosk.sync.http import make_session

    session = make_session()
    auth = make_authenticator(
        config.ehr.auth,
        session,
        config.ehr.token_url,
        config.ehr.client_id,
        config.ehr.scope,
        timeouts(config),
    )
    return FhirClient(config.ehr.fhir_base_url, auth, timeouts(config), session)


def patient_directory(config: Config) -> PatientDirectory:
    client = fhir_client(config)
    if client is None:
        return NoEhr()
    from kiosk.sync.fhir import FhirPatientDirectory

    return FhirPatientDirectory(client, config.ehr.mrn_system)


def schedule_reader(config: Config) -> Any:
    """Today's schedule, contact on file and help slots (kiosk/sync/schedule_read.py), or
    NoSchedule when there is no EHR: the kiosk then works from its settings."""
    client = fhir_client(config)
    if client is None:
        from kiosk.ports import NoSchedule

        return NoSchedule()
    from kiosk.sync.schedule_read import FhirSchedule

    s = config.schedule
    return FhirSchedule(client, config.ehr.mrn_system, s.location, s.practitioner, s.help_schedule)


def portal_gateway(config: Config) -> PortalGateway:
    if not config.portal.api_url:
        return NoPortal(config.portal.login_url)
    from kiosk.sync.portal import RestPortalGateway

    return RestPortalGateway(config.portal.api_url, timeouts(config))


def build_ports(config: Config) -> tuple[PatientDirectory, PortalGateway]:
    """What the wizard uses: patient search and the portal's account status."""
    return patient_directory(config), portal_gateway(config)


def mapping_context(config: Config) -> MappingContext:
    from kiosk.sync.mapping import MappingContext

    return MappingContext(
        mrn_system=config.ehr.mrn_system,
        software_version=__version__,
        follow_up_window_days=config.kiosk.follow_up_days,
    )


def build_engine(
    store: Store, config: Config, backoff: Backoff | None = None, words: Words = english
) -> OutboxEngine:
    """The outbox engine. `words` puts the texts it hands the portal in the patient's
    language: the callers pass the catalogue (kiosk.ui.i18n.catalogue_words); the default,
    English, is for callers that send no text in another language."""
    from datetime import timedelta

    from kiosk.sync.engine import OutboxEngine

    return OutboxEngine(
        store,
        fhir_client(config),
        portal_gateway(config),
        mapping_context(config),
        resend_on_follow_up=config.portal.resend_on_follow_up,
        sms_sender=config.practice.sms_sender,
        words=words,
        backoff=backoff,
        retention=timedelta(days=config.kiosk.patient_data_retention_days),
    )
