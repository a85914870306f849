"""A procedure open to online filing, its agencies, and a citizen logged in with VNeID."""

from typing import Any

from django.test import Client

from motcua.dossiers.tests.factories import PDF, World, build_world

RICH_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["full_name", "personal_id", "birth_date", "height_cm", "education"],
    "properties": {
        "full_name": {"type": "string", "title": "Họ, chữ đệm và tên", "maxLength": 200},
        "personal_id": {
            "type": "string",
            "title": "Số định danh cá nhân",
            "pattern": "^[0-9]{12}$",
        },
        "birth_date": {"type": "string", "title": "Ngày sinh", "format": "date"},
        "height_cm": {
            "type": "integer",
            "title": "Chiều cao (cm)",
            "description": "Đo không đi giày",
            "minimum": 100,
            "maximum": 250,
        },
        "education": {
            "type": "string",
            "title": "Trình độ học vấn",
            "enum": ["Trung học cơ sở", "Trung học phổ thông", "Đại học"],
        },
        "volunteer": {"type": "boolean", "title": "Tình nguyện nhập ngũ"},
    },
    "additionalProperties": False,
}

COMPONENTS: list[dict[str, Any]] = [
    {"code": "to_khai", "name": "Tờ khai", "kind": "form", "schema": RICH_SCHEMA},
    {"code": "giay_gioi_thieu", "name": "Giấy giới thiệu di chuyển", "kind": "document"},
]


def online_world(**overrides: Any) -> World:
    kwargs: dict[str, Any] = {
        "components": COMPONENTS,
        "online_level": "full",
        "channels": ["online", "direct"],
    }
    kwargs.update(overrides)
    return build_world(**kwargs)


def citizen_client(world: World) -> Client:
    client = Client()
    client.force_login(world.applicant_user)
    return client


def good_answers(world: World, key: str) -> dict[str, Any]:
    return {
        "f__to_khai__full_name": "Nguyễn Văn An",
        "f__to_khai__personal_id": "001090012345",
        "f__to_khai__birth_date": "1990-05-01",
        "f__to_khai__height_cm": "172",
        "f__to_khai__education": "Đại học",
        "f__to_khai__volunteer": "on",
        "don_vi_hanh_chinh": world.commune.code,
        "khoa": key,
    }


def pdf_upload(name: str = "giay-gioi-thieu.pdf") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def good_form_data() -> dict[str, Any]:
    return {
        "to_khai": {
            "full_name": "Nguyễn Văn An",
            "personal_id": "001090012345",
            "birth_date": "1990-05-01",
            "height_cm": 172,
            "education": "Đại học",
        }
    }
