"""Writes of the procedure catalogue. Each is one transaction with its audit row.

``actor`` is the audit actor string (``user:<id>``, ``system``, ``cli``), as in
:func:`motcua.core.services.audit_append`.
"""

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import Agency
from motcua.catalog.competence import areas_without_competent_agency, competent_kind_label
from motcua.catalog.models import (
    Channel,
    Field,
    LocalFeePolicy,
    OnlineLevel,
    PaymentStage,
    Procedure,
    ProcedureAlias,
    ProcedureType,
    ProcedureVersion,
    TimeUnit,
    VersionStatus,
)
from motcua.catalog.payload import (
    FULL_CODE,
    ProcedureCodes,
    national_code_problem,
    procedure_codes,
    validate_version,
    version_payload,
    write_version,
)
from motcua.catalog.snapshot import CATALOG_GENERATION as CATALOG_GENERATION  # for the pages
from motcua.core.errors import Conflict, FieldProblem, ValidationFailed
from motcua.core.generations import generation_bump
from motcua.core.services import AuditRecord, audit_append, audit_append_many
from motcua.core.text import is_ascii_digits, nfc

VERSION_OBJECT = "procedure_version"


def catalog_changed(*, at: datetime) -> None:
    """One more generation of the public catalogue pages, in the caller's transaction: a cached
    page never outlives a committed change (:mod:`motcua.portal.page_cache`)."""
    generation_bump(name=CATALOG_GENERATION, at=at)


def catalog_audit(*, at: datetime, **entry: Any) -> None:
    """Every write of the catalogue by these services ends here: its audit row, and
    :func:`catalog_changed`."""
    audit_append(at=at, **entry)
    catalog_changed(at=at)


