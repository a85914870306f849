"""The tờ khai generated from JSON Schema: one Django field per property, and back to JSON."""

from datetime import date

import pytest
from django import forms

from motcua.catalog.models import Component, ComponentKind
from motcua.core.errors import FieldProblem
from motcua.portal.schema_forms import (
    ApplicationForm,
    field_for_property,
    problem_field,
    upload_problem,
)
from motcua.portal.tests.citizen_data import RICH_SCHEMA, pdf_upload

COMMUNES = [("Thành phố Hà Nội", [("00070", "Phường Hoàn Kiếm")])]


def _components() -> list[Component]:
    return [
        Component(code="to_khai", name="Tờ khai", kind=ComponentKind.FORM, schema=RICH_SCHEMA),
        Component(code="giay", name="Giấy giới thiệu", kind=ComponentKind.DOCUMENT, required=False),
    ]


def test_string_takes_title_description_and_limits() -> None:
    field = field_for_property(
        "full_name",
        {"type": "string", "title": "Họ và tên", "description": "Như trên CCCD", "maxLength": 50},
        required=True,
    )

    assert isinstance(field, forms.CharField)
    assert field.label == "Họ và tên"
    assert field.help_text == "Như trên CCCD"
    assert field.max_length == 50
    assert field.required


def test_optional_field_says_so_in_its_label() -> None:
    field = field_for_property("note", {"type": "string", "title": "Ghi chú"}, required=False)

    assert field.label == "Ghi chú (không bắt buộc)"
    assert not field.required


def test_integer_keeps_its_bounds() -> None:
    field = field_for_property(
        "h",
        {"type": "integer", "title": "Chiều cao", "minimum": 100, "maximum": 250},
        required=True,
    )

    assert isinstance(field, forms.IntegerField)
    with pytest.raises(forms.ValidationError, match="lớn hơn hoặc bằng 100"):
        field.clean("99")
    assert field.clean("172") == 172


def test_boolean_is_a_checkbox_never_required() -> None:
    field = field_for_property("v", {"type": "boolean", "title": "Đồng ý"}, required=True)

    assert isinstance(field, forms.BooleanField)
    assert not field.required


def test_enum_is_a_choice_with_an_empty_first_option() -> None:
    field = field_for_property(
        "e", {"type": "string", "title": "Học vấn", "enum": ["A", "B"]}, required=True
    )

    assert isinstance(field, forms.ChoiceField)
    assert [value for value, _label in list(field.choices)] == ["", "A", "B"]  # type: ignore[arg-type]


def test_date_accepts_iso_and_vietnamese_order() -> None:
    field = field_for_property("d", {"type": "string", "format": "date"}, required=True)

    assert isinstance(field, forms.DateField)
    assert field.clean("1990-05-01") == date(1990, 5, 1)
    assert field.clean("01/05/1990") == date(1990, 5, 1)


def test_pattern_is_checked_with_a_message_naming_the_field() -> None:
    field = field_for_property(
        "p", {"type": "string", "title": "Số định danh", "pattern": "^[0-9]{12}$"}, required=True
    )

    with pytest.raises(forms.ValidationError, match="Số định danh không đúng định dạng"):
        field.clean("12ab")


def test_form_data_is_json_per_component() -> None:
    form = ApplicationForm(
        {
            "f__to_khai__full_name": "Nguyễn Văn An",
            "f__to_khai__personal_id": "001090012345",
            "f__to_khai__birth_date": "01/05/1990",
            "f__to_khai__height_cm": "172",
            "f__to_khai__education": "Đại học",
            "don_vi_hanh_chinh": "00070",
            "khoa": "a" * 32,
        },
        components=_components(),
        communes=COMMUNES,
    )

    assert form.is_valid(), form.errors
    assert form.form_data() == {
        "to_khai": {
            "full_name": "Nguyễn Văn An",
            "personal_id": "001090012345",
            "birth_date": "1990-05-01",
            "height_cm": 172,
            "education": "Đại học",
            "volunteer": False,
        }
    }


def test_sections_follow_the_components() -> None:
    form = ApplicationForm(components=_components(), communes=COMMUNES)

    assert [s.title for s in form.sections] == ["Tờ khai", "Giấy tờ kèm theo"]
    assert form.fields["d__giay"].label == "Giấy giới thiệu (không bắt buộc)"


def test_problem_paths_of_the_service_map_to_fields() -> None:
    fields = ApplicationForm(components=_components(), communes=COMMUNES).fields

    assert problem_field("form_data.to_khai.height_cm", [], fields) == "f__to_khai__height_cm"
    assert problem_field("documents.giay", [], fields) == "d__giay"
    assert problem_field("documents[0].content", ["giay"], fields) == "d__giay"
    assert problem_field("administrative_unit_code", [], fields) == "don_vi_hanh_chinh"
    assert problem_field("applicant.personal_id", [], fields) is None


def test_service_problems_are_put_once_next_to_their_fields() -> None:
    form = ApplicationForm({"khoa": "a" * 32}, components=_components(), communes=COMMUNES)
    form.is_valid()
    problem = FieldProblem("administrative_unit_code", "Không có cơ quan.")

    form.put_problems([problem, problem], [])

    assert form.errors["don_vi_hanh_chinh"] == [
        "Vui lòng chọn phường, xã nơi có cơ quan giải quyết."
    ]


def test_upload_must_be_what_its_name_says() -> None:
    assert upload_problem(pdf_upload("to-khai.pdf")) == ""
    assert "chỉ nhận" in upload_problem(pdf_upload("to-khai.docx"))
    assert "không đúng loại" in upload_problem(pdf_upload("anh.png"))
