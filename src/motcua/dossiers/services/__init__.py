"""Writes of dossiers: submission (tiếp nhận) and every step of processing (giải quyết).

This package is the public face of the app's actions: other apps import from here, never from
its modules. Each service is one transaction holding the change, its history row (form 06), its
audit row (one audit chain per dossier, ``dossier:<code>``) and the follow-ups scheduled on commit,
all written through :mod:`motcua.dossiers.history`. ``at`` is the moment of the action, passed in
by the caller; the clock is never read here.

* :mod:`.submit`: submission and intake, online, at the counter and by post;
* :mod:`.uploads`: documents and form data, checked and stored (at submission and supplement);
* :mod:`.transition`: the transition engine, the one path of every step of processing;
* :mod:`.side_actions`: apology and new date, consultation of other agencies;
* :mod:`.migration`: moving open dossiers to a new version of their procedure;
* :mod:`.once`: an action taken once per Idempotency-Key;
* :mod:`.access`: an officer opening a dossier (personal-data access record).
"""

from motcua.dossiers.permissions import ActorNotAllowed
from motcua.dossiers.services.access import dossier_open_for
from motcua.dossiers.services.assignment import dossier_assign
from motcua.dossiers.services.migration import (
    MigrationMove,
    MigrationPlan,
    dossiers_migrate_version,
)
from motcua.dossiers.services.once import KeyedAnswer, dossier_transition_once, request_hash
from motcua.dossiers.services.submit import (
    ApplicantData,
    SubmitResult,
    dossier_submit,
    dossier_submit_by_post,
)
from motcua.dossiers.services.transition import dossier_supplement, dossier_transition
from motcua.dossiers.services.uploads import DocumentContent, DocumentInput

__all__ = [
    "ActorNotAllowed",
    "ApplicantData",
    "DocumentContent",
    "DocumentInput",
    "KeyedAnswer",
    "MigrationMove",
    "MigrationPlan",
    "SubmitResult",
    "dossier_assign",
    "dossier_open_for",
    "dossier_submit",
    "dossier_submit_by_post",
    "dossier_supplement",
    "dossier_transition",
    "dossier_transition_once",
    "dossiers_migrate_version",
    "request_hash",
]
