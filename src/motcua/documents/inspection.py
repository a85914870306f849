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
import re
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

import magic
from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image

from motcua.core.errors import FieldProblem, ValidationFailed
from motcua.core.text import nfc
from motcua.documents.metadata import DamagedImage, image_strip_metadata
from motcua.documents.scanning import ScanUnavailable, scanners_enabled

if TYPE_CHECKING:
    import pikepdf

#: Archive limits, judged from the central directory before anything is extracted.
MAX_ARCHIVE_ENTRIES = 1000
MAX_ARCHIVE_UNCOMPRESSED = 100 * 1024 * 1024
#: Deflate reaches about 1000:1 on zeros; ordinary Office XML stays well below 100:1.
MAX_ENTRY_RATIO = 100
#: Bytes read from one Office XML part ([Content_Types].xml, relationships).
MAX_XML_PART = 2 * 1024 * 1024
#: A PDF reader looks for its header in the first 1024 bytes and its end marker in the last 1024.
PDF_WINDOW = 1024
MAX_NAME_LENGTH = 255
#: Objects walked in one PDF before it is refused as too complex to check.
MAX_PDF_OBJECTS = 200_000


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
_ARCHIVE_SUFFIXES = (
    ".zip", ".rar", ".7z", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".jar", ".cab", ".iso",
    ".docx", ".xlsx", ".docm", ".xlsm", ".pptx", ".odt", ".ods",
)  # fmt: skip
#: Bytes that make a file something else as well: a PDF header, markup a browser would run.
_FOREIGN_MARKERS = (b"%pdf-", b"<script", b"<html", b"<?php", b"<svg")
#: PDF names that run code or carry files.
_PDF_ACTIVE_KEYS = {
    "/JS": "javascript",
    "/JavaScript": "javascript",
    "/AA": "auto_action",
    "/OpenAction": "open_action",
    "/EmbeddedFiles": "embedded",
    "/EmbeddedFile": "embedded",
    "/RichMedia": "rich_media",
    "/RichMediaContent": "rich_media",
    "/XFA": "xfa",
}
_PDF_ACTIVE_ACTIONS = {
    "/JavaScript": "javascript",
    "/Launch": "launch",
    "/ImportData": "launch",
    "/RichMediaExecute": "rich_media",
    "/GoToE": "embedded",
    "/GoToR": "remote",
    "/SubmitForm": "submit",
}
#: Names looked for in the raw bytes of a PDF, outside any reader's view of its latest revision:
#: an action or key that runs code, opens or sends something, whatever object carries it.
_PDF_RAW_NAMES = {
    "/JS": "javascript",
    "/JavaScript": "javascript",
    "/AA": "auto_action",
    "/EmbeddedFile": "embedded",
    "/EmbeddedFiles": "embedded",
    "/RichMedia": "rich_media",
    "/XFA": "xfa",
    **_PDF_ACTIVE_ACTIONS,
}
_PDF_NAME = re.compile(rb"/[^\x00\t\n\x0c\r ()<>\[\]{}/%]+")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
_PDF_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm")
_PDF_RAW_URI = re.compile(rb"/URI\s*\(((?:[^()\\]|\\.)*)\)", re.DOTALL)
#: Link schemes a citizen's PDF may point to; file:, UNC (\\\\host) and the rest open local or
#: network files, or send what the reader holds.
_SAFE_URI = re.compile(r"^(https?|mailto):", re.IGNORECASE)
#: Revisions (incremental updates) of one PDF each checked on their own.
MAX_PDF_REVISIONS = 50
#: Bytes one object stream may inflate to when its raw text is searched.
MAX_OBJECT_STREAM = 16 * 1024 * 1024
_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(rb'(\w+)\s*=\s*["\']([^"\']*)["\']')
_HYPERLINK_TYPE = b"/relationships/hyperlink"
#: A DTD or an entity declaration, in UTF-8 and in UTF-16 (both byte orders).
_DTD_MARKERS = tuple(
    word.encode(encoding)
    for word in ("<!doctype", "<!entity")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_XML_PARTS = (".xml", ".rels", ".vml")
_ELEMENT = re.compile(rb"<([\w.:-]+)(\s[^>]*)>")
_PREFIXED_ATTRIBUTE = re.compile(rb'([\w.-]+:[\w.-]+)\s*=\s*["\']([^"\']*)["\']')
#: Elements that only link out when clicked (WordprocessingML, DrawingML).
_HYPERLINK_USERS = {b"hyperlink", b"hlinkclick", b"hlinkhover"}
#: Parts whose relationships Office follows on opening (attached template, frameset).
_SETTINGS_PARTS = {"settings.xml", "websettings.xml"}
#: A relationship target that leaves the package whatever its mode says: a scheme or a UNC path.
_OUTSIDE_TARGET = re.compile(rb"^([a-z][a-z0-9+.-]*:|//|\\\\)", re.IGNORECASE)


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


class _Refused(Exception):
    """One reason to refuse, raised from deep inside a parser; becomes a :class:`FieldProblem`."""

    def __init__(self, message: str, path: str = "content") -> None:
        super().__init__(message)
        self.message = message
        self.path = path


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
        raise _Refused(_("Tệp chứa thêm một tệp nén ZIP bên trong (tệp đa định dạng)."))
    if family in {"jpeg", "png"}:
        lowered = data.lower()
        if any(marker in lowered for marker in _FOREIGN_MARKERS):
            raise _Refused(
                _("Tệp ảnh chứa thêm nội dung PDF, HTML hoặc mã lệnh (tệp đa định dạng).")
            )
    # Anywhere in a PDF, not only in the window a PDF reader searches for its header: a browser
    # or a mail filter sniffing the file may look elsewhere, and no real document needs the bytes.
    if family == "pdf":
        lowered = data.lower()
        if any(marker in lowered for marker in _FOREIGN_MARKERS[1:]):
            raise _Refused(_("Tệp PDF chứa thêm nội dung HTML hoặc mã lệnh (tệp đa định dạng)."))


def _is_zip(data: bytes) -> bool:
    try:
        return zipfile.is_zipfile(io.BytesIO(data))
    except (OSError, ValueError):
        return False


def _pdf_children(obj: Any) -> Iterator[tuple[str, Any]]:
    import pikepdf

    if isinstance(obj, pikepdf.Dictionary):
        yield from ((str(key), obj[key]) for key in obj.keys())  # noqa: SIM118 - pikepdf API
    elif isinstance(obj, pikepdf.Stream):
        yield from ((str(key), obj.stream_dict[key]) for key in obj.stream_dict.keys())  # noqa: SIM118
    elif isinstance(obj, pikepdf.Array):
        yield from (("", item) for item in obj)


def _pdf_active(pdf: "pikepdf.Pdf") -> set[str]:
    """Kinds of active content anywhere in ``pdf``: every object walked, not only the catalog."""
    import pikepdf

    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [pdf.Root, pdf.trailer]
    stack.extend(pdf.objects)
    walked = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, pikepdf.Object) and obj.is_indirect:
            ident = obj.objgen
            if ident in seen:
                continue
            seen.add(ident)
        walked += 1
        if walked > MAX_PDF_OBJECTS:
            raise _Refused(_("Tệp PDF quá phức tạp để kiểm tra an toàn."))
        for key, value in _pdf_children(obj):
            if key in _PDF_ACTIVE_KEYS:
                found.add(_PDF_ACTIVE_KEYS[key])
            if key == "/S" and str(value) in _PDF_ACTIVE_ACTIONS:
                found.add(_PDF_ACTIVE_ACTIONS[str(value)])
            if key == "/URI" and isinstance(value, pikepdf.String) and not _safe_uri(str(value)):
                found.add("unsafe_link")
            if key == "/Subtype" and str(value) in {"/FileAttachment", "/RichMedia", "/Movie"}:
                found.add("embedded" if str(value) == "/FileAttachment" else "rich_media")
            if isinstance(value, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream):
                stack.append(value)
    # An /OpenAction that only opens a page (a destination, or a GoTo action as LaTeX writes it)
    # is harmless; whatever else it chains (/Next) was walked above like any other object.
    open_action = pdf.Root.get("/OpenAction")
    if isinstance(open_action, pikepdf.Array) or (
        isinstance(open_action, pikepdf.Dictionary) and open_action.get("/S") == pikepdf.Name.GoTo
    ):
        found.discard("open_action")
    return found


