"""The log lines a test causes, as production writes them."""

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def json_lines_written() -> Iterator[io.StringIO]:
    """Everything logged at INFO and above inside, as JSON lines formatted when written (as in
    production: a line carries the request id bound at that moment, not at the end of the test)."""
    from motcua.core.logcontext import JsonLinesFormatter

    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonLinesFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield out
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def json_lines(out: io.StringIO) -> list[dict[str, str]]:
    return [json.loads(line) for line in out.getvalue().splitlines()]
