"""Reconciliation checks over a parsed disclosure: the validation report the public sees.

Every check is built with :func:`ingest.checks.make_check` and named
``<family>:<table>:<item>`` so it can be referred to:

- ``functional_hierarchy:<table>:<code>[:<column>]`` — 项 sum to their 款, 款 to their
  类, 类 to the 合计 row (``<code>`` is ``total``), in every table with codes;
- ``row_total:<table>:<code>`` — 合计 = 基本支出 + 项目支出 on each row (the sources of
  income, the funds of 财政拨款, 当年 + 结转 or 人员 + 公用 + 项目 for 收支总表);
- ``cross_table_total:<what>`` and ``cross_table_row:<what>:<code>`` — the same
  figure across tables (a budget's 一般公共预算 table and 基本支出 table exclude carry-over,
  its 收入总表 keeps it apart; a 决算's 收入决算表 and 支出决算表 differ by what carry-over paid);
- ``summary:<what>`` / ``fiscal_grant:<what>`` — a two-sided table's own balance;
- ``final_balance:<table>[:<code>]`` — 决算: 年初结转和结余 + 本年收入 = 本年支出 + 年末结转和
  结余, in 收入支出决算总表, 财政拨款收入支出决算总表 and each row of the fund tables;
- ``economic_category:<name>``, ``economic_total``, ``economic_split:<row>`` and
  ``cross_table_total:economic_public_vs_operating`` (公用经费 against 机关运行经费);
- ``three_public:<what>`` (``budget_…`` for a 决算's 预算数), ``operating:total``;
- ``stated_empty:<table>`` — a table that says it has no data ("本表无数据") prints none;
- ``project_group:<name>``, ``project_total:<what>`` and, for special-funds
  disclosures, ``project_category:<category>`` / ``project_count:<category>``.

A row absent from a table counts as zero where its parent or counterpart exists:
a 类 printed in one table and missing in another is a real disagreement. Sums of
rounded figures get a tolerance of half a printed step per part (``rounding``): a cent of
万元 tables, 1 元 of whole-元 tables, 100 元 of a 万元 table in a document in 元 (the
``resolution`` of each table in ``tables``); the same figure printed in two tables must be
the same. Narrative and form-funds checks live with their extractors.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ingest.checks import CENT, line_span, make_check, rounding_tolerance
from ingest.vocabulary import FINAL_KINDS, PERSONNEL_CATEGORIES, TableKind

Row = dict[str, Any]
Check = dict[str, Any]
ZERO = Decimal("0")
AMOUNT_EXCLUDED = frozenset({"code", "name", "lines", "source_lines", "total_lines"})

# The table name used in check names -> its kind in ``tables``.
TABLE_KINDS = {
    "income": TableKind.INCOME,
    "expenditure": TableKind.EXPENDITURE,
    "general_public": TableKind.GENERAL_PUBLIC,
    "government_fund": TableKind.GOVERNMENT_FUND_EXPENDITURE,
    "state_capital": TableKind.STATE_CAPITAL,
    "summary": TableKind.SUMMARY,
    "fiscal_grant": TableKind.FISCAL_GRANT,
    "economic": TableKind.ECONOMIC,
    "three_public": TableKind.THREE_PUBLIC,
    "operating": TableKind.OPERATING,
}


def is_final(parsed: dict[str, Any]) -> bool:
    """Whether the disclosure is a 决算 (final accounts)."""
    return parsed.get("kind") in FINAL_KINDS


def step_of(parsed: dict[str, Any], *tables: str) -> Decimal:
    """The coarsest printed step of ``tables`` in the document's unit (a cent by default)."""
    kinds = {TABLE_KINDS.get(table, table) for table in tables}
    steps = [
        Decimal(str(entry["resolution"]))
        for entry in parsed.get("tables") or []
        if entry.get("kind") in kinds and entry.get("resolution") is not None
    ]
    return max(steps, default=CENT)


@lru_cache(maxsize=256)
def tolerance(parts: int, step: Decimal = CENT) -> Decimal:
    """Half a printed step per rounded part, at least a step."""
    return rounding_tolerance(parts) if step == CENT else rounding_tolerance(parts) * (step / CENT)


def same_figure_tolerance(parsed: dict[str, Any], *tables: str) -> Decimal:
    """The same figure printed in two tables: equal, or within half the coarser table's step
    when one prints it rounder (a 万元 table beside tables in 元)."""
    steps = {step_of(parsed, table) for table in tables}
    return ZERO if len(steps) == 1 else max(steps) / 2


def amount_keys(rows: Iterable[Row | None]) -> list[str]:
    """The amount columns of a table's rows, in order of first appearance."""
    keys: dict[str, None] = {}
    for row in rows:
        for key in row or ():
            if key not in AMOUNT_EXCLUDED and not key.startswith("_"):
                keys.setdefault(key, None)
    return list(keys)


def value(row: Row | None, key: str) -> Decimal:
    """A row's amount, empty cells and absent rows counting as zero."""
    if not row:
        return ZERO
    amount = row.get(key)
    return amount if isinstance(amount, Decimal) else ZERO


def total_of(rows: Iterable[Row], key: str) -> Decimal:
    """Sum of ``key`` over ``rows``."""
    return sum((value(row, key) for row in rows), ZERO)


def spans(rows: Iterable[Row | None]) -> list[int]:
    """The line span covering every row's ``lines``."""
    return line_span(*(row.get("lines") for row in rows if row))


