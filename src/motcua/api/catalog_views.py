"""The public catalogue over HTTP: search, and one procedure with everything needed to apply."""

from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.accounts.models import AgencyKind
from motcua.api.schema_notes import extend_schema
from motcua.catalog.fees import FEE_KEYS, fee_quotes_by_channel
from motcua.catalog.models import (
    Component,
    FeeRule,
    Field,
    LegalBasis,
    Level,
    ProcedureVersion,
    ProcessStep,
)
from motcua.catalog.selectors import (
    procedure_search,
    procedure_version_current,
    procedure_version_detail,
)
from motcua.core.errors import FieldProblem, ValidationFailed


class FieldSerializer(serializers.ModelSerializer[Field]):
    class Meta:
        model = Field
        fields = ["code", "name"]


class ProcessingTimeSerializer(serializers.Serializer[ProcedureVersion]):
    value = serializers.IntegerField(source="processing_time_value", allow_null=True)
    unit = serializers.CharField(
        source="processing_time_unit",
        help_text="working_days, working_hours, calendar_days, same_day, not_regulated; "
        "empty when the source states no time.",
    )
    hours = serializers.IntegerField(
        source="processing_hours",
        allow_null=True,
        help_text="Working hours; null for calendar days, not regulated or not stated.",
    )
    text = serializers.CharField(source="processing_time_text", help_text="As published.")
    terms = serializers.JSONField(
        source="processing_terms",
        help_text="Other terms: [{value, unit, condition, channel, level, agency}].",
    )


class ProcedureSummarySerializer(serializers.ModelSerializer[ProcedureVersion]):
    code = serializers.CharField()
    version = serializers.IntegerField(source="number")
    field = FieldSerializer()
    levels = serializers.ListField(child=serializers.CharField())
    processing_time = ProcessingTimeSerializer(source="*")

    class Meta:
        model = ProcedureVersion
        fields = [
            "code",
            "version",
            "name",
            "field",
            "levels",
            "competent_agency_kind",
            "implementing_agency",
            "online_level",
            "processing_time",
            "valid_from",
        ]


class ComponentSerializer(serializers.ModelSerializer[Component]):
    schema = serializers.JSONField(help_text="JSON Schema of the form, for a form component.")
    reusable_from = serializers.ListField(
        child=serializers.CharField(),
        help_text="Where the state already holds it: the applicant need not supply it.",
    )

    class Meta:
        model = Component
        fields = [
            "order",
            "code",
            "name",
            "kind",
            "required",
            "originals",
            "copies",
            "template",
            "reusable_from",
            "schema",
        ]


class FeeRuleSerializer(serializers.ModelSerializer[FeeRule]):
    """A rule as published (see ``catalog export`` for the meaning of each field)."""

    amount = serializers.SerializerMethodField(
        help_text='Integer đồng; null when the source gives no figure ("theo quy định").'
    )
    channel_amounts = serializers.DictField(child=serializers.IntegerField())
    tiers = serializers.ListField(child=serializers.DictField())
    exempt_groups = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = FeeRule
        # The rule as a catalogue file writes it (one list of keys), after its order.
        fields = ["order", *FEE_KEYS]

    def get_amount(self, rule: FeeRule) -> int | None:
        return rule.amount if rule.amount_stated else None


class ChannelFeeSerializer(serializers.Serializer[Any]):
    """The fee of one channel, from the same calculation as the pages and the dossier."""

    channel = serializers.CharField()
    amount = serializers.IntegerField(
        allow_null=True, help_text="Integer đồng; null when unknown (see text)."
    )
    known = serializers.BooleanField()
    text = serializers.CharField(help_text="What the pages show, e.g. “Miễn phí (0 đồng)”.")
    explanation = serializers.CharField()


class StepSerializer(serializers.ModelSerializer[ProcessStep]):
    class Meta:
        model = ProcessStep
        fields = ["order", "name", "role", "unit_description", "minutes", "citizen_facing"]


class LegalBasisSerializer(serializers.ModelSerializer[LegalBasis]):
    class Meta:
        model = LegalBasis
        fields = ["order", "number", "title", "issued_on", "article", "clause"]


class ServiceNormSerializer(serializers.Serializer[ProcedureVersion]):
    value = serializers.IntegerField(source="service_norm_value", allow_null=True)
    unit = serializers.CharField(source="service_norm_unit")


#: What the published record adds: agencies with roles, sets, source, English text, aliases.
PUBLISHED_FIELDS = (
    "agency_roles",
    "dossier_sets",
    "source_url",
    "name_en",
    "description_en",
    "aliases",
)


