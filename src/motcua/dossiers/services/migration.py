"""Moving open dossiers to a new version of their procedure (chuyển phiên bản thủ tục).

:func:`dossiers_migrate_version` plans, then (unless a dry run) applies, for every open dossier of
the old version, the step of the new version it continues at; each move is one history row.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.actors import Actor
from motcua.catalog.models import ProcedureVersion, ProcessStep, VersionStatus
from motcua.core.errors import FieldProblem, ValidationFailed
from motcua.dossiers.history import history_record
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import set_holder
from motcua.dossiers.workflow import ACTIVE, TERMINAL, StepInfo, status_at_step


@dataclass(frozen=True)
class MigrationMove:
    code: str
    from_step: int | None
    to_step: int | None


@dataclass(frozen=True)
class MigrationPlan:
    """What a migration moved (or, in a dry run, would move)."""

    from_version: ProcedureVersion
    to_version: ProcedureVersion
    moves: list[MigrationMove]
    dry_run: bool


def _codes_text(codes: Sequence[str], limit: int = 50) -> str:
    shown = ", ".join(codes[:limit])
    if len(codes) > limit:
        shown += _(" và %(count)s hồ sơ khác") % {"count": len(codes) - limit}
    return shown


def dossiers_migrate_version(
    *,
    from_version: ProcedureVersion,
    to_version: ProcedureVersion,
    step_map: dict[int, int],
    actor: Actor,
    at: datetime,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> MigrationPlan:
    """Move the in-flight dossiers pinned to ``from_version`` onto ``to_version`` of the same procedure.

    Each dossier's current step order is mapped through ``step_map``; its due moments stay (the
    time limit is the one promised at reception). All or nothing, in one transaction, with a history
    row and an audit row per dossier. Anything not mapped refuses the whole run, naming the dossiers.
    ``progress(done, total)`` is called after each 100 dossiers and at the end.
    """
    with transaction.atomic():
        dossiers = list(
            Dossier.objects.select_for_update()
            .filter(procedure_version=from_version)
            .exclude(status__in=list(TERMINAL))
            .order_by("code")
        )
        codes = [d.code for d in dossiers]
        problems: list[FieldProblem] = []
        if from_version.procedure_id != to_version.procedure_id:
            problems.append(
                FieldProblem(
                    "to",
                    _(
                        "Phiên bản đích không thuộc cùng thủ tục; không chuyển hồ sơ nào "
                        "(%(count)s hồ sơ: %(codes)s)."
                    )
                    % {"count": len(codes), "codes": _codes_text(codes)},
                )
            )
        elif from_version.pk == to_version.pk:
            problems.append(FieldProblem("to", _("Phiên bản đích trùng phiên bản nguồn.")))
        if to_version.status != VersionStatus.PUBLISHED:
            problems.append(FieldProblem("to", _("Phiên bản đích chưa được công bố.")))
        old_orders = set(
            ProcessStep.objects.filter(version=from_version).values_list("order", flat=True)
        )
        new_steps = list(ProcessStep.objects.filter(version=to_version).order_by("order"))
        new_orders = {s.order for s in new_steps}
        problems.extend(
            FieldProblem(
                f"map.{old}",
                _("Phiên bản nguồn không có bước %(step)s.") % {"step": old},
            )
            for old in sorted(step_map)
            if old not in old_orders
        )
        problems.extend(
            FieldProblem(
                f"map.{old}",
                _("Phiên bản đích không có bước %(step)s.") % {"step": new},
            )
            for old, new in sorted(step_map.items())
            if new not in new_orders
        )
        unmapped: dict[int, list[str]] = {}
        for dossier in dossiers:
            if dossier.current_step is not None and dossier.current_step not in step_map:
                unmapped.setdefault(dossier.current_step, []).append(dossier.code)
        problems.extend(
            FieldProblem(
                f"map.{step}",
                _("Bước %(step)s chưa được ánh xạ; các hồ sơ đang ở bước này: %(codes)s.")
                % {"step": step, "codes": _codes_text(found)},
            )
            for step, found in sorted(unmapped.items())
        )
        if problems:
            raise ValidationFailed(
                _("Không chuyển hồ sơ nào sang phiên bản mới."), problems=problems
            )
        moves = [
            MigrationMove(
                code=d.code,
                from_step=d.current_step,
                to_step=step_map[d.current_step] if d.current_step is not None else None,
            )
            for d in dossiers
        ]
        plan = MigrationPlan(
            from_version=from_version, to_version=to_version, moves=moves, dry_run=dry_run
        )
        if dry_run:
            return plan
        infos = [StepInfo(s.order, s.role) for s in new_steps]
        for done, (dossier, move) in enumerate(zip(dossiers, moves, strict=True), start=1):
            from_status = dossier.status
            dossier.procedure_version = to_version
            dossier.current_step = move.to_step
            if dossier.status in ACTIVE and move.to_step is not None:
                dossier.status = status_at_step(steps=infos, order=move.to_step)
            set_holder(dossier, new_steps)
            dossier.version += 1
            dossier.save(
                update_fields=[
                    "procedure_version",
                    "current_step",
                    "status",
                    "version",
                    "current_role",
                    "current_agency",
                ]
            )
            history_record(
                dossier=dossier,
                action="migrate",
                from_status=from_status,
                from_step=move.from_step,
                actor=actor,
                at=at,
                note=_(
                    "Chuyển sang phiên bản %(new)s của thủ tục (từ phiên bản %(old)s), "
                    "bước %(from_step)s → bước %(to_step)s."
                )
                % {
                    "new": to_version.number,
                    "old": from_version.number,
                    "from_step": move.from_step,
                    "to_step": move.to_step,
                },
                due_before=dossier.due_at,
                step_due_before=dossier.step_due_at,
                audit_data={
                    "from_version": from_version.pk,
                    "to_version": to_version.pk,
                    "from_step": move.from_step,
                    "to_step": move.to_step,
                    "from_status": from_status,
                    "to_status": dossier.status,
                },
                outboxed=False,
                hooks=True,
            )
            if progress is not None and (done % 100 == 0 or done == len(dossiers)):
                progress(done, len(dossiers))
    return plan
