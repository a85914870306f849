"""Dossiers over HTTP: submit, list, get, act, and the public lookup by code.

Views translate the request, make one domain call and hand back plain data; every read of a
dossier goes through ``dossiers_visible_to`` (the list through its sibling ``dossiers_visible_page``)
so another agency's dossier answers 404. What a submission's body means (who files, on which
channel, with which documents) is read by :mod:`motcua.api.dossier_filing`.
"""

import re
from datetime import UTC, date, datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from motcua.accounts.actors import actor_for
from motcua.accounts.models import User
from motcua.accounts.selectors import officer_roles_kept, one_stop_unit_find
from motcua.api.dossier_filing import DossierSubmitRequest, document_inputs, filing_of
from motcua.api.fields import (
    day_or_problem,
    validated,
)
from motcua.api.parsers import NormalizingJSONParser, loads_object
from motcua.api.schema_notes import extend_schema
from motcua.catalog.selectors import procedure_version_for_filing, split_code
from motcua.core.errors import FieldProblem, NotFound, ValidationFailed
from motcua.core.ratelimit import lookup_rate_hit
from motcua.dossiers.models import (
    Dossier,
    DossierStatus,
    IdempotencyRecord,
    ReturnMethod,
)
from motcua.dossiers.permissions import dossier_actions_for
from motcua.dossiers.selectors import (
    ListCursor,
    dossier_get_for,
    dossier_public_status,
    dossiers_visible_page,
)
from motcua.dossiers.services import (
    dossier_open_for,
    dossier_submit,
    dossier_transition,
    dossier_transition_once,
    request_hash,
)
from motcua.dossiers.workflow import status_label

_IDEMPOTENCY_KEY_LENGTH = IdempotencyRecord._meta.get_field("key").max_length or 255
# Visible ASCII, as an HTTP header carries it (RFC 9110), and as long as the column that keeps it.
_IDEMPOTENCY_KEY = re.compile(rf"[\x21-\x7e]{{1,{_IDEMPOTENCY_KEY_LENGTH}}}")


def _key_problem() -> FieldProblem:
    return FieldProblem(
        "Idempotency-Key",
        _(
            "Khóa Idempotency-Key gồm từ 1 đến %(length)s ký tự ASCII in được "
            "(không dấu, không khoảng trắng)."
        )
        % {"length": _IDEMPOTENCY_KEY_LENGTH},
    )


def _idempotency_key(request: Request) -> str | None:
    """The request's ``Idempotency-Key``, or ``None``; a 400 naming the header when malformed."""
    key = request.headers.get("Idempotency-Key") or None
    if key is not None and not _IDEMPOTENCY_KEY.fullmatch(key):
        raise ValidationFailed(_("Dữ liệu không hợp lệ."), problems=[_key_problem()])
    return key


def _moment(value: datetime | None) -> str | None:
    # In UTC, as the database gives them back: a moment the service just computed (in local time)
    # reads the same in the action's answer as in a later GET.
    return value.astimezone(UTC).isoformat() if value else None


def dossier_data(
    dossier: Dossier, *, full: bool = False, user: User | None = None, on: date | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": dossier.code,
        "status": dossier.status,
        "status_label": status_label(dossier.status),
        "procedure_code": dossier.procedure_version.procedure.code,
        "procedure_name": dossier.procedure_version.name,
        "channel": dossier.channel,
        "receiving_agency": dossier.receiving_agency.code,
        "competent_agency": dossier.competent_agency.code,
        "current_step": dossier.current_step,
        "received_at": _moment(dossier.received_at),
        "due_at": _moment(dossier.due_at),
        "step_due_at": _moment(dossier.step_due_at),
        "closed_at": _moment(dossier.closed_at),
        "version": dossier.version,
    }
    if full:
        data["applicant"] = {"name": dossier.applicant.name, "kind": dossier.applicant.kind}
        data["form_data"] = dossier.form_data
        data["return_method"] = dossier.return_method
        data["return_address"] = dossier.return_address
        # What the caller may do now: the same answer the service gives when the action is taken.
        data["actions"] = (
            [str(a) for a in dossier_actions_for(user=user, dossier=dossier, on=on)]
            if user is not None and on is not None
            else []
        )
        data["documents"] = [
            {
                "component": d.component_code,
                "name": d.original_name,
                "size": d.size,
                "content_type": d.content_type,
                "sha256": d.sha256,
                # the file as sent: an image is kept without its metadata, so its hash differs
                "original_sha256": d.original_sha256 or d.sha256,
            }
            for d in dossier.documents.order_by("pk")
        ]
        data["events"] = [
            {
                "seq": e.seq,
                "action": e.action,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "from_step": e.from_step,
                "to_step": e.to_step,
                "actor": e.actor_label,
                "at": _moment(e.at),
                "note": e.note,
                "reasons": e.reasons,
                "outcome": e.outcome,
                "step_due_before": _moment(e.step_due_before),
            }
            for e in dossier.events.order_by("seq")
        ]
    return data


