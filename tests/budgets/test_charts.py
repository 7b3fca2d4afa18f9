"""Figure builders: plain data in, figures out; no database."""

import json
from dataclasses import dataclass
from decimal import Decimal

import plotly.graph_objects as go
import pytest

from budgets.charts.common import figure_data, wan, wan_text, wrap_label
from budgets.charts.compare import CompareSeries, compare_functions_figure
from budgets.charts.disclosures import (
    REMAINDER_LABEL,
    REMAINDER_SUFFIX,
    ROOT_ID,
    economic_bar,
    economic_bar_spec,
    functional_sunburst,
    functional_sunburst_spec,
    functional_tree,
)
from budgets.charts.functions import function_ranking_figure
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


def nodes(figure) -> dict[str, tuple[str, float, str, str]]:
    """Each sector: (parent, drawn size in 万元, label, the amount printed on it)."""
    trace = figure.data[0]
    return {
        node_id: (parent, value, label, amount)
        for node_id, parent, value, label, (amount, _) in zip(
            trace.ids, trace.parents, trace.values, trace.labels, trace.customdata, strict=True
        )
    }


def sunburst(rows, total=None):
    return functional_sunburst(functional_tree(rows, total_yuan=total))


class TestFunctionalTree:
    def test_rows_that_add_up_have_no_gaps(self):
        tree = functional_tree(JINCHENG, total_yuan=yuan("2067.14"))

        assert tree.gaps == ()
        assert [row.line.code for row in tree.rows] == [line.code for line in JINCHENG]

    def test_a_parent_larger_than_its_children_is_followed_by_its_remainder(self):
        rows = [
            Line("201", "一般公共服务支出", yuan("10.00")),
            Line("20101", "人大事务", yuan("4.00")),
            Line("2010101", "行政运行", yuan("4.00")),
            Line("20102", "政协事务", yuan("5.00")),
            Line("221", "住房保障支出", yuan("1.00")),
        ]

        tree = functional_tree(rows, total_yuan=yuan("11.00"))

        codes = [row.line.code if row.line else "rest of " + row.gap.code for row in tree.rows]
        assert codes == ["201", "20101", "2010101", "20102", "rest of 201", "221"]
        (gap,) = tree.gaps
        assert (gap.code, gap.difference_yuan, gap.is_excess) == ("201", yuan("1.00"), False)
        assert gap.description == "下级科目合计 9.00 万元，比本级少 1.00 万元（未列明）"

    def test_children_larger_than_their_parent_are_an_excess_on_the_parent(self):
        """山阴县商务局's v2: 201's items add up to 499.39 where 201 says 489.39."""
        rows = [
            Line("201", "一般公共服务支出", yuan("489.39")),
            Line("20113", "商贸事务", yuan("499.39")),
            Line("216", "商业服务业等支出", yuan("1783.43")),
        ]

        tree = functional_tree(rows, total_yuan=yuan("2272.82"))

        (gap,) = tree.gaps
        assert (gap.code, gap.is_excess, gap.difference_yuan) == ("201", True, yuan("-10.00"))
        assert gap.description == "下级科目合计 499.39 万元，比本级多 10.00 万元"
        assert not any(row.is_remainder for row in tree.rows)

    def test_a_cent_of_the_documents_unit_per_two_children_is_rounding(self):
        """兴县 prints 万元: 2.60 + 6.67 = 9.27 under 9.26 is rounding; ten 万元 is not."""
        rows = [
            Line("20805", "行政事业单位养老支出", yuan("9.26")),
            Line("2080502", "事业单位离退休", yuan("2.60")),
            Line("2080505", "机关事业单位基本养老保险缴费支出", yuan("6.67")),
            Line("201", "一般公共服务支出", yuan("489.39")),
            Line("20113", "商贸事务", yuan("499.39")),
        ]

        rounding, excess = functional_tree(rows, unit_yuan=Decimal(10000)).gaps

        assert rounding.is_rounding and not excess.is_rounding
        assert rounding.description == "下级科目合计 9.27 万元，比本级多 0.01 万元（舍入差异）"
        assert excess.description == "下级科目合计 499.39 万元，比本级多 10.00 万元"
        in_yuan = functional_tree(rows, unit_yuan=Decimal(1)).gaps  # a document printed in 元
        assert not any(gap.is_rounding for gap in in_yuan)

    def test_the_tables_total_is_checked_against_its_categories(self):
        tree = functional_tree(JINCHENG, total_yuan=yuan("2067.15"))

        assert tree.root_gap.difference_yuan == yuan("0.01")
        assert tree.gaps == (tree.root_gap,)


