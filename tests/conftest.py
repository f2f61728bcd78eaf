"""Test isolation: offscreen Qt, temporary platform dirs, an in-memory keyring.

No test reads or writes the developer's real settings, database, logs or keyring.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
from pathlib import Path

# Before anything imports Qt: with no display, Qt would try X11 and abort the whole run.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

import keyring  # noqa: E402
import keyring.backend  # noqa: E402
import keyring.errors  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# "dev" is every run's default; "ci" (CI=true) runs ten times the examples so rare sequences
# (a follow-up raised a week ahead, then a resend "now") turn up before a submission goes
# red at random; "soak" is for a developer hunting latent failures (HYPOTHESIS_PROFILE=soak).
# Nothing is derandomized: each run explores new examples, and the example database
# replays every failure found on this machine first.
settings.register_profile("dev", max_examples=200, deadline=None)
settings.register_profile("ci", max_examples=2000, deadline=None, print_blob=True)
settings.register_profile("soak", max_examples=20000, deadline=None, print_blob=True)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A real KeyringBackend kept in memory (headless Linux has no Secret Service)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.store:
            raise keyring.errors.PasswordDeleteError(username)
        del self.store[(service, username)]


@pytest.fixture(autouse=True)
def kiosk_dirs(tmp_path, monkeypatch):
    """Every platform dir the kiosk could touch points into this test's temporary folder."""
    home = tmp_path / "home"
    for var, sub in (
        ("KIOSK_CONFIG", "config/kiosk.toml"),
        ("KIOSK_DATA_DIR", "data"),
        ("KIOSK_LOG_DIR", "logs"),
        ("KIOSK_MACHINE_CONFIG", "machine/kiosk.toml"),
        ("XDG_CONFIG_HOME", "xdg/config"),
        ("XDG_DATA_HOME", "xdg/data"),
        ("XDG_STATE_HOME", "xdg/state"),
        ("XDG_CACHE_HOME", "xdg/cache"),
        ("HOME", "home"),
    ):
        monkeypatch.setenv(var, str(tmp_path / sub))
    # No test prints on the developer's printer: CUPS clients talk to a scheduler that is
    # not there (no printer) unless a test starts its own (tests/cups_server.py).
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-cups.sock"))
    # Temporary files (PDFs made for printing) go where a test can check they are gone.
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir(exist_ok=True)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))  # gettempdir() caches
    home.mkdir(exist_ok=True)
    from kiosk.paths import KioskPaths

    return KioskPaths.resolve()


@pytest.fixture(autouse=True)
def qt_leftovers_die_on_the_gui_thread():
    """After each test, widgets it left behind are closed and deleted HERE, on the GUI thread,
    and Python's cycle collector runs here too. Left to chance, a widget caught in a reference
    cycle is freed by whichever thread next triggers a collection (a DB or network worker), and
    QWidget's destructor off the GUI thread crashes a later test at random (seen as a rare
    segfault in app.setStyleSheet, which touches every live widget)."""
    yield
    if "PySide6.QtWidgets" not in sys.modules:
        gc.collect()
        return
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        gc.collect()
        return
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def cups(monkeypatch):
    """A private CUPS scheduler with a default queue (tests/cups_server.py)."""
    from tests import cups_server

    if not cups_server.available():
        pytest.skip("CUPS is not installed (bash kiosk/scripts/bootstrap.sh test installs it)")
    server = cups_server.CupsServer().start()
    monkeypatch.setenv("CUPS_SERVER", str(server.socket))
    yield server
    server.stop()


@pytest.fixture
def store(kiosk_dirs):
    from kiosk.store import Store

    with Store(kiosk_dirs.database) as s:
        yield s


CHEAP_PIN_HASHER_PARAMS = {"n": 2**8, "r": 8, "p": 1}


@pytest.fixture(autouse=True)
def cheap_pin_hashing(monkeypatch):
    """PIN hashes in tests cost ~1 ms instead of the production >= 250 ms (the parameters are
    the hasher's; test_staff checks the shipped defaults in a fresh interpreter)."""
    from kiosk.staff import PinHasher, StaffDirectory

    cheap = PinHasher(**CHEAP_PIN_HASHER_PARAMS)
    monkeypatch.setattr(StaffDirectory, "default_hasher", cheap)
    return cheap


# ---- shared parts: one definition each, used by every test module that needs them ------------
@pytest.fixture(scope="module")
def srv():
    """The real FHIR R4 test server (Medplum engine on Node, tests/servers.py) on 127.0.0.1,
    one per test module, with the default client-secret auth. A module that needs other
    options (JWT keys, no auth, a data file) starts its own."""
    from tests.servers import FhirServer

    server = FhirServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def write_settings(kiosk_dirs):
    """write_settings(toml) writes the kiosk's settings file (machine=True: the machine-wide
    one) from dedented TOML text and returns its path."""
    import textwrap

    def write(text: str, machine: bool = False) -> Path:
        path = kiosk_dirs.machine_config_file if machine else kiosk_dirs.config_file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def signed_in(kiosk_dirs, qtbot):
    """signed_in(config=None) builds the real kiosk (1280x800, shown), adds a staff member
    and signs them in with their PIN: a Receptionist (tests/wizard_support.py) on the start
    screen. Every kiosk it built is shut down after the test."""
    from tests.wizard_support import Receptionist, add_staff, make_kiosk, sign_in

    kiosks = []

    def start(config=None):
        kiosk = make_kiosk(kiosk_dirs, qtbot, config)
        kiosks.append(kiosk)
        receptionist = Receptionist(qtbot, kiosk)
        sign_in(receptionist, add_staff(kiosk_dirs.database))
        return receptionist

    yield start
    for kiosk in kiosks:
        kiosk.shutdown()