_DOSSIER_FIELDS: dict[str, serializers.Field[Any, Any, Any, Any]] = {
    "code": serializers.CharField(),
    "status": serializers.CharField(),
    "status_label": serializers.CharField(),
    "due_at": serializers.DateTimeField(allow_null=True),
}
DossierResponse = inline_serializer("Dossier", _DOSSIER_FIELDS)
#: Rows on a page of the dossier list.
LIST_PAGE_SIZE = 20


# Keyset pagination (cursor): the page and the address of the next one; no count, which would
# read every dossier the caller may see.
class DossierListResponse(serializers.Serializer[Any]):
    next = serializers.URLField(
        allow_null=True, help_text="Địa chỉ trang tiếp theo; null ở trang cuối"
    )
    results = serializers.ListField(
        child=serializers.JSONField(),
        help_text=(
            "Các hồ sơ của trang, hồ sơ tiếp nhận mới nhất trước; mỗi hồ sơ có các trường của "
            "GET /api/v1/dossiers/{code}/ trừ phần chi tiết"
        ),
    )


ActionRequest = inline_serializer(
    "DossierActionRequest",
    {
        "action": serializers.CharField(),
        "note": serializers.CharField(required=False),
        "reasons": serializers.ListField(child=serializers.CharField(), required=False),
        "new_due_on": serializers.DateField(
            required=False, help_text="apology_approve: ngày hẹn trả kết quả mới (YYYY-MM-DD)"
        ),
        "agencies": serializers.ListField(
            child=serializers.CharField(),
            required=False,
            help_text="consult_request: mã định danh các cơ quan được lấy ý kiến",
        ),
        "working_days": serializers.IntegerField(
            required=False, help_text="consult_request: số ngày làm việc để trả lời"
        ),
    },
)


def _action_extras(body: Any) -> dict[str, Any]:
    """The fields some actions take beyond the note and reasons, checked for their type only."""
    problems: list[FieldProblem] = []
    new_due_on = None
    if raw := body.get("new_due_on"):
        new_due_on = day_or_problem(raw, path="new_due_on", problems=problems)
    agencies = body.get("agencies") or []
    if not isinstance(agencies, list):
        agencies = [agencies]
    working_days = body.get("working_days")
    if working_days is not None and (
        isinstance(working_days, bool) or not isinstance(working_days, int)
    ):
        problems.append(FieldProblem("working_days", _("Số ngày làm việc phải là số nguyên.")))
        working_days = None
    if problems:
        raise ValidationFailed(_("Dữ liệu không hợp lệ."), problems=problems)
    return {
        "new_due_on": new_due_on,
        "agencies": [str(a) for a in agencies],
        "working_days": working_days,
    }


