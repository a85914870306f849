"""Metadata stripped from the images a person uploads: EXIF (with GPS), XMP, IPTC, comments.

A phone photo of a paper document tells where and when it was taken and with what device; none of
it is needed to handle a dossier, and all of it would be kept for years and shown to every officer
who opens the file. The pixels are kept as they are: a JPEG loses its metadata segments without
being encoded again, a PNG its text and EXIF chunks. Only a JPEG whose EXIF says to rotate it is
decoded, turned upright and encoded again, since without that tag it would show on its side.
"""

import io
import struct

#: JPEG segments kept: JFIF, and the Adobe segment that says how colours are stored.
_JPEG_KEPT_APP = {0xE0, 0xEE}
#: The colour profile is kept (APP2 carries it); other APP2 uses (Multi-Picture) are not.
_ICC_PROFILE = b"ICC_PROFILE\0"
#: PNG chunks kept: those that shape the pixels. Text, EXIF, time and private chunks go.
_PNG_KEPT = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"pHYs", b"bKGD", b"hIST",
}  # fmt: skip
_EXIF_ORIENTATION = 0x0112
#: Quality of a photo encoded again after turning it upright.
_UPRIGHT_QUALITY = 95


class DamagedImage(ValueError):
    """The image's structure cannot be walked; the gate refuses it."""


def _jpeg_keeps(marker: int, body: bytes) -> bool:
    if marker == 0xFE:  # comment
        return False
    if 0xE0 <= marker <= 0xEF:
        return marker in _JPEG_KEPT_APP or (marker == 0xE2 and body.startswith(_ICC_PROFILE))
    return True


def _entropy_end(data: bytes, start: int) -> int:
    """Where the entropy-coded data after a scan header ends: the next real marker."""
    at = start
    while True:
        at = data.find(b"\xff", at)
        if at < 0 or at + 1 >= len(data):
            raise DamagedImage("no marker after the scan")
        following = data[at + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            at += 2  # a stuffed byte or a restart marker, both part of the scan
        elif following == 0xFF:
            at += 1  # fill bytes before a marker
        else:
            return at


def _jpeg_strip(data: bytes) -> bytes:
    out = bytearray(data[:2])
    at = 2
    while at + 1 < len(data):
        if data[at] != 0xFF:
            raise DamagedImage("expected a marker")
        marker = data[at + 1]
        if marker == 0xFF:
            at += 1
            continue
        if marker == 0xD9:
            # End of image; anything after it (a second picture, a trailer) is dropped.
            return bytes(out + b"\xff\xd9")
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out += data[at : at + 2]
            at += 2
            continue
        if at + 4 > len(data):
            raise DamagedImage("segment cut short")
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        end = at + 2 + length
        if length < 2 or end > len(data):
            raise DamagedImage("segment cut short")
        if _jpeg_keeps(marker, data[at + 4 : end]):
            out += data[at:end]
        at = end
        if marker == 0xDA:
            scan_end = _entropy_end(data, at)
            out += data[at:scan_end]
            at = scan_end
    raise DamagedImage("no end of image")


def _png_strip(data: bytes) -> bytes:
    out = bytearray(data[:8])
    at = 8
    while at + 12 <= len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        end = at + 12 + length
        if end > len(data):
            raise DamagedImage("chunk cut short")
        if kind in _PNG_KEPT:
            out += data[at:end]
        at = end
        if kind == b"IEND":
            return bytes(out)
    raise DamagedImage("no end chunk")


def _upright_jpeg(data: bytes) -> bytes | None:
    """The photo encoded again upright, when its EXIF orientation says it is not; else ``None``."""
    # Pillow only for photos: a web worker that never receives one does not load it.
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as image:
        if image.getexif().get(_EXIF_ORIENTATION, 1) in {0, 1}:
            return None
        icc = image.info.get("icc_profile")
        upright = ImageOps.exif_transpose(image)
        buffer = io.BytesIO()
        options = {"icc_profile": icc} if icc else {}
        upright.save(buffer, format="JPEG", quality=_UPRIGHT_QUALITY, **options)
    return _jpeg_strip(buffer.getvalue())


def image_strip_metadata(data: bytes, family: str) -> bytes:
    """``data`` (a JPEG or a PNG that passed the gate) without its metadata."""
    if family == "jpeg":
        return _upright_jpeg(data) or _jpeg_strip(data)
    if family == "png":
        return _png_strip(data)
    return data
