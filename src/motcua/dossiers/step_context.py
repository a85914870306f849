"""What an effect of completing a step sees: the dossier (locked), the step and the one after it.

Below every step effect (:mod:`motcua.dossiers.step_effects`) and every module that defines one
(fees, results, once-only deposit, return by post): they import this module and nothing of each
other, so the transition engine can call them all without a circle of imports.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from motcua.accounts.models import User
from motcua.catalog.models import ProcessStep
from motcua.dossiers.models import Dossier


@dataclass(frozen=True)
class PreparedSignature:
    """A signature made before the dossier row is locked: the rendered (or read) result PDF
    signed by ``credential`` and stored as ``file_name``, over the unsigned result ``base_pk``
    carrying ``base_signatures`` signatures (``None`` and 0: a new result)."""

    step_pk: int
    base_pk: int | None
    base_signatures: int
    credential_pk: int
    verification_code: str
    number: str
    seq: int
    file_name: str
    sha256: str


@dataclass
class StepContext:
    dossier: Dossier  # locked for update
    actor: User | None
    at: datetime
    step: ProcessStep | None  # the step being completed
    following: ProcessStep | None  # the next one; None when the last step completes
    steps: Sequence[ProcessStep]
    notes: list[str] = field(default_factory=list)
    #: Set by an effect to keep the dossier at its step (the event is still recorded).
    hold: bool = False
    #: Names of files an effect saved: deleted again if the transaction does not commit.
    stored: list[str] = field(default_factory=list)
    #: The result signed before the row was locked (:func:`result_signature_prepare`), if any.
    prepared_signature: PreparedSignature | None = None


def step_context(
    *,
    dossier: Dossier,
    actor: User | None,
    at: datetime,
    steps: Sequence[ProcessStep],
    stored: list[str],
    prepared_signature: PreparedSignature | None = None,
) -> StepContext:
    """The context of completing ``dossier``'s current step (and the one that follows it)."""
    step = next((s for s in steps if s.order == dossier.current_step), None)
    return StepContext(
        dossier=dossier,
        actor=actor,
        at=at,
        step=step,
        following=next((s for s in steps if step is None or s.order > step.order), None),
        steps=steps,
        stored=stored,
        prepared_signature=prepared_signature,
    )
