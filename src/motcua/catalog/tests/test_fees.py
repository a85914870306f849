"""Fees read from the catalogue: rules as stored, the local decision in force for a place, day and
channel, and a catalogue file's fee rules checked path by path."""

import copy
from datetime import UTC, date, datetime
from typing import Any

import pytest

from motcua.catalog.fee_rules import FeeInputs
from motcua.catalog.fees import (
    fee_build,
    fee_payload,
    fee_problems,
    fee_quote,
    fee_quotes_by_channel,
    local_fee_texts,
)
from motcua.catalog.importing import catalog_import
from motcua.catalog.models import FeeRule, Procedure, ProcedureVersion
from motcua.catalog.selectors import catalog_export
from motcua.catalog.services import local_fee_policy_set
from motcua.catalog.tests.factories import ACTOR, AT, CommuneFactory, published_version
from motcua.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db
ON = date(2026, 3, 2)


def _rule(amount: Any, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "fee",
        "name": extra.pop("name", "Phí cung cấp thông tin"),
        "amount": amount,
        **extra,
    }


def _version(*fees: dict[str, Any], **overrides: Any) -> ProcedureVersion:
    CommuneFactory.create()  # 00004, in province 01
    return published_version(fees=list(fees), **overrides)


def _policy(
    unit: str,
    amount: int,
    *,
    procedure: Procedure | None,
    start: date = date(2026, 1, 1),
    end: date | None = None,
    decision: str = "01/QĐ-UBND",
    channel: str = "",
) -> None:
    local_fee_policy_set(
        administrative_unit_code=unit,
        procedure=procedure,
        amount=amount,
        decision_number=decision,
        valid_from=start,
        valid_to=end,
        channel=channel,
        at=datetime(2026, 1, 1, tzinfo=UTC),
        actor="test",
    )


def _quote(
    version: ProcedureVersion, unit: str | None, *, channel: str = "direct", on: date = ON
) -> Any:
    return fee_quote(version=version, administrative_unit_code=unit, on=on, channel=channel)


def test_a_province_decision_in_force_replaces_the_rules_in_its_period_and_place() -> None:
    version = _version(_rule(200_000))
    _policy("01", 0, procedure=version.procedure, end=date(2027, 1, 1), decision="DEMO-01/QĐ-UBND")

    inside = _quote(version, "00004")
    before = _quote(version, "00004", on=date(2025, 12, 31))
    after = _quote(version, "00004", on=date(2027, 1, 1))
    elsewhere = _quote(version, "79")
    anywhere = _quote(version, None)

    assert inside.amount == 0
    assert inside.explanation == (
        "0 đồng (Quyết định số DEMO-01/QĐ-UBND của UBND Thành phố Hà Nội, hiệu lực từ 01/01/2026 "
        "đến hết ngày 31/12/2026)"
    )
    assert [q.amount for q in (before, after, elsewhere, anywhere)] == [200_000] * 4
    assert anywhere.policy is None


def test_the_most_specific_decision_wins_commune_procedure_then_channel() -> None:
    version = _version(_rule(200_000))
    _policy("01", 0, procedure=None, decision="TINH-TAT-CA")
    _policy("01", 50_000, procedure=version.procedure, decision="TINH-THU-TUC")
    _policy("00004", 20_000, procedure=None, decision="XA-TAT-CA")
    _policy("00004", 15_000, procedure=None, decision="XA-TRUC-TUYEN", channel="online")

    def decision(unit: str, channel: str) -> tuple[int, str]:
        q = _quote(version, unit, channel=channel)
        assert q.policy is not None
        return q.amount, q.policy.decision_number

    assert decision("00004", "direct") == (20_000, "XA-TAT-CA")
    assert decision("00004", "online") == (15_000, "XA-TRUC-TUYEN")
    assert decision("01", "direct") == (50_000, "TINH-THU-TUC")


