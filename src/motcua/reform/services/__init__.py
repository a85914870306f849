"""Writes of the reform workspace: the register, findings, plans, rates, norms and tasks.

This package is the app's public face for writes. Keyword-only, typed, one transaction each with
its audit row; ``at`` is passed in. Bad input is a :class:`ValidationFailed` naming every
problem, and nothing is stored.

* :mod:`.register`: the register of internal procedures and its imports;
* :mod:`.findings`: overlap scans and judgements;
* :mod:`.plans`: labour rates, operating norms, simplification plans;
* :mod:`.tasks`: tasks and their reminders.
"""

from motcua.reform.services.findings import (
    SCAN_TOPIC,
    overlap_judge,
    overlaps_scan,
    overlaps_scan_asked,
    overlaps_scan_request,
)
from motcua.reform.services.plans import (
    labour_rate_set,
    norm_set,
    plan_assumptions_set,
    plan_create,
)
from motcua.reform.services.register import (
    MAX_IMPORT_BYTES,
    XLSX_COLUMNS,
    ImportSummary,
    internal_procedures_import,
)
from motcua.reform.services.tasks import (
    REMINDER_ACTOR,
    REMINDER_TOPIC,
    task_complete,
    task_create,
    task_extend,
    task_reminder_mail,
    task_reminders_send,
)

__all__ = [
    "MAX_IMPORT_BYTES",
    "REMINDER_ACTOR",
    "REMINDER_TOPIC",
    "SCAN_TOPIC",
    "XLSX_COLUMNS",
    "ImportSummary",
    "internal_procedures_import",
    "labour_rate_set",
    "norm_set",
    "overlap_judge",
    "overlaps_scan",
    "overlaps_scan_asked",
    "overlaps_scan_request",
    "plan_assumptions_set",
    "plan_create",
    "task_complete",
    "task_create",
    "task_extend",
    "task_reminder_mail",
    "task_reminders_send",
]
