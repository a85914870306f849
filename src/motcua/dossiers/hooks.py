"""How the dossiers tell other apps: the hook point and the outbox topics.

``DOSSIER_COMMITTED`` fires after the transaction of a dossier's action commits (those whose
history row asks for it: submission, the transition engine, version migration, the SLA sweep's
late marks). Nothing acknowledged depends on a listener: the refund of a refused, paid dossier
listens here, and its sweep catches a refusal whose listener did not run.

The outbox topics are public for the same reason: another app registers its own handler of them in
its ``AppConfig.ready()`` (reporting's tallies), beside the dossiers' own.
"""

from dataclasses import dataclass

from motcua.core.hooks import Hook, When


@dataclass(frozen=True)
class DossierCommitted:
    dossier_id: int
    action: str


DOSSIER_COMMITTED = Hook("dossiers.committed", DossierCommitted, when=When.AFTER_COMMIT)


#: Outbox topic of one history row of a dossier (``dossiers.tasks`` notifies the applicant).
EVENT_TOPIC = "dossier.event"
#: Outbox topic of a change of a dossier that has no outboxed history row of its own
#: (``dossiers.figures``).
REFRESH_TOPIC = "dossier.refresh"
