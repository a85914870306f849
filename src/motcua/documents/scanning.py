"""Malware-scan plugins: a provider registers one scanner; the upload gate asks it about every file.

The gate fails closed: a scanner that cannot answer makes the upload refused, never waved through.
"""

from dataclasses import dataclass
from typing import Protocol


class ScanUnavailable(Exception):
    """The scanner could not give a verdict (down, timed out, answered nonsense)."""


@dataclass(frozen=True)
class ScanVerdict:
    clean: bool
    #: The scanner's name for what it found ("Eicar-Test-Signature"), or "".
    signature: str = ""


class Scanner(Protocol):
    #: ``clamd``, ...
    name: str

    def enabled(self) -> bool:
        """True when this scanner is configured and must be asked."""
        ...

    def scan(self, data: bytes) -> ScanVerdict:
        """The verdict on ``data``; raise :class:`ScanUnavailable` when there is none."""
        ...


_SCANNERS: dict[str, Scanner] = {}


def scanner_register(scanner: Scanner) -> None:
    """Register (or replace) a scanner under ``scanner.name``."""
    _SCANNERS[scanner.name] = scanner


def scanners_enabled() -> list[Scanner]:
    return [scanner for _, scanner in sorted(_SCANNERS.items()) if scanner.enabled()]
