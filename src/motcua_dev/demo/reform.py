"""Demo data of the reform workspace, created through the real services. Idempotent.

* the register of internal procedures of two departments (:mod:`motcua_dev.demo.reform_data`), the
  overlap scan over it and the catalogue, the labour-cost rates, the operating norms;
* reform tasks, one of them late after two extensions;
* a procedure of the Department of Justice with a history to mine: a few hundred dossiers received
  at the counter over the last months and processed step by step through ``dossier_submit`` and
  ``dossier_transition`` at moments in the past. Its leader signs slowly (the bottleneck), one
  specialist is slower than the other, about one dossier in seven goes round a supplement loop,
  and the "assignment" step only hands over (waiting, no decision).
"""

import json
import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import Agency, ApplicantKind, OneStopUnit, Role, User
from motcua.accounts.services import officer_create, role_assign
from motcua.calendar.selectors import working_calendar_get
from motcua.catalog.models import (
    ApplicantType,
    Channel,
    ComponentKind,
    DataSource,
    Level,
    OnlineLevel,
    ProcedureVersion,
    ResultKind,
)
from motcua.catalog.services import (
    field_ensure,
    procedure_draft_create,
    procedure_draft_update,
    procedure_version_new_draft,
    procedure_version_publish,
)
from motcua.dossiers.models import Dossier, DossierChannel
from motcua.dossiers.services import ApplicantData, dossier_submit, dossier_transition
from motcua.dossiers.workflow import Action
from motcua.reform.models import (
    InternalProcedure,
    LabourCostRate,
    OperatingNorm,
    ReformTask,
    SimplificationPlan,
)
from motcua.reform.permissions import ReformScope
from motcua.reform.services import (
    internal_procedures_import,
    labour_rate_set,
    norm_set,
    overlaps_scan,
    plan_create,
    task_complete,
    task_create,
    task_extend,
)
from motcua_dev.demo.accounts import DEMO_PASSWORD, SINCE
from motcua_dev.demo.forms import source_of_form
from motcua_dev.demo.forms_civil import EXTRACT_COPY_SCHEMA
from motcua_dev.demo.reform_data import REGISTER

ACTOR = "system:demo"
#: The procedure whose history the demo builds (code unconfirmed; see its note).
MINED_CODE = "2.000635"
HISTORY_DAYS = 120
DOSSIERS = 200
SEED = 2026
JUSTICE = "000.00.10.H26"
FINANCE = "000.00.12.H26"
CITY = "000.00.00.H26"
UNIT_NAME = "Trung tâm Phục vụ hành chính công Thành phố Hà Nội"
SECOND_SPECIALIST = ("chuyenvien.hotich", "Vũ Thị Thu")

#: Đồng per hour of a subject's time. Illustrative: the Government Office's real rate is
#: unconfirmed (§4 of the domain notes).
LABOUR_RATES = {2025: 32_000, 2026: 35_000, 2027: 37_000}
NORMS = {
    "guide": (10, 5_000),
    "receive_counter": (15, 8_000),
    "receive_online": (5, 2_000),
    "digitize_page": (2, 1_000),
    "return_counter": (10, 5_000),
    "return_post": (15, 25_000),
    "return_online": (2, 500),
}


