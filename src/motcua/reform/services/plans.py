"""Labour cost rates, operating norms and simplification plans (phương án đơn giản hóa) with their
cost assumptions.
"""

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import FieldProblem, ValidationFailed
from motcua.core.services import audit_append
from motcua.core.text import nfc
from motcua.reform.costs import ASSUMPTION_KEYS
from motcua.reform.models import (
    CutKind,
    LabourCostRate,
    NormActivity,
    OperatingNorm,
    SimplificationPlan,
)
from motcua.reform.permissions import INTERNAL, ReformScope
from motcua.reform.selectors import cost_profile_for, subject_describe


def labour_rate_set(*, year: int, hourly_rate: int, basis: str, actor: str, at: datetime) -> None:
    """The Government Office's labour-cost rate for ``year`` (đồng an hour)."""
    problems = []
    if not 2000 <= year <= 2100:
        problems.append(FieldProblem("year", _("Năm không hợp lệ.")))
    if hourly_rate <= 0:
        problems.append(FieldProblem("hourly_rate", _("Chi phí giờ công phải lớn hơn 0 đồng.")))
    if problems:
        raise ValidationFailed(_("Mức chi phí giờ công không hợp lệ."), problems=problems)
    with transaction.atomic():
        LabourCostRate.objects.update_or_create(
            year=year, defaults={"hourly_rate": hourly_rate, "basis": nfc(basis)[:300]}
        )
        audit_append(
            actor=actor,
            action="reform.labour_rate_set",
            object_type="reform_rate",
            object_id=str(year),
            at=at,
            data={"hourly_rate": hourly_rate, "basis": basis},
        )


def norm_set(
    *, year: int, activity: str, minutes: int, cost: int, actor: str, at: datetime
) -> None:
    """The economic-technical norm of one activity for ``year``."""
    problems = []
    if activity not in NormActivity.values:
        problems.append(FieldProblem("activity", _("Hoạt động không hợp lệ.")))
    if minutes < 0:
        problems.append(FieldProblem("minutes", _("Thời gian không được âm.")))
    if cost < 0:
        problems.append(FieldProblem("cost", _("Chi phí không được âm.")))
    if problems:
        raise ValidationFailed(_("Định mức không hợp lệ."), problems=problems)
    with transaction.atomic():
        OperatingNorm.objects.update_or_create(
            year=year, activity=activity, defaults={"minutes": minutes, "cost": cost}
        )
        audit_append(
            actor=actor,
            action="reform.norm_set",
            object_type="reform_norm",
            object_id=f"{year}:{activity}",
            at=at,
            data={"minutes": minutes, "cost": cost},
        )


