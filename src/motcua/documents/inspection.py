"""The upload gate: every file is checked here before anything else reads, stores or shows it.

It fails closed. A file is refused, with a Vietnamese reason per problem, when its name is unsafe,
it is empty or too large, its content is not the type its extension says (read by libmagic and by
our own parsers, never from the name or the browser's word), it is two formats at once (a
polyglot), a PDF carries active content (JavaScript, launch actions, automatic actions, embedded
files, rich media, XFA) or is encrypted or damaged, an image is truncated or a decompression bomb,
an archive (ZIP, DOCX, XLSX) is too large once uncompressed, has too many entries, compresses
suspiciously well, has absolute or ``..`` paths, links, nested archives or encrypted entries, an
Office file carries macros, ActiveX, OLE objects or external relationships (remote templates),
or a configured malware scanner (ClamAV's clamd) flags it or cannot be asked. An image that
passes loses its metadata (:mod:`motcua.documents.metadata`); the hash of what was sent is kept.

Nothing is extracted: archives are judged by their central directory, and the few XML parts of an
Office file that are read are read with a byte limit and refused if they declare a DTD.
"""

import hashlib
import io
import unicodedata
import warnings
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import PurePosixPath

import magic
from django.conf import settings
from django.utils.translation import gettext as _

from motcua.core.errors import FieldProblem, ValidationFailed
from motcua.core.text import nfc
from motcua.documents.archive_inspection import zip_family_check
from motcua.documents.metadata import DamagedImage, image_strip_metadata
from motcua.documents.pdf_inspection import pdf_check
from motcua.documents.refusal import Refused
from motcua.documents.scanning import ScanUnavailable, scanners_enabled

MAX_NAME_LENGTH = 255


@dataclass(frozen=True)
class FileType:
    key: str
    label: str
    mime: str
    extensions: tuple[str, ...]


FILE_TYPES = {
    t.key: t
    for t in (
        FileType("pdf", "PDF", "application/pdf", (".pdf",)),
        FileType("jpeg", "JPEG", "image/jpeg", (".jpg", ".jpeg")),
        FileType("png", "PNG", "image/png", (".png",)),
        FileType(
            "docx",
            "DOCX",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (".docx",),
        ),
        FileType(
            "xlsx",
            "XLSX",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (".xlsx",),
        ),
        FileType("zip", "ZIP", "application/zip", (".zip",)),
    )
}
#: What a dossier takes: scans and electronic copies.
DOSSIER_TYPES = ("pdf", "jpeg", "png")
#: What the counter digitizes: scans of paper.
SCAN_TYPES = ("pdf", "jpeg", "png")

_LIBMAGIC = {
    "application/pdf": "pdf",
    "image/jpeg": "jpeg",
    "image/png": "png",
    "application/zip": "zip",
    "application/x-zip-compressed": "zip",
    FILE_TYPES["docx"].mime: "zip",
    FILE_TYPES["xlsx"].mime: "zip",
}

#: Bytes that make a file something else as well: a PDF header, markup a browser would run.
_FOREIGN_MARKERS = (b"%pdf-", b"<script", b"<html", b"<?php", b"<svg")


@dataclass(frozen=True)
class Inspected:
    """A file that passed the gate: its cleaned name, bytes to store, hash and type read from content."""

    name: str
    data: bytes
    sha256: str
    size: int
    kind: str
    content_type: str
    #: Names of the scanners that looked at it ("clamd"), empty when none is configured.
    scanned_by: tuple[str, ...]
    #: SHA-256 of the bytes as sent; ``data`` differs from them when an image lost its metadata.
    original_sha256: str


def _join_labels(labels: list[str]) -> str:
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " " + _("hoặc") + " " + labels[-1]


def _name_forms(name: str) -> tuple[str, str]:
    return name, unicodedata.normalize("NFKC", name)


