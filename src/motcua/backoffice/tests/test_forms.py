from datetime import date
from typing import Any

import pytest
from django import forms

from motcua.backoffice.forms import (
    IntakeComponent,
    IntakeForm,
    form_field_name,
    schema_fields,
    schema_value,
)

SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["full_name", "height_cm", "agree", "kind", "birth_date"],
    "properties": {
        "full_name": {"type": "string", "title": "Họ và tên", "maxLength": 200},
        "height_cm": {"type": "integer", "title": "Chiều cao (cm)", "minimum": 100, "maximum": 250},
        "agree": {"type": "boolean", "title": "Cam đoan"},
        "kind": {"type": "string", "title": "Loại phiếu", "enum": ["so_1", "so_2"]},
        "birth_date": {"type": "string", "title": "Ngày sinh", "format": "date"},
        "phone": {"type": "string", "title": "Số điện thoại", "pattern": "^0[0-9]{9}$"},
        "note": {"type": "string", "title": "Ghi chú", "maxLength": 2000},
    },
}


def fields() -> dict[str, forms.Field]:
    return schema_fields(SCHEMA, component="to_khai")


def test_each_schema_type_becomes_its_field() -> None:
    found = fields()

    assert isinstance(found["f__to_khai__full_name"], forms.CharField)
    assert isinstance(found["f__to_khai__height_cm"], forms.IntegerField)
    assert isinstance(found["f__to_khai__agree"], forms.BooleanField)
    assert isinstance(found["f__to_khai__kind"], forms.ChoiceField)
    assert isinstance(found["f__to_khai__birth_date"], forms.DateField)
    assert isinstance(found["f__to_khai__note"].widget, forms.Textarea)


def test_required_comes_from_the_schema_and_optional_fields_say_so() -> None:
    found = fields()

    assert found["f__to_khai__full_name"].required
    assert not found["f__to_khai__phone"].required
    assert found["f__to_khai__full_name"].label == "Họ và tên"
    assert found["f__to_khai__phone"].label == "Số điện thoại (không bắt buộc)"


def test_enum_offers_its_values_after_an_empty_choice() -> None:
    kind = fields()["f__to_khai__kind"]

    assert isinstance(kind, forms.ChoiceField)
    assert [value for value, _label in list(kind.choices)] == ["", "so_1", "so_2"]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("height_cm", "99", "100"),
        ("height_cm", "cao", "số nguyên"),
        ("phone", "12345", "không đúng định dạng"),
        ("birth_date", "31/02/1990", "ngày"),
        ("full_name", "", "Nhập họ và tên"),
    ],
)
def test_bad_values_are_refused_in_vietnamese(name: str, value: str, message: str) -> None:
    field = fields()[form_field_name("to_khai", name)]

    with pytest.raises(forms.ValidationError) as caught:
        field.clean(value)

    assert message.lower() in " ".join(caught.value.messages).lower()


def test_values_go_back_to_the_json_the_schema_expects() -> None:
    assert schema_value({"format": "date"}, date(1990, 5, 1)) == "1990-05-01"
    assert schema_value({"enum": [1, 2]}, "2") == 2
    assert schema_value({"type": "string"}, "Hà Nội") == "Hà Nội"


def test_a_component_without_schema_has_no_fields() -> None:
    assert schema_fields(None, component="x") == {}
    assert schema_fields({"type": "object"}, component="x") == {}


def intake_form(data: dict[str, str]) -> IntakeForm:
    components = [
        IntakeComponent("to_khai", "Tờ khai", "form", True, SCHEMA),
    ]
    return IntakeForm(
        data, {}, components=components, units=[("00004", "Phường Ba Đình")], today=date(2026, 3, 2)
    )


APPLICANT = {
    "personal_id": "001090012345",
    "name": "Nguyễn Văn An",
    "birth_date": "1990-05-01",
    "sex": "male",
    "address": "Số 1 phố Thử",
    "administrative_unit": "00004",
}


def test_form_items_the_applicant_already_gave_are_copied_when_left_blank() -> None:
    form = intake_form(
        {
            **APPLICANT,
            "f__to_khai__height_cm": "170",
            "f__to_khai__agree": "on",
            "f__to_khai__kind": "so_1",
        }
    )

    assert form.is_valid(), form.errors
    assert form.form_data() == {
        "to_khai": {
            "full_name": "Nguyễn Văn An",
            "height_cm": 170,
            "agree": True,
            "kind": "so_1",
            "birth_date": "1990-05-01",
        }
    }


def test_personal_id_is_checked_against_birth_date_and_sex() -> None:
    form = intake_form({**APPLICANT, "birth_date": "1991-05-01"})

    assert not form.is_valid()
    assert "năm sinh" in " ".join(str(e) for e in form.errors["personal_id"]).lower()


def test_a_missing_applicant_item_is_said_once_not_again_in_the_form() -> None:
    form = intake_form({**APPLICANT, "name": ""})

    assert not form.is_valid()
    assert "name" in form.errors
    assert "f__to_khai__full_name" not in form.errors
