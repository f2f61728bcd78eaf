"""The kiosk's settings, declared once: TOML files validated with clear messages.

Each setting is one `setting()` field below: key, type, default, allowed values and a
description. kiosk/settings_schema.py turns these declarations into the commented defaults
file, the validation, `kiosk doctor`'s rows and README's settings table
(`kiosk/scripts/settings_docs.py` rewrites it; a test fails when README drifts).

Two files, merged key by key: the per-user one in the platform config dir (written with the
commented defaults on first start) and the machine-wide one IT pushes
(/etc/enrollment-kiosk/kiosk.toml, %PROGRAMDATA%\\enrollment-kiosk\\kiosk.toml). A key set
in the machine-wide file wins; the app only ever reads that file. `Config.sources` says which
file each value came from, for `kiosk doctor`.

A practice's IT edits these files, never the code. Secrets are not allowed here: they live in the
OS keyring (`kiosk credentials set NAME`, declared in `SECRETS`). A bad value stops the app with
one message naming the file, the key and what is allowed, rather than running half-configured
at the front desk; the file is left as it was.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any

from kiosk import languages
from kiosk.playbook import DEMO_FEATURES
from kiosk.schedule import WEEKDAYS, parse_times, parse_weekdays
from kiosk.settings_schema import ConfigError as ConfigError  # raised by load_config
from kiosk.settings_schema import (
    Secret,
    build,
    check_known,
    defaults_file,
    section,
    setting,
)
from kiosk.sms import sender_name_problem

LANGUAGES = languages.CODES  # the registry: kiosk/languages.py
AUTH_MODES = ("none", "client_secret", "private_key_jwt")
_SECRET_WORDS = ("secret", "password", "private_key", "token_value", "api_key")


@dataclass(frozen=True)
class PracticeConfig:
    name: str = setting(
        "Riverside Family Medicine", "The practice's name on the screens and the printed card."
    )
    phone: str = setting(
        "+1 213 555 0100", "The practice's phone number, printed on the card.", kind="phone"
    )
    reply_promise_days: int = setting(
        1,
        'Printed on the card: "We reply to portal messages within 1 business day".',
        low=0,
        high=30,
    )
    sms_name: str = setting(
        "",
        "The practice's name as text messages open with it: at most 30 characters, none of "
        "á í ó ú (they would cut a text to 70 characters). Empty = `name`, when that qualifies.",
        optional=True,
    )

    @property
    def sms_sender(self) -> str:
        """The practice's name as it opens a text message (kiosk/sms.py)."""
        return self.sms_name or self.name

    def validate(self) -> None:
        problem = sender_name_problem(self.sms_sender)
        if problem:
            key = "sms_name" if self.sms_name else "name"
            raise ConfigError(
                f"[practice] {key}: the name texts open with must have {problem}; "
                f"got {self.sms_sender!r}"
                + ("" if self.sms_name else ". Set [practice] sms_name to a shorter form.")
            )


@dataclass(frozen=True)
class FamilyConfig:
    proxy_only_under: int = setting(
        13,
        "Age (completed years) under which only a parent or guardian gets portal access "
        "(proxy); from here until adult_at, a teen account with the teen's assent (a parent "
        "may be added as a limited proxy, with the teen's assent).",
        low=1,
        high=21,
    )
    adult_at: int = setting(
        18,
        "Age from which the patient has their own account and may add a caregiver.",
        low=1,
        high=21,
    )

    def validate(self) -> None:
        if self.proxy_only_under > self.adult_at:
            raise ConfigError(
                "[family] proxy_only_under must not be more than adult_at "
                f"(got {self.proxy_only_under} and {self.adult_at})."
            )