def _safe_uri(uri: str) -> bool:
    return bool(_SAFE_URI.match(uri.strip())) and "\\" not in uri


def _pdf_name(token: bytes) -> str:
    return _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), token).decode("latin-1")


def _pdf_raw_parts(data: bytes) -> Iterator[bytes]:
    """The bytes a reader may take for objects: all but stream bodies, and every object stream."""
    yield _PDF_STREAM.sub(b"stream\nendstream", data)
    for match in _PDF_STREAM.finditer(data):
        header = data[max(0, match.start() - PDF_WINDOW) : match.start()]
        header = header[header.rfind(b"obj") :]
        if not _PDF_OBJECT_STREAM.search(header):
            continue
        try:
            inflated = zlib.decompressobj().decompress(match.group(1), MAX_OBJECT_STREAM)
        except zlib.error:
            inflated = match.group(1)
        yield inflated


def _pdf_raw_active(data: bytes) -> set[str]:
    """Kinds of active content anywhere in the bytes of ``data``, reachable or not.

    An incremental update may leave an earlier object (an /OpenAction JavaScript, say) in the file
    while the latest cross-reference table no longer points to it; a reader that rebuilds a
    damaged table, or an older revision opened on its own, still runs it.
    """
    found: set[str] = set()
    for part in _pdf_raw_parts(data):
        for token in _PDF_NAME.findall(part):
            kind = _PDF_RAW_NAMES.get(_pdf_name(token))
            if kind:
                found.add(kind)
        for uri in _PDF_RAW_URI.findall(part):
            if not _safe_uri(re.sub(rb"\\(.)", rb"\1", uri, flags=re.DOTALL).decode("latin-1")):
                found.add("unsafe_link")
    return found


