import io
import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from openpyxl import Workbook
from pytest_django.fixtures import Settings

from motcua.accounts.models import Agency, AgencyKind, Role
from motcua.accounts.services import agency_create, officer_create, role_assign
from motcua.core.errors import Conflict, ValidationFailed
from motcua.core.models import AuditEntry, OutboxMessage
from motcua.core.outbox import outbox_run_due
from motcua.documents.tests.samples import billion_laughs_xlsx
from motcua.reform import costs
from motcua.reform.models import InternalProcedure, Judgement, OverlapFinding, TaskReminder
from motcua.reform.permissions import ReformScope
from motcua.reform.selectors import (
    TaskStatus,
    cost_summary,
    plan_row,
    task_board,
    task_status,
)
from motcua.reform.services import (
    SCAN_TOPIC,
    internal_procedures_import,
    labour_rate_set,
    overlap_judge,
    overlaps_scan,
    overlaps_scan_request,
    plan_assumptions_set,
    plan_create,
    task_complete,
    task_create,
    task_extend,
    task_reminders_send,
)
from motcua_dev.demo.reform_data import REGISTER

pytestmark = pytest.mark.django_db
AT = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)


def _json(procedures: list[dict[str, Any]]) -> bytes:
    return json.dumps({"procedures": procedures}, ensure_ascii=False).encode()


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.append(
        [
            "Mã thủ tục",
            "Tên thủ tục",
            "Mã cơ quan",
            "Cơ quan ban hành",
            "Lĩnh vực",
            "Căn cứ pháp lý",
            "Trình tự thực hiện",
            "Thành phần hồ sơ",
            "Số lần thực hiện/năm",
            "Số đối tượng/năm",
        ]
    )
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_register_imports_from_json_and_replaces_by_code() -> None:
    summary = internal_procedures_import(
        scope=ReformScope.everything(), data=_json(REGISTER), filename="a.json", actor="t", at=AT
    )
    assert len(summary.created) == len(REGISTER)
    assert summary.agencies == ["Sở Tài chính Thành phố Hà Nội", "Sở Tư pháp Thành phố Hà Nội"]
    changed = [{**REGISTER[0], "name": "Tên mới"}]
    again = internal_procedures_import(
        scope=ReformScope.everything(), data=_json(changed), filename="b.json", actor="t", at=AT
    )
    assert again.updated == [REGISTER[0]["code"]]
    assert InternalProcedure.objects.get(code=REGISTER[0]["code"]).name == "Tên mới"
    assert AuditEntry.objects.filter(action="reform.register_imported").count() == 2


def test_register_imports_from_xlsx_with_steps_and_documents_as_lines() -> None:
    data = _xlsx(
        [
            [
                "NB-01",
                "Báo cáo định kỳ",
                "000.00.10.H26",
                "Sở Tư pháp",
                "Kiểm soát TTHC",
                "63/2010/NĐ-CP",
                "Tổng hợp số liệu | Văn phòng | 8\nKý báo cáo | Lãnh đạo | 1,5",
                "Báo cáo | 2 | 5000",
                4,
                1,
            ]
        ]
    )
    internal_procedures_import(
        scope=ReformScope.everything(), data=data, filename="dm.xlsx", actor="t", at=AT
    )
    p = InternalProcedure.objects.get(code="NB-01")
    assert p.steps == [
        {"name": "Tổng hợp số liệu", "unit": "Văn phòng", "hours": 8.0},
        {"name": "Ký báo cáo", "unit": "Lãnh đạo", "hours": 1.5},
    ]
    assert p.documents == [{"name": "Báo cáo", "hours": 2.0, "cost": 5000}]
    assert p.times_per_year == 4


def test_a_bad_register_names_every_problem_and_stores_nothing() -> None:
    bad = [
        {**REGISTER[0], "name": ""},
        {**REGISTER[1], "code": REGISTER[0]["code"], "steps": [{"name": "x", "hours": "-1"}]},
    ]
    with pytest.raises(ValidationFailed) as raised:
        internal_procedures_import(
            scope=ReformScope.everything(), data=_json(bad), filename="a.json", actor="t", at=AT
        )
    paths = {p.path for p in raised.value.problems}
    assert {"procedures[0].name", "procedures[1].code", "procedures[1].steps[0].hours"} <= paths
    assert not InternalProcedure.objects.exists()
    with pytest.raises(ValidationFailed):
        internal_procedures_import(
            scope=ReformScope.everything(),
            data=b"not a workbook",
            filename="a.xlsx",
            actor="t",
            at=AT,
        )


