from pathlib import Path

import pytest
from openpyxl import Workbook

from motcua.catalog.models import FeeKind, ProcedureVersion, TimeUnit, VersionStatus
from motcua.catalog.services import catalog_import_xlsx
from motcua.catalog.tests.factories import ACTOR, AT
from motcua.catalog.xlsx import parse_fees, parse_levels, parse_time
from motcua.core.errors import ValidationFailed

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
    assert parse_levels("Cấp Huyện") is None


@pytest.mark.django_db
def test_import_xlsx_creates_drafts(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "list.xlsx", [list(r) for r in GOOD_ROWS])

    created = catalog_import_xlsx(path=path, at=AT, actor=ACTOR)

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
def test_import_xlsx_names_bad_cells_and_writes_nothing(tmp_path: Path) -> None:
    rows = [list(r) for r in GOOD_ROWS]
    rows[1][5] = "vài ngày"
    rows[2][1] = "2.0008X"
    rows[2][6] = "tùy trường hợp"
    path = _sheet(tmp_path / "bad.xlsx", rows)

    with pytest.raises(ValidationFailed) as caught:
        catalog_import_xlsx(path=path, at=AT, actor=ACTOR)

    assert [p.path for p in caught.value.problems] == ["F4", "B5", "G5"]
    assert caught.value.problems[0].message.startswith("Dòng 4, cột F")
    assert not ProcedureVersion.objects.exists()
