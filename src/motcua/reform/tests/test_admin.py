import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.core.models import AuditEntry
from motcua.reform.models import OperatingNorm

pytestmark = pytest.mark.django_db


def test_an_administrator_sets_a_norm_for_a_year_through_the_service() -> None:
    User.objects.create_superuser(username="quantri", password="mat-khau-quan-tri-2026")
    client = Client()
    assert client.login(username="quantri", password="mat-khau-quan-tri-2026")
    response = client.post(
        "/admin/reform/operatingnorm/add/",
        {"year": 2027, "activity": "digitize_page", "minutes": 3, "cost": 1500},
    )
    assert response.status_code == 302
    norm = OperatingNorm.objects.get(year=2027, activity="digitize_page")
    assert (norm.minutes, norm.cost) == (3, 1500)
    assert AuditEntry.objects.filter(
        action="reform.norm_set", object_id="2027:digitize_page"
    ).exists()
