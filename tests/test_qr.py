"""The QR code on screen decodes, with a real decoder, to exactly the text it was given."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from kiosk.qr import qr_matrix, qr_png
from kiosk.ui.qr_view import QrCodeView

URL = "https://portal.example.org/activate?code=7KX2-93QF-ZZ1A&lang=es"

needs_zbar = pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg not installed")


def decode(png) -> list[str]:
    """Every QR payload zbarimg finds in the PNG file."""
    result = subprocess.run(
        ["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(png)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    return [line for line in result.stdout.splitlines() if line]


def test_matrix_is_square_with_quiet_zone():
    matrix = qr_matrix("hello", border=4)
    assert all(len(row) == len(matrix) for row in matrix)
    # version 1 is 21 modules; plus 4 on each side
    assert len(matrix) == 21 + 8
    for i in range(4):
        assert not any(matrix[i]) and not any(matrix[-1 - i])
        assert not any(row[i] or row[-1 - i] for row in matrix)
    assert matrix[4][4]  # top-left finder pattern corner is dark


def test_matrix_grows_with_data():
    assert len(qr_matrix("x" * 200)) > len(qr_matrix("x"))


@needs_zbar
def test_png_round_trip(tmp_path):
    path = tmp_path / "code.png"
    path.write_bytes(qr_png(URL, scale=6))
    assert decode(path) == [URL]


@needs_zbar
@pytest.mark.parametrize("size", [240, 500])
def test_view_renders_a_decodable_code(qtbot, tmp_path, size):
    view = QrCodeView()
    qtbot.addWidget(view)
    view.resize(size, size)
    view.set_data(URL)
    assert view.data() == URL
    path = tmp_path / "view.png"
    assert view.grab().save(str(path))
    assert decode(path) == [URL]


@needs_zbar
def test_clearing_leaves_a_blank_square(qtbot, tmp_path):
    view = QrCodeView()
    qtbot.addWidget(view)
    view.resize(300, 300)
    view.set_data(URL)
    view.set_data(None)
    assert view.data() is None
    image = view.grab().toImage()
    colours = {image.pixel(x, y) for x in range(0, 300, 7) for y in range(0, 300, 7)}
    assert len(colours) == 1  # all white: nothing of the old code is left on screen
    path = tmp_path / "blank.png"
    view.grab().save(str(path))
    assert decode(path) == []


def test_minimum_size_is_touch_scannable(qtbot):
    view = QrCodeView()
    qtbot.addWidget(view)
    assert view.minimumWidth() >= 240 and view.minimumHeight() >= 240
