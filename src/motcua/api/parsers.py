"""JSON bodies checked and normalised at the edge, like form posts (see core.middleware).

A body is one JSON object, nested at most :data:`MAX_DEPTH` deep (a body nested a thousand deep
would otherwise exhaust the interpreter's stack), whose texts carry no character an export cannot
carry; each text is normalised to NFC.
"""

import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.parsers import JSONParser

from motcua.core.errors import FieldProblem, ValidationFailed
from motcua.core.middleware import refused_character_message
from motcua.core.text import nfc, uncarriable

MAX_DEPTH = 32


def _refuse(path: str, message: str) -> ValidationFailed:
    return ValidationFailed(
        _("Dữ liệu không hợp lệ."), problems=[FieldProblem(path or "body", message)]
    )


def _text(value: str, path: str) -> str:
    if char := uncarriable(value):
        raise _refuse(path, refused_character_message(path or "body", char))
    return nfc(value)


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def normalize(value: Any, *, path: str = "", depth: int = 0) -> Any:
    """``value`` with its texts checked and in NFC; a :class:`ValidationFailed` naming the path
    of the first text that cannot be carried, or of a value nested deeper than ``MAX_DEPTH``."""
    if depth > MAX_DEPTH:
        raise _refuse(
            path,
            _("Dữ liệu lồng nhau quá %(depth)s cấp.") % {"depth": MAX_DEPTH},
        )
    if isinstance(value, str):
        return _text(value, path)
    if isinstance(value, list):
        return [
            normalize(item, path=_join(path, index), depth=depth + 1)
            for index, item in enumerate(value)
        ]
    if isinstance(value, Mapping):
        result = {}
        for key, item in value.items():
            name = _text(str(key), _join(path, str(key)))
            result[name] = normalize(item, path=_join(path, name), depth=depth + 1)
        return result
    return value


def loads_object(raw: str, *, path: str = "body") -> dict[str, Any]:
    """The JSON object in ``raw``, checked and normalised; :class:`ValidationFailed` naming
    ``path`` when it is not JSON, not an object, or nested too deep."""
    try:
        data = json.loads(raw, parse_constant=_no_constant)
    except RecursionError as error:
        raise _refuse(
            path, _("Dữ liệu lồng nhau quá %(depth)s cấp.") % {"depth": MAX_DEPTH}
        ) from error
    except ValueError as error:
        raise _refuse(path, _("Không đọc được JSON: %(error)s") % {"error": error}) from error
    if not isinstance(data, Mapping):
        raise _refuse(path, _("Nội dung yêu cầu phải là một đối tượng JSON ({…})."))
    normalized: dict[str, Any] = normalize(data, path="" if path == "body" else path)
    return normalized


class NormalizingJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            raw = stream.read().decode(encoding) if stream is not None else ""
        except UnicodeDecodeError as error:
            raise _refuse("body", _("Nội dung không phải văn bản UTF-8.")) from error
        if not raw.strip():
            return {}
        return loads_object(raw)


def _no_constant(name: str) -> Any:
    # NaN and Infinity are not JSON (RFC 8259); Python's decoder accepts them by default.
    raise ValueError(_("%(name)s không phải giá trị JSON hợp lệ.") % {"name": name})
