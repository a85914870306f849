"""Keep the tallies in step with the history: incrementally per event, or rebuilt from scratch."""

import secrets
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Sum

from motcua.accounts.models import Agency
from motcua.documents.selectors import digitized_references
from motcua.dossiers.models import (
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierResult,
    DossierResultKind,
)
from motcua.dossiers.workflow import Action
from motcua.feedback.hooks import FeedbackChange
from motcua.feedback.models import DossierRating, Feedback
from motcua.reporting.facts import (
    Key,
    dossier_keys,
    dossier_keys_of,
    feedback_keys,
    month_of,
    province_of,
    split,
)
from motcua.reporting.models import (
    ALL_PROCEDURES,
    WHOLE_YEAR,
    ReportFact,
    ReportRollup,
    ReportStepTally,
    ReportTally,
)

_BATCH = 2000
#: Name of the outbox handler that keeps the tallies.
TALLIES = "reporting.tallies"
ROLLED_UP = (ALL_PROCEDURES, WHOLE_YEAR)


def _apply(agency: Agency, delta: Counter[Key]) -> None:
    """Add ``delta`` (positive and negative counts) to the agency's tally rows."""
    province = province_of(agency)
    changes = {k: v for k, v in delta.items() if v}
    if not changes:
        return
    rows = []
    for k in changes:
        month, measure, procedure = split(k)
        rows.append(
            ReportTally(
                agency=agency,
                province=province,
                procedure_code=procedure,
                month=month,
                measure=measure,
                count=0,
            )
        )
    ReportTally.objects.bulk_create(rows, ignore_conflicts=True)
    for k, amount in changes.items():
        month, measure, procedure = split(k)
        ReportTally.objects.filter(
            agency=agency, procedure_code=procedure, month=month, measure=measure
        ).update(count=F("count") + amount)
    _roll(province, changes)


def _roll(province: str, changes: dict[Key, int]) -> None:
    """Carry the ``*`` and ``**`` changes of one agency into its province's rollup rows."""
    rolled = {k: v for k, v in changes.items() if split(k)[2] in ROLLED_UP}
    if not rolled:
        return
    ReportRollup.objects.bulk_create(
        [
            ReportRollup(
                province=province,
                procedure_code=procedure,
                month=month,
                measure=measure,
                count=0,
                revision=_revision_start(),
            )
            for month, measure, procedure in map(split, rolled)
        ],
        ignore_conflicts=True,
    )
    for k, amount in rolled.items():
        month, measure, procedure = split(k)
        ReportRollup.objects.filter(
            province=province, procedure_code=procedure, month=month, measure=measure
        ).update(count=F("count") + amount, revision=F("revision") + 1)


def _revision_start() -> int:
    return secrets.randbelow(2**40)


def rollup_rebuild() -> int:
    """Recompute every rollup row from the tallies (one grouped read); the number of rows."""
    with transaction.atomic():
        ReportRollup.objects.all().delete()
        sums = (
            ReportTally.objects.filter(procedure_code__in=ROLLED_UP)
            .values("province", "procedure_code", "month", "measure")
            .annotate(total=Sum("count"))
            .values_list("province", "procedure_code", "month", "measure", "total")
        )
        rows = [
            ReportRollup(
                province=province,
                procedure_code=procedure,
                month=month,
                measure=measure,
                count=int(total or 0),
                revision=_revision_start(),
            )
            for province, procedure, month, measure, total in sums.iterator(chunk_size=_BATCH)
        ]
        ReportRollup.objects.bulk_create(rows, batch_size=_BATCH)
    return len(rows)


def _move(fact: ReportFact, agency: Agency, new_keys: list[Key]) -> None:
    """Take the fact's old keys off its old agency and put the new ones on ``agency``."""
    old = Counter(fact.keys)
    new = Counter(new_keys)
    if fact.agency_id == agency.pk:
        delta = Counter(new)
        delta.subtract(old)
        _apply(agency, delta)
    else:
        _apply(fact.agency, Counter({k: -v for k, v in old.items()}))
        _apply(agency, new)
    fact.agency = agency
    fact.keys = new_keys


