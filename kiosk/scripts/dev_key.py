"""A database key for developer scripts (screenshots, benchmarks) on machines without a keyring.

The kiosk never falls back to a plaintext database. A developer's headless machine has no
Secret Service, so these scripts hand the kiosk a key the way a systemd service does: the
credential file `kiosk-db-key` in $CREDENTIALS_DIRECTORY. The key is made once and kept in the
temp folder (0600), so a benchmark database seeded yesterday still opens today. Never used by
the kiosk itself.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path


def use_dev_key() -> Path:
    """Point CREDENTIALS_DIRECTORY at the developer key (unless one is already set)."""
    if os.environ.get("CREDENTIALS_DIRECTORY"):
        return Path(os.environ["CREDENTIALS_DIRECTORY"])
    folder = Path(tempfile.gettempdir()) / "kiosk-dev-credentials"
    folder.mkdir(mode=0o700, exist_ok=True)
    key = folder / "kiosk-db-key"
    if not key.exists():
        fd = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_hex(32) + "\n")
    os.environ["CREDENTIALS_DIRECTORY"] = str(folder)
    return folder


def use_scratch_kiosk(prefix: str) -> Path:
    """A throw-away kiosk for a developer script: config, data, logs, machine config and HOME in
    a new temp folder, the developer key, offscreen Qt unless a platform is set. Returns the
    folder."""
    scratch = Path(tempfile.mkdtemp(prefix=prefix))
    for var, sub in (
        ("KIOSK_CONFIG", "config/kiosk.toml"),
        ("KIOSK_DATA_DIR", "data"),
        ("KIOSK_LOG_DIR", "logs"),
        ("KIOSK_MACHINE_CONFIG", "machine/kiosk.toml"),
        ("HOME", "home"),
    ):
        os.environ[var] = str(scratch / sub)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    use_dev_key()
    return scratch
