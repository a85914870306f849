"""Unicode at the edge: every text is stored NFC; search compares a folded form.

Vietnamese can be typed precomposed ("ế") or decomposed ("e" + U+0302 + U+0301); both must be
the same string once accepted. Search must find "Đặng" from "dang", so it compares text with the
diacritics removed and "đ" mapped to "d" (NFD strips marks but leaves "đ", which is its own letter).
"""

import functools
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


#: :func:`fold` kept for single words, which repeat: a comparison of every pair of texts (the
#: overlap scan) folds the same few thousand words millions of times.
fold_word = functools.lru_cache(maxsize=1 << 16)(fold)


#: Words of a search that are matched; more are ignored (each is one more condition in the query,
#: and a database refuses a query past some depth: SQLite at 1,000).
MAX_SEARCH_WORDS = 8


def search_words(query: str) -> list[str]:
    """The folded, distinct words of a search, at most :data:`MAX_SEARCH_WORDS`."""
    return list(dict.fromkeys(fold(query).split()))[:MAX_SEARCH_WORDS]


def is_ascii_digits(value: str) -> bool:
    """True when ``value`` is made only of 0-9.

    ``str.isdigit`` and ``\\d`` also accept other scripts' digits ("١٢٣"), which identity numbers must not.
    """
    return bool(value) and all("0" <= ch <= "9" for ch in value)


def _uncarriable_pattern() -> re.Pattern[str]:
    # XML 1.0 (the XLSX and DOCX parts, lxml) refuses C0 controls other than tab, LF and CR,
    # surrogates and U+FFFE/U+FFFF; the other noncharacters (U+FDD0..U+FDEF and the last two code
    # points of every plane) are never meant for interchange, and PDF fonts have no glyph for any.
    ranges = ["\x00-\x08", "\x0b\x0c", "\x0e-\x1f", "\ud800-\udfff", "\ufdd0-\ufdef"]
    ranges += [
        chr(plane * 0x10000 + 0xFFFE) + "-" + chr(plane * 0x10000 + 0xFFFF) for plane in range(17)
    ]
    return re.compile("[" + "".join(ranges) + "]")


_UNCARRIABLE = _uncarriable_pattern()


def uncarriable(value: str) -> str | None:
    """The first character of ``value`` that XML 1.0, PDF or XLSX cannot carry, or None.

    Refused at the edge: a stored text must go into every export (the register book, slips, XML)
    as it was accepted.
    """
    found = _UNCARRIABLE.search(value)
    return found.group() if found else None


def carriable(value: str, *, replacement: str = "\ufffd") -> str:
    """``value`` with every character an export cannot carry replaced: the last line of defence for
    text stored before the edge refused it."""
    return _UNCARRIABLE.sub(replacement, value)


def code_point(char: str) -> str:
    """ "U+FFFE": how a refused character is named in a message (it cannot be shown)."""
    return f"U+{ord(char):04X}"
