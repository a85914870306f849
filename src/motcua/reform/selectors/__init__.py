"""Reads of the reform workspace: what is compared, costed, counted and shown on the boards.

This package is the app's public face for reads.

* :mod:`.subjects`: internal and public procedures, their texts, what a plan may be drafted for;
* :mod:`.plans`: own figures, cost profiles, plans, cost totals, findings;
* :mod:`.tasks`: the task boards;
* :mod:`.norms`: operating norms and the workload.
"""

from motcua.reform.selectors.norms import PAGES_PER_DOCUMENT, Workload, norms_of, workload
from motcua.reform.selectors.plans import (
    ActualFigures,
    CostTotals,
    PlanRow,
    actual_figures,
    cost_profile_for,
    cost_summary,
    findings_list,
    hourly_rate,
    latest_internal_plans,
    plan_assumptions,
    plan_row,
    plans_list,
)
from motcua.reform.selectors.subjects import (
    INTERNAL,
    PUBLIC,
    Subject,
    findings_counts,
    internal_procedures,
    overlap_texts,
    procedures_with_dossiers,
    register_agencies,
    subject_describe,
    subjects_for_plans,
)
from motcua.reform.selectors.tasks import (
    TASK_STATUS_LABELS,
    AgencyBoard,
    TaskRow,
    TaskStatus,
    task_board,
    task_status,
    task_totals,
)

__all__ = [
    "INTERNAL",
    "PAGES_PER_DOCUMENT",
    "PUBLIC",
    "TASK_STATUS_LABELS",
    "ActualFigures",
    "AgencyBoard",
    "CostTotals",
    "PlanRow",
    "Subject",
    "TaskRow",
    "TaskStatus",
    "Workload",
    "actual_figures",
    "cost_profile_for",
    "cost_summary",
    "findings_counts",
    "findings_list",
    "hourly_rate",
    "internal_procedures",
    "latest_internal_plans",
    "norms_of",
    "overlap_texts",
    "plan_assumptions",
    "plan_row",
    "plans_list",
    "procedures_with_dossiers",
    "register_agencies",
    "subject_describe",
    "subjects_for_plans",
    "task_board",
    "task_status",
    "task_totals",
    "workload",
]