def sum_check(
    name: str,
    expected_row: Row | None,
    key: str,
    parts: Sequence[Row],
    *,
    message: str = "",
    step: Decimal = CENT,
) -> Check:
    """``expected_row[key]`` against the sum of ``parts[key]``, with rounding tolerance."""
    return make_check(
        name,
        value(expected_row, key),
        total_of(parts, key),
        spans([expected_row, *parts]),
        tolerance=tolerance(len(parts), step),
        message=message,
    )


def _has_any(rows: Iterable[Row | None], key: str) -> bool:
    return any(row and row.get(key) is not None for row in rows)


def _column_name(name: str, key: str, main: str) -> str:
    return name if key == main else f"{name}:{key}"


# --- coded tables ------------------------------------------------------------------


def _children(rows: Sequence[Row], parent: str) -> list[Row]:
    size = 5 if len(parent) == 3 else 7
    return [row for row in rows if len(row["code"]) == size and row["code"].startswith(parent)]


def check_hierarchy(
    table: str,
    rows: Sequence[Row],
    total: Row | None,
    columns: Sequence[str],
    step: Decimal = CENT,
) -> list[Check]:
    """项 -> 款 -> 类 -> 合计 for every amount column that has figures."""
    checks: list[Check] = []
    main = columns[0]
    for parent in (row for row in rows if len(row["code"]) in (3, 5)):
        children = _children(rows, parent["code"])
        if not children:
            continue
        for key in columns:
            if _has_any([parent, *children], key):
                name = _column_name(f"functional_hierarchy:{table}:{parent['code']}", key, main)
                checks.append(sum_check(name, parent, key, children, step=step))
    classes = [row for row in rows if len(row["code"]) == 3]
    if total and classes:
        for key in columns:
            if _has_any([total, *classes], key):
                name = _column_name(f"functional_hierarchy:{table}:total", key, main)
                checks.append(sum_check(name, total, key, classes, step=step))
    return checks


def check_row_totals(
    table: str,
    rows: Sequence[Row],
    total: Row | None,
    total_key: str,
    parts: Sequence[str],
    step: Decimal = CENT,
) -> list[Check]:
    """``total_key`` = sum of ``parts`` on each row (and on the 合计 row)."""
    checks = []
    labelled = [(row.get("code") or row.get("name"), row) for row in rows]
    if total:
        labelled.append(("total", total))
    for label, row in labelled:
        if not _has_any([row], total_key) and not any(_has_any([row], key) for key in parts):
            continue
        checks.append(
            make_check(
                f"row_total:{table}:{label}",
                value(row, total_key),
                sum((value(row, key) for key in parts), ZERO),
                spans([row]),
                tolerance=tolerance(len(parts), step),
            )
        )
    return checks


def compare_classes(
    name: str,
    expected_rows: Sequence[Row],
    expected_key: str,
    actual_rows: Sequence[Row],
    actual_key: str,
    *,
    within: Decimal = ZERO,
) -> list[Check]:
    """The same 类 in two tables: one check per 类 found in either; absent counts as zero.

    The same printed figure must agree exactly (``within`` a step of the rounder table).
    """
    expected = {row["code"]: row for row in expected_rows}
    actual = {row["code"]: row for row in actual_rows}
    checks = []
    for label in sorted(set(expected) | set(actual)):
        left, right = expected.get(label), actual.get(label)
        if value(left, expected_key) == 0 and value(right, actual_key) == 0:
            continue
        message = ""
        if left is None or right is None:
            message = f"{label} appears in only one of the two tables"
        checks.append(
            make_check(
                f"{name}:{label}",
                value(left, expected_key),
                value(right, actual_key),
                spans([left, right]),
                tolerance=within,
                message=message,
            )
        )
    return checks


def classes_of(rows: Sequence[Row] | None) -> list[Row]:
    """The 类 (3-digit) rows of a coded table."""
    return [row for row in rows or () if len(row["code"]) == 3]


# --- the parsed document -------------------------------------------------------------

FUNDS = ("general_public_budget", "government_fund", "state_capital")
# What adds up to a row's 合计, by table: this year's sources (not 上年结转) for income,
# basic (or 人员 + 公用) + project (+ the 决算's other spending) for expenditure.
FUND_SOURCES = (*FUNDS, "special_account", "unit_funds")
OTHER_SOURCES = (  # a 决算's income columns beyond the funds
    "fiscal_grant",
    "superior_subsidy",
    "business_income",
    "operating_income",
    "affiliated_income",
    "other_income",
)
INCOME_PARTS = (*FUND_SOURCES, *OTHER_SOURCES)
EXPENDITURE_PARTS = (
    "basic",
    "personnel",
    "public",
    "project",
    "paid_to_superior",
    "operating_expenditure",
    "subsidy_to_affiliated",
)
# Amount columns in the order checks are reported (the national layouts first).
COLUMN_ORDER = (
    "total",
    *FUND_SOURCES,
    "carryover",
    *OTHER_SOURCES,
    "income",
    *EXPENDITURE_PARTS,
    "year_end_carryover",
)

CODED_TABLES = (
    ("functional_expenditure", "expenditure"),
    ("general_public_expenditure", "general_public"),
    ("government_fund_expenditure", "government_fund"),
)


def columns_of(rows: Iterable[Row | None]) -> list[str]:
    """A table's amount columns in report order."""
    found = amount_keys(rows)
    known = [key for key in COLUMN_ORDER if key in found]
    return known + [key for key in found if key not in known]


