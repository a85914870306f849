"""Reading procedures for overlap detection (rà soát trùng lặp): names, legal bases, codes, levels.

A name is read as Vietnamese words for what the procedure does (its action) and to what (its
subject); siblings of one announcing decision differ in one of these ("khai sinh" / "khai tử",
"thành lập" / "giải thể", "chuyển đến" / "chuyển đi"). Text is compared as syllables and adjacent
syllable pairs (the pairs stand in for word segmentation: "kết quả" is not "kết luận"), with
diacritics kept: "tử" is not "từ"; a name typed without diacritics is compared folded. A legal
basis is read down to its documents and articles, spelt so that two spellings of one number
compare equal.

:mod:`motcua.reform.overlap` scores pairs with what is read here.
"""

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from motcua.core.text import fold

#: Words that say nothing about what a procedure does (with diacritics, lower case).
STOP_WORDS = frozenset(
    [
        "thủ",
        "tục",
        "hành",
        "chính",
        "nội",
        "bộ",
        "của",
        "và",
        "các",
        "về",
        "đối",
        "với",
        "cho",
        "trong",
        "tại",
        "theo",
        "từ",
        "đến",
        "việc",
        "một",
        "những",
        "được",
        "có",
        "là",
        "để",
        "khi",
        "hoặc",
        "bằng",
        "số",
        "cấp",
        "bản",
        "đã",
        "trường",
        "hợp",
        "thuộc",
        "do",
    ]
)
#: Phrases and words of a name that say neither the action nor the subject.
GENERIC_NAME_PHRASES = (
    "ủy ban nhân dân",
    "uỷ ban nhân dân",
    "thủ tục hành chính",
    "nhóm thủ tục",
    "liên thông",
    "đăng ký",
    "giải quyết",
    "chế độ",
    "thực hiện",
    "tiến hành",
    "thẩm quyền",
    "thành phố",
    "trung ương",
    "thị trấn",
)
GENERIC_NAME_WORDS = frozenset(["xã", "phường", "huyện", "quận", "tỉnh", "bộ", "sở", "phòng"])
#: Abbreviations spelt out before comparing names.
ALIASES = {
    "bhyt": "bảo hiểm y tế",
    "bhxh": "bảo hiểm xã hội",
    "nvqs": "nghĩa vụ quân sự",
    "ubnd": "ủy ban nhân dân",
    "chqs": "chỉ huy quân sự",
    "tthc": "thủ tục hành chính",
    "cccd": "căn cước công dân",
}
#: What a procedure does to its subject. Siblings of one decision differ here.
ACTIONS = (
    "cho phép thành lập",
    "thành lập",
    "tự giải thể",
    "giải thể",
    "tổ chức lại",
    "sáp nhập",
    "hợp nhất",
    "chia",
    "tách",
    "đổi tên",
    "chuyển đổi",
    "chuyển đến",
    "chuyển đi",
    "tạm vắng",
    "lần đầu",
    "đăng ký lại",
    "cấp lại",
    "cấp đổi",
    "gia hạn",
    "điều chỉnh",
    "thu hồi",
    "trở lại",
    "xóa đăng ký",
    "xoá đăng ký",
    "phê duyệt điều lệ",
    "công nhận",
    "thôi",
)
#: Verbs that open each part of a combined procedure's name ("Đăng ký khai tử, hưởng chế độ
#: tử tuất/hỗ trợ chi phí mai táng").
PART_VERBS = ("đăng ký", "cấp", "hưởng", "hỗ trợ", "xóa", "xoá", "giải quyết")
#: Words that make a sibling when only one name has them: the catalogues publish "… có yếu tố
#: nước ngoài" next to the domestic procedure, a collective title next to the individual one, and
#: emergency help next to regular help.
QUALIFIERS = ("có yếu tố nước ngoài", "tập thể lao động", "khẩn cấp", "đột xuất")
COMBINED_MARKERS = ("liên thông", "nhóm thủ tục")

