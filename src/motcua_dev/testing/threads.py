"""Parallel callers for concurrency tests: threads released together, each on its own connection."""

import threading
from collections.abc import Callable

from django.db import connection


def in_threads(count: int, work: Callable[[int], object]) -> list[object]:
    """Run ``work(i)`` for i in ``range(count)`` in threads started at once; each result, or the
    exception it raised, at its index. Each thread closes its own database connection."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # the outcome of each thread is what the test checks
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
