"""Writes of the reform workspace: the register, findings, plans, rates, norms and tasks.

Keyword-only, typed, one transaction each with its audit row; ``at`` is passed in. Bad input is a
:class:`ValidationFailed` naming every problem, and nothing is stored.
"""

import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import Agency, Role, RoleAssignment
from motcua.core.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from motcua.core.outbox import effect_once, outbox_enqueue
from motcua.core.services import audit_append
from motcua.core.text import fold, nfc
from motcua.documents.inspection import upload_inspect
from motcua.reform.costs import ASSUMPTION_KEYS
from motcua.reform.models import (
    CutKind,
    InternalProcedure,
    InternalScope,
    Judgement,
    LabourCostRate,
    NormActivity,
    OperatingNorm,
    OverlapFinding,
    ReformTask,
    SimplificationPlan,
    TaskExtension,
    TaskReminder,
)
from motcua.reform.overlap import find_overlaps
from motcua.reform.permissions import INTERNAL, ReformScope
from motcua.reform.selectors import cost_profile_for, overlap_texts, subject_describe

MAX_IMPORT_BYTES = 5 * 1024 * 1024

# Column titles of the XLSX register (folded), and the key each fills.
XLSX_COLUMNS = {
    "ma thu tuc": "code",
    "ten thu tuc": "name",
    "ma co quan": "agency_code",
    "co quan ban hanh": "agency_name",
    "linh vuc": "field",
    "loai": "scope",
    "can cu phap ly": "legal_basis",
    "trinh tu thuc hien": "steps",
    "thanh phan ho so": "documents",
    "doi tuong thuc hien": "serves",
    "phi, le phi (dong)": "fee",
    "so lan di lai": "visits",
    "so lan thuc hien/nam": "times_per_year",
    "so doi tuong/nam": "subjects",
}
_SCOPES = {
    "": InternalScope.BETWEEN_AGENCIES,
    "between_agencies": InternalScope.BETWEEN_AGENCIES,
    "giua cac co quan": InternalScope.BETWEEN_AGENCIES,
    "giua cac co quan hanh chinh nha nuoc": InternalScope.BETWEEN_AGENCIES,
    "within_agency": InternalScope.WITHIN_AGENCY,
    "trong noi bo mot co quan": InternalScope.WITHIN_AGENCY,
    "noi bo co quan": InternalScope.WITHIN_AGENCY,
}


@dataclass(frozen=True)
class ImportSummary:
    created: list[str]
    updated: list[str]
    agencies: list[str]


def _number(value: Any, path: str, problems: list[FieldProblem], *, default: float = 0) -> float:
    if value in (None, ""):
        return default
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        number = -1
    if number < 0:
        problems.append(FieldProblem(path, _("Phải là một số không âm.")))
        return default
    return number


def _lines(value: Any) -> list[str]:
    if isinstance(value, list):
        return [nfc(str(v)).strip() for v in value if str(v).strip()]
    return [nfc(line).strip() for line in str(value or "").splitlines() if line.strip()]


