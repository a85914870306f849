"""Overlap detection between procedures (rà soát trùng lặp), internal or public, across agencies.

Pure functions over :class:`ProcedureText`; the services feed them the register and the catalogue.

Text is folded (diacritics removed, "đ" to "d", lower case) so "Đăng ký" and "dang ky" match.
Vietnamese writes one syllable per token and most words have two syllables ("hồ sơ", "thẩm định"),
so a text's terms are its syllables *and* its adjacent syllable pairs: the pairs stand in for word
segmentation and keep "kết quả" apart from "kết luận". Terms are weighted by their inverse
document frequency over everything compared, so the steps every procedure has ("tiếp nhận hồ sơ",
"trả kết quả") count little and a rare shared step counts much.

The score (0..1) is a weighted sum of four similarities (name, legal basis, steps, documents) and
comes with its evidence: which steps and which documents match, and which legal documents both
rest on.
"""

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from motcua.core.text import fold

#: Words that say nothing about what a procedure does.
STOP_WORDS = frozenset(
    [
        "thu",
        "tuc",
        "hanh",
        "chinh",
        "noi",
        "bo",
        "cua",
        "va",
        "cac",
        "ve",
        "doi",
        "voi",
        "cho",
        "trong",
        "tai",
        "theo",
        "tu",
        "den",
        "viec",
        "mot",
        "nhung",
        "duoc",
        "co",
        "la",
        "de",
        "khi",
        "hoac",
        "bang",
        "so",
        "cap",
        "ban",
    ]
)
WEIGHTS = {"name": 0.40, "legal": 0.15, "steps": 0.20, "documents": 0.25}
#: Two items (steps, documents) are the same when their term vectors are this close.
ITEM_MATCH = 0.55
#: A pair with at least this score is a finding.
THRESHOLD = 0.38

_TOKEN = re.compile(r"[a-z0-9]+")
_LEGAL_NUMBER = re.compile(r"\d+/[a-z0-9/.-]*[a-z0-9]")


@dataclass(frozen=True)
class ProcedureText:
    """What overlap detection reads of one procedure."""

    ref: str
    name: str
    agency: str = ""
    legal_basis: Sequence[str] = ()
    steps: Sequence[str] = ()
    documents: Sequence[str] = ()


@dataclass
class Finding:
    left: str
    right: str
    score: float
    parts: dict[str, float]
    matched_steps: list[tuple[str, str, float]] = field(default_factory=list)
    matched_documents: list[tuple[str, str, float]] = field(default_factory=list)
    shared_legal: list[str] = field(default_factory=list)
    shared_name_words: list[str] = field(default_factory=list)
    cluster: int = 0

    def evidence(self) -> dict[str, object]:
        """The explanation kept with the finding (plain JSON)."""
        return {
            "parts": {k: round(v, 3) for k, v in self.parts.items()},
            "steps": [[a, b, round(s, 2)] for a, b, s in self.matched_steps],
            "documents": [[a, b, round(s, 2)] for a, b, s in self.matched_documents],
            "legal": self.shared_legal,
            "name_words": self.shared_name_words,
        }


def syllables(text: str) -> list[str]:
    """The folded syllables of ``text`` without the stop words."""
    return [t for t in _TOKEN.findall(fold(text)) if t not in STOP_WORDS]


def terms(text: str) -> Counter[str]:
    """Syllables and adjacent syllable pairs (the stand-in for word segmentation)."""
    tokens = syllables(text)
    bag: Counter[str] = Counter(tokens)
    bag.update(f"{a}_{b}" for a, b in itertools.pairwise(tokens))
    return bag


def legal_keys(basis: Iterable[str]) -> set[str]:
    """Document numbers ("123/2015/NĐ-CP Nghị định ..." -> "123/2015/nd-cp"); the folded text
    when it has none."""
    keys: set[str] = set()
    for item in basis:
        folded = fold(item)
        numbers = [
            t.strip(".,;") for t in folded.split() if _LEGAL_NUMBER.fullmatch(t.strip(".,;"))
        ]
        keys.update(numbers or [folded])
    return keys


Vector = dict[str, float]


class _Space:
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


