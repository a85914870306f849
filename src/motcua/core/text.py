"""Unicode at the edge: every text is stored NFC; search compares a folded form.

Vietnamese can be typed precomposed ("ế") or decomposed ("e" + U+0302 + U+0301); both must be
the same string once accepted. Search must find "Đặng" from "dang", so it compares text with the
diacritics removed and "đ" mapped to "d" (NFD strips marks but leaves "đ", which is its own letter).
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(value: str) -> str:
    """The NFC form of ``value``: the form every stored text takes."""
    return unicodedata.normalize("NFC", value)


def fold(value: str) -> str:
    """Lower-case ASCII-ish form for diacritic-insensitive search: "Đăng ký" -> "dang ky"."""
    decomposed = unicodedata.normalize("NFD", value.replace("Đ", "D").replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.casefold()).strip()


def is_ascii_digits(value: str) -> bool:
    """True when ``value`` is made only of 0-9.

    ``str.isdigit`` and ``\\d`` also accept other scripts' digits ("١٢٣"), which identity numbers must not.
    """
    return bool(value) and all("0" <= ch <= "9" for ch in value)
