"""The archive part of the upload gate: ZIP, DOCX and XLSX judged by their central directory and
a few XML parts read with a byte limit (:mod:`motcua.documents.inspection` is the gate itself).
"""

import io
import re
import unicodedata
import zipfile
from pathlib import PurePosixPath

from django.utils.translation import gettext as _

from motcua.documents.refusal import Refused

#: Archive limits, judged from the central directory before anything is extracted.
MAX_ARCHIVE_ENTRIES = 1000
MAX_ARCHIVE_UNCOMPRESSED = 100 * 1024 * 1024
#: Deflate reaches about 1000:1 on zeros; ordinary Office XML stays well below 100:1.
MAX_ENTRY_RATIO = 100
#: Bytes read from one Office XML part ([Content_Types].xml, relationships).
MAX_XML_PART = 2 * 1024 * 1024
ARCHIVE_SUFFIXES = (
    ".zip", ".rar", ".7z", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".jar", ".cab", ".iso",
    ".docx", ".xlsx", ".docm", ".xlsm", ".pptx", ".odt", ".ods",
)  # fmt: skip
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


def _declares_dtd(data: bytes) -> bool:
    lowered = data.lower()
    return any(marker in lowered for marker in _DTD_MARKERS)


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with archive.open(info) as part:
        data = part.read(MAX_XML_PART + 1)
    if len(data) > MAX_XML_PART:
        raise Refused(_("Tệp Office có phần XML quá lớn."))
    if _declares_dtd(data):
        raise Refused(_dtd_reason())
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
                    raise Refused(_dtd_reason())
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
    if name.lower().endswith(ARCHIVE_SUFFIXES):
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


def zip_family_check(data: bytes, expected: str) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            reasons = _check_archive(archive)
            if reasons:
                return reasons
            kind = _office_kind(archive)
            if kind != expected:
                raise Refused("type")
            if kind in {"docx", "xlsx"}:
                return _check_office(archive)
            return []
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, KeyError) as error:
        raise Refused(_("Tệp nén bị cắt cụt hoặc hỏng, không đọc được.")) from error
