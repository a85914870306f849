"""Reading procedures for overlap detection (rà soát trùng lặp): words, names and levels.

A name is read as Vietnamese words for what the procedure does (its action) and to what (its
subject); siblings of one announcing decision differ in one of these ("khai sinh" / "khai tử",
"thành lập" / "giải thể", "chuyển đến" / "chuyển đi"). Text is compared as syllables and adjacent
syllable pairs (the pairs stand in for word segmentation: "kết quả" is not "kết luận"), with
diacritics kept: "tử" is not "từ"; a name typed without diacritics is compared folded. Legal
bases and codes are read in :mod:`motcua.reform.overlap_legal`.

:mod:`motcua.reform.overlap` scores pairs with what is read here.
"""

import functools
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from motcua.core.text import fold, fold_word
from motcua.reform.overlap_names import (
    GUIDE_PHRASES,
    GUIDE_YEAR,
    modern_spelling,
    only_the_paper_differs,
    same_but_hoi_nga,
    without_guide_opening,
)

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
        # "Thủ tục xin cấp giấy phép": how the applicant asks, not what is done.
        "xin",
    ]
)
#: "Trình tự, thủ tục, hồ sơ đăng ký …", "Hướng dẫn trình tự, thủ tục chuyển trường": how a page
#: introduces the procedure, not what it is.
PAGE_LEADS = ("trình tự", "quy trình", "hướng dẫn", "hồ sơ", "đề nghị")
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
    *PAGE_LEADS,
    # "Tiếp nhận thông báo …" is the notice as the agency receives it.
    "tiếp nhận",
    # "Điều chỉnh nội dung giấy phép" adjusts the licence: its content is what is adjusted.
    "nội dung",
    # "Thủ tục xin cấp giấy chứng nhận … mới nhất", "… được thực hiện như thế nào?", "… ở đâu?
    # Cần giấy tờ gì?": how a page advertises itself or asks.
    "mới nhất",
    "được thực hiện như thế nào",
    "như thế nào",
    "thế nào",
    "ở đâu",
    "cần giấy tờ gì",
    # "Thẻ tạm trú là gì? …", "Hướng dẫn chi tiết …", "(Cập nhật 2024)", "Các hồ sơ cần chuẩn bị
    # khi …": a guide's wording, in guides of every family.
    *("là gì", "gồm những gì", "chi tiết", "cập nhật", "cần chuẩn bị"),
    # "Thủ tục nhập quốc tịch Việt Nam", "Cấp thẻ tạm trú cho người nước ngoài tại Việt Nam":
    # every procedure of the catalogue is Vietnam's; "người Việt Nam ở nước ngoài" keeps its
    # "nước ngoài".
    "việt nam",
    *GUIDE_PHRASES,
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
    "gcn": "giấy chứng nhận",
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
    "thay đổi nội dung",
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
    # "Đăng ký chấm dứt giám hộ" ends what "Đăng ký giám hộ" registers.
    "chấm dứt",
    "trở lại",
    "xóa đăng ký",
    "xoá đăng ký",
    "phê duyệt điều lệ",
    "công nhận",
    "thôi",
    # "Đăng ký bổ sung hoạt động tín ngưỡng" beside the yearly registration: the catalogue's
    # siblings "cấp / cấp lại / sửa đổi, bổ sung".
    "bổ sung",
)
#: Verbs that open each part of a combined procedure's name ("Đăng ký khai tử, hưởng chế độ
#: tử tuất/hỗ trợ chi phí mai táng").
PART_VERBS = ("đăng ký", "cấp", "hưởng", "hỗ trợ", "xóa", "xoá", "giải quyết")
#: Verbs of a list of acts on one subject ("Thay đổi, cải chính, bổ sung thông tin hộ tịch, xác
#: định lại dân tộc"): each act is a procedure the list holds.
LIST_VERBS = ("thay đổi", "sửa đổi", "cải chính", "bổ sung", "xác định lại", "điều chỉnh", "thôi")
#: Words that make a sibling when only one name has them, with the kind each says: the catalogues
#: publish "… có yếu tố nước ngoài" next to the domestic procedure, a collective title next to the
#: individual one, emergency help next to regular help (Nghị định 20/2021 renamed "đột xuất"
#: "khẩn cấp": one kind), and an award given "theo đợt, chuyên đề" next to the yearly one.
QUALIFIERS = {
    "có yếu tố nước ngoài": "có yếu tố nước ngoài",
    "tập thể lao động": "tập thể lao động",
    "khẩn cấp": "khẩn cấp",
    "đột xuất": "khẩn cấp",
    "theo đợt": "theo đợt",
    "chuyên đề": "theo đợt",
}
#: Two wordings of one thing in administrative Vietnamese, rewritten to one before any reading.
#: "không có yếu tố nước ngoài" is the domestic procedure, the one a name without the qualifier
#: means; registering a household business for the first time is "đăng ký thành lập" since
#: Nghị định 01/2021 and "đăng ký" before; "công nhận" a title is awarding it.
SYNONYMS = (
    ("không có yếu tố nước ngoài", ""),
    ("cấp phép", "cấp giấy phép"),
    # Asking for the licence is the licensing act; the certificate of a registration is what
    # registering issues (the nominal and the verbal name of one act); trading a good is "kinh
    # doanh" in the decrees that renamed "buôn bán" licences (Nghị định 84/2019 for fertiliser).
    ("xin phép", "cấp giấy phép"),
    ("cấp giấy chứng nhận đăng ký", "đăng ký"),
    ("buôn bán", "kinh doanh"),
    ("cấp phó bản", "cấp lại"),
    ("ghi vào sổ hộ tịch", "ghi chú"),
    ("hàng tháng", "hằng tháng"),
    ("hàng năm", "hằng năm"),
    ("tặng thưởng", "tặng"),
    ("xét tặng", "tặng"),
    ("công nhận danh hiệu", "tặng danh hiệu"),
    ("công nhận và giải quyết", "giải quyết"),
    ("đăng ký thành lập", "đăng ký"),
    # "Cấp mới giấy phép" issues it for the first time: what "cấp giấy phép" means beside "cấp
    # lại" and "cấp đổi".
    ("cấp mới", "cấp"),
)
#: Words that open whom a procedure is for ("… cho công dân Việt Nam", "… đối với người có
#: công"); "cho phép", "cho thôi", "cho ý kiến" are acts, and "đối với những trường hợp bị thu
#: hồi" is a case, not an audience.
_AUDIENCE = (("cho",), ("doi", "voi"))
_NOT_AUDIENCE = frozenset(["phep", "thoi", "y", "truong"])
#: An audience of anyone who files ("cho cá nhân, tổ chức", "cho công dân Việt Nam đang cư trú
#: tại Việt Nam") is what a name that names no audience means; foreigners are anyone only with
#: the citizens ("cho công dân Việt Nam, người nước ngoài"), on their own they are an audience.
ANYONE = frozenset(
    [
        "cá",
        "nhân",
        "tổ",
        "chức",
        "công",
        "dân",
        "việt",
        "nam",
        "người",
        "đang",
        "cư",
        "trú",
        "ở",
    ]
)
COMBINED_MARKERS = ("liên thông", "nhóm thủ tục")

