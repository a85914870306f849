"""Processing times as published: terms, their labels, and reading them from published wording.

A version's time is a general term (``processing_time_value``/``processing_time_unit``) and other
terms that apply under a condition ("Trường hợp cần xác minh: không quá 10 ngày làm việc"), on one
channel, at one level or to one participating agency. The published wording is always kept beside
them; where the wording cannot be read, nothing is guessed.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motcua.catalog.models import COUNTED_UNITS, Channel, Level, TimeUnit
from motcua.core.text import fold, nfc


def term_label(value: int | None, unit: str) -> str:
    """``(5, "working_days")`` -> "5 ngày làm việc"; ``(None, "same_day")`` -> "Trong ngày"."""
    if unit == TimeUnit.WORKING_HOURS and value is not None:
        return ngettext("%(n)d giờ làm việc", "%(n)d giờ làm việc", value) % {"n": value}
    if unit == TimeUnit.WORKING_DAYS and value is not None:
        return ngettext("%(n)d ngày làm việc", "%(n)d ngày làm việc", value) % {"n": value}
    if unit == TimeUnit.CALENDAR_DAYS and value is not None:
        return ngettext("%(n)d ngày", "%(n)d ngày", value) % {"n": value}
    if unit == TimeUnit.SAME_DAY:
        return _("Trong ngày")
    if unit == TimeUnit.NOT_REGULATED:
        return _("Không quy định")
    return _("Nguồn công bố không ghi thời hạn")


def term_with_scope(term: dict[str, Any]) -> str:
    """A term of ``processing_terms`` with what it applies to: "Cần xác minh: 10 ngày làm việc",
    "Trực tuyến: 3 ngày làm việc" (a channel and a level by their labels)."""
    labels = {"channel": Channel, "level": Level}
    scope = [
        str(labels[key](term[key]).label) if key in labels else str(term[key])
        for key in ("condition", "channel", "level", "agency")
        if term.get(key)
    ]
    label = term_label(term.get("value"), str(term.get("unit") or ""))
    return f"{'; '.join(scope)}: {label}" if scope else label


@dataclass
class ParsedTime:
    """What could be read from a published wording, and the wording itself."""

    text: str
    value: int | None = None
    unit: str = ""
    terms: list[dict[str, Any]] = field(default_factory=list)

    def payload(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit, "text": self.text, "terms": self.terms}


_NUMBER = r"0*(\d+)"
_UNIT = r"(ngay lam viec|gio lam viec|ngay)"
_COUNTED = re.compile(rf"^(?:khong qua |trong vong |trong thoi han |toi da )?{_NUMBER} {_UNIT}$")
_SAME_DAY = re.compile(
    r"^(?:giai quyet )?(?:ngay )?trong ngay(?: tiep nhan(?: yeu cau| ho so)?| lam viec)?"
    r"(?: hoac (?:trong )?ngay lam viec tiep theo(?: neu tiep nhan sau 15 gio)?"
    # "..., nếu nhận hồ sơ sau 15 giờ thì ... trong ngày làm việc tiếp theo": the 15:00 cut-off
    # that the effective reception day already applies.
    r"|,? (?:truong hop |neu )?(?:nhan|tiep nhan) ho so sau 15 gio[^.;]* ngay lam viec tiep theo)?$"
)
_CONDITION = re.compile(
    rf"^(?:truong hop |neu )?(can|phai) xac minh(?: [^0-9]*?)? (?:thi )?(?:khong qua |toi da )?"
    rf"{_NUMBER} {_UNIT}$"
)
_UNITS = {
    "ngay lam viec": TimeUnit.WORKING_DAYS,
    "gio lam viec": TimeUnit.WORKING_HOURS,
    "ngay": TimeUnit.CALENDAR_DAYS,
}


def _sentences(text: str) -> list[str]:
    # "(theo Quyết định số 2661/QĐ-UBND ...)" cites where the time comes from; the wording keeps it.
    folded = re.sub(r"\(theo [^)]*\)", " ", fold(text).replace("…", " ").replace("...", " "))
    parts = re.split(r"[.;\n]+(?:\s|$)|;", folded)
    return [re.sub(r"\s+", " ", p).strip(" ,:-") for p in parts if p.strip(" ,:-")]


def _read(sentence: str) -> tuple[int | None, str] | None:
    if sentence in {"khong quy dinh", "khong co quy dinh"}:
        return None, TimeUnit.NOT_REGULATED
    if _SAME_DAY.match(sentence):
        return None, TimeUnit.SAME_DAY
    match = _COUNTED.match(sentence)
    if match:
        return int(match.group(1)), _UNITS[match.group(2)]
    return None


def parse_time_text(text: str) -> ParsedTime | None:
    """Read a published time: "05 ngày làm việc. Trường hợp cần xác minh ... không quá 10 ngày"
    gives 5 working days and, where verification is needed, up to 10 days.

    None when any sentence of it cannot be read: the caller keeps the wording and names the cell.
    An empty wording gives an empty time (the source states none).
    """
    wording = nfc(text).strip()
    parsed = ParsedTime(text=wording)
    if not wording:
        return parsed
    for sentence in _sentences(wording):
        general = _read(sentence)
        if general is not None and not parsed.unit:
            parsed.value, parsed.unit = general
            continue
        condition = _CONDITION.match(sentence)
        if condition and parsed.unit:
            # "không quá 10 ngày" stays calendar days, as written: the unit is never borrowed
            # from the general term.
            parsed.terms.append(
                {
                    "value": int(condition.group(2)),
                    "unit": _UNITS[condition.group(3)],
                    "condition": _("Trường hợp cần xác minh"),
                }
            )
            continue
        return None
    if parsed.unit in COUNTED_UNITS and not parsed.value:
        return None
    return parsed
