"""Due moments of a dossier and of its steps, counted on the working-day calendar of an agency."""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from motcua.calendar.selectors import (
    calendar_due_moment,
    calendar_due_moment_calendar_days,
    calendar_due_moment_hours,
    working_calendar_get,
)
from motcua.catalog.models import ProcedureVersion, TimeUnit
from motcua.dossiers.fees import CHANNEL_OF
from motcua.dossiers.models import DossierChannel, HandOverOutcome

#: What a term may apply to that is not known when a dossier is received: such a term never sets
#: the due moment by itself (an officer decides "where verification is needed").
_UNKNOWN_AT_RECEPTION = ("condition", "level", "agency")


def effective_reception_day(*, received_at: datetime, paper: bool, agency_code: str) -> date:
    """The working day the dossier counts as received on (15:00 cut-off for paper)."""
    calendar = working_calendar_get(agency_code=agency_code)
    return calendar.effective_reception_day(received_at, paper=paper)


def dossier_due_moment(
    *, start: datetime, value: int | None, unit: str, paper: bool, agency_code: str
) -> datetime | None:
    """The statutory due moment counted from ``start`` (reception, or a completed supplement).

    Same day ends with the working hours of the effective reception day. A procedure whose time
    is not regulated or not stated has no due moment, so its dossiers are never late.
    """
    if unit == TimeUnit.SAME_DAY:
        return calendar_due_moment(
            received_at=start, working_days=0, paper=paper, agency_code=agency_code
        )
    if value is None:
        return None
    if unit == TimeUnit.WORKING_HOURS:
        return calendar_due_moment_hours(
            received_at=start, hours=value, paper=paper, agency_code=agency_code
        )
    if unit == TimeUnit.CALENDAR_DAYS:
        return calendar_due_moment_calendar_days(
            received_at=start, days=value, paper=paper, agency_code=agency_code
        )
    if unit == TimeUnit.WORKING_DAYS:
        return calendar_due_moment(
            received_at=start, working_days=value, paper=paper, agency_code=agency_code
        )
    return None


def channel_term(*, version: ProcedureVersion, channel: str) -> tuple[int | None, str]:
    """The term of a dossier filed by ``channel`` (a :class:`DossierChannel`): the version's term
    stated for that channel alone ("Trực tuyến: 3 ngày làm việc"), else its general term.
    """
    wanted = CHANNEL_OF[DossierChannel(channel)]
    for term in version.processing_terms:
        if _channel_only(term, wanted):
            return term.get("value"), str(term["unit"])
    return version.processing_time_value, version.processing_time_unit


def _channel_only(term: Mapping[str, Any], channel: str) -> bool:
    return term.get("channel") == channel and not any(term.get(k) for k in _UNKNOWN_AT_RECEPTION)


def version_due_moment(
    *, start: datetime, version: ProcedureVersion, channel: str, agency_code: str
) -> datetime | None:
    """The due moment of a dossier of ``version`` filed by ``channel``, counted from ``start``:
    the term of its channel, on paper unless filed online."""
    value, unit = channel_term(version=version, channel=channel)
    return dossier_due_moment(
        start=start,
        value=value,
        unit=unit,
        paper=channel != DossierChannel.ONLINE,
        agency_code=agency_code,
    )


def step_due_moment(*, start: datetime, minutes: int, paper: bool, agency_code: str) -> datetime:
    """The due moment of a step of ``minutes`` working minutes, counted from ``start``."""
    return calendar_due_moment_hours(
        received_at=start, hours=minutes / 60, paper=paper, agency_code=agency_code
    )


def hand_over_outcome(*, at: datetime, due: datetime | None) -> str:
    """Early, on time or late against ``due``.

    Late: after the due moment. On time: on the due moment's local day, not after it. Early: a
    local day before (the slip records days, as officers count them).
    """
    if due is None:
        return HandOverOutcome.ON_TIME
    if at > due:
        return HandOverOutcome.LATE
    tz = working_calendar_get().tz
    if at.astimezone(tz).date() == due.astimezone(tz).date():
        return HandOverOutcome.ON_TIME
    return HandOverOutcome.EARLY


def late_working_days(*, due: datetime, now: datetime, agency_code: str) -> int:
    """Working days a dossier due at ``due`` is late at ``now`` on the agency's calendar (0: on
    time, or late since earlier the same day)."""
    calendar = working_calendar_get(agency_code=agency_code)
    if now <= due:
        return 0
    return calendar.working_days_after(calendar.local(due).date(), calendar.local(now).date())
