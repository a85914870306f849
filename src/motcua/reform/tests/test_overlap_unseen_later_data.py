"""Integrity of the unseen overlap evaluation sets gathered after the second
(``data/overlap_unseen3`` to ``data/overlap_unseen21``).

Each set was gathered before any overlap detector ran on it, by people who ran none, so these
tests check the data only and never run the detector. The sets share the format of
``overlap_unseen2``, whose checks are reused here (under names pytest does not collect), and the
same minimum sizes; each shares no procedure with any other set of ``data/``.
"""

from pathlib import Path
from typing import Any

import pytest

from motcua.reform.tests.test_overlap_unseen2_data import check_readme_counts
from motcua.reform.tests.test_overlap_unseen2_data import (
    test_every_pair_names_two_known_procedures_once_with_a_valid_label as check_pairs,
)
from motcua.reform.tests.test_overlap_unseen2_data import (
    test_every_procedure_has_the_fields_of_the_other_sets as check_fields,
)
from motcua.reform.tests.test_overlap_unseen2_data import (
    test_nothing_is_borrowed_from_the_sets_already_seen as check_not_borrowed,
)
from motcua.reform.tests.test_overlap_unseen2_data import (
    test_refs_are_unique_and_every_procedure_is_in_a_pair as check_refs,
)
from motcua.reform.tests.test_overlap_unseen_data import LABELS, _load

DATA = Path(__file__).resolve().parents[1] / "data"
#: Each set, with the overlaps between two internal procedures it must hold: the seventh found
#: only two in its domains (justice, labour, health) and the twenty-first three (its README says why).
SETS = {
    "overlap_unseen3": 5,
    "overlap_unseen4": 5,
    "overlap_unseen5": 5,
    "overlap_unseen6": 5,
    "overlap_unseen7": 2,
    "overlap_unseen8": 5,
    "overlap_unseen9": 5,
    "overlap_unseen10": 5,
    "overlap_unseen11": 5,
    "overlap_unseen12": 5,
    "overlap_unseen13": 5,
    "overlap_unseen14": 5,
    "overlap_unseen15": 5,
    "overlap_unseen16": 5,
    "overlap_unseen17": 5,
    "overlap_unseen18": 5,
    "overlap_unseen19": 5,
    "overlap_unseen20": 5,
    "overlap_unseen21": 3,
}
POSITIVE = {"same", "renamed", "part_of"}


def rows(name: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return _load(DATA / name, "procedures.json"), _load(DATA / name, "pairs.json")


@pytest.mark.parametrize("name", sorted(SETS))
def test_every_procedure_and_pair_is_well_formed(name: str) -> None:
    procedures, pairs = rows(name)
    check_fields(procedures)
    check_refs(procedures, pairs)
    check_pairs(procedures, pairs)
    # Every label says why, and belongs to a family its README lists.
    assert [pair for pair in pairs if not (pair["reason"].strip() and pair["group"].strip())] == []


@pytest.mark.parametrize("name", sorted(SETS))
def test_the_set_is_large_enough_and_holds_every_kind_of_label(name: str) -> None:
    procedures, pairs = rows(name)
    assert len(procedures) >= 80
    assert len(pairs) >= 100
    assert {pair["label"] for pair in pairs} == LABELS
    assert sum(1 for pair in pairs if pair["label"] in POSITIVE) >= 50
    assert sum(1 for pair in pairs if pair["label"] == "none") >= 40
    internal = {p["ref"] for p in procedures if p["kind"] == "internal"}
    overlapping_internal = [
        pair
        for pair in pairs
        if pair["label"] in POSITIVE and {pair["left"], pair["right"]} <= internal
    ]
    assert len(overlapping_internal) >= SETS[name]


@pytest.mark.parametrize("name", sorted(SETS))
def test_nothing_is_shared_with_any_other_set(name: str) -> None:
    procedures, _pairs = rows(name)
    others = [
        row
        for folder in sorted(DATA.glob("overlap_*"))
        if folder.name != name
        for row in _load(folder, "procedures.json")
    ]
    assert len(others) >= 8 * 60, "the other sets must be found"
    check_not_borrowed(procedures, others)


@pytest.mark.parametrize("name", sorted(SETS))
def test_the_readme_counts_match_the_data(name: str) -> None:
    procedures, pairs = rows(name)
    check_readme_counts(DATA / name, procedures, pairs)
