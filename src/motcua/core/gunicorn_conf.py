"""Hooks of the gunicorn master started by ``motcua serve`` (``--config python:...``)."""

import gc
from typing import Any

from django.db import connections
from prometheus_client import multiprocess


def pre_fork(server: Any, worker: Any) -> None:
    """The master loaded the application (``--preload``); each worker starts as a copy of it.

    A database connection is never shared with a worker (loading opens none; this keeps it so),
    and the objects loaded so far leave the collector's generations: a worker's collections
    would otherwise write into every one of them and copy their pages, which it shares with the
    master and its siblings until written."""
    connections.close_all()
    gc.freeze()


def child_exit(server: Any, worker: Any) -> None:
    """A worker that stopped (replaced, reloaded or killed) leaves its counters behind, still
    summed into the node's metrics; its live gauges are dropped."""
    multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
