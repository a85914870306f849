"""Checks shared by the writes of accounts: each adds the problems it finds to ``problems``."""

from datetime import date

from django.utils.translation import gettext as _

from motcua.accounts.identifiers import (
    has_invisible_characters,
)
from motcua.core.errors import FieldProblem, ValidationFailed
from motcua.core.text import nfc


def raise_problems(message: str, problems: list[FieldProblem]) -> None:
    if problems:
        raise ValidationFailed(message, problems=problems)


def clean_name(value: str, path: str, label: str, problems: list[FieldProblem]) -> str:
    cleaned = nfc(value).strip()
    if not cleaned:
        problems.append(FieldProblem(path, _("%(label)s không được để trống.") % {"label": label}))
    elif has_invisible_characters(cleaned):
        problems.append(
            FieldProblem(
                path,
                _("%(label)s chứa ký tự ẩn (ví dụ dấu cách độ rộng bằng 0).") % {"label": label},
            )
        )
    return cleaned


def check_period(
    valid_from: date, valid_to: date | None, problems: list[FieldProblem], path: str = "valid_to"
) -> None:
    if valid_to is not None and valid_to <= valid_from:
        problems.append(FieldProblem(path, _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")))
