"""Due moments of dossiers and steps, and the early / on time / late outcome of a hand-over.

Every expected moment is written out: 2026-03-02 is a Monday, working hours are 07:30-11:30 and
13:00-17:00 (Asia/Ho_Chi_Minh) unless a test gives an agency its own.
"""

from collections.abc import Iterator
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.calendar.models import DayKind
from motcua.calendar.selectors import working_calendar_cache_clear
from motcua.calendar.services import (
    agency_work_week_set,
    agency_working_hours_set,
    calendar_day_set,
)
from motcua.catalog.models import ProcedureVersion, TimeUnit
from motcua.catalog.selectors import procedure_version_current
from motcua.dossiers.deadlines import (
    channel_term,
    dossier_due_moment,
    effective_reception_day,
    hand_over_outcome,
    step_due_moment,
    version_due_moment,
)
from motcua.dossiers.models import HandOverOutcome
from motcua_dev.demo import calendar as calendar_demo
from motcua_dev.demo import catalog as catalog_demo

pytestmark = pytest.mark.django_db
HN = ZoneInfo("Asia/Ho_Chi_Minh")
AGENCY = "000.00.31.H29"
SET_AT = datetime(2026, 2, 1, 2, 0, tzinfo=UTC)


def hn(year: int, month: int, day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=HN)


@pytest.fixture(autouse=True)
def _fresh_calendar_cache() -> Iterator[None]:
    working_calendar_cache_clear()
    yield
    working_calendar_cache_clear()


@pytest.mark.parametrize(
    ("start", "hours", "paper", "due"),
    [
        # 10:15-11:30 (1 h 15) + 13:00-17:00 (4 h) + 07:30-10:15 on Tuesday (2 h 45).
        (hn(2026, 3, 2, 10, 15), 8, False, hn(2026, 3, 3, 10, 15)),
        (hn(2026, 3, 2, 10, 15), 1, False, hn(2026, 3, 2, 11, 15)),
        # Over the lunch break: 45 minutes before it, 15 after.
        (hn(2026, 3, 2, 10, 45), 1, False, hn(2026, 3, 2, 13, 15)),
        # Paper after 15:00 counts from Tuesday's opening; online counts at once.
        (hn(2026, 3, 2, 15, 30), 2, True, hn(2026, 3, 3, 9, 30)),
        (hn(2026, 3, 2, 15, 30), 2, False, hn(2026, 3, 3, 8, 0)),
        # Friday afternoon into Monday morning.
        (hn(2026, 3, 6, 16, 0), 4, False, hn(2026, 3, 9, 10, 30)),
        (hn(2026, 3, 2, 9, 0), 0, False, hn(2026, 3, 2, 9, 0)),
    ],
)
def test_a_norm_in_working_hours_is_due_to_the_minute(
    start: datetime, hours: int, paper: bool, due: datetime
) -> None:
    result = dossier_due_moment(
        start=start, value=hours, unit=TimeUnit.WORKING_HOURS, paper=paper, agency_code=""
    )
    assert result == due


def test_calendar_days_same_day_and_not_regulated() -> None:
    # given a dossier received on Thursday 5 March 2026 at 09:00 (online)
    start = hn(2026, 3, 5, 9, 0)

    def due(value: int | None, unit: str) -> datetime | None:
        return dossier_due_moment(start=start, value=value, unit=unit, paper=False, agency_code="")

    # then 3 calendar days end on Sunday 8 March, a day off: the next working day, Monday 9
    assert due(3, TimeUnit.CALENDAR_DAYS) == hn(2026, 3, 9, 17, 0)
    # 4 calendar days end on Monday 9 March itself
    assert due(4, TimeUnit.CALENDAR_DAYS) == hn(2026, 3, 9, 17, 0)
    # "trong ngày" ends with the working hours of the reception day
    assert due(None, TimeUnit.SAME_DAY) == hn(2026, 3, 5, 17, 0)
    # "không quy định" and a time the source does not state have no due moment
    assert due(None, TimeUnit.NOT_REGULATED) is None
    assert due(None, "") is None