def _clean_row(raw: Mapping[str, Any], path: str, problems: list[FieldProblem]) -> dict[str, Any]:
    """One procedure of an import, checked; every problem is named by ``path``."""

    def text(key: str, limit: int, *, required: bool = False) -> str:
        value = nfc(str(raw.get(key) or "")).strip()
        if required and not value:
            problems.append(FieldProblem(f"{path}.{key}", _("Trường này là bắt buộc.")))
        if len(value) > limit:
            problems.append(FieldProblem(f"{path}.{key}", _("Dài quá %(n)s ký tự.") % {"n": limit}))
        return value[:limit]

    scope_raw = str(raw.get("scope") or "")
    scope = _SCOPES.get(fold(scope_raw)) or _SCOPES.get(scope_raw)
    if scope is None:
        problems.append(FieldProblem(f"{path}.scope", _("Loại thủ tục nội bộ không hợp lệ.")))
    steps: list[dict[str, Any]] = []
    for pos, step in enumerate(raw.get("steps") or []):
        where = f"{path}.steps[{pos}]"
        if isinstance(step, str):
            parts = [p.strip() for p in step.split("|")]
            step = {"name": parts[0], "unit": parts[1] if len(parts) > 1 else ""}
            step["hours"] = parts[2] if len(parts) > 2 else 0
        if not isinstance(step, Mapping) or not str(step.get("name") or "").strip():
            problems.append(FieldProblem(f"{where}.name", _("Bước phải có tên.")))
            continue
        steps.append(
            {
                "name": nfc(str(step["name"])).strip(),
                "unit": nfc(str(step.get("unit") or "")).strip(),
                "hours": _number(step.get("hours"), f"{where}.hours", problems),
            }
        )
    documents: list[dict[str, Any]] = []
    for pos, document in enumerate(raw.get("documents") or []):
        where = f"{path}.documents[{pos}]"
        if isinstance(document, str):
            parts = [p.strip() for p in document.split("|")]
            document = {"name": parts[0]}
            if len(parts) > 1:
                document["hours"] = parts[1]
            if len(parts) > 2:
                document["cost"] = parts[2]
        if not isinstance(document, Mapping) or not str(document.get("name") or "").strip():
            problems.append(FieldProblem(f"{where}.name", _("Thành phần hồ sơ phải có tên.")))
            continue
        documents.append(
            {
                "name": nfc(str(document["name"])).strip(),
                "hours": _number(document.get("hours"), f"{where}.hours", problems, default=1),
                "cost": int(_number(document.get("cost"), f"{where}.cost", problems, default=2000)),
            }
        )
    return {
        "code": text("code", 50, required=True),
        "name": text("name", 500, required=True),
        "agency_code": text("agency_code", 50, required=True),
        "agency_name": text("agency_name", 300, required=True),
        "field_name": text("field", 300),
        "scope": scope or InternalScope.BETWEEN_AGENCIES,
        "legal_basis": _lines(raw.get("legal_basis")),
        "steps": steps,
        "documents": documents,
        "serves": text("serves", 500),
        "fee": int(_number(raw.get("fee"), f"{path}.fee", problems)),
        "visits": int(_number(raw.get("visits"), f"{path}.visits", problems, default=1)),
        "times_per_year": max(
            1,
            int(_number(raw.get("times_per_year"), f"{path}.times_per_year", problems, default=1)),
        ),
        "subjects": max(
            1, int(_number(raw.get("subjects"), f"{path}.subjects", problems, default=1))
        ),
    }


def _rows_from_json(data: bytes, problems: list[FieldProblem]) -> list[Mapping[str, Any]]:
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        problems.append(FieldProblem("file", _("Tệp JSON không đọc được: %(e)s") % {"e": error}))
        return []
    rows = parsed.get("procedures") if isinstance(parsed, dict) else parsed
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        problems.append(
            FieldProblem("procedures", _("Tệp JSON phải có danh sách “procedures” các thủ tục."))
        )
        return []
    return rows


def _rows_from_xlsx(
    data: bytes, filename: str, problems: list[FieldProblem]
) -> list[Mapping[str, Any]]:
    # Through the upload gate first: openpyxl reads a sheet lazily, with an XML parser that a
    # DTD in the sheet (billion laughs) makes fail or swell while the rows are read.
    name = filename if filename.lower().endswith(".xlsx") else f"{filename}.xlsx"
    try:
        upload_inspect(name=name, data=data, allowed_types=("xlsx",), max_bytes=MAX_IMPORT_BYTES)
    except ValidationFailed as refused:
        problems.extend(FieldProblem("file", p.message) for p in refused.problems)
        return []
    try:
        return _read_xlsx(data, problems)
    except Exception:  # whatever openpyxl or its parser raises on a damaged sheet
        problems.append(FieldProblem("file", _("Tệp không phải bảng tính XLSX đọc được.")))
        return []