def _mined_procedure(since: date, at: datetime) -> ProcedureVersion:
    existing = (
        ProcedureVersion.objects.filter(procedure__national_code=MINED_CODE).order_by("-pk").first()
    )
    if existing is not None:
        return existing
    field_ensure(code="HOTICH", name="Hộ tịch", at=at, actor=ACTOR)
    step = {"unit_description": "Sở Tư pháp", "citizen_facing": False}
    version = procedure_draft_create(
        national_code=MINED_CODE,
        name="Cấp bản sao trích lục hộ tịch",
        field_code="HOTICH",
        levels=[Level.PROVINCE],
        processing_time_value=3,
        implementing_agency="Sở Tư pháp",
        agency_codes=[JUSTICE],
        online_level=OnlineLevel.PARTIAL,
        applicant_types=[ApplicantType.CITIZEN],
        channels=[Channel.DIRECT, Channel.POST, Channel.ONLINE],
        legal_basis=[
            {"number": "60/2014/QH13", "title": "Luật Hộ tịch", "issued_on": "2014-11-20"}
        ],
        components=[
            {
                # Asked online as the official form; at the counter the paper form is scanned.
                "code": "to_khai",
                "name": "Tờ khai cấp bản sao trích lục hộ tịch",
                "kind": ComponentKind.FORM,
                "schema": EXTRACT_COPY_SCHEMA,
                "template": source_of_form(EXTRACT_COPY_SCHEMA),
                "required": False,
                "originals": 1,
                "copies": 0,
                "reusable_from": [],
            },
            {
                "code": "can_cuoc",
                "name": "Thẻ căn cước của người yêu cầu",
                "kind": ComponentKind.DOCUMENT,
                "schema": None,
                "required": False,
                "originals": 0,
                "copies": 1,
                "reusable_from": [DataSource.POPULATION_DB],
            },
        ],
        steps=[
            {
                **step,
                "name": "Tiếp nhận, kiểm tra hồ sơ",
                "role": Role.ONE_STOP_OFFICER,
                "minutes": 60,
                "citizen_facing": True,
            },
            {**step, "name": "Phân công xử lý", "role": Role.LEADER, "minutes": 120},
            {
                **step,
                "name": "Tra cứu sổ hộ tịch, dự thảo bản sao trích lục",
                "role": Role.SPECIALIST,
                "minutes": 480,
                "decides": True,
            },
            {
                **step,
                "name": "Ký bản sao trích lục",
                "role": Role.LEADER,
                "minutes": 240,
                "signs_result": True,
            },
            {
                **step,
                "name": "Trả kết quả",
                "role": Role.ONE_STOP_OFFICER,
                "minutes": 60,
                "citizen_facing": True,
            },
        ],
        note=(
            "Mã 2.000635 chưa xác nhận trên CSDLQG về TTHC. Quy trình nội bộ minh hoạ, dùng cho "
            "dữ liệu mẫu khai phá quy trình của tổ công tác cải cách."
        ),
        at=at,
        actor=ACTOR,
    )
    return procedure_version_publish(version=version, at=at, actor=ACTOR, valid_from=since)


#: The certified copy of the extract (bản sao trích lục hộ tịch, Nghị định 123/2015/NĐ-CP):
#: the officer copies what the register says into it.
EXTRACT_RESULT: dict[str, Any] = {
    "kind": ResultKind.CERTIFICATE,
    "name": "Bản sao trích lục hộ tịch",
    "document": {
        "title": "Bản sao trích lục hộ tịch",
        "fields": [],
        "statement": {
            "label": "Nội dung trích lục theo Sổ hộ tịch",
            "default": "Đúng với nội dung đăng ký trong Sổ hộ tịch đang lưu tại cơ quan.",
        },
        "signer_title": "KT. Giám đốc\nPhó Giám đốc",
    },
}


def _mined_procedure_issuing(version: ProcedureVersion, at: datetime) -> ProcedureVersion:
    """From ``at`` on, the mined procedure issues its certified copy as a signed document. The
    history before (its first version, which listed no result) stays as it was mined."""
    if version.results:
        return version
    draft = procedure_version_new_draft(procedure=version.procedure, at=at, actor=ACTOR)
    procedure_draft_update(version=draft, changes={"results": [EXTRACT_RESULT]}, at=at, actor=ACTOR)
    return procedure_version_publish(version=draft, at=at, actor=ACTOR)


def _second_specialist(at: datetime) -> User:
    username, full_name = SECOND_SPECIALIST
    user = User.objects.filter(username=username).first()
    if user is None:
        user = officer_create(
            username=username,
            full_name=full_name,
            password=DEMO_PASSWORD,
            email=f"{username}@motcua.example",
            at=at,
            actor=ACTOR,
        )
        role_assign(
            user=user,
            agency=Agency.objects.get(code=JUSTICE),
            role=Role.SPECIALIST,
            valid_from=SINCE,
            at=at,
            actor=ACTOR,
        )
    return user