def test_a_billion_laughs_sheet_is_refused_before_any_parser_expands_it() -> None:
    header = ["Mã thủ tục", "Tên thủ tục", "Mã cơ quan", "Cơ quan ban hành"]

    with pytest.raises(ValidationFailed) as raised:
        internal_procedures_import(
            scope=ReformScope.everything(),
            data=billion_laughs_xlsx(header),
            filename="dm.xlsx",
            actor="t",
            at=AT,
        )

    [problem] = raised.value.problems
    assert problem.path == "file"
    assert "khai báo DTD hoặc thực thể XML" in problem.message
    assert not InternalProcedure.objects.exists()


def test_a_scan_asked_for_runs_on_the_worker_once_a_minute_however_often_asked() -> None:
    # given: a register with two overlapping internal procedures, not yet scanned
    internal_procedures_import(
        scope=ReformScope.everything(), data=_json(REGISTER), filename="a.json", actor="t", at=AT
    )

    # when: the team asks twice within a minute (a double click), then the worker runs
    overlaps_scan_request(actor="user:7", at=AT)
    overlaps_scan_request(actor="user:7", at=AT + timedelta(seconds=20))
    assert not OverlapFinding.objects.exists()
    asked = OutboxMessage.objects.get(topic=SCAN_TOPIC)
    report = outbox_run_due(now=AT + timedelta(minutes=1))

    # then: one scan ran, as of the worker's time, and found what the register holds
    assert report.done == [asked.pk]
    asked.refresh_from_db()
    assert asked.status == "done"
    pairs = {(f.left_ref, f.right_ref) for f in OverlapFinding.objects.all()}
    assert ("internal:NB-STC-02", "internal:NB-STP-03") in pairs
    scanned = AuditEntry.objects.get(action="reform.overlaps_scanned")
    assert (scanned.actor, scanned.occurred_at) == ("user:7", AT + timedelta(minutes=1))
    # asked again a minute later, it is another scan
    overlaps_scan_request(actor="user:7", at=AT + timedelta(minutes=2))
    assert OutboxMessage.objects.filter(topic=SCAN_TOPIC).count() == 2


def test_a_judgement_survives_a_new_scan() -> None:
    internal_procedures_import(
        scope=ReformScope.everything(), data=_json(REGISTER), filename="a.json", actor="t", at=AT
    )
    found = overlaps_scan(actor="t", at=AT)
    pairs = {(f.left_ref, f.right_ref) for f in found}
    assert ("internal:NB-STC-02", "internal:NB-STP-03") in pairs
    finding = next(f for f in found if f.left_ref == "internal:NB-STC-02")
    overlap_judge(
        scope=ReformScope.everything(),
        finding_id=finding.pk,
        judgement=Judgement.MERGE,
        note="Gộp",
        actor="t",
        at=AT,
    )
    overlaps_scan(actor="t", at=AT + timedelta(days=1))
    kept = OverlapFinding.objects.get(pk=finding.pk)
    assert (kept.judgement, kept.note, kept.judged_by) == (Judgement.MERGE, "Gộp", "t")
    with pytest.raises(ValidationFailed):
        overlap_judge(
            scope=ReformScope.everything(),
            finding_id=finding.pk,
            judgement="maybe",
            note="",
            actor="t",
            at=AT,
        )


def test_the_standard_cost_model_by_hand() -> None:
    profile = costs.CostProfile(
        items=(
            costs.CostItem("step", "A", minutes=120),
            costs.CostItem("step", "B", minutes=60),
            costs.CostItem("component", "Giấy", minutes=30, amount=2_000),
            costs.CostItem("fee", "Lệ phí", amount=50_000),
        ),
        times_per_year=2,
        subjects=100,
    )
    # 210 minutes at 30,000 đồng an hour = 105,000; + 52,000 direct = 157,000 once.
    before = costs.figures(profile, hourly_rate=30_000)
    assert (before.once, before.annual) == (157_000, 31_400_000)
    result = costs.compare(
        profile,
        [{"kind": "step", "name": "B"}, {"kind": "component", "name": "Giấy"}],
        hourly_rate=30_000,
    )
    # after: 120 minutes = 60,000 + 50,000 = 110,000 once.
    assert result.after.once == 110_000
    assert result.cut_percent == round((157_000 - 110_000) * 100 / 157_000, 2)
    assert costs.compare(profile, [{"kind": "procedure"}], hourly_rate=30_000).cut_percent == 100