def test_a_decision_for_online_filing_leaves_the_counter_alone_and_the_page_names_it() -> None:
    version = _version(_rule(200_000), channels=["direct", "online"])
    _policy("01", 0, procedure=version.procedure, channel="online", decision="DEMO-01/QĐ-UBND")

    in_hanoi = fee_quotes_by_channel(version=version, on=ON, administrative_unit_code="00004")
    texts = local_fee_texts(version=version, on=ON)

    assert [(q.channel, q.amount) for q in in_hanoi] == [("direct", 200_000), ("online", 0)]
    assert texts == [
        "0 đồng (Quyết định số DEMO-01/QĐ-UBND của UBND Thành phố Hà Nội, hiệu lực từ "
        "01/01/2026) khi nộp theo cách thức: Trực tuyến"
    ]


def test_rules_as_published_give_their_amounts_from_the_database() -> None:
    version = _version(
        _rule(
            20_000, channel_amounts={"online": 10_000}, legal_reference="Thông tư 75/2022/TT-BTC"
        ),
        _rule(
            5_000,
            name="Bản thứ 3 trở đi",
            basis="per_item",
            item_input="copies",
            from_item=3,
            unit_name="bản",
        ),
        _rule(8_000, name="Quá hạn", condition="late"),
        channels=["direct", "online"],
    )

    online = fee_quote(
        version=version,
        administrative_unit_code=None,
        on=ON,
        channel="online",
        inputs=FeeInputs(copies=4, late=True),
    )

    assert online.amount == 10_000 + 2 * 5_000 + 8_000
    assert [q.amount for q in fee_quotes_by_channel(version=version, on=ON)] == [20_000, 10_000]


def test_no_rule_is_unknown_with_the_versions_legal_basis_never_free() -> None:
    version = _version()

    quote = _quote(version, "00004")

    assert (quote.amount, quote.known) == (None, False)
    assert quote.text == (
        "Chưa xác định mức thu: theo quy định tại 78/2015/QH13 Luật Nghĩa vụ quân sự"
    )


def test_theo_quy_dinh_is_stored_as_unknown_and_exported_as_null() -> None:
    version = _version(
        _rule(None, legal_reference="Nghị quyết 10/2025/NQ-HĐND", wording="Theo quy định")
    )

    stored = FeeRule.objects.get(version=version)
    exported = catalog_export()["procedures"][0]["versions"][0]["fees"][0]

    assert (stored.amount_stated, stored.wording) == (False, "Theo quy định")
    assert exported["amount"] is None
    assert _quote(version, None).text == (
        "Chưa xác định mức thu: theo quy định tại Nghị quyết 10/2025/NQ-HĐND"
    )


def test_a_rule_travels_whole_through_its_payload() -> None:
    data: dict[str, Any] = {
        "kind": "charge",
        "name": "Lệ phí cấp phép",
        "amount": None,
        "basis": "tiered",
        "unit_name": "",
        "channel_amounts": {},
        "condition": "",
        "item_input": "area_m2",
        "from_item": 1,
        "maximum": None,
        "tiers": [{"up_to": 100, "amount": 50_000}, {"up_to": None, "amount": 100_000}],
        "exempt_groups": ["Hộ nghèo"],
        "legal_reference": "Nghị quyết 10/2025/NQ-HĐND",
        "wording": "Đến 100 m²: 50.000 đồng; trên 100 m²: 100.000 đồng",
        "note": "",
    }
    version = _version(data)

    assert fee_problems(data, path="fees[0]") == []
    assert fee_payload(FeeRule.objects.get(version=version)) == data
    assert fee_payload(fee_build(version=version, order=1, data=data)) == data


