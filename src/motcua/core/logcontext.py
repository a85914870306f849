"""What every log line of a request (or of the work it caused) carries: its request id, and the
JSON-lines formatter that writes it.

The load balancer in front names each request in ``X-Request-ID``; the web node keeps that name
(or makes one) for the time of the request, so that the load balancer's log, the node's log and
the worker's log of the follow-ups can be joined on it. A worker running work that a request
caused binds the same id with :func:`request_id_bound`.
"""

import json
import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

_REQUEST_ID: ContextVar[str] = ContextVar("motcua_request_id", default="")
#: Where the request's own ``META`` keeps its id, for the lines Django writes about a request
#: after the middleware returned (``django.request``'s "Not Found", server errors).
META_KEY = "motcua.request_id"
#: What a request id may look like: HAProxy's and nginx's are hex or dashed hex; anything else
#: (a client's free text in the header) is replaced, so no one writes into the log through it.
_SAFE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id_from(header: str | None) -> str:
    """The id a request is logged under: the load balancer's when well-formed, else a new one."""
    if header and _SAFE_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def current_request_id() -> str:
    """The id bound now, empty outside a request or a task caused by one."""
    return _REQUEST_ID.get()


@contextmanager
def request_id_bound(request_id: str) -> Iterator[str]:
    token = _REQUEST_ID.set(request_id)
    try:
        yield request_id
    finally:
        _REQUEST_ID.reset(token)


class JsonLinesFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request id, and
    the exception when there is one. Log collectors read it without a parsing rule."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        meta = getattr(request, "META", None)
        from_request = meta.get(META_KEY, "") if isinstance(meta, dict) else ""
        if request_id := current_request_id() or from_request:
            line["request_id"] = request_id
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def logging_config(*, log_format: str, level: str) -> dict[str, Any]:
    """Django's ``LOGGING``: everything to the console, as JSON lines or as plain text."""
    handler: dict[str, str] = {"class": "logging.StreamHandler"}
    if log_format == "json":
        handler["formatter"] = "json"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "motcua.core.logcontext.JsonLinesFormatter"}},
        "handlers": {"console": handler},
        "root": {"handlers": ["console"], "level": level},
    }