def _check_name(name: str, allowed: list[FileType]) -> list[FieldProblem]:
    problems = []
    if not name:
        problems.append(FieldProblem("name", _("Tệp không có tên.")))
        return problems
    unsafe = any(unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} for ch in name)
    # As written and as NFKC makes it: a full-width solidus becomes "/" in whatever saves it.
    separators = any("/" in n or "\\" in n or n in {".", ".."} for n in _name_forms(name))
    if unsafe or separators:
        problems.append(
            FieldProblem(
                "name",
                _(
                    "Tên tệp %(name)s có ký tự điều khiển, ký tự ẩn hoặc dấu phân cách thư mục; "
                    "hãy đổi tên tệp."
                )
                % {"name": name.encode("unicode_escape").decode("ascii")},
            )
        )
    if len(name) > MAX_NAME_LENGTH:
        problems.append(
            FieldProblem(
                "name",
                _("Tên tệp dài quá %(limit)s ký tự; hãy đổi tên tệp.") % {"limit": MAX_NAME_LENGTH},
            )
        )
    suffix = PurePosixPath(name.lower()).suffix
    if not any(suffix in t.extensions for t in allowed):
        labels = _join_labels([t.label for t in allowed])
        extensions = ", ".join(e for t in allowed for e in t.extensions)
        problems.append(
            FieldProblem(
                "name",
                _("Tệp %(name)s: chỉ nhận tệp %(labels)s (%(extensions)s).")
                % {"name": name, "labels": labels, "extensions": extensions},
            )
        )
    return problems


def _detect(data: bytes) -> str:
    """The family of ``data`` by content: pdf, jpeg, png, zip, or "" for anything else."""
    by_libmagic = _LIBMAGIC.get(magic.from_buffer(data[:65536], mime=True), "")
    # A file must also begin with its own signature; libmagic alone accepts a PDF header anywhere
    # in the first kilobyte, which is how PDF polyglots are made.
    starts = {
        "pdf": data.startswith(b"%PDF-"),
        "jpeg": data.startswith(b"\xff\xd8\xff"),
        "png": data.startswith(b"\x89PNG\r\n\x1a\n"),
        "zip": data.startswith(b"PK\x03\x04"),
    }
    if by_libmagic and starts.get(by_libmagic):
        return by_libmagic
    return ""


def _check_foreign(data: bytes, family: str) -> None:
    """Refuse a file that is also another format: such files exist to fool one reader or another."""
    if family != "zip" and _is_zip(data):
        raise Refused(_("Tệp chứa thêm một tệp nén ZIP bên trong (tệp đa định dạng)."))
    if family in {"jpeg", "png"}:
        lowered = data.lower()
        if any(marker in lowered for marker in _FOREIGN_MARKERS):
            raise Refused(
                _("Tệp ảnh chứa thêm nội dung PDF, HTML hoặc mã lệnh (tệp đa định dạng).")
            )
    # Anywhere in a PDF, not only in the window a PDF reader searches for its header: a browser
    # or a mail filter sniffing the file may look elsewhere, and no real document needs the bytes.
    if family == "pdf":
        lowered = data.lower()
        if any(marker in lowered for marker in _FOREIGN_MARKERS[1:]):
            raise Refused(_("Tệp PDF chứa thêm nội dung HTML hoặc mã lệnh (tệp đa định dạng)."))


def _is_zip(data: bytes) -> bool:
    try:
        return zipfile.is_zipfile(io.BytesIO(data))
    except (OSError, ValueError):
        return False


def _check_image(data: bytes, family: str) -> None:
    # Pillow only for images: a web worker that receives only PDFs does not load it.
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                width, height = probe.size
                fmt = probe.format
            limit = settings.MOTCUA_MAX_IMAGE_PIXELS
            if width * height > limit:
                raise Refused(
                    _(
                        "Ảnh có %(pixels)s điểm ảnh, vượt quá giới hạn %(limit)s điểm ảnh "
                        "(nghi là bom giải nén)."
                    )
                    % {"pixels": width * height, "limit": limit}
                )
            if fmt != family.upper():
                raise Refused(_("Nội dung ảnh không đúng định dạng."))
            with Image.open(io.BytesIO(data)) as image:
                image.load()
        except Refused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise Refused(_("Ảnh quá lớn khi giải nén (nghi là bom giải nén).")) from error
        except (OSError, SyntaxError, ValueError) as error:
            raise Refused(_("Tệp ảnh bị cắt cụt hoặc hỏng, không đọc được.")) from error


