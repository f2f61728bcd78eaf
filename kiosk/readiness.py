"""Is this kiosk ready for patients? Placeholders and dead links a patient would be handed.

The shipped defaults are deliberately fictional (example.org addresses, a 555-01xx phone, an
App Store id of zeros, a made-up practice): fine for a demo, wrong on a card a patient takes
home. `kiosk doctor --ready` prints one line per problem and fails; the app shows staff a
"Not ready for patients" banner. Pure Python: the GUI runs `check_ready` off its thread.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import phonenumbers
import requests

from kiosk.config import Config

DEFAULT_PRACTICE_NAME = "Riverside Family Medicine"
_PLACEHOLDER_DOMAINS = ("example.org", "example.com", "example.net", "example.edu")
_ZERO_APP_ID = re.compile(r"/id0+(?:[/?#]|$)")
# The settings a patient sees or is sent to: printed, shown as QR codes or opened.
PATIENT_URLS = (
    ("portal", "login_url"),
    ("portal", "ios_app_url"),
    ("portal", "android_app_url"),
    ("portal", "api_url"),
    ("ehr", "fhir_base_url"),
    ("ehr", "token_url"),
)


def _is_placeholder_host(host: str | None) -> bool:
    host = (host or "").lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in _PLACEHOLDER_DOMAINS)


def _is_fictional_phone(text: str) -> bool:
    """555-0100 to 555-0199 are reserved for fiction in the North American numbering plan."""
    try:
        number = phonenumbers.parse(text, "US")
    except phonenumbers.NumberParseException:
        return False
    national = str(number.national_number)
    return number.country_code == 1 and len(national) == 10 and national[3:8] == "55501"


def placeholder_problems(config: Config) -> list[str]:
    """Placeholder values, one sentence each (no network)."""
    problems = []
    for section, key in PATIENT_URLS:
        url = getattr(getattr(config, section), key)
        if url and _is_placeholder_host(urlparse(url).hostname):
            problems.append(f"[{section}] {key} is a placeholder address ({url}).")
    ios = config.portal.ios_app_url
    if _ZERO_APP_ID.search(urlparse(ios).path):
        problems.append(f"[portal] ios_app_url has an App Store id of zeros ({ios}).")
    android = config.portal.android_app_url
    package = parse_qs(urlparse(android).query).get("id", [""])[0]
    if package.startswith(("org.example.", "com.example.")):
        problems.append(f"[portal] android_app_url names a placeholder app ({package}).")
    if _is_fictional_phone(config.practice.phone):
        problems.append(
            f"[practice] phone is a fictional 555-01xx number ({config.practice.phone})."
        )
    if config.practice.name == DEFAULT_PRACTICE_NAME:
        problems.append(f"[practice] name is still the example ({DEFAULT_PRACTICE_NAME!r}).")
    return problems


def login_url_problem(config: Config, timeout: float = 5.0) -> str | None:
    """None when the portal login page answers over https (status below 400), else why not.

    Certificates are checked against the system CA store, or REQUESTS_CA_BUNDLE when set.
    Redirects are not followed: the question is whether this address answers."""
    url = config.portal.login_url
    if urlparse(url).scheme != "https":
        return f"[portal] login_url must be an https:// address ({url})."
    try:
        response = requests.get(url, timeout=timeout, allow_redirects=False)
    except requests.exceptions.SSLError:
        return f"[portal] login_url has no valid https certificate ({url})."
    except requests.RequestException as exc:
        return f"[portal] login_url does not answer ({url}: {type(exc).__name__})."
    if response.status_code >= 400:
        return f"[portal] login_url answers HTTP {response.status_code} ({url})."
    return None


def check_ready(config: Config, timeout: float = 5.0) -> list[str]:
    """Every reason this kiosk is not ready for patients; empty when it is. Does network I/O."""
    problems = placeholder_problems(config)
    if not _is_placeholder_host(urlparse(config.portal.login_url).hostname):
        problem = login_url_problem(config, timeout)
        if problem:
            problems.append(problem)
    return problems
