"""`kiosk doctor`: what IT needs to see when a kiosk misbehaves - never a secret or PHI.

`kiosk doctor` lists every setting with the file it came from (and each keyring secret as set
or not set, never its value); `kiosk doctor --ready` prints
one line per reason the kiosk is not ready for patients and exits 1 (0 and one line when it is).
"""

from __future__ import annotations

import sys
from typing import TextIO

import requests

from kiosk import __version__, secrets
from kiosk.config import SECRETS, Config, ConfigError, load_config
from kiosk.paths import KioskPaths
from kiosk.settings_schema import effective_rows
from kiosk.store import SCHEMA_VERSION, Store, is_storage_failure, storage_error


def run_ready(out: TextIO | None = None) -> int:
    """`kiosk doctor --ready`: placeholders and an unreachable login page fail the check."""
    from kiosk.readiness import check_ready

    out = out or sys.stdout
    paths = KioskPaths.resolve()
    try:
        config = load_config(paths.config_file, machine_path=paths.machine_config_file)
    except ConfigError as exc:
        print(f"NOT READY: settings problem - {exc}", file=out)
        return 1
    problems = check_ready(config)
    for problem in problems:
        print(f"NOT READY: {problem}", file=out)
    if not problems:
        print("ready for patients", file=out)
    return 1 if problems else 0


def run_doctor(out: TextIO | None = None) -> int:
    """0 all well; 2 a settings or storage problem (damaged database, full disk, locked by
    another program); 1 any other problem (insecure keyring, EHR unreachable)."""
    out = out or sys.stdout
    problems = 0
    settings_or_storage = False

    def line(label: str, value: object) -> None:
        print(f"{label:<18} {value}", file=out)

    paths = KioskPaths.resolve()
    line("kiosk", __version__)
    line("config file", paths.config_file)
    machine = paths.machine_config_file
    line("machine config", f"{machine}{'' if machine.exists() else '  (none)'}")
    line("database", paths.database)
    line("log file", paths.log_file)
    backend = secrets.backend_name()
    secure = secrets.backend_is_secure()
    try:
        config = load_config(paths.config_file, machine_path=paths.machine_config_file)
        line("settings", "ok (a machine-wide value wins over the per-user one)")

        def origin(key: str) -> str:
            source = config.sources.get(key)
            return "machine" if source == machine else "user" if source else "default"

        stored = set(secrets.stored_names()) if secure else None

        def secret_state(name: str) -> str:
            if stored is None:
                return "unknown (no safe keyring)"
            return "set" if name in stored else "not set"

        for row in effective_rows(config, Config, origin, SECRETS, secret_state):
            print(row, file=out)
    except ConfigError as exc:
        line("settings", f"PROBLEM: {exc}")
        config, problems = None, problems + 1
        settings_or_storage = True

    line(
        "keyring backend",
        backend
        + (
            ""
            if secure
            else "  (PROBLEM: secrets cannot be stored safely; install a Secret Service keyring)"
        ),
    )
    problems += 0 if secure else 1
    if secure:
        line("credentials set", ", ".join(secrets.stored_names()) or "none")

    line("database key", secrets.database_key_source())
    try:
        with Store(paths.database) as store:
            store.quick_check()  # every page read: random bytes in a page show up here
            line("database check", "ok (quick_check)")
            line("schema version", f"{store.schema_version()} (this kiosk: {SCHEMA_VERSION})")
            counts = store.outbox_counts()
            line("outbox", ", ".join(f"{k} {v}" for k, v in counts.items()))
            if counts["dead"]:
                line("", "dead letters need staff attention on the Sync issues screen")
            oldest = store.oldest_unsent_at()
            line("oldest unsent", oldest or "-")
            chain = store.verify_audit_chain()
            if chain.ok:
                line("audit trail", f"ok ({chain.rows} rows, hash chain intact)")
            else:
                line("audit trail", f"PROBLEM: tampering - {chain.problem}")
                problems += 1
            kept = store.patient_data_count()
            days = config.kiosk.patient_data_retention_days if config else "?"
            line(
                "patient data",
                f"{kept} enrollment(s) still hold patient data (removed {days} day(s) after "
                "delivery and the follow-up; `kiosk sync` does it)",
            )
    except Exception as exc:
        if not is_storage_failure(exc):
            raise
        line("database", f"PROBLEM: {storage_error(exc, paths.database)}")
        problems += 1
        settings_or_storage = True

    if config is not None:
        if not config.ehr.enabled:
            line("EHR", "not configured (manual entry; records stay queued)")
        else:
            try:
                r = requests.get(
                    f"{config.ehr.fhir_base_url}/metadata",
                    timeout=(config.ehr.connect_timeout_seconds, config.ehr.read_timeout_seconds),
                    headers={"Accept": "application/fhir+json"},
                )
                line("EHR", f"{config.ehr.fhir_base_url} answers HTTP {r.status_code}")
            except requests.RequestException as exc:
                line(
                    "EHR", f"PROBLEM: {config.ehr.fhir_base_url} unreachable ({type(exc).__name__})"
                )
                problems += 1
        line("portal API", config.portal.api_url or "none (staff confirm first login by hand)")
    line("result", "ok" if not problems else f"{problems} problem(s)")
    if settings_or_storage:
        return 2
    return 0 if not problems else 1