def test_a_plan_cuts_a_step_and_a_document_and_the_totals_follow() -> None:
    internal_procedures_import(
        scope=ReformScope.everything(), data=_json(REGISTER), filename="a.json", actor="t", at=AT
    )
    labour_rate_set(year=2026, hourly_rate=35_000, basis="", actor="t", at=AT)
    plan = plan_create(
        scope=ReformScope.everything(),
        ref="internal:NB-STP-01",
        cuts=[
            {"kind": "step", "name": "Họp hội đồng tư vấn thẩm định"},
            {"kind": "component", "name": "Bản tổng hợp, giải trình, tiếp thu ý kiến góp ý"},
        ],
        legal_change="Sửa Điều 58 Nghị định 78/2025/NĐ-CP",
        responsible_agency="Sở Tư pháp",
        deadline=date(2026, 12, 31),
        year=2026,
        actor="t",
        at=AT,
    )
    row = plan_row(plan)
    # Steps 2+2+40+8+4 h, documents 1+16+4+8+8 h and 45,000 đồng, 2 visits of 2 h and 30,000.
    before_minutes = (56 + 37 + 4) * 60
    assert row.comparison.before.minutes == before_minutes
    assert row.comparison.after.minutes == before_minutes - 8 * 60 - 8 * 60
    once_before = before_minutes * 35_000 // 60 + 45_000 + 60_000
    assert row.comparison.before.once == once_before
    assert row.comparison.before.annual == once_before * 6 * 20
    per_agency, overall = cost_summary(on=TODAY, scope=ReformScope.everything())
    justice = next(t for t in per_agency if t.agency.startswith("Sở Tư pháp"))
    assert justice.planned == 1
    assert justice.cost_before - justice.cost_after == row.comparison.saving
    assert overall.cost_cut_percent == costs.percent(row.comparison.saving, overall.cost_before)


def test_a_plans_assumptions_are_edited_with_their_sources_and_the_cost_follows() -> None:
    internal_procedures_import(
        scope=ReformScope.everything(), data=_json(REGISTER), filename="a.json", actor="t", at=AT
    )
    labour_rate_set(year=2026, hourly_rate=35_000, basis="Công văn 1/VPCP", actor="t", at=AT)
    plan = plan_create(
        scope=ReformScope.everything(),
        ref="internal:NB-STP-01",
        cuts=[{"kind": "step", "name": "Họp hội đồng tư vấn thẩm định"}],
        legal_change="Sửa Điều 58 Nghị định 78/2025/NĐ-CP",
        responsible_agency="Sở Tư pháp",
        deadline=date(2026, 12, 31),
        year=2026,
        actor="t",
        at=AT,
    )
    before = plan_row(plan)
    # the defaults say where they come from
    assert before.costing.assumptions.subjects.value == 20
    assert "NB-STP-01" in before.costing.assumptions.subjects.source
    assert "Công văn 1/VPCP" in before.costing.assumptions.hourly_rate.source

    with pytest.raises(ValidationFailed) as raised:
        plan_assumptions_set(
            plan=plan,
            values={"times_per_year": 0, "subjects": 10, "hourly_rate": 40_000},
            sources={"times_per_year": "x", "subjects": "", "hourly_rate": "y"},
            actor="t",
            at=AT,
        )
    assert {p.path for p in raised.value.problems} == {"times_per_year", "subjects_source"}
    plan.refresh_from_db()
    assert plan.assumptions == {}

    plan_assumptions_set(
        plan=plan,
        values={"times_per_year": 4, "subjects": 10, "hourly_rate": 40_000},
        sources={
            "times_per_year": "Khảo sát của Sở Tư pháp 2026",
            "subjects": "Số văn bản thẩm định năm 2025",
            "hourly_rate": "Mức giờ công đề xuất",
        },
        actor="caicach",
        at=AT,
    )

    plan.refresh_from_db()
    after = plan_row(plan)
    assert after.costing.assumptions.subjects == costs.Assumption(
        10, "Số văn bản thẩm định năm 2025"
    )
    minutes = after.comparison.before.minutes
    assert minutes == before.comparison.before.minutes
    once = (minutes * 40_000 + 30) // 60 + after.comparison.before.direct
    assert after.comparison.before.annual == once * 4 * 10
    assert AuditEntry.objects.filter(action="reform.plan_assumptions_set").count() == 1
    # the cut against the targets counts the plan with its own assumptions
    per_agency, _overall = cost_summary(on=TODAY, scope=ReformScope.everything())
    justice = next(t for t in per_agency if t.agency.startswith("Sở Tư pháp"))
    assert justice.cost_before - justice.cost_after == after.comparison.saving


def test_a_plan_refuses_what_the_procedure_does_not_have() -> None:
    internal_procedures_import(
        scope=ReformScope.everything(), data=_json(REGISTER), filename="a.json", actor="t", at=AT
    )
    with pytest.raises(ValidationFailed) as raised:
        plan_create(
            scope=ReformScope.everything(),
            ref="internal:NB-STP-01",
            cuts=[{"kind": "step", "name": "Không có bước này"}],
            legal_change="",
            responsible_agency="",
            deadline=None,
            year=2026,
            actor="t",
            at=AT,
        )
    paths = {p.path for p in raised.value.problems}
    assert {"cuts[0].name", "legal_change", "responsible_agency", "deadline", "year"} <= paths