def _locked_fact(subject: str, agency: Agency) -> tuple[ReportFact, bool]:
    ReportFact.objects.bulk_create(
        [ReportFact(subject=subject, agency=agency, seq=0, keys=[])], ignore_conflicts=True
    )
    fact = (
        ReportFact.objects.select_for_update(of=("self",))
        .select_related("agency")
        .get(subject=subject)
    )
    return fact, not fact.keys and fact.seq == 0


def _fold_steps(dossier: Dossier, after: int) -> None:
    """Count the step outcomes of the events after ``after`` (each event is folded once)."""
    events = (
        DossierEvent.objects.filter(
            dossier=dossier, seq__gt=after, action=Action.COMPLETE_STEP, actor__isnull=False
        )
        .exclude(outcome="")
        .values_list("actor_id", "at", "outcome")
    )
    counts: Counter[tuple[int, date, str]] = Counter()
    for actor_id, at, outcome in events:
        counts[(actor_id, month_of(at), outcome)] += 1
    for (officer_id, month, outcome), amount in counts.items():
        agency_id = dossier.competent_agency_id
        ReportStepTally.objects.bulk_create(
            [
                ReportStepTally(
                    agency_id=agency_id, officer_id=officer_id, month=month, outcome=outcome
                )
            ],
            ignore_conflicts=True,
        )
        ReportStepTally.objects.filter(
            agency_id=agency_id, officer_id=officer_id, month=month, outcome=outcome
        ).update(count=F("count") + amount)


def dossier_fact_refresh(*, code: str) -> None:
    """Recompute one dossier's contribution from its current state, in the caller's transaction."""
    dossier = (
        Dossier.objects.select_related(
            "procedure_version__procedure", "competent_agency__administrative_unit__parent"
        )
        .filter(code=code)
        .first()
    )
    if dossier is None:
        return
    with transaction.atomic():
        fact, _new = _locked_fact(f"dossier:{code}", dossier.competent_agency)
        new_keys = dossier_keys_of(dossier)
        if new_keys != fact.keys or fact.agency_id != dossier.competent_agency_id:
            _move(fact, dossier.competent_agency, new_keys)
        if dossier.last_event_seq > fact.seq:
            _fold_steps(dossier, fact.seq)
            fact.seq = dossier.last_event_seq
        fact.save()


def feedback_fact_refresh(*, code: str) -> None:
    item = Feedback.objects.select_related("agency__administrative_unit__parent").get(code=code)
    with transaction.atomic():
        fact, _new = _locked_fact(f"feedback:{code}", item.agency)
        new_keys = feedback_keys(item)
        if new_keys != fact.keys or fact.agency_id != item.agency_id:
            _move(fact, item.agency, new_keys)
        fact.seq = item.last_seq
        fact.save()


def on_dossier_event(*, payload: dict[str, Any], key: str, now: datetime) -> None:
    """Outbox handler :data:`TALLIES` of ``dossier.event`` and ``dossier.refresh`` (idempotent:
    it recomputes, not adds)."""
    dossier_fact_refresh(code=str(payload["code"]))


def on_feedback_change(change: FeedbackChange) -> None:
    """Listener of :data:`motcua.feedback.hooks.FEEDBACK_CHANGED`, in the change's transaction."""
    if change.kind == "feedback":
        feedback_fact_refresh(code=change.ref)
    elif change.kind == "dossier":
        dossier_fact_refresh(code=change.ref)


def _batches(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _BATCH):
        yield ids[start : start + _BATCH]


