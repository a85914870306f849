"""Decisions that announce procedures (quyết định công bố thủ tục hành chính), read for overlap
detection (rà soát trùng lặp).

A decision that announces or approves procedures is a text of its own in a register: "Quyết định
126/QĐ-UBND công bố danh mục thủ tục hành chính …", "Bộ … công bố 19 thủ tục hành chính nội bộ",
"Phê duyệt quy trình nội bộ giải quyết thủ tục hành chính …". Pages copy it under their own
titles: a short title on one site, the full summary (trích yếu) on another. Its number says what
its title does not: two pages of one decision are one text, and each procedure that gives that
decision as its announcing one is a part of it. Their names are no guide here: a decision's
title names its field and its agency, not the procedures it holds.

The number of a decision is not unique on its own: every province numbers its own ("126/QĐ-UBND"
of one province is not that of another). The year (in the number, "30/2014/QĐ-UBND", or in its
date) tells them apart when both pages give it.
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence

from motcua.core.text import fold_word
from motcua.reform.overlap_sets import departments_named, same_department

#: "126/QĐ-UBND", "30/2014/QĐ-UBND", "787/QĐ-BVHTTDL": a number, maybe a year, and the issuer's
#: symbol. A date ("03/03/2023") is not a number of a decision.
_NUMBER = re.compile(r"(?<![\w/])(\d+)(?:/((?:19|20)\d\d))?/([^\W\d_][\w.]*(?:-[\w.]+)*)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
#: What makes a name the title of an announcing text: the act of announcing, approving or issuing,
#: and then what it announces (the procedures, their list, their internal processes).
_ANNOUNCES = re.compile(
    r"\b(?:cong bo|phe duyet|ban hanh)\b.*\b(?:thu tuc hanh chinh|danh muc|quy trinh noi bo)\b"
)


def decision_key(decision: str) -> tuple[str, str] | None:
    """The number of an announcing decision ("126/qđ-ubnd") and its year ("" when the page gives
    none), or None when ``decision`` gives no number."""
    text = unicodedata.normalize("NFC", decision)
    found = _NUMBER.search(text)
    if found is None:
        return None
    number, year, issuer = found.groups()
    if not year:
        dated = _YEAR.search(text, found.end())
        year = dated.group(1) if dated else ""
    return f"{number}/{issuer}".lower(), year


def decision_number(decision: str) -> str:
    """The number of a decision as the page writes it ("787/QĐ-BVHTTDL"), or ""."""
    found = _NUMBER.search(unicodedata.normalize("NFC", decision))
    return found.group(0) if found else ""


def announces(name: str) -> bool:
    """True when ``name`` is the title of a text that announces or approves procedures, not the
    name of one procedure."""
    return bool(_ANNOUNCES.search(fold_word(name)))


def one_decision(left: str, right: str) -> bool:
    """True when two announcing decisions (``decision`` of two procedures) are one: the same number,
    and the same year when both give one."""
    a, b = decision_key(left), decision_key(right)
    if a is None or b is None or a[0] != b[0]:
        return False
    return not (a[1] and b[1]) or a[1] == b[1]


#: What a decision that changes a list says it announces: the procedures new, amended, replaced
#: or abolished. A decision without these words announces a department's whole list.
_CHANGES = re.compile(r"\b(?:moi|sua doi|bo sung|thay the|bai bo)\b")
#: The province whose body issues a decision ("Chủ tịch UBND tỉnh Bến Mây": "ben may").
_PROVINCE = re.compile(r"\b(?:tinh|thanh pho)\s+(\w+(?:\s+\w+)*)$")


def _province(agency: str) -> str:
    found = _PROVINCE.search(fold_word(agency).strip(" .,"))
    return found.group(1) if found else ""


def replaced_list(left_name: str, left_agency: str, right_name: str, right_agency: str) -> bool:
    """True when two decisions of one province announce the procedures of one department and one
    of them announces its whole list: the later list replaces the earlier one, or the change it
    was made by.

    Decisions that approve processes (:mod:`motcua.reform.overlap_sets`) are not lists, and two
    changes to one list change two parts of it.
    """
    names = (fold_word(left_name), fold_word(right_name))
    if not all(announces(n) and "quy trinh" not in n for n in names):
        return False
    if all(_CHANGES.search(n) for n in names):
        return False
    province = _province(left_agency)
    if not province or province != _province(right_agency):
        return False
    left, right = departments_named(left_name), departments_named(right_name)
    return bool(left and right) and same_department(left, right)


def decision_relation(
    left_name: str,
    left_decision: str,
    right_name: str,
    right_decision: str,
    *,
    left_agency: str = "",
    right_agency: str = "",
) -> str | None:
    """ "same" when both are pages of one announcing decision, "part_of-left" or "part_of-right"
    (which side is the part) when one is that decision and the other one of the procedures it
    announces, None otherwise.

    Every province's people's committee numbers its own decisions in the same form
    ("126/QĐ-UBND"), in the same years: when both sides say which province issued or runs them
    (in the decision, else in the agency) and the provinces differ, the decisions are two.
    """
    if not one_decision(left_decision, right_decision):
        return None
    left_province = _province(left_decision) or _province(left_agency)
    right_province = _province(right_decision) or _province(right_agency)
    if left_province and right_province and left_province != right_province:
        return None
    left_text, right_text = announces(left_name), announces(right_name)
    if left_text and right_text:
        return "same"
    if left_text:
        return "part_of-right"
    if right_text:
        return "part_of-left"
    return None


def announced_pairs(items: Sequence[tuple[str, str]]) -> set[tuple[int, int]]:
    """The positions of the pairs (name, decision) where one announces procedures and both give
    one decision's number: a decision's title and its procedures' names may share no word."""
    by_number: dict[str, list[int]] = defaultdict(list)
    for i, (_name, decision) in enumerate(items):
        key = decision_key(decision)
        if key:
            by_number[key[0]].append(i)
    return {
        (i, j)
        for members in by_number.values()
        for pos, i in enumerate(members)
        for j in members[pos + 1 :]
        if announces(items[i][0]) or announces(items[j][0])
    }


def decision_reason(relation: str, left: str, right: str, decision: str) -> str:
    """The Vietnamese sentence for a relation of :func:`decision_relation` between two quoted
    names, ``decision`` the announcing decision one of the pages gives."""
    if relation == "renamed":
        return (
            f"Cùng danh mục thủ tục của một sở, công bố lại bằng quyết định khác: {left} và {right}"
        )
    decision = decision_number(decision)
    if relation == "same":
        return f"Cùng là Quyết định {decision}, đăng với hai tiêu đề: {left} và {right}"
    whole, piece = (right, left) if relation == "part_of-left" else (left, right)
    return f"{piece} là một thủ tục được công bố tại Quyết định {decision} ({whole})"
