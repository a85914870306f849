"""The one fee calculation on a table of published rules: no database, exact amounts and words."""

from datetime import date

import pytest

from motcua.catalog.fee_rules import (
    CHARGED,
    EXEMPT,
    NOT_APPLICABLE,
    UNKNOWN,
    FeeInputs,
    Policy,
    Rule,
    Tier,
    amount_text,
    format_dong,
    line_for,
    line_text,
    policy_text,
    quote,
    rule_text,
    unit_amount,
)

ON = date(2026, 3, 2)

RESIDENCE = Rule(
    name="Lệ phí đăng ký thường trú",
    kind="charge",
    amount=20_000,
    channel_amounts={"online": 10_000},
)
RECORD = Rule(name="Phí cung cấp thông tin", kind="fee", amount=200_000)
EXTRA_COPIES = Rule(
    name="Phiếu thứ 3 trở đi",
    kind="fee",
    amount=5_000,
    basis="per_item",
    item_input="copies",
    from_item=3,
    unit_name="Phiếu",
)
LATE = Rule(name="Lệ phí quá hạn", kind="charge", amount=8_000, condition="late")
BY_AREA = Rule(
    name="Lệ phí cấp phép",
    kind="charge",
    amount=None,
    basis="tiered",
    item_input="area_m2",
    tiers=(Tier(up_to=100, amount=50_000), Tier(up_to=None, amount=100_000)),
)
BY_REGULATION = Rule(
    name="Lệ phí cấp giấy phép xây dựng",
    kind="charge",
    amount=None,
    legal_reference="Nghị quyết 10/2025/NQ-HĐND",
)
HANOI = Policy(
    amount=0,
    decision_number="01/QĐ-UBND",
    unit_code="01",
    unit_name="Thành phố Hà Nội",
    channel="",
    valid_from=date(2026, 1, 1),
    valid_to=date(2027, 1, 1),
)


def test_a_channel_with_its_own_figure_pays_it_the_others_the_general_one() -> None:
    assert unit_amount(RESIDENCE, "online") == 10_000
    assert unit_amount(RESIDENCE, "direct") == 20_000
    online = quote([RESIDENCE], channel="online", inputs=FeeInputs())
    direct = quote([RESIDENCE], channel="direct", inputs=FeeInputs())
    assert (online.amount, direct.amount) == (10_000, 20_000)
    assert online.channel == "online"
    assert online.lines[0].state == CHARGED


def test_copies_are_charged_from_the_third_only() -> None:
    amounts = [
        quote([RECORD, EXTRA_COPIES], channel="direct", inputs=FeeInputs(copies=n)).amount
        for n in (1, 2, 3, 5)
    ]
    assert amounts == [200_000, 200_000, 205_000, 215_000]
    line = line_for(EXTRA_COPIES, channel="direct", inputs=FeeInputs(copies=5))
    assert (line.quantity, line.unit_amount, line.amount) == (3, 5_000, 15_000)
    assert line_for(EXTRA_COPIES, channel="direct", inputs=FeeInputs(copies=2)).quantity == 0


def test_a_per_item_rule_counts_what_it_names_and_one_item_by_default() -> None:
    pages = Rule(name="Phí", kind="fee", amount=2_000, basis="per_item", item_input="pages")
    nothing = Rule(name="Phí", kind="fee", amount=2_000, basis="per_item", item_input="")
    assert line_for(pages, channel="direct", inputs=FeeInputs(pages=4, copies=9)).amount == 8_000
    assert line_for(pages, channel="direct", inputs=FeeInputs()).amount == 2_000
    assert line_for(nothing, channel="direct", inputs=FeeInputs(copies=3)).amount == 2_000
    assert line_for(pages, channel="direct", inputs=FeeInputs(pages=0)).amount == 0


def test_a_cap_limits_the_line() -> None:
    capped = Rule(
        name="Phí", kind="fee", amount=2_000, basis="per_item", item_input="pages", maximum=4_000
    )
    assert line_for(capped, channel="direct", inputs=FeeInputs(pages=2)).amount == 4_000
    assert line_for(capped, channel="direct", inputs=FeeInputs(pages=3)).amount == 4_000
    assert line_for(capped, channel="direct", inputs=FeeInputs(pages=1)).amount == 2_000


