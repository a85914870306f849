"""What completing a step does beside moving the dossier on, one function per capability.

``dossier_transition`` calls :func:`complete_step_effects` inside its transaction, with the row
locked, before the dossier leaves the step. An effect may refuse (raise a domain error: the fee is
not paid yet), do its own writes (record the result's signature, made before the lock by
:func:`~motcua.dossiers.results.result_signature_prepare`; dispatch it by post), add a sentence to
the history note, or hold the dossier at its step (a result sent by post is returned only on proof
of delivery). Effects live in their own modules of this app and are listed in ``EFFECTS`` in the
order they run.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from motcua.accounts.models import User
from motcua.catalog.models import ProcessStep
from motcua.dossiers.fees import fee_paid_effect
from motcua.dossiers.models import Dossier
from motcua.dossiers.prefill import deposit_on_last_step
from motcua.dossiers.results import PreparedSignature, sign_result_effect
from motcua.dossiers.returns import post_return_effect


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


StepEffect = Callable[[StepContext], None]

EFFECTS: tuple[StepEffect, ...] = (
    # First: an unpaid fee refuses the step before any other effect writes anything.
    fee_paid_effect,
    # Before the deposit and the return: they hand over the signed result.
    sign_result_effect,
    # Once-only: the results of a finished dossier go into the applicant's data store.
    deposit_on_last_step,
    # Last: a result sent by post holds the dossier at the return step until it is delivered.
    post_return_effect,
)


def complete_step_effects(context: StepContext) -> None:
    for effect in EFFECTS:
        effect(context)
