"""The review's vocabulary: what each check is called in Chinese, and which figures it reads.

Checks are named ``<family>:<table>:<item>`` (``ingest.validation``) or
``narrative:<kind>:<subject>`` and ``form_funds:<project>``. This module is data
read by one mechanism (:func:`describe`): per family, its Chinese name and
explanation (``FAMILIES``), how a title is made from the rest of the name, and which
rows of which tables the check compares (:func:`touched_rows`), which the grouping of
findings and the marks on figures use. A family not listed here (one the parser adds
later) still gets a Chinese name and title (``FALLBACK``), never its machine id.
Table names follow the kind of disclosure: 收支总表 in a budget, 收入支出决算总表 in a
决算.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Check = dict[str, Any]
Rows = list[tuple[str, str]]
FINAL_KINDS = frozenset({"department_final", "unit_final"})


@dataclass(frozen=True, slots=True)
class Family:
    """One family of checks as the public reads it."""

    label: str
    explanation: str


FAMILIES: dict[str, Family] = {
    "summary": Family(
        "收支总表平衡", "收支总表自身平衡：各项收入加总为收入合计，收入总计等于支出总计。"
    ),
    "functional_hierarchy": Family(
        "功能科目逐级加总",
        "功能分类科目的“项”加总等于所属“款”，“款”加总等于所属“类”，各类加总等于合计。",
    ),
    "row_total": Family("行内合计", "每一行的合计等于基本支出加项目支出（收入表为各来源之和）。"),
    "cross_table_total": Family("跨表总数一致", "同一总数在不同报表中一致。"),
    "cross_table_row": Family("跨表科目一致", "同一功能分类科目在不同报表中的金额一致。"),
    "fiscal_grant": Family("财政拨款收支平衡", "财政拨款收支总表自身平衡，并与收支总表一致。"),
    "economic_category": Family("经济分类加总", "基本支出经济分类的明细科目加总等于所属类级科目。"),
    "economic_total": Family("经济分类合计", "经济分类各类加总等于基本支出合计。"),
    "economic_split": Family("人员经费与公用经费", "每行的人员经费加公用经费等于合计。"),
    "three_public": Family(
        "“三公”经费加总", "因公出国（境）费、公务接待费、公务用车购置及运行费之和等于合计。"
    ),
    "operating": Family("机关运行经费", "各单位的机关运行经费加总等于部门合计。"),
    "project_group": Family("项目分组小计", "项目支出表中的项目加总等于所属单位小计。"),
    "project_total": Family("项目支出合计", "项目加总等于支出总表中的项目支出。"),
    "project_category": Family("专项资金分类", "专项资金各类项目加总等于该类合计。"),
    "project_count": Family("专项资金项目数", "专项资金各类的项目个数与文件所列一致。"),
    "form_funds": Family("绩效目标表资金", "绩效目标表的年度资金与项目支出表中该项目的金额一致。"),
    "narrative": Family("情况说明", "情况说明中的金额、占比、增减和用语与报表及其自身一致。"),
    "document": Family("文件版式", "文件的页面与版式。"),
    "final_balance": Family(
        "决算收支平衡", "年初结转和结余加本年收入，等于本年支出加年末结转和结余。"
    ),
    "stated_empty": Family("注明无数据的表", "注明“本表无数据”的表不应列有金额。"),
}
FALLBACK = Family("其他核对", "报表数字之间的其他核对。")

TABLES_BUDGET: dict[str, str] = {
    "summary": "收支总表",
    "income": "收入总表",
    "expenditure": "支出总表",
    "fiscal_grant": "财政拨款收支总表",
    "general_public": "一般公共预算支出表",
    "government_fund": "政府性基金预算支出表",
    "state_capital": "国有资本经营预算支出表",
    "economic": "基本支出经济分类表",
    "three_public": "“三公”经费表",
    "operating": "机关运行经费表",
    "projects": "项目支出表",
    "carryover_projects": "项目支出表（上年结转）",
    "forms": "绩效目标表",
    "narrative": "情况说明",
    "document": "文件",
}
TABLES_FINAL: dict[str, str] = {
    **TABLES_BUDGET,
    "summary": "收入支出决算总表",
    "income": "收入决算表",
    "expenditure": "支出决算表",
    "fiscal_grant": "财政拨款收入支出决算总表",
    "general_public": "一般公共预算财政拨款支出决算表",
    "economic": "一般公共预算财政拨款基本支出决算表",
    "three_public": "财政拨款“三公”经费支出决算表",
    "government_fund": "政府性基金预算财政拨款收入支出决算表",
    "state_capital": "国有资本经营预算财政拨款支出决算表",
}
COLUMNS: dict[str, str] = {
    "total": "合计",
    "basic": "基本支出",
    "project": "项目支出",
    "general_public_budget": "一般公共预算",
    "government_fund": "政府性基金",
    "state_capital": "国有资本经营预算",
    "special_account": "财政专户管理资金",
    "unit_funds": "单位资金",
    "carryover": "上年结转",
    "income": "本年收入",
    "year_end_carryover": "年末结转和结余",
    "current_budget": "当年预算",
    "personnel": "人员经费",
    "public": "公用经费",
}
# cross_table_total:<what>: the two figures compared, in words and as (table, row) pairs.
CROSS_TOTALS: dict[str, tuple[str, Rows]] = {
    "income_vs_summary": (
        "收入总表合计与收支总表本年收入",
        [("summary", "total"), ("income", "total")],
    ),
    "income_carryover_vs_summary": (
        "收入总表上年结转与收支总表上年结转",
        [("summary", "total"), ("income", "total")],
    ),
    "expenditure_vs_summary": (
        "支出总表合计与收支总表本年支出",
        [("summary", "total"), ("expenditure", "total")],
    ),
    "general_public_vs_summary": (
        "一般公共预算支出表合计与收支总表一般公共预算收入",
        [("summary", "total"), ("general_public", "total")],
    ),
    "fiscal_grant_vs_summary": (
        "财政拨款收支总表本年收入与收支总表财政拨款收入",
        [("summary", "total"), ("fiscal_grant", "total")],
    ),
    "fiscal_grant_total_vs_summary": (
        "财政拨款收支总表收入总计与收支总表收入总计",
        [("summary", "total"), ("fiscal_grant", "total")],
    ),
    "general_public_vs_fiscal_grant": (
        "一般公共预算支出表与财政拨款收支总表的一般公共预算支出",
        [("fiscal_grant", "total"), ("general_public", "total")],
    ),
    "economic_vs_general_public_basic": (
        "基本支出经济分类表合计与一般公共预算支出表的基本支出",
        [("general_public", "total"), ("economic", "total")],
    ),
    "economic_vs_expenditure_basic": (
        "基本支出经济分类表合计与支出总表的基本支出",
        [("expenditure", "total"), ("economic", "total")],
    ),
    "economic_public_vs_operating": (
        "机关运行经费与基本支出经济分类表的公用经费",
        [("economic", "total"), ("operating", "total")],
    ),
}
CROSS_ROWS: dict[str, tuple[str, str]] = {
    "income_vs_expenditure": ("expenditure", "income"),
    "general_public_vs_income": ("income", "general_public"),
    "summary_vs_expenditure": ("expenditure", "summary"),
    "fiscal_grant_vs_expenditure": ("expenditure", "fiscal_grant"),
    "general_public_vs_fiscal_grant": ("fiscal_grant", "general_public"),
}
BALANCES: dict[str, str] = {
    "current_year_income": "各项收入之和与本年收入合计",
    "carryover_income": "各项结转之和与上年结转合计",
    "income_total": "收入总计等于本年收入加上年结转",
    "expenditure_total": "支出总计等于本年支出加年末结转",
    "income_equals_expenditure": "收入总计等于支出总计",
    "fiscal_grant_income": "各项财政拨款之和与财政拨款收入",
}
PROJECT_TOTALS: dict[str, tuple[str, Rows]] = {
    "projects_vs_expenditure": (
        "项目支出表各项目之和与支出总表的项目支出",
        [("projects", "total"), ("expenditure", "total")],
    ),
    "projects_vs_general_public": (
        "项目支出表一般公共预算之和与一般公共预算支出表的项目支出",
        [("projects", "total"), ("general_public", "total")],
    ),
    "special_funds": ("各专项资金项目之和与文件所列总额", [("projects", "total")]),
}
# A narrative check comparing the prose with a table: the table it reads, by prefix.
NARRATIVE_TABLES: tuple[tuple[str, str], ...] = (
    ("general_public_current", "general_public"),
    ("general_public", "summary"),
    ("function_total", "expenditure"),
    ("function", "general_public"),
    ("three_public", "three_public"),
    ("operating", "operating"),
    ("performance_forms", "forms"),
    ("performance", "projects"),
    ("special_funds", "projects"),
    ("personnel", "economic"),
    ("public", "economic"),
)
NARRATIVE_KINDS: dict[str, str] = {
    "change": "增减百分比",
    "change_previous": "增减金额",
    "change_direction": "增减方向",
    "change_words": "增减措辞",
    "share": "占比",
    "completion": "完成率",
    "completion_zero_base": "完成率",
    "stated_twice": "同一项目前后金额不一",
    "name": "科目名称",
    "former_name": "旧科目名称",
    "punctuation_doubled": "标点重复",
    "punctuation_unbalanced": "引号或括号不成对",
    "repeated": "内容重复",
    "kind_wording": "部门与单位用语",
    "procurement_sum": "政府采购金额",
}
NARRATIVE_FIGURES: dict[str, str] = {
    "income_total": "收入总计",
    "current_year_income": "本年收入",
    "carryover_income": "上年结转",
    "expenditure_total": "支出总计",
    "income": "预算收入",
    "expenditure": "支出预算",
    "basic_expenditure": "基本支出",
    "project_expenditure": "项目支出",
    "general_public_basic": "一般公共预算基本支出",
    "personnel": "人员经费",
    "public": "公用经费",
    "three_public": "“三公”经费",
    "operating_expenses": "机关运行经费",
    "general_public_budget": "一般公共预算拨款收入",
    "general_public_current_income": "一般公共预算当年支出与收支总表",
    "general_public_current": "一般公共预算当年支出",
    "performance_funds": "绩效目标涉及的预算资金",
    "performance_basic": "整体绩效目标的基本支出",
    "performance_project": "整体绩效目标的项目支出",
    "performance_project_amount": "公开项目绩效目标涉及金额",
    "performance_project_share": "公开项目绩效目标的占比",
    "performance_forms": "公开项目绩效目标的个数",
    "special_funds_total": "专项资金总额",
}


@dataclass(frozen=True, slots=True)
class Context:
    """What naming a check needs from its document: its kind and its 科目 names by code."""

    kind: str = ""
    names: dict[str, str] | None = None

    @property
    def tables(self) -> dict[str, str]:
        return TABLES_FINAL if self.kind in FINAL_KINDS else TABLES_BUDGET

    def table(self, key: str) -> str:
        return self.tables.get(key, "报表")

    def row(self, code: str) -> str:
        if code == "total":
            return "合计"
        name = (self.names or {}).get(code, "")
        return f"{code} {name}".strip()


def family_of(name: str) -> str:
    """A check's family: the first part of its name ("row_total:expenditure:201")."""
    return name.split(":", 1)[0]


