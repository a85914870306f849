"""The labelled evaluation set of overlap detection, and its precision and recall.

The set (``data/overlap_eval``) holds real published procedures, each with the address of the
page it was read from, and labelled pairs: overlaps ("same": one procedure published twice;
"renamed": replaced under another name; "part_of": a part of a combined procedure) and hard
negatives ("none": siblings of one decision, near names with another subject). A procedure is
``internal`` (thủ tục hành chính nội bộ) when its page publishes it as such, when it runs on the
agencies' own document system, or when its only applicants are state bodies.

Pairs are split once into a tuning half and a held-out half (``split.json``): the first 159 by a
hash of the pair; the later ones carry a ``group`` (one family of procedures: the awards, the
certifications, …) and the whole group falls in the half its hash gives, so that near-duplicates
of one family never sit on both sides. Thresholds are set on the tuning half only and the
held-out figures are what is reported.

Only labelled pairs count: a finding on a pair nobody labelled is neither right nor wrong here.

A second, fresh set (``data/overlap_fresh``) was gathered after the method was last changed: real
published procedures from pages the first set never used (other provinces, ministries, law firms
and newspapers), labelled and committed before the detector was run on them. It is reported whole
(:data:`FRESH`), as a check that the held-out figures were not an accident of one split.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from motcua.reform.overlap import THRESHOLD, Finding, ProcedureText, find_overlaps

DATA = Path(__file__).resolve().parent / "data" / "overlap_eval"
FRESH_DATA = DATA.with_name("overlap_fresh")
HALVES = ("tune", "held-out")
#: The fresh set, reported whole: nothing was tuned on it.
FRESH = "fresh"
POSITIVE = frozenset({"same", "renamed", "part_of"})
LABELS = POSITIVE | {"none"}


@dataclass(frozen=True)
class LabelledPair:
    left: str
    right: str
    label: str
    reason: str
    #: The family the pair belongs to; a family is never split between the halves.
    group: str = ""

    @property
    def id(self) -> str:
        return pair_id(self.left, self.right)

    @property
    def half(self) -> str:
        return half_of(self.group or self.id)

    @property
    def overlaps(self) -> bool:
        return self.label in POSITIVE


def pair_id(left: str, right: str) -> str:
    """The same for both orders of a pair."""
    return "~".join(sorted((left, right)))


def half_of(key: str) -> str:
    """The half a pair (by its id) or a group (by its name) falls in: fixed by a hash, not chosen."""
    return HALVES[hashlib.sha256(key.encode()).digest()[0] % 2]


def load_procedures(data: Path = DATA) -> list[ProcedureText]:
    rows = json.loads((data / "procedures.json").read_text(encoding="utf-8"))
    return [
        ProcedureText(
            ref=row["ref"],
            name=row["name"],
            agency=row["agency"],
            legal_basis=tuple(row["legal_basis"]),
            steps=tuple(row["steps"]),
            documents=tuple(row["documents"]),
            code=row["code"],
            decision=row["decision"],
            levels=(row["level"],) if row["level"] else (),
            internal=row["kind"] == "internal",
        )
        for row in rows
    ]


def load_sources(data: Path = DATA) -> dict[str, str]:
    rows = json.loads((data / "procedures.json").read_text(encoding="utf-8"))
    return {row["ref"]: row["source"] for row in rows}


def load_pairs(data: Path = DATA) -> list[LabelledPair]:
    rows = json.loads((data / "pairs.json").read_text(encoding="utf-8"))
    return [
        LabelledPair(r["left"], r["right"], r["label"], r["reason"], r.get("group", ""))
        for r in rows
    ]


def load_split() -> dict[str, list[str]]:
    split: dict[str, list[str]] = json.loads((DATA / "split.json").read_text(encoding="utf-8"))
    return split


@dataclass
class Evaluation:
    half: str
    procedures: int
    pairs: int
    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int
    missed: list[LabelledPair] = field(default_factory=list)
    wrongly_found: list[tuple[LabelledPair, Finding]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    def summary(self) -> str:
        where = "fresh set" if self.half == FRESH else f"{self.half} half"
        return (
            f"overlap detection, {where}: {self.pairs} labelled pairs over "
            f"{self.procedures} procedures; precision {self.precision:.2f} "
            f"(TP {self.true_positives}, FP {self.false_positives}), recall {self.recall:.2f} "
            f"(TP {self.true_positives}, FN {self.false_negatives}), TN {self.true_negatives}"
        )


@dataclass(frozen=True)
class Reported:
    """The held-out figures the README and the review screen quote; a test holds them equal to
    :func:`evaluate`."""

    procedures: int
    pairs: int
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def found(self) -> int:
        return self.true_positives + self.false_positives

    @property
    def wanted(self) -> int:
        return self.true_positives + self.false_negatives

    @property
    def precision(self) -> float:
        return self.true_positives / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.wanted if self.wanted else 1.0


REPORTED = Reported(
    procedures=201, pairs=142, true_positives=55, false_positives=5, false_negatives=19
)
#: The fresh set's figures, measured once after its labels were committed.
REPORTED_FRESH = Reported(
    procedures=60, pairs=59, true_positives=24, false_positives=0, false_negatives=6
)


def evaluate(*, half: str, threshold: float = THRESHOLD) -> Evaluation:
    """Detection over every procedure of the set, counted on the labelled pairs of one half (or
    on every pair of the fresh set)."""
    if half == FRESH:
        procedures = load_procedures(FRESH_DATA)
        pairs = load_pairs(FRESH_DATA)
    elif half in HALVES:
        procedures = load_procedures()
        ids = set(load_split()[half])
        pairs = [p for p in load_pairs() if p.id in ids]
    else:
        raise ValueError(half)
    findings = {pair_id(f.left, f.right): f for f in find_overlaps(procedures, threshold=threshold)}
    result = Evaluation(half, len(procedures), len(pairs), 0, 0, 0, 0)
    for pair in pairs:
        finding = findings.get(pair.id)
        if pair.overlaps and finding is not None:
            result.true_positives += 1
        elif pair.overlaps:
            result.false_negatives += 1
            result.missed.append(pair)
        elif finding is not None:
            result.false_positives += 1
            result.wrongly_found.append((pair, finding))
        else:
            result.true_negatives += 1
    return result
