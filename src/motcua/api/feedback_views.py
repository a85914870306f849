"""Feedback over the API, the SMS gateway's inbound callback, and the open data of the index.

``POST /api/v1/feedback/``: anyone sends an item (no login); the answer carries the code and the
access key. ``GET /api/v1/feedback/{code}/``: the status (and, with the key in the
``X-Feedback-Key`` header, the answer; never in the query string, which access logs keep).
``POST /api/v1/feedback/{code}/rating/``: the sender rates the answer.
``POST /api/v1/feedback/sms/``: an inbound SMS from the gateway, signed like its callbacks
(HMAC-SHA256 over ``timestamp.body``, headers ``X-Motcua-Signature``/``X-Motcua-Timestamp``).
``GET /api/v1/index/?nam=&tinh=``: the Decision 766 index of every agency, with the counts behind
each figure (small counts suppressed). ``GET /api/v1/index/{agency}/``: one agency, monthly too.
"""

import time
from typing import Any

from django.conf import settings
from django.http import Http404, RawPostDataException
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.accounts.models import Agency, User
from motcua.api.parsers import loads_object
from motcua.api.schema_notes import extend_schema
from motcua.core.errors import FieldProblem, Forbidden, ValidationFailed
from motcua.core.ratelimit import LookupDecision
from motcua.feedback.limits import feedback_follow_rate_hit, feedback_rate_hit
from motcua.feedback.models import Feedback, FeedbackCategory, FeedbackChannel, SenderKind
from motcua.feedback.selectors import feedback_for_sender
from motcua.feedback.services import feedback_rate, feedback_submit
from motcua.notifications.contrib.sms_gateway.signing import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    verify,
)
from motcua.reporting.presenters import period_from, province_from
from motcua.reporting.selectors import (
    IndexValue,
    agency_index,
    agency_indexes,
    minimum_public_count,
    monthly_counts,
    ranking,
)

#: Largest inbound SMS callback body.
MAX_SMS_BODY = 8 * 1024


def _public(item: Feedback, *, full: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": item.code,
        "status": item.status,
        "category": item.category,
        "agency": item.agency.code,
        "received_at": item.received_at.isoformat(),
        "due_at": item.due_at.isoformat(),
        "answered_at": item.answered_at.isoformat() if item.answered_at else None,
    }
    if full:
        body.update(
            {
                "title": item.title,
                "answer": item.answer,
                "forwarded_to": item.forwarded_to,
                "rating": item.rating,
            }
        )
    return body


def _text(data: Any, name: str) -> str:
    value = data.get(name, "") if isinstance(data, dict) else ""
    return value if isinstance(value, str) else ""


_SENT_TOO_OFTEN = gettext_lazy(
    "Có quá nhiều phản ánh, kiến nghị được gửi từ địa chỉ mạng của bạn; vui lòng thử lại sau "
    "%(seconds)s giây."
)
_LOOKED_TOO_OFTEN = gettext_lazy(
    "Có quá nhiều lượt tra cứu từ địa chỉ mạng của bạn; vui lòng thử lại sau %(seconds)s giây."
)


def _limited(decision: LookupDecision, message: str | Promise) -> Response | None:
    """HTTP 429 with ``Retry-After`` when the client is over its limit, else ``None``."""
    if decision.allowed:
        return None
    return Response(
        {
            "code": "rate_limited",
            "message": str(message) % {"seconds": decision.retry_after},
            "errors": [],
        },
        status=429,
        headers={"Retry-After": str(decision.retry_after)},
    )


class FeedbackListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Gửi phản ánh, kiến nghị (không cần đăng nhập)",
        request=OpenApiTypes.OBJECT,
        responses={201: OpenApiTypes.OBJECT},
    )
    def post(self, request: Request) -> Response:
        limited = _limited(
            feedback_rate_hit(meta=request.META, now=timezone.now()), _SENT_TOO_OFTEN
        )
        if limited is not None:
            return limited
        data = request.data
        user = request.user
        item = feedback_submit(
            channel=FeedbackChannel.API,
            sender_kind=_text(data, "sender_kind") or SenderKind.CITIZEN,
            sender_name=_text(data, "sender_name"),
            sender_email=_text(data, "sender_email"),
            sender_phone=_text(data, "sender_phone"),
            category=_text(data, "category") or FeedbackCategory.UNCLASSIFIED,
            dossier_code=_text(data, "dossier_code"),
            title=_text(data, "title"),
            content=_text(data, "content"),
            actor=user if isinstance(user, User) else None,
            at=timezone.now(),
        )
        body = _public(item, full=True) | {"access_key": item.access_key}
        return Response(body, status=status.HTTP_201_CREATED)


#: Header carrying a feedback item's access key (mã tra cứu).
FEEDBACK_KEY_HEADER = "X-Feedback-Key"


class FeedbackDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Tình trạng một phản ánh, kiến nghị (với mã tra cứu: cả trả lời)",
        parameters=[
            OpenApiParameter(
                FEEDBACK_KEY_HEADER,
                OpenApiTypes.STR,
                location=OpenApiParameter.HEADER,
                description="Mã tra cứu (access key): with it the answer is shown too. Never in "
                "the query string: a ?key= is refused with 400.",
            )
        ],
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, code: str) -> Response:
        if "key" in request.query_params:
            raise ValidationFailed(
                _("Mã tra cứu không được gửi trên địa chỉ (URL)."),
                problems=[
                    FieldProblem(
                        "key",
                        _("Gửi mã tra cứu trong tiêu đề %(header)s, không gửi trong địa chỉ.")
                        % {"header": FEEDBACK_KEY_HEADER},
                    )
                ],
            )
        # Codes and keys must not be tried in bulk (MOTCUA_LOOKUP_RATE, its own counter).
        limited = _limited(
            feedback_follow_rate_hit(meta=request.META, now=timezone.now()), _LOOKED_TOO_OFTEN
        )
        if limited is not None:
            return limited
        key = request.headers.get(FEEDBACK_KEY_HEADER, "")
        item = feedback_for_sender(code=code, access_key=key)
        if item is not None:
            return Response(_public(item, full=True))
        found = Feedback.objects.select_related("agency").filter(code=code.upper()).first()
        if found is None:
            raise Http404
        return Response(_public(found, full=False))


class FeedbackRatingView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type[Any]] = []

    @extend_schema(
        summary="Người gửi đánh giá trả lời (1 đến 5), bằng mã tra cứu",
        request=OpenApiTypes.OBJECT,
        responses={200: OpenApiTypes.OBJECT},
    )
    def post(self, request: Request, code: str) -> Response:
        rating = request.data.get("rating") if isinstance(request.data, dict) else None
        if not isinstance(rating, int):
            raise ValidationFailed(
                _("Chưa ghi nhận được đánh giá."),
                problems=[FieldProblem("rating", _("Vui lòng chọn mức đánh giá từ 1 đến 5."))],
            )
        item = feedback_rate(
            code=code,
            access_key=_text(request.data, "key"),
            rating=rating,
            at=timezone.now(),
        )
        return Response(_public(item, full=True))