def family(name: str) -> Family:
    """The family's Chinese name and explanation; the fallback for a family not listed."""
    return FAMILIES.get(family_of(name), FALLBACK)


def describe(check: Check, context: Context) -> str:
    """A one-line Chinese title naming what the check compares, without machine ids."""
    parts = str(check.get("check", "")).split(":")
    namer = _TITLES.get(parts[0])
    title = namer(parts[1:], context) if namer else ""
    return title or family(parts[0]).label


def _column(parts: list[str]) -> str:
    return f"（{COLUMNS.get(parts[0], '其他')}列）" if parts else ""


def _hierarchy(parts: list[str], context: Context) -> str:
    if len(parts) < 2:
        return ""
    table, code = parts[0], parts[1]
    if code == "total":
        return f"{context.table(table)}：各类之和与合计{_column(parts[2:])}"
    return f"{context.table(table)} {context.row(code)}：下级科目之和与本级{_column(parts[2:])}"


def _row_total(parts: list[str], context: Context) -> str:
    if len(parts) < 2:
        return ""
    table, code = parts[0], parts[1]
    summed = {
        "income": "各资金来源之和",
        "summary": "当年预算与上年结转之和",
        "fiscal_grant": "各项财政拨款之和",
    }.get(table, "基本支出与项目支出之和")
    return f"{context.table(table)} {context.row(code)}：合计与{summed}"


