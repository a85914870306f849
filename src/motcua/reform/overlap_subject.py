"""The subject of a procedure's name: what remains once the name's place, cited law and deciding
authority are set aside (overlap detection, rà soát trùng lặp).

Pages name one procedure with different tails: the province that publishes it ("… tỉnh Thái
Nguyên"), the law the name quotes ("… không thuộc quy định tại khoản 1 Điều 4 Nghị định số
22/2005/NĐ-CP"), the body that decides ("… thuộc thẩm quyền giải quyết của Sở Nội vụ"). None of
these says what the procedure is: the place is where it runs, the law is read from the legal basis
and the level from the name as a whole. Comparing names on these tails parts the same procedure
published by two provinces, or before and after its decree was replaced.
"""

import re
import unicodedata

from motcua.reform.overlap_names import without_list_number
from motcua.reform.overlap_text import read_name

#: Words that open a place name when a capitalised name follows ("tỉnh Quảng Ngãi").
_PLACE_MARKERS = (
    ("trên", "địa", "bàn"),
    ("thành", "phố"),
    ("thị", "xã"),
    ("thị", "trấn"),
    ("tỉnh",),
    ("huyện",),
    ("quận",),
    ("xã",),
    ("phường",),
    # "… tại Hồ Chí Minh", "… tại Việt Nam": where a guide's reader files.
    ("tại",),
)
#: A name quoting the law it rests on: from the quotation to the end is the law, not the subject.
_CITED_LAW = re.compile(
    r"\s(?:(?:không\s+)?thuộc\s+)?(?:quy\s+định\s+tại|theo\s+quy\s+định)\b"
    r"|\s(?:(?:điểm\s+\w\s+)?khoản\s+\d+\s+)?điều\s+\d+\s+(?:của\s+)?"
    r"(?:luật|nghị\s+định|thông\s+tư|pháp\s+lệnh|nghị\s+quyết|quyết\s+định)\b"
    r"|\s(?:theo\s+)?(?:luật|nghị\s+định|thông\s+tư|pháp\s+lệnh|nghị\s+quyết|quyết\s+định)"
    r"\s+(?:số\s+)?\d+/",
    re.IGNORECASE,
)
#: The deciding authority ("… thuộc thẩm quyền giải quyết của Ủy ban nhân dân cấp xã"), up to
#: the parts a combined procedure lists after it ("… bao gồm: …"), which stay.
_AUTHORITY = re.compile(
    r"\s(?:thuộc\s+)?(?:thẩm\s+quyền|phạm\s+vi)\b.*?(?=\sbao\s+gồm\b|:|$)", re.IGNORECASE
)
#: The decision a name opens with ("Quyết định 2484/QĐ-UBND năm 2023 về việc phê duyệt …"): the
#: vehicle that approves the procedures, not what they are; its number is read from ``decision``.
_DECISION_OPENING = re.compile(
    r"^\s*quyết\s+định\s+(?:số\s+)?\S*\d\S*(?:\s+ngày\s+\S+)?(?:\s+năm\s+\d{4})?"
    r"(?:\s+(?:về\s+việc|v/v))?\s+",
    re.IGNORECASE,
)
#: Words the head must keep for the authority to be left out: a name that is nothing but "Quy
#: trình nội bộ giải quyết thủ tục hành chính" says what it is by its authority alone.
_SUBJECT_WORDS = 3


def _marker_at(words: list[str], i: int) -> tuple[str, ...] | None:
    lowered = tuple(w.lower().strip(",;") for w in words[i : i + 3])
    return next((m for m in _PLACE_MARKERS if lowered[: len(m)] == m), None)


def _without_places(text: str) -> str:
    words = text.split()
    if all(w.isupper() for w in words if w.isalpha()):
        # A name in capitals has no capitalised place to find.
        return text
    out: list[str] = []
    i = 0
    while i < len(words):
        after = i
        # "trên địa bàn thành phố Bến Mây": markers may follow one another before the name.
        while marker := _marker_at(words, after):
            after += len(marker)
        if after > i and after < len(words) and words[after][:1].isupper():
            i = after
            while i < len(words) and words[i][:1].isupper():
                i += 1
            continue
        out.append(words[i])
        i += 1
    return " ".join(out)


def _without_place_tag(text: str) -> str:
    """ "… xuất bản phẩm - Hải Dương", "… | Luật Thái An": a page's title ends with its place or
    its site."""
    text = text.split(" | ")[0]
    head, dash, tail = text.rpartition(" - ")
    words = tail.split()
    if dash and head and 0 < len(words) <= 4 and all(w[:1].isupper() for w in words):
        return head
    return text


def subject_name(name: str) -> str:
    """The name without the decision it opens with, its place, its quoted law and, when enough is
    left, its authority."""
    text = " " + _DECISION_OPENING.sub(
        "", without_list_number(unicodedata.normalize("NFC", name)).strip()
    )
    cited = _CITED_LAW.search(text)
    if cited and cited.start() > 0:
        text = text[: cited.start()]
    authority = _AUTHORITY.search(text)
    if authority and len(read_name(text[: authority.start()]).core) >= _SUBJECT_WORDS:
        text = text[: authority.start()] + text[authority.end() :]
    subject = _without_places(_without_place_tag(text.strip()))
    return subject if read_name(subject).core else name