class ProcedureDetailSerializer(ProcedureSummarySerializer):
    agency_roles = serializers.JSONField(
        help_text="[{name, role, agency, kind, time: {value, unit}, time_text}]"
    )
    aliases = serializers.SerializerMethodField(
        help_text="Other codes: the full ký hiệu, old numbers."
    )
    service_norm = ServiceNormSerializer(source="*")
    components = ComponentSerializer(many=True)
    fees = FeeRuleSerializer(many=True)
    fee_by_channel = serializers.SerializerMethodField(
        help_text="What the applicant pays by each channel the procedure offers (no local decision "
        "unless ?unit= names the place)."
    )
    steps = StepSerializer(many=True)
    legal_basis = LegalBasisSerializer(many=True)
    channels = serializers.JSONField()
    results = serializers.JSONField()
    applicant_types = serializers.ListField(child=serializers.CharField())

    class Meta(ProcedureSummarySerializer.Meta):
        fields = [
            *ProcedureSummarySerializer.Meta.fields,
            "procedure_type",
            "decision_number",
            "service_norm",
            "applicant_types",
            "conditions",
            "channels",
            "results",
            "components",
            "fees",
            "fee_by_channel",
            "steps",
            "legal_basis",
            "note",
            *PUBLISHED_FIELDS,
        ]

    def get_aliases(self, version: ProcedureVersion) -> list[str]:
        return list(version.procedure.aliases.order_by("pk").values_list("alias", flat=True))

    @extend_schema_field(ChannelFeeSerializer(many=True))
    def get_fee_by_channel(self, version: ProcedureVersion) -> list[dict[str, Any]]:
        quotes = fee_quotes_by_channel(
            version=version,
            on=self.context["on"],
            administrative_unit_code=self.context.get("unit") or None,
        )
        return [
            {
                "channel": q.channel,
                "amount": q.amount,
                "known": q.known,
                "text": q.text,
                "explanation": q.explanation,
            }
            for q in quotes
        ]


class ProcedurePagination(PageNumberPagination):
    page_size = settings.MOTCUA_PUBLIC_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 100


def _choice(request: Request, name: str, allowed: list[str]) -> str | None:
    value = request.query_params.get(name) or None
    if value is not None and value not in allowed:
        raise ValidationFailed(
            str(_("Tham số tìm kiếm không hợp lệ.")),
            problems=[
                FieldProblem(
                    name,
                    str(_("Giá trị “%(value)s” không hợp lệ; chọn một trong: %(allowed)s."))
                    % {"value": value, "allowed": ", ".join(allowed)},
                )
            ],
        )
    return value


@extend_schema(
    summary="Search the procedure catalogue",
    parameters=[
        OpenApiParameter(
            "q", str, description="Words of the name or the code, with or without diacritics."
        ),
        OpenApiParameter("field", str, description="Field (lĩnh vực) code."),
        OpenApiParameter("level", str, enum=Level.values, description="Level (cấp thực hiện)."),
        OpenApiParameter(
            "agency_kind", str, enum=AgencyKind.values, description="Kind of the competent agency."
        ),
    ],
)
class ProcedureListView(ListAPIView[ProcedureVersion]):
    """Published procedures in force today, matched without diacritics."""

    serializer_class = ProcedureSummarySerializer
    pagination_class = ProcedurePagination

    def get_queryset(self) -> Any:
        request = self.request
        return procedure_search(
            text=request.query_params.get("q", ""),
            field_code=request.query_params.get("field") or None,
            level=_choice(request, "level", Level.values),
            agency_kind=_choice(request, "agency_kind", AgencyKind.values),
            on=timezone.localdate(),
        )


_NOT_FOUND = inline_serializer(
    name="Error",
    fields={
        "code": serializers.CharField(),
        "message": serializers.CharField(),
        "errors": serializers.ListField(child=serializers.DictField()),
    },
)


class ProcedureDetailView(APIView):
    """One procedure as in force today: components with their JSON Schemas, fees, steps, times."""

    @extend_schema(
        summary="One procedure, in full",
        responses={200: ProcedureDetailSerializer, 404: _NOT_FOUND},
        parameters=[
            OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH),
            OpenApiParameter(
                "unit",
                str,
                description="Administrative unit code (2 or 5 digits) where the dossier is filed: "
                "fee_by_channel then applies its local fee decision.",
            ),
        ],
    )
    def get(self, request: Request, code: str) -> Response:
        on = timezone.localdate()
        version = procedure_version_detail(version=procedure_version_current(code=code, on=on))
        unit = request.query_params.get("unit", "")
        context = {"on": on, "unit": unit}
        return Response(ProcedureDetailSerializer(version, context=context).data)
