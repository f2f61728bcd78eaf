"""Which web addresses the kiosk will send patient data or secrets to, and what an origin is.

An address is judged with urllib3's parser, the one that actually opens the connection, and
must read the same under urllib.parse: when the two disagree (`http://a:1\\@b/`: urllib.parse
sees host b, urllib3 connects to a) a check made with one parser says nothing about where the
other sends the data. Backslashes, user names/passwords in the address, spaces and control
characters are refused outright. Plain http is accepted only for this machine (loopback).
Pure Python (no Qt); used by config.py (at load) and sync/http.py (per request and redirect).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

DEFAULT_PORTS = {"http": 80, "https": 443}
_LOCAL_NAMES = ("localhost",)


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    host = host.strip("[]").lower()
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_problem(url: str) -> str | None:
    """None when `url` is an acceptable address for patient data, else why not (for IT)."""
    if any(ch == "\\" or ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return "the address must not contain backslashes, spaces or control characters"
    try:
        sent = parse_url(url)
    except LocationParseError:
        return "the address cannot be read"
    try:
        checked = urlsplit(url)
        checked_port = checked.port
    except ValueError:
        return "the address cannot be read"
    scheme = (sent.scheme or "").lower()
    if scheme not in DEFAULT_PORTS or not sent.host:
        return "expected a web address like https://..."
    if sent.auth or checked.username is not None or "@" in (checked.netloc or ""):
        return "a user name or password must not be part of the address"
    if (
        scheme != checked.scheme.lower()
        or (sent.host or "").strip("[]").lower() != (checked.hostname or "").lower()
        or (sent.port or DEFAULT_PORTS[scheme]) != (checked_port or DEFAULT_PORTS[scheme])
    ):
        return "the address is ambiguous (it can be read as two different servers)"
    if scheme == "http" and not is_loopback(sent.host):
        return (
            "patient data must travel encrypted; use https:// "
            "(plain http is accepted only for 127.0.0.1/localhost)"
        )
    return None


def origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) as urllib3 will connect, or None when the address is unreadable."""
    try:
        parsed = parse_url(url)
    except LocationParseError:
        return None
    scheme = (parsed.scheme or "").lower()
    if scheme not in DEFAULT_PORTS or not parsed.host:
        return None
    return scheme, parsed.host.strip("[]").lower(), parsed.port or DEFAULT_PORTS[scheme]


def same_origin(a: str, b: str) -> bool:
    first, second = origin(a), origin(b)
    return first is not None and first == second