@pytest.mark.parametrize(
    ("fee", "path", "words"),
    [
        (_rule(0, amout=1), "fees[0].amout", "Trường không được hỗ trợ trong một khoản phí"),
        (_rule("200.000 đồng"), "fees[0].amount", "không phải chữ: “200.000 đồng”. Ví dụ 20000"),
        (_rule(-1), "fees[0].amount", "không được âm"),
        (_rule(1.5), "fees[0].amount", "số nguyên đồng (ví dụ 20000)"),
        (_rule(1, channel_amounts={"counter": 1}), "fees[0].channel_amounts.counter", "'online'"),
        (
            _rule(1, channel_amounts={"online": "10.000"}),
            "fees[0].channel_amounts.online",
            "“10.000”",
        ),
        (_rule(1, channel_amounts=[1]), "fees[0].channel_amounts", '{"online": 10000}'),
        (_rule(1, basis="per_item", unit_name="bản"), "fees[0].item_input", "'copies'"),
        (_rule(1, basis="per_item", item_input="copies"), "fees[0].unit_name", "“bản”"),
        (_rule(1, condition="sometimes"), "fees[0].condition", "'late'"),
        (_rule(1, from_item=0), "fees[0].from_item", "từ bản thứ 3"),
        (_rule(1, maximum="200.000"), "fees[0].maximum", "“200.000”"),
        (_rule(1, tiers=[{"up_to": 1, "amount": 1}]), "fees[0].tiers", "basis = tiered"),
        (_rule(1, basis="tiered", item_input="area_m2"), "fees[0].tiers", '"up_to": 100'),
        (
            _rule(
                1,
                basis="tiered",
                item_input="area_m2",
                tiers=[{"up_to": None, "amount": 1}, {"up_to": 5, "amount": 2}],
            ),
            "fees[0].tiers[0].up_to",
            "bậc cuối cùng",
        ),
        (
            _rule(
                1,
                basis="tiered",
                item_input="area_m2",
                tiers=[{"up_to": 9, "amount": 1}, {"up_to": 5, "amount": 2}],
            ),
            "fees[0].tiers[1].up_to",
            "tăng dần",
        ),
        (
            _rule(1, basis="tiered", item_input="area_m2", tiers=[{"to": 9, "amount": 1}]),
            "fees[0].tiers[0].to",
            "up_to và amount",
        ),
        (
            _rule(
                1, basis="tiered", item_input="area_m2", tiers=[{"up_to": "100 m2", "amount": "x"}]
            ),
            "fees[0].tiers[0].up_to",
            "ví dụ 100",
        ),
        (_rule(1, exempt_groups="Trẻ em"), "fees[0].exempt_groups", '["Trẻ em"]'),
        (_rule(1, name=""), "fees[0].name", "Không được để trống"),
        (_rule(1, kind="tax"), "fees[0].kind", "'charge'"),
        (_rule(1, wording=5), "fees[0].wording", "chuỗi ký tự"),
        (_rule(1, legal_reference="x" * 501), "fees[0].legal_reference", "500"),
    ],
)
def test_a_bad_rule_is_named_by_its_path_with_what_is_expected(
    fee: dict[str, Any], path: str, words: str
) -> None:
    problems = fee_problems(fee, path="fees[0]")

    messages = {p.path: p.message for p in problems}
    assert path in messages, messages
    assert words in messages[path]


def test_a_catalogue_file_with_bad_fees_is_refused_whole_naming_each_path() -> None:
    published_version()
    data = catalog_export()
    bad = copy.deepcopy(data)
    fees = bad["procedures"][0]["versions"][0]["fees"]
    fees[0]["amount"] = "Theo quy định"
    fees[0]["phi_khac"] = 1
    bad["local_fee_policies"] = [
        {
            "administrative_unit_code": "01",
            "procedure": None,
            "amount": 0,
            "decision_number": "01/QĐ-UBND",
            "valid_from": "2026-01-01",
            "kenh": "online",
            "channel": "app",
        }
    ]
    before = ProcedureVersion.objects.count()

    with pytest.raises(ValidationFailed) as caught:
        catalog_import(data=bad, at=AT, actor=ACTOR)

    paths = {p.path for p in caught.value.problems}
    assert {
        "procedures[0].versions[0].fees[0].amount",
        "procedures[0].versions[0].fees[0].phi_khac",
        "local_fee_policies[0].kenh",
        "local_fee_policies[0].channel",
    } <= paths
    assert ProcedureVersion.objects.count() == before
