"""Integrity of the third unseen overlap evaluation set (``data/overlap_unseen3``).

The set was gathered from published pages before any overlap detector ran on it, so it is a
held-out set: these tests check the data only and never run the detector. Its format is the one
of ``overlap_unseen``, so the older sets' checks are reused (under names pytest does not collect)
and only what this set adds is written out.
"""

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from motcua.reform.tests.test_overlap_unseen2_data import (
    check_readme_counts,
)
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
    test_refs_are_unique_and_every_procedure_is_in_a_pair as check_paired,
)
from motcua.reform.tests.test_overlap_unseen_data import (
    LABELS,
    _load,
)

DATA = Path(__file__).resolve().parents[1] / "data"
UNSEEN3 = DATA / "overlap_unseen3"
# Every other set: the ones already looked at or scored, and overlap_unseen4, gathered at the
# same time as this one, when it is present.
OTHER_SETS = (
    "overlap_eval",
    "overlap_fresh",
    "overlap_unseen",
    "overlap_unseen2",
    "overlap_unseen4",
)
POSITIVE = LABELS - {"none"}


@pytest.fixture(scope="module")
def procedures() -> list[dict[str, Any]]:
    return _load(UNSEEN3, "procedures.json")


@pytest.fixture(scope="module")
def pairs() -> list[dict[str, Any]]:
    return _load(UNSEEN3, "pairs.json")


@pytest.fixture(scope="module")
def others() -> list[dict[str, Any]]:
    folders = [DATA / name for name in OTHER_SETS]
    return [
        row for folder in folders if folder.is_dir() for row in _load(folder, "procedures.json")
    ]


def test_every_procedure_and_pair_is_well_formed(
    procedures: list[dict[str, Any]], pairs: list[dict[str, Any]]
) -> None:
    check_fields(procedures)
    check_paired(procedures, pairs)
    check_pairs(procedures, pairs)
    for pair in pairs:
        assert pair["reason"].strip(), pair
        assert pair["group"].strip(), pair


def test_the_set_is_large_enough_and_holds_hard_negatives_and_every_kind_of_overlap(
    procedures: list[dict[str, Any]], pairs: list[dict[str, Any]]
) -> None:
    assert len(procedures) >= 80
    assert len(pairs) >= 100
    assert {pair["label"] for pair in pairs} == LABELS
    labels = Counter(pair["label"] for pair in pairs)
    assert sum(labels[label] for label in POSITIVE) >= 50
    assert labels["none"] >= 40
    kinds = Counter(procedure["kind"] for procedure in procedures)
    assert kinds["public"] >= 40
    assert kinds["internal"] >= 10
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
    assert others
    check_not_borrowed(procedures, others)


def test_the_readme_counts_match_the_data(
    procedures: list[dict[str, Any]], pairs: list[dict[str, Any]]
) -> None:
    path = UNSEEN3 / "README.md"
    check_readme_counts(UNSEEN3, procedures, pairs)
    table = re.findall(r"^\| ([a-z-]+) \(", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert sorted(table) == sorted({pair["group"] for pair in pairs})
