"""How a lower app tells a higher one that something happened, without importing it.

A lower app declares a hook point once, with the type of what it passes (a frozen dataclass)::

    PAYMENT_SETTLED = Hook("payments.settled", Settlement)

and fires it where the thing happens (``PAYMENT_SETTLED.fire(settlement)``). A higher app
registers its listener in its ``AppConfig.ready()`` (``PAYMENT_SETTLED.listen(fn)``). Listeners
run in the order they were registered, which is the order of ``INSTALLED_APPS``.

When a listener runs is part of the declaration:

* ``IN_TRANSACTION`` (the default): at once, inside the caller's transaction. A listener that
  raises rolls the caller's change back with its own writes (a settlement whose dossier could not
  record it is not settled; the gateway asks again).
* ``AFTER_COMMIT``: once the caller's transaction commits. The change is committed and
  acknowledged by then, so a failing listener is logged and the others still run; what must happen
  whatever fails belongs in the outbox (:mod:`motcua.core.outbox`) or has a sweep behind it.

No Django signals: a hook is a plain object another module can find by reading the import.
"""

import logging
from collections.abc import Callable
from enum import StrEnum
from typing import Generic, TypeVar

from django.db import transaction

logger = logging.getLogger(__name__)

P = TypeVar("P")


class When(StrEnum):
    IN_TRANSACTION = "in_transaction"
    AFTER_COMMIT = "after_commit"


class HookError(ValueError):
    """A hook declared twice under one name, or a listener registered twice."""


_DECLARED: dict[str, "Hook[object]"] = {}


class Hook(Generic[P]):
    """One hook point: its name, the type of its payload and when its listeners run."""

    def __init__(self, name: str, payload: type[P], *, when: When = When.IN_TRANSACTION) -> None:
        if name in _DECLARED:
            message = f"the hook {name} is declared already"
            raise HookError(message)
        self.name = name
        self.payload = payload
        self.when = when
        self._listeners: list[Callable[[P], None]] = []
        _DECLARED[name] = self  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Hook({self.name!r}, {self.payload.__name__}, when={self.when.value})"

    def listen(self, listener: Callable[[P], None]) -> None:
        """Register ``listener``; the same listener twice is refused (it would run twice)."""
        if listener in self._listeners:
            message = f"{listener!r} listens to the hook {self.name} already"
            raise HookError(message)
        self._listeners.append(listener)

    def listeners(self) -> tuple[Callable[[P], None], ...]:
        return tuple(self._listeners)

    def fire(self, payload: P) -> None:
        """Tell every listener, in order, as :attr:`when` says."""
        if not isinstance(payload, self.payload):
            message = (
                f"the hook {self.name} carries {self.payload.__name__}, "
                f"not {type(payload).__name__}"
            )
            raise TypeError(message)
        for listener in self._listeners:
            if self.when == When.IN_TRANSACTION:
                listener(payload)
            else:
                transaction.on_commit(self._after_commit(listener, payload))

    def _after_commit(self, listener: Callable[[P], None], payload: P) -> Callable[[], None]:
        def run() -> None:
            try:
                listener(payload)
            except Exception as error:
                # The change committed and was acknowledged; the listener's sweep catches up.
                logger.warning(
                    "hook %s: listener %s failed after the commit: %s",
                    self.name,
                    getattr(listener, "__qualname__", listener),
                    type(error).__name__,
                )

        return run


def hooks_declared() -> list[str]:
    """The names of every hook point declared so far (those of imported modules)."""
    return sorted(_DECLARED)
