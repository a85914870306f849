"""Integrity of the fourth unseen overlap evaluation set (``data/overlap_unseen4``).

The set was gathered before any overlap detector ran on it, so it is a held-out set: these tests
check the data only and never run the detector. Its format is the one of ``overlap_unseen2``, so
that set's checks are reused here (under names pytest does not collect) and only what this set
adds is written out: its sizes, and that it shares nothing with any other set.
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
    test_refs_are_unique_and_every_procedure_is_in_a_pair as check_refs,
)
from motcua.reform.tests.test_overlap_unseen_data import LABELS, _load

DATA = Path(__file__).resolve().parents[1] / "data"
UNSEEN4 = DATA / "overlap_unseen4"
# Every other set whose procedures somebody has looked at, scored or is gathering; a set gathered
# at the same time on another branch is checked once it has been merged.
OTHER_SETS = (
    "overlap_eval",
    "overlap_fresh",
    "overlap_unseen",
    "overlap_unseen2",
    "overlap_unseen3",
)
POSITIVE = {"same", "renamed", "part_of"}


@pytest.fixture(scope="module")
def procedures() -> list[dict[str, Any]]:
    return _load(UNSEEN4, "procedures.json")


@pytest.fixture(scope="module")
def pairs() -> list[dict[str, Any]]:
    return _load(UNSEEN4, "pairs.json")


@pytest.fixture(scope="module")
def others() -> list[dict[str, Any]]:
    folders = [DATA / name for name in OTHER_SETS if (DATA / name).is_dir()]
    return [row for folder in folders for row in _load(folder, "procedures.json")]


def test_every_procedure_and_pair_is_well_formed(
    procedures: list[dict[str, Any]], pairs: list[dict[str, Any]]
) -> None:
    check_fields(procedures)
    check_refs(procedures, pairs)
    check_pairs(procedures, pairs)


def test_the_set_is_large_enough_and_holds_every_kind_of_label(
    procedures: list[dict[str, Any]], pairs: list[dict[str, Any]]
) -> None:
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
    assert len(overlapping_internal) >= 5


def test_nothing_is_shared_with_the_other_sets(
    procedures: list[dict[str, Any]], others: list[dict[str, Any]]
) -> None:
    assert len(others) >= 4 * 60, "the older sets must be found"
    other_refs = {p["ref"] for p in others}
    other_sources = {p["source"] for p in others}
    other_names = {p["name"].strip().casefold() for p in others}
    assert [p["ref"] for p in procedures if p["ref"] in other_refs] == []
    assert [p["ref"] for p in procedures if p["source"] in other_sources] == []
    assert [p["ref"] for p in procedures if p["name"].strip().casefold() in other_names] == []


def test_the_readme_counts_match_the_data(
    procedures: list[dict[str, Any]], pairs: list[dict[str, Any]]
) -> None:
    check_readme_counts(UNSEEN4, procedures, pairs)