@dataclass(frozen=True)
class PortalConfig:
    name: str = setting(
        "Patient Portal",
        'What patients call the portal in English, as it reads after "the" on the screens '
        'and the card ("Sign up for the Patient Portal"). A brand: "MyHealth portal".',
    )
    name_es: str = setting(
        "portal del paciente",
        'The same in Spanish, as it reads after "el" ("Regístrese en el portal del '
        'paciente"). A brand: "portal MyHealth".',
    )
    reset_button: str = setting(
        "Forgot password?",
        "The sign-in page's password-reset button, word for word as the portal shows it: the "
        "printed card quotes it.",
        kind="label",
    )
    reset_button_es: str = setting(
        "",
        "The same button as the portal shows it to Spanish-speaking patients; empty = the "
        "portal shows it only in English, so Spanish cards quote it with a Spanish gloss.",
        kind="label",
        optional=True,
    )
    login_url: str = setting(
        "https://portal.example.org/login",
        "The portal's sign-in page: the first-login QR code and the card point here.",
        kind="url",
    )
    ios_app_url: str = setting(
        "https://apps.apple.com/app/id0000000000",
        "The portal's iPhone app in the App Store (QR code on the app-install step).",
        kind="url",
    )
    android_app_url: str = setting(
        "https://play.google.com/store/apps/details?id=org.example.portal",
        "The portal's Android app on Google Play (QR code on the app-install step).",
        kind="url",
    )
    api_url: str = setting(
        "",
        "The portal REST adapter (docs/portal-api.md); empty = staff confirm the first login "
        "by hand.",
        kind="url",
        optional=True,
    )
    demo_feature: str = setting(
        "messaging", "The portal feature shown to the patient.", choices=DEMO_FEATURES
    )
    resend_on_follow_up: bool = setting(
        True,
        "With the follow-up reminder, send the portal invitation again (needs the portal API).",
    )
    invitation_expiry_days: int = setting(
        7,
        "Days an invitation link stays valid when the portal's answer does not say (shown on "
        "the invitation step, the card and the follow-up worklist).",
        low=1,
        high=90,
    )

    def display_name(self, language: str) -> str:
        """The portal's name as a patient reading `language` knows it."""
        return self.name_es if language == "es" else self.name

    def reset_button_label(self, language: str) -> str:
        """The reset button's label as the portal shows it to a `language` reader."""
        if language == "es" and self.reset_button_es:
            return self.reset_button_es
        return self.reset_button


@dataclass(frozen=True)
class EhrConfig:
    fhir_base_url: str = setting(
        "",
        "The EHR's FHIR R4 base address, e.g. https://ehr.example.org/fhir/R4; empty = "
        "offline, manual entry only (records stay queued).",
        kind="url",
        optional=True,
        normalize=lambda url: url.rstrip("/"),
    )
    auth: str = setting(
        "client_secret",
        "How the kiosk signs in to the FHIR server: no login, an OAuth2 client secret, or "
        "SMART Backend Services (a signed JWT). The secret or key goes in the OS keyring.",
        choices=AUTH_MODES,
    )
    client_id: str = setting("", 'OAuth2 client id (needed unless auth = "none").', optional=True)
    token_url: str = setting(
        "",
        'OAuth2 token endpoint (needed unless auth = "none").',
        kind="url",
        optional=True,
    )
    scope: str = setting(
        "system/Patient.rw system/Task.rw system/Communication.rw system/Provenance.c",
        "The OAuth2 scopes the kiosk asks for. The whole-practice dashboard also reads "
        "Encounters and Appointments: add system/Encounter.r system/Appointment.r where the EHR "
        "enforces scopes (docs/fhir-mapping.md).",
        optional=True,
    )
    mrn_system: str = setting(
        "urn:oid:2.16.840.1.113883.19.5", "Identifier system of the practice's MRNs."
    )
    connect_timeout_seconds: float = setting(
        5.0, "Seconds to wait for the FHIR server to accept a connection.", low=0.5, high=120
    )
    read_timeout_seconds: float = setting(
        20.0, "Seconds to wait for the FHIR server's answer.", low=1, high=600
    )

    @property
    def enabled(self) -> bool:
        return bool(self.fhir_base_url)

    def validate(self) -> None:
        if self.enabled and self.auth != "none" and not (self.client_id and self.token_url):
            raise ConfigError(
                f"[ehr] auth = {self.auth!r} needs client_id and token_url; "
                'set them, or set auth = "none" if the FHIR server needs no login.'
            )


