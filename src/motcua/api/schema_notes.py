"""What the OpenAPI schema says of an operation, noted where the view is written and applied only
when the schema is built.

drf-spectacular's ``extend_schema`` builds, as it decorates, a subclass of the schema class, whose
module (``drf_spectacular.openapi``) imports REST framework's and Django's test clients: 4–5 MiB
of every web worker's memory spent at the first request, for a schema that a worker builds only
if someone asks ``/api/v1/schema/``. :func:`extend_schema` takes the same arguments, keeps them
beside the view unchanged, and :func:`notes_applied` hands them to drf-spectacular, in the order
they were written (a method's before its class's, as Python decorates), before the schema
generator reads the first view (``motcua.api.schema.NotedSchemaGenerator``).
"""

from collections.abc import Callable
from threading import Lock
from typing import Any, TypeVar

from drf_spectacular.utils import extend_schema as spectacular_extend_schema

_Decorated = TypeVar("_Decorated")

_notes: list[tuple[Any, dict[str, Any]]] = []
_lock = Lock()


def extend_schema(**arguments: Any) -> Callable[[_Decorated], _Decorated]:
    """``drf_spectacular.utils.extend_schema``, applied when the schema is built."""

    def note(view: _Decorated) -> _Decorated:
        with _lock:
            _notes.append((view, arguments))
        return view

    return note


def notes_applied() -> None:
    """Hand every note taken so far to drf-spectacular (once each)."""
    with _lock:
        waiting = list(_notes)
        _notes.clear()
        for view, arguments in waiting:
            # drf-spectacular decorates in place and returns the same view or function.
            spectacular_extend_schema(**arguments)(view)


def notes_waiting() -> int:
    """Notes not yet applied (the views imported since the schema was last built)."""
    return len(_notes)
