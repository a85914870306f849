"""The standard-cost profile of a public procedure takes its fee from the one fee calculation."""

from datetime import date

import pytest

from motcua.catalog.tests.factories import published_version
from motcua.reform.selectors import cost_profile_for

pytestmark = pytest.mark.django_db
ON = date(2026, 3, 2)


def _fee_items(ref: str) -> list[tuple[str, int]]:
    profile = cost_profile_for(ref=ref, on=ON)
    assert profile is not None
    return [(item.kind, item.amount) for item in profile.items if item.kind == "fee"]


def test_the_fee_is_the_amount_for_the_first_channel_offered() -> None:
    # 20.000 đồng in person, 10.000 đồng online, and 8.000 đồng only for a late registration: the
    # estimate counts what an on-time applicant pays in person
    published_version(
        channels=["direct", "online"],
        fees=[
            {
                "kind": "charge",
                "name": "Lệ phí đăng ký",
                "amount": 20_000,
                "channel_amounts": {"online": 10_000},
            },
            {"kind": "charge", "name": "Đăng ký quá hạn", "amount": 8_000, "condition": "late"},
        ],
    )
    assert _fee_items("public:1.001748") == [("fee", 20_000)]


def test_an_amount_left_to_a_regulation_adds_nothing_and_breaks_nothing() -> None:
    # "theo quy định": the amount is unknown, not 0 and not a failure of the estimate
    published_version(
        fees=[{"kind": "charge", "name": "Lệ phí", "amount": None, "wording": "Theo quy định"}]
    )
    assert _fee_items("public:1.001748") == []
