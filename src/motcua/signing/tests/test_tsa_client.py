import asyncio
import hashlib
import os
import threading
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

import pytest
from pyhanko.sign.timestamps import TimestampRequestError
from requests.adapters import HTTPAdapter

from motcua.signing.tests.conftest import SigningEnv
from motcua.signing.threads import outside_event_loop
from motcua.signing.tsa_client import PooledTimeStamper, tsa_session
from motcua_dev.testing.processes import http_server


def _time_stamp(url: str, content: bytes) -> None:
    digest = hashlib.sha256(content).digest()
    stamper = PooledTimeStamper(url, timeout=5)
    outside_event_loop(lambda: asyncio.run(stamper.async_timestamp(digest, "sha256")))


def test_time_stamps_in_one_thread_reuse_one_connection(signing_env: SigningEnv) -> None:
    # given
    _time_stamp(signing_env.tsa_url, b"first")
    adapter = tsa_session().get_adapter(signing_env.tsa_url)
    assert isinstance(adapter, HTTPAdapter)
    pools = adapter.poolmanager.pools
    port = urlsplit(signing_env.tsa_url).port
    # The session may already hold pools of other servers (other tests in this thread).
    (connections,) = (pools[key] for key in pools.keys() if key.key_port == port)  # noqa: SIM118
    opened = connections.num_connections
    # when
    _time_stamp(signing_env.tsa_url, b"second")
    _time_stamp(signing_env.tsa_url, b"third")
    # then
    assert connections.num_connections == opened
    assert connections.num_requests >= 3


def test_each_thread_and_each_forked_process_has_its_own_session() -> None:
    # given
    here = tsa_session()
    other: list[object] = []
    # when
    thread = threading.Thread(target=lambda: other.append(tsa_session()))
    thread.start()
    thread.join()
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the forked child reports through the pipe
        os.write(write, b"new" if tsa_session() is not here else b"inherited")
        os._exit(0)
    os.waitpid(child, 0)
    os.close(write)
    answer = os.read(read, 16)
    os.close(read)
    # then
    assert tsa_session() is here
    assert other[0] is not here
    assert answer == b"new"


def test_an_answer_that_is_not_a_time_stamp_is_refused(not_a_tsa: str) -> None:
    with pytest.raises(TimestampRequestError, match="text/html"):
        _time_stamp(not_a_tsa, b"motcua")


def test_a_redirect_is_not_followed_even_to_a_real_authority(signing_env: SigningEnv) -> None:
    # given: a server that sends the query on to the real authority, body and all (307)
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.send_response(307)
            self.send_header("Location", signing_env.tsa_url)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            return

    # when / then
    with (
        http_server(Handler) as redirecting,
        pytest.raises(TimestampRequestError, match="redirect"),
    ):
        _time_stamp(f"{redirecting}/", b"motcua")
