"""Labels that never interpret markup.

QLabel's default (Qt.AutoText) renders anything that looks like HTML as rich text: a patient
named `<img src=...>` would load an image, `<b>` would restyle the screen, and a server's reason
could draw whatever it likes. Every label here shows text exactly as typed (Qt.PlainText);
tests/test_plain_text.py walks every screen with such names and fails on any other label.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def plain_label(text: str = "", **kwargs: Any) -> QLabel:
    """A QLabel (same keyword arguments) with text format PlainText."""
    widget = QLabel(**kwargs)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setText(text)
    return widget
