"""The costing that shows its work: each item's hours and money, the assumptions with sources."""

from motcua.reform import costs

PROFILE = costs.CostProfile(
    items=(
        costs.CostItem("step", "A", minutes=120),
        costs.CostItem("step", "B", minutes=60),
        costs.CostItem("component", "Giấy", minutes=30, amount=2_000),
        costs.CostItem("fee", "Lệ phí", amount=50_000),
    ),
    times_per_year=2,
    subjects=100,
)
ASSUMPTIONS = costs.Assumptions(
    times_per_year=costs.Assumption(3, "Khảo sát 2026"),
    subjects=costs.Assumption(40, "Niên giám thống kê 2025"),
    hourly_rate=costs.Assumption(30_000, "Mức giờ công 2026"),
)


def test_every_figure_expands_to_its_inputs() -> None:
    result = costs.costing(PROFILE, [{"kind": "step", "name": "B"}], assumptions=ASSUMPTIONS)

    lines = {line.item.name: line for line in result.lines}
    assert (lines["A"].hours, lines["A"].time_cost, lines["A"].once) == (2.0, 60_000, 60_000)
    assert (lines["Giấy"].hours, lines["Giấy"].time_cost, lines["Giấy"].once) == (
        0.5,
        15_000,
        17_000,
    )
    assert not lines["B"].kept
    assert lines["A"].kept
    # the lines add up to the cost of one time, and the year multiplies the assumptions
    assert sum(line.once for line in result.lines) == result.comparison.before.once == 157_000
    assert result.comparison.before.annual == 157_000 * 3 * 40
    assert result.per_subject_year == 120
    assert sum(line.once for line in result.lines if line.kept) == result.comparison.after.once


def test_a_plans_stored_assumptions_replace_the_defaults_with_their_sources() -> None:
    stored = {"subjects": {"value": 7, "source": "Báo cáo của Sở 03/2026"}, "other": 1}

    merged = ASSUMPTIONS.with_overrides(stored)

    assert merged.subjects == costs.Assumption(7, "Báo cáo của Sở 03/2026")
    assert merged.times_per_year == ASSUMPTIONS.times_per_year
    assert merged.as_json()["subjects"] == {"value": 7, "source": "Báo cáo của Sở 03/2026"}
