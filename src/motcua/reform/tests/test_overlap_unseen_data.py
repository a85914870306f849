"""Integrity of the unseen overlap evaluation set (``data/overlap_unseen``).

The set was gathered so the overlap detector can be measured on procedures nobody tuned on, so
these tests check the data only and never run the detector.
"""

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
UNSEEN = DATA / "overlap_unseen"
PROCEDURE_KEYS = {
    "ref",
    "name",
    "code",
    "agency",
    "level",
    "kind",
    "decision",
    "legal_basis",
    "steps",
    "documents",
    "time",
    "source",
}
PAIR_KEYS = {"left", "right", "label", "reason", "group"}
LABELS = {"same", "renamed", "part_of", "none"}


def _load(folder: Path, name: str) -> list[dict[str, Any]]:
    rows = json.loads((folder / name).read_text(encoding="utf-8"))
    assert isinstance(rows, list)
    assert all(isinstance(row, dict) for row in rows)
    return rows


@pytest.fixture(scope="module")
def procedures() -> list[dict[str, Any]]:
    return _load(UNSEEN, "procedures.json")


@pytest.fixture(scope="module")
def pairs() -> list[dict[str, Any]]:
    return _load(UNSEEN, "pairs.json")


def test_every_procedure_has_the_fields_of_the_other_sets(
    procedures: list[dict[str, Any]],
) -> None:
    fresh_keys = set(_load(DATA / "overlap_fresh", "procedures.json")[0])
    assert fresh_keys == PROCEDURE_KEYS
    for procedure in procedures:
        assert set(procedure) == PROCEDURE_KEYS, procedure["ref"]
        assert procedure["name"].strip(), procedure["ref"]
        assert procedure["kind"] in {"public", "internal"}, procedure["ref"]
        assert procedure["source"].startswith(("http://", "https://")), procedure["ref"]
        for field in ("legal_basis", "steps", "documents"):
            values = procedure[field]
            assert isinstance(values, list), (procedure["ref"], field)
            assert all(isinstance(value, str) and value.strip() for value in values)


def test_refs_are_unique(procedures: list[dict[str, Any]]) -> None:
    repeated = [ref for ref, n in Counter(p["ref"] for p in procedures).items() if n > 1]
    assert repeated == []


def test_every_pair_names_two_known_procedures_with_a_valid_label(
    procedures: list[dict[str, Any]], pairs: list[dict[str, Any]]
) -> None:
    refs = {procedure["ref"] for procedure in procedures}
    for pair in pairs:
        assert set(pair) == PAIR_KEYS, pair
        assert pair["left"] in refs, pair["left"]
        assert pair["right"] in refs, pair["right"]
        assert pair["left"] != pair["right"], pair
        assert pair["label"] in LABELS, pair
        assert pair["reason"].strip(), pair
        assert pair["group"].strip(), pair


def test_no_pair_is_labelled_twice(pairs: list[dict[str, Any]]) -> None:
    keys = Counter(frozenset((pair["left"], pair["right"])) for pair in pairs)
    assert [sorted(key) for key, n in keys.items() if n > 1] == []


def test_the_set_is_large_enough_and_holds_every_kind_of_label(
    procedures: list[dict[str, Any]], pairs: list[dict[str, Any]]
) -> None:
    assert len(procedures) >= 70
    assert len(pairs) >= 70
    assert {pair["label"] for pair in pairs} == LABELS
    internal = {p["ref"] for p in procedures if p["kind"] == "internal"}
    assert any(pair["left"] in internal or pair["right"] in internal for pair in pairs)


def test_nothing_is_borrowed_from_the_sets_already_seen(
    procedures: list[dict[str, Any]],
) -> None:
    seen = _load(DATA / "overlap_eval", "procedures.json") + _load(
        DATA / "overlap_fresh", "procedures.json"
    )
    seen_refs = {p["ref"] for p in seen}
    seen_sources = {p["source"] for p in seen}
    assert [p["ref"] for p in procedures if p["ref"] in seen_refs] == []
    assert [p["ref"] for p in procedures if p["source"] in seen_sources] == []


def test_the_readme_counts_match_the_data(
    procedures: list[dict[str, Any]], pairs: list[dict[str, Any]]
) -> None:
    readme = (UNSEEN / "README.md").read_text(encoding="utf-8")
    assert f"{len(procedures)} procedures" in readme
    assert f"{len(pairs)} labelled pairs" in readme
    for label, count in Counter(pair["label"] for pair in pairs).items():
        assert f"| {label} | {count} |" in readme, label