def _pdf_revisions(data: bytes) -> list[bytes]:
    """Every earlier revision of ``data``: the bytes up to each end marker but the last."""
    ends = [m.end() for m in re.finditer(rb"%%EOF", data)]
    if len(ends) > MAX_PDF_REVISIONS:
        raise _Refused(_("Tệp PDF có quá nhiều lần cập nhật để kiểm tra an toàn."))
    return [data[:end] for end in ends[:-1]]


def _pdf_earlier_active(data: bytes) -> set[str]:
    import pikepdf

    found: set[str] = set()
    for revision in _pdf_revisions(data):
        try:
            with pikepdf.open(io.BytesIO(revision)) as pdf:
                found |= _pdf_active(pdf)
        except (pikepdf.PdfError, RecursionError, ValueError, KeyError, TypeError):
            continue  # not a revision a reader could open; its bytes were searched all the same
    return found


def pdf_page_size_cm(page: "pikepdf.Page") -> tuple[float, float]:
    """Width and height of ``page`` in centimetres, its user unit (/UserUnit) applied."""
    box = [float(v) for v in page.mediabox]
    try:
        scale = float(page.obj.get("/UserUnit", 1))
    except (TypeError, ValueError):
        scale = 1.0
    side = 2.54 / 72 * scale
    return abs(box[2] - box[0]) * side, abs(box[3] - box[1]) * side


