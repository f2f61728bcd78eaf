"""QR codes as data: a boolean matrix the UI and the PDF painter draw themselves.

Drawing from a matrix (not a bitmap) keeps the code crisp at any size on screen and on paper.
`qrcode` is imported inside the functions: start-up time matters on the check-in tablet.
"""

from __future__ import annotations

import io


def qr_matrix(data: str, border: int = 4) -> list[list[bool]]:
    """Modules of the QR code for `data` (True = dark), including a quiet zone of `border`."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    if border < 0:
        raise ValueError("border must be >= 0")
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=border)
    code.add_data(data)
    code.make(fit=True)
    return [[bool(cell) for cell in row] for row in code.get_matrix()]


def qr_png(data: str, scale: int = 10) -> bytes:
    """The QR code as a black-on-white PNG, `scale` pixels per module (for files and documents)."""
    from PIL import Image

    if scale < 1:
        raise ValueError("scale must be >= 1")
    matrix = qr_matrix(data)
    size = len(matrix)
    image = Image.new("1", (size, size), 1)
    pixels = image.load()
    assert pixels is not None  # a new in-memory image always has its pixels
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                pixels[x, y] = 0
    image = image.resize((size * scale, size * scale), Image.Resampling.NEAREST)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