def test_a_conditional_rule_applies_only_in_its_case() -> None:
    on_time = quote([RECORD, LATE], channel="direct", inputs=FeeInputs())
    late = quote([RECORD, LATE], channel="direct", inputs=FeeInputs(late=True))
    assert (on_time.amount, late.amount) == (200_000, 208_000)
    assert on_time.lines[1].state == NOT_APPLICABLE
    assert (on_time.lines[1].quantity, on_time.lines[1].amount) == (0, 0)
    assert on_time.lines[1].unit_amount == 8_000
    cheaper_online = Rule(
        name="Quá hạn",
        kind="charge",
        amount=8_000,
        channel_amounts={"online": 4_000},
        condition="late",
    )
    skipped = line_for(cheaper_online, channel="online", inputs=FeeInputs())
    assert (skipped.state, skipped.unit_amount) == (NOT_APPLICABLE, 4_000)
    assert late.lines[1].state == CHARGED


def test_tiers_pick_the_first_bound_that_holds_and_no_area_is_unknown() -> None:
    def amount(area: int | None) -> int | None:
        return line_for(BY_AREA, channel="direct", inputs=FeeInputs(area_m2=area)).amount

    assert [amount(a) for a in (0, 100, 101, 5_000)] == [50_000, 50_000, 100_000, 100_000]
    assert amount(None) is None
    unknown = line_for(BY_AREA, channel="direct", inputs=FeeInputs())
    assert (unknown.state, unknown.quantity, unknown.unit_amount) == (UNKNOWN, 1, None)
    bounded = Rule(
        name="Phí",
        kind="fee",
        amount=None,
        basis="tiered",
        item_input="area_m2",
        tiers=(Tier(up_to=100, amount=1),),
    )
    assert line_for(bounded, channel="direct", inputs=FeeInputs(area_m2=101)).amount is None


def test_an_exempt_group_pays_nothing_for_its_rule_whatever_the_spelling() -> None:
    rule = Rule(name="Phí", kind="fee", amount=200_000, exempt_groups=("Người cao tuổi", "Trẻ em"))
    line = line_for(rule, channel="direct", inputs=FeeInputs(applicant_groups=(" trẻ  EM ",)))
    assert (line.state, line.amount, line.exempt_group) == (EXEMPT, 0, "Trẻ em")
    assert (line.unit_amount, line.quantity) == (200_000, 1)
    online = Rule(
        name="Phí",
        kind="fee",
        amount=20_000,
        channel_amounts={"online": 10_000},
        exempt_groups=("Trẻ em",),
    )
    spared = line_for(online, channel="online", inputs=FeeInputs(applicant_groups=("Trẻ em",)))
    assert (spared.state, spared.unit_amount) == (EXEMPT, 10_000)
    other = line_for(rule, channel="direct", inputs=FeeInputs(applicant_groups=("Sinh viên",)))
    assert (other.state, other.amount) == (CHARGED, 200_000)


def test_a_rule_without_figure_makes_the_fee_unknown_never_free() -> None:
    result = quote([RECORD, BY_REGULATION], channel="direct", inputs=FeeInputs())
    assert result.amount is None
    assert not result.known
    assert result.stated
    assert result.text == "Chưa xác định mức thu: theo quy định tại Nghị quyết 10/2025/NQ-HĐND"
    assert result.explanation == (
        "Phí cung cấp thông tin: 200.000 đồng; Lệ phí cấp giấy phép xây dựng: Chưa xác định mức "
        "thu: theo quy định tại Nghị quyết 10/2025/NQ-HĐND"
    )


def test_no_rule_is_unknown_with_the_versions_legal_basis() -> None:
    result = quote([], channel="direct", inputs=FeeInputs(), legal_reference="Luật Cư trú")
    bare = quote([], channel="direct", inputs=FeeInputs())
    assert (result.amount, result.known, result.stated) == (None, False, False)
    assert result.text == "Chưa xác định mức thu: theo quy định tại Luật Cư trú"
    assert result.explanation == result.text
    assert bare.text == "Chưa xác định mức thu (nguồn công bố không ghi mức thu)"