def row_parts(columns: Sequence[str], candidates: Sequence[str]) -> list[str]:
    """The columns that add up to 合计: the 财政拨款 column stands for its funds, 基本支出 for
    人员经费 and 公用经费 when a table prints both."""
    parts = [key for key in candidates if key in columns]
    if "fiscal_grant" in parts:
        parts = [key for key in parts if key not in FUNDS]
    if "basic" in parts:
        parts = [key for key in parts if key not in ("personnel", "public")]
    return parts


def _coded_checks(
    parsed: dict[str, Any], table: str, rows: Sequence[Row], total: Row | None, parts: Sequence[str]
) -> list[Check]:
    step = step_of(parsed, table)
    columns = columns_of([*rows, total])
    if not columns:
        return []
    checks = check_hierarchy(table, rows, total, columns, step)
    row_keys = row_parts(columns, parts)
    if "total" in columns and row_keys:
        checks += check_row_totals(table, rows, total, "total", row_keys, step)
    if {"carryover", "income", "total", "year_end_carryover"} <= set(columns):
        checks += _final_balance_rows(table, [*rows, *([total] if total else [])], step)
    return checks


def _final_balance_rows(table: str, rows: Sequence[Row], step: Decimal) -> list[Check]:
    """Each row of a 决算 fund table: 年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余."""
    checks = []
    for row in rows:
        label = row.get("code") or "total"
        checks.append(
            make_check(
                f"final_balance:{table}:{label}",
                value(row, "carryover") + value(row, "income"),
                value(row, "total") + value(row, "year_end_carryover"),
                spans([row]),
                tolerance=tolerance(4, step),
            )
        )
    return checks


def check_coded_tables(parsed: dict[str, Any]) -> list[Check]:
    """Hierarchy and row totals in every table with functional codes."""
    totals = parsed.get("table_totals", {})
    checks: list[Check] = []
    income = parsed.get("income_by_function")
    if income is not None:
        total = totals.get("income_by_function")
        checks += _coded_checks(parsed, "income", income, total, INCOME_PARTS)
    for key, table in CODED_TABLES:
        rows = parsed.get(key)
        if rows is not None:
            checks += _coded_checks(parsed, table, rows, totals.get(key), EXPENDITURE_PARTS)
    capital = parsed.get("state_capital") or {}
    if "total" in capital:  # a coded 国有资本经营 table (上海, 决算)
        rows = capital.get("expenditure") or []
        checks += _coded_checks(parsed, "state_capital", rows, capital["total"], EXPENDITURE_PARTS)
    return checks


def _scalar_check(name: str, expected: Any, actual: Any, lines: list[int], **kw: Any) -> Check:
    def as_amount(item: Any) -> Decimal | None:
        return item if isinstance(item, Decimal) or item is None else None

    return make_check(name, as_amount(expected), as_amount(actual), lines, **kw)


def _or_zero(amount: Decimal | None, present: bool) -> Decimal | None:
    """A printed-empty figure of a present table is zero; an absent table stays ``None``."""
    return amount if amount is not None or not present else ZERO


# The summary's sources of this year's income: the funds (or 财政拨款收入, their sum), then
# the other sources of budgets (财政专户, 单位资金) and of 决算 (上级补助收入 …).
SUMMARY_FUNDS = ("general_public_budget", "government_fund_budget", "state_capital_budget")
SUMMARY_OTHER_SOURCES = (
    "special_account",
    "unit_funds",
    "business_income",
    "operating_income",
    "other_income",
    "superior_subsidy",
    "affiliated_income",
)


def _amount(mapping: dict[str, Any], key: str) -> Decimal:
    item = mapping.get(key)
    return item if isinstance(item, Decimal) else ZERO


def summary_sources(summary: dict[str, Any]) -> list[str]:
    """The keys of this year's income sources the summary prints."""
    funds = ["fiscal_grant_income"] if "fiscal_grant_income" in summary else list(SUMMARY_FUNDS)
    return [key for key in (*funds, *SUMMARY_OTHER_SOURCES) if key in summary]


def current_income(summary: dict[str, Any]) -> Decimal | None:
    """本年收入合计, or, when the table prints none (上海's budgets), 收入总计 less what is not
    this year's income."""
    if summary.get("current_year_income") is not None:
        return summary["current_year_income"]
    if summary.get("income_total") is None:
        return None
    carried = _amount(summary, "carryover_income") + _amount(summary, "non_grant_balance_used")
    return summary["income_total"] - carried


def current_expenditure(summary: dict[str, Any]) -> Decimal | None:
    """本年支出合计, or 支出总计 less 年末结转和结余 and 结余分配 when none is printed."""
    if summary.get("current_year_expenditure") is not None:
        return summary["current_year_expenditure"]
    if summary.get("expenditure_total") is None:
        return None
    kept = _amount(summary, "year_end_carryover") + _amount(summary, "balance_distribution")
    return summary["expenditure_total"] - kept


