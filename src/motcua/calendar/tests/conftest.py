from collections.abc import Iterator

import pytest

from motcua.calendar.selectors import working_calendar_cache_clear


@pytest.fixture(autouse=True)
def _fresh_calendar_cache() -> Iterator[None]:
    # Each test's rows are rolled back; a calendar cached by an earlier test must not leak in.
    working_calendar_cache_clear()
    yield
    working_calendar_cache_clear()
