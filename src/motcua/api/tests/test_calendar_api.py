from datetime import UTC, date, datetime

import pytest
from rest_framework.test import APIClient

from motcua.calendar.services import agency_work_week_set, calendar_seed_year

MOMENT = datetime(2025, 12, 1, 2, 0, tzinfo=UTC)
AGENCY = "000.00.12.H38"


@pytest.fixture
def client() -> APIClient:
    return APIClient()


@pytest.fixture
def seeded_2026() -> None:
    calendar_seed_year(year=2026, at=MOMENT, actor="test")


@pytest.mark.django_db
@pytest.mark.usefixtures("seeded_2026")
@pytest.mark.parametrize(
    ("day", "expected"),
    [("2026-01-02", False), ("2026-01-10", True), ("2026-02-23", True), ("2026-02-17", False)],
)
def test_is_working_day(client: APIClient, day: str, expected: bool) -> None:
    response = client.get("/api/v1/calendar/is-working-day/", {"date": day})

    assert response.status_code == 200
    assert response.json() == {"date": day, "is_working_day": expected}


@pytest.mark.django_db
@pytest.mark.usefixtures("seeded_2026")
def test_is_working_day_for_a_saturday_agency(client: APIClient) -> None:
    agency_work_week_set(
        agency_code=AGENCY,
        weekdays="1,2,3,4,5,6",
        valid_from=date(2026, 1, 1),
        at=MOMENT,
        actor="test",
    )

    agency = client.get(
        "/api/v1/calendar/is-working-day/", {"date": "2026-03-07", "agency": AGENCY}
    )
    nation = client.get("/api/v1/calendar/is-working-day/", {"date": "2026-03-07"})

    assert agency.json()["is_working_day"] is True
    assert nation.json()["is_working_day"] is False


@pytest.mark.django_db
@pytest.mark.usefixtures("seeded_2026")
def test_add_working_days(client: APIClient) -> None:
    response = client.get("/api/v1/calendar/add-working-days/", {"date": "2026-02-13", "days": "5"})

    assert response.status_code == 200
    assert response.json() == {"date": "2026-02-13", "days": 5, "result": "2026-02-27"}


@pytest.mark.django_db
@pytest.mark.usefixtures("seeded_2026")
def test_days_lists_days_off_and_make_up_days(client: APIClient) -> None:
    response = client.get("/api/v1/calendar/days/", {"year": "2026"})

    assert response.status_code == 200
    body = response.json()
    by_day = {d["date"]: d for d in body}
    assert by_day["2026-01-10"]["kind"] == "make_up"
    assert by_day["2026-01-10"]["is_working_day"] is True
    assert by_day["2026-01-02"]["kind"] == "swapped"
    assert by_day["2026-01-02"]["kind_label"] == "Ngày nghỉ hoán đổi"
    assert by_day["2026-11-24"]["source"].startswith("holidays package")
    assert [d["date"] for d in body] == sorted(by_day)
    assert all(d["date"].startswith("2026-") for d in body)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "params", "path"),
    [
        ("/api/v1/calendar/is-working-day/", {}, "date"),
        ("/api/v1/calendar/is-working-day/", {"date": "2026-02-30"}, "date"),
        ("/api/v1/calendar/is-working-day/", {"date": "02/03/2026"}, "date"),
        ("/api/v1/calendar/is-working-day/", {"date": "2026-03-02", "agency": "X" * 31}, "agency"),
        ("/api/v1/calendar/add-working-days/", {"date": "2026-03-02"}, "days"),
        ("/api/v1/calendar/add-working-days/", {"date": "2026-03-02", "days": "1.5"}, "days"),
        ("/api/v1/calendar/add-working-days/", {"date": "2026-03-02", "days": "-1"}, "days"),
        ("/api/v1/calendar/add-working-days/", {"date": "2026-03-02", "days": "99999"}, "days"),
        ("/api/v1/calendar/add-working-days/", {"date": "x", "days": "1"}, "date"),
        ("/api/v1/calendar/days/", {}, "year"),
        ("/api/v1/calendar/days/", {"year": "20x6"}, "year"),
        ("/api/v1/calendar/days/", {"year": "1900"}, "year"),
    ],
)
def test_bad_parameters_answer_400_naming_the_parameter(
    client: APIClient, url: str, params: dict[str, str], path: str
) -> None:
    response = client.get(url, params)

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_failed"
    assert body["message"] == "Tham số không hợp lệ."
    assert [e["path"] for e in body["errors"]] == [path]
    assert path in body["errors"][0]["message"] or path == "agency"


@pytest.mark.django_db
def test_schema_lists_the_calendar_endpoints(client: APIClient) -> None:
    response = client.get("/api/v1/schema/", {"format": "json"})

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/calendar/is-working-day/", "/api/v1/calendar/add-working-days/"} <= set(paths)
    days = paths["/api/v1/calendar/days/"]["get"]
    assert {p["name"] for p in days["parameters"]} == {"year", "agency"}