def test_same_day_on_paper_after_the_cut_off_is_the_next_working_day() -> None:
    due = dossier_due_moment(
        start=hn(2026, 3, 6, 15, 30), value=None, unit=TimeUnit.SAME_DAY, paper=True, agency_code=""
    )
    assert due == hn(2026, 3, 9, 17, 0)


def test_calendar_days_on_paper_after_the_cut_off_count_from_the_next_working_day() -> None:
    def due(paper: bool) -> datetime | None:
        return dossier_due_moment(
            start=hn(2026, 3, 6, 15, 30),
            value=3,
            unit=TimeUnit.CALENDAR_DAYS,
            paper=paper,
            agency_code="",
        )

    # Friday 15:30: on paper the count starts on Monday 9 (ends Thursday 12); online on Friday 6
    # (ends Monday 9).
    assert due(True) == hn(2026, 3, 12, 17, 0)
    assert due(False) == hn(2026, 3, 9, 17, 0)


def test_a_norm_in_working_days_is_due_at_the_end_of_its_last_day() -> None:
    due = dossier_due_moment(
        start=hn(2026, 3, 2, 15, 30),
        value=3,
        unit=TimeUnit.WORKING_DAYS,
        paper=True,
        agency_code="",
    )
    assert due == hn(2026, 3, 6, 17, 0)


def test_an_agency_calendar_moves_a_dossier_deadline() -> None:
    calendar_day_set(
        day=date(2026, 3, 4),
        kind=DayKind.HOLIDAY,
        name="Ngày nghỉ riêng của cơ quan",
        source="Quyết định của cơ quan",
        at=SET_AT,
        actor="admin",
        agency_code=AGENCY,
    )
    agency_work_week_set(
        agency_code=AGENCY,
        weekdays="1,2,3,4,5,6",
        valid_from=date(2026, 3, 1),
        at=SET_AT,
        actor="admin",
    )
    agency_working_hours_set(
        agency_code=AGENCY, periods="08:00-12:00,13:30-16:30", at=SET_AT, actor="admin"
    )

    def due(agency_code: str, unit: str, value: int) -> datetime:
        moment = dossier_due_moment(
            start=hn(2026, 3, 2, 9, 0),
            value=value,
            unit=unit,
            paper=False,
            agency_code=agency_code,
        )
        assert moment is not None
        return moment

    # Nationally: Tue 3, Wed 4, Thu 5, Fri 6, Mon 9 March. The agency is off on Wednesday and
    # works on Saturday: Tue 3, Thu 5, Fri 6, Sat 7, Mon 9... so four days end on Saturday.
    assert due("", TimeUnit.WORKING_DAYS, 4) == hn(2026, 3, 6, 17, 0)
    assert due(AGENCY, TimeUnit.WORKING_DAYS, 4) == hn(2026, 3, 7, 16, 30)
    # Five calendar days end on Saturday 7 March: a day off nationally (so Monday), a working day
    # of the agency, which closes at 16:30.
    assert due("", TimeUnit.CALENDAR_DAYS, 5) == hn(2026, 3, 9, 17, 0)
    assert due(AGENCY, TimeUnit.CALENDAR_DAYS, 5) == hn(2026, 3, 7, 16, 30)
    # Same day ends with the agency's own working hours.
    assert due("", TimeUnit.SAME_DAY, 0) == hn(2026, 3, 2, 17, 0)
    assert due(AGENCY, TimeUnit.SAME_DAY, 0) == hn(2026, 3, 2, 16, 30)
    # 08:00 start: 09:00-12:00 (3 h) + 13:30-16:30 (3 h) + Tuesday 08:00-09:00.
    assert due(AGENCY, TimeUnit.WORKING_HOURS, 7) == hn(2026, 3, 3, 9, 0)
    # Nationally: 09:00-11:30 (2 h 30) + 13:00-17:00 (4 h) + Tuesday 07:30-08:00.
    assert due("", TimeUnit.WORKING_HOURS, 7) == hn(2026, 3, 3, 8, 0)
    assert effective_reception_day(
        received_at=hn(2026, 3, 4, 9, 0), paper=False, agency_code=AGENCY
    ) == date(2026, 3, 5)
    assert effective_reception_day(
        received_at=hn(2026, 3, 4, 9, 0), paper=False, agency_code=""
    ) == date(2026, 3, 4)


