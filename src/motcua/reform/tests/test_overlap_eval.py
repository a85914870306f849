"""The labelled evaluation sets of overlap detection: their integrity, the split, the figures on
the held-out half and the fresh set (tuning figures since the last round read their errors), and
the place of the unseen set that measures the method."""

import hashlib
import json
import re
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from motcua.reform import overlap_eval
from motcua.reform.overlap import find_overlaps
from motcua.reform.overlap_eval import (
    BEFORE_UNSEEN_HELD_OUT,
    BEFORE_UNSEEN_TUNE,
    DATA,
    FIRST,
    FRESH,
    FRESH_DATA,
    HALVES,
    LABELS,
    NEWEST,
    POSITIVE,
    RECORDED,
    REPORTED,
    REPORTED_FRESH,
    REPORTED_UNSEEN,
    REPORTED_UNSEEN2,
    REPORTED_UNSEEN2_FIRST,
    REPORTED_UNSEEN_FIRST,
    REPORTED_UNSEEN_HELD_OUT,
    REPORTED_UNSEEN_TUNE,
    SETS,
    TUNING_SETS,
    UNSEEN,
    UNSEEN2,
    UNSEEN3,
    UNSEEN4,
    UNSEEN5,
    UNSEEN6,
    UNSEEN7,
    UNSEEN8,
    UNSEEN9,
    UNSEEN10,
    UNSEEN11,
    UNSEEN12,
    UNSEEN13,
    UNSEEN14,
    UNSEEN15,
    UNSEEN16,
    UNSEEN17,
    UNSEEN18,
    UNSEEN19,
    UNSEEN20,
    UNSEEN21,
    UNSEEN_DATA,
    UNSEEN_HELD_OUT,
    UNSEEN_TUNE,
    EvalSet,
    MissingSet,
    evaluate,
    half_of,
    load_pairs,
    load_procedures,
    load_sources,
    load_split,
)

#: Target of issue 22: precision 0.85 and recall 0.85. The held-out half and the fresh set meet it,
#: but both were read for tuning in the last round: only the unseen set can say the method does.
PRECISION_TARGET = 0.85
RECALL_TARGET = 0.85


def test_every_procedure_was_read_from_a_page_and_every_pair_is_labelled() -> None:
    procedures = load_procedures()
    sources = load_sources()
    refs = [p.ref for p in procedures]
    assert len(refs) == len(set(refs))
    assert all(p.name.strip() for p in procedures)
    assert all(re.match(r"https?://\S+$", sources[ref]) for ref in refs)
    pairs = load_pairs()
    assert len({p.id for p in pairs}) == len(pairs)
    assert all(p.left in sources and p.right in sources and p.left != p.right for p in pairs)
    assert all(p.label in LABELS and p.reason.strip() for p in pairs)
    labels = Counter(p.label for p in pairs)
    assert {"same", "renamed", "part_of", "none"} <= set(labels)
    # Issue 22: at least 200 real procedures and 150 labelled pairs.
    assert len(refs) >= 200
    assert len(pairs) >= 150


def test_internal_procedures_are_their_own_kind_with_overlaps_and_hard_negatives() -> None:
    internal = {p.ref for p in load_procedures() if p.internal}
    rows = json.loads((DATA / "procedures.json").read_text(encoding="utf-8"))
    assert {r["kind"] for r in rows} == {"public", "internal"}
    assert internal == {r["ref"] for r in rows if r["kind"] == "internal"}
    involved = [p for p in load_pairs() if {p.left, p.right} & internal]
    # The same internal step in two agencies, internal siblings that are no overlap, and
    # internal procedures set against public ones.
    assert sum(p.overlaps and {p.left, p.right} <= internal for p in involved) >= 2
    assert sum(not p.overlaps and {p.left, p.right} <= internal for p in involved) >= 3
    assert any(not {p.left, p.right} <= internal for p in involved)


