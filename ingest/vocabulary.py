"""The vocabulary of disclosure tables, as data: titles, column headers, row labels, units.

Every province prints the same national tables (部门预算 and 部门决算) under its own wording
and layout: "2024年预算收支总表" in 山西, "2025年部门财务收支预算总表" in 上海, "收入支出决算总表"
in a 决算; codes in one column or split over 类 / 款 / 项; 合计 / 基本支出 / 项目支出 in any order,
spanned over several header rows. Nothing here is code: each table kind declares the words of
its titles, what each header cell may mean, the orders in which its columns are printed (the
first is the national template's, used when a header is too garbled to read) and the labels of
its rows. One mechanism reads each part: ``ingest.segment`` the titles,
``ingest.recognizers.header`` the headers, the readers the rows. A new region's variant is a
few words or one more layout here, and a test.

Patterns are regular expressions matched against a whole cell (or a title's core) after
spaces, quotes and a leading year are removed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal


class TableKind:
    """The table kinds, by their schema names (budget and 决算 tables share them)."""

    SUMMARY = "summary"  # 预算收支总表 / 财务收支预算总表 / 收入支出决算总表
    INCOME = "income"  # 预算收入总表 / 收入预算总表 / 收入决算表
    EXPENDITURE = "expenditure"  # 预算支出总表 / 支出预算总表 / 支出决算表
    FISCAL_GRANT = "fiscal_grant"  # 财政拨款收支总表 / 财政拨款收入支出决算总表
    GENERAL_PUBLIC = "general_public"  # 一般公共预算支出表 / 一般公共预算财政拨款支出决算表
    ECONOMIC = "economic"  # 一般公共预算(安排)基本支出(分)经济(分类)科目表 / …基本支出决算表
    GOVERNMENT_FUND_INCOME = "government_fund_income"  # 政府性基金预算收入表
    GOVERNMENT_FUND_EXPENDITURE = "government_fund_expenditure"  # 政府性基金预算支出表 …
    STATE_CAPITAL = "state_capital"  # 国有资本经营预算收支预算表 / …支出功能分类预算表 …
    THREE_PUBLIC = "three_public"  # “三公”经费支出预算表 / 财政拨款“三公”经费支出决算表
    OPERATING = "operating"  # 机关运行经费预算表 (or a column of the 三公 table)
    PROJECTS = "projects"  # 项目支出预算表(本年预算)
    CARRYOVER_PROJECTS = "carryover_projects"  # 项目支出预算表(上年结转)


K = TableKind

# --- which tables a document should contain -----------------------------------------------

# The national budget template (表1 … 表13); also the order of "missing_tables".
TABLE_ORDER: tuple[str, ...] = (
    K.SUMMARY,
    K.INCOME,
    K.EXPENDITURE,
    K.FISCAL_GRANT,
    K.GENERAL_PUBLIC,
    K.ECONOMIC,
    K.GOVERNMENT_FUND_INCOME,
    K.GOVERNMENT_FUND_EXPENDITURE,
    K.STATE_CAPITAL,
    K.THREE_PUBLIC,
    K.OPERATING,
    K.PROJECTS,
    K.CARRYOVER_PROJECTS,
)

BUDGET_KINDS = frozenset({"department_budget", "unit_budget"})
FINAL_KINDS = frozenset({"department_final", "unit_final"})

# The table sets of the templates in use, by the document kinds that print them; the first
# that fits the tables found (and those the contents page names) is the document's.
TEMPLATES: tuple[tuple[frozenset[str], tuple[str, ...]], ...] = (
    (BUDGET_KINDS, TABLE_ORDER),
    # 上海: 9 tables, 三公 and 机关运行经费 in one, no 政府性基金收入表 and no project tables.
    (
        BUDGET_KINDS,
        (
            K.SUMMARY,
            K.INCOME,
            K.EXPENDITURE,
            K.FISCAL_GRANT,
            K.GENERAL_PUBLIC,
            K.GOVERNMENT_FUND_EXPENDITURE,
            K.STATE_CAPITAL,
            K.ECONOMIC,
            K.THREE_PUBLIC,
            K.OPERATING,
        ),
    ),
    # 部门决算: the nine tables of the national 决算 template.
    (
        FINAL_KINDS,
        (
            K.SUMMARY,
            K.INCOME,
            K.EXPENDITURE,
            K.FISCAL_GRANT,
            K.GENERAL_PUBLIC,
            K.ECONOMIC,
            K.THREE_PUBLIC,
            K.GOVERNMENT_FUND_EXPENDITURE,
            K.STATE_CAPITAL,
        ),
    ),
)

# --- titles -------------------------------------------------------------------------------

# Table kind -> its titles' cores (without 表一 / 一、 prefix, year, qualifier and page
# number). The first kind whose pattern ends the core names the table, so the more specific
# kinds come first: "政府性基金预算财政拨款收入支出决算表" ends in 支出决算表 too.
TITLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (K.FISCAL_GRANT, (r"财政拨款收(?:入)?支(?:出)?(?:预算|决算)?总表",)),
    (K.GOVERNMENT_FUND_INCOME, (r"政府性基金(?:预算)?收入(?:预算)?表",)),
    (
        K.GOVERNMENT_FUND_EXPENDITURE,
        (r"政府性基金(?:预算)?(?:财政拨款)?(?:收入)?支出(?:功能分类)?(?:预算|决算)?表",),
    ),
    (
        K.STATE_CAPITAL,
        (
            r"国有资本经营(?:预算)?(?:收支|收入|支出)?(?:预算)?表",
            r"国有资本经营(?:预算)?(?:财政拨款)?(?:收入)?支出(?:功能分类)?(?:预算|决算)?表",
        ),
    ),
    (
        K.ECONOMIC,
        (
            r"基本支出.*经济(?:分类)?科目.*表",
            r"基本支出.*经济分类.*表",
            r"一般公共预算(?:财政拨款)?基本支出(?:预算|决算)表",
        ),
    ),
    (K.THREE_PUBLIC, (r"三公.?经费.*表",)),
    (K.OPERATING, (r"机关运行经费.*表",)),
    (
        K.GENERAL_PUBLIC,
        (r"一般公共预算(?:财政拨款)?(?:收入)?支出(?:功能分类)?(?:预算|情况|决算)?表",),
    ),
    (K.SUMMARY, (r"(?:财务)?收支(?:预算)?总表", r"收入支出(?:预算|决算)总表")),
    (K.INCOME, (r"(?:预算)?收入(?:预算)?总表", r"^(?:部门|单位)?收入决算表")),
    (K.EXPENDITURE, (r"(?:预算)?支出(?:预算)?总表", r"^(?:部门|单位)?支出决算表")),
    (K.PROJECTS, (r"项目支出(?:预算)?(?:明细)?表",)),
)
# A title naming a second table printed in the same one: "“三公”经费和机关运行经费预算表".
TITLE_ALSO: dict[str, tuple[tuple[str, str], ...]] = {
    K.THREE_PUBLIC: (("机关运行经费", K.OPERATING),),
}
# The qualifier that turns a 项目支出预算表 into the carried-over projects.
CARRYOVER_QUALIFIER = "上年结转"

# --- units --------------------------------------------------------------------------------

UNIT_LINE = r"(?:金额)?单位[:：]\s*(万元|千元|元)(?![\u4e00-\u9fff])"
YUAN_PER_UNIT: dict[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
}

# --- statements that a table is empty -----------------------------------------------------

# "注：本表无数据", "故本表为空表。", "说明：…没有政府性基金预算财政拨款收入和支出，故本表无数据。"
EMPTY_STATEMENT = r"(?:本|此|该)表(?:为空表?|无数据)|无数据"
# A short line may say it bare; a longer one only as a note (注 / 说明 / 本表 …).
EMPTY_STATEMENT_BARE_CHARS = 40

# --- header cells -------------------------------------------------------------------------

# Header lines that are no column labels: who prepared the table, its unit, page markers.
HEADER_META = r"单位[:：]|编制(?:部门|单位)[:：]?|(?:单位|部门)名称[:：]|^注[:：]|公开表\d"
# Words that only say "the total" of whatever group they sit under (公务用车购置及运行费 小计).
GENERIC_TOTAL = r"合计|小计|总计"
# Header cells that may span others of another meaning: 本年支出 over 合计 / 基本支出 / 项目支出,
# 基本支出 over 人员经费 / 公用经费, 公务用车购置及运行费 over its two parts, 财政拨款 over the
# funds. Any other cell over a column of another meaning ("上年结转" over "单位资金") is a
# header the converter garbled: its labels are not trusted over the template's order.
HEADER_GROUPS: dict[str, frozenset[str]] = {
    "total": frozenset({"basic", "personnel", "public", "project", "income"}),
    "basic": frozenset({"personnel", "public"}),
    "vehicle_total": frozenset({"vehicle_purchase", "vehicle_operation"}),
    "fiscal_grant": frozenset({"general_public_budget", "government_fund", "state_capital"}),
}
# Where a table prints its amounts as budget or final figures (预算数 / 决算数 columns).
STAGES: tuple[tuple[str, str], ...] = (("final", r"决算数"), ("budget", r"预算数"))

# The code and name columns, shared by every table with classification codes.
CODE_WORDS: dict[str, str] = {
    "code": r"(?:功能分类|支出功能分类|部门预算经济分类|部门经济分类|政府经济分类|经济分类|收入)?"
    r"科目编码|编码",
    "code_class": r"类",
    "code_section": r"款",
    "code_item": r"项",
    # Not "项目": 山西's headers print it over the amount columns too.
    "name": r"(?:功能分类|支出功能分类|部门预算经济分类|部门经济分类|经济分类)?科目名称",
}
CODE_PART_KEYS = ("code_class", "code_section", "code_item")

# Amount columns: what each header word means, wherever it is printed.
COLUMN_WORDS: dict[str, str] = {
    "total": GENERIC_TOTAL,
    "basic": r"基本支出",
    "personnel": r"人员经费(?:支出)?",
    "public": r"公用经费(?:支出)?",
    "project": r"项目支出",
    "general_public_budget": r"一般公共预算(?:拨款|资金|财政拨款)?(?:收入)?",
    "government_fund": r"政府性基金(?:预算)?(?:拨款|资金|财政拨款)?(?:收入)?",
    "state_capital": r"国有资本经营(?:预算)?(?:拨款|资金|财政拨款)?(?:收入)?",
    "special_account": r"财政专户(?:管理)?(?:资金)?(?:收入)?",
    "unit_funds": r"单位资金",
    "carryover": r"上年结转(?:结余)?|年初结转和结余",
    "fiscal_grant": r"财政拨款(?:收入)?",
    "superior_subsidy": r"上级补助收入",
    "business_income": r"事业收入",
    "operating_income": r"(?:事业单位)?经营收入",
    "affiliated_income": r"附属单位上缴收入",
    "other_income": r"其他收入",
    "paid_to_superior": r"上缴上级支出",
    "operating_expenditure": r"经营支出",
    "subsidy_to_affiliated": r"对附属单位补助支出",
    "income": r"本年收入",
    "year_end_carryover": r"年末结转和结余",
    "amount": r"金额",
}

EXPENDITURE_LAYOUTS: tuple[tuple[str, ...], ...] = (
    ("total", "basic", "project"),
    # 决算 支出决算表
    (
        "total",
        "basic",
        "project",
        "paid_to_superior",
        "operating_expenditure",
        "subsidy_to_affiliated",
    ),
    # a unit's table splitting 基本支出 into 人员经费 / 公用经费
    ("total", "personnel", "public", "project"),
)
# Tables of a fund (政府性基金, 国有资本经营): a budget's 支出 table, or a 决算's 收入支出 table.
FUND_LAYOUTS: tuple[tuple[str, ...], ...] = (
    ("total", "basic", "project"),
    ("carryover", "income", "total", "basic", "project", "year_end_carryover"),
)


@dataclass(frozen=True)
class CodedTable:
    """A coded table kind: the column layouts it is printed in (the national one first, the
    order a garbled header falls back on) and the words it reads apart from COLUMN_WORDS."""

    layouts: tuple[tuple[str, ...], ...]
    words: Mapping[str, str] = field(default_factory=dict)


# Coded tables (rows by functional code), by kind.
CODED_TABLES: dict[str, CodedTable] = {
    K.INCOME: CodedTable(
        layouts=(
            (
                "total",
                "general_public_budget",
                "government_fund",
                "state_capital",
                "special_account",
                "unit_funds",
                "carryover",
            ),
            # 上海 收入预算总表: income by kind instead of by fund
            ("total", "fiscal_grant", "business_income", "operating_income", "other_income"),
            # 收入决算表
            (
                "total",
                "fiscal_grant",
                "superior_subsidy",
                "business_income",
                "operating_income",
                "affiliated_income",
                "other_income",
            ),
        ),
        words={"total": GENERIC_TOTAL + r"|本年收入合计"},
    ),
    K.EXPENDITURE: CodedTable(
        EXPENDITURE_LAYOUTS, words={"total": GENERIC_TOTAL + r"|本年支出合计"}
    ),
    # A 决算 may print it as 一般公共预算财政拨款收入支出决算表, with the fund tables' columns.
    K.GENERAL_PUBLIC: CodedTable(
        (*EXPENDITURE_LAYOUTS, FUND_LAYOUTS[1]),
        words={"total": GENERIC_TOTAL + r"|本年支出(?:合计)?"},
    ),
    K.GOVERNMENT_FUND_INCOME: CodedTable(
        (("amount",),), words={"amount": r"政府性基金(?:预算)?收入(?:预算)?|合计|金额"}
    ),
    K.GOVERNMENT_FUND_EXPENDITURE: CodedTable(
        FUND_LAYOUTS, words={"total": GENERIC_TOTAL + r"|本年支出(?:合计)?"}
    ),
    K.STATE_CAPITAL: CodedTable(
        FUND_LAYOUTS, words={"total": GENERIC_TOTAL + r"|本年支出(?:合计)?"}
    ),
}
# 山西's 国有资本经营预算收支预算表 prints income and expenditure side by side; its title says so.
STATE_CAPITAL_TWO_SIDED = "收支"
# The 合计 row of a coded table.
TOTAL_ROW_LABELS = r"合计|总计|收入合计|支出合计|本年收入合计|本年支出合计"

# --- two-sided tables (收支总表, 财政拨款收支总表) -----------------------------------------------

# Labels of the income side, in the order tried: each label is matched whole, after its
# numbering ("一、", "1.", "(一)") is removed.
INCOME_LABELS: tuple[tuple[str, str], ...] = (
    ("general_public_budget", r"一般公共预算(?:财政拨款|拨款|资金)?(?:收入)?"),
    ("government_fund_budget", r"政府性基金(?:预算)?(?:财政拨款|拨款|资金)?(?:收入)?"),
    ("state_capital_budget", r"国有资本经营(?:预算)?(?:财政拨款|拨款|资金)?(?:收入)?"),
    ("special_account", r"财政专户(?:管理)?资金(?:收入)?"),
    ("unit_funds", r"单位资金"),
    ("fiscal_grant_income", r"财政拨款(?:收入)?"),
    ("superior_subsidy", r"上级补助收入"),
    ("business_income", r"事业收入"),
    ("operating_income", r"(?:事业单位)?经营收入"),
    ("affiliated_income", r"附属单位上缴收入"),
    ("other_income", r"其他收入"),
    ("current_year_income", r"本年收入合计|收入合计"),
    ("non_grant_balance_used", r"使用非财政拨款结余"),
    ("carryover_income", r"上年(?:财政拨款)?结转(?:结余)?|年初(?:财政拨款)?结转和结余"),
    ("income_total", r"收入总计"),
)
EXPENDITURE_LABELS: tuple[tuple[str, str], ...] = (
    ("current_year_expenditure", r"本年支出合计|支出合计"),
    ("balance_distribution", r"结余分配"),
    ("year_end_carryover", r"年终结转(?:结余)?|年末(?:财政拨款)?结转和结余"),
    ("expenditure_total", r"支出总计"),
)
# "总计" alone closes either side: the income side's 总计 is income_total.
SIDE_TOTAL = r"总计"
SIDE_TOTAL_KEYS = {"income": "income_total", "expenditure": "expenditure_total"}
# The header cell over the expenditure side ("支出", "本年支出", "财政拨款支出").
EXPENDITURE_SIDE = r"(?:本年|财政拨款)?支出"
# Header words of two-sided tables that are no row label.
SIDED_HEADER_WORDS = frozenset(
    {
        "项目",
        "收入",
        "支出",
        "金额",
        "小计",
        "合计",
        "科目",
        "预算数",
        "决算数",
        "本年收入",
        "本年支出",
    }
)
# The 类 columns on the expenditure side, the national order first.
SIDED_CLASS_WORDS: dict[str, str] = {
    "total": GENERIC_TOTAL + r"|预算数|决算数|金额|\d{4}年(?:合计)?|\d{4}年预算数",
    "current_budget": r"当年预算安排|当年预算",
    "carryover": r"上年结转安排|上年结转",
    "basic": r"基本支出",
    "personnel": r"人员经费",
    "public": r"公用经费",
    "project": r"项目支出",
    "general_public_budget": COLUMN_WORDS["general_public_budget"],
    "government_fund": COLUMN_WORDS["government_fund"],
    "state_capital": COLUMN_WORDS["state_capital"],
}
SIDED_TABLES: dict[str, tuple[tuple[str, ...], ...]] = {
    K.SUMMARY: (
        ("total", "current_budget", "carryover"),
        ("total", "personnel", "public", "project"),
        ("total", "basic", "project"),
    ),
    K.FISCAL_GRANT: (("total", "general_public_budget", "government_fund", "state_capital"),),
}
# The funds a 财政拨款收支总表 lists on its income side, repeated for the carry-over.
FISCAL_FUNDS = ("general_public_budget", "government_fund_budget", "state_capital_budget")

# --- 基本支出经济分类 -----------------------------------------------------------------------------

ECONOMIC_WORDS: dict[str, str] = {
    "total": r"合计|小计",
    "personnel": COLUMN_WORDS["personnel"],
    "public": COLUMN_WORDS["public"],
}
# Tables with economic codes (上海, 决算): a 决算 prints one amount column, its 决算数.
ECONOMIC_CODED_WORDS: dict[str, str] = {
    **ECONOMIC_WORDS,
    "total": GENERIC_TOTAL + r"|决算数|预算数|金额",
}
ECONOMIC_LAYOUT = ("total", "personnel", "public")
# Rows closing the table: the whole, or (决算) the totals of 人员经费 and 公用经费.
ECONOMIC_TOTAL_ROWS: tuple[tuple[str, str], ...] = (
    ("personnel", r"人员经费(?:合计|小计)"),
    ("public", r"公用经费(?:合计|小计)"),
    ("total", r"合计|总计"),
)
# The 类 of the 部门预算支出经济分类 (their 3-digit codes).
ECONOMIC_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("301", "工资福利支出"),
    ("302", "商品和服务支出"),
    ("303", "对个人和家庭的补助"),
    ("307", "债务利息及费用支出"),
    ("309", "资本性支出(基本建设)"),
    ("310", "资本性支出"),
    ("311", "对企业补助(基本建设)"),
    ("312", "对企业补助"),
    ("313", "对社会保障基金补助"),
    ("399", "其他支出"),
)
# 人员经费 are 工资福利支出 and 对个人和家庭的补助; every other 类 is 公用经费.
PERSONNEL_CATEGORIES = frozenset({"工资福利支出", "对个人和家庭的补助"})

# --- “三公”经费 and 机关运行经费 ------------------------------------------------------------------

# Items, as row labels (山西: one row each) or column headers (上海, 决算: one row of figures);
# a row label may carry more words ("其中：公务用车购置费"), so the group comes first.
THREE_PUBLIC_ITEMS: tuple[tuple[str, str], ...] = (
    ("vehicle_total", r"公务用车购置及运行(?:维护)?费"),
    ("vehicle_purchase", r"(?:公务用车)?购置费"),
    ("vehicle_operation", r"(?:公务用车)?运行(?:维护)?费"),
    ("outbound_travel", r"因公出国\(?境\)?费(?:用)?"),
    ("reception", r"公务接待费"),
    ("operating", r"机关运行经费"),
    ("total", GENERIC_TOTAL),
)
# The by-fund columns of the row-wise table (山西).
THREE_PUBLIC_FUNDS: tuple[tuple[str, str], ...] = (
    ("total", r"合计|小计"),
    ("general_public_budget", r"一般公共预算"),
    ("government_fund", r"政府性基金(?:预算)?"),
    ("state_capital", r"国有资本经营(?:预算)?"),
)
