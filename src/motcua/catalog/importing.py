"""Catalogue imports: a ``catalog export`` file or a published procedure list, all or nothing.

Everything is validated first and every problem is reported with its path. A procedure already in
the database (by national code or any alias) is merged, not refused: a version equal to a stored
one changes nothing, so importing the same file twice writes nothing the second time; a version
that differs becomes a new version (published ones close the one before them), and dossiers
already received stay on the version they pinned.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import Agency
from motcua.catalog.models import (
    Field,
    Procedure,
    ProcedureAlias,
    ProcedureVersion,
    VersionStatus,
)
from motcua.catalog.payload import (
    NewVersion,
    ProcedureCodes,
    procedure_codes,
    validate_catalog,
    version_payload,
    write_version,
    write_versions,
)
from motcua.catalog.services import (
    field_ensure,
    local_fee_policy_set,
    procedure_find,
    procedures_create,
    version_audit,
    versions_audit,
)
from motcua.core.errors import FieldProblem, ValidationFailed
from motcua.core.services import audit_append
from motcua.core.text import fold

#: Called with (procedures done, procedures in the file) while an import runs.
Progress = Callable[[int, int], None]
#: New procedures written together: each table's rows of a batch in one statement.
BATCH = 500


@dataclass(frozen=True)
class ImportSummary:
    fields: int
    procedures: int
    versions: int
    local_fee_policies: int
    unchanged: int = 0
    #: Cells kept as published wording only (a spreadsheet import), each named by its cell.
    notes: tuple[FieldProblem, ...] = ()


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


class _Merge:
    """Writes one file's procedures; collects the problems only visible against stored rows."""

    def __init__(self, *, at: datetime, actor: str) -> None:
        self.at = at
        self.actor = actor
        # Every code already stored, read once: a national import looks up thousands.
        self.by_code: dict[str, int] = {
            f"{n}.{s}" if s else n: pk
            for pk, n, s in Procedure.objects.exclude(national_code="").values_list(
                "pk", "national_code", "local_suffix"
            )
        }
        self.by_code.update(ProcedureAlias.objects.values_list("alias", "procedure_id"))
        self.fields = {f.code: f for f in Field.objects.all()}
        self.problems: list[FieldProblem] = []
        self.versions = 0
        self.unchanged = 0
        #: New procedures read but not yet written (:meth:`flush`), and every procedure written.
        self.pending: list[tuple[ProcedureCodes, Mapping[str, Any]]] = []
        self.written: dict[str, Procedure] = {}

    def procedure(self, item: Mapping[str, Any], *, path: str) -> None:
        codes = procedure_codes(item)
        aliases = [alias for alias, _kind in codes.aliases]
        found_id = self.by_code.get(codes.key)
        for alias in aliases:
            owner = self.by_code.get(alias)
            if found_id is None:
                found_id = owner
            elif owner is not None and owner != found_id:
                self.problems.append(
                    FieldProblem(
                        f"{path}.aliases",
                        _("Mã %(alias)s đã thuộc thủ tục khác (%(other)s).")
                        % {"alias": alias, "other": Procedure.objects.get(pk=owner).code},
                    )
                )
        if found_id is None:
            # A new procedure waits for its batch; the file's codes are unique (validated), so
            # no later item of the file can find it before it is written.
            self.pending.append((codes, item))
            if len(self.pending) >= BATCH:
                self.flush()
            return
        found = Procedure.objects.get(pk=found_id)
        known = set(found.aliases.values_list("alias", flat=True))
        ProcedureAlias.objects.bulk_create(
            ProcedureAlias(procedure=found, alias=alias, kind=kind)
            for alias, kind in codes.aliases
            if alias not in known
        )
        for index, entry in sorted(enumerate(item["versions"]), key=lambda p: p[1]["number"]):
            self._merge(found, entry, path=f"{path}.versions[{index}]")
        self.written[codes.key] = found

    def flush(self) -> None:
        """Write the pending new procedures with their versions and audit entries, each table's
        rows in one statement."""
        if not self.pending:
            return
        procedures = procedures_create(codes=[codes for codes, _item in self.pending])
        news: list[NewVersion] = []
        for procedure, (codes, item) in zip(procedures, self.pending, strict=True):
            for code in codes.all:
                self.by_code[code] = procedure.pk
            self.written[codes.key] = procedure
            news += [
                NewVersion(
                    procedure=procedure,
                    data=entry,
                    number=entry["number"],
                    status=entry["status"],
                    valid_from=_day(entry.get("valid_from")),
                    valid_to=_day(entry.get("valid_to")),
                    aliases=[alias for alias, _kind in codes.aliases],
                    field=self.fields[entry["field"]],
                )
                for entry in sorted(item["versions"], key=lambda v: v["number"])
            ]
        versions = write_versions(news)
        versions_audit(versions, "catalog.version_imported", actor=self.actor, at=self.at)
        self.versions += len(versions)
        self.pending = []

    def _write(
        self,
        procedure: Procedure,
        entry: Mapping[str, Any],
        *,
        number: int,
        aliases: list[str] | None = None,
    ) -> ProcedureVersion:
        return write_version(
            procedure=procedure,
            data=entry,
            number=number,
            status=entry["status"],
            valid_from=_day(entry.get("valid_from")),
            valid_to=_day(entry.get("valid_to")),
            aliases=aliases,
            field=self.fields.get(entry["field"]),
        )

    def _created(self, version: ProcedureVersion) -> None:
        version_audit(version, "catalog.version_imported", actor=self.actor, at=self.at)
        self.versions += 1

    def _merge(self, procedure: Procedure, entry: Mapping[str, Any], *, path: str) -> None:
        stored = list(ProcedureVersion.objects.filter(procedure=procedure).order_by("number"))
        draft = next((v for v in stored if v.status == VersionStatus.DRAFT), None)
        if entry["status"] == VersionStatus.DRAFT and draft is not None:
            # One draft a procedure: the file's draft is written over the stored one (a draft is
            # editable), and an equal one counts as unchanged.
            before = version_payload(draft)
            write_version(
                procedure=procedure,
                data=entry,
                number=draft.number,
                status=VersionStatus.DRAFT,
                valid_from=None,
                valid_to=None,
                version=draft,
            )
            if version_payload(draft) == before:
                self.unchanged += 1
            else:
                version_audit(draft, "catalog.draft_updated", actor=self.actor, at=self.at)
            return
        candidate = self._write(
            procedure, entry, number=max(v.number for v in stored) + 1 if stored else 1
        )
        payload = version_payload(candidate)
        for version in stored:
            if (
                version.status == candidate.status
                and version.valid_from == candidate.valid_from
                and version_payload(version) == payload
            ):
                candidate.delete()
                self.unchanged += 1
                if candidate.valid_to is not None and version.valid_to != candidate.valid_to:
                    version.valid_to = candidate.valid_to
                    version.save(update_fields=["valid_to"])
                    version_audit(
                        version,
                        "catalog.version_closed",
                        actor=self.actor,
                        at=self.at,
                        valid_to=candidate.valid_to.isoformat(),
                    )
                return
        if candidate.status == VersionStatus.DRAFT:
            self._created(candidate)
            return
        start = candidate.valid_from or date.min
        published = [v for v in stored if v.status == VersionStatus.PUBLISHED]
        latest = max(published, key=lambda v: v.valid_from or date.min, default=None)
        if latest is not None and (latest.valid_from or date.min) >= start:
            self._refuse(
                path,
                "valid_from",
                _(
                    "Khác phiên bản %(number)s đã lưu nhưng hiệu lực không sau nó (%(day)s): "
                    "phiên bản mới phải có valid_from sau ngày đó."
                )
                % {"number": latest.number, "day": (latest.valid_from or date.min).isoformat()},
            )
            return
        if latest is not None and (latest.valid_to is None or latest.valid_to > start):
            latest.valid_to = start
            latest.save(update_fields=["valid_to"])
            version_audit(
                latest,
                "catalog.version_closed",
                actor=self.actor,
                at=self.at,
                valid_to=start.isoformat(),
            )
        self._created(candidate)

    def _refuse(self, path: str, key: str, message: str) -> None:
        self.problems.append(FieldProblem(f"{path}.{key}", message))


