"""Every indicator's formula, pinned on hand-computed counts and on a small real history."""

import json
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from motcua.accounts.models import Agency
from motcua.core.outbox import outbox_run_due
from motcua.dossiers.models import Dossier, DossierResult
from motcua.dossiers.services import dossier_transition
from motcua.dossiers.tests.factories import AT, build_world, submit
from motcua.feedback.models import Satisfaction
from motcua.feedback.ratings import dossier_rate
from motcua.feedback.services import feedback_answer, feedback_rate
from motcua.reporting.aggregates import reporting_rebuild, rollups_snapshot, tallies_snapshot
from motcua.reporting.definitions import _groups_from
from motcua.reporting.facts import province_of
from motcua.reporting.selectors import (
    Period,
    agency_index,
    agency_indexes,
    compute_index,
    monthly_counts,
    officer_steps,
    overall_index,
)

HAND_COUNTS = Counter(
    {
        "received": 10,
        "online": 4,
        "full_process": 2,
        "with_fee": 5,
        "paid_online": 2,
        "digitized": 6,
        "reused": 3,
        "resolved": 8,
        "resolved_on_time": 6,
        "resolved_late": 2,
        "result_digitized": 4,
        "rated": 4,
        "satisfied": 3,
        "fb_answered": 4,
        "fb_published": 2,
        "fb_answered_on_time": 3,
        "fb_answered_late": 1,
        "fb_overdue_open": 1,
        "fb_rated": 2,
        "fb_rated_satisfied": 1,
        "catalog_in_force": 4,
        "catalog_published": 3,
        "catalog_full_online": 1,
    }
)


def points(counts: Counter[str], *, minimum: int = 1) -> dict[str, float]:
    index = compute_index(counts, minimum=minimum)
    return {i.indicator.code: i.points for g in index.groups for i in g.indicators}


def test_an_indicator_on_too_few_dossiers_earns_nothing_and_says_so() -> None:
    # given: the hand counts and a minimum of 5 per indicator
    index = compute_index(HAND_COUNTS, minimum=5)
    items = {i.indicator.code: i for g in index.groups for i in g.indicators}
    # then: 4 ratings, 2 rated answers are too few; 5 fees are enough; the catalogue counts
    # procedures, not dossiers, and is always scored
    assert not items["5.1"].enough
    assert items["5.1"].points == 0.0
    assert items["5.1"].rate == 0.75  # the figure is still known, it is not scored
    assert items["4.3"].enough
    assert items["4.3"].points == 3.2
    assert items["1.1"].enough
    assert items["1.1"].points == 3.0
    assert index.total < compute_index(HAND_COUNTS, minimum=1).total


def test_one_paid_fee_is_not_full_marks_and_one_dossier_is_not_ranked() -> None:
    one = Counter({"received": 1, "online": 1, "with_fee": 1, "paid_online": 1})
    index = compute_index(one, minimum=5)
    paid = next(i for g in index.groups for i in g.indicators if i.indicator.code == "4.3")
    assert (paid.numerator, paid.denominator, paid.enough, paid.points) == (1, 1, False, 0.0)
    assert not index.ranked(5)
    assert compute_index(HAND_COUNTS, minimum=5).ranked(5)
    assert compute_index(one, minimum=1).ranked(1)


def test_every_indicator_formula_on_hand_computed_counts() -> None:
    got = points(HAND_COUNTS)
    assert got == {
        "1.1": 3.0,  # 4 x 3/4 procedures published
        "1.2": 6.0,  # 6 x 10/10 dossiers with public progress
        "1.3": 4.0,  # 8 x 2/4 answers published
        "2.1": 15.0,  # 20 x 6/8 resolved on time
        "3.1": 4.8,  # 8 x 6/10 digitized
        "3.2": 4.0,  # 8 x 4/8 results digitized
        "3.3": 1.8,  # 6 x 3/10 reused data
        "4.1": 1.5,  # 6 x 1/4 procedures full-process
        "4.2": 3.2,  # 8 x 4/10 filed online
        "4.3": 3.2,  # 8 x 2/5 paid online
        "5.1": 4.5,  # 6 x 3/4 satisfied
        "5.2": 3.6,  # 6 x 3/(3+1+1) feedback answered on time
        "5.3": 3.0,  # 6 x 1/2 answers rated satisfied
    }
    index = compute_index(HAND_COUNTS, minimum=1)
    assert [g.points for g in index.groups] == [13.0, 15.0, 10.6, 7.9, 11.1]
    assert index.total == 57.6
    assert [g.group.points for g in index.groups] == [18, 20, 22, 22, 18]


def test_an_empty_denominator_earns_nothing_and_the_maximum_is_100() -> None:
    assert compute_index(Counter()).total == 0
    full = Counter({m: 1 for m in HAND_COUNTS})
    full.update({"fb_answered_late": -1, "fb_overdue_open": -1})
    assert compute_index(full, minimum=1).total == 100