def _cross_total(parts: list[str], context: Context) -> str:
    words = CROSS_TOTALS.get(parts[0]) if parts else None
    return words[0] if words else ""


def _cross_row(parts: list[str], context: Context) -> str:
    tables = CROSS_ROWS.get(parts[0]) if parts else None
    if not tables or len(parts) < 2:
        return ""
    first, second = (context.table(key) for key in tables)
    return f"{context.row(parts[1])}：{first}与{second}的金额"


def _balance(table: str) -> Callable[[list[str], Context], str]:
    def title(parts: list[str], context: Context) -> str:
        what = BALANCES.get(parts[0], "") if parts else ""
        return f"{context.table(table)}：{what}" if what else context.table(table)

    return title


def _economic(parts: list[str], context: Context) -> str:
    if not parts:
        return "基本支出经济分类：各类之和与合计"
    return f"基本支出经济分类“{parts[0]}”：明细之和与类合计{_column(parts[1:])}"


def _economic_total(parts: list[str], context: Context) -> str:
    return f"基本支出经济分类：各类之和与合计{_column(parts)}"


def _economic_split(parts: list[str], context: Context) -> str:
    row = "合计" if not parts or parts[0] == "total" else f"“{parts[0]}”"
    return f"基本支出经济分类{row}：人员经费加公用经费与合计"