def catalog_import(
    *, data: Any, at: datetime, actor: str, progress: Progress | None = None
) -> ImportSummary:
    """Import a catalogue file (``catalog export``) all or nothing.

    Every problem is reported with its JSON path
    (``procedures[3].versions[0].legal_basis[2].artcle``) in one :class:`ValidationFailed`.
    """
    with transaction.atomic():
        existing_procedures = set(ProcedureAlias.objects.values_list("alias", flat=True)) | {
            p.code for p in Procedure.objects.all()
        }
        problems = validate_catalog(
            data,
            existing_fields=set(Field.objects.values_list("code", flat=True)),
            existing_agencies=set(Agency.objects.values_list("code", flat=True)),
            existing_procedures=existing_procedures,
        )
        if problems:
            raise ValidationFailed(
                _("Tệp danh mục có %(count)s lỗi; chưa ghi gì vào hệ thống.")
                % {"count": len(problems)},
                problems=problems,
            )
        for item in data.get("fields", []):
            field_ensure(code=item["code"], name=item["name"], at=at, actor=actor)
        merge = _Merge(at=at, actor=actor)
        items = data.get("procedures", [])
        done = 0
        for index, item in enumerate(items):
            merge.procedure(item, path=f"procedures[{index}]")
            if index + 1 == len(items):
                merge.flush()
            if progress is not None:
                for count in range(done + 1, index + 2 - len(merge.pending)):
                    progress(count, len(items))
            done = index + 1 - len(merge.pending)
        procedures = merge.written
        if merge.problems:
            raise ValidationFailed(
                _("Tệp danh mục có %(count)s lỗi; chưa ghi gì vào hệ thống.")
                % {"count": len(merge.problems)},
                problems=merge.problems,
            )
        policies = 0
        for item in data.get("local_fee_policies", []):
            code = item.get("procedure")
            procedure_ref = None
            if code is not None:
                procedure_ref = procedures.get(code) or procedure_find(code=code)
            local_fee_policy_set(
                administrative_unit_code=item["administrative_unit_code"],
                procedure=procedure_ref,
                amount=item["amount"],
                decision_number=item["decision_number"],
                valid_from=date.fromisoformat(item["valid_from"]),
                valid_to=_day(item.get("valid_to")),
                note=item.get("note") or "",
                channel=item.get("channel") or "",
                at=at,
                actor=actor,
            )
            policies += 1
        summary = ImportSummary(
            fields=len(data.get("fields", [])),
            procedures=len(procedures),
            versions=merge.versions,
            local_fee_policies=policies,
            unchanged=merge.unchanged,
        )
        audit_append(
            actor=actor,
            action="catalog.imported",
            object_type="catalog",
            object_id="catalog",
            at=at,
            data={
                "fields": summary.fields,
                "procedures": summary.procedures,
                "versions": summary.versions,
                "unchanged": summary.unchanged,
                "local_fee_policies": summary.local_fee_policies,
            },
        )
    return summary


