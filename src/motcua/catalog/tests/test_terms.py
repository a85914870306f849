"""Labels of the processing-time terms as the procedure page shows them."""

from django.utils import translation

from motcua.catalog.terms import term_with_scope


def test_a_term_names_what_it_applies_to_with_labels() -> None:
    with translation.override("vi"):
        assert term_with_scope({"value": 3, "unit": "working_days", "channel": "online"}) == (
            "Trực tuyến: 3 ngày làm việc"
        )
        assert term_with_scope(
            {
                "value": 10,
                "unit": "working_days",
                "condition": "Trường hợp cần xác minh",
                "level": "commune",
                "agency": "Sở Tư pháp",
            }
        ) == ("Trường hợp cần xác minh; Cấp Xã; Sở Tư pháp: 10 ngày làm việc")
        assert term_with_scope({"unit": "same_day", "channel": "direct"}) == "Trực tiếp: Trong ngày"
        assert term_with_scope({"value": 2, "unit": "calendar_days"}) == "2 ngày"
