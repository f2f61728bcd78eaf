"""No patient data in the log files: a full enrollment in-process and through the real CLI.

The code logs ids, kinds and counts; as a second line of defence the redacting filter masks
anything shaped like an email, a phone number or a date. Names cannot be recognised by shape,
so the careless message below carries the email, phone and birth date, not the name: names
must simply never be logged, and the full run proves none of our code does.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.enrollment import Channel, DeclineReason, Enrollment, Patient, StepId
from kiosk.logs import configure_logging, redact
from kiosk.store import Store
from kiosk.validation import format_mobile, parse_birth_date, parse_email, parse_mobile, parse_name
from tests.db_keys import child_env

ROOT = Path(__file__).resolve().parent.parent

GIVEN, FAMILY = "Esperanza", "Villalobos-Ortiz"
BIRTH_TYPED, BIRTH_ISO = "09/17/1958", "1958-09-17"
EMAIL = "esperanza.villalobos@example.net"
MOBILE_TYPED, MOBILE_E164 = "(310) 555-0187", "+13105550187"
PHI = [
    GIVEN,
    FAMILY,
    BIRTH_TYPED,
    BIRTH_ISO,
    EMAIL,
    EMAIL.split("@")[0],
    MOBILE_TYPED,
    MOBILE_E164,
    "3105550187",
    "310-555-0187",
    "555-0187",
]


@pytest.fixture
def log_file(kiosk_dirs):
    handler = configure_logging(kiosk_dirs.log_file, level=logging.DEBUG)
    yield kiosk_dirs.log_file
    logging.getLogger().removeHandler(handler)
    handler.close()


def run_kiosk(*args: str) -> subprocess.CompletedProcess:
    env = child_env(dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT)))
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def enroll_through_the_store(database: Path) -> tuple[str, str]:
    patient = Patient(
        parse_name(GIVEN).value,
        parse_name(FAMILY).value,
        parse_birth_date(BIRTH_TYPED).value,
        ehr_id="pat-phi-1",
        mrn="MRN-PHI-1",
    )
    with Store(database) as store:
        e = store.apply(Enrollment.start("staff-1", patient, language="es"))
        e = store.apply(
            e.capture_contact(
                email=parse_email(EMAIL).value,
                mobile=parse_mobile(MOBILE_TYPED).value,
                channel=Channel.SMS,
                sms_consent=True,
                privacy_ack=True,
            )
        )
        e = store.apply(e.send_invitation())
        e = store.apply(e.complete_step(StepId.FIRST_LOGIN, "manual-confirm"))
        e = store.apply(e.complete_step(StepId.FEATURE_DEMO, "messaging"))
        e = store.apply(e.skip_step(StepId.APP_INSTALL, "no smartphone"))
        enrolled = store.apply(e.finish(follow_up_days=7))
        other = store.apply(Enrollment.start("staff-1", patient))
        declined = store.apply(other.decline(DeclineReason.OTHER, text=f"{GIVEN} is moving"))
        assert store.claim_due()  # the outbox holds the PHI, ready for the EHR
    return enrolled.id, declined.id


def test_no_phi_in_any_log_file(kiosk_dirs, log_file):
    enrolled_id, declined_id = enroll_through_the_store(kiosk_dirs.database)
    log = logging.getLogger("kiosk.test")
    log.info("enrollment %s saved", enrolled_id)
    # careless code: the filter must catch what is recognisable by shape
    log.warning(
        "contact for %s is %s / %s / %s, born %s (%s)",
        enrolled_id,
        EMAIL,
        MOBILE_E164,
        format_mobile(MOBILE_E164),
        BIRTH_TYPED,
        BIRTH_ISO,
    )
    log.info(f"resend to {MOBILE_TYPED} and 310-555-0187 and 3105550187 for {EMAIL}")
    try:
        raise ValueError(f"EHR refused telecom {EMAIL} / {MOBILE_E164} birthDate {BIRTH_ISO}")
    except ValueError:
        log.exception("sync failed for %s", enrolled_id)
    logging.getLogger("urllib3").warning("request for %s failed", EMAIL)

    # the real command-line programs, same settings, data and log folders
    doctor = run_kiosk("doctor")
    self_test = run_kiosk("run", "--self-test")
    assert self_test.returncode == 0, self_test.stderr
    sync = run_kiosk("sync")  # one pass, EHR not configured: its log must be clean too
    for proc in (doctor, self_test, sync):
        assert "Traceback" not in proc.stderr
        for value in PHI:
            assert value not in proc.stdout + proc.stderr, (proc.args, value)

    for handler in logging.getLogger().handlers:
        handler.flush()
    files = [p for p in kiosk_dirs.log_dir.rglob("*") if p.is_file()]
    assert files, "nothing was logged"
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files)
    for value in PHI:
        assert value not in text, f"PHI value {value!r} found in the log"
    # the careless lines were written, redacted, with their ids intact
    assert f"contact for {enrolled_id} is <email> / <phone> / <phone>, born <date> (<date>)" in (
        text
    )
    assert "EHR refused telecom <email> / <phone> birthDate <date>" in text
    assert f"sync failed for {enrolled_id}" in text
    assert declined_id  # its free-text reason named the patient; it stays in the database


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail a.b+c@mail.example.co.uk now", "mail <email> now"),
        ("call +44 7911 123456", "call <phone>"),
        ("call (310) 555-0187.", "call <phone>."),
        ("born 1958-09-17", "born <date>"),
        ("born 9/17/1958", "born <date>"),
        ("at 2026-11-23T09:00:00Z", "at 2026-11-23T09:00:00Z"),  # timestamps stay readable
        ("Authorization: Bearer eyJhbGciOi.J9.xyz", "Authorization: Bearer <secret>"),
        ("client_secret=abc&grant_type=x", "client_secret=<secret>&grant_type=x"),
        ("outbox seq 42 kind ehr.patient-contact", "outbox seq 42 kind ehr.patient-contact"),
        (
            "enrollment d621a748-2287-48f3-931f-91d6b2ae38b8",
            "enrollment d621a748-2287-48f3-931f-91d6b2ae38b8",
        ),
        ("mobile=3105550187&x", "mobile=<phone>&x"),
    ],
)
def test_redact(text, expected):
    assert redact(text) == expected