def _field_code_for(name: str, known: Mapping[str, str]) -> str:
    """The code of the field whose name folds to the same text, or a code made from the name."""
    folded = fold(name)
    return known.get(folded) or re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:50] or "linh-vuc"


def catalog_import_xlsx(
    *, path: Path, at: datetime, actor: str, progress: Progress | None = None
) -> ImportSummary:
    """Import a published procedure list (a spreadsheet) as draft versions; all or nothing.

    Rows are read into the catalogue file shape and imported by :func:`catalog_import`, so the
    same rules hold: the same sheet twice changes nothing, a changed row becomes a new draft.
    """
    # openpyxl (with numpy and Pillow) is loaded by the import only, not by every web worker.
    from motcua.catalog.xlsx import read_sheet

    sheet = read_sheet(path)
    rows = sheet.rows
    if sheet.problems:
        raise ValidationFailed(
            _("Bảng tính có %(count)s lỗi; chưa ghi gì vào hệ thống.")
            % {"count": len(sheet.problems)},
            problems=sheet.problems,
        )
    known = {fold(f.name): f.code for f in Field.objects.all()}
    fields: dict[str, str] = {}
    procedures = []
    for row in rows:
        code = _field_code_for(row.field_name, known)
        fields.setdefault(code, row.field_name)
        procedures.append(
            {
                **row.identity,
                "versions": [{**row.version, "field": code, "number": 1, "status": "draft"}],
            }
        )
    data = {
        "format": "motcua.catalog",
        "format_version": 1,
        "fields": [
            {"code": code, "name": name} for code, name in fields.items() if code not in known
        ],
        "procedures": procedures,
    }
    try:
        summary = catalog_import(data=data, at=at, actor=actor, progress=progress)
    except ValidationFailed as error:
        by_index = {f"procedures[{i}]": row.number for i, row in enumerate(rows)}
        raise ValidationFailed(
            _("Bảng tính có %(count)s lỗi; chưa ghi gì vào hệ thống.")
            % {"count": len(error.problems)},
            problems=[_row_problem(p, by_index) for p in error.problems],
        ) from None
    return replace(summary, notes=tuple(sheet.notes))


def _row_problem(problem: FieldProblem, by_index: Mapping[str, int]) -> FieldProblem:
    head, _sep, rest = problem.path.partition(".")
    row = by_index.get(head)
    if row is None:
        return problem
    return FieldProblem(
        str(row),
        _("Dòng %(row)s, %(path)s: %(message)s")
        % {"row": row, "path": rest, "message": problem.message},
    )