_STOP_FOLDED = frozenset(fold(w) for w in STOP_WORDS)
_ANYONE_FOLDED = frozenset(fold(w) for w in ANYONE)
_GENERIC_FOLDED = frozenset(fold(w) for w in GENERIC_NAME_WORDS)
_WORD = re.compile(r"\w+")
_PAREN = re.compile(r"\([^)]*\)")
_SEGMENTS = re.compile(r"[,;/:]| - | – ")
#: Where one act of a name ends and the next begins.
ACT_PIECES = re.compile(r"[,;/:]| - | – | và ")
_SYNONYMS_FOLDED = tuple((fold(a), fold(b)) for a, b in SYNONYMS)
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


#: A number glued to its unit ("3.000m3", "50ha"): the unit is a word of its own.
_GLUED_UNIT = re.compile(r"(\d)([^\W\d_])")


def lower_words(text: str) -> list[str]:
    """Lower-case words of ``text`` (NFC, diacritics kept, tone marks placed the new way),
    abbreviations spelt out; kept, as a scan reads each text again for every pair."""
    return list(_lower_words(text))


@functools.lru_cache(maxsize=1 << 14)
def _lower_words(text: str) -> tuple[str, ...]:
    lowered = _GLUED_UNIT.sub(r"\1 \2", modern_spelling(text.lower()))
    out: list[str] = []
    for word in _WORD.findall(lowered):
        out.extend(ALIASES.get(word, word).split())
    return tuple(_rewrite(out))