class TestFunctionalSunburst:
    def test_builds_the_tree_from_codes(self):
        tree = nodes(sunburst(JINCHENG, yuan("2067.14")))

        assert tree[ROOT_ID] == ("", 2067.14, "支出合计", "2,067.14")
        assert tree["201"] == (ROOT_ID, 1990.83, "一般公共服务支出", "1,990.83")
        assert tree["20113"] == ("201", 1990.83, "商贸事务", "1,990.83")
        assert tree["2011301"] == ("20113", 435.85, "行政运行", "435.85")
        assert tree["221"] == (ROOT_ID, 76.31, "住房保障支出", "76.31")

    def test_drills_on_click_with_total_branch_values(self):
        trace = sunburst(JINCHENG).data[0]

        assert trace.type == "sunburst"
        assert trace.branchvalues == "total"
        assert "万元" in trace.customdata[1][1]

    def test_prints_the_documents_figures_where_rounded_children_exceed_them(self):
        """兴县: 2080502 and 2080505 add up to 9.27 under 20805 行政事业单位养老支出 9.26."""
        rows = [
            Line("208", "社会保障和就业支出", yuan("9.26")),
            Line("20805", "行政事业单位养老支出", yuan("9.26")),
            Line("2080502", "事业单位离退休", yuan("2.60")),
            Line("2080505", "机关事业单位基本养老保险缴费支出", yuan("6.67")),
        ]

        figure = sunburst(rows, yuan("9.26"))
        tree = nodes(figure)

        assert tree[ROOT_ID][3] == "9.26"
        assert tree["208"][3] == "9.26"
        assert tree["20805"][3] == "9.26 ※"
        assert tree["20805"][1] == 9.27  # drawn as large as its children, to draw them
        outline = dict(zip(figure.data[0].ids, figure.data[0].marker.line.color, strict=True))
        assert outline["20805"] != outline["208"]
        hover = dict(zip(figure.data[0].ids, figure.data[0].customdata, strict=True))["20805"][1]
        assert "下级科目合计 9.27 万元，比本级多 0.01 万元" in hover

    def test_a_remainder_is_a_marked_sector_of_its_own(self):
        rows = [
            Line("201", "一般公共服务支出", yuan("10.00")),
            Line("20101", "人大事务", yuan("9.00")),
        ]

        figure = sunburst(rows, yuan("12.50"))
        tree = nodes(figure)

        assert tree["201"][1:] == (10.0, "一般公共服务支出", "10.00")
        assert tree["201" + REMAINDER_SUFFIX] == ("201", 1.0, REMAINDER_LABEL, "1.00")
        assert tree[ROOT_ID + REMAINDER_SUFFIX] == (ROOT_ID, 2.5, REMAINDER_LABEL, "2.50")
        assert tree[ROOT_ID][3] == "12.50"
        shapes = dict(zip(figure.data[0].ids, figure.data[0].marker.pattern.shape, strict=True))
        assert shapes["201" + REMAINDER_SUFFIX] == "/" and shapes["201"] == ""

    def test_without_a_stated_total_the_root_says_it_is_a_sum(self):
        tree = nodes(sunburst(JINCHENG))

        assert tree[ROOT_ID][2:] == ("支出合计（各类相加）", "2,067.14")

    def test_an_item_without_its_section_hangs_under_its_category(self):
        rows = [
            Line("208", "社会保障和就业支出", yuan("8.78")),
            Line("2080899", "其他", yuan("8.78")),
        ]

        tree = nodes(sunburst(rows))

        assert tree["2080899"][0] == "208"

    def test_leaves_out_empty_and_zero_rows(self):
        rows = [*JINCHENG, Line("205", "教育支出", None), Line("210", "卫生健康支出", Decimal(0))]

        tree = nodes(sunburst(rows))

        assert "205" not in tree and "210" not in tree

    def test_names_from_documents_are_escaped_for_plotly(self):
        rows = [Line("201", "<b>一般</b>公共服务支出", yuan("1.00"))]

        assert nodes(sunburst(rows))["201"][2] == "&lt;b&gt;一般&lt;/b&gt;公共服务支出"

    def test_children_take_lighter_shades_of_their_categorys_colour(self):
        trace = sunburst(JINCHENG).data[0]
        colours = dict(zip(trace.ids, trace.marker.colors, strict=True))

        assert colours["201"] == "#0072b2"
        assert colours["20113"] == "#4c9cc9"  # 30% towards white
        assert colours["2011301"] == "#99c7e0"  # 60% towards white
        assert colours["221"] != colours["201"]

    def test_figure_data_is_plain_json(self):
        data = figure_data(sunburst(JINCHENG))

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
        totals = [(a.y, a.text) for a in figure.layout.annotations]
        assert totals == [("商品和服务支出", "151.34"), ("工资福利支出", "757.99")]

    def test_a_category_whose_parts_do_not_add_up_prints_its_own_total_marked(self):
        rows = [EconomicRow("工资福利支出", "", True, yuan("10.00"), yuan("8.00"), yuan("1.00"))]

        (annotation,) = economic_bar(rows).layout.annotations

        assert annotation.text == "10.00 ※"
        assert "9.00" in annotation.hovertext

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

        assert list(total.x) == ["2022年<br>专项资金", "2024年<br>部门预算"]
        assert list(total.y) == [631.81, 2373.0]
        assert list(basic.y) == [None, 1077.76]
        assert project.name == "项目支出"


