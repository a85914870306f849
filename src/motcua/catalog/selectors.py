"""Reads of the procedure catalogue. The portal, the API and the dossiers app call these."""

import json
from datetime import date
from typing import Any

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.translation import gettext as _

from motcua.catalog.models import (
    Channel,
    Component,
    FeeRule,
    Field,
    LegalBasis,
    Level,
    LocalFeePolicy,
    OnlineLevel,
    Procedure,
    ProcedureAlias,
    ProcedureVersion,
    ProcessStep,
    VersionStatus,
)
from motcua.catalog.payload import version_payload
from motcua.catalog.snapshot import catalog_kept
from motcua.core.errors import NotFound
from motcua.core.periods import in_force
from motcua.core.text import fold, nfc, search_words

#: Choices for filters, as (value, label) pairs.
LEVEL_CHOICES = Level.choices
ONLINE_LEVEL_CHOICES = OnlineLevel.choices
CHANNEL_CHOICES = Channel.choices


def split_code(code: str) -> tuple[str, str]:
    """``"1.001748.H38"`` -> ``("1.001748", "H38")``; ``"1.001748"`` -> ``("1.001748", "")``."""
    parts = nfc(code).strip().split(".")
    return ".".join(parts[:2]), ".".join(parts[2:])


def code_q(code: str, prefix: str = "procedure__") -> Q:
    """Rows of the procedure known by ``code``: its national code (with suffix), its full ký hiệu
    (``1.009319.000.00.00.H41``), an old number (``B-BTP-BS43``) or any other alias."""
    code = nfc(code).strip()
    national, suffix = split_code(code)
    by_code = Q(**{f"{prefix}national_code": national, f"{prefix}local_suffix": suffix}) & ~Q(
        **{f"{prefix}national_code": ""}
    )
    by_alias = Q(
        Exists(
            ProcedureAlias.objects.filter(
                procedure_id=OuterRef(f"{prefix}pk" if prefix else "pk"), alias=code
            )
        )
    )
    return by_code | by_alias


#: Words that mark the plain, first-time variant of a family of procedures ("lần đầu", "cấp
#: mới"): a search that names no variant most likely means it.
FIRST_TIME_MARKERS = ("lan dau", "cap moi", "dang ky moi")