def _read_xlsx(data: bytes, problems: list[FieldProblem]) -> list[Mapping[str, Any]]:
    # openpyxl (with numpy and Pillow) is loaded by the import only, not by every web worker.
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    keys = [XLSX_COLUMNS.get(fold(str(h or "")).strip()) for h in header]
    missing = {"code", "name", "agency_code", "agency_name"} - set(filter(None, keys))
    if missing:
        problems.append(
            FieldProblem(
                "file",
                _("Thiếu cột bắt buộc: %(cols)s.")
                % {"cols": ", ".join(sorted(k for k, v in XLSX_COLUMNS.items() if v in missing))},
            )
        )
        return []
    out: list[Mapping[str, Any]] = []
    for values in rows:
        if not any(v not in (None, "") for v in values):
            continue
        row: dict[str, Any] = {k: v for k, v in zip(keys, values, strict=False) if k}
        row["steps"] = _lines(row.get("steps"))
        row["documents"] = _lines(row.get("documents"))
        out.append(row)
    book.close()
    return out


def internal_procedures_import(
    *, data: bytes, filename: str, scope: ReformScope, actor: str, at: datetime
) -> ImportSummary:
    """Import a register of internal procedures (JSON or XLSX): all or nothing.

    A procedure already in the register (same code) is replaced by the imported one. Every row,
    and every procedure it replaces, must be of an agency of the team's ``scope``.
    """
    problems: list[FieldProblem] = []
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationFailed(
            _("Tệp quá lớn."), problems=[FieldProblem("file", _("Tệp lớn hơn 5 MB."))]
        )
    is_json = filename.lower().endswith(".json") or data.lstrip()[:1] in (b"{", b"[")
    raw_rows = (
        _rows_from_json(data, problems) if is_json else _rows_from_xlsx(data, filename, problems)
    )
    rows = [_clean_row(r, f"procedures[{i}]", problems) for i, r in enumerate(raw_rows)]
    seen: dict[str, int] = {}
    for i, row in enumerate(rows):
        if row["code"] in seen:
            problems.append(
                FieldProblem(
                    f"procedures[{i}].code",
                    _("Mã %(code)s trùng với dòng %(n)s.")
                    % {"code": row["code"], "n": seen[row["code"]] + 1},
                )
            )
        seen.setdefault(row["code"], i)
    if not scope.unlimited:
        codes = scope.agency_codes
        held = dict(
            InternalProcedure.objects.filter(code__in=list(seen)).values_list("code", "agency_code")
        )
        for i, row in enumerate(rows):
            if (
                row["agency_code"] not in codes
                or held.get(row["code"], row["agency_code"]) not in codes
            ):
                problems.append(
                    FieldProblem(
                        f"procedures[{i}].agency_code",
                        _("Cơ quan %(code)s không thuộc phạm vi của tổ công tác.")
                        % {"code": row["agency_code"]},
                    )
                )
    if not rows and not problems:
        problems.append(FieldProblem("procedures", _("Tệp không có thủ tục nào.")))
    if problems:
        raise ValidationFailed(
            _("Danh mục thủ tục nội bộ chưa nhập được; vui lòng sửa các lỗi sau."),
            problems=problems,
        )
    created: list[str] = []
    updated: list[str] = []
    with transaction.atomic():
        for row in rows:
            _obj, was_created = InternalProcedure.objects.update_or_create(
                code=row["code"],
                defaults={**row, "imported_from": nfc(filename)[:300], "imported_at": at},
            )
            (created if was_created else updated).append(row["code"])
        audit_append(
            actor=actor,
            action="reform.register_imported",
            object_type="reform_register",
            object_id="internal",
            at=at,
            data={"file": filename, "created": created, "updated": updated},
        )
    return ImportSummary(
        created=created, updated=updated, agencies=sorted({r["agency_name"] for r in rows})
    )


