from datetime import date

import pytest
from django.test import Client

from motcua.calendar.models import DayEntry, DayKind
from motcua.core.models import AuditEntry


@pytest.mark.django_db
def test_admin_add_day_goes_through_the_service(admin_client: Client) -> None:
    response = admin_client.post(
        "/admin/calendar/dayentry/add/",
        {
            "agency_code": "",
            "date": "2026-03-09",
            "kind": DayKind.HOLIDAY,
            "name": "Ngày nghỉ riêng",
            "source": "QĐ 5/QĐ-UBND",
        },
    )

    assert response.status_code == 302
    entry = DayEntry.objects.get()
    assert (entry.date, entry.origin) == (date(2026, 3, 9), "manual")
    assert AuditEntry.objects.filter(action="calendar.day_created").count() == 1


@pytest.mark.django_db
def test_admin_form_names_the_bad_field_in_vietnamese(admin_client: Client) -> None:
    response = admin_client.post(
        "/admin/calendar/workinghours/add/",
        {"agency_code": "000.00.12.H38", "periods": "17:00-07:30"},
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["periods"]
    assert "Giờ làm việc không hợp lệ" in errors["periods"][0]
    assert not AuditEntry.objects.exists()