_STOP_FOLDED = frozenset(fold(w) for w in STOP_WORDS)
_GENERIC_FOLDED = frozenset(fold(w) for w in GENERIC_NAME_WORDS)
_GENERIC_PHRASES_FOLDED = tuple(fold(p) for p in GENERIC_NAME_PHRASES)
_WORD = re.compile(r"\w+")
_PAREN = re.compile(r"\([^)]*\)")
_SEGMENTS = re.compile(r"[,;/:]| - | – ")
_LEGAL_NUMBER = re.compile(r"\d+(?:\.\d+)?/[\w./-]*\w", re.UNICODE)
_ARTICLE = re.compile(r"điều\s+(\d+)", re.IGNORECASE)
_NATIONAL_CODE = re.compile(r"\b(\d\.\d{6})\b")
_DOC_KINDS = (
    ("nđ-cp", "Nghị định"),
    ("nd-cp", "Nghị định"),
    ("tt-", "Thông tư"),
    ("ttlt-", "Thông tư liên tịch"),
    ("qh", "Luật"),
    ("qđ-", "Quyết định"),
    ("qd-", "Quyết định"),
    ("nq-", "Nghị quyết"),
)
_LEVELS = (
    ("đại diện", "abroad"),
    ("dai dien", "abroad"),
    ("ministry", "central"),
    ("bộ", "central"),
    ("trung ương", "central"),
    ("province", "province"),
    ("tỉnh", "province"),
    ("commune", "local"),
    ("xã", "local"),
    ("huyện", "local"),
)
LEVEL_NAMES = {
    "abroad": "cơ quan đại diện ở nước ngoài",
    "central": "cấp bộ",
    "province": "cấp tỉnh",
    "local": "cấp huyện, cấp xã",
}


def _is_stop(word: str) -> bool:
    # A word typed without diacritics may be any of its accented forms ("thu" is "thủ").
    return word in STOP_WORDS or (word.isascii() and word in _STOP_FOLDED)


def _is_generic(word: str) -> bool:
    return word in GENERIC_NAME_WORDS or (word.isascii() and word in _GENERIC_FOLDED)


def lower_words(text: str) -> list[str]:
    """Lower-case words of ``text`` (NFC, diacritics kept), abbreviations spelt out."""
    lowered = unicodedata.normalize("NFC", text).lower()
    out: list[str] = []
    for word in _WORD.findall(lowered):
        out.extend(ALIASES.get(word, word).split())
    return out


#: Filler of administrative Vietnamese: "báo cáo tình hình, kết quả thực hiện công tác kiểm
#: soát" says what "báo cáo kết quả kiểm soát" says.
FILLER_PHRASES = ("thực hiện", "tình hình", "công tác")
_FILLER_FOLDED = tuple(fold(p) for p in FILLER_PHRASES)


def syllables(text: str) -> list[str]:
    """The folded syllables of ``text`` without stop words and filler (for term vectors)."""
    words = [fold(w) for w in lower_words(text) if not _is_stop(w)]
    joined = " " + " ".join(words) + " "
    for phrase in _FILLER_FOLDED:
        joined = joined.replace(f" {phrase} ", " ")
    return joined.split()


def terms(text: str) -> Counter[str]:
    """Syllables and adjacent syllable pairs (the stand-in for word segmentation)."""
    tokens = syllables(text)
    bag: Counter[str] = Counter(tokens)
    bag.update(f"{a}_{b}" for a, b in itertools.pairwise(tokens))
    return bag


@dataclass(frozen=True)
class LegalRef:
    """One legal document of a legal basis, with the article when the basis gives it."""

    key: str
    display: str
    article: str = ""


def legal_refs(basis: Iterable[str]) -> list[LegalRef]:
    """The documents (and articles) a legal basis cites, keyed so that spellings compare equal.

    "Khoản 2 Điều 7 Nghị định 13/2016/NĐ-CP" -> key "13/2016/nd-cp", article "7", display
    "Nghị định 13/2016/NĐ-CP"; a document without a number ("Luật Cư trú") is keyed by its folded
    name.
    """
    refs: list[LegalRef] = []
    for item in basis:
        text = unicodedata.normalize("NFC", item).strip()
        article_match = _ARTICLE.search(text)
        article = article_match.group(1) if article_match else ""
        # A date ("15/11/2015") is not a document number: numbers carry letters.
        numbers = [n for n in _LEGAL_NUMBER.findall(text) if re.search(r"[^\d./]", n)]
        if numbers:
            refs.extend(
                LegalRef(key=fold(number), display=_legal_display(number), article=article)
                for number in numbers
            )
            continue
        name = re.sub(r"^(điểm\s+\w+\s+)?(khoản\s+\d+\s+)?(điều\s+\d+\s+)?", "", text, flags=re.I)
        name = re.sub(r"\s+(năm\s+)?\d{4}$", "", name)
        if name:
            refs.append(LegalRef(key=fold(name), display=name, article=article))
    return refs


