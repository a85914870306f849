"""Integrity of the second unseen overlap evaluation set (``data/overlap_unseen2``).

The set was gathered after the first unseen set had been measured and split, so it is the next
held-out set: these tests check the data only and never run the detector. Its format is the one
of ``overlap_unseen``, so that set's checks are reused here (under names pytest does not collect)
and only what this set adds is written out.
"""

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from motcua.reform.tests.test_overlap_unseen_data import (
    LABELS,
    _load,
)
from motcua.reform.tests.test_overlap_unseen_data import (
    test_every_pair_names_two_known_procedures_with_a_valid_label as check_pairs,
)
from motcua.reform.tests.test_overlap_unseen_data import (
    test_every_procedure_has_the_fields_of_the_other_sets as check_fields,
)
from motcua.reform.tests.test_overlap_unseen_data import (
    test_no_pair_is_labelled_twice as check_no_pair_twice,
)
from motcua.reform.tests.test_overlap_unseen_data import (
    test_refs_are_unique as check_unique_refs,
)

DATA = Path(__file__).resolve().parents[1] / "data"
UNSEEN2 = DATA / "overlap_unseen2"
# Every set whose procedures somebody has already looked at or scored.
SEEN_SETS = ("overlap_eval", "overlap_fresh", "overlap_unseen")


@pytest.fixture(scope="module")
def procedures() -> list[dict[str, Any]]:
    return _load(UNSEEN2, "procedures.json")


@pytest.fixture(scope="module")
def pairs() -> list[dict[str, Any]]:
    return _load(UNSEEN2, "pairs.json")


@pytest.fixture(scope="module")
def seen() -> list[dict[str, Any]]:
    return [row for name in SEEN_SETS for row in _load(DATA / name, "procedures.json")]


def test_every_procedure_has_the_fields_of_the_other_sets(
    procedures: list[dict[str, Any]],
) -> None:
    check_fields(procedures)
    for procedure in procedures:
        for field in ("code", "agency", "level", "decision", "time"):
            assert isinstance(procedure[field], str), (procedure["ref"], field)


def test_refs_are_unique_and_every_procedure_is_in_a_pair(
    procedures: list[dict[str, Any]], pairs: list[dict[str, Any]]
) -> None:
    check_unique_refs(procedures)
    paired = {ref for pair in pairs for ref in (pair["left"], pair["right"])}
    assert sorted({procedure["ref"] for procedure in procedures} - paired) == []


def test_every_pair_names_two_known_procedures_once_with_a_valid_label(
    procedures: list[dict[str, Any]], pairs: list[dict[str, Any]]
) -> None:
    check_pairs(procedures, pairs)
    check_no_pair_twice(pairs)


def test_the_set_is_large_enough_and_holds_every_kind_of_label(
    procedures: list[dict[str, Any]], pairs: list[dict[str, Any]]
) -> None:
    assert len(procedures) >= 70
    assert len(pairs) >= 70
    assert {pair["label"] for pair in pairs} == LABELS
    internal = {p["ref"] for p in procedures if p["kind"] == "internal"}
    overlapping_internal = [
        pair
        for pair in pairs
        if pair["label"] != "none" and {pair["left"], pair["right"]} <= internal
    ]
    assert len(overlapping_internal) >= 5


def test_nothing_is_borrowed_from_the_sets_already_seen(
    procedures: list[dict[str, Any]], seen: list[dict[str, Any]]
) -> None:
    seen_refs = {p["ref"] for p in seen}
    seen_sources = {p["source"] for p in seen}
    seen_names = {p["name"].strip().casefold() for p in seen}
    assert [p["ref"] for p in procedures if p["ref"] in seen_refs] == []
    assert [p["ref"] for p in procedures if p["source"] in seen_sources] == []
    assert [p["ref"] for p in procedures if p["name"].strip().casefold() in seen_names] == []


def test_the_readme_counts_match_the_data(
    procedures: list[dict[str, Any]], pairs: list[dict[str, Any]]
) -> None:
    check_readme_counts(UNSEEN2, procedures, pairs)


def check_readme_counts(
    folder: Path, procedures: list[dict[str, Any]], pairs: list[dict[str, Any]]
) -> None:
    """The README of a set quotes its counts of procedures, pairs, labels and families."""
    readme = (folder / "README.md").read_text(encoding="utf-8")
    internal = sum(1 for p in procedures if p["kind"] == "internal")
    assert f"{len(procedures)} procedures ({len(procedures) - internal} public" in readme
    assert f"{internal} internal" in readme
    assert f"{len(pairs)} labelled pairs" in readme
    for label, count in Counter(pair["label"] for pair in pairs).items():
        assert f"| {label} | {count} |" in readme, label
    for group in {pair["group"] for pair in pairs}:
        members = [pair for pair in pairs if pair["group"] == group]
        refs = {ref for pair in members for ref in (pair["left"], pair["right"])}
        counts = Counter(pair["label"] for pair in members)
        numbers = (len(refs), *(counts[label] for label in ("same", "renamed", "part_of", "none")))
        row = " | ".join(str(n) for n in numbers)
        lines = [line for line in readme.splitlines() if line.startswith(f"| {group} (")]
        assert [line.endswith(f") | {row} |") for line in lines] == [True], group
