"""JSON bodies normalised to NFC at the edge, like form posts (see core.middleware)."""

from collections.abc import Mapping
from typing import Any

from rest_framework.parsers import JSONParser

from motcua.core.text import nfc


def normalize(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [normalize(item) for item in value]
    if isinstance(value, Mapping):
        return {nfc(str(key)): normalize(item) for key, item in value.items()}
    return value


class NormalizingJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        return normalize(super().parse(stream, media_type, parser_context))
