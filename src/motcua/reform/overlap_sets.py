"""Sets of internal processes a province approves for one of its departments (phê duyệt quy trình
nội bộ giải quyết thủ tục hành chính), read for overlap detection (rà soát trùng lặp).

Such a decision is named by what it covers: the department ("… của Sở Giáo dục và Đào tạo"), the
other bodies it includes ("…, UBND cấp huyện, UBND cấp xã") and, when it covers part of the
department's work, its fields ("… lĩnh vực Dược - Mỹ phẩm"). Two provinces' sets for the same
department and field are one set of steps approved twice; a department's whole set holds the set
of one of its fields; a field's set holds the set of a narrower field; a field that moved to
another department is the same set renamed. Sets of two departments, or of two fields neither of
which holds the other, are not an overlap whatever their names share: every such name says
"phê duyệt quy trình nội bộ giải quyết thủ tục hành chính".
"""

import re
import unicodedata
from dataclasses import dataclass

from motcua.core.text import fold

#: "… quy trình nội bộ …", or a decision that approves or announces the processes by which
#: procedures are solved under another word ("Phê duyệt quy trình mới giải quyết 20 thủ tục hành
#: chính …", "Công bố danh mục và quy trình giải quyết thủ tục hành chính …"); a process of one
#: procedure ("Quy trình giải quyết thủ tục … cấp lại giấy phép …") approves nothing.
_PROCESS_SET = re.compile(
    r"\bquy trinh noi bo\b"
    r"|\b(?:cong bo|phe duyet)\b.*\bquy trinh\b.*\bgiai quyet\b.*\bthu tuc hanh chinh\b"
)
#: "… của Sở Y tế tỉnh Vĩnh Long", "… Sở Tài nguyên và Môi trường, UBND cấp huyện": the name of a
#: department ends where the place, another body or the rest of the sentence begins. Read with
#: its diacritics: "hồ sơ" holds no "sở". The provincial police (Công an tỉnh) is a department.
_DEPARTMENT = re.compile(
    r"\b(?:sở|ngành) ((?:(?!tỉnh |thành phố |trên địa bàn |áp dụng |ubnd |ủy ban |uỷ ban )"
    r"[^,;()])+)|\b(công an) tỉnh\b"
)
_BODIES = (
    (re.compile(r"\b(?:ubnd|uy ban nhan dan) cap huyen\b"), "ubnd cấp huyện"),
    (re.compile(r"\b(?:ubnd|uy ban nhan dan) cap xa\b"), "ubnd cấp xã"),
    (re.compile(r"\b(?:ubnd|uy ban nhan dan)(?: cap)? tinh\b"), "ubnd cấp tỉnh"),
)
#: "lĩnh vực tín ngưỡng, tôn giáo; lĩnh vực công tác dân tộc thuộc …": a field ends where the
#: sentence says whose it is.
_FIELD = re.compile(
    r"\blinh vuc ((?:(?! thuoc | cua | duoc | tren dia ban | ap dung | theo )[^;()])+)"
)
_FIELD_FILLER = frozenset(["va", "cac", "hoat", "dong", "linh", "vuc", "trong"])


@dataclass(frozen=True)
class ProcessSet:
    """What a set of internal processes covers, folded."""

    departments: frozenset[str]
    bodies: frozenset[str]
    #: The words of its fields; empty when it covers the department's whole work.
    field_words: frozenset[str]
    fields: tuple[str, ...]


def read_process_set(name: str) -> ProcessSet | None:
    """The coverage of a set of internal processes, or None when the name is not one."""
    written = re.sub(r"\s*-\s*", " ", unicodedata.normalize("NFC", name).lower())
    text = fold(written)
    if not _PROCESS_SET.search(text):
        return None
    departments = departments_named(name)
    bodies = frozenset(label for pattern, label in _BODIES if pattern.search(text))
    # "đối với các lĩnh vực thuộc thẩm quyền …" names no field: all of them.
    fields = tuple(
        f
        for m in _FIELD.finditer(text)
        if not (f := m.group(1).strip(" ,.")).startswith(("thuoc ", "cua "))
    )
    words = frozenset(w for f in fields for w in re.findall(r"\w+", f) if w not in _FIELD_FILLER)
    return ProcessSet(departments, bodies, words, fields)


