"""Dossiers over HTTP: submit, list, get, act, and the public lookup by code.

Views translate the request, make one domain call and hand back plain data; every read of a
dossier goes through ``dossiers_visible_to`` (the list through its sibling ``dossiers_visible_page``)
so another agency's dossier answers 404.
"""

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from motcua.accounts.models import Applicant, OneStopUnit, User
from motcua.accounts.permissions import is_officer, may_receive_at
from motcua.accounts.services import actor_for
from motcua.api.fields import (
    ChoiceField,
    IdField,
    ListField,
    ObjectField,
    TextField,
    day_or_problem,
    validated,
)
from motcua.api.parsers import NormalizingJSONParser, loads_object
from motcua.catalog.selectors import procedure_version_current, split_code
from motcua.core.errors import FieldProblem, NotFound, ValidationFailed
from motcua.core.ratelimit import lookup_rate_hit
from motcua.dossiers.models import (
    Dossier,
    DossierChannel,
    DossierStatus,
    IdempotencyRecord,
    Representation,
    RepresentationBasis,
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
    ApplicantData,
    DocumentInput,
    dossier_open_for,
    dossier_submit,
    dossier_transition,
)
from motcua.dossiers.workflow import status_label

_IDEMPOTENCY_KEY_LENGTH = IdempotencyRecord._meta.get_field("key").max_length or 255
# Visible ASCII, as an HTTP header carries it (RFC 9110), and as long as the column that keeps it.
_IDEMPOTENCY_KEY = re.compile(rf"[\x21-\x7e]{{1,{_IDEMPOTENCY_KEY_LENGTH}}}")


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


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


def _document_inputs(request: Request, raw: Any) -> list[DocumentInput]:
    documents: list[DocumentInput] = []
    problems: list[FieldProblem] = []
    for index, item in enumerate(raw or []):
        if not isinstance(item, dict):
            problems.append(FieldProblem(f"documents[{index}]", _("Giấy tờ không hợp lệ.")))
            continue
        try:
            content = base64.b64decode(str(item.get("content_base64", "")), validate=True)
        except (binascii.Error, ValueError):
            problems.append(
                FieldProblem(
                    f"documents[{index}].content_base64", _("Nội dung base64 không hợp lệ.")
                )
            )
            continue
        documents.append((str(item.get("component", "")), str(item.get("name", "")), content))
    # Multipart: each file's field name is its component code.
    documents.extend(
        (component, upload.name or "", upload)
        for component, files in request.FILES.lists()
        for upload in files
        if isinstance(upload, UploadedFile)
    )
    if problems:
        raise ValidationFailed(_("Hồ sơ chưa hợp lệ nên chưa được tiếp nhận."), problems=problems)
    return documents


def _applicant_data(raw: dict[str, Any], problems: list[FieldProblem]) -> ApplicantData:
    birth = raw.get("birth_date")
    return ApplicantData(
        kind=str(raw.get("kind", "citizen")),
        name=str(raw.get("name", "")),
        personal_id=str(raw.get("personal_id", "")),
        tax_code=str(raw.get("tax_code", "")),
        birth_date=(
            day_or_problem(birth, path="applicant.birth_date", problems=problems) if birth else None
        ),
        sex=str(raw.get("sex", "")),
        phone=str(raw.get("phone", "")),
        email=str(raw.get("email", "")),
        address=str(raw.get("address", "")),
    )


def _applicant(
    user: User, raw: Any, problems: list[FieldProblem]
) -> Applicant | ApplicantData | None:
    if isinstance(raw, dict) and raw:
        return _applicant_data(raw, problems)
    own = Applicant.objects.filter(user=user).first()
    if own is None:
        problems.append(
            FieldProblem("applicant", _("Vui lòng cung cấp thông tin người nộp hồ sơ."))
        )
    return own


@dataclass(frozen=True)
class Filing:
    """What the server knows of a submission from its principal, not from the client's word."""

    channel: str
    applicant: Applicant | ApplicantData
    representation: Representation | None = None


def _same_person(own: Applicant, raw: dict[str, Any]) -> bool:
    personal_id = str(raw.get("personal_id", "")).strip()
    tax_code = str(raw.get("tax_code", "")).strip()
    if not personal_id and not tax_code:
        return True  # names no one else: the filer themself
    return (not personal_id or personal_id == own.personal_id) and (
        not tax_code or tax_code == own.tax_code
    )