class DossierListView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [NormalizingJSONParser, MultiPartParser]

    @extend_schema(
        summary="Danh sách hồ sơ được xem",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR),
            OpenApiParameter("procedure", OpenApiTypes.STR),
            OpenApiParameter("due_before", OpenApiTypes.DATE),
            OpenApiParameter("late", OpenApiTypes.BOOL),
            OpenApiParameter(
                "cursor",
                OpenApiTypes.STR,
                description=(
                    "Vị trí trang tiếp theo: lấy nguyên giá trị trong địa chỉ `next` của trang "
                    "trước. Danh sách xếp hồ sơ tiếp nhận mới nhất trước, mỗi trang "
                    f"{LIST_PAGE_SIZE} hồ sơ, không kèm tổng số."
                ),
            ),
        ],
        responses={200: DossierListResponse},
    )
    def get(self, request: Request) -> Response:
        assert isinstance(request.user, User)  # noqa: S101 - IsAuthenticated
        now = timezone.now()
        params = request.query_params
        problems: list[FieldProblem] = []
        filters = Q()
        if value := params.get("status"):
            if value not in DossierStatus.values:
                problems.append(FieldProblem("status", _("Trạng thái không hợp lệ.")))
            filters &= Q(status=value)
        if value := params.get("procedure"):
            national_code, local_suffix = split_code(value)
            filters &= Q(
                procedure_version__procedure__national_code=national_code,
                procedure_version__procedure__local_suffix=local_suffix,
            )
        if (value := params.get("due_before")) and (
            day := day_or_problem(value, path="due_before", problems=problems)
        ):
            filters &= Q(due_at__date__lt=day)
        if params.get("late") in {"true", "1"}:
            filters &= Q(due_at__lt=now) & ~Q(
                status__in=[
                    DossierStatus.RETURNED,
                    DossierStatus.REFUSED,
                    DossierStatus.STOPPED,
                    DossierStatus.WITHDRAWN,
                ]
            )
        after = None
        if value := params.get("cursor"):
            try:
                after = ListCursor.decode(value)
            except ValueError:
                problems.append(FieldProblem("cursor", _("Con trỏ trang không hợp lệ.")))
        if problems:
            raise ValidationFailed(_("Bộ lọc không hợp lệ."), problems=problems)
        page = dossiers_visible_page(
            user=request.user,
            on=timezone.localdate(now),
            filters=filters,
            after=after,
            size=LIST_PAGE_SIZE,
        )
        following = (
            replace_query_param(request.build_absolute_uri(), "cursor", page.next.encode())
            if page.next
            else None
        )
        return Response({"next": following, "results": [dossier_data(d) for d in page.dossiers]})

    @extend_schema(
        summary="Nộp hồ sơ",
        parameters=[OpenApiParameter("Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER)],
        request=DossierSubmitRequest,
        responses={201: DossierResponse},
    )
    def post(self, request: Request) -> Response:
        user = request.user
        assert isinstance(user, User)  # noqa: S101 - IsAuthenticated
        # A submission changes no role assignment: the competence check and the answer read the
        # officer's roles once.
        officer_roles_kept(user=user)
        body: Any = request.data
        if "payload" in body:  # multipart: the JSON part travels in the "payload" field
            body = loads_object(str(body["payload"]), path="payload")
        key = request.headers.get("Idempotency-Key") or None
        fields = validated(
            DossierSubmitRequest(data=body),
            message=_("Hồ sơ chưa hợp lệ nên chưa được tiếp nhận."),
        )
        now = timezone.now()
        problems: list[FieldProblem] = []
        if key is not None and not _IDEMPOTENCY_KEY.fullmatch(key):
            problems.append(_key_problem())
        version = None
        try:
            version = procedure_version_for_filing(
                code=fields["procedure"], on=timezone.localdate(now)
            )
        except NotFound as error:
            problems.append(FieldProblem("procedure", error.message))
        unit = None
        if fields.get("receiving_unit") is not None:
            unit = one_stop_unit_find(pk=fields["receiving_unit"])
            if unit is None:
                problems.append(
                    FieldProblem("receiving_unit", _("Không tìm thấy bộ phận một cửa."))
                )
        # The service checks what the address says; the serializer only its shape.
        return_address = body.get("return_address") or {}
        filing = filing_of(user, body, unit, now, problems)
        if problems or version is None or filing is None:
            raise ValidationFailed(
                _("Hồ sơ chưa hợp lệ nên chưa được tiếp nhận."), problems=problems
            )
        result = dossier_submit(
            version=version,
            applicant=filing.applicant,
            representation=filing.representation,
            channel=filing.channel,
            form_data=fields.get("form_data") or {},
            documents=document_inputs(request, fields.get("documents")),
            administrative_unit_code=fields.get("administrative_unit_code") or "",
            receiving_unit=unit,
            actor=user,
            at=now,
            return_method=fields.get("return_method") or ReturnMethod.COUNTER,
            return_address=return_address,
            idempotency_key=key,
            client_id=actor_for(user),
        )
        return Response(result.response_body, status=result.response_status)


class DossierDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Một hồ sơ", responses={200: DossierResponse})
    def get(self, request: Request, code: str) -> Response:
        user = request.user
        assert isinstance(user, User)  # noqa: S101 - IsAuthenticated
        now = timezone.now()
        dossier = dossier_open_for(user=user, code=code, at=now, purpose="api:view")
        return Response(dossier_data(dossier, full=True, user=user, on=timezone.localdate(now)))


class DossierActionView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Xử lý hồ sơ",
        description=(
            "Trả về hồ sơ sau thao tác với các trường như một dòng của danh sách (không kèm giấy "
            "tờ, lịch sử, thao tác được phép: xem GET /api/v1/dossiers/{code}/). Gửi kèm "
            "`Idempotency-Key` để gửi lại an toàn: cùng khóa và cùng nội dung trả lại đúng câu "
            "trả lời đầu mà không xử lý lại; cùng khóa với nội dung khác bị từ chối (422)."
        ),
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description=(
                    "Khóa do máy khách sinh (ví dụ một UUID), riêng cho người dùng và hồ sơ, "
                    "được giữ MOTCUA_IDEMPOTENCY_HOURS giờ (mặc định 24)."
                ),
            )
        ],
        request=ActionRequest,
        responses={
            200: DossierResponse,
            409: OpenApiResponse(
                description=(
                    "Thao tác không được phép ở trạng thái hiện tại, hoặc hồ sơ vừa được người "
                    "khác xử lý."
                )
            ),
            422: OpenApiResponse(
                description="Khóa Idempotency-Key đã được dùng cho một nội dung khác."
            ),
        },
    )
    def post(self, request: Request, code: str) -> Response:
        user = request.user
        assert isinstance(user, User)  # noqa: S101 - IsAuthenticated
        key = _idempotency_key(request)
        # An action changes no role assignment: who may see the dossier and who may act on it
        # (with the row locked, a moment later) are answered by one read of the officer's roles.
        officer_roles_kept(user=user)
        dossier = dossier_get_for(user=user, code=code)
        body: Any = request.data
        reasons = body.get("reasons") or []
        if not isinstance(reasons, list):
            reasons = [str(reasons)]
        transition = {
            "action": str(body.get("action", "")),
            "actor": user,
            "note": str(body.get("note", "")),
            "reasons": [str(r) for r in reasons],
            **_action_extras(body),
        }
        now = timezone.now()
        if key is None:
            # The answer is the row as a list shows it: the details (documents, history, what
            # may be done next) cost three more reads, and a client asks for them when it needs.
            return Response(dossier_data(dossier_transition(dossier=dossier, at=now, **transition)))
        answer = dossier_transition_once(
            dossier=dossier,
            client_id=actor_for(user),
            key=key,
            digest=request_hash(body),
            at=now,
            answer=dossier_data,
            **transition,
        )
        headers = {"Idempotent-Replayed": "true"} if answer.replayed else None
        return Response(answer.body, status=answer.status, headers=headers)


