"""Factories of accounts objects, built straight into the database for tests of other code."""

from datetime import date

from factory.declarations import LazyAttribute, Sequence, SubFactory, Trait
from factory.django import DjangoModelFactory, Password

from motcua.accounts.models import (
    AdministrativeUnit,
    AdministrativeUnitLevel,
    Agency,
    AgencyKind,
    OneStopUnit,
    Role,
    RoleAssignment,
    User,
)

SINCE = date(2025, 7, 1)


class ProvinceFactory(DjangoModelFactory[AdministrativeUnit]):
    class Meta:
        model = AdministrativeUnit

    code = Sequence(lambda n: f"{90 + n % 10:02d}")  # type: ignore[no-untyped-call]
    name = Sequence(lambda n: f"Tỉnh Thử {n}")  # type: ignore[no-untyped-call]
    level = AdministrativeUnitLevel.PROVINCE
    division_type = "tỉnh"
    valid_from = SINCE
    search_text = LazyAttribute(lambda o: o.name.casefold())  # type: ignore[no-untyped-call]


class CommuneFactory(ProvinceFactory):
    code = Sequence(lambda n: f"{90000 + n:05d}")  # type: ignore[no-untyped-call]
    name = Sequence(lambda n: f"Xã Thử {n}")  # type: ignore[no-untyped-call]
    level = AdministrativeUnitLevel.COMMUNE
    division_type = "xã"
    parent = SubFactory(ProvinceFactory)  # type: ignore[no-untyped-call]


class AgencyFactory(DjangoModelFactory[Agency]):
    class Meta:
        model = Agency

    code = Sequence(lambda n: f"000.00.{n % 100:02d}.T{n // 100 % 100:02d}")  # type: ignore[no-untyped-call]
    name = Sequence(lambda n: f"Cơ quan thử {n}")  # type: ignore[no-untyped-call]
    kind = AgencyKind.PROVINCIAL_DEPARTMENT
    administrative_unit = SubFactory(ProvinceFactory)  # type: ignore[no-untyped-call]
    valid_from = SINCE

    class Params:
        closed = Trait(valid_to=date(2026, 1, 1))  # type: ignore[no-untyped-call]


class OneStopUnitFactory(DjangoModelFactory[OneStopUnit]):
    class Meta:
        model = OneStopUnit

    agency = SubFactory(AgencyFactory, kind=AgencyKind.PUBLIC_ADMINISTRATION_SERVICE_CENTRE)  # type: ignore[no-untyped-call]
    name = Sequence(lambda n: f"Trung tâm Phục vụ hành chính công thử {n}")  # type: ignore[no-untyped-call]
    valid_from = SINCE


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User

    username = Sequence(lambda n: f"canbo{n}")  # type: ignore[no-untyped-call]
    full_name = Sequence(lambda n: f"Cán Bộ {n}")  # type: ignore[no-untyped-call]
    password = Password("motcua-test-2026")  # type: ignore[no-untyped-call]


class RoleAssignmentFactory(DjangoModelFactory[RoleAssignment]):
    class Meta:
        model = RoleAssignment

    user = SubFactory(UserFactory)  # type: ignore[no-untyped-call]
    agency = SubFactory(AgencyFactory)  # type: ignore[no-untyped-call]
    role = Role.SPECIALIST
    valid_from = SINCE
