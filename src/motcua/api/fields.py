"""Strict field types at the API's edge: what is not exactly the type asked for is refused with a
message naming the field, never coerced (``1.5`` or ``true`` are not a unit's number) and never
left to fail deeper down."""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from motcua.core.errors import FieldProblem, ValidationFailed

# The largest value of a BigAutoField key: beyond it no row can match.
MAX_ID = 2**63 - 1


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer, and only that: no string, float, boolean, list or object."""

    default_error_messages = {
        "required": gettext_lazy("Trường này là bắt buộc."),
        "null": gettext_lazy("Không được để trống (null)."),
        "invalid": gettext_lazy("Phải là một số nguyên."),
        "max_value": gettext_lazy("Không được lớn hơn {max_value}."),
        "min_value": gettext_lazy("Không được nhỏ hơn {min_value}."),
        "max_string_length": gettext_lazy("Số quá dài."),
    }

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return int(super().to_internal_value(data))


class IdField(StrictIntegerField):
    """The key of a row, as the API gives it out."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class TextField(serializers.CharField):
    """A JSON string (a number is taken as its digits), kept as sent: blank allowed, not trimmed."""

    default_error_messages = {
        "required": gettext_lazy("Trường này là bắt buộc."),
        "null": gettext_lazy("Không được để trống (null)."),
        "invalid": gettext_lazy("Phải là một chuỗi ký tự."),
        "blank": gettext_lazy("Không được để trống."),
        "max_length": gettext_lazy("Không được dài quá {max_length} ký tự."),
        "min_length": gettext_lazy("Phải dài ít nhất {min_length} ký tự."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)


class ChoiceField(serializers.ChoiceField):
    """One of the listed texts."""

    default_error_messages = {
        "required": gettext_lazy("Trường này là bắt buộc."),
        "null": gettext_lazy("Không được để trống (null)."),
        "invalid_choice": gettext_lazy("“{input}” không phải một giá trị được chấp nhận."),
    }


class ObjectField(serializers.DictField):
    """A JSON object."""

    default_error_messages = {
        "required": gettext_lazy("Trường này là bắt buộc."),
        "null": gettext_lazy("Không được để trống (null)."),
        "not_a_dict": gettext_lazy("Phải là một đối tượng JSON ({{…}})."),
        "empty": gettext_lazy("Không được để trống."),
    }


class ListField(serializers.ListField):
    """A JSON array."""

    default_error_messages = {
        "required": gettext_lazy("Trường này là bắt buộc."),
        "null": gettext_lazy("Không được để trống (null)."),
        "not_a_list": gettext_lazy("Phải là một danh sách JSON ([…])."),
        "empty": gettext_lazy("Không được để trống."),
        "max_length": gettext_lazy("Không được có quá {max_length} phần tử."),
        "min_length": gettext_lazy("Phải có ít nhất {min_length} phần tử."),
    }


def _join(path: str, key: object) -> str:
    if isinstance(key, int):  # DRF names the items of a list by their index
        return f"{path}[{key}]"
    if key == "non_field_errors":
        return path
    return f"{path}.{key}" if path else str(key)


def _problems(errors: Any, path: str) -> list[FieldProblem]:
    if isinstance(errors, Mapping):
        return [
            problem
            for key, value in errors.items()
            for problem in _problems(value, _join(path, key))
        ]
    if isinstance(errors, Sequence) and not isinstance(errors, str):
        found: list[FieldProblem] = []
        for index, item in enumerate(errors):
            if isinstance(item, str):
                found.append(FieldProblem(path or "body", str(item)))
            else:
                found.extend(_problems(item, _join(path, index)))
        return found
    return [FieldProblem(path or "body", str(errors))]


def validated(serializer: serializers.Serializer[Any], *, message: str) -> dict[str, Any]:
    """The serializer's validated data, or :class:`ValidationFailed` with one problem per field in
    the project's answer shape (``errors: [{path, message}]``)."""
    if not serializer.is_valid():
        raise ValidationFailed(message, problems=_problems(serializer.errors, ""))
    data: dict[str, Any] = dict(serializer.validated_data)
    return data


def day_or_problem(value: Any, *, path: str, problems: list[FieldProblem]) -> date | None:
    """``value`` as a calendar day (YYYY-MM-DD), or None with a problem appended: a day that does
    not exist (``1995-02-30``, ``2024-13-01``) is refused like a malformed one."""
    try:
        day = parse_date(str(value))
    except ValueError:
        day = None
    if day is None:
        problems.append(FieldProblem(path, _("Ngày không hợp lệ (YYYY-MM-DD).")))
    return day