@pytest.mark.parametrize(
    ("start", "minutes", "paper", "due"),
    [
        (hn(2026, 3, 2, 14, 0), 90, True, hn(2026, 3, 2, 15, 30)),
        # Exactly at the 15:00 cut-off a paper step still counts that day.
        (hn(2026, 3, 2, 15, 0), 60, True, hn(2026, 3, 2, 16, 0)),
        # One minute after it, a paper step counts from the next working day's opening.
        (hn(2026, 3, 2, 15, 1), 60, True, hn(2026, 3, 3, 8, 30)),
        (hn(2026, 3, 2, 15, 1), 60, False, hn(2026, 3, 2, 16, 1)),
        (hn(2026, 3, 2, 16, 30), 45, False, hn(2026, 3, 3, 7, 45)),
    ],
)
def test_step_due_moment_counts_working_minutes_with_the_paper_cut_off(
    start: datetime, minutes: int, paper: bool, due: datetime
) -> None:
    assert step_due_moment(start=start, minutes=minutes, paper=paper, agency_code="") == due


DUE = hn(2026, 3, 5, 17, 0)


@pytest.mark.parametrize(
    ("at", "outcome"),
    [
        (hn(2026, 3, 4, 23, 59, 59), HandOverOutcome.EARLY),  # the local day before
        (hn(2026, 3, 4, 9, 0), HandOverOutcome.EARLY),
        (hn(2026, 3, 5, 0, 0), HandOverOutcome.ON_TIME),  # the due day's first moment
        (hn(2026, 3, 5, 16, 59, 59), HandOverOutcome.ON_TIME),
        (DUE, HandOverOutcome.ON_TIME),  # exactly at the due moment
        (hn(2026, 3, 5, 17, 0, 1), HandOverOutcome.LATE),
        (hn(2026, 3, 6, 8, 0), HandOverOutcome.LATE),
    ],
)
def test_hand_over_outcome_on_each_side_of_its_boundaries(at: datetime, outcome: str) -> None:
    assert hand_over_outcome(at=at, due=DUE) == outcome


def test_hand_over_outcome_compares_local_days_not_utc_days() -> None:
    due = hn(2026, 3, 5, 8, 0)  # 01:00 UTC on the 5th
    # 00:30 local on the 5th is 17:30 UTC on the 4th: the same local day as the due moment.
    assert hand_over_outcome(at=hn(2026, 3, 5, 0, 30), due=due) == HandOverOutcome.ON_TIME
    # 23:30 local on the 4th is 16:30 UTC on the 4th: a local day before.
    assert hand_over_outcome(at=hn(2026, 3, 4, 23, 30), due=due) == HandOverOutcome.EARLY


def test_hand_over_outcome_without_a_due_moment_is_on_time() -> None:
    assert hand_over_outcome(at=hn(2026, 3, 5, 9, 0), due=None) == HandOverOutcome.ON_TIME


def test_the_demo_certification_in_four_working_hours_at_the_saturday_ward_centre() -> None:
    """Chứng thực bản sao (2.000815) is due four working hours after reception."""
    calendar_demo.load(at=SET_AT)
    catalog_demo.load(at=SET_AT)
    version = procedure_version_current(code="2.000815", on=date(2026, 3, 6))
    assert (version.processing_time_value, version.processing_time_unit) == (
        4,
        TimeUnit.WORKING_HOURS,
    )

    def due(agency_code: str) -> datetime:
        moment = dossier_due_moment(
            start=hn(2026, 3, 6, 15, 30),  # a paper dossier, Friday after the cut-off
            value=version.processing_time_value,
            unit=version.processing_time_unit,
            paper=True,
            agency_code=agency_code,
        )
        assert moment is not None
        return moment

    # The Hoàn Kiếm centre counts from Saturday 08:00; the Ba Đình one from Monday 07:30.
    assert due("000.02.31.H26") == hn(2026, 3, 7, 12, 0)
    assert due("000.02.32.H26") == hn(2026, 3, 9, 11, 30)


