"""The database key for child processes.

In-process, the key lives in the in-memory keyring (conftest.py), made at the first Store open
as on a real first start. A child process (`python -m kiosk ...`) cannot see that keyring, so
it gets the same key the way a systemd service does: the credential file `kiosk-db-key` in
$CREDENTIALS_DIRECTORY (kiosk/secrets.py reads it first).
"""

from __future__ import annotations

import os
from pathlib import Path

from kiosk import secrets


def child_env(env: dict[str, str]) -> dict[str, str]:
    """`env` plus CREDENTIALS_DIRECTORY holding this test's database key (made if missing)."""
    key = secrets.database_key(create=True)
    folder = Path(os.environ["KIOSK_DATA_DIR"]).parent / "credentials"
    folder.mkdir(mode=0o700, exist_ok=True)
    (folder / secrets.DB_KEY_CREDENTIAL).write_text(key.hex() + "\n", encoding="ascii")
    return dict(env, CREDENTIALS_DIRECTORY=str(folder))