def check_summary(parsed: dict[str, Any]) -> list[Check]:
    """The 收支总表's own balance: sources -> 本年收入合计 -> 收入总计 = 支出总计,
    类 -> 本年支出合计 (or 支出总计 when no 本年支出合计 is printed)."""
    summary = parsed.get("summary")
    if not summary or "income_total" not in summary:
        return []
    lines = summary.get("source_lines", {})
    step = step_of(parsed, "summary")

    def get(key: str) -> Decimal:
        return _amount(summary, key)

    def cite(*keys: str) -> list[int]:
        return line_span(*(lines.get(key) for key in keys))

    sources = summary_sources(summary)
    carried = ("carryover_income", "non_grant_balance_used")
    checks = []
    if summary.get("current_year_income") is not None or "fiscal_grant_income" not in summary:
        checks += [
            make_check(
                "summary:current_year_income",
                get("current_year_income"),
                sum((get(key) for key in sources), ZERO),
                cite("current_year_income", *sources),
                tolerance=tolerance(len(sources), step),
            ),
            make_check(
                "summary:income_total",
                get("income_total"),
                get("current_year_income") + sum((get(key) for key in carried), ZERO),
                cite("income_total", "current_year_income", *carried),
                tolerance=tolerance(1, step) if step != CENT else CENT,
            ),
        ]
    else:  # 上海: 收入总计 straight from its sources
        checks.append(
            make_check(
                "summary:income_total",
                get("income_total"),
                sum((get(key) for key in (*sources, *carried)), ZERO),
                cite("income_total", *sources, *carried),
                tolerance=tolerance(len(sources), step),
            )
        )
    if "fiscal_grant_income" in summary:
        checks.append(
            make_check(
                "summary:fiscal_grant_income",
                get("fiscal_grant_income"),
                sum((get(key) for key in SUMMARY_FUNDS), ZERO),
                cite("fiscal_grant_income", *SUMMARY_FUNDS),
                tolerance=tolerance(len(SUMMARY_FUNDS), step),
            )
        )
    has_current = summary.get("current_year_expenditure") is not None
    kept = ("year_end_carryover", "balance_distribution")
    if has_current or "current_year_expenditure" in lines:
        checks.append(
            make_check(
                "summary:expenditure_total",
                get("expenditure_total"),
                get("current_year_expenditure") + sum((get(key) for key in kept), ZERO),
                cite("expenditure_total", "current_year_expenditure", *kept),
                tolerance=tolerance(1, step) if step != CENT else CENT,
            )
        )
    checks.append(
        make_check(
            "summary:income_equals_expenditure",
            get("income_total"),
            get("expenditure_total"),
            cite("income_total", "expenditure_total"),
            tolerance=ZERO if step == CENT else step / 2,
        )
    )
    if is_final(parsed):
        checks.append(_final_balance("summary", summary, lines, step))
    checks += _summary_classes_checks(summary, lines, step)
    return checks


def _final_balance(name: str, table: dict[str, Any], lines: dict[str, Any], step: Decimal) -> Check:
    """年初结转和结余 + 本年收入合计 = 本年支出合计 + 年末结转和结余 of a 决算 总表."""

    def get(key: str) -> Decimal:
        item = table.get(key)
        if isinstance(item, dict):  # 财政拨款: the 合计 column of a by-fund row
            item = item.get("total")
        return item if isinstance(item, Decimal) else ZERO

    keys = ("carryover_income", "current_year_income")
    spent = ("current_year_expenditure", "year_end_carryover")
    return make_check(
        f"final_balance:{name}",
        sum((get(key) for key in keys), ZERO),
        sum((get(key) for key in spent), ZERO),
        line_span(*(lines.get(key) for key in (*keys, *spent))),
        tolerance=tolerance(4, step),
    )


def _summary_classes_checks(
    summary: dict[str, Any], lines: dict[str, Any], step: Decimal
) -> list[Check]:
    """The 类 rows: they add up to 本年支出合计 (支出总计 when none), and across their columns."""
    classes = summary.get("expenditure_by_function", [])
    closing = (
        "current_year_expenditure"
        if summary.get("current_year_expenditure") is not None
        or "current_year_expenditure" in lines
        else "expenditure_total"
    )
    current_row: Row = {"total": summary.get(closing), "lines": lines.get(closing)}
    columns = amount_keys(classes) or ["total"]
    for key in columns:
        if key != "total":
            current_row[key] = summary.get(f"{closing}_{key}")
    checks = []
    for key in columns:
        if _has_any([current_row, *classes], key):
            name = _column_name("functional_hierarchy:summary:total", key, "total")
            checks.append(sum_check(name, current_row, key, classes, step=step))
    parts = [key for key in columns if key != "total"]
    if parts:
        checks += check_row_totals("summary", classes, current_row, "total", parts, step)
    return checks


FISCAL_CLASS_KEYS = ("total", "general_public_budget", "government_fund", "state_capital")
FISCAL_FUNDS = ("general_public_budget", "government_fund_budget", "state_capital_budget")


