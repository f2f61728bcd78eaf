"""The kiosk's settings: TOML files validated with clear messages.

Two files, merged key by key: the per-user one in the platform config dir (written with the
commented defaults on first start) and the machine-wide one IT pushes
(/etc/enrollment-kiosk/kiosk.toml, %PROGRAMDATA%\\enrollment-kiosk\\kiosk.toml). A key set
in the machine-wide file wins; the app only ever reads that file. `Config.sources` says which
file each value came from, for `kiosk doctor`.

A practice's IT edits these files, never the code. Secrets are not allowed here: they live in the
OS keyring (`kiosk credentials set NAME`). A bad value stops the app with one message naming
the key and what is expected, rather than running half-configured at the front desk.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import phonenumbers

from kiosk.sms import sender_name_problem
from kiosk.urls import url_problem

DEFAULT_CONFIG = """\
# Enrollment kiosk settings. Edit, save, restart the kiosk. `kiosk doctor` checks this file.
# Secrets (client secret, private key) are NOT kept here: use `kiosk credentials set NAME`.

[practice]
name = "Riverside Family Medicine"
phone = "+1 213 555 0100"                     # printed on the quick-reference card
reply_promise_days = 1                         # "We reply to portal messages within 1 business day"
# The practice's name as text messages show it: at most 30 characters, none of á í ó ú
# (they would cut a text to 70 characters). Empty = `name`, when that qualifies.
sms_name = ""

[portal]
# What patients call the portal, per language, as it reads after "the" / "el" on the screens
# and the card ("Sign up for the Patient Portal" / "Regístrese en el portal del paciente").
# A brand: name = "MyHealth portal", name_es = "portal MyHealth".
name = "Patient Portal"
name_es = "portal del paciente"
# The sign-in page's password-reset button, word for word as the portal shows it: the printed
# card quotes it (Spanish cards add a Spanish gloss). Set reset_button_es only when the portal
# shows Spanish-speaking patients a Spanish label.
reset_button = "Forgot password?"
reset_button_es = ""
login_url = "https://portal.example.org/login"
ios_app_url = "https://apps.apple.com/app/id0000000000"
android_app_url = "https://play.google.com/store/apps/details?id=org.example.portal"
# Portal REST adapter (docs/portal-api.md); empty = staff confirm the first login by hand.
api_url = ""
demo_feature = "messaging"                     # "messaging" or "scheduling"
resend_on_follow_up = true
# Days an invitation link stays valid when the portal's answer does not say (card, worklist).
invitation_expiry_days = 7

[family]
# Age (completed years) decides the kind of portal access: under proxy_only_under only a parent
# or guardian gets access (proxy); from there until adult_at a teen account with the teen's
# assent (a parent may be added as a limited proxy with the teen's assent); adult_at and over:
# the patient's own account, and they may add a caregiver.
proxy_only_under = 13
adult_at = 18

[ehr]
# e.g. https://ehr.example.org/fhir/R4 ; empty = offline, manual entry only.
fhir_base_url = ""
auth = "client_secret"                         # "none", "client_secret" or "private_key_jwt"
client_id = ""
token_url = ""
# The whole-practice dashboard also reads Encounters and Appointments: add
# "system/Encounter.r system/Appointment.r" where the EHR enforces scopes (docs/fhir-mapping.md).
scope = "system/Patient.rw system/Task.rw system/Communication.rw system/Provenance.c"
mrn_system = "urn:oid:2.16.840.1.113883.19.5"  # identifier system of the practice's MRNs
connect_timeout_seconds = 5
read_timeout_seconds = 20

[kiosk]
idle_timeout_seconds = 90
idle_timeout_own_phone_seconds = 300           # first login, app install (on their own phone)
printer = ""                                   # CUPS queue for the card; "" = the default one
default_language = "en"                        # "en" or "es"
follow_up_days = 7
sync_interval_seconds = 15
# Days the kiosk keeps a patient's name, birth date, contact details and ids after they stop
# being needed (records delivered, follow-up window over, nobody to call); then only what the
# dashboard counts stays. 0 = remove at the next sync pass.
patient_data_retention_days = 14
# The playbook's denominator: a patient "of the practice" had an Encounter or a fulfilled
# Appointment in the EHR within this many months before the reported month's end.
patients_seen_months = 12
"""

LANGUAGES = ("en", "es")
DEMO_FEATURES = ("messaging", "scheduling")
AUTH_MODES = ("none", "client_secret", "private_key_jwt")
_SECRET_WORDS = ("secret", "password", "private_key", "token_value", "api_key")


class ConfigError(Exception):
    """A settings problem, worded for the person who edits the file."""


@dataclass(frozen=True)
class PracticeConfig:
    name: str
    phone: str
    reply_promise_days: int
    sms_name: str = ""

    @property
    def sms_sender(self) -> str:
        """The practice's name as it opens a text message (kiosk/sms.py)."""
        return self.sms_name or self.name


