"""Integrity of the fifth unseen overlap evaluation set (``data/overlap_unseen5``).

The set was gathered before any overlap detector ran on it, so it is a held-out set: these tests
check the data only and never run the detector. Its format and sizes are the ones of
``overlap_unseen4``, so that set's checks are reused here (under names pytest does not collect);
only the list of other sets differs, as this one must share nothing with the fourth set either.
"""

from pathlib import Path
from typing import Any

import pytest

from motcua.reform.tests.test_overlap_unseen2_data import check_readme_counts
from motcua.reform.tests.test_overlap_unseen4_data import OTHER_SETS as OLDER_SETS
from motcua.reform.tests.test_overlap_unseen4_data import (
    test_every_procedure_and_pair_is_well_formed as check_well_formed,
)
from motcua.reform.tests.test_overlap_unseen4_data import (
    test_nothing_is_shared_with_the_other_sets as check_nothing_shared,
)
from motcua.reform.tests.test_overlap_unseen4_data import (
    test_the_set_is_large_enough_and_holds_every_kind_of_label as check_sizes,
)
from motcua.reform.tests.test_overlap_unseen_data import _load

DATA = Path(__file__).resolve().parents[1] / "data"
UNSEEN5 = DATA / "overlap_unseen5"
# The sets the fourth one is checked against, the fourth itself, and the set gathered at the same
# time on another branch, checked once it has been merged.
OTHER_SETS = (*OLDER_SETS, "overlap_unseen4", "overlap_unseen6")


@pytest.fixture(scope="module")
def procedures() -> list[dict[str, Any]]:
    return _load(UNSEEN5, "procedures.json")


@pytest.fixture(scope="module")
def pairs() -> list[dict[str, Any]]:
    return _load(UNSEEN5, "pairs.json")


@pytest.fixture(scope="module")
def others() -> list[dict[str, Any]]:
    folders = [DATA / name for name in OTHER_SETS if (DATA / name).is_dir()]
    return [row for folder in folders for row in _load(folder, "procedures.json")]


def test_every_procedure_and_pair_is_well_formed(
    procedures: list[dict[str, Any]], pairs: list[dict[str, Any]]
) -> None:
    check_well_formed(procedures, pairs)


def test_the_set_is_large_enough_and_holds_every_kind_of_label(
    procedures: list[dict[str, Any]], pairs: list[dict[str, Any]]
) -> None:
    check_sizes(procedures, pairs)


def test_nothing_is_shared_with_the_other_sets(
    procedures: list[dict[str, Any]], others: list[dict[str, Any]]
) -> None:
    assert "overlap_unseen4" in {name for name in OTHER_SETS if (DATA / name).is_dir()}
    check_nothing_shared(procedures, others)


def test_the_readme_counts_match_the_data(
    procedures: list[dict[str, Any]], pairs: list[dict[str, Any]]
) -> None:
    check_readme_counts(UNSEEN5, procedures, pairs)
