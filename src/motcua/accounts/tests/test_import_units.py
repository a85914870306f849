from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.accounts.models import AdministrativeUnit
from motcua.accounts.tests.factories import ProvinceFactory

HEADER = "code,name,level,division_type,parent_code,valid_from\n"


@pytest.mark.django_db
def test_import_units_command_applies_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ProvinceFactory.create(code="91", name="Tỉnh Một")
    path = tmp_path / "units.csv"
    # Written with a byte-order mark, as spreadsheet programs do.
    path.write_text(HEADER + "91,Tỉnh Một Mới,province,tỉnh,,2026-01-01\n", encoding="utf-8-sig")

    call_command("import-units", str(path))

    assert "changed 1" in capsys.readouterr().out
    assert AdministrativeUnit.objects.get(code="91", valid_to__isnull=True).name == "Tỉnh Một Mới"


@pytest.mark.django_db
def test_import_units_command_bad_file_exits_1_naming_line_and_column(tmp_path: Path) -> None:
    ProvinceFactory.create(code="91", name="Tỉnh Một")
    path = tmp_path / "units.csv"
    path.write_text(HEADER + "9X,Tỉnh Một Mới,province,tỉnh,,2026-01-01\n", encoding="utf-8")

    with pytest.raises(CommandError, match="Dòng 2, cột code") as caught:
        call_command("import-units", str(path))

    assert caught.value.returncode == 1
    assert AdministrativeUnit.objects.get(code="91").name == "Tỉnh Một"


def test_import_units_command_missing_file_exits_1(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Không đọc được tệp") as caught:
        call_command("import-units", str(tmp_path / "missing.csv"))

    assert caught.value.returncode == 1
