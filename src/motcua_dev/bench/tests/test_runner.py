import math
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from motcua.accounts.models import Role
from motcua.core.models import AuditEntry, OutboxMessage
from motcua.core.selectors import audit_verify
from motcua.dossiers.models import (
    Dossier,
    DossierCodeCounter,
    DossierEvent,
    DossierResult,
    DossierStatus,
)
from motcua.dossiers.selectors import dossier_public_status, work_queue
from motcua_dev.bench.clients import combined, run_clients, side_by_side
from motcua_dev.bench.figures import Latency, Throughput, percentile, ratio
from motcua_dev.bench.fill import OPEN_EVERY, fast_fill
from motcua_dev.bench.measures import measure_transitions, open_dossier_ids, signing_step_orders
from motcua_dev.bench.models import PeerWorkflowState
from motcua_dev.bench.peer import PeerEngine, peer_step_names
from motcua_dev.bench.raw import raw_connection, raw_transition
from motcua_dev.bench.report import FillResult, Report, judge
from motcua_dev.bench.world import complete_step, plain_world, submit_one, world_ensure

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


def test_runs_of_one_measurement_combine_into_one_figure() -> None:
    first = Throughput("svc", 300, 1, 2.0, 4, 150.0, "", client_cpu_ms=2.0, database_cpu_ms=1.0)
    second = Throughput(
        "svc", 100, 0, 2.0, 4, 50.0, "Conflict: x", client_cpu_ms=6.0, database_cpu_ms=math.nan
    )

    figure = combined([first, second])

    assert (figure.operations, figure.errors, figure.seconds) == (400, 1, 4.0)
    assert figure.per_second == pytest.approx(100.0)
    assert figure.client_cpu_ms == pytest.approx((300 * 2.0 + 100 * 6.0) / 400)
    assert figure.database_cpu_ms == pytest.approx(1.0)  # the run that measured it
    assert figure.first_error == "Conflict: x"
    assert figure.source == "svc; 2 rounds"


def test_side_by_side_measures_in_turns_for_the_seconds_given() -> None:
    calls: list[tuple[str, float]] = []

    def measure(name: str) -> "Callable[[float], Throughput]":
        def run(seconds: float) -> Throughput:
            calls.append((name, seconds))
            return Throughput(name, 10, 0, seconds, 2, 10 / seconds)

        return run

    service, raw = side_by_side([measure("service"), measure("raw")], seconds=6.0, rounds=3)

    assert calls == [("service", 2.0), ("raw", 2.0)] * 3
    assert service.operations == 30
    assert service.seconds == pytest.approx(6.0)
    assert raw.per_second == pytest.approx(5.0)


