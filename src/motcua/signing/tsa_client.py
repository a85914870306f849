"""The RFC 3161 client that asks the time-stamp authority (tổ chức cung cấp dịch vụ cấp dấu thời
gian) for the token of each signature.

pyHanko's own HTTP client opens an ``aiohttp`` session for every request, and with it a TLS context
that loads the whole CA bundle from disk: about 18 ms of CPU per signature, whatever the URL, then
a new connection (and, over HTTPS, a new handshake) each time. A leader signing a day's results
pays it on every one. This client keeps one ``requests`` session per thread and per process (the
bench forks its clients, a worker may too), so the connection to the authority is reused while it
stays open. As every motcua client of an outside system (:mod:`motcua.core.http`), it follows no
redirect: the digest of a signed act is not sent to an address nobody configured.
"""

import os
import threading

import requests
from asn1crypto import tsp
from pyhanko.sign.timestamps import TimeStamper, TimestampRequestError
from pyhanko.sign.timestamps.common_utils import set_tsp_headers

REPLY_CONTENT_TYPE = "application/timestamp-reply"


class _Sessions(threading.local):
    pid: int = -1
    session: requests.Session | None = None


_sessions = _Sessions()


def tsa_session() -> requests.Session:
    """This thread's session, made anew in a forked child (a socket must not be shared)."""
    if _sessions.session is None or _sessions.pid != os.getpid():
        _sessions.session = requests.Session()
        _sessions.pid = os.getpid()
    return _sessions.session


class PooledTimeStamper(TimeStamper):
    """An HTTP time-stamp client on this thread's kept-alive session."""

    def __init__(self, url: str, *, timeout: float) -> None:
        self.url = url
        self.timeout = timeout
        super().__init__()  # type: ignore[no-untyped-call]

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        # A blocking call, on purpose: pyHanko's synchronous API runs this on an event loop of
        # its own that has nothing else to do, and a hop to an executor thread would lose the
        # thread's session with the loop.
        try:
            response = tsa_session().post(
                self.url,
                data=req.dump(),
                headers=set_tsp_headers({}),
                timeout=self.timeout,
                allow_redirects=False,
            )
            response.raise_for_status()
        except (requests.RequestException, OSError) as error:
            raise TimestampRequestError(
                f"Error while contacting the time-stamp authority: {error}"
            ) from error
        if response.is_redirect:
            raise TimestampRequestError(
                f"The time-stamp authority answered with a redirect ({response.status_code}), "
                "which is not followed."
            )
        if response.headers.get("Content-Type") != REPLY_CONTENT_TYPE:
            raise TimestampRequestError(
                f"The time-stamp authority answered {response.headers.get('Content-Type')!r}, "
                f"not {REPLY_CONTENT_TYPE}."
            )
        return tsp.TimeStampResp.load(response.content)