def check_fiscal_grant(parsed: dict[str, Any]) -> list[Check]:
    """The 财政拨款收支总表's own balance."""
    grant = parsed.get("fiscal_grant")
    if not grant:
        return []
    lines = grant.get("source_lines", {})
    step = step_of(parsed, "fiscal_grant")

    def get(key: str) -> Decimal:
        return _amount(grant, key)

    def cite(*keys: str) -> list[int]:
        return line_span(*(lines.get(key) for key in keys))

    carry_keys = tuple(f"carryover_{key}" for key in FISCAL_FUNDS)
    has_current = "current_year_income" in lines
    current = {
        **(grant.get("current_year_expenditure") or {}),
        "lines": lines.get("current_year_expenditure"),
    }
    spent = {**(grant.get("expenditure_total") or {}), "lines": lines.get("expenditure_total")}
    classes = grant.get("expenditure_by_function", [])
    checks = []
    if has_current:
        checks.append(
            make_check(
                "fiscal_grant:current_year_income",
                get("current_year_income"),
                sum((get(key) for key in FISCAL_FUNDS), ZERO),
                cite("current_year_income", *FISCAL_FUNDS),
                tolerance=tolerance(3, step),
            )
        )
    if "carryover_income" in lines:
        checks.append(
            make_check(
                "fiscal_grant:carryover_income",
                get("carryover_income"),
                sum((get(key) for key in carry_keys), ZERO),
                cite("carryover_income", *carry_keys),
                tolerance=tolerance(3, step),
            )
        )
    this_year = (
        get("current_year_income") if has_current else sum((get(k) for k in FISCAL_FUNDS), ZERO)
    )
    checks.append(
        make_check(
            "fiscal_grant:income_total",
            get("income_total"),
            this_year + get("carryover_income"),
            cite("income_total", "current_year_income", "carryover_income"),
            tolerance=CENT if has_current and step == CENT else tolerance(3, step),
        )
    )
    if "current_year_expenditure" in lines:
        checks.append(
            make_check(
                "fiscal_grant:expenditure_total",
                value(spent, "total"),
                value(current, "total") + get("year_end_carryover"),
                cite("expenditure_total", "current_year_expenditure", "year_end_carryover"),
                tolerance=CENT if step == CENT else tolerance(2, step),
            )
        )
    checks.append(
        make_check(
            "fiscal_grant:income_equals_expenditure",
            get("income_total"),
            value(spent, "total"),
            cite("income_total", "expenditure_total"),
            tolerance=ZERO if step == CENT else step / 2,
        )
    )
    if is_final(parsed):
        checks.append(_final_balance("fiscal_grant", grant, lines, step))
    closing = current if "current_year_expenditure" in lines else spent
    for key in FISCAL_CLASS_KEYS:
        if _has_any([closing, *classes], key):
            name = _column_name("functional_hierarchy:fiscal_grant:total", key, "total")
            checks.append(sum_check(name, closing, key, classes, step=step))
    checks += check_row_totals(
        "fiscal_grant", classes, closing, "total", FISCAL_CLASS_KEYS[1:], step
    )
    return checks


def _non_grant_income(summary: dict[str, Any]) -> Decimal:
    """This year's income that is no 财政拨款, and the balances a 决算 spends."""
    keys = (*SUMMARY_OTHER_SOURCES, "non_grant_balance_used")
    return sum((_amount(summary, key) for key in keys), ZERO)


def _summary_classes(summary: dict[str, Any], expenditure: Sequence[Row]) -> list[Row]:
    """表1's 类 rows keyed by the code 表3 gives the same name."""
    codes = {row["name"]: row["code"] for row in classes_of(expenditure)}
    return [
        {**row, "code": codes.get(row["name"], row["name"])}
        for row in summary.get("expenditure_by_function", [])
    ]


def check_cross_tables(parsed: dict[str, Any]) -> list[Check]:
    """The same totals across tables, allowing for carry-over."""
    summary = parsed.get("summary") or {}
    totals = parsed.get("table_totals", {})
    income, spent = totals.get("income_by_function"), totals.get("functional_expenditure")
    general = totals.get("general_public_expenditure")
    grant = parsed.get("fiscal_grant")
    lines = summary.get("source_lines", {})
    checks: list[Check] = []
    has_summary = "income_total" in summary
    final = is_final(parsed)

    def pair(name: str, tables: Sequence[str], expected: Any, actual: Any, *cited: Any) -> None:
        within = same_figure_tolerance(parsed, *tables)
        checks.append(
            _scalar_check(
                f"cross_table_total:{name}", expected, actual, line_span(*cited), tolerance=within
            )
        )

    if has_summary and income is not None:
        pair(
            "income_vs_summary",
            ("summary", "income"),
            current_income(summary),
            income.get("total"),
            lines.get("current_year_income") or lines.get("income_total"),
            income.get("lines"),
        )
        if "carryover" in income:
            pair(
                "income_carryover_vs_summary",
                ("summary", "income"),
                _or_zero(summary.get("carryover_income"), True),
                _or_zero(income.get("carryover"), True),
                lines.get("carryover_income"),
                income.get("lines"),
            )
    if has_summary and spent is not None:
        pair(
            "expenditure_vs_summary",
            ("summary", "expenditure"),
            current_expenditure(summary),
            spent.get("total"),
            lines.get("current_year_expenditure") or lines.get("expenditure_total"),
            spent.get("lines"),
        )
    if has_summary and general is not None and not final:
        pair(
            "general_public_vs_summary",
            ("summary", "general_public"),
            _or_zero(summary.get("general_public_budget"), True),
            general.get("total"),
            lines.get("general_public_budget"),
            general.get("lines"),
        )
    if grant and has_summary:
        checks += _grant_vs_summary(parsed, summary, grant)
    if grant and general is not None:
        grant_lines = grant.get("source_lines", {})
        closing = "current_year_expenditure" if grant.get("current_year_expenditure") else None
        spent_gpb = (grant.get(closing or "expenditure_total") or {}).get("general_public_budget")
        # A budget's 一般公共预算 table leaves out what carry-over pays; a 决算's does not.
        carried = ZERO if final else (grant.get("carryover_general_public_budget") or ZERO)
        pair(
            "general_public_vs_fiscal_grant",
            ("fiscal_grant", "general_public"),
            _or_zero(spent_gpb, True),
            value(general, "total") + carried,
            grant_lines.get(closing or "expenditure_total"),
            general.get("lines"),
        )
    checks += _cross_rows(parsed, summary)
    return checks


