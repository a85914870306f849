"""A small world to submit and process dossiers in, built through the real services."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from motcua.accounts.models import (
    AdministrativeUnit,
    Agency,
    AgencyKind,
    Applicant,
    ApplicantKind,
    OneStopUnit,
    Role,
    User,
)
from motcua.accounts.services import applicant_create
from motcua.accounts.tests.factories import (
    AgencyFactory,
    CommuneFactory,
    OneStopUnitFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.tests.factories import published_version
from motcua.dossiers.services import DocumentInput, SubmitResult, dossier_submit
from motcua_dev.testing.samples import sample_jpeg, sample_pdf, sample_png

#: Monday 2 March 2026, 09:00 in Hà Nội.
AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
PDF = sample_pdf()
PNG = sample_png()
JPEG = sample_jpeg()
PERSONAL_ID = "001090012345"

STEPS: list[dict[str, Any]] = [
    {"name": "Tiếp nhận hồ sơ", "role": "one_stop_officer", "minutes": 60, "citizen_facing": True},
    {"name": "Thẩm định", "role": "specialist", "minutes": 480},
    {"name": "Phê duyệt", "role": "leader", "minutes": 240},
    {"name": "Trả kết quả", "role": "one_stop_officer", "minutes": 60, "citizen_facing": True},
]


@dataclass
class World:
    commune: AdministrativeUnit
    competent: Agency
    centre: Agency
    unit: OneStopUnit
    version: ProcedureVersion
    receiver: User
    specialist: User
    leader: User
    outsider: User
    applicant_user: User
    applicant: Applicant


def build_world(**version_overrides: Any) -> World:
    commune = CommuneFactory.create()
    competent = AgencyFactory.create(
        code="000.00.12.H26",
        name="Ban Chỉ huy quân sự xã thử",
        kind=AgencyKind.COMMUNE_MILITARY_COMMAND,
        administrative_unit=commune,
    )
    centre = AgencyFactory.create(
        code="000.00.01.H26",
        name="Trung tâm Phục vụ hành chính công xã thử",
        kind=AgencyKind.PUBLIC_ADMINISTRATION_SERVICE_CENTRE,
        administrative_unit=commune,
    )
    other = AgencyFactory.create(code="000.00.99.H26", name="Cơ quan khác")
    unit = OneStopUnitFactory.create(agency=centre, name="Bộ phận Một cửa xã thử")
    overrides: dict[str, Any] = {"steps": STEPS, "processing_time_value": 3}
    overrides.update(version_overrides)
    version = published_version(**overrides)

    def officer(agency: Agency, role: str, **kwargs: Any) -> User:
        user = UserFactory.create()
        RoleAssignmentFactory.create(user=user, agency=agency, role=role, **kwargs)
        return user

    applicant_user = UserFactory.create(username="nguoidan")
    applicant = applicant_create(
        kind=ApplicantKind.CITIZEN,
        name="Nguyễn Văn An",
        personal_id=PERSONAL_ID,
        birth_date=date(1990, 5, 1),
        phone="0912345678",
        address="Số 1 phố Thử",
        user=applicant_user,
        at=AT,
        actor="test",
    )
    return World(
        commune=commune,
        competent=competent,
        centre=centre,
        unit=unit,
        version=version,
        receiver=officer(centre, Role.ONE_STOP_OFFICER, one_stop_unit=unit),
        specialist=officer(competent, Role.SPECIALIST),
        leader=officer(competent, Role.LEADER),
        outsider=officer(other, Role.SPECIALIST),
        applicant_user=applicant_user,
        applicant=applicant,
    )


def good_documents() -> list[DocumentInput]:
    return [("giay_gioi_thieu", "giay-gioi-thieu.pdf", PDF)]


def submit(world: World, *, at: datetime = AT, **overrides: Any) -> SubmitResult:
    """Submit a valid counter dossier through the real service."""
    kwargs: dict[str, Any] = {
        "version": world.version,
        "applicant": world.applicant,
        "channel": "counter",
        "form_data": {"to_khai": {"full_name": "Nguyễn Văn An"}},
        "documents": good_documents(),
        "administrative_unit_code": world.commune.code,
        "receiving_unit": world.unit,
        "actor": world.receiver,
        "at": at,
    }
    kwargs.update(overrides)
    return dossier_submit(**kwargs)
