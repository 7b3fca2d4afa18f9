"""Figure builders: plain data in, figures out; no database."""

import json
from dataclasses import dataclass
from decimal import Decimal

import plotly.graph_objects as go
import pytest

from budgets.charts.common import figure_data, wan
from budgets.charts.disclosures import (
    ROOT_ID,
    economic_bar,
    economic_bar_spec,
    functional_sunburst,
    functional_sunburst_spec,
)
from budgets.charts.organizations import totals_by_year, totals_by_year_spec


@dataclass(frozen=True)
class Line:
    code: str
    name: str
    total: Decimal | None


@dataclass(frozen=True)
class EconomicRow:
    dept_item_name: str
    gov_item_name: str
    is_category: bool
    total: Decimal | None
    personnel: Decimal | None
    public: Decimal | None


@dataclass(frozen=True)
class Year:
    fiscal_year: int
    total_yuan: Decimal | None
    basic_yuan: Decimal | None
    project_yuan: Decimal | None
    kind_label: str = "部门预算"

    def get_kind_display(self) -> str:
        return self.kind_label


def yuan(wan_amount: str) -> Decimal:
    return Decimal(wan_amount) * 10000


# 晋城市商务局 2024, 预算支出总表 (lines 165-172), cut down.
JINCHENG = [
    Line("201", "一般公共服务支出", yuan("1990.83")),
    Line("20113", "商贸事务", yuan("1990.83")),
    Line("2011301", "行政运行", yuan("435.85")),
    Line("2011307", "国内贸易管理", yuan("1554.98")),
    Line("221", "住房保障支出", yuan("76.31")),
]


def nodes(figure) -> dict[str, tuple[str, float, str]]:
    trace = figure.data[0]
    return {
        node_id: (parent, value, label)
        for node_id, parent, value, label in zip(
            trace.ids, trace.parents, trace.values, trace.labels, strict=True
        )
    }


class TestFunctionalSunburst:
    def test_builds_the_tree_from_codes(self):
        tree = nodes(functional_sunburst(JINCHENG))

        assert tree[ROOT_ID] == ("", 2067.14, "支出合计")
        assert tree["201"] == (ROOT_ID, 1990.83, "一般公共服务支出")
        assert tree["20113"] == ("201", 1990.83, "商贸事务")
        assert tree["2011301"] == ("20113", 435.85, "行政运行")
        assert tree["221"] == (ROOT_ID, 76.31, "住房保障支出")

    def test_drills_on_click_with_total_branch_values(self):
        trace = functional_sunburst(JINCHENG).data[0]

        assert trace.type == "sunburst"
        assert trace.branchvalues == "total"
        assert "万元" in trace.hovertemplate

    def test_a_parent_is_never_smaller_than_its_rounded_children(self):
        rows = [
            Line("201", "一般公共服务支出", yuan("10.00")),
            Line("20101", "人大事务", yuan("5.01")),
            Line("20102", "政协事务", yuan("5.00")),
        ]

        tree = nodes(functional_sunburst(rows))

        assert tree["201"][1] == 10.01
        assert tree[ROOT_ID][1] == 10.01

    def test_an_item_without_its_section_hangs_under_its_category(self):
        rows = [
            Line("208", "社会保障和就业支出", yuan("8.78")),
            Line("2080899", "其他", yuan("8.78")),
        ]

        tree = nodes(functional_sunburst(rows))

        assert tree["2080899"][0] == "208"

    def test_leaves_out_empty_and_zero_rows(self):
        rows = [*JINCHENG, Line("205", "教育支出", None), Line("210", "卫生健康支出", Decimal(0))]

        tree = nodes(functional_sunburst(rows))

        assert "205" not in tree and "210" not in tree

    def test_children_take_lighter_shades_of_their_categorys_colour(self):
        trace = functional_sunburst(JINCHENG).data[0]
        colours = dict(zip(trace.ids, trace.marker.colors, strict=True))

        assert colours["201"] == "#0072b2"
        assert colours["20113"] == "#4c9cc9"  # 30% towards white
        assert colours["2011301"] == "#99c7e0"  # 60% towards white
        assert colours["221"] != colours["201"]

    def test_figure_data_is_plain_json(self):
        data = figure_data(functional_sunburst(JINCHENG))

        assert json.loads(json.dumps(data)) == data
        assert data["data"][0]["ids"][0] == ROOT_ID


class TestEconomicBar:
    def test_stacks_personnel_and_public_by_category(self):
        rows = [
            EconomicRow("工资福利支出", "", True, yuan("757.99"), yuan("757.99"), None),
            EconomicRow("基本工资", "工资奖金津补贴", False, yuan("107.83"), yuan("107.83"), None),
            EconomicRow("商品和服务支出", "", True, yuan("151.34"), None, yuan("151.34")),
        ]

        figure = economic_bar(rows)

        personnel, public = figure.data
        assert figure.layout.barmode == "stack"
        assert list(personnel.y) == ["商品和服务支出", "工资福利支出"]  # largest on top
        assert list(personnel.x) == [0.0, 757.99]
        assert list(public.x) == [151.34, 0.0]

    def test_uses_detail_rows_when_there_are_no_categories(self):
        rows = [EconomicRow("办公费", "办公经费", False, yuan("1.00"), None, yuan("1.00"))]

        assert list(economic_bar(rows).data[1].y) == ["办公费"]


class TestTotalsByYear:
    def test_groups_total_basic_and_project_by_year_oldest_first(self):
        years = [
            Year(2024, yuan("2373.00"), yuan("1077.76"), yuan("1295.24")),
            Year(2022, yuan("631.81"), None, None, "专项资金"),
        ]

        total, basic, project = totals_by_year(years).data

        assert list(total.x) == ["2022年 专项资金", "2024年 部门预算"]
        assert list(total.y) == [631.81, 2373.0]
        assert list(basic.y) == [None, 1077.76]
        assert project.name == "项目支出"


def test_wan_converts_yuan_for_plotting():
    assert wan(Decimal("19908300.00")) == 1990.83
    assert wan(None) == 0.0


OFFICE = [EconomicRow("办公费", "办公经费", False, yuan("1.00"), None, yuan("1.00"))]
YEARS = [Year(2024, yuan("2373.00"), yuan("1077.76"), yuan("1295.24"))]
BUILDERS = [
    (functional_sunburst, functional_sunburst_spec, JINCHENG),
    (economic_bar, economic_bar_spec, OFFICE),
    (totals_by_year, totals_by_year_spec, YEARS),
]


class TestSpecs:
    """The pages send the plain specs; the `go.Figure` forms validate the same specs."""

    @pytest.mark.parametrize(("build", "build_spec", "rows"), BUILDERS)
    def test_the_spec_is_plain_json_and_what_plotly_validates(self, build, build_spec, rows):
        spec = build_spec(rows)
        validated = figure_data(build(rows))

        assert json.loads(json.dumps(spec)) == spec
        assert figure_data(spec) is spec
        assert validated["data"] == spec["data"]
        layout = {key: value for key, value in validated["layout"].items() if key != "template"}
        assert layout == spec["layout"]

    def test_a_misspelt_property_fails_validation(self):
        spec = functional_sunburst_spec(JINCHENG)
        spec["data"][0]["branchvalue"] = "total"

        with pytest.raises(ValueError, match="branchvalue"):
            go.Figure(spec)
