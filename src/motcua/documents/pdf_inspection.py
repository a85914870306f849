"""The PDF part of the upload gate: active content in any revision or object stream, encryption,
damage, page sizes (:mod:`motcua.documents.inspection` is the gate itself).
"""

import io
import re
import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.documents.refusal import Refused

if TYPE_CHECKING:
    import pikepdf

#: A PDF reader looks for its header in the first 1024 bytes and its end marker in the last 1024.
PDF_WINDOW = 1024
#: Objects walked in one PDF before it is refused as too complex to check.
MAX_PDF_OBJECTS = 200_000
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
            raise Refused(_("Tệp PDF quá phức tạp để kiểm tra an toàn."))
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
        raise Refused(_("Tệp PDF có quá nhiều lần cập nhật để kiểm tra an toàn."))
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
            raise Refused(
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


def pdf_check(data: bytes) -> list[str]:
    # Imported here: pikepdf logs a line when loaded, which every command would print otherwise.
    import pikepdf

    if b"%%EOF" not in data[-PDF_WINDOW:]:
        raise Refused(_("Tệp PDF bị cắt cụt hoặc hỏng (thiếu phần kết thúc của tệp)."))
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if pdf.is_encrypted:
                raise Refused(_("Tệp PDF được mã hóa hoặc đặt mật khẩu; hãy nộp bản không khóa."))
            if len(pdf.pages) == 0:
                raise Refused(_("Tệp PDF không có trang nào."))
            _check_page_sizes(pdf)
            active = _pdf_active(pdf)
        active |= _pdf_earlier_active(data) | _pdf_raw_active(data)
    except pikepdf.PasswordError as error:
        raise Refused(
            _("Tệp PDF được mã hóa hoặc đặt mật khẩu; hãy nộp bản không khóa.")
        ) from error
    except (pikepdf.PdfError, RecursionError, ValueError, KeyError, TypeError) as error:
        raise Refused(_("Tệp PDF bị hỏng, không đọc được.")) from error
    reasons = _pdf_reasons()
    return [reasons[kind] for kind in sorted(active)]
