"""Reconciliation checks over a parsed disclosure: the validation report the public sees.

Every check is built with :func:`ingest.checks.make_check` and named
``<family>:<table>:<item>`` so it can be referred to:

- ``functional_hierarchy:<table>:<code>[:<column>]`` — 项 sum to their 款, 款 to their
  类, 类 to the 合计 row (``<code>`` is ``total``), in every table with codes;
- ``row_total:<table>:<code>`` — 合计 = 基本支出 + 项目支出 on each row (this year's
  sources for income, funds for 表4, 当年 + 结转 for 表1);
- ``cross_table_total:<what>`` and ``cross_table_row:<what>:<code>`` — the same
  figure across 表1-表6 (表5 and 表6 exclude carry-over, 表2 keeps it apart);
- ``summary:<what>`` / ``fiscal_grant:<what>`` — a two-sided table's own balance;
- ``economic_category:<name>``, ``economic_total``, ``economic_split:<row>`` and
  ``cross_table_total:economic_public_vs_operating`` (公用经费 against 机关运行经费);
- ``three_public:<what>``, ``operating:total``;
- ``project_group:<name>``, ``project_total:<what>`` and, for special-funds
  disclosures, ``project_category:<category>`` / ``project_count:<category>``.

A row absent from a table counts as zero where its parent or counterpart exists:
a 类 printed in one table and missing in another is a real disagreement. Sums of
rounded 万元 figures get a tolerance of half a cent per part (``rounding``).
Narrative and form-funds checks live with their extractors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from ingest.checks import CENT, line_span, make_check, rounding_tolerance

Row = dict[str, Any]
Check = dict[str, Any]
ZERO = Decimal("0")


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
    name: str, expected_row: Row | None, key: str, parts: Sequence[Row], *, message: str = ""
) -> Check:
    """``expected_row[key]`` against the sum of ``parts[key]``, with rounding tolerance."""
    return make_check(
        name,
        value(expected_row, key),
        total_of(parts, key),
        spans([expected_row, *parts]),
        tolerance=rounding_tolerance(len(parts)),
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
    table: str, rows: Sequence[Row], total: Row | None, columns: Sequence[str]
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
                checks.append(sum_check(name, parent, key, children))
    classes = [row for row in rows if len(row["code"]) == 3]
    if total and classes:
        for key in columns:
            if _has_any([total, *classes], key):
                name = _column_name(f"functional_hierarchy:{table}:total", key, main)
                checks.append(sum_check(name, total, key, classes))
    return checks


def check_row_totals(
    table: str, rows: Sequence[Row], total: Row | None, total_key: str, parts: Sequence[str]
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
                tolerance=rounding_tolerance(len(parts)),
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
    key: Callable[[Row], str] = lambda row: row["code"],
) -> list[Check]:
    """The same 类 in two tables: one check per 类 found in either; absent counts as zero."""
    expected = {key(row): row for row in expected_rows}
    actual = {key(row): row for row in actual_rows}
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
                message=message,
            )
        )
    return checks


def classes_of(rows: Sequence[Row] | None) -> list[Row]:
    """The 类 (3-digit) rows of a coded table."""
    return [row for row in rows or () if len(row["code"]) == 3]


# --- the parsed document -------------------------------------------------------------

EXPENDITURE_COLUMNS = ("total", "basic", "project")
INCOME_COLUMNS = (
    "total",
    "general_public_budget",
    "government_fund",
    "state_capital",
    "special_account",
    "unit_funds",
    "carryover",
)
INCOME_SOURCES = INCOME_COLUMNS[1:6]


def check_coded_tables(parsed: dict[str, Any]) -> list[Check]:
    """Hierarchy and row totals in 表2, 表3, 表5 and 政府性基金支出表."""
    totals = parsed.get("table_totals", {})
    checks: list[Check] = []
    income = parsed.get("income_by_function")
    if income is not None:
        total = totals.get("income_by_function")
        checks += check_hierarchy("income", income, total, INCOME_COLUMNS)
        checks += check_row_totals("income", income, total, "total", INCOME_SOURCES)
    for key, table in (
        ("functional_expenditure", "expenditure"),
        ("general_public_expenditure", "general_public"),
        ("government_fund_expenditure", "government_fund"),
    ):
        rows = parsed.get(key)
        if rows is None:
            continue
        total = totals.get(key)
        checks += check_hierarchy(table, rows, total, EXPENDITURE_COLUMNS)
        checks += check_row_totals(table, rows, total, "total", ("basic", "project"))
    return checks


def _scalar_check(name: str, expected: Any, actual: Any, lines: list[int], **kw: Any) -> Check:
    def as_amount(item: Any) -> Decimal | None:
        return item if isinstance(item, Decimal) or item is None else None

    return make_check(name, as_amount(expected), as_amount(actual), lines, **kw)


def _or_zero(amount: Decimal | None, present: bool) -> Decimal | None:
    """A printed-empty figure of a present table is zero; an absent table stays ``None``."""
    return amount if amount is not None or not present else ZERO


def check_summary(parsed: dict[str, Any]) -> list[Check]:
    """表1's own balance: sources -> 本年收入合计 -> 收入总计 = 支出总计, 类 -> 本年支出合计."""
    summary = parsed.get("summary")
    if not summary or "income_total" not in summary:
        return []
    lines = summary.get("source_lines", {})

    def get(key: str) -> Decimal:
        return summary.get(key) or ZERO

    def cite(*keys: str) -> list[int]:
        return line_span(*(lines.get(key) for key in keys))

    sources = (
        "general_public_budget",
        "government_fund_budget",
        "state_capital_budget",
        "special_account",
        "unit_funds",
    )
    classes = summary.get("expenditure_by_function", [])
    checks = [
        make_check(
            "summary:current_year_income",
            get("current_year_income"),
            sum((get(key) for key in sources), ZERO),
            cite("current_year_income", *sources),
            tolerance=rounding_tolerance(len(sources)),
        ),
        make_check(
            "summary:income_total",
            get("income_total"),
            get("current_year_income") + get("carryover_income"),
            cite("income_total", "current_year_income", "carryover_income"),
        ),
        make_check(
            "summary:expenditure_total",
            get("expenditure_total"),
            get("current_year_expenditure") + get("year_end_carryover"),
            cite("expenditure_total", "current_year_expenditure", "year_end_carryover"),
        ),
        make_check(
            "summary:income_equals_expenditure",
            get("income_total"),
            get("expenditure_total"),
            cite("income_total", "expenditure_total"),
        ),
    ]
    current_row = {
        "total": summary.get("current_year_expenditure"),
        "lines": lines.get("current_year_expenditure"),
    }
    current_row["current_budget"] = summary.get("current_year_expenditure_current_budget")
    current_row["carryover"] = summary.get("current_year_expenditure_carryover")
    for key in ("total", "current_budget", "carryover"):
        if _has_any([current_row, *classes], key):
            name = _column_name("functional_hierarchy:summary:total", key, "total")
            checks.append(sum_check(name, current_row, key, classes))
    checks += check_row_totals(
        "summary", classes, current_row, "total", ("current_budget", "carryover")
    )
    return checks


