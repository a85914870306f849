from datetime import date

import pytest

from motcua.core.periods import period_holds

JAN_1 = date(2026, 1, 1)
JUN_30 = date(2026, 6, 30)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2025, 12, 31), False),  # before its first day
        (JAN_1, True),  # its first day
        (date(2026, 6, 29), True),
        (JUN_30, False),  # the day it ends is no longer in it
    ],
)
def test_a_period_holds_its_first_day_and_not_the_day_it_ends(on: date, expected: bool) -> None:
    assert period_holds(on, JAN_1, JUN_30) is expected


def test_an_open_period_holds_every_day_from_its_first() -> None:
    assert period_holds(date(2099, 1, 1), JAN_1, None)
    assert not period_holds(date(2025, 12, 31), JAN_1, None)
