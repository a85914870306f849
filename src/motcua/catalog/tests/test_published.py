"""The real published procedures collected with their sources import whole and read as published."""

import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from motcua.catalog.fees import fee_payload, fee_quotes_by_channel
from motcua.catalog.importing import catalog_import
from motcua.catalog.models import ProcedureVersion, TimeUnit
from motcua.catalog.selectors import catalog_export, procedure_version_current
from motcua.catalog.tests.factories import ACTOR, AT
from motcua.core.errors import ValidationFailed

DATA = Path(__file__).resolve().parent.parent / "data" / "published" / "procedures.json"
#: What each record's own page adds, with the page's text quoted (``source_text``).
ENRICHMENT = DATA.parent / "enrichment.json"
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
    count = len(json.loads(DATA.read_text(encoding="utf-8"))["procedures"])
    assert f"{count}/{count} procedures" in captured.err
    assert f"{count} procedures, {count} new versions (0 unchanged)" in captured.out
    call_command("catalog", "import", str(DATA))
    assert f"0 new versions ({count} unchanged)" in capsys.readouterr().out


def _in_source(text: str, source: str) -> bool:
    """``text`` is what the page says, its spaces aside."""
    return " ".join(text.split()) in " ".join(source.split())


def _pieces(wording: str) -> list[str]:
    """The published fragments a wording is made of ("; " between them, "…" where the page
    stops)."""
    return [p.strip() for p in wording.split("; ") if p.strip() not in ("", "…")]


def _money(amount: int) -> tuple[str, str]:
    """An amount as a page prints it: "75.000" or "75000"."""
    return f"{amount:,}".replace(",", "."), str(amount)


#: How a page names each channel: filing "at the office" (trụ sở) is filing in person.
CHANNEL_WORDS = {
    "direct": ("trực tiếp", "trụ sở"),
    "online": ("trực tuyến",),
    "post": ("bưu chính", "bưu điện"),
}


def _sets_in(sets: int, source: str) -> bool:
    """The number of dossier sets as a page prints it: "01 (bộ)", "03 bộ", "01(bộ)",
    "Số bộ hồ sơ: 01"."""
    return bool(re.search(rf"0{sets} ?\(|0{sets} bộ|Số bộ hồ sơ:[ :]*0{sets}\b", source))


@pytest.mark.django_db
def test_enriched_records_read_fee_agencies_and_sets_as_their_source_text() -> None:
    catalog_import(data=_load(), at=AT, actor=ACTOR)
    enrichment = json.loads(ENRICHMENT.read_text(encoding="utf-8"))
    assert len(enrichment) >= 17

    for entry in enrichment:
        source = entry["source_text"]
        version = ProcedureVersion.objects.get(source_url=entry["source_url"])
        for wording in [entry.get("fee_text", ""), *(f["wording"] for f in entry.get("fees", []))]:
            for piece in _pieces(wording):
                assert _in_source(piece, source), (entry["ref"], piece)
        assert version.fee_text == entry.get("fee_text", "")
        rules = list(version.fees.order_by("order"))
        assert len(rules) == len(entry.get("fees", []))
        for rule, published in zip(rules, entry.get("fees", []), strict=True):
            stored = fee_payload(rule)
            assert {k: stored[k] for k in published} == published, entry["ref"]
            for amount in (stored["amount"], stored["maximum"]):
                if amount:
                    assert any(m in source for m in _money(amount)), (entry["ref"], amount)
            for amount in stored["channel_amounts"].values():
                # a channel's own amount is only ever the exemption the page states for it
                assert amount == 0, entry["ref"]
                assert "miễn lệ phí" in source.lower(), entry["ref"]
            for group in stored["exempt_groups"]:
                assert _in_source(group, source), (entry["ref"], group)
        for role in version.agency_roles:
            assert _in_source(role["name"], source), (entry["ref"], role["name"])
            assert _in_source(role.get("time_text", ""), source), (entry["ref"], role)
        for result in version.results:
            assert _in_source(result["name"], source), (entry["ref"], result["name"])
        if version.dossier_sets is not None:
            assert _sets_in(version.dossier_sets, source), (entry["ref"], version.dossier_sets)
        for channel in entry.get("channels", []):
            assert any(w in source.lower() for w in CHANNEL_WORDS[channel]), (entry["ref"], channel)