def reporting_rebuild() -> dict[str, int]:
    """Recompute every fact and tally from the history (the incremental figures must agree)."""
    with transaction.atomic():
        ReportTally.objects.all().delete()
        ReportStepTally.objects.all().delete()
        ReportFact.objects.all().delete()
        tallies: Counter[tuple[int, Key]] = Counter()
        steps: Counter[tuple[int, int, date, str]] = Counter()
        facts: list[ReportFact] = []
        agencies = {a.pk: a for a in Agency.objects.select_related("administrative_unit__parent")}
        ids = list(Dossier.objects.order_by("pk").values_list("pk", flat=True))
        for chunk in _batches(ids):
            dossiers = list(
                Dossier.objects.filter(pk__in=chunk).select_related("procedure_version__procedure")
            )
            with_docs = set(
                DossierDocument.objects.filter(dossier_id__in=chunk).values_list(
                    "dossier_id", flat=True
                )
            )
            with_result = set(
                DossierResult.objects.filter(
                    dossier_id__in=chunk, kind=DossierResultKind.RESULT
                ).values_list("dossier_id", flat=True)
            )
            codes = [d.code for d in dossiers]
            scanned = set(digitized_references().filter(reference__in=codes))
            ratings = {
                r.dossier_code: r for r in DossierRating.objects.filter(dossier_code__in=codes)
            }
            for dossier in dossiers:
                keys = dossier_keys(
                    dossier,
                    has_documents=dossier.pk in with_docs or dossier.code in scanned,
                    has_result=dossier.pk in with_result,
                    rating=ratings.get(dossier.code),
                )
                for k in keys:
                    tallies[(dossier.competent_agency_id, k)] += 1
                facts.append(
                    ReportFact(
                        subject=f"dossier:{dossier.code}",
                        agency_id=dossier.competent_agency_id,
                        seq=dossier.last_event_seq,
                        keys=keys,
                    )
                )
            events = (
                DossierEvent.objects.filter(
                    dossier_id__in=chunk, action=Action.COMPLETE_STEP, actor__isnull=False
                )
                .exclude(outcome="")
                .values_list("dossier__competent_agency_id", "actor_id", "at", "outcome")
            )
            for agency_id, actor_id, at, outcome in events:
                steps[(agency_id, actor_id, month_of(at), outcome)] += 1
            ReportFact.objects.bulk_create(facts, batch_size=_BATCH)
            facts = []
        for item in Feedback.objects.order_by("pk"):
            keys = feedback_keys(item)
            for k in keys:
                tallies[(item.agency_id, k)] += 1
            facts.append(
                ReportFact(
                    subject=f"feedback:{item.code}",
                    agency_id=item.agency_id,
                    seq=item.last_seq,
                    keys=keys,
                )
            )
        ReportFact.objects.bulk_create(facts, batch_size=_BATCH)
        rows = []
        for (agency_id, k), count in tallies.items():
            month, measure, procedure = split(k)
            rows.append(
                ReportTally(
                    agency_id=agency_id,
                    province=province_of(agencies[agency_id]),
                    procedure_code=procedure,
                    month=month,
                    measure=measure,
                    count=count,
                )
            )
        ReportTally.objects.bulk_create(rows, batch_size=_BATCH)
        ReportStepTally.objects.bulk_create(
            [
                ReportStepTally(
                    agency_id=agency_id,
                    officer_id=officer_id,
                    month=month,
                    outcome=outcome,
                    count=n,
                )
                for (agency_id, officer_id, month, outcome), n in steps.items()
            ],
            batch_size=_BATCH,
        )
        rollups = rollup_rebuild()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE reporting_reporttally")
    return {
        "dossiers": len(ids),
        "tallies": len(rows),
        "step_tallies": len(steps),
        "rollups": rollups,
    }


def tallies_snapshot() -> dict[tuple[int, str, str, str], int]:
    """Every non-zero tally, for comparing the incremental and rebuilt figures."""
    return {
        (agency_id, procedure, month.isoformat(), measure): count
        for agency_id, procedure, month, measure, count in ReportTally.objects.exclude(
            count=0
        ).values_list("agency_id", "procedure_code", "month", "measure", "count")
    }


def rollups_snapshot() -> dict[tuple[str, str, str, str], int]:
    """Every non-zero rollup row, for comparing the incremental and rebuilt figures."""
    return {
        (province, procedure, month.isoformat(), measure): count
        for province, procedure, month, measure, count in ReportRollup.objects.exclude(
            count=0
        ).values_list("province", "procedure_code", "month", "measure", "count")
    }
