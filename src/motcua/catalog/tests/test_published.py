"""The real published procedures collected with their sources import whole and read as published."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from motcua.catalog.importing import catalog_import
from motcua.catalog.models import ProcedureVersion, TimeUnit
from motcua.catalog.selectors import catalog_export, procedure_version_current
from motcua.catalog.tests.factories import ACTOR, AT
from motcua.core.errors import ValidationFailed

DATA = Path(__file__).resolve().parent.parent / "data" / "published" / "procedures.json"
#: The records the fixture was built from, as collected from each source page.
SOURCES = (
    Path(__file__).resolve().parents[2] / "reform" / "data" / "overlap_eval" / "procedures.json"
)


def _load() -> dict[str, object]:
    data: dict[str, object] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


@pytest.mark.django_db
def test_the_whole_published_set_imports_and_again_changes_nothing() -> None:
    data = _load()
    procedures = data["procedures"]
    assert isinstance(procedures, list)
    assert len(procedures) >= 100
    assert all(p["versions"][0]["source_url"].startswith("http") for p in procedures)

    summary = catalog_import(data=data, at=AT, actor=ACTOR)

    assert (summary.procedures, summary.versions) == (len(procedures), len(procedures))
    exported = catalog_export()
    again = catalog_import(data=_load(), at=AT, actor=ACTOR)
    assert (again.versions, again.unchanged) == (0, len(procedures))
    assert catalog_export() == exported


@pytest.mark.django_db
def test_a_sample_reads_field_by_field_as_its_source() -> None:
    catalog_import(data=_load(), at=AT, actor=ACTOR)
    records = {r["source"]: r for r in json.loads(SOURCES.read_text(encoding="utf-8"))}
    on = AT.date()

    # a national code, a full ký hiệu of two provinces, an old number, and no code at all
    for code in (
        "1.001193",
        "1.009319.000.00.00.H41",
        "1.009319.000.00.00.H15",
        "T-THA-288411-TT",
        "hcm-linhtay:khai-tu",
    ):
        version = procedure_version_current(code=code, on=on)
        source = records[version.source_url]
        assert version.name == source["name"]
        assert version.implementing_agency == source["agency"]
        assert version.decision_number == source["decision"]
        assert [b.title for b in version.legal_basis.order_by("order")] == source["legal_basis"]
        assert [c.name for c in version.components.order_by("order")] == source["documents"]
        assert version.processing_time_text == source["time"]

    # the two provinces' records of 1.009319 are two procedures, each found by its ký hiệu
    h41 = procedure_version_current(code="1.009319.H41", on=on)
    h15 = procedure_version_current(code="1.009319.000.00.00.H15", on=on)
    assert h41.pk != h15.pk

    # a time with a condition keeps its wording and reads into terms
    verified = ProcedureVersion.objects.get(
        processing_time_text="05 ngày làm việc; cần xác minh thì không quá 10 ngày"
    )
    assert (verified.processing_time_value, verified.processing_time_unit) == (
        5,
        TimeUnit.WORKING_DAYS,
    )
    assert verified.processing_terms == [
        {"value": 10, "unit": "calendar_days", "condition": "Trường hợp cần xác minh"}
    ]
    # a time that does not read is kept as published, with no number guessed
    split = ProcedureVersion.objects.get(
        processing_time_text="Tại UBND xã 02 ngày; tại cấp huyện 03 ngày"
    )
    assert (split.processing_time_value, split.processing_time_unit) == (None, "")
    # "Không quy định" is stored as not regulated
    assert ProcedureVersion.objects.filter(
        processing_time_unit=TimeUnit.NOT_REGULATED, processing_time_text="Không quy định"
    ).exists()


@pytest.mark.django_db
def test_a_bad_file_names_every_path_says_what_is_expected_and_writes_nothing() -> None:
    data = _load()
    procedures = data["procedures"]
    assert isinstance(procedures, list)
    version = procedures[0]["versions"][0]
    version["legal_basis"] = [{"number": "60/2014/QH13", "title": "Luật", "artcle": "Điều 3"}]
    version["components"][0]["colour"] = "red"
    version["processing_time"] = {
        "value": "2,5",
        "unit": "working_hours",
        "terms": [{"value": 0, "unit": "working_days", "condition": "x", "when": "y"}],
    }
    version["agency_roles"] = [{"name": "UBND xã", "role": "signs"}]
    procedures[1]["versions"][0]["processing_time"] = {"value": 3, "unit": "same_day"}
    procedures[2]["versions"][0]["processing_time"] = {"value": 900, "unit": "working_days"}

    with pytest.raises(ValidationFailed) as caught:
        catalog_import(data=data, at=AT, actor=ACTOR)

    problems = {p.path: p.message for p in caught.value.problems}
    prefix = "procedures[0].versions[0]"
    assert set(problems) == {
        f"{prefix}.legal_basis[0].artcle",
        f"{prefix}.components[0].colour",
        f"{prefix}.processing_time.value",
        f"{prefix}.processing_time.terms[0].when",
        f"{prefix}.processing_time.terms[0].value",
        f"{prefix}.agency_roles[0].role",
        "procedures[1].versions[0].processing_time.value",
        "procedures[2].versions[0].processing_time.value",
    }
    assert "article" in problems[f"{prefix}.legal_basis[0].artcle"]
    assert "số nguyên" in problems[f"{prefix}.processing_time.value"]
    assert "working_hours" in problems[f"{prefix}.processing_time.value"]
    assert "same_day" in problems[f"{prefix}.processing_time.terms[0].value"]
    assert "không kèm số" in problems["procedures[1].versions[0].processing_time.value"]
    assert "quá dài" in problems["procedures[2].versions[0].processing_time.value"]
    assert "receives" in problems[f"{prefix}.agency_roles[0].role"]
    assert not ProcedureVersion.objects.exists()


@pytest.mark.django_db
def test_records_read_from_stored_pages_keep_fees_agencies_and_times_as_published() -> None:
    catalog_import(data=_load(), at=AT, actor=ACTOR)
    on = AT.date()

    # An Giang's announcing table: same day with the 15:00 cut-off, the fee due only when late
    birth = procedure_version_current(code="agg-chauphu:khai-sinh", on=on)
    assert birth.processing_time_unit == TimeUnit.SAME_DAY
    assert birth.processing_time_text.startswith("Ngay trong ngày tiếp nhận yêu cầu, trường hợp")
    assert birth.fee_text == (
        "8.000 đồng/lần đăng ký. (Đối với đăng ký khai sinh không đúng hạn, đăng ký lại khai "
        "sinh, đăng ký khai sinh cho người đã có hồ sơ, giấy tờ cá nhân)"
    )
    assert birth.source_url.startswith("http://chauphu.angiang.gov.vn/")

    # Lạng Sơn's record by its full ký hiệu: 01 bộ, 03 ngày làm việc, who receives and decides
    mobile = procedure_version_current(code="1.000593.000.00.00.H37", on=on)
    assert mobile.procedure.code == "1.000593.H37"
    assert mobile.dossier_sets == 1
    assert (mobile.processing_time_value, mobile.processing_time_unit) == (3, "working_days")
    assert mobile.processing_time_text == (
        "03 ngày làm việc (theo Quyết định số 2661/QĐ-UBND ngày 20/12/2020)"
    )
    assert mobile.fee_text == "Miễn lệ phí"
    assert mobile.online_level == "partial"
    assert [a["role"] for a in mobile.agency_roles] == ["receives", "decides"]
    assert mobile.legal_basis.count() == 12

    # the old database number of the issue finds its record
    old = procedure_version_current(code="B-BTP-BS43", on=on)
    assert old.name == "Đăng ký kết hôn trường hợp quan hệ vợ chồng được xác lập trước 03/01/1987"
    assert old.processing_time_unit == TimeUnit.SAME_DAY
    assert [(r["kind"], r["name"]) for r in old.results] == [
        ("certificate", "Giấy chứng nhận kết hôn")
    ]


@pytest.mark.django_db
def test_the_command_shows_progress_and_imports_the_set_whole(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("catalog", "import", str(DATA))

    captured = capsys.readouterr()
    assert "120/120 procedures" in captured.err
    assert "120 procedures, 120 new versions (0 unchanged)" in captured.out
    call_command("catalog", "import", str(DATA))
    assert "0 new versions (120 unchanged)" in capsys.readouterr().out