def test_the_split_is_the_fixed_hash_split_and_covers_every_pair_once() -> None:
    split = load_split()
    pairs = {p.id: p for p in load_pairs()}
    assert sorted(split) == sorted(HALVES)
    assert sorted(split["tune"] + split["held-out"]) == sorted(pairs)
    assert all(pairs[pid].half == half for half in HALVES for pid in split[half])
    # A pair without a group falls by its own hash; a group falls whole in the half of its name.
    assert all(pairs[pid].half == half_of(pid) for pid in pairs if not pairs[pid].group)
    groups: dict[str, set[str]] = {}
    for pair in pairs.values():
        if pair.group:
            groups.setdefault(pair.group, set()).add(pair.half)
    assert len(groups) >= 10
    assert all(len(halves) == 1 for halves in groups.values())
    for half in HALVES:
        labels = {p.label for p in load_pairs() if p.id in set(split[half])}
        assert "none" in labels
        assert labels & {"same", "renamed", "part_of"}


@pytest.mark.parametrize("data", [DATA, FRESH_DATA], ids=["first", "fresh"])
def test_findings_on_real_procedures_explain_themselves_in_vietnamese_words(data: Path) -> None:
    procedures = load_procedures(data)
    findings = find_overlaps(procedures)
    assert findings
    for finding in findings:
        text = " ".join(finding.reasons + finding.missing)
        # No internal references and no diacritic-stripped tokens ("dang ky", "thu tuc").
        assert not any(p.ref in text for p in procedures)
        assert not re.search(r"\b(dang|ky|tuc|chinh|nd-cp)\b", text)
        assert finding.reasons


def test_an_unknown_half_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^fresh-ish$"):
        evaluate(half="fresh-ish")


def test_precision_and_recall_on_the_held_out_half(capsys: pytest.CaptureFixture[str]) -> None:
    result = evaluate(half="held-out")
    with capsys.disabled():
        print("\n" + result.summary())  # noqa: T201 - the figures the README quotes
    assert result.true_positives + result.false_negatives > 0
    precision, recall = result.precision, result.recall
    assert precision >= PRECISION_TARGET
    assert recall >= RECALL_TARGET
    # The README and the review screen quote exactly these counts.
    assert result.figures() == REPORTED
    assert REPORTED.precision == precision
    assert REPORTED.recall == recall
    assert result.true_positives + result.false_negatives == sum(
        p.overlaps for p in load_pairs() if p.half == "held-out"
    )
    assert POSITIVE <= LABELS


def test_the_fresh_set_is_new_real_and_labelled() -> None:
    procedures = load_procedures(FRESH_DATA)
    sources = load_sources(FRESH_DATA)
    refs = [p.ref for p in procedures]
    assert len(refs) == len(set(refs))
    assert all(re.match(r"https?://\S+$", sources[ref]) for ref in refs)
    # None of its pages, and none of its procedures, was in the first set.
    assert not set(sources.values()) & set(load_sources().values())
    assert not set(refs) & {p.ref for p in load_procedures()}
    pairs = load_pairs(FRESH_DATA)
    assert len({p.id for p in pairs}) == len(pairs)
    assert all(p.left in sources and p.right in sources and p.left != p.right for p in pairs)
    assert all(p.label in LABELS and p.reason.strip() and p.group for p in pairs)
    # The brief: at least 60 procedures and 50 labelled pairs, overlaps and hard negatives, and
    # an internal procedure set against the public one it repeats.
    assert len(refs) >= 60
    assert len(pairs) >= 50
    assert Counter(p.label for p in pairs) == {"same": 23, "none": 29, "renamed": 7}
    internal = {p.ref for p in procedures if p.internal}
    assert any(p.overlaps and len({p.left, p.right} & internal) == 1 for p in pairs)


def test_precision_and_recall_on_the_fresh_set(capsys: pytest.CaptureFixture[str]) -> None:
    result = evaluate(half=FRESH)
    with capsys.disabled():
        print("\n" + result.summary())  # noqa: T201 - the figures the README quotes
    assert result.precision >= PRECISION_TARGET
    assert result.recall >= RECALL_TARGET
    assert result.figures() == REPORTED_FRESH
    assert result.summary() == (
        "overlap detection, fresh set: 59 labelled pairs over 60 procedures; precision 0.97 "
        "(TP 29, FP 1), recall 0.97 (TP 29, FN 1), TN 28"
    )