class FeedbackSmsView(APIView):
    """The gateway posts ``{"id", "from", "text"}``; the same ``id`` twice is one item."""

    permission_classes = [AllowAny]
    authentication_classes: list[type[Any]] = []

    @extend_schema(
        summary="Tin nhắn SMS phản ánh, kiến nghị do cổng SMS chuyển đến (có chữ ký HMAC)",
        request=OpenApiTypes.OBJECT,
        responses={
            201: OpenApiTypes.OBJECT,
            403: OpenApiResponse(description="Chữ ký của cổng SMS không hợp lệ hoặc đã quá hạn."),
        },
    )
    def post(self, request: Request) -> Response:
        try:
            raw = request.body
        except RawPostDataException:
            raw = b""  # a form body, already parsed at the edge, is no signed message
        signature = request.headers.get(SIGNATURE_HEADER, "")
        timestamp = request.headers.get(TIMESTAMP_HEADER, "")
        secret = str(settings.MOTCUA_SMS_GATEWAY_SECRET)
        if (
            not secret
            or len(raw) > MAX_SMS_BODY
            or not verify(
                secret=secret,
                timestamp=timestamp,
                body=raw,
                signature=signature,
                now=time.time(),
            )
        ):
            raise Forbidden(_("Chữ ký của cổng SMS không hợp lệ."))
        try:
            data = loads_object(raw.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise ValidationFailed(_("Nội dung tin nhắn không hợp lệ.")) from error
        text = _text(data, "text").strip()
        item = feedback_submit(
            channel=FeedbackChannel.SMS,
            sender_kind=SenderKind.CITIZEN,
            sender_phone=_text(data, "from"),
            title=text[:80] or _("Phản ánh, kiến nghị qua SMS"),
            content=text,
            source_ref=_text(data, "id"),
            at=timezone.now(),
        )
        return Response({"code": item.code}, status=status.HTTP_201_CREATED)


def _index_body(value: IndexValue, *, minimum: int) -> dict[str, Any]:
    agency = value.agency
    return {
        "agency": {"code": agency.code, "name": agency.name} if agency else None,
        "total": value.total,
        "groups": [
            {
                "code": g.group.code,
                "name": str(g.group.name),
                "points": g.points,
                "max": g.group.points,
                "indicators": [
                    {
                        "code": i.indicator.code,
                        "name": str(i.indicator.name),
                        "numerator": None if i.suppressed(minimum) else i.numerator,
                        "denominator": None if i.suppressed(minimum) else i.denominator,
                        "suppressed": i.suppressed(minimum),
                        "enough_data": i.enough,
                        "points": i.points,
                        "max": i.indicator.points,
                        "confirmed": i.indicator.confirmed,
                        "definition": f"/chi-so/dinh-nghia/#chi-tieu-{i.indicator.code}",
                    }
                    for i in g.indicators
                ],
            }
            for g in value.groups
        ],
    }


class IndexView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type[Any]] = []

    @extend_schema(
        summary="Chỉ số 766 của mọi cơ quan trong năm (dữ liệu mở), xếp hạng",
        parameters=[
            OpenApiParameter("nam", OpenApiTypes.INT),
            OpenApiParameter("tinh", OpenApiTypes.STR),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        period, year = period_from(request.query_params.get("nam", ""))
        province = province_from(request.query_params.get("tinh", ""))
        minimum = minimum_public_count()
        values = agency_indexes(period, on=timezone.localdate(), province=province)
        return Response(
            {
                "year": year,
                "province": province or None,
                "agencies": [
                    {"rank": rank, **_index_body(v, minimum=minimum)}
                    for rank, v in ranking(values, minimum=minimum)
                ],
            }
        )


class AgencyIndexView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type[Any]] = []

    @extend_schema(
        summary="Chỉ số 766 của một cơ quan, kèm số liệu theo tháng",
        parameters=[OpenApiParameter("nam", OpenApiTypes.INT)],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, code: str) -> Response:
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            raise Http404
        period, year = period_from(request.query_params.get("nam", ""))
        minimum = minimum_public_count()
        value = agency_index(agency, period, on=timezone.localdate())
        months = []
        for month, counts in monthly_counts(period, agency_ids=[agency.pk], measures=()):
            months.append(
                {
                    "month": month.strftime("%Y-%m"),
                    "counts": {
                        k: (None if 0 < v < minimum else v) for k, v in sorted(counts.items())
                    },
                }
            )
        return Response({"year": year, **_index_body(value, minimum=minimum), "months": months})
