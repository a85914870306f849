"""The whole run of ``motcua bench``: each measure in order, into one report, as deployed.

Where each figure comes from:

* **fast fill** (:mod:`~motcua_dev.bench.fill`): the bulk of the N dossiers, the same rows the
  services write, in batches. Its rate is a loading rate, not a service figure.
* **service** and **selectors** (:mod:`~motcua_dev.bench.measures`): the real ``dossier_submit``
  and ``dossier_transition``; the real ``dossier_public_status`` and the first page of
  ``work_queue``, on the filled table.
* **raw SQL** (:mod:`~motcua_dev.bench.raw`): the same writes as a transition, with the database
  driver directly, one transaction each.
* **peer** (:mod:`~motcua_dev.bench.peer`): SpiffWorkflow running the same 6-step process, beside
  whole dossiers (a document submitted, the result signed) and, like for like, the same six steps
  without a document or a signature (:func:`~motcua_dev.bench.world.plain_world`).
* **dashboards** (:mod:`~motcua_dev.bench.dashboards`): the Decision 766 dashboards' queries.

Throughput runs use ``clients`` forked processes (threads on SQLite, or with ``--threads``), one
database connection each, for a bounded time (:mod:`~motcua_dev.bench.clients`); latencies are
taken by one client on a quiet table. The verdicts against the targets are in
:mod:`~motcua_dev.bench.report`; what the measures share (the demo data, the procedure, the
officers) in :mod:`~motcua_dev.bench.world`.
"""

import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import close_old_connections, connection

from motcua.accounts.models import Role
from motcua.dossiers.models import Dossier
from motcua.signing.pki import pki_init
from motcua_dev.bench.clients import SIDE_BY_SIDE_ROUNDS, load_average, local_now, side_by_side
from motcua_dev.bench.dashboards import fill_tallies, measure_dashboards
from motcua_dev.bench.figures import Throughput
from motcua_dev.bench.fill import fast_fill
from motcua_dev.bench.measures import (
    measure_lifecycles,
    measure_lookups,
    measure_submissions,
    measure_transitions,
    measure_work_queue,
    open_dossier_ids,
    signing_step_orders,
)
from motcua_dev.bench.peer import measure_peer
from motcua_dev.bench.raw import measure_raw_ceiling
from motcua_dev.bench.report import Report, judge
from motcua_dev.bench.world import plain_world, world_ensure

PLAIN_SOURCE = (
    "service: dossier_submit without a document + 5 x dossier_transition, no result to sign"
)


def _answers(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "", parts.port or 80), timeout=1):
            return True
    except OSError:
        return False


@contextmanager
def time_stamp_authority() -> Iterator[str]:
    """The time-stamp authority every signed result needs: the configured one when it answers,
    else a ``motcua tsa-sim`` of the local CA for the length of the run (the clients are forked,
    so they see the changed setting)."""
    configured = str(settings.MOTCUA_TSA_URL)
    if _answers(configured):
        yield configured
        return
    from motcua_dev.testing.signing import run_tsa_sim

    directory = Path(settings.MOTCUA_PKI_DIR)
    pki_init(directory=directory, at=local_now())
    with run_tsa_sim(directory) as url:
        settings.MOTCUA_TSA_URL = url
        try:
            yield url
        finally:
            settings.MOTCUA_TSA_URL = configured


@contextmanager
def as_deployed() -> Iterator[None]:
    """The service as a deployment runs it, whatever ``MOTCUA_DEBUG`` says: in debug mode Django
    formats and keeps every SQL statement, which costs a hand-over about a third of its CPU here
    and which the raw-SQL loops and the peer never pay (the clients are forked, so they see the
    changed setting)."""
    debug = settings.DEBUG
    settings.DEBUG = False
    try:
        yield
    finally:
        settings.DEBUG = debug