def overlaps_scan(*, actor: str, at: datetime) -> list[OverlapFinding]:
    """Compare the register and the catalogue in force; keep the team's earlier judgements."""
    texts = overlap_texts(on=timezone.localdate(at))
    by_ref = {t.ref: t for t in texts}
    findings = find_overlaps(texts)
    kept: list[OverlapFinding] = []
    with transaction.atomic():
        existing = {(f.left_ref, f.right_ref): f for f in OverlapFinding.objects.all()}
        for finding in findings:
            left, right = sorted((finding.left, finding.right))
            row = existing.get((left, right))
            values = {
                "left_name": by_ref[left].name[:500],
                "right_name": by_ref[right].name[:500],
                "left_agency": by_ref[left].agency[:300],
                "right_agency": by_ref[right].agency[:300],
                "score": round(finding.score * 1000),
                "evidence": finding.evidence(),
                "cluster": finding.cluster,
            }
            if row is None:
                row = OverlapFinding.objects.create(
                    left_ref=left, right_ref=right, found_at=at, **values
                )
            else:
                for key, value in values.items():
                    setattr(row, key, value)
                row.save(update_fields=list(values))
            kept.append(row)
        audit_append(
            actor=actor,
            action="reform.overlaps_scanned",
            object_type="reform_register",
            object_id="overlaps",
            at=at,
            data={"compared": len(texts), "found": len(findings)},
        )
    return kept


def overlap_judge(
    *, finding_id: int, judgement: str, note: str, scope: ReformScope, actor: str, at: datetime
) -> OverlapFinding:
    """The team's judgement of a finding: overlap, not overlap, or to merge."""
    if judgement not in (Judgement.OVERLAP, Judgement.NOT_OVERLAP, Judgement.MERGE):
        raise ValidationFailed(
            _("Đánh giá không hợp lệ."),
            problems=[FieldProblem("judgement", _("Chọn một trong ba kết luận."))],
        )
    with transaction.atomic():
        finding = scope.findings().select_for_update().filter(pk=finding_id).first()
        if finding is None:
            raise NotFound(_("Không tìm thấy kết quả rà soát."))
        finding.judgement = judgement
        finding.note = nfc(note).strip()[:2000]
        finding.judged_by = actor
        finding.judged_at = at
        finding.save(update_fields=["judgement", "note", "judged_by", "judged_at"])
        audit_append(
            actor=actor,
            action="reform.overlap_judged",
            object_type="reform_overlap",
            object_id=f"{finding.left_ref}~{finding.right_ref}",
            at=at,
            data={"judgement": judgement, "note": finding.note},
        )
    return finding


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


def task_create(
    *,
    title: str,
    agency: Agency,
    deadline: date,
    source: str,
    scope: ReformScope,
    actor: str,
    at: datetime,
) -> ReformTask:
    """Assign a reform task (nhiệm vụ) to an agency of the team's ``scope`` with a deadline."""
    problems = []
    if not nfc(title).strip():
        problems.append(FieldProblem("title", _("Nhập nội dung nhiệm vụ.")))
    if not scope.agencies().filter(pk=agency.pk).exists():
        problems.append(
            FieldProblem("agency", _("Cơ quan này không thuộc phạm vi của tổ công tác."))
        )
    if problems:
        raise ValidationFailed(_("Nhiệm vụ chưa lưu được."), problems=problems)
    with transaction.atomic():
        task = ReformTask.objects.create(
            title=nfc(title).strip()[:500],
            agency=agency,
            source=nfc(source).strip()[:300],
            original_deadline=deadline,
            deadline=deadline,
            created_at=at,
        )
        audit_append(
            actor=actor,
            action="reform.task_created",
            object_type="reform_task",
            object_id=str(task.pk),
            at=at,
            data={"title": task.title, "agency": agency.code, "deadline": deadline.isoformat()},
        )
    return task


def task_extend(
    *,
    task: ReformTask,
    new_deadline: date,
    reason: str,
    decided_on: date,
    scope: ReformScope,
    actor: str,
    at: datetime,
) -> ReformTask:
    """Record an extension of the task's deadline (gia hạn), with its date and reason."""
    problems = []
    if not nfc(reason).strip():
        problems.append(FieldProblem("reason", _("Nêu lý do gia hạn.")))
    with transaction.atomic():
        locked = _task_locked(task, scope)
        if new_deadline <= locked.deadline:
            problems.append(
                FieldProblem("new_deadline", _("Thời hạn mới phải sau thời hạn hiện tại."))
            )
        if locked.done_on is not None:
            raise Conflict(_("Nhiệm vụ đã hoàn thành, không gia hạn được."))
        if problems:
            raise ValidationFailed(_("Chưa gia hạn được nhiệm vụ."), problems=problems)
        TaskExtension.objects.create(
            task=locked,
            previous_deadline=locked.deadline,
            new_deadline=new_deadline,
            reason=nfc(reason).strip(),
            decided_on=decided_on,
            recorded_by=actor,
            recorded_at=at,
        )
        previous = locked.deadline
        locked.deadline = new_deadline
        locked.save(update_fields=["deadline"])
        audit_append(
            actor=actor,
            action="reform.task_extended",
            object_type="reform_task",
            object_id=str(locked.pk),
            at=at,
            data={
                "from": previous.isoformat(),
                "to": new_deadline.isoformat(),
                "reason": reason,
                "decided_on": decided_on.isoformat(),
            },
        )
    return locked