def _check_page_sizes(pdf: "pikepdf.Pdf") -> None:
    """Refuse a page larger than the limit: rendering it (to show, to OCR) costs its area."""
    limit = settings.MOTCUA_MAX_PAGE_AREA_CM2
    for number, page in enumerate(pdf.pages, start=1):
        width, height = pdf_page_size_cm(page)
        if width * height > limit:
            raise _Refused(
                _(
                    "Trang %(page)s của tệp PDF có khổ %(width)s × %(height)s cm, vượt quá diện "
                    "tích cho phép %(limit)s cm²."
                )
                % {"page": number, "width": round(width), "height": round(height), "limit": limit}
            )


def _pdf_reasons() -> dict[str, str]:
    return {
        "javascript": _("Tệp PDF chứa mã JavaScript."),
        "launch": _("Tệp PDF chứa lệnh mở chương trình hoặc nhập dữ liệu từ bên ngoài (Launch)."),
        "auto_action": _("Tệp PDF chứa thao tác tự động khi mở hoặc xem trang (/AA)."),
        "open_action": _("Tệp PDF chứa thao tác tự chạy khi mở tệp (/OpenAction)."),
        "embedded": _("Tệp PDF có tệp đính kèm nhúng bên trong."),
        "rich_media": _("Tệp PDF có nội dung đa phương tiện nhúng (RichMedia, Flash, video)."),
        "xfa": _("Tệp PDF là biểu mẫu XFA động."),
        "remote": _("Tệp PDF chứa lệnh mở tệp khác bên ngoài (GoToR)."),
        "submit": _("Tệp PDF chứa lệnh gửi dữ liệu biểu mẫu ra bên ngoài (SubmitForm)."),
        "unsafe_link": _(
            "Tệp PDF chứa liên kết tới tệp trên máy hoặc thư mục mạng (file:, \\\\máy\\thư mục)."
        ),
    }


def _check_pdf(data: bytes) -> list[str]:
    # Imported here: pikepdf logs a line when loaded, which every command would print otherwise.
    import pikepdf

    if b"%%EOF" not in data[-PDF_WINDOW:]:
        raise _Refused(_("Tệp PDF bị cắt cụt hoặc hỏng (thiếu phần kết thúc của tệp)."))
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if pdf.is_encrypted:
                raise _Refused(_("Tệp PDF được mã hóa hoặc đặt mật khẩu; hãy nộp bản không khóa."))
            if len(pdf.pages) == 0:
                raise _Refused(_("Tệp PDF không có trang nào."))
            _check_page_sizes(pdf)
            active = _pdf_active(pdf)
        active |= _pdf_earlier_active(data) | _pdf_raw_active(data)
    except pikepdf.PasswordError as error:
        raise _Refused(
            _("Tệp PDF được mã hóa hoặc đặt mật khẩu; hãy nộp bản không khóa.")
        ) from error
    except (pikepdf.PdfError, RecursionError, ValueError, KeyError, TypeError) as error:
        raise _Refused(_("Tệp PDF bị hỏng, không đọc được.")) from error
    reasons = _pdf_reasons()
    return [reasons[kind] for kind in sorted(active)]