class LookupView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type[Any]] = []

    @extend_schema(
        summary="Tra cứu hồ sơ theo mã (không cần đăng nhập)",
        responses={
            200: inline_serializer(
                "DossierPublicStatus",
                {
                    "code": serializers.CharField(),
                    "status": serializers.CharField(),
                    "status_label": serializers.CharField(),
                    "procedure_code": serializers.CharField(),
                    "procedure_name": serializers.CharField(),
                    "receiving_agency": serializers.CharField(),
                    "receiving_unit": serializers.CharField(),
                    "competent_agency": serializers.CharField(),
                    "received_at": serializers.DateTimeField(),
                    "due_at": serializers.DateTimeField(allow_null=True),
                    "closed_at": serializers.DateTimeField(allow_null=True),
                },
            ),
            429: OpenApiResponse(
                description="Quá nhiều lượt tra cứu từ địa chỉ này; thử lại sau Retry-After giây."
            ),
        },
    )
    def get(self, request: Request, code: str) -> Response:
        # Per client address, shared with the portal's lookup (MOTCUA_LOOKUP_RATE).
        limit = lookup_rate_hit(meta=request.META, now=timezone.now())
        if not limit.allowed:
            return Response(
                {
                    "code": "rate_limited",
                    "message": _(
                        "Có quá nhiều lượt tra cứu hồ sơ từ địa chỉ mạng của bạn; vui lòng thử lại "
                        "sau %(seconds)s giây."
                    )
                    % {"seconds": limit.retry_after},
                    "errors": [],
                },
                status=429,
                headers={"Retry-After": str(limit.retry_after)},
            )
        found = dossier_public_status(code=code)
        return Response(
            {
                "code": found.code,
                "status": found.status,
                "status_label": found.status_label,
                "procedure_code": found.procedure_code,
                "procedure_name": found.procedure_name,
                "receiving_agency": found.receiving_agency,
                "receiving_unit": found.receiving_unit,
                "competent_agency": found.competent_agency,
                "received_at": _moment(found.received_at),
                "due_at": _moment(found.due_at),
                "closed_at": _moment(found.closed_at),
            }
        )