def test_wan_converts_yuan_for_plotting():
    assert wan(Decimal("19908300.00")) == 1990.83
    assert wan(None) == 0.0


def test_wan_text_prints_what_the_tables_print():
    assert wan_text(Decimal("19908300.00")) == "1,990.83"
    assert wan_text(Decimal("50")) == "0.01"  # half up, as budgets.templatetags.money
    assert wan_text(None) == "—"


@pytest.mark.parametrize(
    ("label", "wrapped"),
    [
        ("晋城市工业和信息化局 2025年部门预算", "晋城市工业和信息化局<br>2025年部门预算"),
        ("215 资源勘探工业信息等支出", "215 资源勘探工业<br>信息等支出"),
        ("一般公共服务支出", "一般公共服务支出"),
    ],
)
def test_wrap_label_never_splits_a_year(label, wrapped):
    assert wrap_label(label) == wrapped


OFFICE = [EconomicRow("办公费", "办公经费", False, yuan("1.00"), None, yuan("1.00"))]
YEARS = [Year(2024, yuan("2373.00"), yuan("1077.76"), yuan("1295.24"))]
BUILDERS = [
    (functional_sunburst, functional_sunburst_spec, functional_tree(JINCHENG)),
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
        spec = functional_sunburst_spec(functional_tree(JINCHENG))
        spec["data"][0]["branchvalue"] = "total"

        with pytest.raises(ValueError, match="branchvalue"):
            go.Figure(spec)


def test_the_ranking_draws_one_bar_per_row_even_when_labels_repeat():
    """上海市普陀区 published a 部门预算 and a 单位预算 for 2025: two bars, not one on the other."""
    figure = function_ranking_figure(
        labels=["上海市普陀区 2025年", "上海市普陀区 2025年", "晋城市工业和信息化局 2025年"],
        amounts_wan=[1609.19, 380.81, 1197.78],
    )

    assert list(figure.data[0].y) == [0, 1, 2]
    assert list(figure.layout.yaxis.ticktext) == [
        "上海市普陀区<br>2025年",
        "上海市普陀区<br>2025年",
        "晋城市工业和信息化局<br>2025年",
    ]


def test_the_comparison_keeps_a_category_axis_for_codes_without_names():
    series = [CompareSeries(name="甲", amounts_wan=[1.0, 2.0], shares_percent=[33.3, 66.7])]

    figure = compare_functions_figure(categories=["204", "201 一般公共服务支出"], series=series)

    assert figure.layout.yaxis.type == "category"