def _working_moments(start: date, end: date, rng: random.Random, n: int) -> list[datetime]:
    calendar = working_calendar_get()
    days = [
        start + timedelta(days=i)
        for i in range((end - start).days)
        if calendar.is_working_day(start + timedelta(days=i))
    ]
    moments = []
    for _ in range(n):
        day = rng.choice(days)
        minute = rng.randrange(0, 7 * 60)  # 07:30 to 14:30, before the 15:00 cut-off
        local = datetime.combine(day, time(7, 30), tzinfo=calendar.tz) + timedelta(minutes=minute)
        if local.time() >= time(11, 30) and local.time() < time(13, 0):
            local += timedelta(minutes=90)
        moments.append(local)
    return sorted(moments)


def _history(version: ProcedureVersion, *, at: datetime, count: int) -> int:
    """Submit and process ``count`` dossiers at moments of the last ``HISTORY_DAYS`` days."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, not a secret
    calendar = working_calendar_get()
    officer = User.objects.get(username="canbo.motcua")
    leader = User.objects.get(username="lanhdao.tuphap")
    specialists = [User.objects.get(username="chuyenvien.tuphap"), _second_specialist(at)]
    unit = OneStopUnit.objects.get(name=UNIT_NAME)
    today = timezone.localdate(at)
    applicant = ApplicantData(
        kind=ApplicantKind.CITIZEN,
        name="Nguyễn Văn Minh Hoạ",
        personal_id="001090012345",
        birth_date=date(1990, 5, 1),
        sex="male",
    )

    def later(moment: datetime, low: float, high: float) -> datetime:
        hours = rng.uniform(low, high)
        return calendar.due_moment_hours(moment, hours=hours, paper=False)

    made = 0
    start = today - timedelta(days=HISTORY_DAYS)
    for received in _working_moments(start, today - timedelta(days=1), rng, count):
        dossier = dossier_submit(
            version=version,
            applicant=applicant,
            channel=DossierChannel.COUNTER,
            form_data={},
            documents=[],
            administrative_unit_code="01",
            actor=officer,
            at=received,
            receiving_unit=unit,
        ).dossier
        made += 1
        specialist = specialists[0] if rng.random() < 0.6 else specialists[1]
        slow = specialist is specialists[1]
        plan: list[tuple[str, User, float, float]] = [
            (Action.COMPLETE_STEP, officer, 0.2, 1.0),
            (Action.COMPLETE_STEP, leader, 1.0, 6.0),
        ]
        if rng.random() < 0.15:
            plan += [
                (Action.REQUEST_SUPPLEMENT, specialist, 1.0, 4.0),
                (Action.SUPPLEMENT, officer, 8.0, 24.0),
            ]
        plan += [
            (Action.COMPLETE_STEP, specialist, 6.0, 14.0)
            if slow
            else (Action.COMPLETE_STEP, specialist, 3.0, 9.0),
            (Action.COMPLETE_STEP, leader, 10.0, 26.0),
            (Action.COMPLETE_STEP, officer, 0.3, 1.5),
        ]
        moment = received
        for action, actor, low, high in plan:
            moment = later(moment, low, high)
            if moment >= at:
                break
            reasons = ["Tờ khai thiếu thông tin nơi đăng ký hộ tịch"]
            dossier = dossier_transition(
                dossier=dossier,
                action=action,
                actor=actor,
                at=moment,
                note="",
                reasons=reasons if action == Action.REQUEST_SUPPLEMENT else (),
            )
    return made


def _tasks(at: datetime) -> None:
    if ReformTask.objects.exists():
        return
    today = timezone.localdate(at)
    justice = Agency.objects.get(code=JUSTICE)
    finance = Agency.objects.get(code=FINANCE)
    done = task_create(
        scope=ReformScope.everything(),
        title="Thống kê, công bố danh mục thủ tục hành chính nội bộ",
        agency=justice,
        deadline=date(2023, 4, 1),
        source="Quyết định 1085/QĐ-TTg",
        actor=ACTOR,
        at=at,
    )
    task_complete(
        scope=ReformScope.everything(), task=done, done_on=date(2023, 3, 28), actor=ACTOR, at=at
    )
    late = task_create(
        scope=ReformScope.everything(),
        title="Trình phương án đơn giản hóa thủ tục hành chính nội bộ (cắt giảm tối thiểu 20%)",
        agency=finance,
        deadline=date(2025, 1, 1),
        source="Quyết định 1085/QĐ-TTg",
        actor=ACTOR,
        at=at,
    )
    task_extend(
        scope=ReformScope.everything(),
        task=late,
        new_deadline=date(2025, 6, 30),
        reason="Chờ sắp xếp tổ chức bộ máy, hợp nhất đơn vị",
        decided_on=date(2024, 12, 20),
        actor=ACTOR,
        at=at,
    )
    task_extend(
        scope=ReformScope.everything(),
        task=late,
        new_deadline=today - timedelta(days=30),
        reason="Chờ văn bản hướng dẫn sau khi bỏ cấp huyện",
        decided_on=date(2025, 6, 25),
        actor=ACTOR,
        at=at,
    )
    task_create(
        scope=ReformScope.everything(),
        title="Báo cáo kết quả rà soát thủ tục hành chính nội bộ năm",
        agency=justice,
        deadline=today + timedelta(days=2),
        source="Kế hoạch của UBND Thành phố",
        actor=ACTOR,
        at=at,
    )
    task_create(
        scope=ReformScope.everything(),
        title="Rà soát quy trình nội bộ, cắt bỏ các khâu trung gian",
        agency=Agency.objects.get(code=CITY),
        deadline=today + timedelta(days=60),
        source="Chỉ thị của Thủ tướng Chính phủ",
        actor=ACTOR,
        at=at,
    )


def load(*, at: datetime, dossiers: int = DOSSIERS) -> dict[str, Any]:
    """Create this app's demo data as of ``at``; running it again changes nothing."""
    today = timezone.localdate(at)
    for year in sorted({*LABOUR_RATES, today.year - 1, today.year}):
        if not LabourCostRate.objects.filter(year=year).exists():
            labour_rate_set(
                year=year,
                hourly_rate=LABOUR_RATES.get(year, max(LABOUR_RATES.values())),
                basis="Minh hoạ (chưa xác nhận)",
                actor=ACTOR,
                at=at,
            )
    for activity, (minutes, cost) in NORMS.items():
        for year in (today.year - 1, today.year):
            if not OperatingNorm.objects.filter(year=year, activity=activity).exists():
                norm_set(
                    year=year, activity=activity, minutes=minutes, cost=cost, actor=ACTOR, at=at
                )
    if not InternalProcedure.objects.exists():
        internal_procedures_import(
            scope=ReformScope.everything(),
            data=json.dumps({"procedures": REGISTER}, ensure_ascii=False).encode(),
            filename="dang-ky-noi-bo-mau.json",
            actor=ACTOR,
            at=at,
        )
    _tasks(at)
    if not SimplificationPlan.objects.exists():
        # The same periodic report in two departments: one is abolished, the other kept.
        plan_create(
            scope=ReformScope.everything(),
            ref="internal:NB-STC-02",
            cuts=[{"kind": "procedure"}],
            legal_change="Hợp nhất vào báo cáo định kỳ của Sở Tư pháp (NB-STP-03)",
            responsible_agency="Sở Tài chính Thành phố Hà Nội",
            deadline=today + timedelta(days=90),
            year=today.year,
            actor=ACTOR,
            at=at,
        )
    made = 0
    since = today - timedelta(days=HISTORY_DAYS + 1)
    version = _mined_procedure(since, at)
    if not Dossier.objects.filter(procedure_version__procedure=version.procedure).exists():
        # One outer transaction: each service still runs its own (a savepoint), but SQLite syncs
        # the file once instead of once per call, which keeps ``make run`` quick.
        with transaction.atomic():
            made = _history(version, at=at, count=dossiers)
    _mined_procedure_issuing(version, at)
    overlaps_scan(actor=ACTOR, at=at)
    return {"dossiers": made}
