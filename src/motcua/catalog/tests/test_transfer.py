"""Export, import and the ``catalog`` command: config as code, byte-identical round trip."""

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.catalog.importing import BATCH, catalog_import
from motcua.catalog.models import Field, LocalFeePolicy, Procedure, ProcedureVersion
from motcua.catalog.payload import procedure_codes
from motcua.catalog.selectors import catalog_export, catalog_export_bytes
from motcua.catalog.services import procedure_version_new_draft
from motcua.catalog.tests.factories import ACTOR, AT, AgencyFactory, published_version
from motcua.core.errors import ValidationFailed
from motcua.core.models import AuditEntry
from motcua.core.selectors import audit_verify
from motcua_dev.bench.catalog_file import catalog_file
from motcua_dev.demo import catalog as demo


def _flush_catalog() -> None:
    LocalFeePolicy.objects.all().delete()
    for version in ProcedureVersion.objects.all():
        version.agencies.clear()
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    Field.objects.all().delete()


@pytest.mark.django_db
def test_export_import_export_gives_the_same_bytes() -> None:
    # given a catalogue with published, closed and draft versions, agencies and a fee policy
    demo.load(at=AT)
    agency = AgencyFactory.create()
    version = published_version(
        national_code="1.000001", local_suffix="H26", agency_codes=[agency.code]
    )
    procedure_version_new_draft(procedure=version.procedure, at=AT, actor=ACTOR)
    first = catalog_export_bytes()

    # when the catalogue is emptied and the export imported
    _flush_catalog()
    assert not ProcedureVersion.objects.exists()
    summary = catalog_import(data=json.loads(first), at=AT, actor=ACTOR)

    # then exporting again gives the same bytes
    assert summary.procedures == 14
    assert catalog_export_bytes() == first
    assert b'"id"' not in first
    assert (
        ProcedureVersion.objects.get(procedure__local_suffix="H26", number=1).agencies.get()
        == agency
    )


@pytest.mark.django_db
def test_bad_import_names_every_bad_field_and_writes_nothing() -> None:
    published_version()
    good = catalog_export()
    _flush_catalog()
    data: dict[str, Any] = copy.deepcopy(good)
    procedure = data["procedures"][0]
    version = procedure["versions"][0]
    version["components"][0]["schema"] = {"type": "no-such-type"}
    version["fees"][0]["amount"] = 12.5
    version["agencies"] = ["000.00.99.H99"]
    version["steps"][0]["minutes"] = 10_000
    data["procedures"].append(copy.deepcopy(procedure))
    data["local_fee_policies"] = [
        {
            "administrative_unit_code": "x",
            "procedure": "9.999999",
            "amount": 0,
            "valid_from": "2026-13-01",
        }
    ]

    with pytest.raises(ValidationFailed) as caught:
        catalog_import(data=data, at=AT, actor=ACTOR)

    paths = {p.path for p in caught.value.problems}
    for prefix in ("procedures[0]", "procedures[1]"):
        assert f"{prefix}.versions[0].components[0].schema" in paths
        assert f"{prefix}.versions[0].fees[0].amount" in paths
        assert f"{prefix}.versions[0].agencies[0]" in paths
        assert f"{prefix}.versions[0].steps" in paths
    assert "procedures[1].national_code" in paths
    assert {
        "local_fee_policies[0].administrative_unit_code",
        "local_fee_policies[0].procedure",
        "local_fee_policies[0].decision_number",
        "local_fee_policies[0].valid_from",
    } <= paths
    assert not Procedure.objects.exists()
    assert not Field.objects.exists()


@pytest.mark.django_db
def test_importing_what_is_already_there_changes_nothing() -> None:
    published_version()
    before = catalog_export_bytes()

    summary = catalog_import(data=catalog_export(), at=AT, actor=ACTOR)

    assert (summary.versions, summary.unchanged) == (0, 1)
    assert catalog_export_bytes() == before


@pytest.mark.django_db
def test_import_refuses_overlapping_published_periods() -> None:
    published_version()
    data = catalog_export()
    _flush_catalog()
    second = copy.deepcopy(data["procedures"][0]["versions"][0])
    second["number"] = 2
    second["valid_from"] = date(2026, 2, 1).isoformat()
    data["procedures"][0]["versions"].append(second)

    with pytest.raises(ValidationFailed) as caught:
        catalog_import(data=data, at=AT, actor=ACTOR)

    assert [p.path for p in caught.value.problems] == ["procedures[0].versions[1].valid_from"]


@pytest.mark.django_db
def test_command_round_trip_and_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    published_version()
    exported = tmp_path / "catalog.json"
    call_command("catalog", "export", str(exported))
    _flush_catalog()
    call_command("catalog", "import", str(exported))
    again = tmp_path / "again.json"
    call_command("catalog", "export", str(again))
    assert again.read_bytes() == exported.read_bytes()

    broken = json.loads(exported.read_text())
    broken["procedures"][0]["versions"][0]["name"] = ""
    _flush_catalog()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(broken))
    with pytest.raises(CommandError) as caught:
        call_command("catalog", "import", str(bad))

    assert caught.value.returncode == 1
    assert "procedures[0].versions[0].name: Không được để trống." in capsys.readouterr().err
    assert not Procedure.objects.exists()


