"""What each stored figure (`Figure`: section and key, as in the parse JSON) is called.

One vocabulary for every reader that names a figure: search finds figures by these names
("三公" finds every “三公”经费 figure), exports and the API label their rows with them. A key
the vocabulary does not know is shown as it is stored.
"""

from budgets.models import Figure

SECTION = Figure.Section

FIGURE_LABELS: dict[tuple[str, str], str] = {
    (SECTION.SUMMARY, "income_total"): "收入总计",
    (SECTION.SUMMARY, "current_year_income"): "本年收入合计",
    (SECTION.SUMMARY, "carryover_income"): "上年结转",
    (SECTION.SUMMARY, "general_public_budget"): "一般公共预算",
    (SECTION.SUMMARY, "government_fund_budget"): "政府性基金预算",
    (SECTION.SUMMARY, "state_capital_budget"): "国有资本经营预算",
    (SECTION.SUMMARY, "special_account"): "财政专户管理资金",
    (SECTION.SUMMARY, "unit_funds"): "单位资金",
    (SECTION.SUMMARY, "expenditure_total"): "支出总计",
    (SECTION.SUMMARY, "current_year_expenditure"): "本年支出合计",
    (SECTION.SUMMARY, "year_end_carryover"): "年末结转和结余",
    (SECTION.SUMMARY, "basic_expenditure"): "基本支出",
    (SECTION.SUMMARY, "project_expenditure"): "项目支出",
    (SECTION.ECONOMIC_BASIC, "total"): "合计",
    (SECTION.ECONOMIC_BASIC, "personnel"): "人员经费",
    (SECTION.ECONOMIC_BASIC, "public"): "公用经费",
    (SECTION.THREE_PUBLIC, "total"): "合计",
    (SECTION.THREE_PUBLIC, "outbound_travel"): "因公出国(境)费",
    (SECTION.THREE_PUBLIC, "reception"): "公务接待费",
    (SECTION.THREE_PUBLIC, "vehicle_total"): "公务用车购置及运行费",
    (SECTION.THREE_PUBLIC, "vehicle_purchase"): "公务用车购置费",
    (SECTION.THREE_PUBLIC, "vehicle_operation"): "公务用车运行费",
    (SECTION.OPERATING, "total"): "合计",
    (SECTION.PROCUREMENT, "total"): "合计",
    (SECTION.PROCUREMENT, "goods"): "货物",
    (SECTION.PROCUREMENT, "works"): "工程",
    (SECTION.PROCUREMENT, "services"): "服务",
}


def figure_label(section: str, key: str) -> str:
    """ "“三公”经费 · 公务接待费": the section's name and the figure's."""
    section_label = dict(SECTION.choices).get(section, section)
    return f"{section_label} · {FIGURE_LABELS.get((section, key), key)}"


def figure_keys_named(term: str) -> list[tuple[str, str]]:
    """The (section, key) pairs whose full label contains `term` (case-insensitive)."""
    lowered = term.lower()
    return [pair for pair in FIGURE_LABELS if lowered in figure_label(*pair).lower()]