def _citizen_filing(user: User, body: Any, problems: list[FieldProblem]) -> Filing | None:
    """A citizen (or business) files online, as themself or as a declared representative.

    Counter and postal reception are an officer's record: a client-sent ``channel`` other than
    ``online`` is refused, naming the field. Another person's identity is accepted only with a
    ``representation`` (basis, and for an authorisation its reference: the represented person's
    consent), and the filer is kept on the dossier as the representative.
    """
    channel = body.get("channel")
    if channel not in (None, "", DossierChannel.ONLINE):
        problems.append(
            FieldProblem(
                "channel",
                _(
                    "Người dân, doanh nghiệp nộp hồ sơ trực tuyến; hồ sơ tiếp nhận tại quầy hoặc "
                    "qua bưu chính do cán bộ một cửa ghi nhận."
                ),
            )
        )
    own = Applicant.objects.filter(user=user).first()
    if own is None:
        problems.append(
            FieldProblem(
                "applicant",
                _("Tài khoản này chưa gắn với người nộp hồ sơ; hãy đăng nhập bằng VNeID."),
            )
        )
        return None
    raw = body.get("applicant")
    raw = raw if isinstance(raw, dict) else {}
    declared = body.get("representation")
    if declared in (None, "", {}):
        if not _same_person(own, raw):
            problems.append(
                FieldProblem(
                    "applicant.personal_id",
                    _(
                        "Bạn chỉ nộp hồ sơ cho chính mình. Nộp thay người khác thì khai báo việc "
                        "đại diện (representation) với căn cứ và văn bản ủy quyền."
                    ),
                )
            )
        return Filing(channel=DossierChannel.ONLINE, applicant=own)
    if not isinstance(declared, dict):
        problems.append(
            FieldProblem("representation", _("Thông tin đại diện phải là một đối tượng."))
        )
        return None
    basis = declared.get("basis")
    reference = str(declared.get("authorisation_reference") or "").strip()
    if basis not in RepresentationBasis.values:
        problems.append(
            FieldProblem(
                "representation.basis",
                _("Căn cứ đại diện phải là authorised (ủy quyền) hoặc legal (theo pháp luật)."),
            )
        )
    if basis == RepresentationBasis.AUTHORISED and not reference:
        problems.append(
            FieldProblem(
                "representation.authorisation_reference",
                _("Nêu số, ngày của văn bản ủy quyền của người được đại diện."),
            )
        )
    if len(reference) > 200:
        problems.append(
            FieldProblem("representation.authorisation_reference", _("Tối đa 200 ký tự."))
        )
    if not raw or _same_person(own, raw):
        problems.append(
            FieldProblem(
                "applicant",
                _("Khai báo người được đại diện (họ tên, số định danh cá nhân hoặc mã số thuế)."),
            )
        )
    return Filing(
        channel=DossierChannel.ONLINE,
        applicant=_applicant_data(raw, problems),
        representation=Representation(
            representative=own, basis=str(basis), authorisation_reference=reference
        ),
    )


def _filing(
    user: User, body: Any, unit: OneStopUnit | None, at: datetime, problems: list[FieldProblem]
) -> Filing | None:
    """The channel and applicant of a submission, decided from who sends it."""
    today = timezone.localdate(at)
    if not is_officer(user=user, on=today):
        return _citizen_filing(user, body, problems)
    channel = str(body.get("channel") or DossierChannel.COUNTER)
    if channel not in (DossierChannel.COUNTER, DossierChannel.POST):
        problems.append(
            FieldProblem(
                "channel",
                _(
                    "Cán bộ ghi nhận hồ sơ tiếp nhận tại quầy (counter) hoặc qua bưu chính "
                    "(post); hồ sơ trực tuyến do chính người nộp gửi."
                ),
            )
        )
    if unit is not None and not may_receive_at(user=user, unit=unit, on=today):
        problems.append(
            FieldProblem(
                "receiving_unit",
                _("Chỉ cán bộ một cửa của bộ phận này mới ghi nhận hồ sơ tiếp nhận tại đây."),
            )
        )
    applicant = _applicant(user, body.get("applicant"), problems)
    if applicant is None:
        return None
    return Filing(channel=channel, applicant=applicant)