def test_the_command_prints_the_same_figures() -> None:
    out = StringIO()
    call_command("reform", "overlap-eval", "--half", "held-out", stdout=out)
    assert out.getvalue().strip() == evaluate(half="held-out").summary()
    fresh = StringIO()
    call_command("reform", "overlap-eval", "--half", "fresh", stdout=fresh)
    assert fresh.getvalue().strip() == evaluate(half=FRESH).summary()
    # Every tuning set lists its errors; the unseen set never does.
    errors = StringIO()
    call_command("reform", "overlap-eval", "--half", "held-out", "--errors", stdout=errors)
    assert "  missed (" in errors.getvalue()
    with pytest.raises(CommandError, match="must stay unseen"):
        call_command("reform", "overlap-eval", "--half", "unseen", "--errors", stdout=out)


def test_a_missing_unseen_set_is_said_plainly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(overlap_eval.EVAL_SETS, UNSEEN, EvalSet(tmp_path / "overlap_unseen"))
    with pytest.raises(MissingSet, match=r"the unseen set is not here: .*overlap_unseen/ needs"):
        evaluate(half=UNSEEN)
    with pytest.raises(CommandError, match="the unseen set is not here"):
        call_command("reform", "overlap-eval", "--half", "unseen", stdout=StringIO())


