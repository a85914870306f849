"""Overlap detection between procedures (rà soát trùng lặp), internal or public, across agencies.

Pure functions over :class:`ProcedureText`; the services feed them the register and the catalogue.

Two procedures overlap when they are the same procedure published twice (by two agencies, or in
two decisions), when one replaced the other under a new name, or when one is a part of a combined
(liên thông) procedure. They do not overlap merely because they look alike: the siblings of one
announcing decision share their legal basis, their steps and most of their papers, and differ in
one word of the name ("khai sinh" / "khai tử", "thành lập" / "giải thể", "chuyển đến" /
"chuyển đi"). So the name is read first, as Vietnamese words, for what the procedure does (its
action) and to what (its subject):

* an action on one side that the other lacks ("đăng ký lại", "trở lại", "chuyển đi") makes them
  siblings, not duplicates;
* words of the subject on both sides that the other lacks ("khai sinh" against "khai tử") make them
  different procedures, unless their papers, steps and legal basis say otherwise (the same report
  of two departments, named differently);
* a combined procedure whose name lists the other as one of its parts is flagged "part of".

What passes is scored on structure: the national code, the legal basis down to the article, the
steps and the papers, and the name. Text is compared as syllables and adjacent syllable pairs
(the pairs stand in for word segmentation: "kết quả" is not "kết luận"), weighted by inverse
document frequency, with diacritics kept: "tử" is not "từ". A name typed without diacritics is
compared folded. What one side does not publish is said, not reweighted away: a pair compared on
its names alone is marked so, with lower confidence.

Every finding explains itself in Vietnamese sentences (:attr:`Finding.reasons`).
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from motcua.core.text import fold
from motcua.reform.overlap_decisions import (
    announced_pairs,
    decision_reason,
    decision_relation,
    replaced_list,
)
from motcua.reform.overlap_items import (
    Space,
    Vector,
    cosine,
    match_items,
    papers_alone,
    shared_legal,
    weighted_items,
)
from motcua.reform.overlap_legal import LegalRef, law_numbers, legal_refs, national_code
from motcua.reform.overlap_names import held_subject
from motcua.reform.overlap_parts import different_cases, listed_act, named_act, part_of_combined
from motcua.reform.overlap_sets import (
    ProcessSet,
    compare_sets,
    holds_process,
    read_process_set,
    set_reason,
)
from motcua.reform.overlap_subject import subject_name
from motcua.reform.overlap_text import (
    NameReading,
    for_anyone,
    level_group,
    name_levels,
    name_residuals,
    read_name,
    syllables,
)

WEIGHTS = {"name": 0.40, "legal": 0.15, "steps": 0.20, "documents": 0.25}
#: A pair with at least this score is a finding.
THRESHOLD = 0.335
#: Structure that overrides different subjects in the names: papers and steps this alike.
OVERRIDE_DOCUMENTS = 0.45
OVERRIDE_STEPS = 0.35
#: Below this share of the weights present on both sides, a finding has low confidence.
CONFIDENT_SHARE = 0.6


@dataclass(frozen=True)
class ProcedureText:
    """What overlap detection reads of one procedure."""

    ref: str
    name: str
    agency: str = ""
    legal_basis: Sequence[str] = ()
    steps: Sequence[str] = ()
    documents: Sequence[str] = ()
    #: National code or local symbol ("1.001193", "1.012962.000.00.00.H38"), and other codes.
    code: str = ""
    aliases: Sequence[str] = ()
    #: The announcing decision ("163/QĐ-BTP").
    decision: str = ""
    #: Levels of government that carry it out ("Cấp xã", "province").
    levels: Sequence[str] = ()
    #: A procedure between state bodies only (thủ tục hành chính nội bộ), not one a citizen or a
    #: business files.
    internal: bool = False


@dataclass
class Finding:
    left: str
    right: str
    score: float
    parts: dict[str, float]
    matched_steps: list[tuple[str, str, float]] = field(default_factory=list)
    matched_documents: list[tuple[str, str, float]] = field(default_factory=list)
    shared_legal: list[str] = field(default_factory=list)
    #: "same" (published twice), "renamed" (replaced under another name), "part_of".
    kind: str = "same"
    #: "high", or "low" when the pair was compared on little more than its names.
    confidence: str = "high"
    #: Which sides are internal procedures: "" (neither), "one" (an internal procedure that
    #: repeats a public one) or "both" (one internal step in two places).
    internal: str = ""
    #: What is missing, in Vietnamese ("trình tự, thành phần hồ sơ của «…»").
    missing: list[str] = field(default_factory=list)
    #: The explanation, one Vietnamese sentence per piece of evidence.
    reasons: list[str] = field(default_factory=list)
    cluster: int = 0

    def evidence(self) -> dict[str, object]:
        """The explanation kept with the finding (plain JSON)."""
        return {
            "kind": self.kind,
            "confidence": self.confidence,
            "internal": self.internal,
            "reasons": self.reasons,
            "missing": self.missing,
            "parts": {k: round(v, 3) for k, v in self.parts.items()},
            "steps": [[a, b, round(s, 2)] for a, b, s in self.matched_steps],
            "documents": [[a, b, round(s, 2)] for a, b, s in self.matched_documents],
            "legal": self.shared_legal,
        }


@dataclass
class _Prepared:
    item: ProcedureText
    name: Vector
    reading: NameReading
    #: The name without whom it is for and its remarks (:attr:`NameReading.head`).
    head: Vector
    legal: list[LegalRef]
    steps: list[tuple[str, Vector]]
    documents: list[tuple[str, Vector]]
    code: str
    #: The level groups it is carried out at (:func:`_level_groups`).
    levels: frozenset[str]
    #: What it covers, when it is a set of internal processes (:mod:`motcua.reform.overlap_sets`).
    process_set: ProcessSet | None = None


def _quote(name: str) -> str:
    return f"«{name}»"


def _listing(items: list[str], limit: int = 3) -> str:
    shown = "; ".join(items[:limit])
    more = len(items) - limit
    return shown + (f" và {more} mục khác" if more > 0 else "")


def compare(left: _Prepared, right: _Prepared) -> Finding | None:
    """The finding for a pair, or None when the pair is not an overlap."""
    a, b = left.item, right.item
    if left.process_set and right.process_set:
        return _set_finding(left, right, left.process_set, right.process_set)
    # The process an agency runs for one procedure is part of its set of processes, never the
    # procedure an applicant files (only internal texts are read so).
    for outer, inner, relation in ((left, right, "part_of-right"), (right, left, "part_of-left")):
        if (
            outer.process_set
            and inner.item.internal
            and holds_process(outer.process_set, inner.item.name)
        ):
            return _held_finding(left, right, relation)
    announced = decision_relation(
        a.name, a.decision, b.name, b.decision, left_agency=a.agency, right_agency=b.agency
    )
    if announced:
        return _decision_finding(left, right, announced)
    if replaced_list(a.name, a.agency, b.name, b.agency):
        return _decision_finding(left, right, "renamed")
    folded = left.reading.ascii_only or right.reading.ascii_only
    parts = {"name": cosine(left.name, right.name), "legal": 0.0, "steps": 0.0, "documents": 0.0}
    same_code = bool(left.code) and left.code == right.code
    kind = "same"
    reasons: list[str] = []

    if not same_code and different_cases(left.reading, right.reading, folded):
        return None
    part_of = ""
    left_whole = left.reading.combined and not right.reading.combined
    right_whole = right.reading.combined and not left.reading.combined
    if left_whole and part_of_combined(left.reading, right.reading, folded):
        part_of = "right"
    elif right_whole and part_of_combined(right.reading, left.reading, folded):
        part_of = "left"
    listed = ""
    if not part_of and _one_act(left.reading, right.reading):
        part_of = listed = "right"
    elif not part_of and _one_act(right.reading, left.reading):
        part_of = listed = "left"
    if part_of and not same_code and _different_levels(left, right):
        return None

    left_only, right_only = name_residuals(left.reading, right.reading, folded)
    held = held_subject(left.reading, right.reading, left_only, right_only)
    held = 0.0 if part_of or same_code else held
    if part_of:
        kind = "part_of"
        whole, piece = (a, b) if part_of == "right" else (b, a)
        if listed:
            reasons.append(f"{_quote(piece.name)} là một việc của thủ tục {_quote(whole.name)}")
        else:
            reasons.append(
                f"{_quote(piece.name)} là một phần của thủ tục liên thông {_quote(whole.name)}"
            )
        left_only, right_only = set(), set()
    other_acts = not part_of and not same_code and left.reading.actions != right.reading.actions
    if other_acts and not (a.documents and b.documents):
        return None
    if not part_of and not same_code:
        if left.reading.kinds != right.reading.kinds:
            return None
        if left.code and right.code and a.decision and fold(a.decision) == fold(b.decision):
            # Two codes of one announcing decision are two procedures of that decision.
            return None
        if _different_levels(left, right):
            return None

    legal, legal_shown = shared_legal(left.legal, right.legal)
    steps, matched_steps = match_items(
        left.steps, right.steps, left_only=left_only, right_only=right_only, folded=folded
    )
    documents, matched_documents = match_items(
        left.documents,
        right.documents,
        left_only=left_only,
        right_only=right_only,
        folded=folded,
    )
    parts.update(legal=legal, steps=steps, documents=documents)
    present = {
        "name": True,
        "legal": bool(left.legal and right.legal),
        "steps": bool(left.steps and right.steps),
        "documents": bool(left.documents and right.documents),
    }
    by_papers = papers_alone(matched_documents, documents, steps_compared=present["steps"])
    if other_acts:
        # Another act in one name ("cấp lại", "công nhận") makes a sibling, unless the papers
        # alone say it is the same procedure named by another of its acts.
        if not by_papers:
            return None
        reasons.append(_papers_reason(f"việc khác nhau ({_quote(a.name)}, {_quote(b.name)})"))
    anyone = (for_anyone(left.reading) and not right.reading.aside) or (
        for_anyone(right.reading) and not left.reading.aside
    )
    if anyone and (legal_shown or matched_steps or matched_documents):
        # One name alone says it is for anyone ("… cho công dân Việt Nam đang cư trú tại Việt
        # Nam"): with papers, steps or law in common, the names compare without it. A particular
        # audience ("cho người chết ở nước ngoài") stays in the comparison.
        parts["name"] = max(parts["name"], cosine(left.head, right.head))
    named, parts["name"] = parts["name"], max(parts["name"], held)

    if not part_of and not same_code and left_only and right_only:
        # Different subjects in the names: only the structure can say they are one procedure:
        # the same article of one legal document (an article rules one matter), or the same
        # papers and steps.
        same_article = any(shown.startswith("Điều ") for shown in legal_shown)
        if (
            not same_article
            and not by_papers
            and not (
                present["documents"]
                and present["steps"]
                and documents >= OVERRIDE_DOCUMENTS
                and steps >= OVERRIDE_STEPS
            )
        ):
            return None
        kind = "same" if same_article else "renamed"
        if by_papers and not same_article and not other_acts:
            reasons.append(_papers_reason("đối tượng khác nhau"))

    share = sum(WEIGHTS[k] for k, on in present.items() if on)
    score = sum(WEIGHTS[k] * parts[k] for k, on in present.items() if on) / share
    if part_of:
        score = max(score, 0.6)
    if same_code:
        score = max(score, 0.95)
    elif kind == "same" and parts["name"] < 0.6 and share > WEIGHTS["name"]:
        kind = "renamed"

    if same_code:
        reasons.insert(0, f"Cùng mã thủ tục {left.code}")
    if a.decision and b.decision and fold(a.decision) == fold(b.decision):
        reasons.append(f"Cùng được công bố tại Quyết định {a.decision}")
    if kind == "same" and held > named:
        longer, shorter = (a, b) if left_only else (b, a)
        reasons.append(
            f"Cùng việc trên cùng đối tượng, tên {_quote(longer.name)} nói chi tiết hơn tên "
            f"{_quote(shorter.name)}"
        )
    elif kind == "same" and parts["name"] >= 0.8:
        reasons.append("Tên thủ tục gần như trùng nhau")
    elif kind == "same":
        reasons.append(f"Cùng nội dung, tên viết khác nhau: {_quote(a.name)} và {_quote(b.name)}")
    elif kind == "renamed":
        reasons.append(f"Có thể đã đổi tên: {_quote(a.name)} và {_quote(b.name)}")
    if legal_shown:
        reasons.append("Cùng căn cứ " + _listing(legal_shown))
    if matched_documents:
        total = max(len(a.documents), len(b.documents))
        names = [x for x, _y, _s in matched_documents]
        reasons.append(
            f"{len(matched_documents)}/{total} thành phần hồ sơ trùng: {_listing(names)}"
        )
    if matched_steps:
        total = max(len(a.steps), len(b.steps))
        names = [x for x, _y, _s in matched_steps]
        reasons.append(f"{len(matched_steps)}/{total} bước trùng: {_listing(names)}")

    internal = _internal_reason(a, b)
    if internal:
        reasons.insert(1 if same_code else 0, internal[1])
    missing = _missing(a, b)
    confidence = "high" if share >= CONFIDENT_SHARE else "low"
    if confidence == "low":
        reasons.append("Độ tin cậy thấp: chủ yếu so được tên thủ tục")
    return Finding(
        left=a.ref,
        right=b.ref,
        score=score,
        parts=parts,
        matched_steps=matched_steps,
        matched_documents=matched_documents,
        shared_legal=legal_shown,
        kind=kind,
        confidence=confidence,
        internal=internal[0] if internal else "",
        missing=missing,
        reasons=reasons,
    )


#: The score of a set of internal processes that repeats or holds another: what it covers is its
#: name, so the words both names share ("phê duyệt quy trình nội bộ …") add nothing.
SET_SCORES = {"same": 0.9, "part_of": 0.6, "renamed": 0.6}


def _set_finding(
    left: _Prepared, right: _Prepared, left_set: ProcessSet, right_set: ProcessSet
) -> Finding | None:
    """Two sets of internal processes compared on what they cover (:func:`compare_sets`)."""
    relation = compare_sets(left_set, right_set)
    return _held_finding(left, right, relation) if relation else None


def _held_finding(left: _Prepared, right: _Prepared, relation: str) -> Finding:
    """A set of internal processes that repeats, holds or renames the other side (``relation`` as
    :func:`compare_sets` gives it)."""
    reason = set_reason(relation, _quote(left.item.name), _quote(right.item.name))
    return _related_finding(left, right, relation, reason)


def _decision_finding(left: _Prepared, right: _Prepared, relation: str) -> Finding:
    """A decision that announces procedures against another page of it, or against one of the
    procedures it announces (:func:`~motcua.reform.overlap_decisions.decision_relation`): the
    decision's number says it, whatever the titles share."""
    a, b = left.item, right.item
    reason = decision_reason(relation, _quote(a.name), _quote(b.name), a.decision)
    return _related_finding(left, right, relation, reason)


