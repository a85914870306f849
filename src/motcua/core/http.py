"""Calls to an outside system's JSON API: a time-out per try, bounded retries with backoff, and no
redirect ever followed.

A redirect, or a 4xx answer other than 429, is refused for good (``permanent``): the same call
would meet the same answer. A 5xx, a 429, an unreachable host or an unreadable answer is tried
again, up to ``tries`` times; the caller's outbox retries the whole job later with its own backoff.
"""

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from email.message import Message
from typing import IO, Any, NoReturn


class HttpCallFailed(Exception):
    """The call did not succeed; ``permanent`` says retrying it will not help.

    The message names the system and the HTTP status, never the request's content: it ends up in
    logs and in the outbox's last error.
    """

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class RedirectRefused(Exception):
    """The other side answered with a redirect, which :data:`NO_REDIRECT_OPENER` never follows: a
    client is not sent, with its signed request, to an address it was not configured for."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Message,
        newurl: str,
    ) -> NoReturn:
        raise RedirectRefused(code)


NO_REDIRECT_OPENER = urllib.request.build_opener(_NoRedirect)


def json_call(
    *,
    system: str,
    url: str,
    method: str,
    body: bytes | None,
    headers: Callable[[], Mapping[str, str]],
    timeout: float,
    tries: int,
    pause: float,
) -> Any:
    """``method`` ``url`` with ``body`` (JSON) and answer its decoded JSON (``{}`` when empty).

    ``headers`` is called before each try, so that a signature's timestamp is fresh. ``system``
    names the other side in error messages ("SMS gateway", "post API"). ``pause`` is the wait
    before the second try, doubled for each further one.
    """
    last = "no try made"
    for attempt in range(tries):
        if attempt:
            time.sleep(pause * 2 ** (attempt - 1))
        request = urllib.request.Request(  # noqa: S310 - the URL is a setting, http(s) only
            url,
            data=body,
            method=method,
            headers={"Content-Type": "application/json; charset=utf-8", **headers()},
        )
        try:
            with NO_REDIRECT_OPENER.open(request, timeout=timeout) as response:
                return json.loads(response.read() or b"{}")
        except RedirectRefused as error:
            message = f"{system} answered with a redirect ({error.code})"
            raise HttpCallFailed(message, permanent=True) from None
        except urllib.error.HTTPError as error:
            last = f"{system} answered {error.code}"
            if error.code < 500 and error.code != 429:
                raise HttpCallFailed(last, permanent=True) from error
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            last = f"{system} unreachable: {type(error).__name__}"
    raise HttpCallFailed(last)