@dataclass(frozen=True)
class KioskConfig:
    idle_timeout_seconds: int = setting(
        90,
        "Seconds without a touch before a 15-second countdown, then every field holding "
        "patient data is wiped and the start screen returns.",
        low=20,
        high=3600,
    )
    idle_timeout_own_phone_seconds: int = setting(
        300,
        "The same on the first-login and app-install steps, where the patient works on their "
        "own phone; any status change from the portal restarts it.",
        low=20,
        high=3600,
    )
    printer: str = setting("", 'CUPS queue for the card; "" = the default printer.', optional=True)
    default_language: str = setting("en", "The language each visit starts in.", choices=LANGUAGES)
    follow_up_days: int = setting(
        7, "Days after the visit the follow-up reminder is due.", low=1, high=90
    )
    sync_interval_seconds: int = setting(
        15, "Seconds between delivery passes to the EHR and the portal.", low=2, high=3600
    )
    patient_data_retention_days: int = setting(
        14,
        "Days the kiosk keeps a patient's name, birth date, contact details and ids after "
        "they stop being needed (records delivered, follow-up window over, nobody to call); "
        "then only what the dashboard counts stays. 0 = remove at the next sync pass.",
        low=0,
        high=365,
    )
    patients_seen_months: int = setting(
        12,
        'The playbook\'s denominator: a patient "of the practice" had an Encounter or a '
        "fulfilled Appointment in the EHR within this many months before the reported month's "
        "end.",
        low=1,
        high=36,
    )


# Credentials: only in the OS keyring (`kiosk credentials set NAME`), never in the file.
SECRETS = (
    Secret("ehr_client_secret", "OAuth2 client secret for the EHR (auth = client_secret)"),
    Secret(
        "ehr_private_key", "PEM private key for SMART Backend Services (auth = private_key_jwt)"
    ),
    Secret("ehr_private_key_id", "key id (kid) published with the public key in the EHR's JWKS"),
    Secret("portal_api_key", "API key for the portal REST adapter"),
)


def _fhir_id_problem(value: str) -> str | None:
    """A FHIR logical id (R4: A-Z a-z 0-9 - ., at most 64)."""
    if re.fullmatch(r"[A-Za-z0-9\-.]{1,64}", value):
        return None
    return "expected a FHIR resource id (letters, digits, - and ., without the type)"


def _weekdays_shown(days: tuple[int, ...]) -> str:
    return ",".join(WEEKDAYS[d] for d in days)


def _times_shown(times: tuple[time, ...]) -> str:
    return ",".join(t.strftime("%H:%M") for t in times)


@dataclass(frozen=True)
class ScheduleConfig:
    location: str = setting(
        "",
        "Today's appointments on the find-patient screen (needs [ehr] fhir_base_url): the id of "
        "the FHIR Location to show; empty = every location.",
        optional=True,
        check=_fhir_id_problem,
        allowed="a FHIR resource id",
    )
    practitioner: str = setting(
        "",
        "The id of the FHIR Practitioner whose appointments to show; empty = every practitioner.",
        optional=True,
        check=_fhir_id_problem,
        allowed="a FHIR resource id",
    )
    refresh_seconds: int = setting(
        60, "How often today's schedule is read again, in seconds.", low=10, high=3600
    )
    help_schedule: str = setting(
        "",
        "Help sessions: with the EHR, the free Slots of this FHIR Schedule id; empty (or no "
        "EHR) = the weekdays and times below.",
        optional=True,
        check=_fhir_id_problem,
        allowed="a FHIR resource id",
    )
    help_days: tuple[int, ...] = setting(
        "mon,tue,wed,thu,fri",
        "Weekdays with a help session when no FHIR Schedule is set.",
        parse=parse_weekdays,
        allowed="weekdays like mon,wed",
        show=_weekdays_shown,
    )
    help_times: tuple[time, ...] = setting(
        "10:00",
        "Start times of the help sessions on those days (24-hour clock).",
        parse=parse_times,
        allowed="times like 10:00,14:30",
        show=_times_shown,
    )
    help_capacity: int = setting(1, "Patients per help session.", low=1, high=50)


