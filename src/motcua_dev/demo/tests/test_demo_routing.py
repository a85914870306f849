"""No demo dossier reaches nobody: every published demo procedure, filed for every place the demo
serves (and one it does not), is either in some officer's queue at once or refused with a message
naming the competent agency that is missing."""

from datetime import UTC, date, datetime
from typing import Any

import pytest

from motcua.accounts.models import (
    AdministrativeUnit,
    AdministrativeUnitLevel,
    Agency,
    OneStopUnit,
    User,
)
from motcua.catalog.competence import competent_kind_label
from motcua.catalog.models import (
    Channel,
    ComponentKind,
    Level,
    OnlineLevel,
    ProcedureVersion,
    VersionStatus,
)
from motcua.core.errors import ValidationFailed
from motcua.core.models import AuditEntry
from motcua.dossiers.models import Dossier
from motcua.dossiers.routing import queue_holders
from motcua.dossiers.selectors import work_queue
from motcua.dossiers.services import dossier_submit
from motcua.dossiers.tests.judicial_record import MAI
from motcua_dev.demo import accounts as accounts_demo
from motcua_dev.demo import calendar as calendar_demo
from motcua_dev.demo import catalog as catalog_demo
from motcua_dev.testing.samples import sample_pdf

pytestmark = pytest.mark.django_db

#: A Monday morning in Hà Nội, after the demo's units and agencies came into force.
AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
DAY = date(2026, 3, 2)
PDF = sample_pdf()
HANOI = "01"


def _value(name: str, spec: dict[str, Any]) -> Any:
    """A valid answer to one question of a demo form, from its schema."""
    known: dict[str, Any] = {
        "full_name": MAI.name,
        "personal_id": MAI.personal_id,
        "birth_date": MAI.birth_date.isoformat() if MAI.birth_date else "",
        "address": MAI.address,
        "phone": MAI.phone,
        "death_time": "14:30",  # giờ, phút
    }
    if name in known:
        return known[name]
    if name.endswith("personal_id"):  # a spouse's, the deceased's: any well-formed number
        return MAI.personal_id
    if name.endswith("phone"):
        return MAI.phone
    if "enum" in spec:
        return spec["enum"][0]
    if spec.get("type") == "integer":
        return spec.get("minimum", 1)
    if spec.get("format") == "date":
        return "2026-01-01"
    assert "pattern" not in spec, f"no sample answer for the field {name}"
    return "Nội dung kê khai"


def _application(version: ProcedureVersion) -> tuple[dict[str, Any], list[tuple[str, str, bytes]]]:
    forms: dict[str, Any] = {}
    documents: list[tuple[str, str, bytes]] = []
    for component in version.components.all():
        if component.kind == ComponentKind.FORM:
            schema = component.schema or {}
            forms[component.code] = {
                name: _value(name, schema["properties"][name])
                for name in schema.get("required", [])
            }
        elif component.required:
            documents.append((component.code, f"{component.code}.pdf", PDF))
    return forms, documents


def _places() -> tuple[list[AdministrativeUnit], AdministrativeUnit]:
    """The communes of the demo's province where a demo agency sits, and one where none does."""
    hosting = Agency.objects.values("administrative_unit_id")
    communes = AdministrativeUnit.objects.filter(
        level=AdministrativeUnitLevel.COMMUNE, parent__code=HANOI, valid_to__isnull=True
    ).order_by("code")
    served = list(communes.filter(pk__in=hosting))
    outside = communes.exclude(pk__in=hosting).first()
    assert outside is not None
    return served, outside


def _attempt(**submission: Any) -> Dossier | ValidationFailed:
    try:
        return dossier_submit(**submission).dossier
    except ValidationFailed as error:
        return error


def test_every_demo_procedure_for_every_demo_commune_reaches_an_officer_or_names_what_is_missing() -> (
    None
):
    accounts_demo.load(at=AT)
    calendar_demo.load(at=AT)
    catalog_demo.load(at=AT)
    served, outside = _places()
    assert {u.code for u in served} == {"00070", "00004"}
    city_counter = OneStopUnit.objects.get(agency__code="000.00.01.H26")
    versions = list(
        ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .select_related("procedure")
        .prefetch_related("components")
        .order_by("procedure__national_code")
    )
    assert len(versions) >= 9

    accepted = refused = 0
    for version in versions:
        online = Channel.ONLINE in version.channels
        forms, documents = _application(version)
        for place in [*served, outside]:
            covered = place in served or Level.PROVINCE in version.levels
            outcome = _attempt(
                version=version,
                applicant=MAI,
                channel="online" if online else "counter",
                form_data=forms,
                documents=documents,
                administrative_unit_code=place.code,
                receiving_unit=None if online else city_counter,
                actor=None,
                at=AT,
            )
            if isinstance(outcome, ValidationFailed):
                label = f"{version.procedure.code} at {place.name}"
                assert not covered, f"{label} refused: {outcome.problems}"
                [problem] = outcome.problems
                assert problem.path == "administrative_unit_code", label
                assert competent_kind_label(version) in problem.message, label
                assert place.name in problem.message, label
                refused += 1
                continue
            dossier = outcome
            label = f"{dossier.code} ({version.procedure.code} at {place.name})"
            assert queue_holders(dossier=dossier, on=DAY).exists(), label
            assert not AuditEntry.objects.filter(
                action="dossier.unreached", object_id=dossier.code
            ).exists(), label
            if online and version.online_level == OnlineLevel.FULL:
                assert covered, label
            accepted += 1

    # Each served commune accepts every procedure; outside, only the province's procedures.
    assert accepted == len(versions) * len(served) + sum(
        Level.PROVINCE in v.levels for v in versions
    )
    assert refused == len(versions) - sum(Level.PROVINCE in v.levels for v in versions)


def _demo() -> None:
    accounts_demo.load(at=AT)
    calendar_demo.load(at=AT)
    catalog_demo.load(at=AT)


def _online(code: str, place: str) -> Any:
    version = ProcedureVersion.objects.prefetch_related("components").get(
        procedure__national_code=code, status=VersionStatus.PUBLISHED
    )
    forms, documents = _application(version)
    return dossier_submit(
        version=version,
        applicant=MAI,
        channel="online",
        form_data=forms,
        documents=documents,
        administrative_unit_code=place,
        receiving_unit=None,
        actor=None,
        at=AT,
    ).dossier


def test_permanent_residence_online_in_hoan_kiem_reaches_the_wards_one_stop_officer() -> None:
    _demo()

    dossier = _online("1.004194", "00070")

    assert dossier.competent_agency.name == "Công an Phường Hoàn Kiếm"
    assert dossier.receiving_unit is not None
    assert dossier.receiving_unit.name == "Trung tâm Phục vụ hành chính công Phường Hoàn Kiếm"
    officer = User.objects.get(username="canbo.hoankiem")
    assert list(queue_holders(dossier=dossier, on=DAY)) == [officer]
    assert dossier in work_queue(user=officer, on=AT)


def test_judicial_record_online_reaches_the_city_centre_for_the_department_of_justice() -> None:
    _demo()

    dossier = _online("2.001417", HANOI)

    assert dossier.competent_agency.name == "Sở Tư pháp Thành phố Hà Nội"
    assert dossier.receiving_agency.code == "000.00.01.H26"
    officer = User.objects.get(username="canbo.motcua")
    assert list(queue_holders(dossier=dossier, on=DAY)) == [officer]
    assert dossier in work_queue(user=officer, on=AT)
