"""ingest.limits: the budgets a parse runs under, and the figure checks."""

import time
from decimal import Decimal

import pytest

from ingest.limits import (
    MAX_FIGURE_DIGITS,
    BudgetExceeded,
    LineBudget,
    check_time,
    extend_time,
    figure_beyond_storage,
    figure_precision,
    parse_budget,
    time_budget,
)
from ingest.types import SourceLine


def test_the_budget_is_read_from_settings_when_a_parse_starts(settings):
    settings.INGEST_PARSE_MEMORY_MB = 64
    settings.INGEST_MAX_CELLS = 10

    budget = parse_budget()

    assert budget.memory_bytes == 64 * 1024 * 1024
    assert budget.cells == 10
    assert "64 MB" in budget.memory_message


def test_line_budget_stops_at_the_first_line_or_cell_too_many(settings):
    settings.INGEST_MAX_LINES = 3
    settings.INGEST_MAX_CELLS = 100
    lines = LineBudget()
    for _ in range(3):
        lines.add(2)

    with pytest.raises(BudgetExceeded, match="INGEST_MAX_LINES"):
        lines.add(2)

    cells = LineBudget()
    with pytest.raises(BudgetExceeded, match="100 个单元格"):
        cells.add(101)


def test_check_time_raises_only_inside_an_expired_budget():
    check_time()  # no budget: nothing to check
    with time_budget(0.01):
        time.sleep(0.02)
        with pytest.raises(BudgetExceeded, match="时间上限"):
            check_time()
    check_time()  # the budget ended with its block


def test_extended_time_moves_the_deadline_and_is_told_to_the_enforcer():
    heard = []
    extend_time(5)  # no budget: nothing to extend
    with time_budget(0.01, on_extend=heard.append):
        extend_time(5)
        time.sleep(0.02)
        check_time()  # 5.01 s now
        assert heard == [5]
    with time_budget(0.01):
        extend_time(0.01)
        time.sleep(0.03)
        with pytest.raises(BudgetExceeded, match=r"时间上限 0\.02 秒"):
            check_time()


def line(no: int, *cells: str) -> SourceLine:
    return SourceLine(no, tuple(cells))


def test_precision_covers_the_longest_figure():
    lines = [line(1, "合计", "2373.00"), line(2, "项目", "9" * 40 + ".50")]

    assert figure_precision(lines[:1]) == 60
    assert figure_precision(lines) == 40 + 2 + 30


def test_a_number_too_long_to_be_a_figure_is_refused_with_its_line():
    lines = [line(7, "合计", "1" * (MAX_FIGURE_DIGITS + 1))]

    with pytest.raises(BudgetExceeded, match=r"第 7 行的数字“1111"):
        figure_precision(lines)


def test_digits_in_prose_are_not_figures():
    prose = "说明" + "1" * 2000 + "文字"

    assert figure_precision([line(3, prose)]) == 60


def test_a_figure_beyond_numeric_18_2_is_named_with_its_key_and_line():
    parsed = {
        "amount_unit": "万元",
        "summary": {
            "expenditure_total": Decimal("2373.00"),
            "source_lines": {"expenditure_total": [118, 118]},
            "lines": [79, 118],
        },
        "projects": [{"name": "展会", "amount": Decimal("1" + "0" * 13), "lines": [374, 374]}],
    }

    message = figure_beyond_storage(parsed)

    assert message.startswith("第 374 行的数字 10000000000000(amount)")
    parsed["projects"][0]["amount"] = Decimal("999999999999")  # 10^16 yuan less one 万元
    assert figure_beyond_storage(parsed) is None
    parsed["summary"]["expenditure_total"] = Decimal("1e30")
    assert "第 118 行" in figure_beyond_storage(parsed)
