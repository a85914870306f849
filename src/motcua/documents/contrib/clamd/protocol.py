"""The bytes of clamd's INSTREAM command, shared by the client and ``motcua clamd-sim``.

A client sends ``zINSTREAM\\0``, then chunks each prefixed by its length as a 4-byte big-endian
unsigned integer, then a zero length; clamd answers one NUL-terminated line:
``stream: OK``, ``stream: <signature> FOUND`` or ``... ERROR``.
"""

import struct

COMMAND = b"zINSTREAM\0"
PING = b"zPING\0"
END = struct.pack(">I", 0)
#: Bytes per chunk sent.
CHUNK = 64 * 1024


def frame(chunk: bytes) -> bytes:
    return struct.pack(">I", len(chunk)) + chunk


def parse_answer(answer: bytes) -> tuple[str, str]:
    """``("ok", "")``, ``("found", signature)`` or ``("error", text)`` from clamd's answer line."""
    line = answer.rstrip(b"\0\n").decode("utf-8", "replace").strip()
    _, _, verdict = line.partition(": ")
    verdict = verdict or line
    if verdict == "OK":
        return "ok", ""
    if verdict.endswith(" FOUND"):
        return "found", verdict.removesuffix(" FOUND").strip()
    return "error", line