def _match_items(
    left: Sequence[tuple[str, Vector]], right: Sequence[tuple[str, Vector]]
) -> tuple[float, list[tuple[str, str, float]]]:
    """Greedy one-to-one matching; the similarity is the matched weight over the larger list."""
    if not left or not right:
        return 0.0, []
    pairs = sorted(
        (
            (cosine(lv, rv), i, j)
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
        used_left.add(i)
        used_right.add(j)
        matched.append((left[i][0], right[j][0], sim))
    return sum(s for _a, _b, s in matched) / max(len(left), len(right)), matched


@dataclass
class _Prepared:
    item: ProcedureText
    name: Vector
    legal: set[str]
    steps: list[tuple[str, Vector]]
    documents: list[tuple[str, Vector]]


def _weighted_items(
    space: _Space, items: Sequence[str], generic: Counter[str], n: int
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


def compare(left: _Prepared, right: _Prepared) -> Finding:
    name = cosine(left.name, right.name)
    legal = (
        len(left.legal & right.legal) / min(len(left.legal), len(right.legal))
        if left.legal and right.legal
        else 0.0
    )
    steps, matched_steps = _match_items(left.steps, right.steps)
    documents, matched_documents = _match_items(left.documents, right.documents)
    parts = {"name": name, "legal": legal, "steps": steps, "documents": documents}
    # Weights of the parts one side lacks are shared among the others, so a procedure published
    # without its steps is not punished for the gap.
    present = {
        "name": True,
        "legal": bool(left.legal and right.legal),
        "steps": bool(left.steps and right.steps),
        "documents": bool(left.documents and right.documents),
    }
    total = sum(WEIGHTS[k] for k, on in present.items() if on)
    score = sum(WEIGHTS[k] * parts[k] for k, on in present.items() if on) / total
    shared_words = sorted(
        {t for t in left.name if "_" not in t} & {t for t in right.name if "_" not in t}
    )
    return Finding(
        left=left.item.ref,
        right=right.item.ref,
        score=score,
        parts=parts,
        matched_steps=matched_steps,
        matched_documents=matched_documents,
        shared_legal=sorted(left.legal & right.legal),
        shared_name_words=shared_words,
    )


def find_overlaps(
    procedures: Sequence[ProcedureText], *, threshold: float = THRESHOLD
) -> list[Finding]:
    """Every pair at or above ``threshold``, best first, numbered by cluster (connected pairs).

    Pairs within one agency are compared too: an agency may publish the same procedure twice.
    """
    items = list(procedures)
    all_texts = [p.name for p in items]
    for p in items:
        all_texts.extend(p.steps)
        all_texts.extend(p.documents)
    space = _Space(all_texts)
    n = len(items)
    generic: Counter[str] = Counter()
    for p in items:
        generic.update({" ".join(syllables(s)) for s in [*p.steps, *p.documents]})
    prepared = [
        _Prepared(
            item=p,
            name=space.vector(p.name),
            legal=legal_keys(p.legal_basis),
            steps=_weighted_items(space, p.steps, generic, n),
            documents=_weighted_items(space, p.documents, generic, n),
        )
        for p in items
    ]
    # Blocking: only pairs sharing a name term or a legal document are scored.
    index: dict[str, list[int]] = defaultdict(list)
    for i, prep in enumerate(prepared):
        for key in {*prep.name, *(f"law:{k}" for k in prep.legal)}:
            index[key].append(i)
    candidates: set[tuple[int, int]] = set()
    for members in index.values():
        if len(members) > max(50, n // 2):
            continue
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1 :]:
                candidates.add((a, b))
    findings = []
    for a, b in sorted(candidates):
        finding = compare(prepared[a], prepared[b])
        if finding.score >= threshold:
            findings.append(finding)
    _number_clusters(findings)
    findings.sort(key=lambda f: (-f.score, f.left, f.right))
    return findings


def _number_clusters(findings: list[Finding]) -> None:
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for f in findings:
        parent[root(f.left)] = root(f.right)
    numbers: dict[str, int] = {}
    for f in sorted(findings, key=lambda f: (-f.score, f.left)):
        f.cluster = numbers.setdefault(root(f.left), len(numbers) + 1)


def precision_recall(
    found: Iterable[tuple[str, str]], expected: Iterable[tuple[str, str]]
) -> tuple[float, float]:
    """Precision and recall of unordered pairs."""
    got = {frozenset(p) for p in found}
    want = {frozenset(p) for p in expected}
    hits = len(got & want)
    precision = hits / len(got) if got else 1.0
    recall = hits / len(want) if want else 1.0
    return precision, recall
