"""What completing a step does beside moving the dossier on, one function per capability.

``dossier_transition`` calls :func:`complete_step_effects` inside its transaction, with the row
locked, before the dossier leaves the step. An effect may refuse (raise a domain error: the fee is
not paid yet), do its own writes (record the result's signature, made before the lock by
:func:`~motcua.dossiers.results.result_signature_prepare`; dispatch it by post), add a sentence to
the history note, or hold the dossier at its step (a result sent by post is returned only on proof
of delivery). Effects live in their own modules of this app and are listed in ``EFFECTS`` in the
order they run.
"""

from collections.abc import Callable

from motcua.dossiers.fees import fee_paid_effect
from motcua.dossiers.postal import post_return_effect
from motcua.dossiers.prefill import deposit_on_last_step
from motcua.dossiers.results import sign_result_effect
from motcua.dossiers.step_context import StepContext

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
