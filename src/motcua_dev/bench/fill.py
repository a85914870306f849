"""The fast fill: the bulk of the N dossiers, written in batches with ``bulk_create``.

The same rows ``dossier_submit`` and ``dossier_transition`` write (dossier, history rows, one audit
chain per dossier with real hashes and its head row, the code counter of each agency and day). Due
moments are computed with the real calendar once per day and step, not per dossier. Its rate is a
loading rate, not a service figure. The filled dossiers carry no outbox rows: their follow-ups
would have been delivered long ago."""

import math
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from datetime import time as dtime
from typing import Any

from django.db import transaction

from motcua.accounts.actors import actor_for
from motcua.accounts.models import Role
from motcua.core.hashing import GENESIS, entry_hash
from motcua.core.localtime import LOCAL_TZ
from motcua.core.models import AuditChainHead, AuditEntry
from motcua.dossiers.deadlines import dossier_due_moment, effective_reception_day, step_due_moment
from motcua.dossiers.models import (
    Dossier,
    DossierChannel,
    DossierCodeCounter,
    DossierEvent,
    HandOverOutcome,
)
from motcua.dossiers.workflow import Action, StepInfo, status_at_step
from motcua_dev.bench.report import FillResult
from motcua_dev.bench.world import FORM_DATA, PROCEDURE_CODE, UNIT_CODE, World

#: Codes a fill issues per agency and day (the service allows 9,999).
FILL_PER_DAY = 9000
#: One filled dossier in this many is still open (the others are returned), spread over the steps.
OPEN_EVERY = 4


class _DayPlan:
    """Due moments of dossiers received on one day, computed once with the real calendar."""

    def __init__(self, world: World, day: date) -> None:
        self.start = datetime.combine(day, dtime(8, 0), tzinfo=LOCAL_TZ)
        receiving, competent = world.unit.agency.code, world.competent.code
        self.effective = effective_reception_day(
            received_at=self.start, paper=True, agency_code=competent
        )
        due = dossier_due_moment(
            start=self.start,
            value=world.version.processing_time_value,
            unit=world.version.processing_time_unit,
            paper=True,
            agency_code=competent,
        )
        if due is None:
            raise ValueError("the bench's procedure must have a regulated time")
        self.due = due
        self.step_due = {
            s.order: step_due_moment(
                start=self.start,
                minutes=s.minutes,
                paper=s.order == world.steps[0].order,
                agency_code=receiving if s.role == Role.ONE_STOP_OFFICER else competent,
            )
            for s in world.steps
        }


def _fill_days(agency_id: int, before: date) -> Iterator[date]:
    """Days before ``before`` on which ``agency_id`` has issued no code yet, most recent first."""
    used = set(DossierCodeCounter.objects.filter(agency_id=agency_id).values_list("day", flat=True))
    day = before - timedelta(days=1)
    while True:
        if day not in used:
            yield day
        day -= timedelta(days=1)


#: Seconds between two progress lines of a fill.
FILL_PROGRESS_SECONDS = 2.0


def fast_fill(
    *,
    world: World,
    count: int,
    at: datetime,
    batch: int = 2000,
    progress: Callable[[str], None] | None = None,
) -> FillResult:
    """Bring the dossier table to ``count`` rows, writing what the services would have written.

    Filled dossiers are received at the demo counter on past days (9,000 a day); one in
    ``OPEN_EVERY`` is left open at one of the steps (spread evenly), the others have walked every
    step and are returned. Each has its history rows, its audit chain (real hashes) and head.
    """
    existing = Dossier.objects.count()
    missing = max(0, count - existing)
    started = time.perf_counter()
    receiving = world.unit.agency
    competent_id = world.competent.pk
    days = _fill_days(receiving.pk, at.astimezone(LOCAL_TZ).date())
    made = 0
    shown = started
    while made < missing:
        day = next(days)
        plan = _DayPlan(world, day)
        in_day = min(FILL_PER_DAY, missing - made)
        for first in range(0, in_day, batch):
            numbers = range(first + 1, min(in_day, first + batch) + 1)
            _fill_batch(world, plan, day, numbers, competent_id)
            now = time.perf_counter()
            if progress is not None and now - shown >= FILL_PROGRESS_SECONDS:
                shown = now
                done = made + numbers[-1]
                rate = done / (now - started)
                left = (missing - done) / rate if rate > 0 else math.nan
                progress(
                    f"fill: {existing + done:,} / {count:,} dossiers ({rate:,.0f}/s, about "
                    f"{left:,.0f} s left)"
                )
        DossierCodeCounter.objects.create(agency=receiving, day=day, last=in_day)
        made += in_day
    seconds = time.perf_counter() - started
    return FillResult(
        source="fast fill (bulk_create, same rows as the services)",
        requested=count,
        existing=existing,
        filled=made,
        seconds=seconds,
        per_second=made / seconds if seconds > 0 else math.nan,
    )


