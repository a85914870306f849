import math
from datetime import UTC, datetime

import pytest

from motcua.accounts.models import Role
from motcua.bench.models import PeerWorkflowState
from motcua.bench.runner import (
    OPEN_EVERY,
    FillResult,
    Latency,
    PeerEngine,
    Report,
    Throughput,
    complete_step,
    fast_fill,
    judge,
    peer_step_names,
    percentile,
    ratio,
    submit_one,
    world_ensure,
)
from motcua.core.selectors import audit_verify
from motcua.dossiers.models import Dossier, DossierCodeCounter, DossierEvent, DossierStatus
from motcua.dossiers.selectors import dossier_public_status, work_queue

#: Thursday 26 November 2026, 09:00 in Hà Nội.
AT = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


def test_percentile_by_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile(values, 100) == 100.0
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert percentile([7.0], 99) == 7.0
    assert math.isnan(percentile([], 50))
    with pytest.raises(ValueError, match="101"):
        percentile([1.0], 101)


def test_ratio_of_measured_numbers() -> None:
    assert ratio(900.0, 1800.0) == 0.5
    assert math.isnan(ratio(1.0, 0.0))
    assert math.isnan(ratio(math.nan, 2.0))


def _throughput(per_second: float) -> Throughput:
    return Throughput("test", 10, 0, 1.0, 8, per_second)


def test_judge_computes_ratios_and_verdicts_from_the_figures() -> None:
    report = Report(vendor="postgresql", dossiers=1_000_000, clients=8, seconds=10, started_at="t")
    report.fill = FillResult("fill", 1_000_000, 0, 1_000_000, 1.0, 1.0)
    report.transitions = _throughput(1000.0)
    report.raw_ceiling = _throughput(1800.0)
    report.motcua_instances = _throughput(60.0)
    report.peer_instances = _throughput(30.0)
    report.lookup = Latency("lookup", 100, 1.0, 19.9, 25.0)
    report.work_queue = Latency("queue", 100, 50.0, 120.0, 130.0)

    judge(report)

    assert report.ratios["transitions_vs_raw"] == pytest.approx(1000 / 1800)
    assert report.ratios["motcua_vs_peer"] == pytest.approx(2.0)
    verdicts = {v.name: (v.verdict, v.note) for v in report.verdicts}
    assert verdicts == {
        "transitions_vs_raw": ("PASS", ""),
        "motcua_vs_peer": ("MISS", ""),
        "lookup_p99_ms": ("PASS", ""),
        "work_queue_p99_ms": ("MISS", ""),
    }


def test_judge_never_invents_a_missing_figure() -> None:
    report = Report(vendor="sqlite", dossiers=30, clients=2, seconds=1, started_at="t")
    report.transitions = _throughput(10.0)

    judge(report)

    assert math.isnan(report.ratios["transitions_vs_raw"])
    assert {v.verdict for v in report.verdicts} == {"UNKNOWN"}
    assert all(v.note for v in report.verdicts)


@pytest.mark.django_db
def test_fast_fill_writes_dossiers_the_real_selectors_find() -> None:
    # given
    world = world_ensure(at=AT)

    # when
    result = fast_fill(world=world, count=30, at=AT, batch=7)

    # then
    assert (result.existing, result.filled) == (0, 30)
    assert Dossier.objects.count() == 30
    assert audit_verify() is None
    counter = DossierCodeCounter.objects.get(agency=world.unit.agency)
    assert counter.last == 30
    assert counter.day < AT.date()
    code = f"{world.unit.agency.code}-{counter.day:%y%m%d}-0007"
    found = dossier_public_status(code=code)
    assert found.code == code
    assert found.status == DossierStatus.RETURNED
    assert DossierEvent.objects.filter(dossier__code=code).count() == len(world.steps) + 1
    open_ = Dossier.objects.exclude(status=DossierStatus.RETURNED)
    assert open_.count() == 30 // OPEN_EVERY
    for dossier in open_:
        officer = world.officer_for(dossier.current_step)
        assert dossier in work_queue(user=officer, on=AT)
        others = [u for u in world.officers.values() if u != officer]
        assert all(dossier not in work_queue(user=u, on=AT) for u in others)


@pytest.mark.django_db
def test_fast_fill_adds_only_what_is_missing_on_new_days() -> None:
    world = world_ensure(at=AT)
    fast_fill(world=world, count=12, at=AT)

    again = fast_fill(world=world, count=20, at=AT)

    assert (again.existing, again.filled) == (12, 8)
    assert DossierCodeCounter.objects.filter(agency=world.unit.agency).count() == 2
    assert audit_verify() is None


@pytest.mark.django_db
def test_a_filled_open_dossier_moves_on_through_the_real_service() -> None:
    world = world_ensure(at=AT)
    fast_fill(world=world, count=OPEN_EVERY * 2, at=AT)
    dossier = Dossier.objects.exclude(status=DossierStatus.RETURNED).first()
    assert dossier is not None
    before, history = dossier.current_step, dossier.events.count()

    moved = complete_step(world, dossier_id=dossier.pk, at=AT)

    assert moved.current_step != before
    assert moved.events.count() == history + 1
    assert audit_verify() is None


@pytest.mark.django_db
def test_one_lifecycle_through_the_services_and_the_peer() -> None:
    world = world_ensure(at=AT)

    dossier = submit_one(world, at=AT)
    walked = 0
    while dossier.current_step is not None:
        dossier = complete_step(world, dossier_id=dossier.pk, at=AT)
        walked += 1
    engine = PeerEngine(peer_step_names(world))
    instance = engine.start(at=AT)
    steps = 1
    while not engine.step(instance_id=instance, actor="user:1", at=AT):
        steps += 1

    assert dossier.status == DossierStatus.RETURNED
    assert walked + 1 == steps == 6
    assert PeerWorkflowState.objects.get(pk=instance).completed
    assert world.officer_for(world.steps[0].order) == world.officers[Role.ONE_STOP_OFFICER]
