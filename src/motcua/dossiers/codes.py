"""The dossier code (mã hồ sơ): how one is made and its one canonical spelling.

``<agency identifier>-<YYMMDD>-<XXXX>`` (Circular 01/2018/TT-VPCP Art. 19). The agency
identifier's letters are capitals (``000.01.31.H26``); a citizen typing the code on a phone often
gets ``h26``, or a space before or after it, and must still find the dossier.
"""

from datetime import date


def dossier_code_canonical(text: str) -> str:
    """The spelling stored and looked up: no surrounding spaces, letters in capitals."""
    return text.strip().upper()


def dossier_code_make(*, agency_code: str, day: date, number: int) -> str:
    return dossier_code_canonical(f"{agency_code}-{day:%y%m%d}-{number:04d}")
