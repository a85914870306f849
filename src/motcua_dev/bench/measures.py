"""The service and the selectors: the real ``dossier_submit`` and ``dossier_transition``
(throughputs), the real ``dossier_public_status`` and the first page of ``work_queue`` (latencies,
one client on a quiet table)."""

import itertools
import math
import random
import time
from collections.abc import Callable, Sequence

from django.db.models import Max, Min

from motcua.accounts.selectors import officer_role_keys, officer_roles_kept
from motcua.dossiers.models import Dossier, DossierStatus
from motcua.dossiers.results import signing_steps
from motcua.dossiers.selectors import dossier_public_status, work_queue
from motcua_dev.bench.clients import local_now, run_clients
from motcua_dev.bench.figures import Latency, Throughput, percentile
from motcua_dev.bench.world import (
    DOSSIER_PAGE_RELATIONS,
    World,
    complete_step,
    dossier_read,
    submit_one,
)

WORK_QUEUE_PAGE = 20


def measure_submissions(
    *, world: World, clients: int, seconds: float, processes: bool = False
) -> Throughput:
    def op(_client: int, _i: int) -> bool:
        submit_one(world, at=local_now())
        return True

    return run_clients(
        source="service dossier_submit",
        clients=clients,
        seconds=seconds,
        operation=op,
        processes=processes,
    )


def open_dossier_ids(*, limit: int, at_steps: Sequence[int] | None = None) -> list[int]:
    """Ids of open dossiers (most recently received first) for the transition runs, at one of
    ``at_steps`` when given."""
    open_rows = Dossier.objects.filter(
        status__in=[
            DossierStatus.RECEIVED,
            DossierStatus.PROCESSING,
            DossierStatus.RESULT_READY,
        ]
    )
    if at_steps is not None:
        open_rows = open_rows.filter(current_step__in=at_steps)
    return list(open_rows.order_by("-received_at").values_list("pk", flat=True)[:limit])


def client_slices(ids: Sequence[int], clients: int) -> list[list[int]]:
    return [list(ids[i::clients]) for i in range(clients)]


def signing_step_orders(world: World) -> frozenset[int]:
    return frozenset(s.order for s in signing_steps(world.steps))


def measure_transitions(
    *,
    world: World,
    clients: int,
    seconds: float,
    dossier_ids: Sequence[int],
    processes: bool = False,
    signing: bool = False,
) -> Throughput:
    """``complete_step`` by the right officer; each client walks its own dossiers in turn.

    Without ``signing`` these are the hand-overs the raw-SQL ceiling mirrors (a dossier reaching
    the step that signs the result leaves the walk); with it, only completions of that step: the
    result rendered, signed PAdES B-T with the leader's certificate and time-stamped, then handed
    over. Each dossier is read once, as an officer's page reads it; the service returns it moved
    on, and the next action starts from that. Each officer's roles are read once too and kept on
    the officer, as a request that acts on a dossier keeps them (``officer_roles_kept``): over HTTP
    the page's visibility check reads them before the action, so the action's own role check,
    with the row locked, sends no statement.
    """
    owned = client_slices(dossier_ids, clients)
    cursor = [0] * clients
    held: list[dict[int, Dossier]] = [{} for _ in range(clients)]
    signs = signing_step_orders(world)

    def setup(client: int) -> None:
        # The officers' pages, read before the clock starts: the ceiling reads nothing either.
        on = local_now().date()
        for officer in world.officers.values():
            officer_roles_kept(user=officer)
            officer_role_keys(user=officer, on=on)
        held[client] = {
            d.pk: d
            for d in Dossier.objects.select_related(*DOSSIER_PAGE_RELATIONS).filter(
                pk__in=owned[client]
            )
        }

    def op(client: int, _i: int) -> bool:
        mine = owned[client]
        while mine:
            position = cursor[client] % len(mine)
            dossier_id = mine[position]
            dossier = held[client].get(dossier_id) or dossier_read(dossier_id)
            if (dossier.current_step in signs) != signing or dossier.current_step is None:
                mine.pop(position)
                continue
            moved = complete_step(world, dossier_id=dossier_id, dossier=dossier, at=local_now())
            held[client][dossier_id] = moved
            if signing or moved.current_step is None:
                mine.pop(position)
            else:
                cursor[client] = position + 1
            return True
        return False

    source = (
        "service dossier_transition completing the signing step (result signed PAdES B-T)"
        if signing
        else "service dossier_transition (complete_step), the steps that do not sign"
    )
    return run_clients(
        source=source,
        clients=clients,
        seconds=seconds,
        operation=op,
        setup=setup,
        processes=processes,
    )


def measure_lifecycles(
    *,
    world: World,
    clients: int,
    seconds: float,
    processes: bool = False,
    source: str = "service: dossier_submit + 5 x dossier_transition",
) -> Throughput:
    """Whole instances of the 6-step process: submission, then the 5 steps to the return (on
    :func:`~motcua_dev.bench.world.plain_world`, without a document or a signature)."""

    def op(_client: int, _i: int) -> bool:
        dossier = submit_one(world, at=local_now())
        while dossier.current_step is not None:
            dossier = complete_step(world, dossier_id=dossier.pk, dossier=dossier, at=local_now())
        return True

    return run_clients(
        source=source,
        clients=clients,
        seconds=seconds,
        operation=op,
        processes=processes,
    )


def _latencies(
    source: str, seconds: float, max_samples: int, call: Callable[[int], object]
) -> Latency:
    samples: list[float] = []
    deadline = time.perf_counter() + seconds
    for i in itertools.count():
        if i >= max_samples or time.perf_counter() >= deadline:
            break
        started = time.perf_counter()
        call(i)
        samples.append((time.perf_counter() - started) * 1000)
    return Latency(
        source=source,
        samples=len(samples),
        p50_ms=percentile(samples, 50),
        p99_ms=percentile(samples, 99),
        max_ms=max(samples) if samples else math.nan,
    )


def sample_codes(*, count: int, seed: int = 2026) -> list[str]:
    """Codes of random dossiers, spread over the whole table."""
    # Between the lowest and the highest key: keys need not start at 1 (a sequence moves on
    # whatever was rolled back or deleted before).
    bounds = Dossier.objects.aggregate(lowest=Min("pk"), highest=Max("pk"))
    lowest, highest = bounds["lowest"], bounds["highest"]
    rng = random.Random(seed)  # noqa: S311 - a sample of rows, not a secret
    wanted = [rng.randint(lowest, highest) for _ in range(count)] if highest else []
    codes = list(Dossier.objects.filter(pk__in=wanted).values_list("code", flat=True))
    rng.shuffle(codes)
    return codes


def measure_lookups(*, seconds: float, max_samples: int = 5000) -> Latency:
    """``dossier_public_status`` on random codes, one client."""
    codes = sample_codes(count=max_samples)
    if not codes:
        return Latency("selector dossier_public_status", 0, math.nan, math.nan, math.nan)
    return _latencies(
        "selector dossier_public_status",
        seconds,
        max_samples,
        lambda i: dossier_public_status(code=codes[i % len(codes)]),
    )


def measure_work_queue(*, world: World, seconds: float, max_samples: int = 2000) -> Latency:
    """The first page of ``work_queue`` for each demo officer in turn, one client."""
    officers = list(world.officers.values())
    on = local_now()
    return _latencies(
        f"selector work_queue, first {WORK_QUEUE_PAGE} rows",
        seconds,
        max_samples,
        lambda i: list(work_queue(user=officers[i % len(officers)], on=on)[:WORK_QUEUE_PAGE]),
    )