def _task_locked(task: ReformTask, scope: ReformScope) -> ReformTask:
    locked = scope.tasks().select_for_update().filter(pk=task.pk).first()
    if locked is None:
        raise NotFound(_("Không tìm thấy đối tượng này trong phạm vi của tổ công tác."))
    return locked


def task_complete(
    *, task: ReformTask, done_on: date, scope: ReformScope, actor: str, at: datetime
) -> ReformTask:
    with transaction.atomic():
        locked = _task_locked(task, scope)
        if locked.done_on is not None:
            raise Conflict(_("Nhiệm vụ đã được ghi nhận hoàn thành."))
        locked.done_on = done_on
        locked.save(update_fields=["done_on"])
        audit_append(
            actor=actor,
            action="reform.task_completed",
            object_type="reform_task",
            object_id=str(locked.pk),
            at=at,
            data={"done_on": done_on.isoformat()},
        )
    return locked


REMINDER_ACTOR = "system:reform-reminders"
REMINDER_TOPIC = "reform.task_reminder"


def task_reminder_mail(*, payload: dict[str, Any], key: str, now: datetime) -> None:
    """Outbox handler: send one reminder e-mail; a failure raises, and the worker retries."""
    if effect_once(effect=REMINDER_TOPIC, key=key, at=now):
        send_mail(payload["subject"], payload["body"], None, list(payload["recipients"]))


def task_reminders_send(*, now: datetime) -> list[int]:
    """E-mail the reform team of each agency whose open task falls due within the reminder window.

    Once per task and deadline (the :class:`TaskReminder` ledger, written in the same transaction
    as the audit row); an extended deadline gets its own reminder. The e-mail leaves on commit.
    """
    today = timezone.localdate(now)
    horizon = today + timedelta(days=int(settings.MOTCUA_REFORM_REMINDER_DAYS))
    sent: list[int] = []
    due = ReformTask.objects.filter(
        done_on__isnull=True, deadline__gte=today, deadline__lte=horizon
    ).select_related("agency")
    for task in due:
        with transaction.atomic():
            if TaskReminder.objects.filter(task=task, deadline=task.deadline).exists():
                continue
            recipients = sorted(
                {
                    a.user.email
                    for a in RoleAssignment.objects.filter(
                        agency=task.agency, role=Role.REFORM_TEAM, valid_from__lte=today
                    ).select_related("user")
                    if a.user.email and (a.valid_to is None or a.valid_to > today)
                }
            )
            TaskReminder.objects.create(
                task=task, deadline=task.deadline, recipients=recipients, sent_at=now
            )
            audit_append(
                actor=REMINDER_ACTOR,
                action="reform.task_reminded",
                object_type="reform_task",
                object_id=str(task.pk),
                at=now,
                data={"deadline": task.deadline.isoformat(), "recipients": len(recipients)},
            )
            subject = _("Nhắc hạn nhiệm vụ cải cách: %(title)s") % {"title": task.title}
            body = _(
                "Nhiệm vụ “%(title)s” của %(agency)s đến hạn ngày %(day)s và chưa hoàn thành."
            ) % {
                "title": task.title,
                "agency": task.agency.name,
                "day": task.deadline.strftime("%d/%m/%Y"),
            }
            if recipients:
                outbox_enqueue(
                    topic=REMINDER_TOPIC,
                    key=f"{task.pk}:{task.deadline.isoformat()}",
                    payload={"subject": subject, "body": body, "recipients": recipients},
                    at=now,
                )
            sent.append(task.pk)
    return sent
