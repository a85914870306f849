"""An administrator previews a version's declaration form as its template lays it out, and
changes a published form only through a new draft version."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from motcua.accounts.tests.factories import UserFactory
from motcua.catalog.models import ProcedureVersion, VersionStatus
from motcua.catalog.tests.factories import published_version

pytestmark = pytest.mark.django_db

SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Tờ khai đăng ký khai tử",
    "x-form": {
        "number": "Tờ khai đăng ký khai tử (Phụ lục 3)",
        "legal_basis": "Thông tư 04/2020/TT-BTP",
        "addressee": "Ủy ban nhân dân phường, xã",
    },
    "required": ["deceased_name"],
    "properties": {
        "deceased_name": {"type": "string", "title": "Họ, chữ đệm, tên người đã chết",
                          "x-section": "Người đã chết"},
        "deceased_sex": {"type": "string", "title": "Giới tính", "enum": ["male", "female"],
                         "x-enum-labels": ["Nam", "Nữ"], "x-section": "Người đã chết"},
        "witnesses": {
            "type": "array", "title": "Người làm chứng", "x-rows": 2, "x-section": "Làm chứng",
            "items": {"type": "object", "properties": {"name": {"type": "string",
                                                                "title": "Họ và tên"}}},
        },
    },
}  # fmt: skip


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    return client


def _version() -> ProcedureVersion:
    return published_version(
        components=[{"code": "to_khai", "name": "Tờ khai đăng ký khai tử", "kind": "form",
                     "schema": SCHEMA}],
    )  # fmt: skip


def test_the_preview_shows_the_form_as_its_template_lays_it_out(admin_client: Client) -> None:
    version = _version()
    change = admin_client.get(reverse("admin:catalog_procedureversion_change", args=[version.pk]))
    link = reverse("admin:catalog_form_preview", args=[version.pk, "to_khai"])
    assert link in change.content.decode()

    page = admin_client.get(link)

    assert page.status_code == 200
    html = page.content.decode()
    for text in [
        "Tờ khai đăng ký khai tử (Phụ lục 3)",
        "Thông tư 04/2020/TT-BTP",
        "Kính gửi: Ủy ban nhân dân phường, xã",
        "Người đã chết",
        "Họ, chữ đệm, tên người đã chết",
        "Nam · Nữ",
        "Người làm chứng",
        "<th>Họ và tên</th>",
        "2 dòng",
    ]:
        assert text in html, text
    assert 'class="required">Họ, chữ đệm, tên người đã chết</label>' in html
    assert "Giới tính (không bắt buộc)" in html


def test_the_preview_of_a_form_the_version_lacks_is_not_found(admin_client: Client) -> None:
    version = _version()

    page = admin_client.get(reverse("admin:catalog_form_preview", args=[version.pk, "khong_co"]))

    assert page.status_code == 404


def test_a_change_to_a_published_form_starts_a_new_draft_version(admin_client: Client) -> None:
    version = _version()

    admin_client.post(
        reverse("admin:catalog_procedureversion_changelist"),
        {"action": "new_draft", "_selected_action": [version.pk]},
    )

    draft = ProcedureVersion.objects.get(procedure=version.procedure, status=VersionStatus.DRAFT)
    assert draft.number == version.number + 1
    assert draft.components.get(code="to_khai").schema == SCHEMA
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED
