from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from motcua.core.errors import Forbidden, ValidationFailed
from motcua.dossiers.paper.register_book import COLUMNS, HEADER_ROW, register_book, register_xlsx
from motcua.dossiers.tests.factories import AT, submit
from motcua.dossiers.tests.slip_helpers import walk

pytestmark = pytest.mark.django_db


def local(year: int, month: int, day: int, hour: int) -> datetime:
    """A naive local date-time, as Excel holds it."""
    moment = datetime(year, month, day, hour, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    return moment.replace(tzinfo=None)


def test_register_book_rows_read_back_in_local_time() -> None:
    walked = walk()
    world = walked.world
    earlier = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
    submit(world, at=earlier)  # numbered 1 in the year, before the period

    book = register_book(
        agency_code=world.centre.code, date_from=date(2026, 3, 1), date_to=date(2026, 3, 31)
    )
    sheet = load_workbook(BytesIO(register_xlsx(book))).active
    assert sheet is not None

    headings = [sheet.cell(row=HEADER_ROW, column=i).value for i in range(1, len(COLUMNS) + 1)]
    assert headings[:3] == ["STT", "Mã hồ sơ", "Tên thủ tục hành chính"]
    assert "Sổ theo dõi hồ sơ".upper() in str(sheet["A2"].value)
    rows = [
        [cell.value for cell in row]
        for row in sheet.iter_rows(min_row=HEADER_ROW + 1, max_col=len(COLUMNS))
    ]
    assert [r[0] for r in rows] == [2, 3, 4, 5]  # continuous through the year
    codes = [r[1] for r in rows]
    assert codes == [
        walked.returned.code,
        walked.refused.code,
        walked.stopped.code,
        walked.apologised.code,
    ]
    first = rows[0]
    assert first[4] == "Nguyễn Văn An"
    assert first[5] == "Số 1 phố Thử, 0912345678"
    assert first[6] == "Ban Chỉ huy quân sự xã thử"
    assert first[7] == local(2026, 3, 2, 9)  # 09:00 in Hà Nội
    assert first[9] == local(2026, 3, 2, 10)  # forwarded after the reception step
    assert first[11] == local(2026, 3, 3, 12)  # returned to the applicant
    assert "Yêu cầu bổ sung hồ sơ" in str(first[12])
    assert rows[1][12] == "Từ chối giải quyết"


def test_register_book_period_and_agency_checks() -> None:
    walked = walk()
    world = walked.world

    with pytest.raises(ValidationFailed) as caught:
        register_book(
            agency_code="000.00.00.X00", date_from=date(2026, 3, 2), date_to=date(2026, 3, 1)
        )
    assert {p.path for p in caught.value.problems} == {"agency", "to"}
    with pytest.raises(Forbidden):
        register_book(
            agency_code=world.centre.code,
            date_from=date(2026, 3, 1),
            date_to=date(2026, 3, 31),
            user=world.outsider,
        )
    book = register_book(
        agency_code=world.centre.code,
        date_from=date(2026, 3, 1),
        date_to=date(2026, 3, 31),
        user=world.receiver,
        unit_id=world.unit.pk,
    )
    assert len(book.rows) == 4
    empty = register_book(
        agency_code=world.centre.code,
        date_from=(AT + timedelta(days=1)).date(),
        date_to=date(2026, 3, 31),
    )
    assert empty.rows == ()


def test_register_book_command(tmp_path: Path) -> None:
    world = walk().world
    out = tmp_path / "so.xlsx"

    call_command(
        "register-book",
        str(out),
        agency=world.centre.code,
        date_from="2026-03-01",
        date_to="2026-03-31",
    )

    sheet = load_workbook(out).active
    assert sheet is not None
    assert sheet.cell(row=HEADER_ROW + 1, column=1).value == 1
    assert sheet.cell(row=HEADER_ROW + 4, column=1).value == 4
    with pytest.raises(CommandError, match="--from"):
        call_command(
            "register-book",
            str(out),
            agency=world.centre.code,
            date_from="1/3/2026",
            date_to="2026-03-31",
        )