def _related_finding(left: _Prepared, right: _Prepared, relation: str, reason: str) -> Finding:
    """A finding that a relation between two texts decides, not their scores: its kind is the
    relation's first word, scored as :data:`SET_SCORES` gives it."""
    a, b = left.item, right.item
    kind = relation.split("-")[0]
    internal = _internal_reason(a, b)
    return Finding(
        left=a.ref,
        right=b.ref,
        score=SET_SCORES[kind],
        parts={"name": cosine(left.name, right.name)},
        kind=kind,
        internal=internal[0] if internal else "",
        missing=_missing(a, b),
        reasons=[*(internal[1:] if internal else ()), reason],
    )


def _internal_reason(a: ProcedureText, b: ProcedureText) -> tuple[str, str] | None:
    """("one" | "both", the sentence) when the pair involves an internal procedure.

    Reviewing the internal procedures (rà soát thủ tục hành chính nội bộ) is where overlaps hide:
    an agency's internal procedure that repeats a public one, or the same internal step run by
    two agencies.
    """
    if a.internal and b.internal:
        where = (
            f" ({a.agency}; {b.agency})" if a.agency and b.agency and a.agency != b.agency else ""
        )
        return (
            "both",
            f"Cùng một bước nội bộ giữa các cơ quan nhà nước được quy định hai lần{where}",
        )
    if a.internal or b.internal:
        inner, outer = (a, b) if a.internal else (b, a)
        return "one", (
            f"Thủ tục nội bộ {_quote(inner.name)} lặp lại thủ tục hành chính công khai "
            f"{_quote(outer.name)}"
        )
    return None