def test_an_unknown_rule_without_its_own_reference_names_the_versions() -> None:
    rule = Rule(name="Lệ phí", kind="charge", amount=None)
    result = quote([rule], channel="direct", inputs=FeeInputs(), legal_reference="Luật X")
    assert result.text == "Chưa xác định mức thu: theo quy định tại Luật X"
    assert result.explanation == "Lệ phí: Chưa xác định mức thu: theo quy định tại Luật X"


def test_a_free_rule_is_free() -> None:
    result = quote(
        [Rule(name="Lệ phí", kind="charge", amount=0)], channel="direct", inputs=FeeInputs()
    )
    assert (result.amount, result.known, result.text) == (0, True, "Miễn phí (0 đồng)")


def test_a_local_decision_replaces_the_sum_unless_every_rule_is_exempt() -> None:
    rules = [RECORD, BY_REGULATION]
    result = quote(rules, channel="online", inputs=FeeInputs(), policy=HANOI)
    assert (result.amount, result.known) == (0, True)
    assert result.explanation == (
        "0 đồng (Quyết định số 01/QĐ-UBND của UBND Thành phố Hà Nội, hiệu lực từ 01/01/2026 đến "
        "hết ngày 31/12/2026)"
    )
    exempt = Rule(name="Phí", kind="fee", amount=200_000, exempt_groups=("Trẻ em",))
    paid = Policy(**{**HANOI.__dict__, "amount": 50_000})
    kept = quote(
        [exempt], channel="direct", inputs=FeeInputs(applicant_groups=("Trẻ em",)), policy=paid
    )
    assert (kept.amount, kept.explanation) == (0, "Phí: 0 đồng (miễn cho đối tượng: Trẻ em)")
    stored = kept.basis(on=ON, unit="01", version=1, inputs=FeeInputs())
    assert stored["policy"] is None
    partly = quote(
        [exempt, RECORD],
        channel="direct",
        inputs=FeeInputs(applicant_groups=("Trẻ em",)),
        policy=paid,
    )
    assert partly.amount == 50_000


def test_the_stored_basis_names_inputs_lines_and_decision() -> None:
    inputs = FeeInputs(copies=4, applicant_groups=("Trẻ em",))
    result = quote([RECORD, EXTRA_COPIES], channel="online", inputs=inputs, policy=HANOI)
    basis = result.basis(on=ON, unit="00004", version=7, inputs=inputs)
    assert basis["policy"] == {
        "unit": "01",
        "decision_number": "01/QĐ-UBND",
        "amount": 0,
        "channel": "",
        "valid_from": "2026-01-01",
        "valid_to": "2027-01-01",
    }
    assert (basis["on"], basis["unit"], basis["version"], basis["channel"]) == (
        "2026-03-02",
        "00004",
        7,
        "online",
    )
    assert (basis["known"], basis["amount"], basis["text"]) == (True, 0, "Miễn phí (0 đồng)")
    assert basis["inputs"] == {
        "late": False,
        "copies": 4,
        "pages": 1,
        "area_m2": None,
        "applicant_groups": ["Trẻ em"],
    }
    assert basis["lines"][1] == {
        "name": "Phiếu thứ 3 trở đi",
        "kind": "fee",
        "state": "charged",
        "unit_amount": 5_000,
        "quantity": 2,
        "amount": 10_000,
        "exempt_group": "",
        "wording": "",
    }
    assert basis["explanation"] == result.explanation
    open_ended = Policy(**{**HANOI.__dict__, "valid_to": None, "amount": 1})
    plain = quote([RECORD], channel="direct", inputs=FeeInputs(), policy=open_ended)
    stored = plain.basis(on=ON, unit="01", version=1, inputs=FeeInputs())
    assert stored["policy"]["valid_to"] is None
    assert (
        quote([RECORD], channel="d", inputs=FeeInputs()).basis(
            on=ON, unit="", version=1, inputs=FeeInputs()
        )["policy"]
        is None
    )