def plan_create(
    *,
    ref: str,
    cuts: Sequence[Mapping[str, Any]],
    legal_change: str,
    responsible_agency: str,
    deadline: date | None,
    year: int,
    scope: ReformScope,
    actor: str,
    at: datetime,
) -> SimplificationPlan:
    """Draft a simplification plan for the procedure ``ref``, with its cost profile snapshot.

    An internal procedure must be one of the team's agencies (``scope``)."""
    problems: list[FieldProblem] = []
    subject = subject_describe(ref=ref, on=timezone.localdate(at))
    if (
        ref.startswith(INTERNAL)
        and not scope.internal_procedures().filter(code=ref.removeprefix(INTERNAL)).exists()
    ):
        subject = None
    if subject is None:
        problems.append(FieldProblem("ref", _("Không tìm thấy thủ tục cần đơn giản hóa.")))
    profile = cost_profile_for(ref=ref, on=timezone.localdate(at)) if subject else None
    names = {(i.kind, i.name) for i in profile.items} if profile else set()
    clean_cuts: list[dict[str, Any]] = []
    if not cuts:
        problems.append(FieldProblem("cuts", _("Chọn ít nhất một nội dung cắt giảm.")))
    for pos, cut in enumerate(cuts):
        kind = str(cut.get("kind", ""))
        name = nfc(str(cut.get("name", ""))).strip()
        amount = int(cut.get("amount") or 0)
        if kind not in CutKind.values:
            problems.append(FieldProblem(f"cuts[{pos}].kind", _("Loại cắt giảm không hợp lệ.")))
            continue
        if kind in (CutKind.STEP, CutKind.COMPONENT) and profile and (kind, name) not in names:
            problems.append(
                FieldProblem(
                    f"cuts[{pos}].name",
                    _("Thủ tục không có “%(name)s” để cắt giảm.") % {"name": name},
                )
            )
        if kind in (CutKind.DAYS, CutKind.FEE) and amount <= 0:
            problems.append(FieldProblem(f"cuts[{pos}].amount", _("Nhập mức cắt giảm lớn hơn 0.")))
        clean_cuts.append({"kind": kind, "name": name, "amount": amount})
    if not nfc(legal_change).strip():
        problems.append(
            FieldProblem("legal_change", _("Nêu văn bản cần sửa đổi để thực hiện phương án."))
        )
    if not nfc(responsible_agency).strip():
        problems.append(FieldProblem("responsible_agency", _("Nêu cơ quan chịu trách nhiệm.")))
    if deadline is None:
        problems.append(FieldProblem("deadline", _("Nhập thời hạn thực hiện.")))
    if not LabourCostRate.objects.filter(year=year).exists():
        problems.append(
            FieldProblem("year", _("Chưa có mức chi phí giờ công của năm %(y)s.") % {"y": year})
        )
    if problems or subject is None or profile is None or deadline is None:
        raise ValidationFailed(
            _("Phương án đơn giản hóa chưa lưu được; vui lòng sửa các lỗi sau."),
            problems=problems,
        )
    with transaction.atomic():
        plan = SimplificationPlan.objects.create(
            ref=ref,
            subject_name=subject.name[:500],
            subject_agency=subject.agency[:300],
            cuts=clean_cuts,
            legal_change=nfc(legal_change).strip(),
            responsible_agency=nfc(responsible_agency).strip()[:300],
            deadline=deadline,
            year=year,
            cost_before=profile.as_json(),
            created_by=actor,
            created_at=at,
        )
        audit_append(
            actor=actor,
            action="reform.plan_created",
            object_type="reform_plan",
            object_id=str(plan.pk),
            at=at,
            data={"ref": ref, "cuts": clean_cuts, "deadline": deadline.isoformat()},
        )
    return plan


def plan_assumptions_set(
    *,
    plan: SimplificationPlan,
    values: Mapping[str, int],
    sources: Mapping[str, str],
    actor: str,
    at: datetime,
) -> SimplificationPlan:
    """Set the inputs of a plan's costing (tần suất, số đối tượng, chi phí giờ công), each with the
    source it comes from; the plan's cost before and after is recomputed from them everywhere."""
    problems: list[FieldProblem] = []
    clean: dict[str, dict[str, Any]] = {}
    for key in ASSUMPTION_KEYS:
        value = values.get(key)
        source = nfc(str(sources.get(key) or "")).strip()
        if value is None or int(value) <= 0:
            problems.append(FieldProblem(key, _("Nhập một số lớn hơn 0.")))
        if not source:
            problems.append(FieldProblem(f"{key}_source", _("Nêu nguồn của số liệu này.")))
        if value is not None and source:
            clean[key] = {"value": int(value), "source": source[:500]}
    if problems:
        raise ValidationFailed(
            _("Giả định tính chi phí chưa lưu được; vui lòng sửa các lỗi sau."), problems=problems
        )
    with transaction.atomic():
        locked = SimplificationPlan.objects.select_for_update().get(pk=plan.pk)
        previous = locked.assumptions
        locked.assumptions = clean
        locked.save(update_fields=["assumptions"])
        audit_append(
            actor=actor,
            action="reform.plan_assumptions_set",
            object_type="reform_plan",
            object_id=str(locked.pk),
            at=at,
            data={"before": previous, "after": clean},
        )
    return locked