def _one_act(listing: NameReading, part: NameReading) -> bool:
    """True when ``part`` is one of the acts ``listing`` names (:func:`listed_act`,
    :func:`named_act`)."""
    return listed_act(listing, part) or named_act(listing, part)


def _different_levels(left: _Prepared, right: _Prepared) -> bool:
    """Two levels of government that make two procedures.

    The catalogue publishes one procedure per level, each with its code, and a name that says
    its level ("… thuộc thẩm quyền của Ủy ban nhân dân cấp xã") is that level's procedure; a
    procedure abroad is never one at home, nor a ministry's one of a province. A page without a
    code that gives another local level may be the same procedure before it moved (kết hôn có yếu
    tố nước ngoài, from the province to the district in 2016), so that level alone does not part
    them.
    """
    named = name_levels(left.item.name), name_levels(right.item.name)
    if named[0] and named[1] and not named[0] & named[1]:
        # "Lao động tiên tiến (cấp xã)" and "(cấp huyện)": two deciders, two procedures.
        return True
    levels = left.levels, right.levels
    if not (levels[0] and levels[1]) or levels[0] == levels[1]:
        return False
    if left.code and right.code:
        return True
    # A procedure carried out at the ministry and at the province ("Cấp Bộ, Cấp Tỉnh") is the
    # one a province's page publishes at its level.
    return not levels[0] & levels[1] and bool({"abroad", "central"} & (levels[0] | levels[1]))


