from datetime import UTC, date, datetime

import pytest
from django.contrib.auth import authenticate

from motcua.accounts.identifiers import check_agency_code
from motcua.accounts.models import Agency, Counter, OneStopUnit, RoleAssignment, User
from motcua.accounts.selectors import officer_roles
from motcua.core.models import AuditEntry
from motcua_dev.demo import accounts as demo

AT = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_demo_load_is_idempotent_and_its_logins_work() -> None:
    demo.load(at=AT)
    counts = (
        Agency.objects.count(),
        OneStopUnit.objects.count(),
        Counter.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
        AuditEntry.objects.count(),
    )

    demo.load(at=AT)

    assert counts == (
        Agency.objects.count(),
        OneStopUnit.objects.count(),
        Counter.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
        AuditEntry.objects.count(),
    )
    assert all(
        check_agency_code(code).valid for code in Agency.objects.values_list("code", flat=True)
    )
    for username, password, description in demo.DEMO_LOGINS:
        user = authenticate(username=username, password=password)
        assert user is not None, username
        assert description
        assert isinstance(user, User)
        assert officer_roles(user=user, on=date(2026, 3, 2)), username
    admin = User.objects.get(username="quantri")
    assert admin.is_superuser
    assert admin.is_staff


@pytest.mark.django_db
def test_demo_wards_have_committee_military_command_police_and_centre_with_two_counters() -> None:
    demo.load(at=AT)

    for ward_code in ("00070", "00004"):
        agencies = Agency.objects.filter(administrative_unit__code=ward_code)
        assert {a.kind for a in agencies} == {
            "commune_pc",
            "commune_military",
            "commune_police",
            "service_centre",
        }
        centre = OneStopUnit.objects.get(agency__in=agencies)
        assert centre.counters.count() == 2
        # The centre's one-stop unit has an officer, so online dossiers it receives reach someone.
        assert RoleAssignment.objects.filter(one_stop_unit=centre, role="one_stop_officer").exists()