@dataclass(frozen=True)
class Config:
    practice: PracticeConfig = section(
        PracticeConfig, "The practice as patients see it on the screens and the card."
    )
    portal: PortalConfig = section(
        PortalConfig, "The patient portal: its names, addresses and the feature demonstrated."
    )
    family: FamilyConfig = section(
        FamilyConfig, "Children, teens and caregivers: the ages that decide the kind of access."
    )
    ehr: EhrConfig = section(EhrConfig, "The EHR's FHIR R4 server and how the kiosk signs in.")
    kiosk: KioskConfig = section(
        KioskConfig, "The kiosk itself: timeouts, printer, language, follow-up, sync, retention."
    )
    schedule: ScheduleConfig = section(
        ScheduleConfig, "Today's schedule on the find-patient screen, and help sessions."
    )
    source: Path | None = field(default=None, compare=False)
    # "section.key" -> the file that set it; keys absent here are built-in defaults.
    sources: dict[str, Path] = field(default_factory=dict, compare=False)

    @classmethod
    def from_mapping(
        cls,
        data: dict[str, Any],
        source: Path | None = None,
        sources: dict[str, Path] | None = None,
    ) -> Config:
        _reject_secrets(data)
        check_known(cls, data)
        return cls(**build(cls, data), source=source, sources=dict(sources or {}))

    @classmethod
    def defaults(cls) -> Config:
        return cls.from_mapping({})


DEFAULT_CONFIG = defaults_file(
    Config,
    SECRETS,
    "Enrollment kiosk settings. Edit, save, restart the kiosk. `kiosk doctor` checks this file "
    "and shows where each value comes from; a key set in the machine-wide file "
    "(/etc/enrollment-kiosk/kiosk.toml) wins over this one. Every line below is the built-in "
    "default: delete a line to keep the default, change it to set your own.",
)

_KEY_IN_MESSAGE = re.compile(r"^\[(\w+)\] (\w+)")


def load_config(path: Path, create: bool = True, machine_path: Path | None = None) -> Config:
    """Read the per-user settings file (writing the commented defaults first when there is
    none), then lay the machine-wide file, if there is one, over it key by key.

    The machine-wide file is only read, never created or rewritten: IT owns it."""
    if not path.exists():
        if not create:
            raise ConfigError(f"No settings file at {path}.")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(DEFAULT_CONFIG, encoding="utf-8")
    layers = [(path, _read_layer(path))]
    if machine_path is not None and machine_path.exists():
        layers.append((machine_path, _read_layer(machine_path)))
    merged: dict[str, dict[str, Any]] = {}
    sources: dict[str, Path] = {}
    for source, data in layers:
        for section_name, values in data.items():
            for key, value in values.items():
                merged.setdefault(section_name, {})[key] = value
                sources[f"{section_name}.{key}"] = source
    try:
        return Config.from_mapping(merged, source=path, sources=sources)
    except ConfigError as exc:
        # Name the file that holds the bad value (the machine-wide one may be the culprit).
        found = _KEY_IN_MESSAGE.match(str(exc))
        where = sources.get(f"{found[1]}.{found[2]}", path) if found else path
        raise ConfigError(f"{where}: {exc}") from None


def _read_layer(path: Path) -> dict[str, dict[str, Any]]:
    """One settings file, parsed and checked for unknown keys and secrets on its own, so a
    message names the file that has the problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Cannot read the settings file {path}: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"The settings file {path} is not valid TOML: {exc}") from None
    try:
        _reject_secrets(data)
        check_known(Config, data)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return data


def _reject_secrets(data: dict[str, Any]) -> None:
    for section_name, values in data.items():
        if not isinstance(values, dict):
            continue
        for key in values:
            if any(word in key.lower() for word in _SECRET_WORDS):
                raise ConfigError(
                    f"[{section_name}] {key}: secrets do not belong in the settings file. Remove "
                    f"it and store it in the OS keyring with `kiosk credentials set {key}`."
                )
