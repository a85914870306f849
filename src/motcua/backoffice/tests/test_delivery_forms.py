"""The postal part of counter intake: defaults when not asked, refusal of unknown values."""

import pytest

from motcua.backoffice.delivery_forms import IntakePostForm


def test_a_form_that_sends_neither_field_means_at_the_counter_both_ways() -> None:
    form = IntakePostForm({})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["channel"] == "counter"
    assert not form.by_post
    assert form.submit_arguments() == {"return_method": "counter"}


@pytest.mark.parametrize(
    ("field", "value"), [("channel", "pigeon"), ("return_method", "pigeon"), ("channel", "online")]
)
def test_a_value_that_is_not_offered_is_refused(field: str, value: str) -> None:
    form = IntakePostForm({field: value})

    assert not form.is_valid()
    assert field in form.errors


def test_by_post_the_address_goes_to_the_service() -> None:
    form = IntakePostForm(
        {
            "channel": "post",
            "inbound_tracking_number": "EB123456785VN",
            "return_method": "post",
            "return_recipient": "Phạm Thị Mai",
            "return_phone": "0987654321",
            "return_street": "Số 5 phố Tràng Tiền",
            "return_commune": "00070",
        },
        communes=[("Thành phố Hà Nội", [("00070", "Phường Hoàn Kiếm")])],
    )

    assert form.is_valid(), form.errors
    assert form.by_post
    assert form.submit_arguments()["return_address"]["commune_code"] == "00070"


def test_the_commune_is_chosen_from_the_list_not_typed() -> None:
    communes = [("Thành phố Hà Nội", [("00070", "Phường Hoàn Kiếm")])]
    form = IntakePostForm({"return_method": "post", "return_commune": "99999"}, communes=communes)

    assert not form.is_valid()
    assert form.errors["return_commune"] == ["Vui lòng chọn xã, phường, đặc khu trong danh sách."]
    assert "data-searchable" in str(form["return_commune"])
