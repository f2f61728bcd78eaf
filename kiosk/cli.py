"""The `kiosk` command: run (default), doctor, sync, export, credentials.

Sub-commands import what they need when they run, so `kiosk doctor` never loads Qt and the
app never loads the report code until a manager asks for it.

Exit codes, the same for every command (README "Exit codes"):
  0  ok
  1  dead letters remain (`kiosk sync`), or `kiosk doctor` found a problem outside 2
  2  a settings, storage (damaged database, full disk, database locked by another program)
     or installation problem: one line on stderr, never a traceback
  3  another process holds the delivery lease (`kiosk sync`)
  4  the EHR or portal could not be reached; 5 it refused the kiosk's credentials (sync)
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from typing import TYPE_CHECKING

from kiosk import __version__, languages

if TYPE_CHECKING:
    from kiosk.config import Config
    from kiosk.paths import KioskPaths

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_DEAD_LETTERS = 1
EXIT_SETTINGS_OR_STORAGE = 2
EXIT_LEASE_HELD = 3


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kiosk", description="Front-desk patient portal enrollment kiosk."
    )
    p.add_argument("--version", action="version", version=f"kiosk {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    run = sub.add_parser("run", help="start the touchscreen app (the default)")
    run.add_argument(
        "--self-test",
        action="store_true",
        help="open the window offscreen, open and migrate the database, exit 0",
    )
    run.add_argument("--fullscreen", action="store_true", help="fill the screen")
    run.add_argument(
        "--kiosk",
        action="store_true",
        help="locked kiosk mode: full screen, no window frame, closing is ignored; "
        "quit only from the admin menu with an admin PIN",
    )
    sub.add_parser("migrate", help="bring the database to this version's schema (installer)")
    doctor = sub.add_parser("doctor", help="check settings, database, keyring and EHR connection")
    doctor.add_argument(
        "--ready",
        action="store_true",
        help="fail (exit 1, one line per problem) while patient-facing settings are "
        "placeholders or the portal login page does not answer over https",
    )
    sync = sub.add_parser("sync", help="deliver queued records to the EHR and portal")
    sync.add_argument("--watch", action="store_true", help="keep running (for a service)")
    export = sub.add_parser("export", help="monthly portal performance report")
    export.add_argument("--month", required=True, help="YYYY-MM, e.g. 2026-11")
    export.add_argument("--format", choices=("pdf", "csv"), default="pdf")
    export.add_argument("--out", help="file to write (default: current folder)")
    export.add_argument(
        "--language",
        choices=languages.CODES,
        help="the report's language (default: [kiosk] default_language)",
    )
    cred = sub.add_parser("credentials", help="store EHR/portal secrets in the OS keyring")
    cred_sub = cred.add_subparsers(dest="action", metavar="ACTION", required=True)
    cset = cred_sub.add_parser("set", help="store a secret (read from the terminal or stdin)")
    cset.add_argument("name")
    cset.add_argument("--from-file", help="read the value from a file (e.g. a PEM key)")
    cdel = cred_sub.add_parser("delete", help="remove a secret")
    cdel.add_argument("name")
    cred_sub.add_parser("list", help="which secrets are set (names only)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    from kiosk.paths import restrict_new_files

    restrict_new_files()
    command = args.command or "run"
    from kiosk.store import is_storage_failure

    try:
        if command == "run":
            return _run(args)
        if command == "doctor":
            from kiosk.doctor import run_doctor, run_ready

            return run_ready() if args.ready else run_doctor()
        if command == "sync":
            return _sync(args)
        if command == "migrate":
            return _migrate()
        if command == "export":
            return _export(args)
        if command == "credentials":
            return _credentials(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if not is_storage_failure(exc):
            raise
        return _storage_failure(command, exc)
    raise AssertionError(command)


def _storage_failure(command: str, exc: BaseException) -> int:
    """Damaged file, full disk, database locked by another program: one line, exit 2."""
    from kiosk.paths import KioskPaths
    from kiosk.store import storage_error

    log.error("%s: storage failure", command, exc_info=exc)  # the traceback: log file only
    error = storage_error(exc, KioskPaths.resolve().database)
    print(f"kiosk {command}: {error}", file=sys.stderr)
    return EXIT_SETTINGS_OR_STORAGE


def _no_display() -> bool:
    """Linux/BSD without X11 or Wayland (an SSH session, a server): Qt would abort."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return False
    return not any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def _load() -> tuple[KioskPaths, Config]:
    from kiosk.config import ConfigError, load_config
    from kiosk.logs import configure_logging
    from kiosk.paths import KioskPaths

    paths = KioskPaths.resolve()
    try:
        config = load_config(paths.config_file, machine_path=paths.machine_config_file)
    except ConfigError as exc:
        print(f"kiosk: settings problem - {exc}", file=sys.stderr)
        raise SystemExit(EXIT_SETTINGS_OR_STORAGE) from None
    paths.make_private()
    configure_logging(paths.log_file)
    return paths, config