FISCAL_CLASS_KEYS = ("total", "general_public_budget", "government_fund", "state_capital")
FISCAL_FUNDS = ("general_public_budget", "government_fund_budget", "state_capital_budget")


def check_fiscal_grant(parsed: dict[str, Any]) -> list[Check]:
    """表4's own balance and its agreement with 表1."""
    grant = parsed.get("fiscal_grant")
    if not grant:
        return []
    lines = grant.get("source_lines", {})

    def get(key: str) -> Decimal:
        item = grant.get(key)
        return item if isinstance(item, Decimal) else ZERO

    def cite(*keys: str) -> list[int]:
        return line_span(*(lines.get(key) for key in keys))

    carry_keys = tuple(f"carryover_{key}" for key in FISCAL_FUNDS)
    current = {
        **(grant.get("current_year_expenditure") or {}),
        "lines": lines.get("current_year_expenditure"),
    }
    spent = {**(grant.get("expenditure_total") or {}), "lines": lines.get("expenditure_total")}
    classes = grant.get("expenditure_by_function", [])
    checks = [
        make_check(
            "fiscal_grant:current_year_income",
            get("current_year_income"),
            sum((get(key) for key in FISCAL_FUNDS), ZERO),
            cite("current_year_income", *FISCAL_FUNDS),
            tolerance=rounding_tolerance(3),
        ),
        make_check(
            "fiscal_grant:carryover_income",
            get("carryover_income"),
            sum((get(key) for key in carry_keys), ZERO),
            cite("carryover_income", *carry_keys),
            tolerance=rounding_tolerance(3),
        ),
        make_check(
            "fiscal_grant:income_total",
            get("income_total"),
            get("current_year_income") + get("carryover_income"),
            cite("income_total", "current_year_income", "carryover_income"),
        ),
        make_check(
            "fiscal_grant:expenditure_total",
            value(spent, "total"),
            value(current, "total") + get("year_end_carryover"),
            cite("expenditure_total", "current_year_expenditure", "year_end_carryover"),
        ),
        make_check(
            "fiscal_grant:income_equals_expenditure",
            get("income_total"),
            value(spent, "total"),
            cite("income_total", "expenditure_total"),
        ),
    ]
    for key in FISCAL_CLASS_KEYS:
        if _has_any([current, *classes], key):
            name = _column_name("functional_hierarchy:fiscal_grant:total", key, "total")
            checks.append(sum_check(name, current, key, classes))
    checks += check_row_totals("fiscal_grant", classes, current, "total", FISCAL_CLASS_KEYS[1:])
    return checks