def _rewrite(words: list[str]) -> list[str]:
    """:data:`SYNONYMS` rewritten to one wording (folded when the text has no diacritics)."""
    if not words:
        return words
    joined = " " + " ".join(words) + " "
    typed = all(w.isascii() for w in words)
    for old, new in _SYNONYMS_FOLDED if typed else SYNONYMS:
        joined = joined.replace(f" {old} ", f" {new} " if new else " ")
    out = joined.split()
    # A text that opens with "đổi" ("Đổi thẻ hướng dẫn viên", "Hồ sơ đề nghị đổi, cấp lại …")
    # exchanges a paper: "cấp đổi".
    start = opening_length(out)
    if out[start : start + 1] in (["đổi"], ["doi"]) and out[start + 1 : start + 2] not in (
        ["tên"],
        ["ten"],
    ):
        out.insert(start, "cap" if typed else "cấp")
    return out


#: How a page opens a procedure's name before saying what it does ("Thủ tục", "Hồ sơ đề nghị").
_OPENING_WORDS = [
    form.split()
    for phrase in ("thủ tục", "hồ sơ", "đề nghị", "giải quyết")
    for form in (phrase, fold(phrase))
]


def opening_length(words: Sequence[str]) -> int:
    """How many of the lower-case ``words`` open the name without saying what it does."""
    start = 0
    while list(words[start : start + 2]) in _OPENING_WORDS:
        start += 2
    return start


#: Filler of administrative Vietnamese: "báo cáo tình hình, kết quả thực hiện công tác kiểm
#: soát" says what "báo cáo kết quả kiểm soát" says.
#: "Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke" is what "giấy phép kinh doanh karaoke"
#: was called before Nghị định 54/2019.
FILLER_PHRASES = ("thực hiện", "tình hình", "công tác", "đủ điều kiện", "dịch vụ")
_FILLER_FOLDED = tuple(fold(p) for p in FILLER_PHRASES)


def syllables(text: str) -> list[str]:
    """The folded syllables of ``text`` without stop words and filler (for term vectors)."""
    words = [fold_word(w) for w in lower_words(text) if not _is_stop(w)]
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


def level_group(levels: Sequence[str]) -> str:
    """One group for the levels, or "" when unknown or mixed (an entry may name several: "Cấp
    Bộ, Cấp Tỉnh")."""
    groups = {group for level in levels for marker, group in _LEVELS if marker in level.lower()}
    return groups.pop() if len(groups) == 1 else ""


_NAMED_LEVEL = re.compile(r"\bcap (xa|huyen|tinh)\b")
#: The level of an award is in its title: "Chiến sĩ thi đua cơ sở", "… toàn quốc".
_AWARD_LEVEL = re.compile(r"\bthi dua (co so|toan quoc)\b")


