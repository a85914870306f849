from datetime import date

import pytest
from pytest_django import DjangoAssertNumQueries

from motcua.catalog.selectors import (
    fields_list,
    procedure_search,
    procedure_version_current,
    procedure_version_detail,
    procedure_version_for_filing,
)
from motcua.catalog.services import (
    procedure_version_new_draft,
    procedure_version_publish,
)
from motcua.catalog.tests.factories import (
    ACTOR,
    AT,
    FieldFactory,
    published_version,
)
from motcua.core.errors import NotFound


@pytest.mark.django_db
def test_search_without_diacritics_and_by_code() -> None:
    version = published_version()
    FieldFactory.create(code="HOTICH", name="Hộ tịch")
    other = published_version(
        national_code="1.001193", name="Thủ tục đăng ký khai sinh", field_code="HOTICH"
    )
    on = date(2026, 3, 2)

    assert list(procedure_search(text="dang ky nghia vu", on=on)) == [version]
    assert list(procedure_search(text="ĐĂNG KÝ", on=on)) == [other, version]
    assert list(procedure_search(text="1.001748", on=on)) == [version]
    assert list(procedure_search(text="quan su khai sinh", on=on)) == []
    assert list(procedure_search(text="ho tich", on=on)) == [other]


@pytest.mark.django_db
def test_search_filters_by_field_level_agency_kind_and_online_level() -> None:
    version = published_version()
    FieldFactory.create(code="LLTP", name="Lý lịch tư pháp")
    other = published_version(
        national_code="2.001417",
        name="Cấp Phiếu lý lịch tư pháp",
        field_code="LLTP",
        levels=["province"],
        competent_agency_kind="provincial_department",
        online_level="full",
        channels=["direct", "online"],
    )
    on = date(2026, 3, 2)

    assert list(procedure_search(field_code="LLTP", on=on)) == [other]
    assert list(procedure_search(level="commune", on=on)) == [version]
    assert list(procedure_search(level="province", on=on)) == [other]
    assert list(procedure_search(agency_kind="commune_military", on=on)) == [version]
    assert list(procedure_search(online_level="full", on=on)) == [other]


@pytest.mark.django_db
def test_search_and_current_follow_version_periods() -> None:
    first = published_version(valid_from=date(2026, 1, 1))
    draft = procedure_version_new_draft(procedure=first.procedure, at=AT, actor=ACTOR)
    second = procedure_version_publish(
        version=draft, at=AT, actor=ACTOR, valid_from=date(2026, 3, 1)
    )

    assert list(procedure_search(on=date(2025, 12, 31))) == []
    assert list(procedure_search(on=date(2026, 2, 28))) == [first]
    assert list(procedure_search(on=date(2026, 3, 1))) == [second]
    assert procedure_version_current(code="1.001748", on=date(2026, 2, 28)) == first
    assert procedure_version_current(code="1.001748", on=date(2026, 3, 1)) == second
    with pytest.raises(NotFound, match=r"1\.001748"):
        procedure_version_current(code="1.001748", on=date(2025, 1, 1))


@pytest.mark.django_db
def test_drafts_are_not_found() -> None:
    first = published_version()
    procedure_version_new_draft(procedure=first.procedure, at=AT, actor=ACTOR)

    assert list(procedure_search(on=date(2026, 3, 2))) == [first]


@pytest.mark.django_db
def test_current_by_local_code() -> None:
    version = published_version(local_suffix="H38")

    assert procedure_version_current(code="1.001748.H38", on=date(2026, 3, 2)) == version
    with pytest.raises(NotFound):
        procedure_version_current(code="1.001748", on=date(2026, 3, 2))


@pytest.mark.django_db
def test_detail_prefetches_everything(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    version = published_version()

    detail = procedure_version_detail(version=version)

    with django_assert_num_queries(0):
        assert [c.code for c in detail.components.all()] == ["to_khai", "giay_gioi_thieu"]
        assert [b.number for b in detail.legal_basis.all()] == ["78/2015/QH13"]
        assert len(detail.steps.all()) == 3
        assert len(detail.fees.all()) == 1
        assert detail.field.code == "NVQS"
        assert detail.procedure.code == "1.001748"
    assert list(fields_list()) == [detail.field]


@pytest.mark.django_db
def test_the_filing_read_is_kept_until_the_catalogue_changes(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    first = published_version(valid_from=date(2026, 1, 1))
    on = date(2026, 3, 2)
    kept = procedure_version_for_filing(code="1.001748", on=on)
    components = list(first.components.all())
    fees = list(first.fees.order_by("order"))

    with django_assert_num_queries(1):  # the catalogue's generation, nothing else
        again = procedure_version_for_filing(code="1.001748", on=on)
        assert sorted(c.pk for c in again.components.all()) == sorted(c.pk for c in components)
        assert list(again.fees.all()) == fees
    draft = procedure_version_new_draft(procedure=first.procedure, at=AT, actor=ACTOR)
    second = procedure_version_publish(
        version=draft, at=AT, actor=ACTOR, valid_from=date(2026, 3, 1)
    )

    assert again is kept
    assert kept == first
    assert procedure_version_for_filing(code="1.001748", on=on) == second
    with pytest.raises(NotFound, match=r"1\.001748"):
        procedure_version_for_filing(code="1.001748", on=date(2025, 1, 1))