def _non_grant_income(summary: dict[str, Any]) -> Decimal:
    return (summary.get("special_account") or ZERO) + (summary.get("unit_funds") or ZERO)


def _summary_classes(summary: dict[str, Any], expenditure: Sequence[Row]) -> list[Row]:
    """表1's 类 rows keyed by the code 表3 gives the same name."""
    codes = {row["name"]: row["code"] for row in classes_of(expenditure)}
    return [
        {**row, "code": codes.get(row["name"], row["name"])}
        for row in summary.get("expenditure_by_function", [])
    ]


def check_cross_tables(parsed: dict[str, Any]) -> list[Check]:
    """The same totals across 表1-表6, allowing for carry-over."""
    summary = parsed.get("summary") or {}
    totals = parsed.get("table_totals", {})
    income, spent = totals.get("income_by_function"), totals.get("functional_expenditure")
    general = totals.get("general_public_expenditure")
    grant = parsed.get("fiscal_grant")
    lines = summary.get("source_lines", {})
    checks: list[Check] = []
    has_summary = "income_total" in summary

    def pair(name: str, expected: Any, actual: Any, *cited: Any) -> None:
        checks.append(
            _scalar_check(f"cross_table_total:{name}", expected, actual, line_span(*cited))
        )

    if has_summary and income is not None:
        pair(
            "income_vs_summary",
            summary.get("current_year_income"),
            income.get("total"),
            lines.get("current_year_income"),
            income.get("lines"),
        )
        pair(
            "income_carryover_vs_summary",
            _or_zero(summary.get("carryover_income"), True),
            _or_zero(income.get("carryover"), True),
            lines.get("carryover_income"),
            income.get("lines"),
        )
    if has_summary and spent is not None:
        pair(
            "expenditure_vs_summary",
            summary.get("current_year_expenditure"),
            spent.get("total"),
            lines.get("current_year_expenditure"),
            spent.get("lines"),
        )
    if has_summary and general is not None:
        pair(
            "general_public_vs_summary",
            _or_zero(summary.get("general_public_budget"), True),
            general.get("total"),
            lines.get("general_public_budget"),
            general.get("lines"),
        )
    if grant and has_summary:
        grant_lines = grant.get("source_lines", {})
        funds = sum((summary.get(key) or ZERO for key in FISCAL_FUNDS), ZERO)
        pair(
            "fiscal_grant_vs_summary",
            funds,
            grant.get("current_year_income"),
            *(lines.get(key) for key in FISCAL_FUNDS),
            grant_lines.get("current_year_income"),
        )
        if _non_grant_income(summary) == 0:
            pair(
                "fiscal_grant_total_vs_summary",
                summary.get("income_total"),
                grant.get("income_total"),
                lines.get("income_total"),
                grant_lines.get("income_total"),
            )
    if grant and general is not None:
        grant_lines = grant.get("source_lines", {})
        spent_gpb = (grant.get("current_year_expenditure") or {}).get("general_public_budget")
        carried = grant.get("carryover_general_public_budget") or ZERO
        pair(
            "general_public_vs_fiscal_grant",
            _or_zero(spent_gpb, True),
            value(general, "total") + carried,
            grant_lines.get("current_year_expenditure"),
            general.get("lines"),
        )
    checks += _cross_rows(parsed, summary)
    return checks


