"""Hooks of the gunicorn master started by ``motcua serve`` (``--config python:...``)."""

from typing import Any

from prometheus_client import multiprocess


def child_exit(server: Any, worker: Any) -> None:
    """A worker that stopped (replaced, reloaded or killed) leaves its counters behind, still
    summed into the node's metrics; its live gauges are dropped."""
    multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