def _grant_vs_summary(
    parsed: dict[str, Any], summary: dict[str, Any], grant: dict[str, Any]
) -> list[Check]:
    """The funds of the 财政拨款收支总表 against the 收支总表's."""
    lines = summary.get("source_lines", {})
    grant_lines = grant.get("source_lines", {})
    funds = sum((summary.get(key) or ZERO for key in FISCAL_FUNDS), ZERO)
    received = grant.get("current_year_income")
    if received is None and "current_year_income" not in grant_lines:
        received = sum((grant.get(key) or ZERO for key in FISCAL_FUNDS), ZERO)
    checks = [
        _scalar_check(
            "cross_table_total:fiscal_grant_vs_summary",
            funds,
            received,
            line_span(
                *(lines.get(key) for key in FISCAL_FUNDS),
                grant_lines.get("current_year_income"),
                *(grant_lines.get(key) for key in FISCAL_FUNDS),
            ),
            tolerance=tolerance(3, step_of(parsed, "summary", "fiscal_grant")),
        )
    ]
    same_carryover = _amount(summary, "carryover_income") == _amount(grant, "carryover_income")
    if _non_grant_income(summary) == 0 and (same_carryover or not is_final(parsed)):
        checks.append(
            _scalar_check(
                "cross_table_total:fiscal_grant_total_vs_summary",
                summary.get("income_total"),
                grant.get("income_total"),
                line_span(lines.get("income_total"), grant_lines.get("income_total")),
                tolerance=same_figure_tolerance(parsed, "summary", "fiscal_grant"),
            )
        )
    return checks


def _cross_rows(parsed: dict[str, Any], summary: dict[str, Any]) -> list[Check]:
    """The same 类 across tables."""
    expenditure = parsed.get("functional_expenditure")
    income = parsed.get("income_by_function")
    general = parsed.get("general_public_expenditure")
    grant = parsed.get("fiscal_grant")
    final = is_final(parsed)
    checks: list[Check] = []

    def within(*tables: str) -> Decimal:
        return same_figure_tolerance(parsed, *tables)

    if income is not None and expenditure is not None and not final:
        # Every code, not only 类: 表2 (this year + carry-over) and 表3 list the same rows. A
        # 决算's income and spending differ by what the year-start balances paid.
        income_rows = [
            {**row, "with_carryover": value(row, "total") + value(row, "carryover")}
            for row in income
        ]
        checks += compare_classes(
            "cross_table_row:income_vs_expenditure",
            expenditure,
            "total",
            income_rows,
            "with_carryover",
            within=within("income", "expenditure"),
        )
    income_by_fund = income is not None and "general_public_budget" in columns_of(income)
    if income_by_fund and general is not None:
        checks += compare_classes(
            "cross_table_row:general_public_vs_income",
            classes_of(income),
            "general_public_budget",
            classes_of(general),
            "total",
            within=within("income", "general_public"),
        )
    elif grant and general is not None:
        # Income by kind (上海, 决算): 一般公共预算 by 类 from the 财政拨款收支总表 instead.
        checks += compare_classes(
            "cross_table_row:general_public_vs_fiscal_grant",
            _summary_classes(grant, general),
            "general_public_budget",
            classes_of(general),
            "total",
            within=within("fiscal_grant", "general_public"),
        )
    if expenditure is not None and "expenditure_by_function" in summary:
        checks += compare_classes(
            "cross_table_row:summary_vs_expenditure",
            classes_of(expenditure),
            "total",
            _summary_classes(summary, expenditure),
            "total",
            within=within("summary", "expenditure"),
        )
    if grant and expenditure is not None and _non_grant_income(summary) == 0 and not final:
        checks += compare_classes(
            "cross_table_row:fiscal_grant_vs_expenditure",
            classes_of(expenditure),
            "total",
            _summary_classes(grant, expenditure),
            "total",
            within=within("fiscal_grant", "expenditure"),
        )
    return checks


def _categories_by_split(rows: Sequence[Row]) -> dict[str, list[Row]]:
    """A 决算's categories, by whether they are 人员经费 or 公用经费."""
    groups: dict[str, list[Row]] = {"personnel": [], "public": []}
    for row in rows:
        if row.get("is_category"):
            key = "personnel" if row.get("dept_item") in PERSONNEL_CATEGORIES else "public"
            groups[key].append(row)
    return groups


def check_economic(parsed: dict[str, Any]) -> list[Check]:
    """基本支出经济分类: rows -> categories -> total, 人员 + 公用 = 合计, against other tables.

    A 决算 prints one 决算数 per row and closes with 人员经费合计 and 公用经费合计: its
    categories add up to those (工资福利支出 and 对个人和家庭的补助 are 人员经费), and their sum
    stands for the total.
    """
    economic = parsed.get("economic_basic")
    if not economic or (
        economic.get("total") is None
        and economic.get("personnel") is None
        and not economic.get("rows")
    ):
        return []
    step = step_of(parsed, "economic")
    total: Row = {**economic, "lines": economic.get("total_lines")}
    if economic.get("total") is None and economic.get("personnel") is not None:
        total["total"] = value(total, "personnel") + value(total, "public")
    rows = economic.get("rows", [])
    split = any(row.get(key) is not None for row in rows for key in ("personnel", "public"))
    checks = _economic_categories(economic, total, rows, split, step)
    if split:
        categories = [row for row in rows if row.get("is_category")]
        for label, row in [("total", total), *((c["dept_item"], c) for c in categories)]:
            checks.append(
                make_check(
                    f"economic_split:{label}",
                    value(row, "total"),
                    value(row, "personnel") + value(row, "public"),
                    spans([row]),
                    tolerance=tolerance(2, step),
                )
            )
    general = parsed.get("table_totals", {}).get("general_public_expenditure")
    if general is not None:
        checks.append(
            make_check(
                "cross_table_total:economic_vs_general_public_basic",
                value(general, "basic"),
                value(total, "total"),
                spans([general, total]),
                tolerance=_derived_tolerance(economic, parsed, "general_public", "economic"),
            )
        )
    checks += _economic_vs_expenditure(parsed, total, economic)
    checks += _economic_vs_operating(parsed, total)
    return checks


