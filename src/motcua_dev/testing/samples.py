"""Small, well-formed sample files (a one-page PDF, a JPEG, a PNG) for tests, demo data and the benchmark.

They pass :func:`motcua.documents.inspection.upload_inspect`, unlike a few magic bytes followed by
nothing, which the upload gate rightly refuses as truncated or unreadable.
"""

import io
from functools import cache

from PIL import Image


def sample_pdf(text: str = "motcua") -> bytes:
    """A one-page PDF (A4) with ``text`` (ASCII) on it, with a correct cross-reference table."""
    safe = "".join(ch for ch in text if " " <= ch <= "~" and ch not in "()\\")
    stream = f"BT /F1 24 Tf 72 720 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


@cache
def _image(kind: str) -> bytes:
    image = Image.new("RGB", (64, 48), (240, 240, 230))
    for x in range(8, 56):
        image.putpixel((x, 24), (20, 20, 20))
    buffer = io.BytesIO()
    image.save(buffer, format=kind)
    return buffer.getvalue()


def sample_jpeg() -> bytes:
    """A 64×48 JPEG image."""
    return _image("JPEG")


def sample_png() -> bytes:
    """A 64×48 PNG image."""
    return _image("PNG")