def departments_named(name: str) -> frozenset[str]:
    """The departments a name says (folded, "giao duc va dao tao"), read as in a set's name."""
    written = re.sub(r"\s*-\s*", " ", unicodedata.normalize("NFC", name).lower())
    return frozenset(
        fold(m.group(1) or m.group(2)).strip(" ./") for m in _DEPARTMENT.finditer(written + " ")
    )


#: The process of one procedure ("Quy trình cấp lại giấy phép …", "QT.01: Quy trình thẩm định …").
_ONE_PROCESS = re.compile(r"^(?:\S*\d\S*:?\s+)?quy trinh\b")


def holds_process(whole: ProcessSet, name: str) -> bool:
    """True when ``name`` is the process of one procedure in one of the fields ``whole`` covers:
    every word of the field, or of one of the fields it lists, is in the name ("lĩnh vực vật liệu
    nổ công nghiệp, tiền chất thuốc nổ" holds "Quy trình cấp lại giấy phép sử dụng vật liệu nổ
    công nghiệp")."""
    text = fold(unicodedata.normalize("NFC", name)).lower().strip()
    if not _ONE_PROCESS.match(text) or _PROCESS_SET.search(text):
        return False
    words = set(re.findall(r"\w+", text))
    pieces = (p for f in whole.fields for p in re.split(r",|;| va ", f))
    return any((need := _words(p)) and need <= words for p in pieces)


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"\w+", text) if w not in _FIELD_FILLER)


def compare_sets(left: ProcessSet, right: ProcessSet) -> str | None:
    """ "same", "part_of-left", "part_of-right" or "renamed" when one set repeats or holds the
    other ("part_of-left": the left set is the part), None when they are two sets."""
    known = (left.departments or left.bodies) and (right.departments or right.bodies)
    if known and (left.departments or right.departments):
        if not same_department(left.departments, right.departments):
            # One field under two departments moved between them; otherwise two departments', or
            # a department's set against the districts' own.
            moved = left.departments and right.departments and left.field_words
            return "renamed" if moved and left.field_words == right.field_words else None
    elif known and left.bodies != right.bodies:
        return None
    if left.field_words == right.field_words:
        # Bodies compare only when both sets say whose they are.
        if known and left.bodies < right.bodies:
            return "part_of-left"
        if known and right.bodies < left.bodies:
            return "part_of-right"
        return "same"
    # No field is the department's whole work; a field of more words covers more ("dược - mỹ
    # phẩm" holds "mỹ phẩm").
    if not left.field_words:
        return "part_of-right"
    if not right.field_words or left.field_words < right.field_words:
        return "part_of-left"
    if right.field_words < left.field_words:
        return "part_of-right"
    return None


def same_department(left: frozenset[str], right: frozenset[str]) -> bool:
    """One department, named in full or up to its first comma ("văn hóa" of "Sở Văn hóa, Thể
    thao và Du lịch"; "văn hóa và thể thao" after a merger)."""
    return any(a.split()[:2] == b.split()[:2] for a in left for b in right)


def set_reason(relation: str, left: str, right: str) -> str:
    """The Vietnamese sentence for a relation of :func:`compare_sets` between two quoted names."""
    if relation.startswith("part_of"):
        whole, piece = (right, left) if relation == "part_of-left" else (left, right)
        return f"Phạm vi của bộ quy trình nội bộ {whole} chứa phạm vi của {piece}"
    if relation == "renamed":
        return f"Cùng lĩnh vực, nay do cơ quan khác giải quyết: {left} và {right}"
    return f"Cùng phạm vi (cùng cơ quan, cùng lĩnh vực): {left} và {right}"