def _level_groups(levels: Sequence[str]) -> frozenset[str]:
    """The level groups (:func:`~motcua.reform.overlap_text.level_group`) a procedure's levels
    name, one per level, an entry that lists several ("Cấp Bộ, Cấp Tỉnh") read as its list."""
    parts = (part for level in levels for part in level.split(","))
    return frozenset(group for part in parts if (group := level_group([part])))


def _papers_reason(differing: str) -> str:
    """Why two names that differ (``differing``: in what) are joined by their papers alone
    (:func:`~motcua.reform.overlap_items.papers_alone`)."""
    return (
        f"Tên nêu {differing} nhưng thành phần hồ sơ trùng nhau; không có trình tự thực hiện của "
        "cả hai để đối chiếu"
    )


def _missing(a: ProcedureText, b: ProcedureText) -> list[str]:
    out = []
    for item in (a, b):
        lacks = [
            label
            for label, value in (
                ("căn cứ pháp lý", item.legal_basis),
                ("trình tự thực hiện", item.steps),
                ("thành phần hồ sơ", item.documents),
            )
            if not value
        ]
        if lacks:
            out.append(f"Thiếu dữ liệu về {', '.join(lacks)} của {_quote(item.name)}")
    return out


def prepare(procedures: Sequence[ProcedureText]) -> list[_Prepared]:
    """What :func:`compare` reads of each procedure, weighted over the whole register."""
    items = list(procedures)
    all_texts = [p.name for p in items]
    for p in items:
        all_texts.extend(p.steps)
        all_texts.extend(p.documents)
    space = Space(all_texts)
    aliases = law_numbers(b for p in items for b in p.legal_basis)
    n = len(items)
    generic: Counter[str] = Counter()
    for p in items:
        generic.update({" ".join(syllables(s)) for s in [*p.steps, *p.documents]})
    return [
        _Prepared(
            item=p,
            name=space.vector(subject := subject_name(p.name)),
            reading=(reading := read_name(subject)),
            head=space.vector(reading.head),
            legal=legal_refs(p.legal_basis, aliases),
            steps=weighted_items(space, p.steps, generic, n),
            documents=weighted_items(space, p.documents, generic, n),
            code=national_code(" ".join([p.code, *p.aliases])),
            levels=_level_groups(p.levels),
            process_set=read_process_set(p.name) if p.internal else None,
        )
        for p in items
    ]