def _three_public(parts: list[str], context: Context) -> str:
    what = parts[0] if parts else "total"
    column = "预算数" if what.startswith("budget_") else ""
    if what.endswith("vehicle"):
        return f"“三公”经费{column}：公务用车购置费加运行费与公务用车购置及运行费"
    return f"“三公”经费{column}：三项之和与合计"


def _final_balance(parts: list[str], context: Context) -> str:
    table = context.table(parts[0]) if parts else "决算总表"
    row = f" {context.row(parts[1])}" if len(parts) > 1 and parts[1] != "total" else ""
    return f"{table}{row}：年初结转和结余加本年收入与本年支出加年末结转和结余"


def _stated_empty(parts: list[str], context: Context) -> str:
    table = context.table(TABLE_OF_KIND.get(parts[0], parts[0])) if parts else "报表"
    return f"{table}：注明无数据，却列有金额"


def _project_group(parts: list[str], context: Context) -> str:
    name = parts[-1] if parts else ""
    return f"项目支出表“{name}”：所属项目之和与小计" if name else ""


def _project_total(parts: list[str], context: Context) -> str:
    words = PROJECT_TOTALS.get(parts[0]) if parts else None
    return words[0] if words else ""


def _form_funds(parts: list[str], context: Context) -> str:
    name = ":".join(parts).split("@")[0]
    if name.startswith("line "):
        return "一张项目名称未能识别的绩效目标表：年度资金与项目支出表"
    return f"绩效目标表“{name}”：年度资金与项目支出表的金额"


# Narrative kinds whose title names no subject (the message quotes the words).
_WITHOUT_SUBJECT = frozenset(
    {
        "punctuation_doubled",
        "punctuation_unbalanced",
        "repeated",
        "kind_wording",
        "name",
        "former_name",
        "procurement_sum",
    }
)


def _narrative(parts: list[str], context: Context) -> str:
    kind, subject = (parts[0], ":".join(parts[1:])) if parts else ("", "")
    if kind in NARRATIVE_FIGURES:
        return f"情况说明与报表：{NARRATIVE_FIGURES[kind]}"
    prefixed = {
        "function_total": f"情况说明与支出总表：{subject}",
        "function": f"情况说明与一般公共预算支出表：{subject}",
        "leftover": "情况说明：模板残留或句子不完整",
        "year": "情况说明：年份",
    }
    for prefix, title in prefixed.items():
        if kind == prefix or (prefix in ("leftover", "year") and kind.startswith(prefix)):
            return title
    label = NARRATIVE_KINDS.get(kind, "")
    if not label or kind in _WITHOUT_SUBJECT or not subject:
        return f"情况说明：{label}" if label else ""
    return f"情况说明：{label}（{subject}）"


def _document(parts: list[str], context: Context) -> str:
    return "文件：空白页" if parts[:1] == ["blank_page"] else ""