def _cross_rows(parsed: dict[str, Any], summary: dict[str, Any]) -> list[Check]:
    """The same 类 across tables."""
    expenditure = parsed.get("functional_expenditure")
    income = parsed.get("income_by_function")
    general = parsed.get("general_public_expenditure")
    checks: list[Check] = []
    if income is not None and expenditure is not None:
        # Every code, not only 类: 表2 (this year + carry-over) and 表3 list the same rows.
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
        )
    if income is not None and general is not None:
        checks += compare_classes(
            "cross_table_row:general_public_vs_income",
            classes_of(income),
            "general_public_budget",
            classes_of(general),
            "total",
        )
    if expenditure is not None and "expenditure_by_function" in summary:
        checks += compare_classes(
            "cross_table_row:summary_vs_expenditure",
            classes_of(expenditure),
            "total",
            _summary_classes(summary, expenditure),
            "total",
        )
    grant = parsed.get("fiscal_grant")
    if grant and expenditure is not None and _non_grant_income(summary) == 0:
        checks += compare_classes(
            "cross_table_row:fiscal_grant_vs_expenditure",
            classes_of(expenditure),
            "total",
            _summary_classes(grant, expenditure),
            "total",
        )
    return checks


def check_economic(parsed: dict[str, Any]) -> list[Check]:
    """表6: rows -> categories -> total, 人员 + 公用 = 合计, and against 表5 and 表11."""
    economic = parsed.get("economic_basic")
    if not economic or (economic.get("total") is None and not economic.get("rows")):
        return []
    total = {**economic, "lines": economic.get("total_lines")}
    rows = economic.get("rows", [])
    categories = [row for row in rows if row.get("is_category")]
    checks: list[Check] = []
    for category in categories:
        members = [
            row
            for row in rows
            if not row.get("is_category") and row.get("category") == category["dept_item"]
        ]
        for key in ("total", "personnel", "public"):
            if members and _has_any([category, *members], key):
                name = _column_name(f"economic_category:{category['dept_item']}", key, "total")
                checks.append(sum_check(name, category, key, members))
    if categories:
        for key in ("total", "personnel", "public"):
            if _has_any([total, *categories], key):
                checks.append(
                    sum_check(_column_name("economic_total", key, "total"), total, key, categories)
                )
    for label, row in [("total", total), *((c["dept_item"], c) for c in categories)]:
        checks.append(
            make_check(
                f"economic_split:{label}",
                value(row, "total"),
                value(row, "personnel") + value(row, "public"),
                spans([row]),
                tolerance=rounding_tolerance(2),
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
            )
        )
    checks += _economic_vs_expenditure(parsed, total)
    checks += _economic_vs_operating(parsed, total)
    return checks


def _economic_vs_expenditure(parsed: dict[str, Any], total: Row) -> list[Check]:
    """表6 against 基本支出 of 表3, when all of this year's income is 一般公共预算."""
    summary = parsed.get("summary") or {}
    spent = parsed.get("table_totals", {}).get("functional_expenditure")
    others = ("government_fund_budget", "state_capital_budget", "special_account", "unit_funds")
    if spent is None or "income_total" not in summary or any(summary.get(k) for k in others):
        return []
    return [
        make_check(
            "cross_table_total:economic_vs_expenditure_basic",
            value(spent, "basic"),
            value(total, "total"),
            spans([spent, total]),
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
    message = ""
    if operating != value(total, "public"):
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
            message=message,
        )
    ]


def check_three_public(parsed: dict[str, Any]) -> list[Check]:
    """三公: 出国 + 接待 + 公务用车 = 合计; 购置 + 运行 = 公务用车."""
    three = parsed.get("three_public")
    if not three or all(
        three.get(key) is None for key in ("total", "reception", "vehicle_total", "outbound_travel")
    ):
        return []
    lines = three.get("source_lines", {})
    parts = ("outbound_travel", "reception", "vehicle_total")
    vehicle = ("vehicle_purchase", "vehicle_operation")
    return [
        make_check(
            "three_public:total",
            three.get("total") or ZERO,
            sum((three.get(key) or ZERO for key in parts), ZERO),
            line_span(*(lines.get(key) for key in ("total", *parts))),
            tolerance=rounding_tolerance(3),
        ),
        make_check(
            "three_public:vehicle",
            three.get("vehicle_total") or ZERO,
            sum((three.get(key) or ZERO for key in vehicle), ZERO),
            line_span(*(lines.get(key) for key in ("vehicle_total", *vehicle))),
            tolerance=rounding_tolerance(2),
        ),
    ]


def check_operating(parsed: dict[str, Any]) -> list[Check]:
    """机关运行经费: the units' rows sum to 部门合计."""
    detail = parsed.get("operating_expenses_detail")
    if not detail or detail.get("total") is None or not detail.get("rows"):
        return []
    total = {"total": detail["total"], "lines": detail.get("total_lines")}
    return [sum_check("operating:total", total, "total", detail["rows"])]


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
