"""The bulk of a large table in SQL: copies of one closed dossier of the fast fill, on PostgreSQL.

A million dossiers through :func:`motcua_dev.bench.fill.fast_fill` take more than half an hour on a
loaded 2-core machine (every row, history row and audit hash is built in Python). Most dossiers of
a province are closed long ago and only weigh on the indexes and the table; this fill writes them
in SQL, ``INSERT … SELECT generate_series``, in chunks with progress: each copy of a returned
dossier of the fast fill gets its own code on an earlier day (9,000 a day, the day's code counter
written), its times moved by whole days, and its history rows copied. Its audit chain is not
copied (the hashes bind the code; nothing served reads a closed dossier's chain). The open
dossiers that the transitions move, and their chains, come from the fast fill.

The copies are spread the way a province's are (as in the plans test's fill): the one-stop unit
receives for every department, so each copy names one of :data:`SPREAD_AGENCIES` competent
agencies (the fast fill's own among them) and one of :data:`SPREAD_APPLICANTS` applicants, about
five dossiers each. An officer's lists then read their own agency's share of the table, not all of
it.
"""

import math
import time
from collections.abc import Callable
from datetime import date, timedelta

from django.db import connection, transaction

from motcua.accounts.models import Agency
from motcua.dossiers.models import Dossier, DossierCodeCounter, DossierStatus
from motcua_dev.bench.fill import FILL_PER_DAY, FILL_PROGRESS_SECONDS
from motcua_dev.bench.report import FillResult
from motcua_dev.bench.world import World

#: Dossiers written by one statement (one transaction).
CHUNK_DAYS = 11
#: Competent agencies the copies are spread over, the fast fill's own included.
SPREAD_AGENCIES = 30
#: Applicants the copies are spread over (about five dossiers each at a million).
SPREAD_APPLICANTS = 200_000
#: Columns of the template that each copy takes from the spread instead.
_SPREAD = {"applicant_id", "competent_agency_id"}
_BENCH_AGENCY_PREFIX = "BENCH-SO-"
_BENCH_APPLICANT_PREFIX = "Người nộp bench "

_COPIED = [
    "channel",
    "administrative_unit_code",
    "status",
    "current_step",
    "form_data",
    "supplement_requested_count",
    "rescheduled_once",
    "version",
    "applicant_id",
    "competent_agency_id",
    "procedure_version_id",
    "receiving_agency_id",
    "receiving_unit_id",
    "marked_late",
    "current_agency_id",
    "current_role",
    "last_event_seq",
    "fee_amount",
    "fee_basis",
    "form_provenance",
    "payment_stage",
    "return_address",
    "return_method",
    "consultations_open",
    "authorisation_reference",
    "representation_basis",
    "representative_id",
    "assignee_id",
    "language",
    "appointment_code",
]
_MOVED = [
    "received_at",
    "clock_started_at",
    "due_at",
    "step_due_at",
    "step_started_at",
    "clock_stopped_at",
    "closed_at",
    "paid_at",
]
_EVENT_COPIED = [
    "seq",
    "action",
    "from_status",
    "to_status",
    "from_step",
    "to_step",
    "actor_label",
    "note",
    "reasons",
    "outcome",
    "actor_id",
]
_EVENT_MOVED = ["at", "due_before", "due_after", "step_due_before", "step_due_after"]


def _columns(names: list[str], prefix: str = "", suffix: str = "") -> str:
    """Quoted column names (``current_role`` is a reserved word), each as ``prefix"name"suffix``."""
    return ", ".join(f'{prefix}"{name}"{suffix}' for name in names)