def _refuse_published(version: ProcedureVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise Conflict(
            _(
                "Phiên bản %(number)s của thủ tục %(code)s đã công bố nên không được sửa; "
                "hãy tạo phiên bản dự thảo mới."
            )
            % {"number": version.number, "code": version.procedure.code}
        )


def _check(data: Mapping[str, Any], *, path: str = "") -> None:
    problems = validate_version(
        data,
        path=path,
        known_fields=set(Field.objects.values_list("code", flat=True)),
        known_agencies=set(Agency.objects.values_list("code", flat=True)),
    )
    if problems:
        raise ValidationFailed(_("Thông tin thủ tục chưa hợp lệ."), problems=problems)


def _version_record(
    version: ProcedureVersion, action: str, *, actor: str, at: datetime, data: dict[str, Any]
) -> AuditRecord:
    return AuditRecord(
        actor=actor,
        action=action,
        object_type=VERSION_OBJECT,
        object_id=str(version.pk),
        at=at,
        data={"code": version.procedure.code, "number": version.number, **data},
        chain=f"procedure:{version.procedure.code}",
    )


def version_audit(
    version: ProcedureVersion, action: str, *, actor: str, at: datetime, **data: Any
) -> None:
    catalog_audit(**asdict(_version_record(version, action, actor=actor, at=at, data=data)))


def versions_audit(
    versions: Sequence[ProcedureVersion], action: str, *, actor: str, at: datetime
) -> None:
    """:func:`version_audit` of each of ``versions``, in their order, in a few statements."""
    audit_append_many(
        records=[_version_record(v, action, actor=actor, at=at, data={}) for v in versions]
    )
    catalog_changed(at=at)


def field_ensure(*, code: str, name: str, at: datetime, actor: str) -> Field:
    """The field (lĩnh vực) with ``code``, created or renamed to ``name``."""
    code, name = nfc(code).strip(), nfc(name).strip()
    problems = []
    if not code:
        problems.append(FieldProblem("code", _("Không được để trống.")))
    if not name:
        problems.append(FieldProblem("name", _("Không được để trống.")))
    if problems:
        raise ValidationFailed(_("Thông tin lĩnh vực chưa hợp lệ."), problems=problems)
    with transaction.atomic():
        field, created = Field.objects.get_or_create(code=code, defaults={"name": name})
        if created or field.name != name:
            field.name = name
            field.save(update_fields=["name"])
            catalog_audit(
                actor=actor,
                action="catalog.field_saved",
                object_type="field",
                object_id=code,
                at=at,
                data={"name": name},
            )
    return field


def procedure_find(*, code: str) -> Procedure | None:
    """The procedure known by ``code``: its national code (with suffix), its full ký hiệu, or any
    alias. A read the writes below need inside their transaction."""
    code = nfc(code).strip()
    if not code:
        return None
    full = FULL_CODE.match(code)
    parts = code.split(".")
    if full is None and len(parts) >= 2 and not national_code_problem(".".join(parts[:2])):
        found = Procedure.objects.filter(
            national_code=".".join(parts[:2]), local_suffix=".".join(parts[2:])
        ).first()
        if found is not None:
            return found
    alias = ProcedureAlias.objects.select_related("procedure").filter(alias=code).first()
    if alias is not None:
        return alias.procedure
    if full is not None:
        return Procedure.objects.filter(
            national_code=full.group(1), local_suffix=full.group(2)
        ).first()
    return None


def procedures_create(*, codes: Sequence[ProcedureCodes]) -> list[Procedure]:
    """Procedure rows and their alias rows, each table in one statement (called inside the
    caller's transaction)."""
    procedures = [
        Procedure(
            national_code=c.national_code,
            local_suffix=c.local_suffix,
            primary_alias="" if c.national_code else c.key,
        )
        for c in codes
    ]
    Procedure.objects.bulk_create(procedures)
    ProcedureAlias.objects.bulk_create(
        ProcedureAlias(procedure=procedure, alias=alias, kind=kind)
        for procedure, c in zip(procedures, codes, strict=True)
        for alias, kind in c.aliases
    )
    return procedures


def procedure_draft_create(
    *,
    national_code: str,
    local_suffix: str = "",
    name: str,
    field_code: str,
    levels: Sequence[str],
    processing_time_value: int | None = None,
    processing_time_unit: str = TimeUnit.WORKING_DAYS,
    processing_time_text: str = "",
    processing_terms: Sequence[Mapping[str, Any]] = (),
    agency_roles: Sequence[Mapping[str, Any]] = (),
    aliases: Sequence[str] = (),
    dossier_sets: int | None = None,
    fee_text: str = "",
    source_url: str = "",
    name_en: str = "",
    description_en: str = "",
    service_norm_value: int | None = None,
    service_norm_unit: str = "",
    procedure_type: str = ProcedureType.NOT_DELEGATED,
    decision_number: str = "",
    implementing_agency: str = "",
    competent_agency_kind: str = "",
    agency_codes: Sequence[str] = (),
    online_level: str = OnlineLevel.PARTIAL,
    payment_stage: str = PaymentStage.BEFORE_PROCESSING,
    applicant_types: Sequence[str] = (),
    conditions: str = "",
    channels: Sequence[str] = (),
    results: Sequence[Mapping[str, Any]] = (),
    note: str = "",
    legal_basis: Sequence[Mapping[str, Any]] = (),
    fees: Sequence[Mapping[str, Any]] = (),
    components: Sequence[Mapping[str, Any]] = (),
    steps: Sequence[Mapping[str, Any]] = (),
    at: datetime,
    actor: str,
) -> ProcedureVersion:
    """A new procedure with its first version, as a draft.

    ``legal_basis``, ``fees``, ``components``, ``steps`` and ``results`` take the dicts of the
    export format (see :mod:`motcua.catalog.payload`); their order is their list order.
    ``national_code`` may be empty when ``aliases`` names the procedure.
    """
    codes = procedure_codes(
        {"national_code": national_code, "local_suffix": local_suffix, "aliases": list(aliases)}
    )
    national_code, local_suffix = codes.national_code, codes.local_suffix
    data: dict[str, Any] = {
        "name": name,
        "decision_number": decision_number,
        "levels": list(levels),
        "procedure_type": procedure_type,
        "field": field_code,
        "implementing_agency": implementing_agency,
        "competent_agency_kind": competent_agency_kind,
        "agencies": list(agency_codes),
        "processing_time": {
            "value": processing_time_value,
            "unit": processing_time_unit,
            "text": processing_time_text,
            "terms": [dict(t) for t in processing_terms],
        },
        "agency_roles": [dict(a) for a in agency_roles],
        "dossier_sets": dossier_sets,
        "fee_text": fee_text,
        "source_url": source_url,
        "name_en": name_en,
        "description_en": description_en,
        "service_norm": (
            {"value": service_norm_value, "unit": service_norm_unit or processing_time_unit}
            if service_norm_value is not None
            else None
        ),
        "online_level": online_level,
        "payment_stage": payment_stage,
        "applicant_types": list(applicant_types),
        "conditions": conditions,
        "channels": list(channels),
        "results": [dict(r) for r in results],
        "note": note,
        "legal_basis": [dict(b) for b in legal_basis],
        "fees": [dict(f) for f in fees],
        "components": [dict(c) for c in components],
        "steps": [dict(s) for s in steps],
    }
    code_problem = (
        national_code_problem(national_code) if national_code or not codes.aliases else None
    )
    with transaction.atomic():
        try:
            _check(data)
        except ValidationFailed as error:
            if code_problem:
                raise ValidationFailed(
                    error.message,
                    problems=[FieldProblem("national_code", code_problem), *error.problems],
                ) from None
            raise
        if code_problem:
            raise ValidationFailed(
                _("Thông tin thủ tục chưa hợp lệ."),
                problems=[FieldProblem("national_code", code_problem)],
            )
        taken = procedure_find(code=codes.key) or next(
            (found for code in codes.all if (found := procedure_find(code=code))), None
        )
        if taken is not None:
            raise Conflict(
                _("Thủ tục %(code)s đã có; hãy tạo phiên bản dự thảo mới cho thủ tục này.")
                % {"code": taken.code}
            )
        [procedure] = procedures_create(codes=[codes])
        version = write_version(
            procedure=procedure,
            data=data,
            number=1,
            status=VersionStatus.DRAFT,
            valid_from=None,
            valid_to=None,
            aliases=[a for a, _k in codes.aliases],
        )
        version_audit(version, "catalog.draft_created", actor=actor, at=at)
    return version


def procedure_draft_update(
    *, version: ProcedureVersion, changes: Mapping[str, Any], at: datetime, actor: str
) -> ProcedureVersion:
    """Change a draft: ``changes`` replaces top-level keys of the export format (``fees``, ...)."""
    with transaction.atomic():
        version = (
            ProcedureVersion.objects.select_for_update()
            .select_related("procedure", "field")
            .get(pk=version.pk)
        )
        _refuse_published(version)
        data = {**version_payload(version), **changes}
        _check(data)
        write_version(
            procedure=version.procedure,
            data=data,
            number=version.number,
            status=VersionStatus.DRAFT,
            valid_from=None,
            valid_to=None,
            version=version,
        )
        version_audit(version, "catalog.draft_updated", actor=actor, at=at, keys=sorted(changes))
    return version


def _refuse_uncovered_areas(version: ProcedureVersion, *, on: date) -> None:
    """A version is not published while a covered area has no competent agency: a dossier filed
    there would reach nobody."""
    missing = areas_without_competent_agency(version=version, on=on)
    if not missing:
        return
    kind = competent_kind_label(version)
    problems = [
        FieldProblem(
            "competent_agency_kind",
            _("Chưa có %(kind)s có thẩm quyền tại %(area)s (mã %(code)s).")
            % {"kind": kind, "area": unit.name, "code": unit.code},
        )
        for unit in missing
    ]
    raise ValidationFailed(
        _(
            "Chưa thể công bố thủ tục %(procedure)s: không có cơ quan có thẩm quyền giải quyết "
            "tại %(areas)s."
        )
        % {
            "procedure": version.procedure.code,
            "areas": ", ".join(unit.name for unit in missing),
        },
        problems=problems,
    )


def procedure_version_publish(
    *, version: ProcedureVersion, at: datetime, actor: str, valid_from: date | None = None
) -> ProcedureVersion:
    """Publish a draft from ``valid_from`` (default: the local date of ``at``).

    The version published before it is closed on that date (its ``valid_to``).
    """
    start = valid_from or timezone.localdate(at)
    with transaction.atomic():
        version = (
            ProcedureVersion.objects.select_for_update()
            .select_related("procedure", "field")
            .get(pk=version.pk)
        )
        _refuse_published(version)
        _check(version_payload(version))
        _refuse_uncovered_areas(version, on=start)
        previous = (
            ProcedureVersion.objects.select_for_update()
            .filter(procedure=version.procedure, status=VersionStatus.PUBLISHED)
            .order_by("-valid_from")
            .first()
        )
        if previous is not None:
            # a published version always has a start (catalog_version_published_has_start)
            previous_start = previous.valid_from or date.min
            if previous_start >= start:
                raise ValidationFailed(
                    _("Ngày hiệu lực phải sau ngày hiệu lực của phiên bản đang công bố (%(day)s).")
                    % {"day": previous_start.strftime("%d/%m/%Y")},
                    problems=[
                        FieldProblem(
                            "valid_from",
                            _("Phải sau %(day)s.") % {"day": previous_start.strftime("%d/%m/%Y")},
                        )
                    ],
                )
            if previous.valid_to is None or previous.valid_to > start:
                previous.valid_to = start
                previous.save(update_fields=["valid_to"])
                version_audit(
                    previous,
                    "catalog.version_closed",
                    actor=actor,
                    at=at,
                    valid_to=start.isoformat(),
                )
        version.status = VersionStatus.PUBLISHED
        version.valid_from = start
        version.valid_to = None
        version.save(update_fields=["status", "valid_from", "valid_to"])
        version_audit(
            version, "catalog.version_published", actor=actor, at=at, valid_from=start.isoformat()
        )
    return version


def procedure_version_new_draft(
    *, procedure: Procedure, at: datetime, actor: str
) -> ProcedureVersion:
    """A new draft copied from the latest version, to edit and publish later."""
    with transaction.atomic():
        procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
        versions = ProcedureVersion.objects.filter(procedure=procedure)
        if versions.filter(status=VersionStatus.DRAFT).exists():
            raise Conflict(
                _("Thủ tục %(code)s đang có một phiên bản dự thảo; hãy sửa phiên bản đó.")
                % {"code": procedure.code}
            )
        latest = versions.select_related("field").order_by("-number").first()
        if latest is None:
            raise Conflict(_("Thủ tục %(code)s chưa có phiên bản nào.") % {"code": procedure.code})
        version = write_version(
            procedure=procedure,
            data=version_payload(latest),
            number=latest.number + 1,
            status=VersionStatus.DRAFT,
            valid_from=None,
            valid_to=None,
        )
        version_audit(
            version, "catalog.draft_created", actor=actor, at=at, copied_from=latest.number
        )
    return version


def local_fee_policy_set(
    *,
    administrative_unit_code: str,
    procedure: Procedure | None,
    amount: int,
    decision_number: str,
    valid_from: date,
    valid_to: date | None = None,
    note: str = "",
    channel: str = "",
    at: datetime,
    actor: str,
) -> LocalFeePolicy:
    """Set a locality's fee for one procedure (or all), one channel (or all) from ``valid_from``.

    The same (unit, procedure, start) is updated in place, so setting it twice changes nothing;
    an open-ended earlier policy is closed on ``valid_from``; any other overlap is refused.
    """
    code = nfc(administrative_unit_code).strip()
    decision = nfc(decision_number).strip()
    problems: list[FieldProblem] = []
    if not (is_ascii_digits(code) and len(code) in (2, 5)):
        problems.append(
            FieldProblem(
                "administrative_unit_code",
                _("Mã đơn vị hành chính phải gồm 2 (tỉnh) hoặc 5 (xã) chữ số."),
            )
        )
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        problems.append(FieldProblem("amount", _("Mức thu phải là số nguyên đồng, không âm.")))
    if not decision:
        problems.append(FieldProblem("decision_number", _("Không được để trống.")))
    if channel and channel not in Channel.values:
        problems.append(
            FieldProblem(
                "channel",
                _("Cách thức nộp %(value)s không hợp lệ; chọn một trong: %(allowed)s.")
                % {"value": channel, "allowed": ", ".join(Channel.values)},
            )
        )
    if valid_to is not None and valid_to <= valid_from:
        problems.append(FieldProblem("valid_to", _("Ngày hết hiệu lực phải sau ngày hiệu lực.")))
    if problems:
        raise ValidationFailed(_("Chính sách phí địa phương chưa hợp lệ."), problems=problems)
    with transaction.atomic():
        same_scope = LocalFeePolicy.objects.select_for_update().filter(
            administrative_unit_code=code, procedure=procedure, channel=channel
        )
        policy = same_scope.filter(valid_from=valid_from).first()
        others = same_scope.exclude(pk=policy.pk) if policy else same_scope
        for other in others:
            if other.valid_from < valid_from and other.valid_to is None:
                other.valid_to = valid_from
                other.save(update_fields=["valid_to"])
                continue
            other_end = other.valid_to or date.max
            if other.valid_from < (valid_to or date.max) and valid_from < other_end:
                raise Conflict(
                    _("Trùng thời gian với chính sách theo Quyết định %(decision)s.")
                    % {"decision": other.decision_number}
                )
        if (
            policy is not None
            and policy.amount == amount
            and policy.decision_number == decision
            and policy.valid_to == valid_to
            and policy.note == nfc(note).strip()
        ):
            return policy
        if policy is None:
            policy = LocalFeePolicy(
                administrative_unit_code=code,
                procedure=procedure,
                channel=channel,
                valid_from=valid_from,
            )
        policy.amount = amount
        policy.decision_number = decision
        policy.valid_to = valid_to
        policy.note = nfc(note).strip()
        policy.save()
        catalog_audit(
            actor=actor,
            action="catalog.local_fee_policy_set",
            object_type="local_fee_policy",
            object_id=str(policy.pk),
            at=at,
            data={
                "unit": code,
                "procedure": procedure.code if procedure else None,
                "channel": channel,
                "amount": amount,
                "decision": decision,
                "valid_from": valid_from.isoformat(),
                "valid_to": valid_to.isoformat() if valid_to else None,
            },
        )
    return policy
