"""Where the kiosk keeps its files: platform directories, overridable by environment.

IT can point a kiosk at a shared config (KIOSK_CONFIG) or move its data (KIOSK_DATA_DIR,
KIOSK_LOG_DIR) without editing code; tests point all of them at temporary folders. The
machine-wide settings file IT pushes lives at a fixed system place (machine_config_file());
KIOSK_MACHINE_CONFIG moves it, for tests and unusual installs.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from kiosk import APP_NAME

# Data, logs and saved documents hold patient data: owner-only on POSIX. On Windows the
# folders are in the user's profile (%LOCALAPPDATA%), whose ACL already admits only that user,
# SYSTEM and Administrators; the kiosk leaves that ACL as it is.
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def make_private(path: Path) -> None:
    """0600 for a file, 0700 for a folder (POSIX only; see above for Windows)."""
    if os.name != "posix" or not path.exists():
        return
    os.chmod(path, PRIVATE_DIR if path.is_dir() else PRIVATE_FILE)


def private_dir(path: Path) -> Path:
    """Create `path` (and parents) as 0700, and tighten it if an older kiosk made it 0755."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    make_private(path)
    return path


def restrict_new_files() -> None:
    """umask 077 for the whole process: whatever it creates (logs after rotation, saved
    PDFs, SQLite's side files) is owner-only even where no code chmods it."""
    if os.name == "posix":
        os.umask(0o077)


def resource_root() -> Path:
    """Folder that holds assets/ and locales/, in a source checkout or a frozen bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def machine_config_file() -> Path:
    """The machine-wide settings file: it wins over the per-user one, key by key."""
    override = os.environ.get("KIOSK_MACHINE_CONFIG")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("PROGRAMDATA") or r"C:\ProgramData"
        return Path(base) / APP_NAME / "kiosk.toml"
    if sys.platform == "darwin":
        return Path("/Library/Application Support") / APP_NAME / "kiosk.toml"
    return Path("/etc") / APP_NAME / "kiosk.toml"


@dataclass(frozen=True)
class KioskPaths:
    config_file: Path
    data_dir: Path
    log_dir: Path
    machine_config_file: Path = Path("/etc") / APP_NAME / "kiosk.toml"

    @property
    def database(self) -> Path:
        return self.data_dir / "kiosk.sqlite3"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "kiosk.log"

    @property
    def output_dir(self) -> Path:
        """Quick-reference cards and handouts saved as PDF when no printer is present."""
        return self.data_dir / "documents"

    def make_private(self) -> None:
        """Data, log and output folders exist and are 0700 (files in them: see make_private)."""
        for folder in (self.data_dir, self.log_dir, self.output_dir):
            private_dir(folder)

    @classmethod
    def resolve(cls) -> KioskPaths:
        config = os.environ.get("KIOSK_CONFIG")
        data = os.environ.get("KIOSK_DATA_DIR")
        logs = os.environ.get("KIOSK_LOG_DIR")
        return cls(
            config_file=Path(config)
            if config
            else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "kiosk.toml",
            data_dir=Path(data)
            if data
            else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            log_dir=Path(logs)
            if logs
            else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
            machine_config_file=machine_config_file(),
        )
