"""Credentials in the OS keyring (Windows Credential Manager, macOS Keychain, Secret Service).

Never in the settings file, the database or the log. `kiosk doctor` names the backend, and a
plaintext or failing backend is reported rather than silently used.
"""

from __future__ import annotations

import os
from pathlib import Path
from secrets import token_hex

import keyring
import keyring.errors

from kiosk import APP_NAME
from kiosk.config import SECRETS

SERVICE = APP_NAME
# Names IT may set with `kiosk credentials set NAME` (declared with the settings).
KNOWN = {secret.name: secret.help for secret in SECRETS}
_INSECURE = ("PlaintextKeyring", "EncryptedKeyring", "fail.Keyring", "null.Keyring")


class CredentialError(Exception):
    """A keyring problem worded for IT."""


def backend_name() -> str:
    kr = keyring.get_keyring()
    return f"{type(kr).__module__}.{type(kr).__name__}"


def backend_is_secure() -> bool:
    name = backend_name()
    return not any(bad in name for bad in _INSECURE)


def get_secret(name: str) -> str | None:
    try:
        return keyring.get_password(SERVICE, name)
    except keyring.errors.KeyringError as exc:
        raise CredentialError(
            f"The OS keyring ({backend_name()}) could not be read: {type(exc).__name__}. "
            "Run `kiosk doctor` for details."
        ) from None


def set_secret(name: str, value: str) -> None:
    if name not in KNOWN:
        raise CredentialError(
            f"Unknown credential {name!r}; expected one of: " + ", ".join(sorted(KNOWN))
        )
    if not value:
        raise CredentialError("The value is empty; nothing was stored.")
    try:
        keyring.set_password(SERVICE, name, value)
    except keyring.errors.KeyringError as exc:
        raise CredentialError(
            f"The OS keyring ({backend_name()}) refused the credential: {type(exc).__name__}. "
            "On a headless Linux kiosk, install and unlock a Secret Service keyring."
        ) from None


def delete_secret(name: str) -> bool:
    try:
        keyring.delete_password(SERVICE, name)
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.KeyringError as exc:
        raise CredentialError(f"The OS keyring refused: {type(exc).__name__}.") from None
    return True


def stored_names() -> list[str]:
    """Which known credentials are set (names only, never values)."""
    names = []
    for name in KNOWN:
        try:
            if keyring.get_password(SERVICE, name):
                names.append(name)
        except keyring.errors.KeyringError:
            return []
    return names


# ---- the database key ---------------------------------------------------------------------
# Keyring entry (service "kiosk") holding the SQLCipher key as 64 hex digits.
DB_KEY_NAME = "database_key"
# systemd credential name: LoadCredentialEncrypted=kiosk-db-key puts the decrypted file in
# $CREDENTIALS_DIRECTORY. Its content: 64 hex digits (`openssl rand -hex 32`) or 32 raw bytes.
DB_KEY_CREDENTIAL = "kiosk-db-key"


def _parse_key(raw: bytes, where: str) -> bytes:
    text = raw.strip()
    if len(raw) == 32 and len(text) != 64:
        return raw
    try:
        key = bytes.fromhex(text.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        key = b""
    if len(key) != 32:
        raise CredentialError(
            f"The database key in {where} is not 64 hex digits (or 32 raw bytes); "
            "the kiosk does not start with a malformed key."
        )
    return key


def credential_key() -> bytes | None:
    """The key from the systemd credential, when the service was given one."""
    folder = os.environ.get("CREDENTIALS_DIRECTORY")
    if not folder:
        return None
    path = Path(folder) / DB_KEY_CREDENTIAL
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CredentialError(
            f"The systemd credential {DB_KEY_CREDENTIAL} could not be read: {type(exc).__name__}."
        ) from None
    return _parse_key(raw, f"the systemd credential {DB_KEY_CREDENTIAL}")


def database_key_source() -> str:
    """Where the database key comes from, for `kiosk doctor` (never the key itself)."""
    try:
        if credential_key() is not None:
            return f"systemd credential {DB_KEY_CREDENTIAL}"
        if backend_is_secure() and get_secret(DB_KEY_NAME):
            return f"OS keyring ({DB_KEY_NAME})"
    except CredentialError as exc:
        return f"PROBLEM: {exc}"
    return "none yet (made in the OS keyring at first start, if it is a safe one)"


def database_key(create: bool = False) -> bytes | None:
    """The SQLCipher key: the systemd credential `kiosk-db-key` when the service has one,
    else the OS keyring entry `database_key`. With `create` (first start: no encrypted
    database yet) a missing keyring entry is made from 32 random bytes. Never a weak store:
    a plaintext or failing keyring backend is an error, not a place for the key."""
    key = credential_key()
    if key is not None:
        return key
    if not backend_is_secure():
        raise CredentialError(
            f"No safe place for the database key: the OS keyring ({backend_name()}) cannot "
            f"keep secrets and there is no systemd credential {DB_KEY_CREDENTIAL} "
            "($CREDENTIALS_DIRECTORY). Install and unlock a Secret Service keyring, or run the "
            f"kiosk as a systemd service with LoadCredentialEncrypted={DB_KEY_CREDENTIAL}."
        )
    stored = get_secret(DB_KEY_NAME)
    if stored:
        return _parse_key(stored.encode("ascii", "replace"), "the OS keyring")
    if not create:
        return None
    value = token_hex(32)
    try:
        keyring.set_password(SERVICE, DB_KEY_NAME, value)
    except keyring.errors.KeyringError as exc:
        raise CredentialError(
            f"The OS keyring ({backend_name()}) refused the new database key: {type(exc).__name__}."
        ) from None
    if get_secret(DB_KEY_NAME) != value:  # a keyring that drops what it is given
        raise CredentialError(
            f"The OS keyring ({backend_name()}) did not keep the new database key."
        )
    return bytes.fromhex(value)
