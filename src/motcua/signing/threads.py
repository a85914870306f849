"""pyHanko's synchronous API calls ``asyncio.run``, which refuses to start in a thread that already
runs an event loop (an async worker; Playwright's synchronous API in the browser tests)."""

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def outside_event_loop(function: Callable[[], T]) -> T:
    """``function()`` here, or in a helper thread when this thread runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pyhanko") as pool:
        return pool.submit(function).result()