def find_overlaps(
    procedures: Sequence[ProcedureText], *, threshold: float = THRESHOLD
) -> list[Finding]:
    """Every pair at or above ``threshold``, best first, numbered by cluster (connected pairs).

    Pairs within one agency are compared too: an agency may publish the same procedure twice.
    """
    prepared = prepare(procedures)
    n = len(prepared)
    # Blocking: only pairs sharing a name term, a legal document or a code are scored.
    index: dict[str, list[int]] = defaultdict(list)
    for i, prep in enumerate(prepared):
        keys = {*prep.name, *(f"law:{r.key}" for r in prep.legal)}
        if prep.code:
            keys.add(f"code:{prep.code}")
        for key in keys:
            index[key].append(i)
    candidates: set[tuple[int, int]] = set()
    for key, members in index.items():
        if len(members) > max(50, n // 2) and not key.startswith("code:"):
            continue
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1 :]:
                candidates.add((a, b))
    candidates |= announced_pairs([(p.item.name, p.item.decision) for p in prepared])
    findings = []
    for a, b in sorted(candidates):
        finding = compare(prepared[a], prepared[b])
        if finding is not None and finding.score >= threshold:
            findings.append(finding)
    _number_clusters(findings)
    # Low confidence never outranks a finding the structure supports.
    findings.sort(key=lambda f: (f.confidence != "high", -f.score, f.left, f.right))
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
