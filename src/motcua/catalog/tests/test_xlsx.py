from pathlib import Path

import pytest
from openpyxl import Workbook

from motcua.catalog.importing import catalog_import_xlsx
from motcua.catalog.models import FeeKind, ProcedureVersion, TimeUnit, VersionStatus
from motcua.catalog.selectors import code_q
from motcua.catalog.terms import parse_time_text
from motcua.catalog.tests.factories import ACTOR, AT
from motcua.catalog.xlsx import parse_fees, parse_levels, parse_time
from motcua.core.errors import ValidationFailed


def procedure_version_by_code(code: str) -> ProcedureVersion:
    return ProcedureVersion.objects.get(code_q(code))


HEADER = [
    "STT",
    "Mã thủ tục",
    "Tên thủ tục hành chính",
    "Lĩnh vực",
    "Cấp thực hiện",
    "Thời hạn giải quyết",
    "Phí, lệ phí",
    "Cơ quan thực hiện",
    "Căn cứ pháp lý",
]
GOOD_ROWS = [
    [
        1,
        "1.001748",
        "Thủ tục đăng ký nghĩa vụ quân sự chuyển đến",
        "Nghĩa vụ quân sự",
        "Cấp Xã",
        "01 ngày làm việc",
        "Lệ phí: 0 Đồng",
        "Ban Chỉ huy quân sự cấp xã",
        "Luật số 78/2015/QH13\nNghị định số 13/2016/NĐ-CP",
    ],
    [
        2,
        "1.000948.H38",
        "Cấp lại Giấy phép chế biến nguyên liệu thuốc lá",
        "Công nghiệp tiêu dùng",
        "Cấp Tỉnh",
        "05 Ngày làm việc",
        "50.000 đồng",
        "Sở Công Thương",
        "",
    ],
    [
        3,
        "2.000815",
        "Chứng thực bản sao từ bản chính",
        "Chứng thực",
        "Cấp Tỉnh, Cấp Xã",
        "4 giờ làm việc",
        "Không",
        "Ủy ban nhân dân cấp xã",
        "",
    ],
]