def procedure_search(
    *,
    text: str = "",
    field_code: str | None = None,
    level: str | None = None,
    agency_kind: str | None = None,
    online_level: str | None = None,
    on: date,
) -> QuerySet[ProcedureVersion]:
    """Published versions in force on ``on``, matched word by word without diacritics, likeliest
    first.

    "dang ky nghia vu" finds "Đăng ký nghĩa vụ quân sự"; "1.001748", the full ký hiệu or an old
    number finds it by code, first. Then names that begin with the query (the first-time variant
    before the others), then names that contain it, then the rest, each by code.
    """
    versions = (
        ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .filter(in_force(on))
        .select_related("procedure", "field")
        # A list shows names, times and each channel's fee: the long texts stay in the table
        # while it sorts. The channels stay loaded: each result's fee is quoted per channel, and a
        # deferred field would be read back one query per result.
        .defer(
            "conditions",
            "note",
            "description_en",
            "fee_text",
            "search_text",
            "search_name",
            "levels_index",
            "results",
            "applicant_types",
            "agency_roles",
        )
    )
    words = search_words(text)
    for word in words:
        versions = versions.filter(search_text__contains=word)
    if field_code:
        versions = versions.filter(field__code=field_code)
    if level:
        versions = versions.filter(levels_index__contains=f" {level} ")
    if agency_kind:
        versions = versions.filter(competent_agency_kind=agency_kind)
    if online_level:
        versions = versions.filter(online_level=online_level)
    order = ["procedure__national_code", "procedure__local_suffix", "procedure__primary_alias"]
    if not words:
        return versions.order_by(*order)
    phrase = " ".join(fold(text).split())
    first_time = Q()
    for marker in FIRST_TIME_MARKERS:
        first_time |= Q(search_name__contains=marker)
    # English names are matched as written (they carry no diacritics to fold).
    english = " ".join(text.split())
    # A code is one word: a query with a space skips the alias look-up on every matching row.
    is_code = len(text.split()) == 1
    rank = Case(
        When(code_q(text) if is_code else Q(pk__in=[]), then=Value(0)),
        When(
            (Q(search_name__contains=phrase) & first_time)
            | (Q(name_en__icontains=english) & Q(name_en__icontains="first")),
            then=Value(1),
        ),
        When(Q(search_name__startswith=phrase) | Q(name_en__istartswith=english), then=Value(2)),
        When(Q(search_name__contains=phrase) | Q(name_en__icontains=english), then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )
    return versions.annotate(rank=rank).order_by("rank", *order)


def procedure_version_current(*, code: str, on: date) -> ProcedureVersion:
    """The published version of the procedure ``code`` in force on ``on``."""
    version = (
        ProcedureVersion.objects.filter(code_q(code), status=VersionStatus.PUBLISHED)
        .filter(in_force(on))
        .select_related("procedure", "field")
        .first()
    )
    if version is None:
        raise NotFound(
            _("Không tìm thấy thủ tục có mã %(code)s đang có hiệu lực ngày %(on)s.")
            % {"code": code, "on": on.strftime("%d/%m/%Y")}
        )
    return version


def procedure_version_for_filing(*, code: str, on: date) -> ProcedureVersion:
    """:func:`procedure_version_current` with what a submission reads of it (its components, fee
    rules and legal basis, prefetched), kept in this process for the catalogue's generation
    (:mod:`motcua.catalog.snapshot`): every dossier of the procedure reads the same rows. The
    version is shared by the process's requests: do not change it."""

    def read() -> ProcedureVersion | None:
        return (
            ProcedureVersion.objects.filter(code_q(code), status=VersionStatus.PUBLISHED)
            .filter(in_force(on))
            .select_related("procedure", "field")
            .prefetch_related(
                "components",
                Prefetch("fees", queryset=FeeRule.objects.order_by("order")),
                Prefetch("legal_basis", queryset=LegalBasis.objects.order_by("order")),
            )
            .first()
        )

    version = catalog_kept(("filing", code, on), read)
    if version is None:
        raise NotFound(
            _("Không tìm thấy thủ tục có mã %(code)s đang có hiệu lực ngày %(on)s.")
            % {"code": code, "on": on.strftime("%d/%m/%Y")}
        )
    return version


def procedure_version_get(*, version_id: int) -> ProcedureVersion:
    """A version by id (a dossier pins one), published or not."""
    version = (
        ProcedureVersion.objects.select_related("procedure", "field").filter(pk=version_id).first()
    )
    if version is None:
        raise NotFound(_("Không tìm thấy phiên bản thủ tục %(id)s.") % {"id": version_id})
    return version


def procedure_versions_of(*, code: str) -> QuerySet[ProcedureVersion]:
    """Every version of one procedure, oldest first."""
    return ProcedureVersion.objects.filter(code_q(code)).order_by("number")


def fields_list() -> QuerySet[Field]:
    return Field.objects.order_by("name", "code")


def procedure_version_detail(*, version: ProcedureVersion | int) -> ProcedureVersion:
    """The version with its procedure, field, agencies, legal basis, components, fees, steps."""
    version_id = version if isinstance(version, int) else version.pk
    found = (
        ProcedureVersion.objects.select_related("procedure", "field")
        .prefetch_related(
            "agencies",
            Prefetch("legal_basis", queryset=LegalBasis.objects.order_by("order")),
            Prefetch("components", queryset=Component.objects.order_by("order")),
            Prefetch("fees", queryset=FeeRule.objects.order_by("order")),
            Prefetch("steps", queryset=ProcessStep.objects.order_by("order")),
        )
        .filter(pk=version_id)
        .first()
    )
    if found is None:
        raise NotFound(_("Không tìm thấy phiên bản thủ tục %(id)s.") % {"id": version_id})
    return found


EXPORT_FORMAT = "motcua.catalog"
EXPORT_FORMAT_VERSION = 1


def catalog_export() -> dict[str, Any]:
    """The whole catalogue as a JSON-ready dict: stable order, no ids, no timestamps."""
    procedures = Procedure.objects.order_by(
        "national_code", "local_suffix", "primary_alias"
    ).prefetch_related(
        Prefetch("aliases", queryset=ProcedureAlias.objects.order_by("pk")),
        Prefetch(
            "versions",
            queryset=ProcedureVersion.objects.select_related("field")
            .prefetch_related("agencies", "legal_basis", "fees", "components", "steps")
            .order_by("number"),
        ),
    )
    policies = sorted(
        LocalFeePolicy.objects.select_related("procedure"),
        key=lambda p: (
            p.administrative_unit_code,
            p.procedure.code if p.procedure else "",
            p.channel,
            p.valid_from,
            p.decision_number,
        ),
    )
    return {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_FORMAT_VERSION,
        "fields": [{"code": f.code, "name": f.name} for f in Field.objects.order_by("code")],
        "procedures": [
            {
                "national_code": procedure.national_code,
                "local_suffix": procedure.local_suffix,
                **(
                    {"aliases": [a.alias for a in procedure.aliases.all()]}
                    if procedure.aliases.all()
                    else {}
                ),
                "versions": [
                    {
                        "number": version.number,
                        "status": version.status,
                        "valid_from": version.valid_from.isoformat()
                        if version.valid_from
                        else None,
                        "valid_to": version.valid_to.isoformat() if version.valid_to else None,
                        **version_payload(version),
                    }
                    for version in procedure.versions.all()
                ],
            }
            for procedure in procedures
        ],
        "local_fee_policies": [
            {
                "administrative_unit_code": p.administrative_unit_code,
                "procedure": p.procedure.code if p.procedure else None,
                "channel": p.channel,
                "amount": p.amount,
                "decision_number": p.decision_number,
                "valid_from": p.valid_from.isoformat(),
                "valid_to": p.valid_to.isoformat() if p.valid_to else None,
                "note": p.note,
            }
            for p in policies
        ],
    }


def catalog_export_bytes() -> bytes:
    """:func:`catalog_export` as canonical JSON: the same catalogue always gives the same bytes."""
    text = json.dumps(catalog_export(), sort_keys=True, ensure_ascii=False, indent=2)
    return (text + "\n").encode()