@functools.lru_cache(maxsize=1 << 14)
def name_levels(name: str) -> frozenset[str]:
    """The levels a name says ("… Ủy ban nhân dân cấp xã" -> {"xa"}), folded."""
    folded = fold(unicodedata.normalize("NFC", name)).lower()
    return frozenset(_NAMED_LEVEL.findall(folded) + _AWARD_LEVEL.findall(folded))


@dataclass(frozen=True)
class NameReading:
    """A name read for what it does and to what."""

    actions: frozenset[str]
    #: The words of the subject, without whom it is for and without remarks in parentheses.
    core: tuple[str, ...]
    segments: tuple[tuple[frozenset[str], tuple[str, ...]], ...]
    combined: bool
    ascii_only: bool
    #: Whom it is for ("cho công dân Việt Nam …").
    aside: tuple[str, ...] = ()
    #: The name without :attr:`aside`, for comparing with a name that does not say it.
    head: str = ""
    #: The acts of the name, cut at commas and "và", each with its actions and words.
    pieces: tuple[tuple[frozenset[str], tuple[str, ...]], ...] = ()
    #: A list of acts on one subject ("Thay đổi, cải chính, bổ sung thông tin hộ tịch").
    listing: bool = False
    #: The kinds of :data:`QUALIFIERS` the name carries (:func:`qualifiers`).
    kinds: frozenset[str] = frozenset()
    #: A list that opens with bare acts before the one that names the object ("Cấp, cấp lại, gia
    #: hạn giấy xác nhận …"): every act is on that whole object.
    acts_opening: bool = False
    #: The words of its remarks in parentheses ("(đối với phương tiện thay đổi tên)"): the case
    #: a page publishes as a procedure of its own.
    remarks: tuple[str, ...] = ()


#: What opens one act of a list ("cấp", "cấp lại", "gia hạn", "thay đổi"), longest first.
ACTS = tuple(sorted({*ACTIONS, *PART_VERBS, *LIST_VERBS}, key=len, reverse=True))
#: Actions that are one act of a list when the name lists acts ("Thay đổi, cải chính, bổ sung
#: thông tin hộ tịch"): there they are what the list holds, not a sibling's mark.
LIST_ACTS = frozenset(["bổ sung"])


def _read_phrase(
    text: str, skip: frozenset[str] = frozenset()
) -> tuple[frozenset[str], tuple[str, ...]]:
    words = lower_words(_PAREN.sub(" ", text))
    ascii_only = all(w.isascii() for w in words)
    joined = GUIDE_YEAR.sub(" ", " " + " ".join(words) + " ")
    actions = set()
    for action in (a for a in ACTIONS if a not in skip):
        # Typed without diacritics, a name is read folded.
        form = fold(action) if ascii_only else action
        if f" {form} " in joined:
            actions.add(fold(action))
            joined = joined.replace(f" {form} ", " ")
    # A qualifier is compared as its kind (:func:`qualifiers`), not word for word.
    for phrase in [*GENERIC_NAME_PHRASES, *QUALIFIERS, *FILLER_PHRASES]:
        form = fold(phrase) if ascii_only else phrase
        joined = joined.replace(f" {form} ", " ")
    joined = without_guide_opening(joined)
    core = tuple(
        w for w in joined.split() if not _is_stop(w) and not _is_generic(w) and not w.isdigit()
    )
    return frozenset(actions), core


def _split_aside(name: str) -> tuple[str, str]:
    """The name's head and whom it is for ("" when it does not say), remarks in parentheses left
    out."""
    words = _PAREN.sub(" ", unicodedata.normalize("NFC", name)).split()
    folded = [fold(w).strip(",;:.") for w in words]
    for i in range(1, len(words)):
        for marker in _AUDIENCE:
            here = tuple(folded[i : i + len(marker)])
            # "đối với các trường hợp": the word after, or the one after a plural.
            after = folded[i + len(marker) : i + len(marker) + 2]
            after = after[1:] if after[:1] in (["cac"], ["nhung"]) else after[:1]
            # "Hội chợ" is a market: the one-word marker must be "cho" as written.
            spelt = len(marker) > 1 or words[i].lower().strip(",;:.") == marker[0]
            if here == marker and spelt and not _NOT_AUDIENCE & set(after):
                return " ".join(words[:i]), " ".join(words[i:])
    return " ".join(words), ""


