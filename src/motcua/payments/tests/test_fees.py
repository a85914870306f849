"""The fee quote on a table of cases: rules, per-item counts, local policies, exemptions."""

from datetime import UTC, date, datetime
from typing import Any

import pytest

from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.services import local_fee_policy_set
from motcua.catalog.tests.factories import CommuneFactory, published_version
from motcua.payments.fees import fee_quote

pytestmark = pytest.mark.django_db
ON = date(2026, 3, 2)


def _rule(
    amount: int, *, basis: str = "fixed", exempt: list[str] | None = None, **extra: Any
) -> dict[str, Any]:
    return {
        "kind": "fee",
        "name": extra.pop("name", "Phí cung cấp thông tin"),
        "amount": amount,
        "basis": basis,
        "unit_name": "trang" if basis == "per_item" else "",
        "exempt_groups": exempt or [],
        "note": "",
    }


def _version(*fees: dict[str, Any]) -> ProcedureVersion:
    CommuneFactory.create()  # 00004, in province 01
    return published_version(fees=list(fees))


def _policy(
    unit: str,
    amount: int,
    *,
    procedure: Procedure | None,
    start: date = date(2026, 1, 1),
    end: date | None = None,
    decision: str = "01/QĐ-UBND",
) -> None:
    local_fee_policy_set(
        administrative_unit_code=unit,
        procedure=procedure,
        amount=amount,
        decision_number=decision,
        valid_from=start,
        valid_to=end,
        at=datetime(2026, 1, 1, tzinfo=UTC),
        actor="test",
    )


def test_the_sum_of_the_rules_with_per_item_counts() -> None:
    version = _version(_rule(200_000), _rule(2_000, basis="per_item", name="Phí sao"))

    quote = fee_quote(version=version, administrative_unit_code="00004", on=ON, quantities={2: 3})

    assert quote.amount == 206_000
    assert [line.amount for line in quote.lines] == [200_000, 6_000]
    assert quote.basis["policy"] is None
    assert "Phí sao: 6.000 đồng (3 × 2.000 đồng)" in quote.explanation
    assert isinstance(quote.amount, int)


def test_a_province_policy_of_zero_dong_in_force_replaces_the_rules() -> None:
    version = _version(_rule(200_000))
    _policy("01", 0, procedure=version.procedure, end=date(2027, 1, 1), decision="DEMO-01/QĐ-UBND")

    quote = fee_quote(version=version, administrative_unit_code="00004", on=ON)
    before = fee_quote(version=version, administrative_unit_code="00004", on=date(2025, 12, 31))
    after = fee_quote(version=version, administrative_unit_code="00004", on=date(2027, 1, 1))

    assert quote.amount == 0
    assert quote.basis["policy"]["decision_number"] == "DEMO-01/QĐ-UBND"
    assert quote.explanation.startswith("0 đồng (Quyết định số DEMO-01/QĐ-UBND của UBND")
    assert "đến hết ngày 31/12/2026" in quote.explanation
    assert (before.amount, after.amount) == (200_000, 200_000)


def test_the_most_specific_policy_wins_commune_over_province_procedure_over_all() -> None:
    version = _version(_rule(200_000))
    _policy("01", 0, procedure=None, decision="TINH-TAT-CA")
    _policy("01", 50_000, procedure=version.procedure, decision="TINH-THU-TUC")
    _policy("00004", 20_000, procedure=None, decision="XA-TAT-CA")

    in_commune = fee_quote(version=version, administrative_unit_code="00004", on=ON)
    elsewhere = fee_quote(version=version, administrative_unit_code="01", on=ON)

    assert (in_commune.amount, in_commune.basis["policy"]["decision_number"]) == (
        20_000,
        "XA-TAT-CA",
    )
    assert (elsewhere.amount, elsewhere.basis["policy"]["decision_number"]) == (
        50_000,
        "TINH-THU-TUC",
    )


def test_a_listed_group_is_exempt() -> None:
    version = _version(_rule(200_000, exempt=["Người cao tuổi", "Trẻ em"]))

    quote = fee_quote(
        version=version, administrative_unit_code="00004", on=ON, applicant_groups=["trẻ em"]
    )

    assert quote.amount == 0
    assert quote.lines[0].exempt_group == "Trẻ em"
    assert "miễn cho đối tượng: Trẻ em" in quote.explanation


def test_no_rules_no_fee() -> None:
    version = _version()

    quote = fee_quote(version=version, administrative_unit_code="00004", on=ON)

    assert (quote.amount, quote.free) == (0, True)
    assert quote.explanation == "Thủ tục không thu phí, lệ phí."
