"""The parts of a procedure's name that make two procedures a whole and its part, or two cases
(rà soát trùng lặp): a combined (liên thông) procedure whose name lists the other, a list of acts
on one subject ("Thay đổi, bổ sung, cấp lại Giấy chứng nhận …") that holds one of them, and the
cases a page publishes in parentheses.

:mod:`motcua.reform.overlap` decides with what is read here.
"""

import unicodedata

from motcua.core.text import fold
from motcua.reform.overlap_text import (
    ACT_PIECES,
    ACTS,
    LIST_VERBS,
    NameReading,
    opening_acts,
    residuals,
    word_key,
)


def part_of_combined(combined: NameReading, part: NameReading, folded: bool) -> bool:
    """True when one part of the combined procedure's name is the other procedure."""
    whole = {word_key(w, folded) for w in part.core + part.aside}
    if not whole or other_verb(combined, part):
        return False
    for actions, core in combined.segments:
        segment = {word_key(w, folded) for w in core}
        if actions != part.actions:
            continue
        if segment <= whole or whole <= segment:
            return True
    return False


#: Share of a part's words that a list of acts must hold for the part to be one of its acts.
PART_WORDS = 0.8


def listed_act(listing: NameReading, part: NameReading) -> bool:
    """True when ``part`` is one of the acts of a name that lists several on one subject.

    "Thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc" holds "Cải chính hộ
    tịch"; the words of an act whose action the part lacks ("xóa đăng ký thường trú" in "Đăng
    ký khai tử, xóa đăng ký thường trú") are not the part's.
    """
    if not (listing.combined or listing.listing) or not part.actions <= listing.actions:
        return False
    if other_verb(listing, part):
        return False
    pool = {fold(w) for actions, core in listing.pieces if actions <= part.actions for w in core}
    # "Thay đổi, bổ sung, cấp lại Giấy chứng nhận …": a bare verb of the list acts on the object
    # the next act names. Whom the list is for applies to each of its acts; what the part names
    # after "cho" ("… giấy chứng nhận cho văn phòng đại diện") is its subject too.
    shared = _shared_object(listing, part)
    pool |= shared | {fold(w) for w in listing.aside}
    rest = {
        fold(w) for actions, core in listing.pieces if not actions <= part.actions for w in core
    }
    core = {fold(w) for w in part.core}
    words = core | {fold(w) for w in part.aside}
    # The list holds more than the part: an act the part does not do ("cấp lại" beside "thay
    # đổi, bổ sung"), or several more words
    # ("… hỗ trợ kinh phí chăm sóc, nuôi dưỡng"); two names of one list are one procedure.
    more = (pool | rest) - words
    other_act = listing.actions - part.actions
    if len(words) < 2 or not (other_act or rest - words or len(more) >= 3):
        return False
    # A part may say whom it is for where the list does not ("… đối với người lao động nước
    # ngoài"): its subject alone, or with its audience, must be the list's.
    held = max(len(core & pool) / len(core) if core else 0.0, len(words & pool) / len(words))
    # The object a bare verb acts on is the part's whole object: "gia hạn giấy phép lao động" is
    # no act of "Cấp, cấp lại, gia hạn giấy xác nhận không thuộc diện cấp giấy phép lao động".
    whole_object = not listing.acts_opening or (
        bool(shared) and len(shared & words) / len(shared) >= PART_WORDS
    )
    return held >= PART_WORDS and whole_object


def other_verb(whole: NameReading, part: NameReading) -> bool:
    """True when the one verb ``part`` opens with opens none of the acts of ``whole``: "Cấp giấy
    phép …" is no act of "Gia hạn, sửa đổi, bổ sung giấy phép …".

    A whole that opens with no verb ("Liên thông thủ tục … về đăng ký khai tử, …") says its acts
    further on, where they are not read: it is not judged so.
    """
    verbs = [v for v in opening_verbs(part.head) if v]
    acts = opening_verbs(whole.head)
    return bool(acts) and bool(acts[0]) and len(verbs) == 1 and verbs[0] not in acts


def opening_verbs(head: str) -> list[str]:
    """The verb each act of a name opens with ("" for an act that opens with none): "Thủ tục
    cấp, đổi, cấp lại giấy phép …" -> ["cấp", "cấp đổi", "cấp lại"]."""
    acts = opening_acts(unicodedata.normalize("NFC", head).lower(), ACT_PIECES)
    return [next((v for v in ACTS if text == v or text.startswith(v + " ")), "") for text in acts]


_LIST_VERB_WORDS = frozenset(w for verb in LIST_VERBS for w in fold(verb).split())
_LIST_VERB_PHRASES = [fold(verb).split() for verb in LIST_VERBS]


def _shared_object(listing: NameReading, part: NameReading) -> set[str]:
    """The object a bare verb of the part's in a list acts on: the words of the next act that
    names one ("Thay đổi, bổ sung, cấp lại Giấy chứng nhận …" -> "giấy chứng nhận …";
    "Cấp, cấp lại, gia hạn giấy xác nhận …" -> "giấy xác nhận …")."""
    bare = False
    for actions, core in listing.pieces:
        words = {fold(w) for w in core}
        # "Cấp, cấp lại, gia hạn giấy xác nhận …": a verb read as an action or a stop word
        # leaves no word of its own.
        if words <= _LIST_VERB_WORDS:
            bare = bare or actions <= part.actions
        elif bare:
            # The next act's own verb ("bổ sung" of "bổ sung thông tin …") is not the object.
            folded = [fold(w) for w in core]
            verb = next((v for v in _LIST_VERB_PHRASES if folded[: len(v)] == v), [])
            return set(folded[len(verb) :])
    return set()


def different_cases(left: NameReading, right: NameReading, folded: bool) -> bool:
    """Two cases of one procedure, each published as its own ("Cấp lại giấy chứng nhận … (đối
    với phương tiện thay đổi tên)" and "(… chuyển từ cơ quan đăng ký khác)"): both names say
    their case in parentheses, and each says something the other does not. A remark on one side
    only is a page's note, not a case."""
    if not (left.remarks and right.remarks):
        return False
    left_only, right_only = residuals(left.remarks, right.remarks, folded)
    return bool(left_only and right_only)
