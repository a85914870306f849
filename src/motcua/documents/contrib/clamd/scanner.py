"""ClamAV's clamd over TCP, when ``MOTCUA_CLAMD_ADDRESS`` (host:port) is set."""

import socket

from django.conf import settings

from motcua.documents.contrib.clamd.protocol import CHUNK, COMMAND, END, frame, parse_answer
from motcua.documents.scanning import ScanUnavailable, ScanVerdict

#: Largest answer read from clamd.
MAX_ANSWER = 4096


def _address() -> tuple[str, int]:
    host, _, port = settings.MOTCUA_CLAMD_ADDRESS.rpartition(":")
    try:
        return host or "127.0.0.1", int(port)
    except ValueError as error:
        raise ScanUnavailable("MOTCUA_CLAMD_ADDRESS is not host:port") from error


class ClamdScanner:
    name = "clamd"

    def enabled(self) -> bool:
        return bool(settings.MOTCUA_CLAMD_ADDRESS)

    def scan(self, data: bytes) -> ScanVerdict:
        timeout = settings.MOTCUA_CLAMD_TIMEOUT_SECONDS
        try:
            with socket.create_connection(_address(), timeout=timeout) as sock:
                sock.sendall(COMMAND)
                for start in range(0, len(data), CHUNK):
                    sock.sendall(frame(data[start : start + CHUNK]))
                sock.sendall(END)
                answer = b""
                while not answer.endswith(b"\0") and len(answer) < MAX_ANSWER:
                    part = sock.recv(MAX_ANSWER)
                    if not part:
                        break
                    answer += part
        except OSError as error:
            raise ScanUnavailable(f"clamd unreachable: {type(error).__name__}") from error
        verdict, detail = parse_answer(answer)
        if verdict == "ok":
            return ScanVerdict(clean=True)
        if verdict == "found":
            return ScanVerdict(clean=False, signature=detail)
        raise ScanUnavailable(f"clamd answered: {detail[:200]}")
