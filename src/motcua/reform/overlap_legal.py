"""Reading the legal basis and the codes of procedures for overlap detection (rà soát trùng lặp).

A legal basis is read down to its documents and articles, spelt so that two spellings of one number
compare equal ("13/2016/NĐ-CP" and "13/2016/nd-cp"); a law cited by its name alone is matched to its
number when another page gives both. A code is read down to its national code ("1.012962").

:mod:`motcua.reform.overlap` scores pairs with what is read here.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from motcua.core.text import fold

_LEGAL_NUMBER = re.compile(r"\d+(?:\.\d+)?/[\w./-]*\w", re.UNICODE)
_ARTICLE = re.compile(r"điều\s+(\d+)", re.IGNORECASE)
_NATIONAL_CODE = re.compile(r"\b(\d\.\d{6})\b")
_DOC_KINDS = (
    ("nđ-cp", "Nghị định"),
    ("nd-cp", "Nghị định"),
    ("tt-", "Thông tư"),
    ("ttlt-", "Thông tư liên tịch"),
    ("qh", "Luật"),
    ("qđ-", "Quyết định"),
    ("qd-", "Quyết định"),
    ("nq-", "Nghị quyết"),
)


@dataclass(frozen=True)
class LegalRef:
    """One legal document of a legal basis, with the article when the basis gives it."""

    key: str
    display: str
    article: str = ""


def legal_refs(basis: Iterable[str], numbers: dict[str, str] | None = None) -> list[LegalRef]:
    """The documents (and articles) a legal basis cites, keyed so that spellings compare equal.

    "Khoản 2 Điều 7 Nghị định 13/2016/NĐ-CP" -> key "13/2016/nd-cp", article "7", display
    "Nghị định 13/2016/NĐ-CP"; a document without a number ("Luật Cư trú") is keyed by its folded
    name, or by its number when ``numbers`` (:func:`law_numbers`) knows it.
    """
    refs: list[LegalRef] = []
    for item in basis:
        text = unicodedata.normalize("NFC", item).strip()
        article_match = _ARTICLE.search(text)
        article = article_match.group(1) if article_match else ""
        # A date ("15/11/2015") is not a document number: numbers carry letters.
        numbers_in = [n for n in _LEGAL_NUMBER.findall(text) if re.search(r"[^\d./]", n)]
        if numbers_in:
            refs.extend(
                LegalRef(key=fold(number), display=_legal_display(number), article=article)
                for number in numbers_in
            )
            continue
        name = _law_name(text)
        known = (numbers or {}).get(fold(name))
        if known:
            refs.append(LegalRef(key=fold(known), display=f"{name} ({known})", article=article))
        elif name:
            refs.append(LegalRef(key=fold(name), display=name, article=article))
    return refs


def _law_name(text: str) -> str:
    name = re.sub(r"^(điểm\s+\w+\s+)?(khoản\s+\d+\s+)?(điều\s+\d+\s+)?", "", text, flags=re.I)
    return re.sub(r"\s+(năm\s+)?\d{4}$", "", name).strip()


_NAMED_LAW = re.compile(r"^(luật\s[^\d]+?)\s+(?:số\s+)?(\d+/(\d{4})/qh\d+)", re.IGNORECASE)


def law_numbers(bases: Iterable[str]) -> dict[str, str]:
    """The numbers of laws, learnt from the bases that give both name and number.

    "Luật Hộ tịch 60/2014/QH13" teaches that "Luật Hộ tịch" (and "Luật Hộ tịch năm 2014") is
    60/2014/QH13, so that a page citing the law by name and one citing it by number share it.
    A name given two numbers (a law replaced by a new one) is left out.
    """
    seen: dict[str, set[str]] = {}
    for item in bases:
        text = _law_name(unicodedata.normalize("NFC", item).strip())
        found = _NAMED_LAW.match(text)
        if found:
            name = fold(re.sub(r"\s+(năm\s+)?\d{4}$", "", found.group(1).strip()))
            seen.setdefault(name, set()).add(found.group(2))
    return {name: next(iter(nums)) for name, nums in seen.items() if len(nums) == 1}


def legal_keys(basis: Iterable[str]) -> set[str]:
    """Document keys of a legal basis ("123/2015/NĐ-CP Nghị định ..." -> "123/2015/nd-cp")."""
    return {r.key for r in legal_refs(basis)}


def _legal_display(number: str) -> str:
    lowered = number.lower()
    for marker, kind in _DOC_KINDS:
        if marker in lowered:
            return f"{kind} {number}"
    return number


def national_code(code: str) -> str:
    """The national code inside a code or local symbol ("1.012962.000.00.00.H38" -> "1.012962")."""
    found = _NATIONAL_CODE.search(code)
    return found.group(1) if found else ""