class DossierReturnAddress(serializers.Serializer[Any]):
    recipient = TextField(required=False, help_text="Họ tên người nhận")
    phone = TextField(required=False, help_text="Số điện thoại di động người nhận")
    street = TextField(required=False, help_text="Số nhà, đường, thôn, xóm")
    commune_code = TextField(
        required=False, help_text="Mã xã, phường, đặc khu (5 chữ số) đang có hiệu lực"
    )

    default_error_messages = {
        "invalid": gettext_lazy("Phải là một đối tượng JSON ({{…}})."),
    }


class DossierSubmitRequest(serializers.Serializer[Any]):
    """The body of a submission, each field of its JSON type; what the values mean is checked by
    ``dossier_submit``."""

    procedure = TextField(help_text="Mã thủ tục, ví dụ 1.001748")
    channel = TextField(
        required=False,
        help_text=(
            "Kênh nộp (online, counter, post), do máy chủ xác định theo người gửi: người dân, "
            "doanh nghiệp chỉ nộp online; cán bộ một cửa ghi nhận counter (mặc định) hoặc post. "
            "Giá trị trái với người gửi bị từ chối (400)."
        ),
    )
    administrative_unit_code = TextField(required=False)
    receiving_unit = IdField(required=False, allow_null=True)
    applicant = ObjectField(
        required=False,
        allow_null=True,
        help_text="Người nộp hồ sơ. Người dân chỉ nộp cho chính mình, trừ khi khai báo representation",
    )
    representation = ObjectField(
        required=False,
        allow_null=True,
        help_text="Người dân nộp thay người khác: người gửi được ghi là người đại diện",
    )
    form_data = ObjectField(required=False, allow_null=True)
    documents = ListField(child=ObjectField(), required=False, allow_null=True)
    return_method = ChoiceField(
        choices=ReturnMethod.choices,
        required=False,
        help_text="Hình thức nhận kết quả; mặc định counter (tại Bộ phận Một cửa)",
    )
    return_address = DossierReturnAddress(
        required=False, help_text="Bắt buộc khi return_method là post"
    )


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
            problems.append(
                FieldProblem(
                    "Idempotency-Key",
                    _(
                        "Khóa Idempotency-Key gồm từ 1 đến %(length)s ký tự ASCII in được "
                        "(không dấu, không khoảng trắng)."
                    )
                    % {"length": _IDEMPOTENCY_KEY_LENGTH},
                )
            )
        version = None
        try:
            version = procedure_version_current(
                code=fields["procedure"], on=timezone.localdate(now)
            )
        except NotFound as error:
            problems.append(FieldProblem("procedure", error.message))
        unit = None
        if fields.get("receiving_unit") is not None:
            unit = (
                OneStopUnit.objects.select_related("agency")
                .filter(pk=fields["receiving_unit"])
                .first()
            )
            if unit is None:
                problems.append(
                    FieldProblem("receiving_unit", _("Không tìm thấy bộ phận một cửa."))
                )
        # The service checks what the address says; the serializer only its shape.
        return_address = body.get("return_address") or {}
        filing = _filing(user, body, unit, now, problems)
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
            documents=_document_inputs(request, fields.get("documents")),
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

    @extend_schema(summary="Xử lý hồ sơ", request=ActionRequest, responses={200: DossierResponse})
    def post(self, request: Request, code: str) -> Response:
        user = request.user
        assert isinstance(user, User)  # noqa: S101 - IsAuthenticated
        dossier = dossier_get_for(user=user, code=code)
        body: Any = request.data
        reasons = body.get("reasons") or []
        if not isinstance(reasons, list):
            reasons = [str(reasons)]
        now = timezone.now()
        moved = dossier_transition(
            dossier=dossier,
            action=str(body.get("action", "")),
            actor=user,
            at=now,
            note=str(body.get("note", "")),
            reasons=[str(r) for r in reasons],
            **_action_extras(body),
        )
        return Response(dossier_data(moved, full=True, user=user, on=timezone.localdate(now)))


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