@dataclass(frozen=True)
class FamilyConfig:
    proxy_only_under: int = 13
    adult_at: int = 18


@dataclass(frozen=True)
class PortalConfig:
    name: str
    login_url: str
    ios_app_url: str
    android_app_url: str
    api_url: str
    demo_feature: str
    resend_on_follow_up: bool
    name_es: str = "portal del paciente"
    reset_button: str = "Forgot password?"
    reset_button_es: str = ""
    invitation_expiry_days: int = 7

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
    fhir_base_url: str
    auth: str
    client_id: str
    token_url: str
    scope: str
    mrn_system: str
    connect_timeout_seconds: float
    read_timeout_seconds: float

    @property
    def enabled(self) -> bool:
        return bool(self.fhir_base_url)


@dataclass(frozen=True)
class KioskConfig:
    idle_timeout_seconds: int
    default_language: str
    follow_up_days: int
    sync_interval_seconds: int
    patient_data_retention_days: int = 14
    patients_seen_months: int = 12
    idle_timeout_own_phone_seconds: int = 300
    printer: str = ""


@dataclass(frozen=True)
class Config:
    practice: PracticeConfig
    portal: PortalConfig
    ehr: EhrConfig
    kiosk: KioskConfig
    source: Path | None = field(default=None, compare=False)
    # "section.key" -> the file that set it; keys absent here are built-in defaults.
    sources: dict[str, Path] = field(default_factory=dict, compare=False)
    family: FamilyConfig = field(default_factory=FamilyConfig)

    @classmethod
    def from_mapping(
        cls,
        data: dict[str, Any],
        source: Path | None = None,
        sources: dict[str, Path] | None = None,
    ) -> Config:
        defaults = tomllib.loads(DEFAULT_CONFIG)
        _reject_secrets(data)
        _reject_unknown(data, defaults)
        r = _Reader(defaults, data)
        practice = PracticeConfig(
            name=r.text("practice", "name"),
            phone=r.phone("practice", "phone"),
            reply_promise_days=r.integer("practice", "reply_promise_days", 0, 30),
            sms_name=r.text("practice", "sms_name", optional=True),
        )
        problem = sender_name_problem(practice.sms_sender)
        if problem:
            key = "sms_name" if practice.sms_name else "name"
            raise ConfigError(
                f"[practice] {key}: the name texts open with must have {problem}; "
                f"got {practice.sms_sender!r}"
                + ("" if practice.sms_name else ". Set [practice] sms_name to a shorter form.")
            )
        portal = PortalConfig(
            name=r.text("portal", "name"),
            login_url=r.url("portal", "login_url"),
            ios_app_url=r.url("portal", "ios_app_url"),
            android_app_url=r.url("portal", "android_app_url"),
            api_url=r.url("portal", "api_url", optional=True),
            demo_feature=r.choice("portal", "demo_feature", DEMO_FEATURES),
            resend_on_follow_up=r.boolean("portal", "resend_on_follow_up"),
            name_es=r.text("portal", "name_es"),
            reset_button=r.label("portal", "reset_button"),
            reset_button_es=r.label("portal", "reset_button_es", optional=True),
            invitation_expiry_days=r.integer("portal", "invitation_expiry_days", 1, 90),
        )
        ehr = EhrConfig(
            fhir_base_url=r.url("ehr", "fhir_base_url", optional=True).rstrip("/"),
            auth=r.choice("ehr", "auth", AUTH_MODES),
            client_id=r.text("ehr", "client_id", optional=True),
            token_url=r.url("ehr", "token_url", optional=True),
            scope=r.text("ehr", "scope", optional=True),
            mrn_system=r.text("ehr", "mrn_system"),
            connect_timeout_seconds=r.number("ehr", "connect_timeout_seconds", 0.5, 120),
            read_timeout_seconds=r.number("ehr", "read_timeout_seconds", 1, 600),
        )
        if ehr.enabled and ehr.auth != "none" and not (ehr.client_id and ehr.token_url):
            raise ConfigError(
                f"[ehr] auth = {ehr.auth!r} needs client_id and token_url; "
                'set them, or set auth = "none" if the FHIR server needs no login.'
            )
        kiosk = KioskConfig(
            idle_timeout_seconds=r.integer("kiosk", "idle_timeout_seconds", 20, 3600),
            default_language=r.choice("kiosk", "default_language", LANGUAGES),
            follow_up_days=r.integer("kiosk", "follow_up_days", 1, 90),
            sync_interval_seconds=r.integer("kiosk", "sync_interval_seconds", 2, 3600),
            patient_data_retention_days=r.integer("kiosk", "patient_data_retention_days", 0, 365),
            patients_seen_months=r.integer("kiosk", "patients_seen_months", 1, 36),
            idle_timeout_own_phone_seconds=r.integer(
                "kiosk", "idle_timeout_own_phone_seconds", 20, 3600
            ),
            printer=r.text("kiosk", "printer", optional=True),
        )
        family = FamilyConfig(
            proxy_only_under=r.integer("family", "proxy_only_under", 1, 21),
            adult_at=r.integer("family", "adult_at", 1, 21),
        )
        if family.proxy_only_under > family.adult_at:
            raise ConfigError(
                "[family] proxy_only_under must not be more than adult_at "
                f"(got {family.proxy_only_under} and {family.adult_at})."
            )
        return cls(practice, portal, ehr, kiosk, source, dict(sources or {}), family)

    @classmethod
    def defaults(cls) -> Config:
        return cls.from_mapping({})

    def values(self) -> list[tuple[str, Any]]:
        """("section.key", value) for every setting, in the order of DEFAULT_CONFIG."""
        out = []
        for section, keys in tomllib.loads(DEFAULT_CONFIG).items():
            part = getattr(self, section)
            out += [(f"{section}.{key}", getattr(part, key)) for key in keys]
        return out


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
        for section, values in data.items():
            for key, value in values.items():
                merged.setdefault(section, {})[key] = value
                sources[f"{section}.{key}"] = source
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
        _reject_unknown(data, tomllib.loads(DEFAULT_CONFIG))
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return data


