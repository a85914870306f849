"""Reading untrusted JSON while collecting every problem with its path."""

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from motcua.core.errors import FieldProblem
from motcua.core.text import nfc


class Checker:
    """Collects problems with their paths while reading untrusted JSON."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[FieldProblem] = []

    def add(self, key: str, message: str) -> None:
        self.problems.append(FieldProblem(f"{self.path}.{key}" if self.path else key, message))

    def only(self, data: Mapping[str, Any], allowed: Collection[str]) -> None:
        """Every key outside ``allowed`` is a problem: nothing in a file is dropped unread."""
        for key in data:
            if key not in allowed:
                self.add(
                    str(key),
                    _("Trường %(key)s không được hỗ trợ; các trường được nhận ở đây: %(allowed)s.")
                    % {"key": repr(key), "allowed": ", ".join(allowed)},
                )

    def text(
        self, data: Mapping[str, Any], key: str, *, required: bool = False, max_length: int = 500
    ) -> str:
        value = data.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.add(key, _("Phải là một chuỗi ký tự."))
            return ""
        text = nfc(value).strip()
        if required and not text:
            self.add(key, _("Không được để trống."))
        elif len(text) > max_length:
            self.add(key, _("Dài quá %(max)s ký tự.") % {"max": max_length})
        return text

    def integer(
        self, data: Mapping[str, Any], key: str, *, minimum: int = 0, default: int | None = None
    ) -> int | None:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(key, _("Phải là một số nguyên."))
            return None
        if value < minimum:
            self.add(key, _("Phải lớn hơn hoặc bằng %(min)s.") % {"min": minimum})
            return None
        return int(value)

    def boolean(self, data: Mapping[str, Any], key: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.add(key, _("Phải là true hoặc false."))
            return default
        return value

    def choice(
        self, data: Mapping[str, Any], key: str, allowed: Collection[str], *, blank: bool = False
    ) -> str:
        value = data.get(key, "")
        if blank and value in ("", None):
            return ""
        if not isinstance(value, str) or value not in allowed:
            self.add(
                key,
                _("Giá trị %(value)s không hợp lệ; chọn một trong: %(allowed)s.")
                % {"value": repr(value), "allowed": ", ".join(sorted(allowed))},
            )
            return ""
        return value

    def choices(self, data: Mapping[str, Any], key: str, allowed: Collection[str]) -> list[str]:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.add(key, _("Phải là một danh sách."))
            return []
        for index, item in enumerate(value):
            if not isinstance(item, str) or item not in allowed:
                self.add(
                    f"{key}[{index}]",
                    _("Giá trị %(value)s không hợp lệ; chọn một trong: %(allowed)s.")
                    % {"value": repr(item), "allowed": ", ".join(sorted(allowed))},
                )
        if len(set(map(str, value))) != len(value):
            self.add(key, _("Có giá trị bị lặp lại."))
        return [str(v) for v in value]

    def items(self, data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.add(key, _("Phải là một danh sách."))
            return []
        good: list[Mapping[str, Any]] = []
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                self.add(f"{key}[{index}]", _("Phải là một đối tượng JSON."))
            else:
                good.append(item)
        return good

    def iso_date(self, data: Mapping[str, Any], key: str, *, required: bool = False) -> date | None:
        value = data.get(key)
        if value is None:
            if required:
                self.add(key, _("Không được để trống."))
            return None
        if not isinstance(value, str):
            self.add(key, _("Phải là ngày dạng YYYY-MM-DD."))
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.add(key, _("Ngày %(value)s không hợp lệ (dạng YYYY-MM-DD).") % {"value": value})
            return None

    def child(self, key: str) -> "Checker":
        sub = Checker(f"{self.path}.{key}" if self.path else key)
        sub.problems = self.problems
        return sub
