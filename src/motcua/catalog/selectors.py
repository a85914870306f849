"""Reads of the procedure catalogue. The portal, the API and the dossiers app call these."""

import json
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
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
    ProcedureVersion,
    ProcessStep,
    VersionStatus,
)
from motcua.catalog.payload import version_payload
from motcua.core.errors import NotFound
from motcua.core.text import nfc, search_words

#: Choices for filters, as (value, label) pairs.
LEVEL_CHOICES = Level.choices
ONLINE_LEVEL_CHOICES = OnlineLevel.choices
CHANNEL_CHOICES = Channel.choices


def in_force_q(on: date, prefix: str = "") -> Q:
    """Rows whose period [valid_from, valid_to) contains ``on``."""
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": on})
    )


def split_code(code: str) -> tuple[str, str]:
    """``"1.001748.H38"`` -> ``("1.001748", "H38")``; ``"1.001748"`` -> ``("1.001748", "")``."""
    parts = nfc(code).strip().split(".")
    return ".".join(parts[:2]), ".".join(parts[2:])


def procedure_search(
    *,
    text: str = "",
    field_code: str | None = None,
    level: str | None = None,
    agency_kind: str | None = None,
    online_level: str | None = None,
    on: date,
) -> QuerySet[ProcedureVersion]:
    """Published versions in force on ``on``, matched word by word without diacritics.

    "dang ky nghia vu" finds "Đăng ký nghĩa vụ quân sự"; "1.001748" finds it by code.
    """
    versions = (
        ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .filter(in_force_q(on))
        .select_related("procedure", "field")
    )
    for word in search_words(text):
        versions = versions.filter(search_text__contains=word)
    if field_code:
        versions = versions.filter(field__code=field_code)
    if level:
        versions = versions.filter(levels_index__contains=f" {level} ")
    if agency_kind:
        versions = versions.filter(competent_agency_kind=agency_kind)
    if online_level:
        versions = versions.filter(online_level=online_level)
    return versions.order_by("procedure__national_code", "procedure__local_suffix")


def procedure_version_current(*, code: str, on: date) -> ProcedureVersion:
    """The published version of the procedure ``code`` in force on ``on``."""
    national_code, local_suffix = split_code(code)
    version = (
        ProcedureVersion.objects.filter(
            procedure__national_code=national_code,
            procedure__local_suffix=local_suffix,
            status=VersionStatus.PUBLISHED,
        )
        .filter(in_force_q(on))
        .select_related("procedure", "field")
        .first()
    )
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
    national_code, local_suffix = split_code(code)
    return ProcedureVersion.objects.filter(
        procedure__national_code=national_code, procedure__local_suffix=local_suffix
    ).order_by("number")


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
    procedures = Procedure.objects.order_by("national_code", "local_suffix").prefetch_related(
        Prefetch(
            "versions",
            queryset=ProcedureVersion.objects.select_related("field")
            .prefetch_related("agencies", "legal_basis", "fees", "components", "steps")
            .order_by("number"),
        )
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