def test_the_unseen_set_is_read_in_the_fresh_set_format(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A set laid out as ``overlap_fresh`` is evaluated whole, under its own name."""
    rows = json.loads((FRESH_DATA / "procedures.json").read_text(encoding="utf-8"))
    pairs = json.loads((FRESH_DATA / "pairs.json").read_text(encoding="utf-8"))[:3]
    refs = {ref for pair in pairs for ref in (pair["left"], pair["right"])}
    unseen = tmp_path / "overlap_unseen"
    unseen.mkdir()
    kept = [row for row in rows if row["ref"] in refs]
    (unseen / "procedures.json").write_text(json.dumps(kept, ensure_ascii=False), "utf-8")
    (unseen / "pairs.json").write_text(json.dumps(pairs, ensure_ascii=False), "utf-8")
    monkeypatch.setitem(overlap_eval.EVAL_SETS, UNSEEN, EvalSet(unseen))
    result = evaluate(half=UNSEEN)
    assert (result.procedures, result.pairs) == (len(kept), 3)
    assert result.summary().startswith(
        f"overlap detection, unseen set: 3 labelled pairs over {len(kept)} "
    )
    out = StringIO()
    call_command("reform", "overlap-eval", "--half", "unseen", stdout=out)
    assert out.getvalue().strip() == result.summary()


def test_unseen_figures_are_recorded_only_from_the_unseen_set() -> None:
    """No figure without its set; once the set is here, each half's figure is what it gives."""
    tune, held_out = evaluate(half=UNSEEN_TUNE), evaluate(half=UNSEEN_HELD_OUT)
    assert tune.figures() == REPORTED_UNSEEN_TUNE
    assert held_out.figures() == REPORTED_UNSEEN_HELD_OUT
    # The screen quotes the newest sets nobody read, added up, as the method now gives them.
    newest = [evaluate(half=name).figures() for name in NEWEST]
    assert REPORTED_UNSEEN.true_positives == sum(r.true_positives for r in newest)
    assert REPORTED_UNSEEN.false_positives == sum(r.false_positives for r in newest)
    assert REPORTED_UNSEEN.false_negatives == sum(r.false_negatives for r in newest)
    assert (REPORTED_UNSEEN.procedures, REPORTED_UNSEEN.pairs) == (592, 989)


def test_the_unseen_halves_are_its_families_split_once() -> None:
    split = load_split(UNSEEN_DATA)
    pairs = load_pairs(UNSEEN_DATA)
    assert not set(split["tune"]) & set(split["held-out"])
    assert sorted(split["tune"] + split["held-out"]) == sorted({p.group for p in pairs})

    # Fixed by the parity of the SHA-256 of the family's name, not chosen: parity 1 is held out.
    def parity(group: str) -> int:
        return int(hashlib.sha256(group.encode()).hexdigest(), 16) % 2

    assert {parity(group) for group in split["tune"]} == {0}
    assert {parity(group) for group in split["held-out"]} == {1}
    tune, held_out = evaluate(half=UNSEEN_TUNE), evaluate(half=UNSEEN_HELD_OUT)
    assert (tune.pairs, held_out.pairs) == (33, 59)
    assert tune.pairs + held_out.pairs == len(pairs) == REPORTED_UNSEEN_FIRST.pairs


def test_the_first_unseen_measurement_is_the_sum_of_its_halves_before() -> None:
    """The "before" of each half, counted on the first measurement, adds up to it."""
    first = REPORTED_UNSEEN_FIRST
    halves = (BEFORE_UNSEEN_TUNE, BEFORE_UNSEEN_HELD_OUT)
    assert sum(h.pairs for h in halves) == first.pairs
    assert sum(h.true_positives for h in halves) == first.true_positives
    assert sum(h.false_positives for h in halves) == first.false_positives
    assert sum(h.false_negatives for h in halves) == first.false_negatives
    assert (round(first.precision, 2), round(first.recall, 2)) == (0.72, 0.51)


def test_the_unseen_held_out_half_never_lists_its_errors() -> None:
    out = StringIO()
    call_command("reform", "overlap-eval", "--half", UNSEEN_HELD_OUT, stdout=out)
    assert out.getvalue().strip() == evaluate(half=UNSEEN_HELD_OUT).summary()
    assert out.getvalue().startswith("overlap detection, unseen-held-out half: 59 labelled pairs")
    for refused in (UNSEEN, UNSEEN_HELD_OUT):
        with pytest.raises(CommandError, match=f"does not list the {refused} set: it must stay"):
            call_command("reform", "overlap-eval", "--half", refused, "--errors", stdout=out)
    # The tune half is tuning data: its errors are listed.
    errors = StringIO()
    call_command("reform", "overlap-eval", "--half", UNSEEN_TUNE, "--errors", stdout=errors)
    assert errors.getvalue().startswith("overlap detection, unseen-tune half: 33 labelled pairs")


def test_the_data_files_are_plain_utf8_json() -> None:
    for name in ("procedures.json", "pairs.json", "split.json"):
        json.loads((DATA / name).read_text(encoding="utf-8"))
    for name in ("procedures.json", "pairs.json"):
        json.loads((FRESH_DATA / name).read_text(encoding="utf-8"))


def test_the_second_unseen_set_is_tuning_data_now_and_its_first_figure_is_kept() -> None:
    result = evaluate(half=UNSEEN2)
    assert result.figures() == REPORTED_UNSEEN2
    assert result.summary().startswith("overlap detection, unseen2 set: 92 labelled pairs")
    first = REPORTED_UNSEEN2_FIRST
    assert (first.procedures, first.pairs) == (REPORTED_UNSEEN2.procedures, REPORTED_UNSEEN2.pairs)
    assert (round(first.precision, 2), round(first.recall, 2)) == (0.86, 0.62)
    errors = StringIO()
    call_command("reform", "overlap-eval", "--half", UNSEEN2, "--errors", stdout=errors)
    listed = errors.getvalue().splitlines()[1:]
    assert len(listed) == result.false_positives + result.false_negatives


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_every_recorded_figure_is_what_its_set_gives(name: str) -> None:
    assert evaluate(half=name).figures() == RECORDED[name]


@pytest.mark.parametrize("name", sorted(FIRST))
def test_a_first_measurement_counts_its_whole_set(name: str) -> None:
    """A first figure was taken on the whole set as it is in the tree."""
    result = evaluate(half=name)
    assert (FIRST[name].procedures, FIRST[name].pairs) == (result.procedures, result.pairs)


def test_tuning_sets_are_those_whose_errors_were_read() -> None:
    assert set(TUNING_SETS) == {
        "tune",
        "held-out",
        FRESH,
        UNSEEN_TUNE,
        UNSEEN2,
        UNSEEN3,
        UNSEEN4,
        UNSEEN5,
        UNSEEN6,
        UNSEEN7,
        UNSEEN8,
        UNSEEN9,
        UNSEEN10,
        UNSEEN11,
        UNSEEN12,
        UNSEEN13,
        UNSEEN14,
    }
    assert NEWEST == (UNSEEN15, UNSEEN16, UNSEEN17, UNSEEN18, UNSEEN19, UNSEEN20, UNSEEN21)
    assert {UNSEEN, UNSEEN_HELD_OUT, *NEWEST} == set(SETS) - set(TUNING_SETS)
    for name in set(SETS) - set(TUNING_SETS):
        with pytest.raises(CommandError, match=f"does not list the {name} set: it must stay"):
            call_command("reform", "overlap-eval", "--half", name, "--errors", stdout=StringIO())
