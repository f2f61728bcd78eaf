"""Logging to a rotating file in the platform log dir.

The code logs ids, kinds and counts, never patient values. As a second line of defence a filter
masks anything shaped like an email address, a phone number or a date in every record, so a
careless message or a library's exception text cannot put PHI into the file.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
import re
from pathlib import Path

from kiosk.paths import make_private, private_dir

_PATTERNS = (
    (re.compile(r"[\w.+\-]+@[\w\-]+(\.[\w\-]+)+"), "<email>"),
    # Dates before phones (a birth date 1958-09-17 is phone-shaped too); a timestamp
    # (2026-11-23T09:00:00Z) is not PHI and stays readable.
    (re.compile(r"\b\d{4}-\d{2}-\d{2}\b(?!T)"), "<date>"),
    (re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"), "<date>"),
    # Not inside an id: a uuid such as d621a748-2287-48f3-... has phone-shaped digit runs.
    (re.compile(r"(?<![\w\-])\+?\(?\d[\d\s().\-]{8,}\d(?![\w:\-])"), "<phone>"),
    (re.compile(r"(?i)(bearer|basic)\s+[\w\-.~+/=]+"), r"\1 <secret>"),
    (
        re.compile(r"(?i)(client_secret|access_token|client_assertion|password)=[^&\s]+"),
        r"\1=<secret>",
    ),
)


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        record.msg, record.args = redact(message), None
        return True


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Every log file (the current one and each new one after a rollover) is 0600."""

    def _open(self) -> io.TextIOWrapper:  # logging's own signature
        previous = os.umask(0o077) if os.name == "posix" else None
        try:
            stream = super()._open()
        finally:
            if previous is not None:
                os.umask(previous)
        make_private(Path(self.baseFilename))  # an older kiosk's 0644 file is tightened
        return stream


def configure_logging(
    log_file: Path, level: int = logging.INFO, also_stderr: bool = False
) -> logging.Handler:
    private_dir(log_file.parent)
    handler = PrivateRotatingFileHandler(
        log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
    )
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_kiosk", False)]:
        root.removeHandler(old)
        old.close()
    handler._kiosk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if also_stderr:
        console = logging.StreamHandler()
        console.addFilter(RedactingFilter())
        console._kiosk = True  # type: ignore[attr-defined]
        root.addHandler(console)
    root.setLevel(level)
    logging.getLogger("urllib3").setLevel(logging.WARNING)
    return handler
