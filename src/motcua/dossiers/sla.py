"""Deadlines that act: the SLA sweep (theo dõi thời hạn giải quyết).

:func:`dossier_sla_sweep` is safe to run every minute and as often as wanted: each effect is
recorded once in the :class:`~motcua.dossiers.models.SlaMark` ledger (one row per dossier, effect and
deadline) in the same transaction as its history row and its audit row, under the dossier's row
lock. It

* warns the holder when the dossier or its current step is about to fall due (``due_soon``): the
  due moment lies within a window of working hours counted on the agency's calendar from ``now``,
  the window being capped at half the norm (see :func:`warning_due`);
* marks the dossier or the step late once it is past due (``became_late``; the dossier gets
  ``marked_late``, which keeps it at the top of the work queue); at the due moment itself it is
  still on time;
* drafts the apology and proposed new return date (form 04, ``apology_drafted``) before the dossier
  is late: when it is still open, has no apology yet, was never rescheduled, and falls due by the
  end of the next working day (Decree 61/2018, Art. 19(9): at the latest one day before the due
  date); the proposed date is a number of working days after the current due date;
* reports a consulted agency that has not answered by its due moment (``consultation_late``), for
  the head of the one-stop unit.

Notifications are not sent here: the history rows are what the notification outbox reads.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from motcua.accounts.actors import system_actor
from motcua.calendar.rules import WorkingCalendar
from motcua.calendar.selectors import working_calendar_get
from motcua.catalog.models import ProcessStep
from motcua.dossiers.deadlines import late_working_days
from motcua.dossiers.figures import dossier_figures_refresh
from motcua.dossiers.history import history_record
from motcua.dossiers.models import (
    Dossier,
    DossierApology,
    DossierConsultation,
    SlaMark,
)
from motcua.dossiers.permissions import step_agency
from motcua.dossiers.workflow import ACTIVE, TERMINAL

# The warning windows (working hours) and the apology's extension (working days) are settings:
# MOTCUA_SLA_DOSSIER_WARNING_HOURS, MOTCUA_SLA_STEP_WARNING_HOURS, MOTCUA_SLA_APOLOGY_EXTENSION_DAYS.

SWEEP_ACTOR = "system:sla-sweep"
_BATCH = 500


@dataclass
class SweepReport:
    """What one sweep did: ``(dossier code, detail)`` pairs per effect."""

    now: datetime
    examined: int = 0
    due_soon: list[tuple[str, str]] = field(default_factory=list)
    became_late: list[tuple[str, str]] = field(default_factory=list)
    apologies_drafted: list[tuple[str, str]] = field(default_factory=list)
    consultations_late: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return (
            len(self.due_soon)
            + len(self.became_late)
            + len(self.apologies_drafted)
            + len(self.consultations_late)
        )

    def lines(self) -> list[str]:
        """The report as lines of Vietnamese text, for the command line."""
        out = [
            _("Quét thời hạn lúc %(now)s: đã xem %(count)s hồ sơ.")
            % {"now": _local(self.now), "count": self.examined}
        ]
        sections = (
            (_("Sắp đến hạn"), self.due_soon),
            (_("Quá hạn"), self.became_late),
            (_("Dự thảo văn bản xin lỗi (mẫu 04)"), self.apologies_drafted),
            (_("Cơ quan phối hợp chậm trả lời"), self.consultations_late),
        )
        for title, items in sections:
            out.append(f"{title}: {len(items)}")
            out.extend(f"  {code}: {detail}" for code, detail in items)
        return out


@dataclass(frozen=True)
class _Effect:
    kind: str  # due_soon | became_late | apology_drafted | consultation_late
    key: str
    note: str
    report: str
    consultation: DossierConsultation | None = None


def _local(moment: datetime) -> str:
    return moment.astimezone(working_calendar_get().tz).strftime("%H:%M %d/%m/%Y")


class _Steps:
    """Step names and roles by (version, order), read once per sweep."""

    def __init__(self) -> None:
        self._rows: dict[tuple[int, int], tuple[str, str]] = {}

    def get(self, dossier: Dossier) -> tuple[str, str]:
        key = (dossier.procedure_version_id, dossier.current_step or 0)
        if key not in self._rows:
            row = (
                ProcessStep.objects.filter(version_id=key[0], order=key[1])
                .values_list("name", "role")
                .first()
            )
            self._rows[key] = row or ("", "")
        return self._rows[key]


def warning_due(
    *, calendar: WorkingCalendar, start: datetime, due: datetime, now: datetime, hours: float
) -> bool:
    """Whether the holder is warned at ``now`` that ``due`` (the dossier's or the step's) is near.

    The warning window is ``hours`` of working time before ``due``, capped at half the norm (the
    working time from ``start`` to ``due``): a step whose norm is shorter than the window, such
    as a one-hour reception, would otherwise be "about to fall due" the minute it is received.
    With the cap, the holder has always had at least as long as is left before being warned.
    """
    if now > due:
        return False
    window = min(timedelta(hours=hours), calendar.working_time_between(start, due) / 2)
    return calendar.working_time_between(now, due) <= window


def _effects(
    *,
    dossier: Dossier,
    now: datetime,
    marks: set[tuple[str, str]],
    has_apology: bool,
    late_consultations: list[DossierConsultation],
    steps: _Steps,
) -> list[_Effect]:
    """What the sweep still has to do for ``dossier`` at ``now`` (nothing twice)."""
    effects: list[_Effect] = []
    competent = working_calendar_get(agency_code=dossier.competent_agency.code)
    open_dossier = dossier.status in ACTIVE
    due = dossier.due_at if open_dossier else None
    if due is not None:
        key = f"dossier@{due.isoformat()}"
        if now > due and ("became_late", key) not in marks:
            effects.append(
                _Effect(
                    "became_late",
                    key,
                    _("Hồ sơ đã quá hạn trả kết quả (hạn %(due)s).") % {"due": _local(due)},
                    _("hồ sơ quá hạn %(due)s") % {"due": _local(due)},
                )
            )
        if (
            warning_due(
                calendar=competent,
                start=dossier.received_at,
                due=due,
                now=now,
                hours=settings.MOTCUA_SLA_DOSSIER_WARNING_HOURS,
            )
            and ("due_soon", key) not in marks
        ):
            effects.append(
                _Effect(
                    "due_soon",
                    key,
                    _("Hồ sơ sắp đến hạn trả kết quả (hạn %(due)s).") % {"due": _local(due)},
                    _("hồ sơ đến hạn %(due)s") % {"due": _local(due)},
                )
            )
        apology_horizon = competent.end_of_day(
            competent.add_working_days(competent.local(now).date(), 1)
        )
        if due <= apology_horizon and not has_apology and not dossier.rescheduled_once:
            effects.append(
                _Effect(
                    "apology_drafted",
                    "dossier",
                    "",
                    _("hạn %(due)s") % {"due": _local(due)},
                )
            )
    step_due = dossier.step_due_at if open_dossier else None
    if step_due is not None and dossier.current_step is not None:
        name, role = steps.get(dossier)
        key = f"step:{dossier.current_step}@{step_due.isoformat()}"
        label = _("Bước %(order)s “%(name)s”") % {"order": dossier.current_step, "name": name}
        if now > step_due and ("became_late", key) not in marks:
            effects.append(
                _Effect(
                    "became_late",
                    key,
                    _("%(step)s đã quá hạn (hạn %(due)s).")
                    % {"step": label, "due": _local(step_due)},
                    _("%(step)s quá hạn %(due)s") % {"step": label, "due": _local(step_due)},
                )
            )
        agency = step_agency(dossier, role) if role else dossier.competent_agency
        calendar = working_calendar_get(agency_code=agency.code)
        if (
            warning_due(
                calendar=calendar,
                start=dossier.step_started_at or dossier.received_at,
                due=step_due,
                now=now,
                hours=settings.MOTCUA_SLA_STEP_WARNING_HOURS,
            )
            and ("due_soon", key) not in marks
        ):
            effects.append(
                _Effect(
                    "due_soon",
                    key,
                    _("%(step)s sắp đến hạn (hạn %(due)s).")
                    % {"step": label, "due": _local(step_due)},
                    _("%(step)s đến hạn %(due)s") % {"step": label, "due": _local(step_due)},
                )
            )
    if dossier.status not in TERMINAL:
        for consultation in late_consultations:
            key = f"consultation:{consultation.pk}"
            if ("consultation_late", key) in marks:
                continue
            text = _("%(agency)s chưa trả lời ý kiến phối hợp, đã quá hạn %(due)s") % {
                "agency": consultation.agency.name,
                "due": _local(consultation.due_at),
            }
            effects.append(
                _Effect(
                    "consultation_late",
                    key,
                    _("%(text)s; báo cáo Trưởng Bộ phận Một cửa.") % {"text": text},
                    text,
                    consultation,
                )
            )
    return effects


def _apology_facts(*, dossier: Dossier, now: datetime, steps: _Steps) -> str:
    """What the system knows of the delay when it drafts form 04: the dossier's lateness and the
    step it is held at. The officer adds the real reason before the leader approves."""
    assert dossier.due_at is not None  # noqa: S101 - only drafted for a dossier with a due moment
    agency = dossier.competent_agency.code
    due = dossier.due_at
    late = late_working_days(due=due, now=now, agency_code=agency)
    if now <= due:
        facts = [_("Hồ sơ sắp đến hạn trả kết quả (hạn %(due)s).") % {"due": _local(due)}]
    elif late:
        facts = [
            _("Hồ sơ đã quá hạn trả kết quả %(days)s ngày làm việc (hạn %(due)s).")
            % {"days": late, "due": _local(due)}
        ]
    else:
        facts = [_("Hồ sơ đã quá hạn trả kết quả (hạn %(due)s).") % {"due": _local(due)}]
    step_due = dossier.step_due_at
    if dossier.current_step is not None:
        name, role = steps.get(dossier)
        label = _("Bước %(order)s “%(name)s”") % {"order": dossier.current_step, "name": name}
        step_agency_code = (step_agency(dossier, role) if role else dossier.competent_agency).code
        step_late = (
            late_working_days(due=step_due, now=now, agency_code=step_agency_code)
            if step_due is not None
            else 0
        )
        if step_due is not None and now > step_due:
            facts.append(
                _("%(step)s chậm %(days)s ngày làm việc so với thời hạn của bước (hạn %(due)s).")
                % {"step": label, "days": step_late, "due": _local(step_due)}
                if step_late
                else _("%(step)s đã quá thời hạn của bước (hạn %(due)s).")
                % {"step": label, "due": _local(step_due)}
            )
        else:
            facts.append(_("Hồ sơ đang ở %(step)s.") % {"step": label})
    return " ".join(facts)


def _draft_apology(*, dossier: Dossier, now: datetime, steps: _Steps) -> DossierApology:
    assert dossier.due_at is not None  # noqa: S101 - only drafted for a dossier with a due moment
    calendar = working_calendar_get(agency_code=dossier.competent_agency.code)
    due_day = calendar.local(dossier.due_at).date()
    proposed = calendar.end_of_day(
        calendar.add_working_days(due_day, settings.MOTCUA_SLA_APOLOGY_EXTENSION_DAYS)
    )
    return DossierApology.objects.create(
        dossier=dossier,
        drafted_at=now,
        reason=_apology_facts(dossier=dossier, now=now, steps=steps),
        original_due_at=dossier.due_at,
        proposed_due_at=proposed,
    )


def _apply(*, dossier_id: int, now: datetime, report: SweepReport, steps: _Steps) -> None:
    """Do what is still to do for one dossier, under its row lock, in one transaction."""
    with transaction.atomic():
        dossier = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("competent_agency", "receiving_agency")
            .filter(pk=dossier_id)
            .first()
        )
        if dossier is None:
            return
        marks = set(SlaMark.objects.filter(dossier=dossier).values_list("kind", "key"))
        effects = _effects(
            dossier=dossier,
            now=now,
            marks=marks,
            has_apology=DossierApology.objects.filter(dossier=dossier).exists(),
            late_consultations=_late_consultations([dossier.pk], now).get(dossier.pk, []),
            steps=steps,
        )
        for effect in effects:
            data: dict[str, Any] = {"key": effect.key}
            note = effect.note
            if effect.kind == "apology_drafted":
                apology = _draft_apology(dossier=dossier, now=now, steps=steps)
                note = _(
                    "Dự thảo văn bản xin lỗi và đề nghị gia hạn (mẫu 04): hạn %(due)s, đề nghị hẹn "
                    "lại %(proposed)s; chờ lãnh đạo phê duyệt."
                ) % {
                    "due": _local(apology.original_due_at),
                    "proposed": _local(apology.proposed_due_at),
                }
                data["proposed_due_at"] = apology.proposed_due_at.isoformat()
                report.apologies_drafted.append((dossier.code, effect.report))
            else:
                SlaMark.objects.create(dossier=dossier, kind=effect.kind, key=effect.key, at=now)
                {
                    "due_soon": report.due_soon,
                    "became_late": report.became_late,
                    "consultation_late": report.consultations_late,
                }[effect.kind].append((dossier.code, effect.report))
            if effect.kind == "became_late" and effect.key.startswith("dossier@"):
                Dossier.objects.filter(pk=dossier.pk).update(marked_late=True)
                dossier.marked_late = True
                # The late mark changes the on-time figures; the sweep's rows are not outboxed.
                dossier_figures_refresh(code=dossier.code, cause=f"late:{effect.key}", at=now)
            if effect.consultation is not None:
                data["agency"] = effect.consultation.agency.code
            history_record(
                dossier=dossier,
                action=effect.kind,
                from_status=dossier.status,
                from_step=dossier.current_step,
                actor=system_actor(SWEEP_ACTOR),
                at=now,
                note=note,
                due_before=dossier.due_at,
                step_due_before=dossier.step_due_at,
                audit_data=data,
                outboxed=False,
                hooks=True,
            )


def _late_consultations(ids: list[int], now: datetime) -> dict[int, list[DossierConsultation]]:
    found: dict[int, list[DossierConsultation]] = {}
    rows = DossierConsultation.objects.filter(
        dossier_id__in=ids, answered_at__isnull=True, due_at__lt=now
    ).select_related("agency")
    for consultation in rows.order_by("due_at", "pk"):
        found.setdefault(consultation.dossier_id, []).append(consultation)
    return found


def dossier_sla_sweep(*, now: datetime) -> SweepReport:
    """Run every deadline rule once at ``now``; running it again at the same ``now`` does nothing.

    Candidates are read without locks, a batch at a time with their ledger rows; each dossier with
    something left to do is then handled in its own short transaction under its row lock, so the
    sweep never holds many locks at once and an officer's action waits at most for one dossier.
    """
    report = SweepReport(now=now)
    steps = _Steps()
    national = working_calendar_get()
    # A generous bound: no window reaches past it, even across a long holiday of one agency.
    days = (
        int(
            max(settings.MOTCUA_SLA_DOSSIER_WARNING_HOURS, settings.MOTCUA_SLA_STEP_WARNING_HOURS)
            // 8
        )
        + 3
    )
    bound = national.end_of_day(national.add_working_days(national.local(now).date(), days))
    consulted = DossierConsultation.objects.filter(
        dossier_id=OuterRef("pk"), answered_at__isnull=True, due_at__lt=now
    )
    candidates = (
        Dossier.objects.filter(
            (Q(status__in=list(ACTIVE)) & (Q(due_at__lte=bound) | Q(step_due_at__lte=bound)))
            | (~Q(status__in=list(TERMINAL)) & Exists(consulted))
        )
        .select_related("competent_agency", "receiving_agency")
        .annotate(has_apology=Exists(DossierApology.objects.filter(dossier_id=OuterRef("pk"))))
        .order_by("pk")
    )
    last = 0
    while True:
        batch = list(candidates.filter(pk__gt=last)[:_BATCH])
        if not batch:
            break
        last = batch[-1].pk
        ids = [d.pk for d in batch]
        marks: dict[int, set[tuple[str, str]]] = {}
        for dossier_id, kind, key in SlaMark.objects.filter(dossier_id__in=ids).values_list(
            "dossier_id", "kind", "key"
        ):
            marks.setdefault(dossier_id, set()).add((kind, key))
        consultations = _late_consultations(ids, now)
        for dossier in batch:
            report.examined += 1
            if _effects(
                dossier=dossier,
                now=now,
                marks=marks.get(dossier.pk, set()),
                has_apology=bool(dossier.has_apology),
                late_consultations=consultations.get(dossier.pk, []),
                steps=steps,
            ):
                _apply(dossier_id=dossier.pk, now=now, report=report, steps=steps)
    return report