def _scan(data: bytes) -> tuple[tuple[str, ...], list[str]]:
    names = []
    reasons = []
    for scanner in scanners_enabled():
        try:
            verdict = scanner.scan(data)
        except ScanUnavailable:
            reasons.append(
                _("Chưa kiểm tra được mã độc vì dịch vụ quét không trả lời; vui lòng thử lại sau.")
            )
            continue
        names.append(scanner.name)
        if not verdict.clean:
            reasons.append(
                _("Tệp bị phát hiện có mã độc (%(signature)s).") % {"signature": verdict.signature}
            )
    return tuple(names), reasons


def upload_inspect(
    *, name: str, data: bytes, allowed_types: Collection[str], max_bytes: int | None = None
) -> Inspected:
    """Check one uploaded file; return it with its hash and type, or raise :class:`ValidationFailed`.

    The problems' paths are ``name``, ``size`` and ``content``; callers prefix them
    (``documents[2].content``). ``allowed_types`` are keys of :data:`FILE_TYPES`.
    """
    allowed = [FILE_TYPES[key] for key in allowed_types]
    name = nfc(name).strip()
    display = name.encode("unicode_escape").decode("ascii") if name else "?"
    problems = _check_name(name, allowed)
    limit = settings.MOTCUA_MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    if not data:
        problems.append(FieldProblem("content", _("Tệp %(name)s rỗng.") % {"name": display}))
    elif len(data) > limit:
        problems.append(
            FieldProblem(
                "size",
                _("Tệp %(name)s có dung lượng %(size)s byte, vượt quá giới hạn %(limit)s byte.")
                % {"name": display, "size": len(data), "limit": limit},
            )
        )
    else:
        problems.extend(_check_content(display, name, data, allowed))
    if problems:
        raise ValidationFailed(
            _("Tệp %(name)s không được chấp nhận.") % {"name": display}, problems=problems
        )
    scanned_by, reasons = _scan(data)
    if reasons:
        raise ValidationFailed(
            _("Tệp %(name)s không được chấp nhận.") % {"name": display},
            problems=[FieldProblem("content", reason) for reason in reasons],
        )
    kind = _expected_kind(name, allowed) or ""
    stored = _without_metadata(display, data, kind)
    return Inspected(
        name=name,
        data=stored,
        sha256=hashlib.sha256(stored).hexdigest(),
        size=len(stored),
        kind=kind,
        content_type=FILE_TYPES[kind].mime,
        scanned_by=scanned_by,
        original_sha256=hashlib.sha256(data).hexdigest(),
    )


def _without_metadata(display: str, data: bytes, kind: str) -> bytes:
    """An image without its metadata (GPS, device, comments), checked again; other files as sent."""
    if kind not in {"jpeg", "png"}:
        return data
    try:
        stored = image_strip_metadata(data, kind)
        _check_image(stored, kind)
    except (DamagedImage, Refused) as error:
        raise ValidationFailed(
            _("Tệp %(name)s không được chấp nhận.") % {"name": display},
            problems=[FieldProblem("content", _("Tệp ảnh bị cắt cụt hoặc hỏng, không đọc được."))],
        ) from error
    return stored


def _expected_kind(name: str, allowed: list[FileType]) -> str | None:
    suffix = PurePosixPath(name.lower()).suffix
    return next((t.key for t in allowed if suffix in t.extensions), None)


def _check_content(
    display: str, name: str, data: bytes, allowed: list[FileType]
) -> list[FieldProblem]:
    expected = _expected_kind(name, allowed)
    family = _detect(data)
    mismatch = FieldProblem(
        "content",
        _("Nội dung tệp %(name)s không phải là tệp %(kind)s như phần mở rộng của tên tệp.")
        % {"name": display, "kind": FILE_TYPES[expected].label if expected else "?"},
    )
    if expected is None:
        return []
    expected_family = "zip" if expected in {"docx", "xlsx", "zip"} else expected
    if family != expected_family:
        return [mismatch]
    try:
        _check_foreign(data, family)
        if family == "pdf":
            reasons = pdf_check(data)
        elif family in {"jpeg", "png"}:
            _check_image(data, family)
            reasons = []
        else:
            reasons = zip_family_check(data, expected)
    except Refused as refused:
        if refused.message == "type":
            return [mismatch]
        return [FieldProblem(refused.path, refused.message)]
    return [FieldProblem("content", reason) for reason in reasons]