def _economic_categories(
    economic: Row, total: Row, rows: Sequence[Row], split: bool, step: Decimal
) -> list[Check]:
    """Rows add up to their category, categories to the total (and to 人员 / 公用经费)."""
    categories = [row for row in rows if row.get("is_category")]
    columns = ("total", "personnel", "public") if split else ("total",)
    checks: list[Check] = []
    for category in categories:
        members = [
            row
            for row in rows
            if not row.get("is_category") and row.get("category") == category["dept_item"]
        ]
        for key in columns:
            if members and _has_any([category, *members], key):
                name = _column_name(f"economic_category:{category['dept_item']}", key, "total")
                checks.append(sum_check(name, category, key, members, step=step))
    if not categories:
        return checks
    for key in columns:
        if _has_any([total, *categories], key):
            name = _column_name("economic_total", key, "total")
            checks.append(sum_check(name, total, key, categories, step=step))
    if not split and economic.get("personnel") is not None:
        for key, members in _categories_by_split(rows).items():
            amounts = [{"total": row.get("total"), "lines": row.get("lines")} for row in members]
            expected = {"total": economic.get(key), "lines": economic.get("total_lines")}
            checks.append(sum_check(f"economic_total:{key}", expected, "total", amounts, step=step))
    return checks


def _derived_tolerance(economic: Row, parsed: dict[str, Any], *tables: str) -> Decimal:
    """A total the table prints must match; one summed from 人员 and 公用 may drift by rounding."""
    if economic.get("total") is None:
        return tolerance(2, step_of(parsed, *tables))
    return same_figure_tolerance(parsed, *tables)


def _economic_vs_expenditure(parsed: dict[str, Any], total: Row, economic: Row) -> list[Check]:
    """The 基本支出 table against 基本支出 of the 支出总表, when all income is 一般公共预算 (and,
    in a 决算, no balance carried from earlier years paid for part of it)."""
    summary = parsed.get("summary") or {}
    spent = parsed.get("table_totals", {}).get("functional_expenditure")
    others = ("government_fund_budget", "state_capital_budget", *SUMMARY_OTHER_SOURCES)
    if is_final(parsed):
        others = (*others, "carryover_income", "non_grant_balance_used")
    if spent is None or "income_total" not in summary or any(summary.get(k) for k in others):
        return []
    return [
        make_check(
            "cross_table_total:economic_vs_expenditure_basic",
            value(spent, "basic"),
            value(total, "total"),
            spans([spent, total]),
            tolerance=_derived_tolerance(economic, parsed, "expenditure", "economic"),
            message="基本支出 of 表3 (all 一般公共预算) against 表6",
        )
    ]


def _economic_vs_operating(parsed: dict[str, Any], total: Row) -> list[Check]:
    detail = parsed.get("operating_expenses_detail")
    if detail is None:
        return []
    operating = parsed.get("operating_expenses")
    lines = spans([total, {"lines": detail.get("total_lines") or detail.get("lines")}])
    if operating is None:
        return [
            make_check(
                "cross_table_total:economic_public_vs_operating",
                total.get("public"),
                None,
                lines,
                message="no 机关运行经费 (本表无数据): only 行政单位 and units managed "
                "like them have it",
            )
        ]
    within = same_figure_tolerance(parsed, "economic", "operating")
    message = ""
    if abs(operating - value(total, "public")) > within:
        message = (
            "公用经费 of 表6 and 机关运行经费 of 表11 differ; 机关运行经费 covers 行政单位 (and "
            "units managed like them) only, so 事业单位 in a department can explain a lower figure"
        )
    return [
        make_check(
            "cross_table_total:economic_public_vs_operating",
            value(total, "public"),
            operating,
            lines,
            tolerance=within,
            message=message,
        )
    ]


def _three_public_checks(parsed: dict[str, Any], three: dict[str, Any], prefix: str) -> list[Check]:
    if not three or all(
        three.get(key) is None for key in ("total", "reception", "vehicle_total", "outbound_travel")
    ):
        return []
    lines = three.get("source_lines", {})
    step = step_of(parsed, "three_public")
    parts = ("outbound_travel", "reception", "vehicle_total")
    vehicle = ("vehicle_purchase", "vehicle_operation")
    return [
        make_check(
            f"three_public:{prefix}total",
            three.get("total") or ZERO,
            sum((three.get(key) or ZERO for key in parts), ZERO),
            line_span(*(lines.get(key) for key in ("total", *parts))),
            tolerance=tolerance(3, step),
        ),
        make_check(
            f"three_public:{prefix}vehicle",
            three.get("vehicle_total") or ZERO,
            sum((three.get(key) or ZERO for key in vehicle), ZERO),
            line_span(*(lines.get(key) for key in ("vehicle_total", *vehicle))),
            tolerance=tolerance(2, step),
        ),
    ]


