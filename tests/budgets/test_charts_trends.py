"""The chart of a functional code's years: valid Plotly, and whole organizations on its axis."""

import pytest

from budgets.charts.trends import function_trend_figure, function_trend_spec


def test_trend_chart_is_valid_plotly_with_bars_and_a_count_line():
    figure = function_trend_figure(
        years=[2023, 2024, 2025],
        totals_wan=[297.68, 1990.83, 4031.01],
        organization_counts=[1, 1, 3],
    )

    bars, line = figure.data
    assert list(bars.x) == ["2023年", "2024年", "2025年"]
    assert list(bars.y) == [297.68, 1990.83, 4031.01]
    assert (line.yaxis, list(line.y)) == ("y2", [1, 1, 3])
    assert figure.layout.yaxis2.overlaying == "y"


@pytest.mark.parametrize(("most", "step"), [(3, 1), (6, 1), (7, 2), (40, 10), (2437, 500)])
def test_the_count_axis_ticks_whole_organizations_once_each(most, step):
    spec = function_trend_spec(years=[2025], totals_wan=[1.0], organization_counts=[most])

    assert spec["layout"]["yaxis2"]["dtick"] == step