def test_judge_computes_ratios_and_verdicts_from_the_figures() -> None:
    report = Report(vendor="postgresql", dossiers=1_000_000, clients=8, seconds=10, started_at="t")
    report.fill = FillResult("fill", 1_000_000, 0, 1_000_000, 1.0, 1.0)
    report.transitions = _throughput(1000.0)
    report.raw_ceiling = _throughput(1800.0)
    report.motcua_instances = _throughput(60.0)
    report.plain_instances = _throughput(90.0)
    report.peer_instances = _throughput(30.0)
    report.lookup = Latency("lookup", 100, 1.0, 19.9, 25.0)
    report.work_queue = Latency("queue", 100, 50.0, 120.0, 130.0)

    judge(report)

    assert report.ratios["transitions_vs_raw"] == pytest.approx(1000 / 1800)
    assert report.ratios["motcua_vs_peer"] == pytest.approx(2.0)
    assert report.ratios["plain_vs_peer"] == pytest.approx(3.0)
    assert report.ratios["raw_instances_vs_peer"] == pytest.approx(1800 / 6 / 30)
    # the SpiffWorkflow comparisons are reference figures: no verdict, whatever they measure
    verdicts = {v.name: (v.verdict, v.note) for v in report.verdicts}
    assert verdicts == {
        "transitions_vs_raw": ("PASS", ""),
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


@pytest.mark.django_db(transaction=True)  # the raw loop has its own connection
@pytest.mark.parametrize("hand_over", [True, False])
def test_the_raw_loop_writes_what_a_hand_over_writes(hand_over: bool) -> None:
    world = world_ensure(at=AT)
    fast_fill(world=world, count=OPEN_EVERY * len(world.steps), at=AT)
    dossier = Dossier.objects.filter(current_role=Role.SPECIALIST).first()
    assert dossier is not None
    chain = f"dossier:{dossier.code}"
    audits, outbox = AuditEntry.objects.filter(chain=chain).count(), OutboxMessage.objects.count()

    with raw_connection() as raw:
        for _ in range(2):
            raw_transition(
                raw,
                dossier_id=dossier.pk,
                actor_id=world.officers[Role.SPECIALIST].pk,
                at=AT,
                hand_over=hand_over,
            )

    moved = Dossier.objects.get(pk=dossier.pk)
    assert moved.version == dossier.version + 2
    assert moved.last_event_seq == dossier.last_event_seq + 2
    assert list(moved.events.order_by("seq").values_list("seq", flat=True))[-2:] == [
        dossier.last_event_seq + 1,
        dossier.last_event_seq + 2,
    ]
    assert AuditEntry.objects.filter(chain=chain).count() == audits + 2
    assert audit_verify() is None
    if hand_over:
        # passed on to the next holder and back, a deadline set each time, an outbox row each
        assert moved.current_role == Role.SPECIALIST
        assert moved.step_due_at is not None
        assert moved.step_due_at > AT
        assert OutboxMessage.objects.count() == outbox + 2
    else:
        assert moved.current_role == dossier.current_role
        assert moved.step_due_at == dossier.step_due_at
        assert OutboxMessage.objects.count() == outbox


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


@pytest.mark.django_db
def test_a_plain_dossier_walks_the_peers_six_steps_without_document_or_signature() -> None:
    world = world_ensure(at=AT)

    plain = plain_world(world, at=AT)
    dossier = submit_one(plain, at=AT)
    walked = 0
    while dossier.current_step is not None:
        dossier = complete_step(plain, dossier_id=dossier.pk, at=AT)
        walked += 1

    assert dossier.status == DossierStatus.RETURNED
    assert walked + 1 == len(peer_step_names(plain)) == 6
    assert peer_step_names(plain) == peer_step_names(world)
    assert [(s.role, s.order) for s in plain.steps] == [(s.role, s.order) for s in world.steps]
    assert dossier.procedure_version == plain.version != world.version
    assert not dossier.documents.exists()
    assert not DossierResult.objects.exists()
    assert audit_verify() is None
    assert plain_world(world, at=AT).version == plain.version, "published once"
    assert world_ensure(at=AT).version == world.version, "the bench's procedure is untouched"


@pytest.mark.django_db(transaction=True)  # the clients are threads with their own connections
def test_the_hand_over_walk_leaves_the_signing_step_to_its_own_measurement() -> None:
    # given: open dossiers at every step, as the fill leaves them
    world = world_ensure(at=AT)
    fast_fill(world=world, count=OPEN_EVERY * len(world.steps) * 2, at=AT)
    signs = signing_step_orders(world)
    plain = [s.order for s in world.steps if s.order not in signs]
    walked = open_dossier_ids(limit=100, at_steps=plain)
    at_signing = open_dossier_ids(limit=100, at_steps=sorted(signs))
    assert signs
    assert walked
    assert at_signing

    # when
    hand_overs = measure_transitions(
        world=world, clients=1, seconds=30, dossier_ids=walked + at_signing
    )

    # then: every dossier walked up to the signing step, none signed
    assert hand_overs.errors == 0, hand_overs.first_error
    assert hand_overs.operations > 0
    assert not DossierResult.objects.exists()
    reached = set(Dossier.objects.filter(pk__in=walked).values_list("current_step", flat=True))
    assert reached <= signs | {None}
    assert hand_overs.client_cpu_ms > 0

    # when: the signing walk
    signed = measure_transitions(
        world=world, clients=1, seconds=30, dossier_ids=walked + at_signing, signing=True
    )

    # then: one signed result per dossier that waited at the signing step
    assert signed.errors == 0, signed.first_error
    waiting = Dossier.objects.filter(pk__in=walked + at_signing, current_step__in=signs)
    assert not waiting.exists()
    assert signed.operations == DossierResult.objects.filter(signed_at__isnull=False).count()
    assert signed.operations >= len(at_signing)


@pytest.mark.django_db(transaction=True)
def test_a_client_that_fails_to_set_up_is_counted_and_holds_nobody_back() -> None:
    def setup(client: int) -> None:
        if client == 0:
            raise RuntimeError("no connection")

    figure = run_clients(
        source="test",
        clients=2,
        seconds=0.2,
        operation=lambda _client, i: i < 3,
        setup=setup,
    )

    assert figure.errors == 1
    assert figure.first_error == "RuntimeError: no connection"
    assert figure.operations == 3