def copies_fill(
    *, world: World, count: int, progress: Callable[[str], None] | None = None
) -> FillResult:
    """Bring the dossier table to ``count`` rows with copies of a returned dossier."""
    existing = Dossier.objects.count()
    missing = max(0, count - existing)
    started = time.perf_counter()
    source = "copies of a closed dossier in SQL (history rows, no audit chain)"
    if missing == 0:
        return FillResult(source, count, existing, 0, 0.0, math.nan)
    if connection.vendor != "postgresql":
        raise RuntimeError("the SQL fill writes PostgreSQL's generate_series")
    template = (
        Dossier.objects.filter(status=DossierStatus.RETURNED, receiving_agency=world.unit.agency)
        .order_by("pk")
        .first()
    )
    if template is None:
        raise RuntimeError("the SQL fill copies a returned dossier of the fast fill: none yet")
    agency = world.unit.agency
    agencies = _spread_agencies(world)
    applicants = _spread_applicants(max(1, min(SPREAD_APPLICANTS, count // 5)))
    earliest = (
        DossierCodeCounter.objects.filter(agency=agency)
        .order_by("day")
        .values_list("day", flat=True)
    ).first() or template.received_at.date()
    made = 0
    shown = started
    day = earliest
    while made < missing:
        days = min(CHUNK_DAYS, math.ceil((missing - made) / FILL_PER_DAY))
        rows = min(days * FILL_PER_DAY, missing - made)
        last_day = day - timedelta(days=1)
        _copy_chunk(
            template=template,
            agency_code=agency.code,
            last_day=last_day,
            rows=rows,
            spread=(agencies, applicants),
        )
        counters = []
        for back in range(days):
            issued = min(FILL_PER_DAY, rows - back * FILL_PER_DAY)
            counters.append(
                DossierCodeCounter(agency=agency, day=last_day - timedelta(days=back), last=issued)
            )
        DossierCodeCounter.objects.bulk_create(counters)
        made += rows
        day = last_day - timedelta(days=days - 1)
        now = time.perf_counter()
        if progress is not None and now - shown >= FILL_PROGRESS_SECONDS:
            shown = now
            rate = made / (now - started)
            progress(
                f"fill (SQL copies): {existing + made:,} / {count:,} dossiers ({rate:,.0f}/s, "
                f"about {(missing - made) / rate:,.0f} s left)"
            )
    with connection.cursor() as cursor:
        for table in ("dossiers_dossier", "dossiers_dossierevent"):
            cursor.execute(f"ANALYZE {table}")
    seconds = time.perf_counter() - started
    return FillResult(source, count, existing, made, seconds, made / seconds)


def _spread_agencies(world: World) -> list[int]:
    """The competent agencies of the copies: the fast fill's and departments made for the bench."""
    ids = [world.competent.pk]
    for number in range(1, SPREAD_AGENCIES):
        made, _ = Agency.objects.get_or_create(
            code=f"{_BENCH_AGENCY_PREFIX}{number:02d}",
            defaults={
                "name": f"Sở thứ {number} (bench)",
                "kind": world.competent.kind,
                "parent": world.competent.parent,
                "administrative_unit": world.competent.administrative_unit,
                "valid_from": world.competent.valid_from,
            },
        )
        ids.append(made.pk)
    return ids


def _spread_applicants(needed: int) -> tuple[int, int]:
    """The first id and the number of the bench's consecutive applicants, ``needed`` of them written
    in SQL by the first fill of a database; a later fill spreads over those."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT min(id), count(*) FROM accounts_applicant WHERE name LIKE %s",
            [f"{_BENCH_APPLICANT_PREFIX}%"],
        )
        first, count = cursor.fetchone()
        if count:
            return int(first), int(count)
        # One statement gives consecutive ids: nothing else writes applicants during a fill.
        cursor.execute(
            """
            INSERT INTO accounts_applicant
                (kind, name, personal_id, tax_code, sex, phone, email, address)
            SELECT 'citizen', %s || g, '', '', '', '', '', ''
            FROM generate_series(1, %s) AS g
            RETURNING id
            """,
            [_BENCH_APPLICANT_PREFIX, needed],
        )
        return min(row[0] for row in cursor.fetchall()), needed


def _copy_chunk(
    *,
    template: Dossier,
    agency_code: str,
    last_day: date,
    rows: int,
    spread: tuple[list[int], tuple[int, int]],
) -> None:
    """``rows`` copies of ``template``, ``FILL_PER_DAY`` a day counting back from ``last_day``,
    each with its competent agency and applicant from ``spread`` (agency ids; the first id and
    the number of applicants)."""
    agencies, (first_applicant, applicants) = spread
    with transaction.atomic(), connection.cursor() as cursor:
        # Every reference is the template's own, a row that exists: queued foreign-key checks of
        # a chunk's dossiers and history rows would cost more at commit than writing them.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SELECT coalesce(max(id), 0) FROM dossiers_dossier")
        (before,) = cursor.fetchone()
        moved = _columns(_MOVED, "t.", " + g.shift")
        kept = [name for name in _COPIED if name not in _SPREAD]
        copied = _columns(kept, "t.")
        cursor.execute(
            f"""
            WITH g AS (
                SELECT n, (%(last)s::date - (n - 1) / %(per_day)s) AS day,
                    1 + (n - 1) %% %(per_day)s AS number
                FROM generate_series(1, %(rows)s) AS n
            ), shifted AS (
                SELECT g.*, (g.day - t.received_at::date) * interval '1 day'
                    + ((g.number - 1) * interval '3 seconds') AS shift
                FROM g, dossiers_dossier t WHERE t.id = %(template)s
            )
            INSERT INTO dossiers_dossier (code, effective_received_on, {_columns(_MOVED)},
                {_columns(kept)}, applicant_id, competent_agency_id)
            SELECT %(agency)s || '-' || to_char(g.day, 'YYMMDD') || '-' || lpad(g.number::text, 4, '0'),
                g.day, {moved}, {copied},
                %(first_applicant)s + (g.n * 7919 + %(before)s) %% %(applicants)s,
                (%(agencies)s::bigint[])[1 + (g.n + %(before)s) %% cardinality(%(agencies)s::bigint[])]
            FROM shifted g, dossiers_dossier t WHERE t.id = %(template)s
            ORDER BY g.n
            """,  # noqa: S608 - column lists are constants of this module
            {
                "last": last_day,
                "per_day": FILL_PER_DAY,
                "rows": rows,
                "template": template.pk,
                "agency": agency_code,
                "first_applicant": first_applicant,
                "applicants": applicants,
                "agencies": agencies,
                "before": before,
            },
        )
        event_moved = _columns(_EVENT_MOVED, "e.", " + (d.received_at - t.received_at)")
        event_copied = _columns(_EVENT_COPIED, "e.")
        cursor.execute(
            f"""
            INSERT INTO dossiers_dossierevent (dossier_id, {_columns(_EVENT_MOVED)},
                {_columns(_EVENT_COPIED)})
            SELECT d.id, {event_moved}, {event_copied}
            FROM dossiers_dossier d
            CROSS JOIN dossiers_dossier t
            JOIN dossiers_dossierevent e ON e.dossier_id = t.id
            WHERE t.id = %(template)s AND d.id > %(before)s
            ORDER BY d.id, e.seq
            """,  # noqa: S608 - column lists are constants of this module
            {"template": template.pk, "before": before},
        )
