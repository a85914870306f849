"""Public index pages: figures from the tallies, small counts hidden, exports, open JSON."""

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from openpyxl import load_workbook
from pytest_django.fixtures import Settings

from motcua.core.outbox import outbox_run_due
from motcua.dossiers.tests.factories import AT, build_world, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world_with_dossiers(settings: Settings, tmp_path: Path) -> object:
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    for n in range(6):
        submit(world, at=AT + timedelta(minutes=n))
    outbox_run_due(now=AT + timedelta(days=1))
    return world


def test_the_ranking_and_an_agency_page_show_the_counts_behind_each_figure(
    world_with_dossiers: object, settings: Settings
) -> None:
    world = world_with_dossiers
    client = Client()
    home = client.get("/chi-so/", {"nam": 2026})
    assert home.status_code == 200
    text = home.content.decode()
    assert world.competent.name in text  # type: ignore[attr-defined]
    assert "Nguyễn Văn An" not in text  # no personal data
    page = client.get(f"/chi-so/co-quan/{world.competent.code}/", {"nam": 2026})  # type: ignore[attr-defined]
    body = page.content.decode()
    assert 'data-testid="indicator-3.1"' in body
    assert "/chi-so/dinh-nghia/#chi-tieu-3.1" in body
    settings.MOTCUA_REPORTING_MIN_COUNT = 10
    hidden = client.get(f"/chi-so/co-quan/{world.competent.code}/", {"nam": 2026})  # type: ignore[attr-defined]
    assert "dưới 10" in hidden.content.decode()


def test_the_english_ranking_writes_points_with_a_decimal_point(
    world_with_dossiers: object,
) -> None:
    client = Client()

    vietnamese = client.get("/chi-so/", {"nam": 2026}).content.decode()
    english = client.get("/en/chi-so/", {"nam": 2026}).content.decode()

    points = re.findall(r">\s*(\d+),(\d\d)\s*<", vietnamese)
    assert points
    for whole, cents in points:
        assert f">{whole}.{cents}<" in re.sub(r">\s+|\s+<", lambda m: m.group(0).strip(), english)
    assert not re.findall(r">\s*\d+,\d\d\s*<", english)


def test_definitions_exports_and_open_json(world_with_dossiers: object) -> None:
    client = Client()
    definitions = client.get("/chi-so/dinh-nghia/").content.decode()
    assert 'id="chi-tieu-2.1"' in definitions
    assert "chưa được văn bản xác nhận" in definitions
    exported = client.get("/chi-so/xuat.csv", {"nam": 2026})
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Hạng", "Mã cơ quan", "Cơ quan"]
    received = [r for r in rows[1:] if r[5] == "3.1"]
    assert received[0][7:9] == ["6", "6"]  # six counter dossiers, each digitized
    book = load_workbook(io.BytesIO(client.get("/chi-so/xuat.xlsx", {"nam": 2026}).content))
    assert book.active is not None
    assert book.active.max_row == len(rows)
    assert client.get("/chi-so/xuat.pdf").status_code == 404
    data = client.get("/api/v1/index/", {"nam": 2026}).json()
    assert data["agencies"][0]["rank"] == 1
    indicator = data["agencies"][0]["groups"][2]["indicators"][0]
    assert indicator == indicator | {"code": "3.1", "numerator": 6, "denominator": 6}