def _fill_batch(world: World, plan: _DayPlan, day: date, numbers: range, competent_id: int) -> None:
    steps = world.steps
    infos = [StepInfo(s.order, s.role) for s in steps]
    receiver = world.officers[Role.ONE_STOP_OFFICER]
    dossiers: list[Dossier] = []
    walks: list[int] = []  # how many steps each dossier has completed
    for number in numbers:
        code = f"{world.unit.agency.code}-{day:%y%m%d}-{number:04d}"
        received = plan.start + timedelta(seconds=3 * number)
        done = number % len(steps) if number % OPEN_EVERY == 0 else len(steps)
        current = steps[done].order if done < len(steps) else None
        role = steps[done].role if done < len(steps) else ""
        if not role:
            acting = None
        elif role == Role.ONE_STOP_OFFICER:
            acting = world.unit.agency_id
        else:
            acting = competent_id
        dossiers.append(
            Dossier(
                code=code,
                procedure_version=world.version,
                applicant=world.applicant,
                channel=DossierChannel.COUNTER,
                receiving_agency_id=world.unit.agency_id,
                receiving_unit=world.unit,
                competent_agency_id=competent_id,
                administrative_unit_code=UNIT_CODE,
                status=status_at_step(steps=infos, order=current),
                current_step=current,
                form_data=FORM_DATA,
                received_at=received,
                effective_received_on=plan.effective,
                clock_started_at=received,
                due_at=plan.due,
                step_started_at=received + timedelta(hours=done) if current else None,
                step_due_at=plan.step_due[current] if current else None,
                closed_at=received + timedelta(hours=done) if current is None else None,
                version=1 + done,
                current_role=role,
                current_agency_id=acting,
                last_event_seq=1 + done,
            )
        )
        walks.append(done)
    with transaction.atomic():
        Dossier.objects.bulk_create(dossiers, batch_size=len(dossiers))
        if dossiers and dossiers[0].pk is None:  # SQLite before 3.35 gives no ids back
            ids = dict(
                Dossier.objects.filter(code__in=[d.code for d in dossiers]).values_list(
                    "code", "pk"
                )
            )
            for dossier in dossiers:
                dossier.pk = ids[dossier.code]
        events: list[DossierEvent] = []
        entries: list[AuditEntry] = []
        heads: list[AuditChainHead] = []
        for dossier, done in zip(dossiers, walks, strict=True):
            chain = f"dossier:{dossier.code}"
            prev = GENESIS
            status, order = "", None
            for seq in range(1, done + 2):
                at = dossier.received_at + timedelta(hours=seq - 1)
                action = "submit" if seq == 1 else Action.COMPLETE_STEP.value
                to_order = steps[seq - 1].order if seq - 1 < len(steps) else None
                to_status = status_at_step(steps=infos, order=to_order)
                actor = receiver if seq == 1 else world.officer_for(order)
                events.append(
                    DossierEvent(
                        dossier=dossier,
                        seq=seq,
                        action=action,
                        from_status=status,
                        to_status=to_status,
                        from_step=order,
                        to_step=to_order,
                        actor=actor,
                        actor_label=str(actor),
                        at=at,
                        due_before=plan.due if seq > 1 else None,
                        due_after=plan.due,
                        step_due_before=plan.step_due.get(order) if order else None,
                        step_due_after=plan.step_due.get(to_order) if to_order else None,
                        outcome=HandOverOutcome.ON_TIME if seq > 1 else "",
                    )
                )
                data: dict[str, Any] = (
                    {
                        "procedure": PROCEDURE_CODE,
                        "version": world.version.pk,
                        "channel": DossierChannel.COUNTER.value,
                        "receiving_agency": world.unit.agency.code,
                        "competent_agency": world.competent.code,
                        "due_at": plan.due.isoformat(),
                        "documents": [],
                    }
                    if seq == 1
                    else {
                        "from_status": status,
                        "to_status": to_status,
                        "from_step": order,
                        "to_step": to_order,
                        "outcome": HandOverOutcome.ON_TIME.value,
                        "due_at": plan.due.isoformat(),
                    }
                )
                label = actor_for(actor)
                digest = entry_hash(
                    chain=chain,
                    seq=seq,
                    occurred_at=at,
                    actor=label,
                    action=f"dossier.{action}",
                    object_type="dossier",
                    object_id=dossier.code,
                    data=data,
                    prev_hash=prev,
                )
                entries.append(
                    AuditEntry(
                        chain=chain,
                        seq=seq,
                        occurred_at=at,
                        actor=label,
                        action=f"dossier.{action}",
                        object_type="dossier",
                        object_id=dossier.code,
                        data=data,
                        prev_hash=prev,
                        hash=digest,
                    )
                )
                prev, status, order = digest, to_status, to_order
            heads.append(AuditChainHead(chain=chain, seq=done + 1, head_hash=prev))
        DossierEvent.objects.bulk_create(events, batch_size=5000)
        AuditEntry.objects.bulk_create(entries, batch_size=5000)
        AuditChainHead.objects.bulk_create(heads, batch_size=5000)