@pytest.fixture
def agency() -> Agency:
    from motcua.accounts.services import administrative_units_load_official

    administrative_units_load_official(at=AT, actor="t")
    from motcua.accounts.selectors import administrative_unit_get

    return agency_create(
        code="000.00.10.H26",
        name="Sở Tư pháp",
        kind=AgencyKind.PROVINCIAL_DEPARTMENT,
        administrative_unit=administrative_unit_get(code="01", on=date(2025, 7, 1)),
        parent=None,
        valid_from=date(2025, 7, 1),
        at=AT,
        actor="t",
    )


def test_task_status_is_computed_and_extensions_are_kept(agency: Agency) -> None:
    task = task_create(
        scope=ReformScope.everything(),
        title="Rà soát",
        agency=agency,
        deadline=date(2025, 1, 1),
        source="",
        actor="t",
        at=AT,
    )
    assert task_status(task, today=TODAY) == TaskStatus.LATE
    task = task_extend(
        scope=ReformScope.everything(),
        task=task,
        new_deadline=date(2026, 6, 30),
        reason="Sắp xếp bộ máy",
        decided_on=date(2024, 12, 20),
        actor="t",
        at=AT,
    )
    assert task_status(task, today=TODAY) == TaskStatus.NOT_YET
    with pytest.raises(ValidationFailed):
        task_extend(
            scope=ReformScope.everything(),
            task=task,
            new_deadline=date(2026, 1, 1),
            reason="",
            decided_on=TODAY,
            actor="t",
            at=AT,
        )
    [board] = task_board(today=date(2026, 7, 2), scope=ReformScope.everything())
    [row] = board.rows
    assert (row.status, row.days_late) == (TaskStatus.LATE, 2)
    assert row.extensions == [
        (date(2024, 12, 20), date(2025, 1, 1), date(2026, 6, 30), "Sắp xếp bộ máy")
    ]
    done = task_complete(
        scope=ReformScope.everything(), task=task, done_on=date(2026, 7, 3), actor="t", at=AT
    )
    assert task_status(done, today=date(2026, 8, 1)) == TaskStatus.DONE_LATE
    with pytest.raises(Conflict):
        task_extend(
            scope=ReformScope.everything(),
            task=done,
            new_deadline=date(2027, 1, 1),
            reason="x",
            decided_on=TODAY,
            actor="t",
            at=AT,
        )


def test_a_reminder_goes_once_per_deadline(agency: Agency, settings: Settings) -> None:
    settings.MOTCUA_REFORM_REMINDER_DAYS = 3
    user = officer_create(
        username="caicach",
        full_name="Phạm Quốc Đạt",
        password="motcua-demo-2026",
        email="caicach@motcua.example",
        at=AT,
        actor="t",
    )
    role_assign(
        user=user,
        agency=agency,
        role=Role.REFORM_TEAM,
        valid_from=date(2025, 7, 1),
        at=AT,
        actor="t",
    )
    now = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    task = task_create(
        scope=ReformScope.everything(),
        title="Báo cáo",
        agency=agency,
        deadline=date(2026, 3, 4),
        source="",
        actor="t",
        at=AT,
    )
    task_create(
        scope=ReformScope.everything(),
        title="Xa",
        agency=agency,
        deadline=date(2026, 6, 4),
        source="",
        actor="t",
        at=AT,
    )
    assert task_reminders_send(now=now) == [task.pk]
    assert task_reminders_send(now=now + timedelta(hours=1)) == []
    outbox_run_due(now=now, limit=10)
    outbox_run_due(now=now, limit=10)
    assert [m.to for m in mail.outbox] == [["caicach@motcua.example"]]
    assert "Báo cáo" in mail.outbox[0].subject
    assert OutboxMessage.objects.filter(topic="reform.task_reminder").count() == 1
    # An extension brings the deadline back into view later: a new reminder then.
    task_extend(
        scope=ReformScope.everything(),
        task=task,
        new_deadline=date(2026, 3, 5),
        reason="x",
        decided_on=TODAY,
        actor="t",
        at=AT,
    )
    assert task_reminders_send(now=now) == [task.pk]
    assert TaskReminder.objects.filter(task=task).count() == 2


def test_the_worker_runs_the_reminders_and_sends_their_mail() -> None:
    from motcua.core.outbox import registered_periodic, registered_topics

    assert "reform.task_reminders" in registered_periodic()
    assert "reform.task_reminder" in registered_topics()