def test_words_for_amounts_lines_and_decisions() -> None:
    assert format_dong(1_234_567) == "1.234.567 đồng"
    assert amount_text(0) == "Miễn phí (0 đồng)"
    assert amount_text(None) == "Chưa xác định mức thu (nguồn công bố không ghi mức thu)"
    unknown = line_for(
        Rule(name="Lệ phí", kind="charge", amount=None), channel="direct", inputs=FeeInputs()
    )
    assert line_text(unknown) == "Lệ phí: Chưa xác định mức thu (nguồn công bố không ghi mức thu)"
    assert amount_text(5_000) == "5.000 đồng"
    copies = line_for(EXTRA_COPIES, channel="direct", inputs=FeeInputs(copies=4))
    assert line_text(copies) == "Phiếu thứ 3 trở đi: 10.000 đồng (2 × 5.000 đồng)"
    single = line_for(RECORD, channel="direct", inputs=FeeInputs())
    assert line_text(single) == "Phí cung cấp thông tin: 200.000 đồng"
    skipped = line_for(LATE, channel="direct", inputs=FeeInputs())
    assert line_text(skipped) == "Lệ phí quá hạn: không áp dụng (Chỉ khi đăng ký quá hạn)"
    online = Policy(**{**HANOI.__dict__, "channel": "online", "valid_to": None, "unit_name": ""})
    assert policy_text(online) == (
        "0 đồng (Quyết định số 01/QĐ-UBND của UBND 01, hiệu lực từ 01/01/2026) khi nộp theo "
        "cách thức: Trực tuyến"
    )


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (RESIDENCE, "20.000 đồng; Trực tuyến: 10.000 đồng"),
        (EXTRA_COPIES, "5.000 đồng / Phiếu (từ Phiếu thứ 3 trở đi)"),
        (
            Rule(name="P", kind="fee", amount=2_000, basis="per_item", unit_name="trang"),
            "2.000 đồng / trang",
        ),
        (
            Rule(name="P", kind="fee", amount=1_000, basis="per_item", maximum=196_000),
            "1.000 đồng (tối đa 196.000 đồng)",
        ),
        (BY_AREA, "Diện tích (m²) đến 100: 50.000 đồng; trên 100: 100.000 đồng"),
        (
            Rule(
                name="P",
                kind="fee",
                amount=None,
                basis="tiered",
                tiers=(Tier(10, 1_000), Tier(None, 2_000)),
            ),
            "đến 10: 1.000 đồng; trên 10: 2.000 đồng",
        ),
        (
            Rule(name="P", kind="fee", amount=500, basis="per_item", unit_name="bản", from_item=2),
            "500 đồng / bản (từ bản thứ 2 trở đi)",
        ),
        (
            Rule(name="P", kind="fee", amount=None),
            "Chưa xác định mức thu (nguồn công bố không ghi mức thu)",
        ),
        (
            Rule(name="P", kind="fee", amount=None, basis="tiered", tiers=(Tier(None, 7),)),
            "mọi mức: 7 đồng",
        ),
        (BY_REGULATION, "Chưa xác định mức thu: theo quy định tại Nghị quyết 10/2025/NQ-HĐND"),
        (
            Rule(name="P", kind="fee", amount=None, channel_amounts={"online": 0}),
            "Trực tuyến: 0 đồng",
        ),
    ],
)
def test_a_rule_is_stated_as_published(rule: Rule, text: str) -> None:
    assert rule_text(rule) == text


def test_an_unknown_rule_states_the_versions_basis_when_it_has_none() -> None:
    rule = Rule(name="P", kind="fee", amount=None)
    assert rule_text(rule, legal_reference="Luật Y") == (
        "Chưa xác định mức thu: theo quy định tại Luật Y"
    )


def test_inputs_name_what_they_count() -> None:
    inputs = FeeInputs(copies=2, pages=3, area_m2=40)
    assert [inputs.value(n) for n in ("copies", "pages", "area_m2", "")] == [2, 3, 40, None]