@pytest.mark.django_db
def test_a_sample_of_fees_is_quoted_per_channel_as_the_source_says() -> None:
    catalog_import(data=_load(), at=AT, actor=ACTOR)
    on = AT.date()

    # "Trực tiếp … Lệ phí : 75.000 đồng/ trường hợp"; "Trực tuyến … Miễn lệ phí nếu sử dụng
    # dịch vụ công trực tuyến toàn trình"; "Dịch vụ bưu chính … Lệ phí : 75.000 đồng/ trường hợp"
    guardianship = procedure_version_current(code="2.000756.000.00.00.H18", on=on)
    quotes = {q.channel: q.amount for q in fee_quotes_by_channel(version=guardianship, on=on)}
    assert quotes == {"online": 0, "direct": 75000, "post": 75000}
    assert [a["name"] for a in guardianship.agency_roles] == ["Xã Pú Nhung"]

    # "Lệ phí (nếu có): Không quá 5.000 đồng": the amount is left to the regulation, not free
    marital = procedure_version_current(code="luathonnhan:xac-nhan-hon-nhan", on=on)
    (quote,) = {q.amount: q for q in fee_quotes_by_channel(version=marital, on=on)}.values()
    assert quote.amount is None
    assert not quote.known
    assert marital.dossier_sets == 1
    assert [(a["role"], a["name"]) for a in marital.agency_roles] == [
        ("decides", "UBND cấp xã"),
        ("receives", "UBND cấp xã"),
    ]

    # "Phí, lệ phí: Không", "Số lượng hồ sơ: 01 (bộ)", "Cơ quan có thẩm quyền quyết định: Ban
    # chỉ huy quân sự các huyện, thành phố"
    removal = procedure_version_current(code="hnm-lynhan:xoa-dang-ky-ssnn", on=on)
    assert {q.amount for q in fee_quotes_by_channel(version=removal, on=on)} == {0}
    assert removal.dossier_sets == 1
    assert removal.agency_roles[0] == {
        "name": "Ban chỉ huy quân sự các huyện, thành phố",
        "role": "decides",
    }
    assert [r["kind"] for r in removal.results] == ["record"]

    # "Lệ phí: 10.000" at Điện Bàn's commune; "Trực tiếp | … | Lệ phí : 0 Đồng" at Nậm Pồ
    signature = procedure_version_current(code="qnm-dienban:chung-thuc-chu-ky", on=on)
    assert {q.amount for q in fee_quotes_by_channel(version=signature, on=on)} == {10000}
    moving_in = procedure_version_current(code="1.001748", on=on)
    assert [(q.channel, q.amount) for q in fee_quotes_by_channel(version=moving_in, on=on)] == [
        ("direct", 0)
    ]

    # "Lệ phí: theo từng trường hợp" (Cẩm Phả) and a fee by kind of business and place: unknown,
    # never free
    for code in ("qnh-campha:karaoke-dieu-chinh", "dvc:183327"):
        version = procedure_version_current(code=code, on=on)
        for quote in fee_quotes_by_channel(version=version, on=on):
            assert (quote.amount, quote.known) == (None, False), code

    # "- Bộ phận Tiếp nhận và trả kết quả cấp huyện: 0,5 ngày; - Phòng Văn hóa và Thông tin: 3,5
    # ngày": each agency's share of the time, in its words
    karaoke = procedure_version_current(code="dno-dakmil:karaoke-dieu-chinh", on=on)
    assert [(a["role"], a["time_text"]) for a in karaoke.agency_roles] == [
        ("receives", "0,5 ngày"),
        ("decides", "3,5 ngày"),
    ]
