"""Credentials in the OS keyring (Windows Credential Manager, macOS Keychain, Secret Service).

Never in the settings file, the database or the log. `kiosk doctor` names the backend, and a
plaintext or failing backend is reported rather than silently used.
"""

from __future__ import annotations

import keyring
import keyring.errors

from kiosk import APP_NAME

SERVICE = APP_NAME
# Names IT may set with `kiosk credentials set NAME`.
KNOWN = {
    "ehr_client_secret": "OAuth2 client secret for the EHR (auth = client_secret)",
    "ehr_private_key": "PEM private key for SMART Backend Services (auth = private_key_jwt)",
    "ehr_private_key_id": "key id (kid) published with the public key in the EHR's JWKS",
    "portal_api_key": "API key for the portal REST adapter",
}
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
