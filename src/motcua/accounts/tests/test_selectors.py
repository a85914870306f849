from datetime import date

import pytest

from motcua.accounts.models import AdministrativeUnitLevel, Role
from motcua.accounts.selectors import (
    administrative_unit_get,
    administrative_units_active,
    administrative_units_search,
    agencies_active,
    agency_get_by_code,
    officer_has_role,
    officer_role_keys,
    officer_roles,
)
from motcua.accounts.tests.factories import (
    AgencyFactory,
    CommuneFactory,
    ProvinceFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from motcua.core.errors import NotFound

BEFORE = date(2025, 6, 30)
SINCE = date(2025, 7, 1)
CLOSE = date(2026, 1, 1)


@pytest.mark.django_db
def test_agency_get_by_code() -> None:
    agency = AgencyFactory.create(code="000.00.12.H38")

    assert agency_get_by_code(code="000.00.12.H38") == agency
    with pytest.raises(NotFound, match=r"000\.00\.13\.H38"):
        agency_get_by_code(code="000.00.13.H38")


@pytest.mark.django_db
def test_agencies_active_respects_validity_dates() -> None:
    open_agency = AgencyFactory.create()
    closed = AgencyFactory.create(closed=True)

    assert list(agencies_active(on=BEFORE)) == []
    assert set(agencies_active(on=SINCE)) == {open_agency, closed}
    assert set(agencies_active(on=date(2025, 12, 31))) == {open_agency, closed}
    assert list(agencies_active(on=CLOSE)) == [open_agency]


@pytest.mark.django_db
def test_administrative_units_active_by_date_level_and_parent() -> None:
    province = ProvinceFactory.create(code="91")
    other = ProvinceFactory.create(code="92")
    old = CommuneFactory.create(code="91001", name="Xã Cũ", parent=province, valid_to=CLOSE)
    new = CommuneFactory.create(code="91001", name="Phường Mới", parent=province, valid_from=CLOSE)
    elsewhere = CommuneFactory.create(code="92001", parent=other)

    communes_2025 = administrative_units_active(
        on=date(2025, 12, 31), level=AdministrativeUnitLevel.COMMUNE
    )
    communes_2026 = administrative_units_active(on=CLOSE, parent_code="91")

    assert set(communes_2025) == {old, elsewhere}
    assert list(communes_2026) == [new]
    assert administrative_unit_get(code="91001", on=CLOSE) == new
    with pytest.raises(NotFound):
        administrative_unit_get(code="91001", on=BEFORE)


@pytest.mark.django_db
def test_administrative_units_search_ignores_diacritics() -> None:
    unit = CommuneFactory.create(name="Phường Đống Đa", search_text="phuong dong da")

    assert list(administrative_units_search(query="Đống đa", on=SINCE)) == [unit]
    assert list(administrative_units_search(query="dong da", on=SINCE)) == [unit]


@pytest.mark.django_db
def test_officer_roles_and_has_role_respect_validity_dates() -> None:
    user = UserFactory.create()
    agency = AgencyFactory.create()
    closed_agency = AgencyFactory.create(closed=True)
    specialist = RoleAssignmentFactory.create(user=user, agency=agency, role=Role.SPECIALIST)
    leader = RoleAssignmentFactory.create(
        user=user, agency=agency, role=Role.LEADER, valid_from=date(2025, 9, 1), valid_to=CLOSE
    )
    RoleAssignmentFactory.create(user=user, agency=closed_agency, role=Role.SPECIALIST)

    assert officer_roles(user=user, on=BEFORE) == []
    assert set(officer_roles(user=user, on=date(2025, 10, 1))) >= {specialist, leader}
    assert officer_roles(user=user, on=CLOSE) == [specialist]
    assert officer_has_role(user=user, agency=agency, role=Role.LEADER, on=date(2025, 9, 1))
    assert not officer_has_role(user=user, agency=agency, role=Role.LEADER, on=CLOSE)
    assert not officer_has_role(user=user, agency=agency, role=Role.LEADER, on=date(2025, 8, 31))
    assert officer_has_role(
        user=user, agency=closed_agency, role=Role.SPECIALIST, on=date(2025, 12, 31)
    )
    assert not officer_has_role(user=user, agency=closed_agency, role=Role.SPECIALIST, on=CLOSE)


@pytest.mark.django_db
def test_officer_role_keys_are_the_assignments_in_force_in_agencies_in_force() -> None:
    user = UserFactory.create()
    agency = AgencyFactory.create()
    closed_agency = AgencyFactory.create(closed=True)
    RoleAssignmentFactory.create(user=user, agency=agency, role=Role.SPECIALIST)
    RoleAssignmentFactory.create(
        user=user, agency=agency, role=Role.LEADER, valid_from=date(2025, 9, 1), valid_to=CLOSE
    )
    RoleAssignmentFactory.create(user=user, agency=closed_agency, role=Role.SPECIALIST)
    RoleAssignmentFactory.create(agency=agency, role=Role.LEADER)  # someone else's

    for on in (BEFORE, SINCE, date(2025, 8, 31), date(2025, 9, 1), date(2025, 12, 31), CLOSE):
        expected = {(a.agency_id, a.role) for a in officer_roles(user=user, on=on)}
        assert officer_role_keys(user=user, on=on) == expected, on
    assert officer_role_keys(user=user, on=date(2025, 12, 31)) == {
        (agency.pk, Role.SPECIALIST),
        (agency.pk, Role.LEADER),
        (closed_agency.pk, Role.SPECIALIST),
    }
    assert officer_role_keys(user=user, on=CLOSE) == {(agency.pk, Role.SPECIALIST)}
