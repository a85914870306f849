from datetime import UTC, date, datetime

import pytest

from motcua.accounts.models import (
    AdministrativeUnit,
    AdministrativeUnitLevel,
    Agency,
    AgencyKind,
    Applicant,
    ApplicantKind,
    Counter,
    Role,
    RoleAssignment,
    User,
)
from motcua.accounts.services import (
    administrative_units_import,
    administrative_units_load_official,
    agency_create,
    applicant_create,
    counter_create,
    officer_create,
    one_stop_unit_create,
    role_assign,
    role_assignment_end,
)
from motcua.accounts.tests.factories import (
    AgencyFactory,
    CommuneFactory,
    OneStopUnitFactory,
    ProvinceFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from motcua.core.errors import ValidationFailed
from motcua.core.models import AuditEntry

AT = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
SINCE = date(2025, 7, 1)


def _audits(object_type: str, action: str) -> int:
    return AuditEntry.objects.filter(object_type=object_type, action=action).count()


# Official administrative units ----------------------------------------------------------------


@pytest.mark.django_db
def test_load_official_units_creates_34_provinces_and_3321_communes() -> None:
    result = administrative_units_load_official(at=AT, actor="cli")

    assert (result.provinces_created, result.communes_created) == (34, 3321)
    units = AdministrativeUnit.objects.filter(valid_from=SINCE, valid_to__isnull=True)
    assert units.filter(level=AdministrativeUnitLevel.PROVINCE).count() == 34
    assert units.filter(level=AdministrativeUnitLevel.COMMUNE).count() == 3321
    hanoi = units.get(code="01")
    assert hanoi.name == "Thành phố Hà Nội"
    hoan_kiem = units.get(code="00070")
    assert hoan_kiem.parent == hanoi
    assert hoan_kiem.search_text == "phuong hoan kiem"
    assert not units.filter(level=AdministrativeUnitLevel.COMMUNE, parent__isnull=True).exists()
    assert _audits("administrative_unit_list", "administrative_units.load_official") == 1


@pytest.mark.django_db
def test_load_official_units_twice_changes_nothing() -> None:
    administrative_units_load_official(at=AT, actor="cli")

    again = administrative_units_load_official(at=AT, actor="cli")

    assert (again.provinces_created, again.communes_created) == (0, 0)
    assert AdministrativeUnit.objects.count() == 34 + 3321
    assert _audits("administrative_unit_list", "administrative_units.load_official") == 1


# Import of a newer list -----------------------------------------------------------------------

HEADER = "code,name,level,division_type,parent_code,valid_from\n"


def _seed() -> None:
    province = ProvinceFactory.create(code="91", name="Tỉnh Một")
    CommuneFactory.create(code="91001", name="Xã Cũ", parent=province)
    CommuneFactory.create(code="91002", name="Xã Giữ Nguyên", parent=province)
    CommuneFactory.create(code="91003", name="Xã Bị Bỏ", parent=province)


@pytest.mark.django_db
def test_import_renamed_unit_closes_old_row_and_opens_new_one() -> None:
    _seed()
    csv_text = HEADER + (
        "91,Tỉnh Một,province,tỉnh,,2026-01-01\n"
        "91001,Phường Mới,commune,phường,91,2026-01-01\n"
        "91002,Xã Giữ Nguyên,commune,xã,91,2026-01-01\n"
        "91004,Xã Thêm,commune,xã,91,2026-01-01\n"
    )

    result = administrative_units_import(csv_text=csv_text, at=AT, actor="cli")

    assert result.changed == ["91001"]
    assert result.added == ["91004"]
    assert result.closed == ["91003"]
    assert result.unchanged == 2
    old, new = AdministrativeUnit.objects.filter(code="91001").order_by("valid_from")
    assert (old.name, old.valid_to) == ("Xã Cũ", date(2026, 1, 1))
    assert (new.name, new.valid_from, new.valid_to) == ("Phường Mới", date(2026, 1, 1), None)
    assert new.parent is not None
    assert new.parent.code == "91"
    assert new.search_text == "phuong moi"
    assert AdministrativeUnit.objects.get(code="91003").valid_to == date(2026, 1, 1)
    assert AdministrativeUnit.objects.get(code="91002").valid_to is None
    assert _audits("administrative_unit_list", "administrative_units.import") == 1


@pytest.mark.django_db
def test_import_same_file_twice_changes_nothing_the_second_time() -> None:
    _seed()
    csv_text = HEADER + "91,Tỉnh Một Mới,province,tỉnh,,2026-01-01\n"
    administrative_units_import(csv_text=csv_text, at=AT, actor="cli")
    count = AdministrativeUnit.objects.count()

    again = administrative_units_import(csv_text=csv_text, at=AT, actor="cli")

    assert (again.added, again.changed, again.closed, again.unchanged) == ([], [], [], 1)
    assert AdministrativeUnit.objects.count() == count


@pytest.mark.django_db
def test_import_bad_file_writes_nothing_and_names_every_bad_line_and_column() -> None:
    _seed()
    before = list(AdministrativeUnit.objects.values_list("pk", "name", "valid_to"))
    csv_text = HEADER + (
        "91,Tỉnh Một,province,tỉnh,,2026-01-01\n"
        "91001,Phường Mới,commune,phường,91,2026-01-01\n"
        "9100X,Xã Sai Mã,commune,xã,91,2026-01-01\n"
        "91005,Xã Mồ Côi,commune,xã,77,2026-01-01\n"
        "91006,Xã Sai Ngày,commune,xã,91,01/01/2026\n"
        "91007,,village,xã,91,2026-01-01\n"
    )

    with pytest.raises(ValidationFailed) as caught:
        administrative_units_import(csv_text=csv_text, at=AT, actor="cli")

    paths = {p.path for p in caught.value.problems}
    assert {
        "dòng 4, cột code",
        "dòng 5, cột parent_code",
        "dòng 6, cột valid_from",
        "dòng 7, cột level",
        "dòng 7, cột name",
    } <= paths
    assert all(p.message.startswith("Dòng ") for p in caught.value.problems)
    assert list(AdministrativeUnit.objects.values_list("pk", "name", "valid_to")) == before
    assert _audits("administrative_unit_list", "administrative_units.import") == 0


@pytest.mark.django_db
def test_import_missing_column_is_named_on_the_header_line() -> None:
    with pytest.raises(ValidationFailed) as caught:
        administrative_units_import(
            csv_text="code,name,level\n91,Tỉnh,province\n", at=AT, actor="cli"
        )

    assert [p.path for p in caught.value.problems] == [
        "dòng 1, cột division_type",
        "dòng 1, cột parent_code",
        "dòng 1, cột valid_from",
    ]


@pytest.mark.django_db
def test_import_change_not_after_current_start_is_refused() -> None:
    _seed()
    csv_text = HEADER + "91,Tỉnh Đổi Tên,province,tỉnh,,2025-07-01\n"

    with pytest.raises(ValidationFailed):
        administrative_units_import(csv_text=csv_text, at=AT, actor="cli")

    assert AdministrativeUnit.objects.get(code="91").name == "Tỉnh Một"


# Agencies, one-stop units, counters ---------------------------------------------------------


@pytest.mark.django_db
def test_agency_create_writes_the_agency_and_its_audit_row() -> None:
    province = ProvinceFactory.create()

    agency = agency_create(
        code="000.00.12.H38",
        name="  Sở Tư pháp  ",
        kind=AgencyKind.PROVINCIAL_DEPARTMENT,
        administrative_unit=province,
        valid_from=SINCE,
        at=AT,
        actor="user:1",
    )

    assert Agency.objects.get(code="000.00.12.H38").name == "Sở Tư pháp"
    entry = AuditEntry.objects.get(object_type="agency", object_id=str(agency.pk))
    assert (entry.action, entry.actor) == ("agency.create", "user:1")


@pytest.mark.django_db
def test_agency_create_refuses_bad_code_and_writes_nothing() -> None:
    province = ProvinceFactory.create()

    with pytest.raises(ValidationFailed) as caught:
        agency_create(
            code="H38.12",
            name="",
            kind="nope",
            administrative_unit=province,
            valid_from=SINCE,
            valid_to=SINCE,
            at=AT,
            actor="cli",
        )

    assert {p.path for p in caught.value.problems} == {"code", "name", "kind", "valid_to"}
    assert not Agency.objects.exists()
    assert not AuditEntry.objects.filter(object_type="agency").exists()


@pytest.mark.django_db
def test_agency_create_refuses_a_used_code() -> None:
    existing = AgencyFactory.create(code="000.00.12.H38")

    with pytest.raises(ValidationFailed, match="đã được dùng"):
        agency_create(
            code="000.00.12.H38",
            name="Khác",
            kind=AgencyKind.OTHER,
            administrative_unit=existing.administrative_unit,
            valid_from=SINCE,
            at=AT,
            actor="cli",
        )


@pytest.mark.django_db
def test_one_stop_unit_and_counter_create_are_audited_and_counter_numbers_unique() -> None:
    agency = AgencyFactory.create()
    unit = one_stop_unit_create(
        agency=agency, name="Trung tâm PVHCC", valid_from=SINCE, at=AT, actor="cli"
    )
    counter_create(one_stop_unit=unit, number=1, label="Quầy 1", at=AT, actor="cli")

    with pytest.raises(ValidationFailed) as caught:
        counter_create(one_stop_unit=unit, number=1, at=AT, actor="cli")

    assert caught.value.problems[0].path == "number"
    assert Counter.objects.filter(one_stop_unit=unit).count() == 1
    assert _audits("one_stop_unit", "one_stop_unit.create") == 1
    assert _audits("counter", "counter.create") == 1


# Officers and roles -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_officer_create_hashes_password_and_audits_without_it() -> None:
    user = officer_create(
        username="canbo.moi",
        full_name="Nguyễn Văn A",
        password="motcua-demo-2026",
        email="a@example.vn",
        at=AT,
        actor="cli",
    )

    assert user.check_password("motcua-demo-2026")
    assert not user.is_staff
    entry = AuditEntry.objects.get(object_type="user", object_id=str(user.pk))
    assert "motcua-demo-2026" not in str(entry.data)


@pytest.mark.django_db
def test_officer_create_refuses_weak_password_and_duplicate_username() -> None:
    UserFactory.create(username="trung")

    with pytest.raises(ValidationFailed) as caught:
        officer_create(
            username="trung",
            full_name="Trùng",
            password="123",
            email="not-an-email",
            at=AT,
            actor="cli",
        )

    assert {p.path for p in caught.value.problems} == {"username", "password", "email"}
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_role_assign_audits_and_refuses_overlap() -> None:
    user, agency = UserFactory.create(), AgencyFactory.create()
    role_assign(
        user=user,
        agency=agency,
        role=Role.SPECIALIST,
        valid_from=SINCE,
        valid_to=date(2026, 1, 1),
        at=AT,
        actor="cli",
    )

    with pytest.raises(ValidationFailed) as caught:
        role_assign(
            user=user,
            agency=agency,
            role=Role.SPECIALIST,
            valid_from=date(2025, 12, 1),
            at=AT,
            actor="cli",
        )

    assert caught.value.problems[0].path == "valid_from"
    later = role_assign(
        user=user,
        agency=agency,
        role=Role.SPECIALIST,
        valid_from=date(2026, 1, 1),
        at=AT,
        actor="cli",
    )
    assert later.valid_to is None
    assert _audits("role_assignment", "role_assignment.create") == 2


@pytest.mark.django_db
def test_one_stop_officer_needs_a_one_stop_unit() -> None:
    user, agency = UserFactory.create(), AgencyFactory.create()

    with pytest.raises(ValidationFailed) as caught:
        role_assign(
            user=user,
            agency=agency,
            role=Role.ONE_STOP_OFFICER,
            valid_from=SINCE,
            at=AT,
            actor="cli",
        )

    assert caught.value.problems[0].path == "one_stop_unit"
    unit = OneStopUnitFactory.create(agency=agency)
    assignment = role_assign(
        user=user,
        agency=agency,
        role=Role.ONE_STOP_OFFICER,
        one_stop_unit=unit,
        valid_from=SINCE,
        at=AT,
        actor="cli",
    )
    assert assignment.one_stop_unit == unit


@pytest.mark.django_db
def test_role_assignment_end_sets_valid_to_and_audits() -> None:
    assignment = RoleAssignmentFactory.create()

    role_assignment_end(assignment=assignment, valid_to=date(2026, 2, 1), at=AT, actor="cli")

    assert RoleAssignment.objects.get(pk=assignment.pk).valid_to == date(2026, 2, 1)
    assert _audits("role_assignment", "role_assignment.end") == 1


# Applicants -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_applicant_create_normalises_name_and_identifiers() -> None:
    decomposed = "Nguye\u0302\u0303n Thi\u0323 Ha\u0300"

    applicant = applicant_create(
        kind=ApplicantKind.CITIZEN,
        name=decomposed,
        personal_id="001190012345",
        birth_date=date(1990, 5, 12),
        sex="female",
        phone="+84 912 345 678",
        at=AT,
        actor="cli",
    )

    stored = Applicant.objects.get(pk=applicant.pk)
    assert stored.name == "Nguyễn Thị Hà"
    assert stored.phone == "0912345678"
    assert _audits("applicant", "applicant.create") == 1


@pytest.mark.django_db
def test_applicant_create_business_normalises_13_digit_tax_code() -> None:
    applicant = applicant_create(
        kind=ApplicantKind.BUSINESS,
        name="Chi nhánh Công ty Thử",
        tax_code="0100109106001",
        at=AT,
        actor="cli",
    )

    assert applicant.tax_code == "0100109106-001"


@pytest.mark.django_db
def test_applicant_create_refuses_bad_identifiers_and_writes_nothing() -> None:
    with pytest.raises(ValidationFailed) as caught:
        applicant_create(
            kind=ApplicantKind.CITIZEN,
            name="Lê\u200bVăn",
            personal_id="001290012345",
            tax_code="0100109107",
            phone="02438253536",
            birth_date=date(1990, 5, 12),
            at=AT,
            actor="cli",
        )

    assert {p.path for p in caught.value.problems} == {"name", "personal_id", "tax_code", "phone"}
    assert not Applicant.objects.exists()
    assert not AuditEntry.objects.filter(object_type="applicant").exists()


@pytest.mark.django_db
def test_citizen_needs_a_personal_id_and_it_is_unique() -> None:
    with pytest.raises(ValidationFailed) as missing:
        applicant_create(kind=ApplicantKind.CITIZEN, name="Ai Đó", at=AT, actor="cli")
    applicant_create(
        kind=ApplicantKind.CITIZEN, name="Ai Đó", personal_id="001090012345", at=AT, actor="cli"
    )
    with pytest.raises(ValidationFailed) as duplicate:
        applicant_create(
            kind=ApplicantKind.CITIZEN, name="Khác", personal_id="001090012345", at=AT, actor="cli"
        )

    assert missing.value.problems[0].path == "personal_id"
    assert duplicate.value.problems[0].path == "personal_id"
    assert Applicant.objects.count() == 1
