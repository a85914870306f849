"""The OpenAPI schema documents every answer the API can give, errors included.

Each operation states its own successes (and the errors only it gives, such as 409 or 429) with
``extend_schema``; the errors that come from the edge and from the framework are added here, once,
from what the view is: every operation may answer 400 (the Unicode middleware refuses a character
in the path or the query; a body or a parameter can be wrong), one that authenticates may answer
401 and 403, one with a path parameter or pages 404, one that takes a body 415.
"""

from typing import Any

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.openapi import AutoSchema
from rest_framework.permissions import AllowAny

from motcua.api.schema_notes import notes_applied

_ERROR = {
    "type": "object",
    "properties": {
        "code": {"type": "string"},
        "message": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"path": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
_DESCRIPTIONS = {
    "400": "Dữ liệu không hợp lệ; errors nêu từng trường và lý do.",
    "401": "Chưa đăng nhập hoặc mã thông báo (token) không hợp lệ.",
    "403": "Không có quyền thực hiện.",
    "404": "Không tìm thấy, hoặc không thuộc phạm vi được xem.",
    "415": "Kiểu nội dung không được hỗ trợ.",
}


class ErrorDocumentingAutoSchema(AutoSchema):
    def _error_statuses(self) -> list[str]:
        statuses = ["400"]
        view = self.view
        if view.authentication_classes:
            # A bad token is refused even on an open view; a closed one refuses the anonymous.
            statuses.append("401")
            statuses.append("403")
        elif not all(p is AllowAny for p in view.permission_classes):
            statuses.append("403")
        if "{" in self.path or getattr(view, "pagination_class", None) is not None:
            # A paginated list answers 404 for a page past its end (DRF's PageNumberPagination).
            statuses.append("404")
        if self.method in {"POST", "PUT", "PATCH"}:
            statuses.append("415")
        return statuses

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for status in self._error_statuses():
            responses.setdefault(
                status,
                {
                    "content": {"application/json": {"schema": _ERROR}},
                    "description": _DESCRIPTIONS[status],
                },
            )
        return responses


class NotedSchemaGenerator(SchemaGenerator):
    """drf-spectacular's generator, with the operations' notes applied before it reads a view:
    the views are imported (the URLconf resolved) by then, so every note is taken."""

    def create_view(self, callback: Any, method: str, request: Any = None) -> Any:
        notes_applied()
        return super().create_view(callback, method, request)  # type: ignore[no-untyped-call]
