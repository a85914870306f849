"""One procedure named in two ways: its spelling, and a name that says more than another.

A name says an act on an object with its qualifiers ("cấp" "giấy chứng nhận đăng ký tàu cá" "tạm
thời"). Pages write the same name differently without meaning anything else by it:

- the old placement of the tone mark ("thuỷ", "hoà", "khoẻ") against the new one ("thủy", "hòa",
  "khỏe"), both correct Vietnamese;
- the hỏi and ngã marks confused ("triễn lãm" for "triển lãm"), the commonest misspelling;
- the number of a list the page copied the name from ("3/ Cấp, đổi, cấp lại …");
- the paper the act issues called by another name ("giấy chứng nhận đủ điều kiện" / "giấy phép");
- one name saying the other's act and object and more ("… tại Công an tỉnh").

:mod:`motcua.reform.overlap_text` reads names with what is here; :mod:`motcua.reform.overlap`
scores with :func:`held_subject`.
"""

import functools
import re
import unicodedata
from typing import Protocol

from motcua.core.text import fold

#: The five tone marks, as combining characters (NFD).
_TONES = "\u0300\u0301\u0309\u0303\u0323"
#: "oa", "oe", "uy" closing a syllable carry the tone on the first vowel in the new placement
#: ("hòa", "khỏe", "thủy"); the old one put it on the second ("hoà", "khoẻ", "thuỷ"). After "q"
#: the "u" belongs to the consonant ("quý"), and a final consonant keeps the mark where it is
#: ("hoàng", "thuyết").
_GLIDES = frozenset(["oa", "oe", "uy"])
_OLD_PLACEMENT = re.compile(rf"(?<!q)([ou])([aey])([{_TONES}])(?![\w\u0300-\u036f])")


#: How a guide or a newspaper words a procedure's name around its act and object, read as saying
#: neither: "Giải đáp thủ tục xin thôi quốc tịch …", "Các bước xin nhập quốc tịch …". Only what
#: the tuning sets showed on pages of their own.
GUIDE_PHRASES = ("giải đáp", "các bước")
#: "Cách đăng ký website …", "Hướng dẫn cách thức …": how a guide opens. Anywhere else "cách" is a
#: syllable of a word that says part of the subject ("tư cách", "cải cách hành chính", "hoạt động
#: cách mạng"), and a name may open with one of those ("Cách ly động vật …").
GUIDE_OPENINGS = ("cách thức", "cách")
_WORDS_OPENING_WITH_CACH = ("ly", "chức", "mạng", "điện", "nhiệt", "âm", "tân")
_GUIDE_OPENING = re.compile(
    "^ (?:{})(?! (?:{}) )(?= )".format(
        "|".join(dict.fromkeys([*GUIDE_OPENINGS, *map(fold, GUIDE_OPENINGS)])),
        "|".join(dict.fromkeys([*_WORDS_OPENING_WITH_CACH, *map(fold, _WORDS_OPENING_WITH_CACH)])),
    )
)


def without_guide_opening(joined: str) -> str:
    """``joined`` (a name's words, lower case, between spaces) without the words a guide opens
    its title with."""
    return _GUIDE_OPENING.sub("", joined, count=1)


#: "… mới nhất năm 2025", "(Thủ tục trọn vẹn năm 2023)": the year a guide was written.
GUIDE_YEAR = re.compile(r" (?:năm|nam) (?:19|20)\d\d(?= )")


#: The number a page's list gives a name: "3/", "77.", "3.", "1)", not "3.000 m3".
_LIST_NUMBER = re.compile(r"^\s*\d+\s*[./)]\s*(?!\d)")


def without_list_number(name: str) -> str:
    """The name without the number of the list a page copied it from ("3/ Cấp, đổi, …")."""
    return _LIST_NUMBER.sub("", name)


def _move_tone(match: re.Match[str]) -> str:
    first, second, tone = match.groups()
    if first + second not in _GLIDES:
        return match.group(0)
    return f"{first}{tone}{second}"


def modern_spelling(text: str) -> str:
    """``text`` (lower case) with the tone marks placed the new way, in NFC."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _OLD_PLACEMENT.sub(_move_tone, decomposed))


#: The hỏi mark and the ngã mark, which many writers do not tell apart.
_HOI, _NGA = "\u0309", "\u0303"


def same_but_hoi_nga(left: str, right: str) -> bool:
    """True when two different words differ only in hỏi against ngã ("triễn" / "triển")."""
    return left != right and _hoi_for_nga(left) == _hoi_for_nga(right)


@functools.lru_cache(maxsize=1 << 16)
def _hoi_for_nga(word: str) -> str:
    return unicodedata.normalize("NFD", word).replace(_NGA, _HOI)


#: The words of the papers an act issues: the law renames the paper ("giấy chứng nhận đủ điều
#: kiện" became "giấy phép"), the act and its object stay.
_PAPER_WORDS = frozenset(["giấy", "chứng", "nhận", "phép"])


def only_the_paper_differs(left_only: set[str], right_only: set[str]) -> bool:
    """True when two names differ only in what the paper issued is called ("Cấp giấy chứng nhận
    … phân bón" against "Cấp giấy phép … phân bón")."""
    return bool(left_only) and bool(right_only) and left_only | right_only <= _PAPER_WORDS


#: What a name in which the other one's subject is held whole scores on its name, scaled by the
#: share of its subject words the other also says: the same act on the same object, one name
#: saying more ("Cấp lại giấy phép sử dụng công cụ hỗ trợ tại Công an tỉnh" against "Cấp lại
#: giấy phép sử dụng công cụ hỗ trợ"). Chosen leave-one-set-out over the tuning sets.
HELD_SUBJECT = 0.9
#: The fewest words of a subject that another name can hold: one word ("Karaoke") says too little
#: of an act and its object to be held.
HELD_WORDS = 2


class _Subject(Protocol):
    """A name read for its subject (:class:`motcua.reform.overlap_text.NameReading`)."""

    @property
    def core(self) -> tuple[str, ...]: ...

    @property
    def aside(self) -> tuple[str, ...]: ...


def held_subject(
    left: _Subject, right: _Subject, left_only: set[str], right_only: set[str]
) -> float:
    """How far one name's subject holds the other's whole, given the words each has that the
    other lacks; 0 when each has words of its own or neither has any."""
    sizes = sorted((len({*left.core, *left.aside}), len({*right.core, *right.aside})))
    if bool(left_only) == bool(right_only) or sizes[0] < HELD_WORDS:
        return 0.0
    return HELD_SUBJECT * max(0.0, 1 - len(left_only or right_only) / sizes[1])
