"""The codes of a procedure: national code, local suffix, full ký hiệu and legacy aliases."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from motcua.catalog.models import AliasKind
from motcua.catalog.payload.checker import Checker
from motcua.core.text import nfc


def national_code_problem(national_code: str) -> str | None:
    parts = national_code.split(".")
    if len(parts) != 2 or not all(p and all("0" <= ch <= "9" for ch in p) for p in parts):
        return _(
            "Mã thủ tục phải có dạng 1.001748 (chữ số, một dấu chấm) hoặc là ký hiệu đầy đủ "
            "1.009319.000.00.00.H41; số cũ như B-BTP-BS43 ghi vào aliases."
        )
    return None


#: The full ký hiệu of the national database: national code, then the place it is published for.
FULL_CODE = re.compile(r"^([0-9]\.[0-9]{6})\.[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.([A-Z][0-9]{2})$")
PROCEDURE_KEYS = ("national_code", "local_suffix", "aliases", "versions")


@dataclass(frozen=True)
class ProcedureCodes:
    """The codes a procedure of an import file is known by (validated)."""

    national_code: str
    local_suffix: str
    aliases: tuple[tuple[str, str], ...]

    @property
    def key(self) -> str:
        if not self.national_code:
            return self.aliases[0][0]
        return (
            f"{self.national_code}.{self.local_suffix}" if self.local_suffix else self.national_code
        )

    @property
    def all(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.key, *(alias for alias, _kind in self.aliases))))


def alias_kind(alias: str) -> str:
    return AliasKind.FULL_CODE if FULL_CODE.match(alias) else AliasKind.LEGACY


def procedure_codes(item: Mapping[str, Any]) -> ProcedureCodes:
    """National code, suffix and aliases of an item; a full ký hiệu given as the national code
    becomes the national code and an alias."""
    national = nfc(item.get("national_code") or "").strip()
    suffix = nfc(item.get("local_suffix") or "").strip()
    aliases: list[str] = []
    full = FULL_CODE.match(national)
    if full:
        # The place part (H41) is the local suffix, as in 1.000948.H38: two provinces' records
        # of one national procedure stay two procedures.
        aliases.append(national)
        national, suffix = full.group(1), suffix or full.group(2)
    for alias in item.get("aliases") or []:
        alias = nfc(alias).strip()
        if alias not in aliases:
            aliases.append(alias)
    return ProcedureCodes(
        national_code=national,
        local_suffix=suffix,
        aliases=tuple((alias, str(alias_kind(alias))) for alias in aliases),
    )


def procedure_code_problems(p: Checker, item: Mapping[str, Any]) -> bool:
    """Check the codes of a procedure item; True when they are usable."""
    national = p.text(item, "national_code", max_length=100)
    p.text(item, "local_suffix", max_length=20)
    if national and not FULL_CODE.match(national):
        problem = national_code_problem(national)
        if problem:
            p.add("national_code", problem)
            return False
    aliases = item.get("aliases", [])
    if not isinstance(aliases, list) or not all(
        isinstance(a, str) and nfc(a).strip() and len(nfc(a).strip()) <= 100 for a in aliases
    ):
        p.add(
            "aliases",
            _('Phải là danh sách mã, mỗi mã tối đa 100 ký tự (ví dụ: ["B-BTP-BS43"]).'),
        )
        return False
    if not national and not aliases:
        p.add(
            "national_code",
            _(
                "Ghi mã thủ tục (ví dụ: 1.001748) hoặc, nếu nguồn không có mã, ít nhất một mã "
                'trong aliases (ví dụ: ["163/QĐ-BTP#12"], số quyết định công bố và số thứ tự).'
            ),
        )
        return False
    return True