def _sheet(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["DANH MỤC THỦ TỤC HÀNH CHÍNH"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_parse_free_text_cells() -> None:
    assert parse_time("01 ngày làm việc") == (1, TimeUnit.WORKING_DAYS)
    assert parse_time("05 Ngày làm việc") == (5, TimeUnit.WORKING_DAYS)
    assert parse_time("4 giờ làm việc") == (4, TimeUnit.WORKING_HOURS)
    assert parse_time("ngay") is None
    fees = parse_fees("Lệ phí: 0 Đồng")
    assert fees is not None
    assert [(f["kind"], f["amount"]) for f in fees] == [(FeeKind.CHARGE, 0)]
    fees = parse_fees("50.000 đồng")
    assert fees is not None
    assert [(f["kind"], f["amount"]) for f in fees] == [(FeeKind.FEE, 50_000)]
    free = parse_fees("Không")
    assert free is not None
    assert [(f["amount"], f["wording"]) for f in free] == [(0, "Không")]
    assert parse_fees("") == []
    by_regulation = parse_fees("Theo quy định tại Thông tư 85/2019/TT-BTC")
    assert by_regulation is not None
    assert [(f["amount"], f["wording"]) for f in by_regulation] == [
        (None, "Theo quy định tại Thông tư 85/2019/TT-BTC")
    ]
    assert parse_fees("tùy trường hợp") is None
    assert parse_levels("Cấp Tỉnh, Cấp Xã") == ["province", "commune"]
    assert parse_levels("Cấp Huyện") == ["district"]
    assert parse_levels("Cấp Quận") is None


@pytest.mark.django_db
def test_import_xlsx_creates_drafts(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "list.xlsx", [list(r) for r in GOOD_ROWS])

    summary = catalog_import_xlsx(path=path, at=AT, actor=ACTOR)

    assert (summary.procedures, summary.versions, summary.notes) == (3, 3, ())
    created = ProcedureVersion.objects.order_by("pk")
    assert [v.procedure.code for v in created] == ["1.001748", "1.000948.H38", "2.000815"]
    assert all(v.status == VersionStatus.DRAFT for v in created)
    military = ProcedureVersion.objects.get(procedure__national_code="1.001748")
    assert (military.processing_time_value, military.processing_time_unit) == (1, "working_days")
    assert military.competent_agency_kind == "commune_military"
    assert military.fees.get().amount == 0
    assert [b.number for b in military.legal_basis.order_by("order")] == [
        "78/2015/QH13",
        "13/2016/NĐ-CP",
    ]
    tobacco = ProcedureVersion.objects.get(procedure__local_suffix="H38")
    assert tobacco.fees.get().amount == 50_000
    assert tobacco.field.name == "Công nghiệp tiêu dùng"
    copies = ProcedureVersion.objects.get(procedure__national_code="2.000815")
    assert copies.levels == ["province", "commune"]
    assert copies.processing_time_unit == "working_hours"


@pytest.mark.django_db
def test_import_xlsx_refuses_a_bad_code_and_writes_nothing(tmp_path: Path) -> None:
    rows = [list(r) for r in GOOD_ROWS]
    rows[2][1] = "2.0008X"
    path = _sheet(tmp_path / "bad.xlsx", rows)

    with pytest.raises(ValidationFailed) as caught:
        catalog_import_xlsx(path=path, at=AT, actor=ACTOR)

    assert [p.path for p in caught.value.problems] == ["B5"]
    assert caught.value.problems[0].message.startswith("Dòng 5, cột B")
    assert not ProcedureVersion.objects.exists()


def test_a_time_with_a_condition_reads_whole_with_its_wording() -> None:
    text = "05 ngày làm việc. Trường hợp cần xác minh … không quá 10 ngày"

    parsed = parse_time_text(text)

    assert parsed is not None
    assert (parsed.value, parsed.unit, parsed.text) == (5, TimeUnit.WORKING_DAYS, text)
    assert parsed.terms == [
        {"value": 10, "unit": TimeUnit.CALENDAR_DAYS, "condition": "Trường hợp cần xác minh"}
    ]
    same_day = parse_time_text("Trong ngày tiếp nhận yêu cầu")
    assert same_day is not None
    assert same_day.unit == TimeUnit.SAME_DAY
    assert parse_time_text("Không quy định") is not None
    assert parse_time_text("Tại UBND xã 02 ngày; tại cấp huyện 03 ngày") is None


@pytest.mark.django_db
def test_unreadable_cells_are_named_and_kept_as_published(tmp_path: Path) -> None:
    # given a time and a fee the reader cannot turn into numbers, and a legacy number as code
    rows = [list(r) for r in GOOD_ROWS]
    rows[1][5] = "Tại UBND xã 02 ngày; tại cấp huyện 03 ngày"
    rows[2][6] = "tùy trường hợp"
    rows[0][1] = "B-BQP-BS12"
    rows[0][5] = "05 ngày làm việc. Trường hợp cần xác minh … không quá 10 ngày"
    path = _sheet(tmp_path / "notes.xlsx", rows)

    summary = catalog_import_xlsx(path=path, at=AT, actor=ACTOR)

    # then each is named by its cell, and its wording is kept, with no number guessed
    assert [n.path for n in summary.notes] == ["F4", "G5"]
    tobacco = ProcedureVersion.objects.get(procedure__local_suffix="H38")
    assert tobacco.processing_time_text == rows[1][5]
    assert (tobacco.processing_time_value, tobacco.processing_time_unit) == (None, "")
    copies = ProcedureVersion.objects.get(procedure__national_code="2.000815")
    assert copies.fee_text == "tùy trường hợp"
    assert not copies.fees.exists()
    military = procedure_version_by_code("B-BQP-BS12")
    assert (military.processing_time_value, military.processing_terms) == (
        5,
        [{"value": 10, "unit": "calendar_days", "condition": "Trường hợp cần xác minh"}],
    )
    # and the same sheet again changes nothing
    again = catalog_import_xlsx(path=path, at=AT, actor=ACTOR)
    assert (again.versions, again.unchanged) == (0, 3)
    assert ProcedureVersion.objects.count() == 3


@pytest.mark.django_db
def test_an_announcing_decision_table_with_group_rows(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["TT", "Tên thủ tục hành chính", "Thời gian giải quyết", "Phí, lệ phí (nếu có)"])
    sheet.append(["I. Lĩnh vực Hộ tịch"])
    sheet.append([1, "Thủ tục đăng ký khai sinh", "Ngay trong ngày tiếp nhận yêu cầu", "Miễn"])
    path = tmp_path / "2050-QĐ-UBND.xlsx"
    workbook.save(path)

    summary = catalog_import_xlsx(path=path, at=AT, actor=ACTOR)

    assert summary.procedures == 1
    version = ProcedureVersion.objects.get()
    assert version.field.name == "Hộ tịch"
    assert version.processing_time_unit == TimeUnit.SAME_DAY
    assert version.procedure.code == "2050-qd-ubnd#1"


@pytest.mark.django_db
def test_the_national_database_export_layout(tmp_path: Path) -> None:
    # given the columns of the national database's list, in its order, with full ký hiệu codes
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(
        [
            "STT",
            "Mã thủ tục",
            "Tên thủ tục",
            "Cơ quan thực hiện",
            "Lĩnh vực",
            "Cấp thực hiện",
            "Mức độ DVC",
        ]
    )
    sheet.append(
        [
            1,
            "1.009319.000.00.00.H41",
            "Thẩm định thành lập đơn vị sự nghiệp công lập",
            "Sở Nội vụ",
            "Tổ chức bộ máy",
            "Cấp Tỉnh",
            "Một phần",
        ]
    )
    sheet.append(
        [
            2,
            "1.000593.000.00.00.H37",
            "Đăng ký kết hôn lưu động",
            "Văn phòng UBND cấp xã",
            "Hộ tịch",
            "Cấp Xã",
            "Toàn trình",
        ]
    )
    path = tmp_path / "csdlqg.xlsx"
    workbook.save(path)

    summary = catalog_import_xlsx(path=path, at=AT, actor=ACTOR)

    assert (summary.procedures, summary.notes) == (2, ())
    unit = procedure_version_by_code("1.009319.000.00.00.H41")
    assert unit.procedure.code == "1.009319.H41"
    assert (unit.implementing_agency, unit.online_level) == ("Sở Nội vụ", "partial")
    # the list states no time: none is invented
    assert (unit.processing_time_value, unit.processing_time_unit, unit.processing_time_text) == (
        None,
        "",
        "",
    )
    assert procedure_version_by_code("1.000593.H37").online_level == "full"
