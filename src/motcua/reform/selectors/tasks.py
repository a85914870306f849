"""The task boards: each task's status and the totals per agency."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy

from motcua.accounts.models import Agency
from motcua.reform.models import (
    ReformTask,
)
from motcua.reform.permissions import ReformScope


class TaskStatus:
    DONE = "done"
    DONE_LATE = "done_late"
    NOT_YET = "not_yet"  # chưa
    LATE = "late"  # chậm


TASK_STATUS_LABELS = {
    TaskStatus.DONE: gettext_lazy("Đã hoàn thành"),
    TaskStatus.DONE_LATE: gettext_lazy("Hoàn thành chậm"),
    TaskStatus.NOT_YET: gettext_lazy("Chưa hoàn thành"),
    TaskStatus.LATE: gettext_lazy("Chậm"),
}


def task_status(task: ReformTask, *, today: date) -> str:
    """Computed from the dates, never typed: late is past the current (extended) deadline."""
    if task.done_on is not None:
        return TaskStatus.DONE if task.done_on <= task.deadline else TaskStatus.DONE_LATE
    return TaskStatus.LATE if today > task.deadline else TaskStatus.NOT_YET


@dataclass
class TaskRow:
    task: ReformTask
    status: str
    status_label: str
    days_late: int
    extensions: list[tuple[date, date, date, str]]


@dataclass
class AgencyBoard:
    agency: Agency
    rows: list[TaskRow] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def task_board(*, today: date, scope: ReformScope, agency_code: str = "") -> list[AgencyBoard]:
    """Tasks per agency, late first; ``counts`` by status."""
    tasks = scope.tasks().select_related("agency").prefetch_related("extensions")
    if agency_code:
        tasks = tasks.filter(agency__code=agency_code)
    boards: dict[int, AgencyBoard] = {}
    for task in tasks:
        status = task_status(task, today=today)
        board = boards.setdefault(task.agency_id, AgencyBoard(agency=task.agency))
        board.counts[status] += 1
        board.rows.append(
            TaskRow(
                task=task,
                status=status,
                status_label=str(TASK_STATUS_LABELS[status]),
                days_late=(today - task.deadline).days if status == TaskStatus.LATE else 0,
                extensions=[
                    (e.decided_on, e.previous_deadline, e.new_deadline, e.reason)
                    for e in task.extensions.all()
                ],
            )
        )
    order = {TaskStatus.LATE: 0, TaskStatus.NOT_YET: 1, TaskStatus.DONE_LATE: 2, TaskStatus.DONE: 3}
    for board in boards.values():
        board.rows.sort(key=lambda r: (order[r.status], r.task.deadline))
    return sorted(boards.values(), key=lambda b: b.agency.code)


def task_totals(boards: Iterable[AgencyBoard]) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for board in boards:
        for status, n in board.counts.items():
            totals[status] += n
    return dict(totals)