def check_three_public(parsed: dict[str, Any]) -> list[Check]:
    """三公: 出国 + 接待 + 公务用车 = 合计; 购置 + 运行 = 公务用车 (a 决算: 决算数, then 预算数)."""
    return [
        *_three_public_checks(parsed, parsed.get("three_public") or {}, ""),
        *_three_public_checks(parsed, parsed.get("three_public_budget") or {}, "budget_"),
    ]


def check_operating(parsed: dict[str, Any]) -> list[Check]:
    """机关运行经费: the units' rows sum to 部门合计."""
    detail = parsed.get("operating_expenses_detail")
    if not detail or detail.get("total") is None or not detail.get("rows"):
        return []
    total = {"total": detail["total"], "lines": detail.get("total_lines")}
    return [
        sum_check(
            "operating:total", total, "total", detail["rows"], step=step_of(parsed, "operating")
        )
    ]


def check_stated_empty(parsed: dict[str, Any]) -> list[Check]:
    """A table that says it has no data but prints figures: the contradiction, reported."""
    checks = []
    for entry in parsed.get("tables") or []:
        statement = entry.get("stated_empty")
        if not statement or entry.get("empty"):
            continue
        largest = statement.get("largest") or ZERO
        if largest == 0:
            continue
        checks.append(
            make_check(
                f"stated_empty:{entry['kind']}",
                ZERO,
                largest,
                line_span(statement.get("lines"), entry.get("lines")),
                tolerance=ZERO,
                message=f"表中注明无数据（{statement.get('text', '')}），但列有金额",
            )
        )
    return checks


def _group_checks(groups: Sequence[Row], projects: Sequence[Row], table: str) -> list[Check]:
    checks = []
    units = [group for group in groups if group.get("level") == "unit"]
    for group in units:
        members = [p for p in projects if p.get("unit") == group["name"]]
        position = units.index(group)
        checks.append(
            sum_check(
                f"project_group:{table}:{position + 1}:{group['name']}", group, "amount", members
            )
        )
    for group in groups:
        if group.get("level") == "department":
            parts = units or list(projects)
            checks.append(
                sum_check(
                    f"project_group:{table}:department:{group['name']}", group, "amount", parts
                )
            )
    return checks


def check_projects(parsed: dict[str, Any]) -> list[Check]:
    """Project rows sum to their unit subtotals and to 项目支出 in 表3 and 表5."""
    projects = parsed.get("projects")
    carried = parsed.get("carryover_projects")
    checks: list[Check] = []
    if projects is not None:
        checks += _group_checks(parsed.get("project_groups", []), projects, "projects")
    if carried is not None:
        checks += _group_checks(
            parsed.get("carryover_project_groups", []), carried, "carryover_projects"
        )
    totals = parsed.get("table_totals", {})
    spent, general = totals.get("functional_expenditure"), totals.get("general_public_expenditure")
    if projects is not None and spent is not None:
        both = [*projects, *(carried or [])]
        checks.append(
            sum_check(
                "project_total:projects_vs_expenditure",
                spent,
                "project",
                [{"project": row.get("amount"), "lines": row.get("lines")} for row in both],
                message="本年 and 上年结转 projects against 项目支出 of 表3",
            )
        )
    if projects is not None and general is not None:
        checks.append(
            sum_check(
                "project_total:projects_vs_general_public",
                general,
                "project",
                [
                    {"project": row.get("general_public_budget"), "lines": row.get("lines")}
                    for row in projects
                ],
                message="一般公共预算 of 本年 projects against 项目支出 of 表5",
            )
        )
    checks += check_special_funds(parsed)
    return checks


def check_special_funds(parsed: dict[str, Any]) -> list[Check]:
    """A special-funds disclosure's projects against its stated total and categories."""
    funds = parsed.get("special_funds")
    projects = parsed.get("projects") or []
    if not funds:
        return []
    stated = {"amount": funds.get("total"), "lines": funds.get("lines")}
    checks = [sum_check("project_total:special_funds", stated, "amount", projects)]
    for category in funds.get("categories", []):
        members = [p for p in projects if p.get("category") == category["category"]]
        row = {"amount": category.get("amount"), "lines": funds.get("lines")}
        checks.append(sum_check(f"project_category:{category['category']}", row, "amount", members))
        checks.append(
            make_check(
                f"project_count:{category['category']}",
                Decimal(category["count"]),
                Decimal(len(members)),
                spans([row, *members]),
                tolerance=ZERO,
            )
        )
    return checks


def validate(parsed: dict[str, Any]) -> list[Check]:
    """Every reconciliation check on a parsed disclosure, in report order."""
    return [
        *check_summary(parsed),
        *check_coded_tables(parsed),
        *check_fiscal_grant(parsed),
        *check_cross_tables(parsed),
        *check_economic(parsed),
        *check_three_public(parsed),
        *check_operating(parsed),
        *check_projects(parsed),
        *check_stated_empty(parsed),
    ]


def summarize(checks: Iterable[Check]) -> dict[str, int]:
    """Counts of checks by outcome.

    ``pass`` (exact), ``rounding`` (passed within tolerance), ``fail`` and ``skipped``.
    """
    counts = {"total": 0, "pass": 0, "rounding": 0, "fail": 0, "skipped": 0}
    for check in checks:
        counts["total"] += 1
        if check["status"] == "pass" and check.get("kind") == "rounding":
            counts["rounding"] += 1
        else:
            counts[check["status"]] = counts.get(check["status"], 0) + 1
    return counts


__all__ = ["CENT", "summarize", "validate"]
