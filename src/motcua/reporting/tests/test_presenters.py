"""What the index's pages write: rates with their counts, "chưa đủ dữ liệu", the trend's axes."""

from collections import Counter

from motcua.reporting.presenters import (
    CHART_HEIGHT,
    TrendRow,
    indicator_rows,
    rate_text,
    trend_axes,
)
from motcua.reporting.selectors import compute_index


def test_a_rate_carries_its_counts() -> None:
    assert rate_text(19, 20) == "95,0 % (19/20)"


def test_an_indicator_on_too_few_dossiers_reads_not_enough_data() -> None:
    counts = Counter({"received": 20, "online": 19, "with_fee": 1, "paid_online": 1})
    rows = {r["code"]: r for r in indicator_rows(compute_index(counts, minimum=5), minimum=5)}
    assert rows["4.2"]["rate"] == "95,0 % (19/20)"
    assert rows["4.2"]["enough"]
    assert rows["4.3"]["rate"] == "chưa đủ dữ liệu"
    assert not rows["4.3"]["enough"]
    assert rows["4.3"]["points"] == "0,00"
    assert rows["4.3"]["denominator"] == "dưới 5"


def test_the_trend_chart_has_its_axes_and_month_labels() -> None:
    rows = [
        TrendRow("01/2026", 10, "", "", online_width=50, on_time_width=100, x=60),
        TrendRow("02/2026", 10, "", "", online_width=0, on_time_width=25, x=116),
    ]
    axes = trend_axes(rows)
    assert [label for _y, label in axes.ticks] == ["0 %", "25 %", "50 %", "75 %", "100 %"]
    assert axes.ticks[0][0] == axes.baseline
    assert axes.ticks[-1][0] == axes.baseline - CHART_HEIGHT
    # a bar of 100 % reaches the top tick, one of 50 % half-way
    assert rows[0].on_time_y == axes.ticks[-1][0]
    assert rows[0].online_y == axes.ticks[2][0]
    assert rows[0].label_x < rows[1].label_x < axes.right


def test_only_the_counts_under_the_minimum_are_hidden() -> None:
    # 2 of 100 dossiers filed online: the 2 is hidden (and the rate that would reveal it), the
    # 100 is not "under 5"
    counts = Counter({"received": 100, "online": 2, "resolved": 3, "resolved_on_time": 3})
    rows = {r["code"]: r for r in indicator_rows(compute_index(counts, minimum=5), minimum=5)}
    assert (rows["4.2"]["numerator"], rows["4.2"]["denominator"], rows["4.2"]["rate"]) == (
        "dưới 5",
        100,
        "—",
    )
    assert (rows["1.2"]["numerator"], rows["1.2"]["denominator"]) == (100, 100)
    assert (rows["2.1"]["numerator"], rows["2.1"]["denominator"], rows["2.1"]["rate"]) == (
        "dưới 5",
        "dưới 5",
        "chưa đủ dữ liệu",
    )
    # none filed online: nothing to hide, the rate is known
    rows = {
        r["code"]: r
        for r in indicator_rows(compute_index(Counter({"received": 100}), minimum=5), minimum=5)
    }
    assert (rows["4.2"]["numerator"], rows["4.2"]["denominator"], rows["4.2"]["rate"]) == (
        0,
        100,
        "0,0 % (0/100)",
    )