def legal_keys(basis: Iterable[str]) -> set[str]:
    """Document keys of a legal basis ("123/2015/NĐ-CP Nghị định ..." -> "123/2015/nd-cp")."""
    return {r.key for r in legal_refs(basis)}


def _legal_display(number: str) -> str:
    lowered = number.lower()
    for marker, kind in _DOC_KINDS:
        if marker in lowered:
            return f"{kind} {number}"
    return number


def national_code(code: str) -> str:
    """The national code inside a code or local symbol ("1.012962.000.00.00.H38" -> "1.012962")."""
    found = _NATIONAL_CODE.search(code)
    return found.group(1) if found else ""


def level_group(levels: Sequence[str]) -> str:
    """One group for the levels, or "" when unknown or mixed."""
    groups = set()
    for level in levels:
        lowered = level.lower()
        for marker, group in _LEVELS:
            if marker in lowered:
                groups.add(group)
                break
    return groups.pop() if len(groups) == 1 else ""


_NAMED_LEVEL = re.compile(r"\bcap (xa|huyen|tinh)\b")


def name_levels(name: str) -> frozenset[str]:
    """The levels a name says ("… Ủy ban nhân dân cấp xã" -> {"xa"}), folded."""
    return frozenset(_NAMED_LEVEL.findall(fold(unicodedata.normalize("NFC", name)).lower()))


@dataclass(frozen=True)
class NameReading:
    """A name read for what it does and to what."""

    actions: frozenset[str]
    core: tuple[str, ...]
    segments: tuple[tuple[frozenset[str], tuple[str, ...]], ...]
    combined: bool
    ascii_only: bool


def _read_phrase(text: str) -> tuple[frozenset[str], tuple[str, ...]]:
    words = lower_words(_PAREN.sub(" ", text))
    ascii_only = all(w.isascii() for w in words)
    joined = " " + " ".join(words) + " "
    actions = set()
    for action in ACTIONS:
        # Typed without diacritics, a name is read folded.
        form = fold(action) if ascii_only else action
        if f" {form} " in joined:
            actions.add(fold(action))
            joined = joined.replace(f" {form} ", " ")
    for phrase in _GENERIC_PHRASES_FOLDED if ascii_only else GENERIC_NAME_PHRASES:
        joined = joined.replace(f" {phrase} ", " ")
    core = tuple(
        w for w in joined.split() if not _is_stop(w) and not _is_generic(w) and not w.isdigit()
    )
    return frozenset(actions), core


def read_name(name: str) -> NameReading:
    actions, core = _read_phrase(name)
    lowered = " ".join(lower_words(name))
    raw = unicodedata.normalize("NFC", name).lower()
    segments = []
    for part in _SEGMENTS.split(_PAREN.sub(" ", unicodedata.normalize("NFC", name))):
        part_actions, part_core = _read_phrase(part)
        if len(part_core) >= 2:
            segments.append((part_actions, part_core))
    opening = [s for s in _SEGMENTS.split(raw) if s.strip()]
    verb_parts = sum(1 for s in opening if s.strip().startswith(PART_VERBS))
    # "Đăng ký lại việc kết hôn, sinh tử, nuôi con nuôi": one action over a list of subjects,
    # each of which is a procedure of its own.
    listed = len(segments) >= 3 and bool(segments[0][0])
    combined = (
        any(m in lowered for m in COMBINED_MARKERS)
        or (verb_parts >= 2 and len(segments) >= 2)
        or listed
    )
    return NameReading(
        actions=actions,
        core=core,
        segments=tuple(segments),
        combined=combined,
        ascii_only=name.isascii(),
    )


def qualifiers(name: str) -> frozenset[str]:
    """The :data:`QUALIFIERS` a name carries (folded, so that a name typed without diacritics
    compares)."""
    joined = " " + " ".join(fold(w) for w in lower_words(_PAREN.sub(" ", name))) + " "
    return frozenset(q for q in QUALIFIERS if f" {fold(q)} " in joined)


def word_key(word: str, folded: bool) -> str:
    return fold(word) if folded else word


def residuals(
    left: tuple[str, ...], right: tuple[str, ...], folded: bool
) -> tuple[set[str], set[str]]:
    """Words of one name the other lacks, counted: "bán công ... công lập" has one "công" more
    than "bán công ... dân lập"."""
    a = Counter(word_key(w, folded) for w in left)
    b = Counter(word_key(w, folded) for w in right)
    return set(a - b), set(b - a)