def run(
    *,
    dossiers: int,
    clients: int,
    seconds: float,
    skip_peer: bool = False,
    processes: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Everything ``motcua bench`` measures (see :func:`_measure`), with a time-stamp authority,
    as deployed."""
    with as_deployed(), time_stamp_authority() as url:
        if progress is not None:
            progress(f"time-stamp authority {url}")
        return _measure(
            dossiers=dossiers,
            clients=clients,
            seconds=seconds,
            skip_peer=skip_peer,
            processes=processes,
            progress=progress,
        )


def _measure(
    *,
    dossiers: int,
    clients: int,
    seconds: float,
    skip_peer: bool = False,
    processes: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Everything ``motcua bench`` measures, in order, into one :class:`Report`."""
    say = progress or (lambda _message: None)
    report = Report(
        vendor=connection.vendor,
        dossiers=dossiers,
        clients=clients,
        seconds=seconds,
        started_at=local_now().isoformat(timespec="seconds"),
        workers="processes" if processes and connection.vendor != "sqlite" else "threads",
        load_at_start=load_average(),
    )
    say("demo data")
    world = world_ensure(at=local_now())
    say(f"fast fill to {dossiers:,} dossiers")
    report.fill = fast_fill(world=world, count=dossiers, at=local_now(), progress=progress)
    report.dossiers_in_table = Dossier.objects.count()
    close_old_connections()
    say("submissions")
    report.submissions = measure_submissions(
        world=world, clients=clients, seconds=seconds, processes=processes
    )
    signs = signing_step_orders(world)
    plain_steps = [s.order for s in world.steps if s.order not in signs]
    pool = open_dossier_ids(limit=max(clients * 1000, 16000), at_steps=plain_steps)
    half = len(pool) // 2
    say("signed results")
    report.signed_steps = measure_transitions(
        world=world,
        clients=clients,
        seconds=seconds,
        dossier_ids=open_dossier_ids(limit=max(clients * 50, 1000), at_steps=sorted(signs)),
        processes=processes,
        signing=True,
    )
    say(f"transitions and the raw-SQL loops, side by side in {SIDE_BY_SIDE_ROUNDS} rounds")

    def raw_loop(hand_over: bool) -> Callable[[float], Throughput]:
        return lambda slice_seconds: measure_raw_ceiling(
            clients=clients,
            seconds=slice_seconds,
            dossier_ids=pool[half:],
            actor_id=world.officers[Role.SPECIALIST].pk,
            processes=processes,
            hand_over=hand_over,
        )

    report.transitions, report.raw_ceiling, report.raw_minimal = side_by_side(
        [
            lambda slice_seconds: measure_transitions(
                world=world,
                clients=clients,
                seconds=slice_seconds,
                dossier_ids=pool[:half],
                processes=processes,
            ),
            raw_loop(hand_over=True),
            raw_loop(hand_over=False),
        ],
        seconds=seconds,
    )
    say("lookups")
    report.lookup = measure_lookups(seconds=seconds)
    say("work queue")
    report.work_queue = measure_work_queue(world=world, seconds=seconds)
    say("dashboards")
    report.dashboard_tallies = fill_tallies(dossiers=dossiers)
    report.dashboards = measure_dashboards(seconds=seconds)
    if skip_peer:
        say("motcua lifecycles")
        report.motcua_instances = measure_lifecycles(
            world=world, clients=clients, seconds=seconds, processes=processes
        )
    else:
        say(
            "motcua lifecycles, whole and without document or signature, and the SpiffWorkflow "
            f"peer, side by side in {SIDE_BY_SIDE_ROUNDS} rounds"
        )
        plain = plain_world(world, at=local_now())
        report.motcua_instances, report.plain_instances, report.peer_instances = side_by_side(
            [
                lambda slice_seconds: measure_lifecycles(
                    world=world, clients=clients, seconds=slice_seconds, processes=processes
                ),
                lambda slice_seconds: measure_lifecycles(
                    world=plain,
                    clients=clients,
                    seconds=slice_seconds,
                    processes=processes,
                    source=PLAIN_SOURCE,
                ),
                lambda slice_seconds: measure_peer(
                    world=world, clients=clients, seconds=slice_seconds, processes=processes
                ),
            ],
            seconds=seconds,
        )
    report.finished_at = local_now().isoformat(timespec="seconds")
    report.load_at_end = load_average()
    judge(report)
    return report