def _run(args: argparse.Namespace) -> int:
    self_test = getattr(args, "self_test", False)
    if not self_test and _no_display():
        print(
            "kiosk run: no display (neither DISPLAY nor WAYLAND_DISPLAY is set). Start the "
            "kiosk from the tablet's desktop session, or run `kiosk run --self-test` to "
            "check a headless install.",
            file=sys.stderr,
        )
        return EXIT_SETTINGS_OR_STORAGE
    paths, config = _load()
    from kiosk.app import run_app

    return run_app(
        paths,
        config,
        self_test=getattr(args, "self_test", False),
        fullscreen=getattr(args, "fullscreen", False),
        kiosk_mode=getattr(args, "kiosk", False),
    )


def _migrate() -> int:
    """Run by the package's postinst after an upgrade: the schema moves forward once, before
    the kiosk starts again. No database yet (a fresh install) is nothing to do."""
    paths, _config = _load()
    from kiosk.store import SCHEMA_VERSION, Store, StoreError

    if not paths.database.exists():
        print(f"kiosk migrate: no database yet at {paths.database}; nothing to do")
        return 0
    try:
        with Store(paths.database) as store:
            version = store.schema_version()
    except StoreError as exc:
        print(f"kiosk migrate: database problem - {exc}", file=sys.stderr)
        return 2
    print(f"kiosk migrate: {paths.database} at schema {version} (this kiosk: {SCHEMA_VERSION})")
    return 0


def _sync(args: argparse.Namespace) -> int:
    paths, config = _load()
    try:
        from kiosk.sync.headless import run_sync
        from kiosk.ui.i18n import catalogue_words  # QtCore only: the texts' catalogue
    except ImportError:
        print("kiosk sync: this installation lacks the EHR sync; reinstall.", file=sys.stderr)
        return EXIT_SETTINGS_OR_STORAGE
    return run_sync(paths, config, watch=args.watch, words=catalogue_words)


def _export(args: argparse.Namespace) -> int:
    paths, config = _load()
    try:
        from kiosk.export import export_month
    except ImportError:
        print("kiosk export: this installation lacks the reports; reinstall.", file=sys.stderr)
        return EXIT_SETTINGS_OR_STORAGE
    return export_month(paths, config, args.month, args.format, args.out, args.language)


def _credentials(args: argparse.Namespace) -> int:
    from kiosk import secrets

    try:
        if args.action == "list":
            print(f"keyring backend: {secrets.backend_name()}")
            names = secrets.stored_names()
            for name, what in secrets.KNOWN.items():
                print(f"  {'set    ' if name in names else 'not set'}  {name}  - {what}")
            return 0
        if args.action == "delete":
            found = secrets.delete_secret(args.name)
            print(f"{args.name}: {'deleted' if found else 'was not set'}")
            return 0
        if args.from_file:
            with open(args.from_file, encoding="utf-8") as fh:
                value = fh.read().strip()
        elif sys.stdin.isatty():
            value = getpass.getpass(f"{args.name}: ")
        else:
            value = sys.stdin.read().strip()
        secrets.set_secret(args.name, value)
        print(f"{args.name}: stored in {secrets.backend_name()}")
        if not secrets.backend_is_secure():
            print("warning: this keyring backend does not encrypt secrets.", file=sys.stderr)
        return 0
    except (secrets.CredentialError, OSError) as exc:
        print(f"kiosk credentials: {exc}", file=sys.stderr)
        return 2