_TITLES: dict[str, Callable[[list[str], Context], str]] = {
    "functional_hierarchy": _hierarchy,
    "row_total": _row_total,
    "cross_table_total": _cross_total,
    "cross_table_row": _cross_row,
    "summary": _balance("summary"),
    "fiscal_grant": _balance("fiscal_grant"),
    "economic_category": _economic,
    "economic_total": _economic_total,
    "economic_split": _economic_split,
    "three_public": _three_public,
    "operating": lambda parts, context: "机关运行经费：各单位之和与部门合计",
    "project_group": _project_group,
    "project_total": _project_total,
    "project_category": lambda parts, context: f"专项资金“{':'.join(parts)}”：项目之和与该类合计",
    "project_count": lambda parts, context: f"专项资金“{':'.join(parts)}”：项目个数",
    "form_funds": _form_funds,
    "narrative": _narrative,
    "document": _document,
    "final_balance": _final_balance,
    "stated_empty": _stated_empty,
}
# ``tables`` kinds (the parser's) that differ from the table names of check names.
TABLE_OF_KIND: dict[str, str] = {
    "government_fund_expenditure": "government_fund",
    "government_fund_income": "government_fund",
}


# --- the rows a check reads ---------------------------------------------------------------


def touched_rows(check: Check) -> Rows:
    """The (table, row) pairs a check compares; a row is a code, an item or "total".

    "total" stands above every row of its table. Narrative checks are rows of the
    情况说明 keyed by the first line they cite, and the table they compare with.
    """
    parts = str(check.get("check", "")).split(":")
    head, rest = parts[0], parts[1:]
    reader = _ROWS.get(head)
    rows = reader(rest, check) if reader is not None else []
    return rows or [(head, ":".join(rest) or "total")]


def _narrative_rows(rest: list[str], check: Check) -> Rows:
    lines = check.get("lines") or [0]
    rows = [("narrative", str(lines[0]))]
    kind = rest[0] if rest else ""
    if kind in NARRATIVE_FIGURES or kind.startswith("function"):
        table = next((t for prefix, t in NARRATIVE_TABLES if kind.startswith(prefix)), "summary")
        rows.append((table, "total"))
    return rows


def _coded(rest: list[str], check: Check) -> Rows:
    return [(rest[0], rest[1])] if len(rest) > 1 else []


def _cross_rows(rest: list[str], check: Check) -> Rows:
    return [(table, rest[1]) for table in CROSS_ROWS.get(rest[0], ())] if len(rest) > 1 else []


def _listed(table: dict[str, tuple[str, Rows]]) -> Callable[[list[str], Check], Rows]:
    def rows(rest: list[str], check: Check) -> Rows:
        return list(table[rest[0]][1]) if rest and rest[0] in table else []

    return rows


def _one(table: str, keyed: bool = False) -> Callable[[list[str], Check], Rows]:
    def rows(rest: list[str], check: Check) -> Rows:
        return [(table, rest[0] if keyed and rest else "total")]

    return rows


def _forms(rest: list[str], check: Check) -> Rows:
    name = ":".join(rest)
    return [("forms", name), ("projects", str(check.get("project") or name))]


_ROWS: dict[str, Callable[[list[str], Check], Rows]] = {
    "functional_hierarchy": _coded,
    "row_total": _coded,
    "cross_table_row": _cross_rows,
    "cross_table_total": _listed(CROSS_TOTALS),
    "project_total": _listed(PROJECT_TOTALS),
    "summary": _one("summary"),
    "fiscal_grant": _one("fiscal_grant"),
    "economic_category": _one("economic", keyed=True),
    "economic_total": _one("economic"),
    "economic_split": _one("economic", keyed=True),
    "three_public": _one("three_public"),
    "operating": _one("operating"),
    "project_category": _one("projects"),
    "project_count": _one("projects"),
    "project_group": lambda rest, check: [(rest[0] if rest else "projects", "total")],
    "form_funds": _forms,
    "narrative": _narrative_rows,
    "final_balance": lambda rest, check: [
        (rest[0] if rest else "summary", rest[1] if len(rest) > 1 else "total")
    ],
    "stated_empty": lambda rest, check: [
        (TABLE_OF_KIND.get(rest[0], rest[0]) if rest else "document", "total")
    ],
}


def is_within(row: str, other: str) -> bool:
    """Whether two rows of one table are the same or one holds the other (201 holds 20101)."""
    if row == other or "total" in (row, other):
        return True
    return row.isdigit() and other.isdigit() and (row.startswith(other) or other.startswith(row))
