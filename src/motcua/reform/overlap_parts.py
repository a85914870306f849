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
    PAGE_LEADS,
    NameReading,
    lower_words,
    opening_acts,
    residuals,
    syllables,
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


#: How a page opens a name, or one act of it, before the act: "Quy trình thẩm định, …", "Danh
#: mục hồ sơ chứng nhận lãnh sự", "Trình tự, thủ tục phục hồi …".
_LEADS = tuple(
    phrase.split() for phrase in (*PAGE_LEADS, "thủ tục", "danh mục", "việc", "xin", "các", "về")
)
#: Share of the part's words (past its act) the list must hold, and share of the words of the
#: listed act's object the part must say.
NAMED_ACT_WORDS = 0.6
NAMED_OBJECT_WORDS = 0.6


def _acts_of(head: str) -> list[list[str]]:
    """The acts a name lists, cut at commas, semicolons, slashes and "và", each as lower-case
    words without the words a page opens it with."""
    out = []
    for piece in ACT_PIECES.split(head.lower()):
        words = lower_words(piece)
        while lead := next((p for p in _LEADS if words[: len(p)] == list(p)), None):
            words = words[len(lead) :]
        if words:
            out.append(words)
    return out


_ACT_WORDS = [act.split() for act in ACTS]


def _act(words: list[str]) -> tuple[str, ...]:
    """The act an act of a list opens with: its first two words ("chứng nhận", "xóa đăng"),
    with "lại" ("công nhận lại", "đăng ký lại": doing it again is another act), or the one word
    of a known verb of one word ("cấp", "chia"): "cấp thẻ …" is the act "cấp" of "Cấp và cấp lại
    thẻ …", and "cấp đổi", "cấp lại" stay acts of their own."""
    known = next((act for act in _ACT_WORDS if words[: len(act)] == act), [])
    if len(known) == 1 and words[1:2] != ["lại"]:
        return tuple(known)
    return tuple(words[:3]) if words[2:3] == ["lại"] else tuple(words[:2])


def named_act(listing: NameReading, part: NameReading) -> bool:
    """True when ``part`` does one of the acts a name lists, on the object the list names.

    A combined procedure often names its acts with words of any verb, not only the acts of
    :data:`~motcua.reform.overlap_text.ACTS`: "Hợp pháp hóa lãnh sự, chứng nhận lãnh sự" holds
    "Chứng nhận lãnh sự"; "Đăng ký lại, đăng ký tạm thời và xóa đăng ký tàu cá" holds "Xóa đăng
    ký tàu cá"; "Công nhận và cấp thẻ cộng tác viên trợ giúp pháp lý" holds "Cấp thẻ cộng tác
    viên trợ giúp pháp lý". The part opens with the act (two words: "gia hạn", "phục hồi"), its
    other words are the list's, and it says most of the object of that act, or of the last act
    when the act is bare ("Chia, tách; sáp nhập; hợp nhất hội"): "gia hạn giấy phép lao động" is
    no act of "Cấp, cấp lại, gia hạn giấy xác nhận không thuộc diện cấp giấy phép lao động". A
    part that lists acts itself ("Gia hạn, điều chỉnh nội dung giấy phép …") is a list, not one
    of its acts.
    """
    acts, own = _acts_of(listing.head), _acts_of(part.head)
    if len(acts) < 2 or not own or len(own[0]) < 2 or (len(own) > 1 and len(own[0]) <= 2):
        return False
    act = _act(own[0])
    rest = set(syllables(" ".join([w for words in own for w in words][len(act) :])))
    pool = set(syllables(" ".join(w for words in acts for w in words)))
    if not rest or len(rest & pool) < NAMED_ACT_WORDS * len(rest):
        return False
    for i, words in enumerate(acts):
        # The first act ends with its act ("Thông tư … hướng dẫn việc khai báo, đăng ký …"),
        # the others open with theirs.
        opens = tuple(words[-len(act) :]) if i == 0 else _act(words)
        if opens != act:
            continue
        object_words = words[len(act) :] if i > 0 else []
        if not object_words and i < len(acts) - 1:
            object_words = acts[-1][len(_act(acts[-1])) :]
        named = set(syllables(" ".join(object_words)))
        if named and len(named & rest) >= NAMED_OBJECT_WORDS * len(named):
            return True
    return False


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