@pytest.mark.django_db
def test_a_changed_published_version_becomes_a_new_version_and_the_old_one_stays() -> None:
    # given a published procedure, as a province's file holds it
    first = published_version()
    data = catalog_export()
    entry = data["procedures"][0]["versions"][0]

    # when the file brings a new published wording from 1 March, with the old number
    entry["processing_time"] = {
        "value": 1,
        "unit": "working_days",
        "text": "01 ngày làm việc. Trường hợp cần xác minh không quá 03 ngày làm việc",
        "terms": [{"value": 3, "unit": "working_days", "condition": "Trường hợp cần xác minh"}],
    }
    entry["valid_from"] = "2026-03-01"
    summary = catalog_import(data=data, at=AT, actor=ACTOR)

    # then it is a second version; the first one (pinned by dossiers already received) is
    # unchanged but closed on that day
    assert (summary.versions, summary.unchanged) == (1, 0)
    versions = list(ProcedureVersion.objects.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].pk == first.pk
    assert versions[0].processing_terms == []
    assert versions[0].valid_to == date(2026, 3, 1)
    assert versions[1].processing_terms[0]["value"] == 3
    # and the same file again changes nothing
    again = catalog_import(data=data, at=AT, actor=ACTOR)
    assert (again.versions, again.unchanged) == (0, 1)
    assert ProcedureVersion.objects.count() == 2


@pytest.mark.django_db
def test_a_new_version_cannot_start_before_the_stored_one() -> None:
    published_version(valid_from=date(2026, 1, 1))
    data = catalog_export()
    entry = data["procedures"][0]["versions"][0]
    entry["name"] = "Tên khác"
    entry["valid_from"] = "2025-06-01"

    with pytest.raises(ValidationFailed) as caught:
        catalog_import(data=data, at=AT, actor=ACTOR)

    assert [p.path for p in caught.value.problems] == ["procedures[0].versions[0].valid_from"]
    assert ProcedureVersion.objects.count() == 1


@pytest.mark.django_db
def test_a_procedure_without_a_national_code_is_known_by_its_alias() -> None:
    version = published_version(national_code="", aliases=["B-BTP-BS43"])

    assert version.procedure.code == "B-BTP-BS43"
    found = catalog_export()["procedures"][0]
    assert (found["national_code"], found["aliases"]) == ("", ["B-BTP-BS43"])


@pytest.mark.django_db
def test_a_file_larger_than_a_batch_goes_in_whole_with_progress_for_each_procedure() -> None:
    # given the published set grown past one batch of new procedures
    data = catalog_file(BATCH + 3)
    calls: list[tuple[int, int]] = []

    summary = catalog_import(
        data=data, at=AT, actor=ACTOR, progress=lambda done, total: calls.append((done, total))
    )

    # then every procedure is written, progress counts each one once and in order, and the
    # audit chain of every version verifies
    total = BATCH + 3
    assert calls == [(done, total) for done in range(1, total + 1)]
    versions = sum(len(item["versions"]) for item in data["procedures"])
    assert (summary.procedures, summary.versions) == (total, versions)
    assert Procedure.objects.count() == total
    assert ProcedureVersion.objects.count() == versions
    assert AuditEntry.objects.filter(action="catalog.version_imported").count() == versions
    assert audit_verify() is None
    # and each written row reads back as the file states it
    exported = _versions(catalog_export())
    for key, version in _versions(data).items():
        assert _summary(exported[key]) == _summary(version)
    assert len(exported) == versions

    # when the same file is imported again nothing changes
    again = catalog_import(data=data, at=AT, actor=ACTOR)
    assert (again.versions, again.unchanged) == (0, versions)
    assert ProcedureVersion.objects.count() == versions


def _versions(data: dict[str, Any]) -> dict[tuple[str, int], dict[str, Any]]:
    """The versions of a catalogue file by their procedure's first code and their number."""
    return {
        (procedure_codes(item).key, version["number"]): version
        for item in data["procedures"]
        for version in item["versions"]
    }


def _summary(version: dict[str, Any]) -> tuple[Any, ...]:
    time = version.get("processing_time") or {}
    return (
        version["name"],
        version["field"],
        version.get("levels", []),
        version.get("channels", []),
        version.get("source_url", ""),
        version.get("fee_text", ""),
        version.get("dossier_sets"),
        (time.get("value"), time.get("unit", ""), time.get("terms") or []),
        [
            (f["name"], f.get("amount"), f.get("channel_amounts") or {})
            for f in version.get("fees", [])
        ],
        [(b["number"], b.get("article", "")) for b in version.get("legal_basis", [])],
        [c["code"] for c in version.get("components", [])],
        [r["name"] for r in version.get("agency_roles", [])],
    )
