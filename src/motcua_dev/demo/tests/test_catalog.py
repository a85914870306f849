from datetime import date

import pytest

from motcua.catalog.fees import fee_quote
from motcua.catalog.models import LocalFeePolicy, OnlineLevel, ProcedureVersion, VersionStatus
from motcua.catalog.selectors import procedure_search, procedure_version_current
from motcua.catalog.tests.factories import AT
from motcua.core.models import AuditEntry
from motcua_dev.demo import catalog as demo


@pytest.mark.django_db
def test_demo_loads_twelve_published_procedures_and_is_idempotent() -> None:
    demo.load(at=AT)
    versions = ProcedureVersion.objects.count()
    audit_rows = AuditEntry.objects.count()

    demo.load(at=AT)

    assert ProcedureVersion.objects.count() == versions
    assert AuditEntry.objects.count() == audit_rows
    assert LocalFeePolicy.objects.count() == 1
    published = procedure_search(on=date(2026, 3, 2))
    assert published.count() >= 12
    assert not ProcedureVersion.objects.exclude(status=VersionStatus.PUBLISHED).exists()
    assert published.filter(online_level=OnlineLevel.FULL).exists()
    for version in published:
        assert version.components.exists(), version
        assert version.steps.exists(), version
    for code in ("1.001821", "1.001771", "1.001733", "1.001748"):
        version = procedure_version_current(code=code, on=date(2026, 3, 2))
        assert version.processing_time_value == 1
        assert version.competent_agency_kind == "commune_military"
    judicial = procedure_version_current(code="2.001417", on=date(2026, 3, 2))
    for channel in ("direct", "online"):
        anywhere = fee_quote(
            version=judicial, administrative_unit_code=None, on=date(2026, 3, 2), channel=channel
        )
        assert anywhere.amount == 200_000
    in_hanoi = {
        channel: fee_quote(
            version=judicial, administrative_unit_code="01", on=date(2026, 3, 2), channel=channel
        ).amount
        for channel in ("direct", "online")
    }
    assert in_hanoi == {"direct": 0, "online": 0}


@pytest.mark.django_db
def test_demo_states_times_and_agencies_in_the_published_shape() -> None:
    demo.load(at=AT)
    on = date(2026, 3, 2)

    marriage = procedure_version_current(code="1.000894", on=on)
    assert (marriage.processing_time_value, marriage.processing_time_unit) == (1, "working_days")
    assert marriage.processing_terms == [
        {"value": 5, "unit": "working_days", "condition": "Trường hợp cần xác minh"}
    ]
    assert "cần xác minh" in marriage.processing_time_text
    judicial = procedure_version_current(code="2.001417", on=on)
    assert [(a["name"], a["role"]) for a in judicial.agency_roles] == [
        ("Sở Tư pháp", "receives"),
        ("Sở Tư pháp", "decides"),
        ("Công an cấp tỉnh", "coordinates"),
    ]

    def first_name(text: str) -> str:
        first = procedure_search(text=text, on=on).first()
        assert first is not None
        return first.name

    assert first_name("military") == "Thủ tục đăng ký nghĩa vụ quân sự lần đầu"
    assert first_name("đăng ký nghĩa vụ quân sự") == "Thủ tục đăng ký nghĩa vụ quân sự lần đầu"
    exact = procedure_search(text="1.001748", on=on).first()
    assert exact is not None
    assert exact.code == "1.001748"