def test_step_due_moment_and_reception_day_follow_the_agency_calendar() -> None:
    agency_working_hours_set(
        agency_code=AGENCY, periods="08:00-12:00,13:30-16:30", at=SET_AT, actor="admin"
    )
    start = hn(2026, 3, 2, 16, 0)
    # 16:00-16:30 there, then Tuesday 08:00-08:30; nationally the hour ends at 17:00.
    assert step_due_moment(start=start, minutes=60, paper=False, agency_code=AGENCY) == hn(
        2026, 3, 3, 8, 30
    )
    assert step_due_moment(start=start, minutes=60, paper=False, agency_code="") == hn(
        2026, 3, 2, 17, 0
    )
    assert effective_reception_day(
        received_at=hn(2026, 3, 2, 15, 30), paper=True, agency_code=""
    ) == date(2026, 3, 3)
    assert effective_reception_day(
        received_at=hn(2026, 3, 2, 15, 30), paper=False, agency_code=""
    ) == date(2026, 3, 2)


#: Five working days, three working hours online; the other terms apply to a condition, a level
#: or an agency, which reception cannot know, so they never set a dossier's due moment.
CHANNEL_TERMS = ProcedureVersion(
    processing_time_value=5,
    processing_time_unit=TimeUnit.WORKING_DAYS,
    processing_terms=[
        {"value": 10, "unit": "working_days", "channel": "online", "condition": "Cần xác minh"},
        {"value": 1, "unit": "working_days", "channel": "direct", "level": "commune"},
        {"value": 1, "unit": "working_days", "channel": "post", "agency": "Sở Tư pháp"},
        {"value": 3, "unit": "working_hours", "channel": "online"},
    ],
)


def test_the_term_of_the_dossier_channel_and_else_the_general_term() -> None:
    assert channel_term(version=CHANNEL_TERMS, channel="online") == (3, TimeUnit.WORKING_HOURS)
    assert channel_term(version=CHANNEL_TERMS, channel="counter") == (5, TimeUnit.WORKING_DAYS)
    assert channel_term(version=CHANNEL_TERMS, channel="post") == (5, TimeUnit.WORKING_DAYS)


@pytest.mark.parametrize(
    ("channel", "due"),
    [
        # Online: 15:30-17:00 (1 h 30) + Tuesday 07:30-09:00, counted at once.
        ("online", hn(2026, 3, 3, 9, 0)),
        # On paper after the 15:00 cut-off the five working days count from Tuesday 3 March:
        # Wed 4, Thu 5, Fri 6, Mon 9, Tue 10.
        ("counter", hn(2026, 3, 10, 17, 0)),
        ("post", hn(2026, 3, 10, 17, 0)),
    ],
)
def test_a_dossier_is_due_by_the_term_of_its_channel(channel: str, due: datetime) -> None:
    moment = version_due_moment(
        start=hn(2026, 3, 2, 15, 30), version=CHANNEL_TERMS, channel=channel, agency_code=""
    )
    assert moment == due


def test_a_same_day_channel_term_and_an_agency_calendar() -> None:
    agency_working_hours_set(
        agency_code=AGENCY, periods="08:00-12:00,13:30-16:30", at=SET_AT, actor="admin"
    )
    version = ProcedureVersion(
        processing_time_value=2,
        processing_time_unit=TimeUnit.WORKING_DAYS,
        processing_terms=[{"unit": "same_day", "channel": "direct"}],
    )

    def due(channel: str, agency_code: str) -> datetime | None:
        return version_due_moment(
            start=hn(2026, 3, 2, 10, 0), version=version, channel=channel, agency_code=agency_code
        )

    # At the counter the same day ends with the working hours: 17:00, or 16:30 at the agency.
    assert due("counter", "") == hn(2026, 3, 2, 17, 0)
    assert due("counter", AGENCY) == hn(2026, 3, 2, 16, 30)
    # Online the general two working days: Tuesday 3 and Wednesday 4 March.
    assert due("online", AGENCY) == hn(2026, 3, 4, 16, 30)