def _check_image(data: bytes, family: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                width, height = probe.size
                fmt = probe.format
            limit = settings.MOTCUA_MAX_IMAGE_PIXELS
            if width * height > limit:
                raise _Refused(
                    _(
                        "Ảnh có %(pixels)s điểm ảnh, vượt quá giới hạn %(limit)s điểm ảnh "
                        "(nghi là bom giải nén)."
                    )
                    % {"pixels": width * height, "limit": limit}
                )
            if fmt != family.upper():
                raise _Refused(_("Nội dung ảnh không đúng định dạng."))
            with Image.open(io.BytesIO(data)) as image:
                image.load()
        except _Refused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise _Refused(_("Ảnh quá lớn khi giải nén (nghi là bom giải nén).")) from error
        except (OSError, SyntaxError, ValueError) as error:
            raise _Refused(_("Tệp ảnh bị cắt cụt hoặc hỏng, không đọc được.")) from error


def _declares_dtd(data: bytes) -> bool:
    lowered = data.lower()
    return any(marker in lowered for marker in _DTD_MARKERS)


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with archive.open(info) as part:
        data = part.read(MAX_XML_PART + 1)
    if len(data) > MAX_XML_PART:
        raise _Refused(_("Tệp Office có phần XML quá lớn."))
    if _declares_dtd(data):
        raise _Refused(_dtd_reason())
    return data


def _dtd_reason() -> str:
    return _("Tệp Office có khai báo DTD hoặc thực thể XML (không an toàn).")


def _check_xml_parts(archive: zipfile.ZipFile) -> None:
    """Refuse a DTD in any XML part, read as a stream: whatever parser opens the file later
    (openpyxl reading a sheet, say) never meets an entity to expand (billion laughs) or fetch."""
    overlap = max(len(marker) for marker in _DTD_MARKERS)
    for info in archive.infolist():
        if not info.filename.lower().endswith(_XML_PARTS):
            continue
        with archive.open(info) as part:
            tail = b""
            while chunk := part.read(1024 * 1024):
                if _declares_dtd(tail + chunk):
                    raise _Refused(_dtd_reason())
                tail = chunk[-overlap:]


def _escapes(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return name.startswith(("/", "\\")) or bool(re.match(r"^[A-Za-z]:", name)) or ".." in path.parts


def _check_entry_name(name: str) -> str | None:
    # Judged as written and as an extracting tool may normalise it (NFKC): full-width dots and
    # slashes, or the two-dot leader, become "../" there.
    if _escapes(name) or _escapes(unicodedata.normalize("NFKC", name)):
        return _("Tệp nén có đường dẫn tuyệt đối hoặc trỏ ra ngoài thư mục (%(entry)s).")
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        return _("Tệp nén có tên mục chứa ký tự điều khiển (%(entry)s).")
    if name.lower().endswith(_ARCHIVE_SUFFIXES):
        return _("Tệp nén chứa tệp nén khác bên trong (%(entry)s).")
    return None


def _check_archive(archive: zipfile.ZipFile) -> list[str]:
    reasons: list[str] = []
    entries = archive.infolist()
    if len(entries) > MAX_ARCHIVE_ENTRIES:
        return [
            _("Tệp nén có %(count)s mục, vượt quá giới hạn %(limit)s mục.")
            % {"count": len(entries), "limit": MAX_ARCHIVE_ENTRIES}
        ]
    total = sum(info.file_size for info in entries)
    if total > MAX_ARCHIVE_UNCOMPRESSED:
        reasons.append(
            _("Tệp nén khi giải nén có %(size)s byte, vượt quá giới hạn %(limit)s byte.")
            % {"size": total, "limit": MAX_ARCHIVE_UNCOMPRESSED}
        )
    names: set[str] = set()
    for info in entries:
        entry = info.filename
        problem = _check_entry_name(entry)
        if problem:
            reasons.append(problem % {"entry": entry.encode("unicode_escape").decode("ascii")})
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            reasons.append(_("Tệp nén chứa liên kết tượng trưng (%(entry)s).") % {"entry": entry})
        if info.flag_bits & 0x1:
            reasons.append(_("Tệp nén có mục được mã hóa (%(entry)s).") % {"entry": entry})
        if info.file_size > 1024 * 1024 and info.file_size > MAX_ENTRY_RATIO * max(
            info.compress_size, 1
        ):
            reasons.append(
                _("Tệp nén có tỷ lệ nén bất thường ở mục %(entry)s (nghi là bom giải nén).")
                % {"entry": entry}
            )
        if entry.lower() in names:
            reasons.append(_("Tệp nén có hai mục trùng tên (%(entry)s).") % {"entry": entry})
        names.add(entry.lower())
    return reasons


def _office_kind(archive: zipfile.ZipFile) -> str:
    names = set(archive.namelist())
    if "[Content_Types].xml" not in names:
        return "zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"


def _owner_of(rels: str) -> str:
    """The part a relationships part belongs to: ``word/_rels/document.xml.rels`` → ``word/document.xml``."""
    folder, _, name = rels.rpartition("_rels/")
    return folder + name.removesuffix(".rels")


def _users_of(owner: bytes, ident: bytes) -> set[bytes]:
    """Local names of the elements of ``owner`` that use relationship ``ident`` (r:id, r:link...)."""
    users = set()
    for element, attributes in _ELEMENT.findall(owner):
        for _key, value in _PREFIXED_ATTRIBUTE.findall(attributes):
            if value == ident:
                users.add(element.rpartition(b":")[2].lower())
    return users


def _loads_external(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether a relationships part makes Office load anything from outside the file.

    Only a hyperlink may point outside, and a relationship is judged by what uses it, not by the
    type it claims: an attached template (or a frame, an image link) whose relationship says
    "hyperlink" is still fetched when the document opens.
    """
    if not info.filename.endswith(".rels"):
        return False
    owner_name = _owner_of(info.filename)
    owner = None
    for tag in _RELATIONSHIP.findall(_read_part(archive, info)):
        attributes = {k.lower(): v for k, v in _ATTRIBUTE.findall(tag)}
        target = attributes.get(b"target", b"").strip()
        outside = attributes.get(b"targetmode", b"").lower() == b"external" or bool(
            _OUTSIDE_TARGET.match(target)
        )
        if not outside:
            continue
        if not attributes.get(b"type", b"").endswith(_HYPERLINK_TYPE):
            return True
        if PurePosixPath(owner_name).name.lower() in _SETTINGS_PARTS:
            return True
        if owner is None:
            try:
                owner = _read_part(archive, archive.getinfo(owner_name))
            except KeyError:
                owner = b""
        if not _users_of(owner, attributes.get(b"id", b"")) <= _HYPERLINK_USERS:
            return True
    return False


def _check_office(archive: zipfile.ZipFile) -> list[str]:
    reasons: list[str] = []
    lowered = [name.lower() for name in archive.namelist()]
    if any(name.endswith("vbaproject.bin") or "/vbaproject" in name for name in lowered):
        reasons.append(_("Tệp Office chứa macro (vbaProject.bin)."))
    if any("/activex/" in name for name in lowered):
        reasons.append(_("Tệp Office chứa điều khiển ActiveX."))
    if any("/embeddings/" in name and name.endswith(".bin") for name in lowered):
        reasons.append(_("Tệp Office chứa đối tượng OLE nhúng."))
    _check_xml_parts(archive)
    content_types = _read_part(archive, archive.getinfo("[Content_Types].xml"))
    if b"macroenabled" in content_types.lower() or b"vbaproject" in content_types.lower():
        reasons.append(_("Tệp Office khai báo nội dung có macro."))
    if any(_loads_external(archive, info) for info in archive.infolist()):
        reasons.append(
            _("Tệp Office tham chiếu tài nguyên bên ngoài (mẫu, khung hoặc đối tượng tải từ mạng).")
        )
    return sorted(set(reasons))


def _check_zip_family(data: bytes, expected: str) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            reasons = _check_archive(archive)
            if reasons:
                return reasons
            kind = _office_kind(archive)
            if kind != expected:
                raise _Refused("type")
            if kind in {"docx", "xlsx"}:
                return _check_office(archive)
            return []
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, KeyError) as error:
        raise _Refused(_("Tệp nén bị cắt cụt hoặc hỏng, không đọc được.")) from error


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
    except (DamagedImage, _Refused) as error:
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
            reasons = _check_pdf(data)
        elif family in {"jpeg", "png"}:
            _check_image(data, family)
            reasons = []
        else:
            reasons = _check_zip_family(data, expected)
    except _Refused as refused:
        if refused.message == "type":
            return [mismatch]
        return [FieldProblem(refused.path, refused.message)]
    return [FieldProblem("content", reason) for reason in reasons]
