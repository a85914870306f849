"""A local clamd speaking INSTREAM (and PING) that flags the EICAR test string anywhere in a stream.

It is not an antivirus: it exists so the client is tested against a real socket and the real
framing. ``StreamMaxLength`` is honoured as clamd does, with ``INSTREAM size limit exceeded``.
Like ClamAV, it looks inside a PDF's compressed (Flate) streams too, so that EICAR hidden in one
is found here as it is in production; the tests also run the real ``clamd`` with a signature
file of their own (``documents/tests/test_clamd.py``).
"""

import re
import socketserver
import struct
import zlib

from motcua.documents.contrib.clamd.protocol import COMMAND, PING

#: The EICAR anti-malware test file (https://www.eicar.org), the string every scanner flags.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
EICAR_SIGNATURE = "Eicar-Test-Signature"
#: clamd's default StreamMaxLength (25 MiB).
STREAM_MAX = 25 * 1024 * 1024
_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
#: Bytes one PDF stream may inflate to here (ClamAV's own limits are of this order).
INFLATE_MAX = 64 * 1024 * 1024


def _inflated(data: bytes) -> bytes:
    try:
        return zlib.decompressobj().decompress(data, INFLATE_MAX)
    except zlib.error:
        return b""


def infected(data: bytes) -> bool:
    """Whether ``data`` carries EICAR, as it is or in one of the Flate streams of a PDF."""
    if EICAR in data:
        return True
    if b"%PDF-" not in data[:1024]:
        return False
    return any(EICAR in _inflated(m.group(1)) for m in _PDF_STREAM.finditer(data))


def _read_exactly(stream: socketserver.StreamRequestHandler, size: int) -> bytes | None:
    data = stream.rfile.read(size)
    return data if len(data) == size else None


class _Handler(socketserver.StreamRequestHandler):
    timeout = 30

    def handle(self) -> None:
        command = b""
        while not command.endswith(b"\0") and len(command) < len(COMMAND):
            byte = self.rfile.read(1)
            if not byte:
                return
            command += byte
        if command == PING:
            self.wfile.write(b"PONG\0")
            return
        if command != COMMAND:
            self.wfile.write(b"UNKNOWN COMMAND\0")
            return
        received = bytearray()
        while True:
            header = _read_exactly(self, 4)
            if header is None:
                return
            (size,) = struct.unpack(">I", header)
            if size == 0:
                break
            if len(received) + size > STREAM_MAX:
                self.wfile.write(b"INSTREAM size limit exceeded. ERROR\0")
                return
            chunk = _read_exactly(self, size)
            if chunk is None:
                return
            received += chunk
        if infected(bytes(received)):
            self.wfile.write(f"stream: {EICAR_SIGNATURE} FOUND\0".encode())
        else:
            self.wfile.write(b"stream: OK\0")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def make_server(*, host: str, port: int) -> socketserver.ThreadingTCPServer:
    return _Server((host, port), _Handler)
