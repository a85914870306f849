"""Domain errors that name every bad field, so one handler can turn them into messages a person acts on."""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldProblem:
    """One problem with one field; ``path`` locates it (``components[2].schema.type``)."""

    path: str
    message: str


class DomainError(Exception):
    """A request the domain refuses. ``message`` is already translated for the user."""

    code = "domain_error"

    def __init__(self, message: str, *, problems: Sequence[FieldProblem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = tuple(problems)

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        details = "; ".join(f"{p.path}: {p.message}" for p in self.problems)
        return f"{self.message} ({details})"


class ValidationFailed(DomainError):
    """Input that fails validation; nothing was written."""

    code = "validation_failed"


class NotFound(DomainError):
    """The object does not exist, or the caller may not see it (both answer the same)."""

    code = "not_found"


class Forbidden(DomainError):
    """The caller is known but may not do this (wrong role, wrong agency)."""

    code = "forbidden"


class Conflict(DomainError):
    """The object changed under the caller, or the action is not allowed from its current state."""

    code = "conflict"


class KeyReused(DomainError):
    """An ``Idempotency-Key`` sent again with another request than the one it first came with."""

    code = "idempotency_key_reused"
