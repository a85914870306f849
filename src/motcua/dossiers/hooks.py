"""The hook points of dossiers.

``DOSSIER_COMMITTED`` fires after the transaction of a dossier's action commits (those whose
history row asks for it: submission, the transition engine, version migration, the SLA sweep's
late marks). Nothing acknowledged depends on a listener: the refund of a refused, paid dossier
listens here, and its sweep catches a refusal whose listener did not run.
"""

from dataclasses import dataclass

from motcua.core.hooks import Hook, When


@dataclass(frozen=True)
class DossierCommitted:
    dossier_id: int
    action: str


DOSSIER_COMMITTED = Hook("dossiers.committed", DossierCommitted, when=When.AFTER_COMMIT)
