"""The tờ khai laid out as its official template: headings, repeating groups, conditional
questions, with the Vietnamese messages of each check."""

from typing import Any

from motcua.catalog.models import Component, ComponentKind
from motcua.portal.schema_forms import ApplicationForm, answers, problem_field

COMMUNES = [("Thành phố Hà Nội", [("00070", "Phường Hoàn Kiếm")])]

SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Tờ khai thay đổi thông tin cư trú",
    "x-form": {"number": "Mẫu CT01", "legal_basis": "Thông tư 66/2023/TT-BCA"},
    "required": ["full_name"],
    "properties": {
        "full_name": {
            "type": "string",
            "title": "Họ, chữ đệm và tên",
            "x-section": "Người kê khai",
        },
        "moving": {"type": "boolean", "title": "Cả hộ cùng chuyển", "x-section": "Nội dung"},
        "reason": {"type": "string", "title": "Lý do chuyển", "x-section": "Nội dung"},
        "members": {
            "type": "array",
            "title": "Thành viên",
            "x-section": "Những thành viên trong hộ gia đình cùng thay đổi",
            "x-rows": 2,
            "items": {
                "type": "object",
                "required": ["name", "relation"],
                "properties": {
                    "name": {"type": "string", "title": "Họ, chữ đệm và tên"},
                    "birth_date": {"type": "string", "title": "Ngày sinh", "format": "date"},
                    "relation": {"type": "string", "title": "Quan hệ với chủ hộ"},
                },
            },
        },
    },
    "allOf": [
        {
            "if": {"properties": {"moving": {"const": True}}, "required": ["moving"]},
            "then": {"required": ["reason"]},
        }
    ],
}


def _form(data: dict[str, str] | None = None) -> ApplicationForm:
    component = Component(code="ct01", name="Tờ khai CT01", kind=ComponentKind.FORM, schema=SCHEMA)
    base = {"khoa": "k", "don_vi_hanh_chinh": "00070", "f__ct01__full_name": "Nguyễn Văn An"}
    return ApplicationForm(
        None if data is None else {**base, **data}, components=[component], communes=COMMUNES
    )


def test_each_heading_of_the_template_is_a_section_in_order() -> None:
    form = _form()

    assert [(s.code, s.title) for s in form.sections] == [
        ("ct01", "Người kê khai"),
        ("ct01.1", "Nội dung"),
        ("ct01.2", "Những thành viên trong hộ gia đình cùng thay đổi"),
    ]
    assert form.sections[2].field_names == (
        "f__ct01__members__0__name",
        "f__ct01__members__0__birth_date",
        "f__ct01__members__0__relation",
        "f__ct01__members__1__name",
        "f__ct01__members__1__birth_date",
        "f__ct01__members__1__relation",
    )
    assert form.fields["f__ct01__members__1__name"].label == "Họ, chữ đệm và tên (thành viên 2)"
    assert form.fields["f__ct01__members__1__birth_date"].label == (
        "Ngày sinh (thành viên 2) (không bắt buộc)"
    )


def test_a_conditional_question_says_when_it_is_required_and_is_checked_then() -> None:
    assert _form().fields["f__ct01__reason"].help_text == "Bắt buộc khi chọn cả hộ cùng chuyển."

    form = _form({"f__ct01__moving": "on"})

    assert not form.is_valid()
    assert form.errors["f__ct01__reason"] == ["Vui lòng nhập lý do chuyển."]
    assert _form({"f__ct01__moving": "on", "f__ct01__reason": "Về ở với bố mẹ"}).is_valid()
    assert _form({}).is_valid()  # not moving: the reason may stay blank


def test_a_line_of_a_repeating_group_begun_must_be_finished() -> None:
    form = _form({"f__ct01__members__0__name": "Nguyễn Thị Hoa"})

    assert not form.is_valid()
    assert form.errors["f__ct01__members__0__relation"] == [
        "Vui lòng nhập quan hệ với chủ hộ (thành viên 1)."
    ]


def test_the_filled_lines_of_a_group_become_a_list_and_blank_lines_are_left_out() -> None:
    form = _form(
        {
            "f__ct01__members__1__name": "Nguyễn Thị Hoa",
            "f__ct01__members__1__birth_date": "2015-04-02",
            "f__ct01__members__1__relation": "Con",
        }
    )

    assert form.is_valid(), form.errors
    assert form.form_data() == {
        "ct01": {
            "full_name": "Nguyễn Văn An",
            "moving": False,
            "members": [{"name": "Nguyễn Thị Hoa", "birth_date": "2015-04-02", "relation": "Con"}],
        }
    }
    rows = dict(answers(form))["Những thành viên trong hộ gia đình cùng thay đổi"]
    assert [label for label, _value in rows] == [
        "Họ, chữ đệm và tên (thành viên 2)",
        "Ngày sinh (thành viên 2) (không bắt buộc)",
        "Quan hệ với chủ hộ (thành viên 2)",
    ]


def test_a_problem_in_a_group_line_is_put_on_its_cell() -> None:
    fields = _form().fields

    assert problem_field("form_data.ct01.members.1.relation", [], fields) == (
        "f__ct01__members__1__relation"
    )