def test_a_definitions_file_changes_an_indicator(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "definitions.json"
    path.write_text(
        json.dumps({"indicators": {"4.3": {"points": 4, "denominator": ["received"]}}}),
        encoding="utf-8",
    )
    settings.MOTCUA_REPORTING_DEFINITIONS = str(path)
    _groups_from.cache_clear()
    try:
        assert points(HAND_COUNTS)["4.3"] == 0.8  # 4 x 2/10
    finally:
        settings.MOTCUA_REPORTING_DEFINITIONS = ""
        _groups_from.cache_clear()


def drain() -> None:
    """Run the outbox as the worker does, until nothing is due."""
    for _ in range(20):
        if not outbox_run_due(now=AT + timedelta(days=400)).claimed:
            return


def walk_to_return(dossier: Dossier, world: object, *, hours: int) -> Dossier:
    actors = [world.receiver, world.specialist, world.leader, world.receiver]  # type: ignore[attr-defined]
    for n, actor in enumerate(actors, start=1):
        dossier = dossier_transition(
            dossier=dossier,
            action="complete_step",
            actor=actor,
            at=AT + timedelta(hours=hours * n),
        )
    return dossier


@pytest.mark.django_db
def test_the_index_of_a_small_history_and_the_rebuild_agree() -> None:
    # given four dossiers: one returned early and rated satisfied, one returned late and rated
    # unsatisfied (which opens a feedback item), one refused, one still open with reused data
    world = build_world()
    fast = walk_to_return(submit(world).dossier, world, hours=1)
    late = walk_to_return(submit(world).dossier, world, hours=30)
    refused = submit(world).dossier
    refused = dossier_transition(
        dossier=refused, action="complete_step", actor=world.receiver, at=AT + timedelta(hours=1)
    )
    refused = dossier_transition(
        dossier=refused,
        action="refuse",
        actor=world.specialist,
        at=AT + timedelta(hours=2),
        reasons=["Không đủ điều kiện"],
    )
    submit(
        world,
        form_provenance={"to_khai.full_name": {"source": "population_registry", "verified": True}},
    )
    DossierResult.objects.create(
        dossier=fast,
        title="Kết quả",
        verification_code="V-1",
        file="results/x.pdf",
        sha256="0" * 64,
        created_at=AT,
    )
    drain()
    when = AT + timedelta(days=30)
    dossier_rate(
        code=fast.code,
        satisfaction=Satisfaction.VERY_SATISFIED,
        answers={"5": 2, "9": 1},
        actor=world.applicant_user,
        at=when,
    )
    rating = dossier_rate(
        code=late.code,
        satisfaction=Satisfaction.UNSATISFIED,
        answers={"5": 1, "9": 0},
        actor=world.applicant_user,
        at=when,
        comment="Chậm quá",
    )
    assert rating.feedback_code.startswith("PAKN.")
    item = feedback_answer(
        code=rating.feedback_code,
        answer="Xin lỗi Ông/Bà.",
        actor=world.leader,
        at=when + timedelta(days=1),
        publish=False,
    )
    feedback_rate(code=item.code, access_key=item.access_key, rating=2, at=when + timedelta(days=2))
    drain()

    # then the competent agency's figures are the hand-counted ones
    period = Period(date(2026, 1, 1), date(2026, 12, 1))
    index = agency_index(world.competent, period, on=date(2026, 3, 2))
    counts = index.counts
    assert counts["received"] == 4
    assert counts["channel_counter"] == 4
    assert counts["digitized"] == 4  # every counter dossier carries its scanned document
    assert counts["reused"] == 1
    assert counts["resolved"] == 3
    # the refusal came before the due date; the late one passed its 3-working-day due date
    assert counts["resolved_on_time"] == 2
    assert counts["resolved_late"] == 1
    assert counts["result_digitized"] == 1
    assert counts["rated"] == 2
    assert counts["satisfied"] == 1
    assert counts["fb_received"] == 1
    assert counts["fb_answered_on_time"] == 1
    assert counts["fb_rated"] == 1
    assert counts["fb_rated_satisfied"] == 0
    got = {
        i.indicator.code: (i.numerator, i.denominator) for g in index.groups for i in g.indicators
    }
    assert got["2.1"] == (2, 3)
    assert got["3.1"] == (4, 4)
    assert got["3.2"] == (1, 3)
    assert got["3.3"] == (1, 4)
    assert got["5.1"] == (1, 2)
    assert got["5.2"] == (1, 1)
    assert got["5.3"] == (0, 1)
    steps = officer_steps(period, agency_ids=[world.competent.pk])
    # Each step handed over (Circular 01/2018, form 05): the receiver took in the fast dossier and
    # the refused one on the hour they were due (10:00) and returned the fast one the day it was
    # due, but the late one 30 hours after each step began; the specialist finished the fast
    # appraisal a day early, the leader approved it the day it was due.
    by_officer = {s.officer: (s.early, s.on_time, s.late) for s in steps}
    assert by_officer == {
        world.receiver: (0, 3, 2),
        world.specialist: (1, 0, 1),
        world.leader: (0, 1, 1),
    }
    assert steps[0].officer == world.receiver  # the most late steps first

    # and recomputing everything from the history gives the same tallies
    incremental = tallies_snapshot()
    rolled = rollups_snapshot()
    reporting_rebuild()
    assert tallies_snapshot() == incremental
    # and the province rollup equals the tallies it sums, kept and rebuilt alike
    assert rollups_snapshot() == rolled
    by_province: Counter[tuple[str, str, str, str]] = Counter()
    for (agency_id, procedure, month, measure), count in incremental.items():
        if procedure in ("*", "**"):
            province = province_of(Agency.objects.get(pk=agency_id))
            by_province[(province, procedure, month, measure)] += count
    assert rolled == dict(by_province)
    # the national figures (trend from the rollup, index from the ranking) are the agency's here
    national = overall_index(period, on=date(2026, 3, 2))
    assert national.total == index.total  # one agency holds every figure
    assert monthly_counts(period) == monthly_counts(period, agency_ids=[world.competent.pk])
    assert [v.agency for v in agency_indexes(period, on=date(2026, 3, 2))] == [world.competent]


@pytest.mark.django_db
def test_the_rebuild_command_prints_what_it_recomputed() -> None:
    from io import StringIO

    from django.core.management import call_command

    world = build_world()
    submit(world)
    out = StringIO()
    call_command("reporting", "rebuild", stdout=out)
    assert out.getvalue().startswith("1 dossiers,")