def opening_acts(raw: str, pieces: re.Pattern[str] = _SEGMENTS) -> list[str]:
    """Each piece of the lower-case name ``raw`` without its opening words ("thủ tục", "hồ sơ");
    a bare "đổi" among the acts ("Cấp, đổi, cấp lại giấy chứng nhận …") exchanges the paper."""
    acts = [" ".join((w := s.split())[opening_length(w) :]) for s in pieces.split(raw) if s.strip()]
    return ["cấp đổi" if s == "đổi" else s for s in acts]


def read_name(name: str) -> NameReading:
    head, aside = _split_aside(name)
    raw = unicodedata.normalize("NFC", name).lower()
    opening = [s for s in _SEGMENTS.split(raw) if s.strip()]
    verb_parts = sum(1 for s in opening if s.strip().startswith(PART_VERBS))
    # "Cấp, cấp lại, gia hạn giấy xác nhận …": bare acts before the one that names the object.
    acts = opening_acts(raw)
    # "Thủ tục sửa đổi, bổ sung, gia hạn …" lists the acts "Sửa đổi, bổ sung, gia hạn …" lists.
    list_parts = sum(1 for s in acts if s.startswith(LIST_VERBS))
    bare_acts = next((i for i, s in enumerate(acts) if s not in ACTS), len(acts))
    acts_list = 0 < bare_acts < len(acts) and acts[bare_acts].startswith(ACTS)
    skip = LIST_ACTS if list_parts >= 2 else frozenset()
    # What the procedure does is read in the whole name: "… cho người đã thôi việc" still
    # says "thôi".
    actions = _read_phrase(name, skip)[0]
    core = _read_phrase(head, skip)[1]
    aside_core = _read_phrase(aside, skip)[1] if aside else ()
    lowered = " ".join(lower_words(name))
    segments = []
    for part in _SEGMENTS.split(_PAREN.sub(" ", unicodedata.normalize("NFC", name))):
        part_actions, part_core = _read_phrase(part, skip)
        if len(part_core) >= 2:
            segments.append((part_actions, part_core))
    # "Đăng ký hoạt động tín ngưỡng hằng năm hoặc hoạt động tín ngưỡng bổ sung": two
    # alternatives that each repeat the subject are two procedures, and the name a combined one;
    # "hỗ trợ thân nhân hoặc người thờ cúng" is one procedure with two audiences.
    choices = [_read_phrase(c, skip) for c in re.split(r"\shoặc\s", head, flags=re.I)]
    alternatives = (
        len(choices) == 2
        and all(len(c[1]) >= 3 for c in choices)
        and len(set(choices[0][1]) & set(choices[1][1])) >= 2
    )
    if alternatives:
        segments.extend(choices)
    pieces = tuple(_read_phrase(piece, skip) for piece in ACT_PIECES.split(head) if piece.strip())
    # "Đăng ký lại việc kết hôn, sinh tử, nuôi con nuôi": one action over a list of subjects,
    # each of which is a procedure of its own.
    listed = len(segments) >= 3 and bool(segments[0][0])
    combined = (
        any(m in lowered for m in COMBINED_MARKERS)
        or (verb_parts >= 2 and len(segments) >= 2)
        or listed
        or alternatives
    )
    return NameReading(
        actions=actions,
        core=core,
        segments=tuple(segments),
        combined=combined,
        ascii_only=name.isascii(),
        aside=aside_core,
        head=head,
        pieces=pieces,
        listing=list_parts >= 2 or acts_list,
        # A list of list verbs ("Thay đổi, cải chính, bổ sung …") holds each act on part of its
        # object too ("cải chính hộ tịch" of "… thông tin hộ tịch").
        acts_opening=acts_list and list_parts < 2,
        kinds=qualifiers(name),
        remarks=tuple(
            w
            for w in lower_words(" ".join(_PAREN.findall(name)))
            if not _is_stop(w) and not _is_generic(w) and not w.isdigit()
        ),
    )