def _reject_secrets(data: dict[str, Any]) -> None:
    for section, values in data.items():
        if not isinstance(values, dict):
            continue
        for key in values:
            if any(word in key.lower() for word in _SECRET_WORDS):
                raise ConfigError(
                    f"[{section}] {key}: secrets do not belong in the settings file. Remove it "
                    f"and store it in the OS keyring with `kiosk credentials set {key}`."
                )


def _reject_unknown(data: dict[str, Any], defaults: dict[str, Any]) -> None:
    for section, values in data.items():
        if section not in defaults:
            known = ", ".join(f"[{s}]" for s in defaults)
            raise ConfigError(f"[{section}] is not a known section; expected one of {known}.")
        if not isinstance(values, dict):
            raise ConfigError(f"[{section}] must be a table of settings, not a single value.")
        for key in values:
            if key not in defaults[section]:
                known = ", ".join(sorted(defaults[section]))
                raise ConfigError(f"[{section}] {key} is not a known setting; expected: {known}.")


class _Reader:
    def __init__(self, defaults: dict[str, Any], data: dict[str, Any]) -> None:
        self._defaults = defaults
        self._data = data

    def _get(self, section: str, key: str) -> Any:
        return self._data.get(section, {}).get(key, self._defaults[section][key])

    def text(self, section: str, key: str, optional: bool = False) -> str:
        value = self._get(section, key)
        if not isinstance(value, str):
            raise ConfigError(f"[{section}] {key}: expected text in quotes, got {value!r}.")
        value = value.strip()
        if not value and not optional:
            raise ConfigError(f"[{section}] {key}: must not be empty.")
        return value

    def label(self, section: str, key: str, optional: bool = False) -> str:
        """A button label quoted on paper: one short line, no quotation marks of its own."""
        value = self.text(section, key, optional)
        if len(value) > 40 or any(mark in value for mark in '"\u201c\u201d\n'):
            raise ConfigError(
                f"[{section}] {key}: expected the button's words as the portal shows them "
                f"(at most 40 characters, no quotation marks), got {value!r}."
            )
        return value

    def url(self, section: str, key: str, optional: bool = False) -> str:
        value = self.text(section, key, optional)
        if not value:
            return value
        problem = url_problem(value)
        if problem:
            raise ConfigError(f"[{section}] {key}: {problem}, got {value!r}.")
        return value

    def phone(self, section: str, key: str) -> str:
        value = self.text(section, key)
        try:
            number = phonenumbers.parse(value, "US")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_possible_number(number):
            raise ConfigError(
                f"[{section}] {key}: expected a phone number like +1 555 201 0100, got {value!r}."
            )
        return value

    def integer(self, section: str, key: str, low: int, high: int) -> int:
        value = self._get(section, key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ConfigError(
                f"[{section}] {key}: expected a whole number from {low} to {high}, got {value!r}."
            )
        return value

    def number(self, section: str, key: str, low: float, high: float) -> float:
        value = self._get(section, key)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            raise ConfigError(
                f"[{section}] {key}: expected a number from {low} to {high}, got {value!r}."
            )
        return float(value)

    def boolean(self, section: str, key: str) -> bool:
        value = self._get(section, key)
        if not isinstance(value, bool):
            raise ConfigError(f"[{section}] {key}: expected true or false, got {value!r}.")
        return value

    def choice(self, section: str, key: str, options: tuple[str, ...]) -> str:
        value = self._get(section, key)
        if value not in options:
            expected = " or ".join(f'"{o}"' for o in options)
            raise ConfigError(f"[{section}] {key}: expected {expected}, got {value!r}.")
        return value
