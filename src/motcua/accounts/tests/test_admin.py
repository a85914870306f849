import pytest
from django.test import Client

from motcua.accounts.models import Agency, Applicant
from motcua.accounts.tests.factories import ProvinceFactory, UserFactory
from motcua.core.models import AuditEntry


@pytest.fixture
def admin_client_vi() -> Client:
    user = UserFactory.create(is_staff=True, is_superuser=True)
    client = Client(headers={"accept-language": "vi"})
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_admin_add_agency_goes_through_the_service(admin_client_vi: Client) -> None:
    province = ProvinceFactory.create()

    response = admin_client_vi.post(
        "/admin/accounts/agency/add/",
        {
            "code": "000.00.12.H38",
            "name": "Sở Tư pháp",
            "kind": "provincial_department",
            "administrative_unit": province.pk,
            "valid_from": "2025-07-01",
        },
    )

    assert response.status_code == 302
    agency = Agency.objects.get(code="000.00.12.H38")
    entry = AuditEntry.objects.get(object_type="agency", object_id=str(agency.pk))
    assert entry.action == "agency.create"


@pytest.mark.django_db
def test_admin_agency_form_shows_the_code_reason(admin_client_vi: Client) -> None:
    province = ProvinceFactory.create()

    response = admin_client_vi.post(
        "/admin/accounts/agency/add/",
        {
            "code": "H38",
            "name": "Sở Tư pháp",
            "kind": "provincial_department",
            "administrative_unit": province.pk,
            "valid_from": "2025-07-01",
        },
    )

    assert response.status_code == 200
    assert "Mã định danh cơ quan phải gồm 4 nhóm" in response.content.decode()
    assert not Agency.objects.exists()


@pytest.mark.django_db
def test_admin_applicant_form_names_the_bad_identifier(admin_client_vi: Client) -> None:
    response = admin_client_vi.post(
        "/admin/accounts/applicant/add/",
        {"kind": "citizen", "name": "Lê Văn A", "personal_id": "００１０９００１２３４５"},
    )

    assert response.status_code == 200
    assert "Số định danh cá nhân chứa chữ số toàn độ rộng" in response.content.decode()
    assert not Applicant.objects.exists()


@pytest.mark.django_db
def test_admin_edit_writes_an_audit_row(admin_client_vi: Client) -> None:
    admin_client_vi.post(
        "/admin/accounts/applicant/add/",
        {"kind": "citizen", "name": "Lê Văn A", "personal_id": "001090012345"},
    )
    applicant = Applicant.objects.get()

    response = admin_client_vi.post(
        f"/admin/accounts/applicant/{applicant.pk}/change/",
        {"kind": "citizen", "name": "Lê Văn B", "personal_id": "001090012345"},
    )

    assert response.status_code == 302
    actions = list(
        AuditEntry.objects.filter(object_type="applicant")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["applicant.create", "applicant.admin_update"]