def qualifiers(name: str) -> frozenset[str]:
    """The kinds of :data:`QUALIFIERS` a name carries (folded, so that a name typed without
    diacritics compares)."""
    joined = " " + " ".join(fold_word(w) for w in lower_words(_PAREN.sub(" ", name))) + " "
    return frozenset(kind for q, kind in QUALIFIERS.items() if f" {fold(q)} " in joined)


def word_key(word: str, folded: bool) -> str:
    return fold_word(word) if folded else word


def residuals(
    left: tuple[str, ...], right: tuple[str, ...], folded: bool
) -> tuple[set[str], set[str]]:
    """Words of one name the other lacks, counted: "bán công ... công lập" has one "công" more
    than "bán công ... dân lập".

    A word typed without its diacritics ("cai chính") is the word the other name spells in full
    ("cải chính"): a typo drops the marks, it does not change them.
    """
    a = Counter(word_key(w, folded) for w in left)
    b = Counter(word_key(w, folded) for w in right)
    left_only, right_only = set(a - b), set(b - a)
    right_by_fold: dict[str, list[str]] = {}
    for y in right_only:
        right_by_fold.setdefault(fold_word(y), []).append(y)
    typos = {
        (x, y)
        for x in left_only
        for y in right_by_fold.get(fold_word(x), ())
        if x.isascii() or y.isascii()
    }
    typos |= {(x, y) for x in left_only for y in right_only if same_but_hoi_nga(x, y)}
    left_only -= {x for x, _y in typos}
    right_only -= {y for _x, y in typos}
    if only_the_paper_differs(left_only, right_only):
        return set(), set()
    return left_only, right_only


def for_anyone(reading: NameReading) -> bool:
    """True when the name says it is for anyone who files (:data:`ANYONE`)."""
    words = {fold_word(w) for w in reading.aside}
    if {"cong", "dan"} <= words:
        words -= {"nuoc", "ngoai"}
    return bool(words) and words <= _ANYONE_FOLDED


def name_residuals(
    left: NameReading, right: NameReading, folded: bool
) -> tuple[set[str], set[str]]:
    """The words of each name's subject the other lacks.

    Whom a procedure is for counts when both names say it ("cho cơ quan tiến hành tố tụng"
    against "cho công dân"). When one name alone says it, it does not count when it is anyone
    (:data:`ANYONE`), when the other name has nothing more to say, or when the other says it
    inline, without "cho" ("chế độ ưu đãi người hoạt động kháng chiến …"); otherwise the other
    name's subject is another one ("kinh phí chăm sóc, nuôi dưỡng đối tượng bảo trợ xã hội"
    against "kinh phí chăm sóc đối với gia đình có người khuyết tật").
    """
    if bool(left.aside) == bool(right.aside):
        a, b = residuals(left.core, right.core, folded)
        c, d = residuals(left.aside, right.aside, folded)
        # The same words parted between subject and audience another way ("… đối với phương tiện").
        whole = [tuple(dict.fromkeys(n.core + n.aside)) for n in (left, right)]
        e, f = residuals(whole[0], whole[1], folded)
        if left.aside and (a | c and b | d) and not (e and f):
            return e, f
        return a | c, b | d
    if right.aside:
        b, a = name_residuals(right, left, folded)
        return a, b
    a, b = residuals(left.core + left.aside, right.core, folded)
    aside = {word_key(w, folded) for w in left.aside}
    inline = {word_key(w, folded) for w in right.core} & aside
    if for_anyone(left) or not b or len(inline) * 2 >= len(aside):
        return a - aside, b
    return a, b
