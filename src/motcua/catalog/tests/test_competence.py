from datetime import date
from typing import Any

import pytest

from motcua.accounts.models import AgencyKind
from motcua.accounts.tests.factories import AgencyFactory, CommuneFactory
from motcua.catalog.competence import (
    _NAMED,
    _OF_UNIT,
    areas_without_competent_agency,
    competent_agency_for,
    covered_areas,
)
from motcua.catalog.models import ProcedureVersion, VersionStatus
from motcua.catalog.services import procedure_draft_create, procedure_version_publish
from motcua.catalog.tests.factories import ACTOR, AT, FieldFactory, draft_kwargs
from motcua.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)


def _draft(**overrides: Any) -> ProcedureVersion:
    FieldFactory.create()
    return procedure_draft_create(**draft_kwargs(**overrides))


def test_a_version_is_not_published_while_a_covered_commune_has_no_competent_agency() -> None:
    served = CommuneFactory.create(name="Phường Có Công An")
    bare = CommuneFactory.create(name="Phường Thiếu Công An", parent=served.parent)
    AgencyFactory.create(kind=AgencyKind.COMMUNE_POLICE, administrative_unit=served)
    AgencyFactory.create(kind=AgencyKind.COMMUNE_PEOPLES_COMMITTEE, administrative_unit=bare)
    version = _draft(competent_agency_kind=AgencyKind.COMMUNE_POLICE)

    with pytest.raises(ValidationFailed) as caught:
        procedure_version_publish(version=version, at=AT, actor=ACTOR)

    assert "Phường Thiếu Công An" in caught.value.message
    assert "Phường Có Công An" not in caught.value.message
    [problem] = caught.value.problems
    assert problem.path == "competent_agency_kind"
    assert problem.message == (
        f"Chưa có Công an cấp xã có thẩm quyền tại Phường Thiếu Công An (mã {bare.code})."
    )
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT

    AgencyFactory.create(kind=AgencyKind.COMMUNE_POLICE, administrative_unit=bare)
    published = procedure_version_publish(version=version, at=AT, actor=ACTOR)
    assert published.status == VersionStatus.PUBLISHED


def test_covered_areas_are_the_units_of_the_versions_level_that_hold_an_agency() -> None:
    commune = CommuneFactory.create()
    CommuneFactory.create(parent=commune.parent)  # no agency: outside the deployment
    AgencyFactory.create(kind=AgencyKind.COMMUNE_POLICE, administrative_unit=commune)
    AgencyFactory.create(kind=AgencyKind.PROVINCIAL_DEPARTMENT, administrative_unit=commune.parent)
    version = _draft(competent_agency_kind=AgencyKind.COMMUNE_POLICE)

    assert covered_areas(version=version, on=DAY) == [commune]
    assert areas_without_competent_agency(version=version, on=DAY) == []


def test_the_commune_comes_before_its_province_and_one_named_agency_covers_the_country() -> None:
    commune = CommuneFactory.create()
    here = AgencyFactory.create(
        kind=AgencyKind.PROVINCIAL_DEPARTMENT, administrative_unit=commune, code="000.00.02.T01"
    )
    AgencyFactory.create(
        kind=AgencyKind.PROVINCIAL_DEPARTMENT,
        administrative_unit=commune.parent,
        code="000.00.01.T01",
    )
    by_kind = _draft(competent_agency_kind=AgencyKind.PROVINCIAL_DEPARTMENT)
    assert competent_agency_for(version=by_kind, unit=commune, on=DAY) == here

    national = AgencyFactory.create(kind=AgencyKind.MINISTRY_DEPARTMENT)
    named = _draft(national_code="2.000001", competent_agency_kind="", agency_codes=[national.code])
    assert competent_agency_for(version=named, unit=commune, on=DAY) == national


def test_a_named_agency_comes_before_the_kind_and_a_closed_agency_is_passed_over() -> None:
    commune = CommuneFactory.create()
    AgencyFactory.create(kind=AgencyKind.COMMUNE_POLICE, administrative_unit=commune)
    named = AgencyFactory.create(
        kind=AgencyKind.MINISTRY_DEPARTMENT, administrative_unit=commune.parent
    )
    version = _draft(competent_agency_kind=AgencyKind.COMMUNE_POLICE, agency_codes=[named.code])
    assert competent_agency_for(version=version, unit=commune, on=DAY) == named

    closed = AgencyFactory.create(
        kind=AgencyKind.PROVINCIAL_DEPARTMENT,
        administrative_unit=commune.parent,
        valid_from=date(2020, 1, 1),
        valid_to=DAY,
    )
    by_kind = _draft(
        national_code="1.001749", competent_agency_kind=AgencyKind.PROVINCIAL_DEPARTMENT
    )
    assert competent_agency_for(version=by_kind, unit=commune, on=DAY) is None
    assert competent_agency_for(version=by_kind, unit=commune, on=date(2025, 1, 1)) == closed


def test_the_reads_of_competence_are_compiled_once() -> None:
    assert _NAMED.compiled("default") is not None
    assert _OF_UNIT.compiled("default") is not None
