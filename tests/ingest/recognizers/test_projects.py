"""表12-13 项目支出, unit subtotals apart, and special-funds projects in prose."""

from decimal import Decimal as D

import pytest

from ingest.recognizers.projects import is_org_name, split_groups

from ..samples import parsed, row

COUNTS = {
    # projects, carryover projects, groups, carryover groups, project sum
    "000": (21, 0, 1, 0, "1295.24"),
    "001": (25, 1, 3, 2, "3808.97"),
    "002": (8, 1, 3, 2, "1030.49"),  # the unit rows sum 0.01 under 1030.50
    "003": (7, 2, 1, 2, "337.00"),
}


@pytest.mark.parametrize("sample", sorted(COUNTS))
def test_project_counts_and_sums(sample):
    result = parsed(sample)
    projects, carried, groups, carried_groups, total = COUNTS[sample]
    assert len(result["projects"]) == projects
    assert len(result["carryover_projects"]) == carried
    assert len(result["project_groups"]) == groups
    assert len(result["carryover_project_groups"]) == carried_groups
    assert sum(p["amount"] for p in result["projects"]) == D(total)


def test_subtotal_rows_are_not_projects():
    result = parsed("001")
    names = {p["name"] for p in result["projects"]}
    assert "晋城市工业和信息化局" not in names
    assert [(g["name"], g["amount"], g["level"]) for g in result["project_groups"]] == [
        ("晋城市工业和信息化局", D("3808.97"), "department"),
        ("晋城市工业和信息化局", D("3772.58"), "unit"),
        ("晋城市工信(国资)综合服务中心", D("36.39"), "unit"),
    ]
    cement = row(result["projects"], name="散装水泥工作经费")
    assert (cement["amount"], cement["unit"]) == (D("20.00"), "晋城市工信(国资)综合服务中心")


def test_wrapped_project_names_are_joined():
    projects = parsed("001")["projects"]
    assert row(projects, name="解决春光热电公司政策性关停后职工费用")["amount"] == D("560.15")
    assert row(projects, name='晋城市"十五五"工业发展系列规划(2026年-2030年)')["amount"] == D(
        "50.00"
    )
    projects_000 = parsed("000")["projects"]
    assert row(projects_000, name="晋城市中心城区商业网点设施布局专项规划编制费用")["amount"] == D(
        "40.20"
    )
    assert row(projects_000, name="2023年晋城市春季汽车展销活动")["lines"] == [386, 386]


def test_carryover_projects_of_003_name_the_parent_department():
    result = parsed("003")
    assert [(p["name"], p["amount"]) for p in result["carryover_projects"]] == [
        ("兴县蔡家崖乡村e镇1", D("93.51")),
        ("兴县蔡家崖乡村e镇2", D("9.49")),
    ]
    assert result["carryover_project_groups"][0]["name"] == "兴县工业和信息化局"


def test_empty_carryover_table_of_000():
    result = parsed("000")
    assert result["carryover_projects"] == []
    assert "carryover_projects" not in result["missing_tables"]


def test_organisation_like_project_that_does_not_sum_stays_a_project():
    rows = [
        {"name": "某某局", "amount": D("30.00"), "lines": [1, 1]},
        {"name": "会展项目", "amount": D("10.00"), "lines": [2, 2]},
        {"name": "全市美食博览会办公室", "amount": D("5.00"), "lines": [3, 3]},
        {"name": "宣传经费", "amount": D("15.00"), "lines": [4, 4]},
    ]
    projects, groups = split_groups(rows)
    assert [g["name"] for g in groups] == ["某某局"]
    assert [p["name"] for p in projects] == ["会展项目", "全市美食博览会办公室", "宣传经费"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("晋城市商务局", True),
        ("山阴县商务局(部门)", True),
        ("兴县电子商务服务中心", True),
        ("公共服务中心运营费用", False),
        ("晋城市商务局电子商务专项资金", False),
        ("合计", True),
    ],
)
def test_organisation_names(name, expected):
    assert is_org_name(name) is expected


def test_special_funds_projects_from_prose():
    """004: nine projects under 特定目标类 (6) and 其他运转类 (3), amounts in 万元."""
    result = parsed("004")
    projects = result["projects"]
    assert len(projects) == 9
    assert [p["category"] for p in projects].count("特定目标类") == 6
    first = projects[0]
    assert (first["name"], first["amount"], first["fund_source"]) == (
        "贸易统计奖励专项资金",
        D("293"),
        "政府性基金预算",
    )
    wrapped = row(projects, name="内贸流通统计监测工作经费")
    assert wrapped["amount"] == D("8") and wrapped["lines"] == [62, 76]
    assert row(projects, name="2022年“爱心消费券”市级专项资金")["amount"] == D("179.31")
    assert row(projects, name="精准扶贫干部驻村工作经费和生活补贴")["amount"] == D("5.5")
    funds = result["special_funds"]
    assert funds["total"] == D("631.81")
    assert funds["categories"] == [
        {"category": "特定目标类", "count": 6, "amount": D("622.31")},
        {"category": "其他运转类", "count": 3, "amount": D("9.5")},
    ]


def test_special_funds_summary_states_only_the_project_total():
    """004 prints no 收支总表: its summary is the 项目支出 it states (631.81), nothing derived."""
    result = parsed("004")
    summary = result["summary"]
    assert summary["project_expenditure"] == D("631.81")
    assert summary["lines"] == [5, 5]
    for unstated in ("income_total", "expenditure_total", "basic_expenditure"):
        assert unstated not in summary
    implementing = row(result["projects"], name="鼓励扩大进出口专项资金")
    assert "implementing_unit" not in implementing  # its prose has no 实施主体 line
    assert implementing["period"] == "2022年1月-8月"
