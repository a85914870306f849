"""The structure a page publishes beside a procedure's name, compared item by item (overlap
detection, rà soát trùng lặp): its papers (thành phần hồ sơ) and steps (trình tự thực hiện) as sets
of items, its legal basis (căn cứ pháp lý) down to the article, and what that structure says when
the names name different subjects.

Text is weighted by inverse document frequency over the whole register, so that an item every
procedure has ("Trả kết quả") says nothing and a paper only two procedures ask for says much.
"""

import math
from collections import Counter
from collections.abc import Iterable, Sequence

from motcua.reform.overlap_legal import LegalRef
from motcua.reform.overlap_text import lower_words, syllables, terms, word_key

#: Two items (steps, documents) are the same when their term vectors are this close.
ITEM_MATCH = 0.5
#: Papers that say two differently named procedures are one when no steps can be compared: at
#: least this many matched, making at least this share of the longer list.
PAPERS_ALONE = 3
PAPERS_ALONE_SHARE = 0.5

Vector = dict[str, float]


class Space:
    """TF-IDF over a corpus of texts; vectors are L2-normalised."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.df: Counter[str] = Counter()
        self.n = 0
        for text in texts:
            self.n += 1
            self.df.update(set(terms(text)))

    def vector(self, text: str) -> Vector:
        bag = terms(text)
        vec = {t: c * math.log((1 + self.n) / (1 + self.df.get(t, 0))) for t, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        return {t: v / norm for t, v in vec.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _item_similarity(a: Vector, b: Vector) -> float:
    """Cosine, or the share of the shorter item that the longer one holds: one page names a paper
    in five words ("Văn bản thông báo tổ chức lễ hội"), another describes it in twenty."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return max(cosine(a, b), sum(v * v for t, v in short.items() if t in long))


def match_items(
    left: Sequence[tuple[str, Vector]],
    right: Sequence[tuple[str, Vector]],
    *,
    left_only: set[str],
    right_only: set[str],
    folded: bool,
) -> tuple[float, list[tuple[str, str, float]]]:
    """Greedy one-to-one matching; the similarity is the matched weight over the larger list.

    Two items that differ by the words only one procedure's name has ("Tờ khai đăng ký khai sinh"
    against "Tờ khai đăng ký khai tử") are that procedure's own paper, not a shared one.
    """
    if not left or not right:
        return 0.0, []
    pairs = sorted(
        (
            (_item_similarity(lv, rv), i, j)
            for i, (_ln, lv) in enumerate(left)
            for j, (_rn, rv) in enumerate(right)
        ),
        reverse=True,
    )
    used_left: set[int] = set()
    used_right: set[int] = set()
    matched: list[tuple[str, str, float]] = []
    for sim, i, j in pairs:
        if sim < ITEM_MATCH:
            break
        if i in used_left or j in used_right:
            continue
        a = {word_key(w, folded) for w in lower_words(left[i][0])}
        b = {word_key(w, folded) for w in lower_words(right[j][0])}
        if (a - b) & left_only and (b - a) & right_only:
            continue
        used_left.add(i)
        used_right.add(j)
        matched.append((left[i][0], right[j][0], sim))
    return sum(s for _a, _b, s in matched) / max(len(left), len(right)), matched


def weighted_items(
    space: Space, items: Sequence[str], generic: Counter[str], n: int
) -> list[tuple[str, Vector]]:
    """Item vectors; an item most procedures have ("Trả kết quả") is left out of the matching."""
    out = []
    for text in items:
        key = " ".join(syllables(text))
        if n >= 4 and generic[key] / n > 0.3:
            continue
        vec = space.vector(text)
        if vec:
            out.append((text, vec))
    return out


def shared_legal(left: list[LegalRef], right: list[LegalRef]) -> tuple[float, list[str]]:
    """Overlap of the cited documents (0..1) and the Vietnamese names of what is shared.

    A shared article is named with its article ("Điều 7 Nghị định 13/2016/NĐ-CP"); two
    different articles of one document share the document only.
    """
    if not left or not right:
        return 0.0, []
    left_docs = {r.key: r for r in left}
    right_docs = {r.key: r for r in right}
    shared_docs = sorted(set(left_docs) & set(right_docs))
    shown: list[str] = []
    for key in shared_docs:
        articles = {r.article for r in left if r.key == key and r.article} & {
            r.article for r in right if r.key == key and r.article
        }
        display = left_docs[key].display
        shown.extend(f"Điều {a} {display}" for a in sorted(articles, key=int))
        if not articles:
            shown.append(display)
    return len(shared_docs) / min(len(left_docs), len(right_docs)), shown


def papers_alone(
    matched: Sequence[tuple[str, str, float]], share: float, *, steps_compared: bool
) -> bool:
    """The papers (thành phần hồ sơ) alone say one procedure under two names.

    Two names with different subjects are one procedure only on the structure's word; when one
    side publishes no steps, that missing half is not counted against the pair, but then the
    papers must carry it alone: several of them, most of the longer list. The finding says what
    was missing (:func:`motcua.reform.overlap._missing`).
    """
    return not steps_compared and len(matched) >= PAPERS_ALONE and share >= PAPERS_ALONE_SHARE
