"""Check what the narrative states against the tables of the same disclosure.

Every check compares a table's figure (``expected``) with the narrative's
(``actual``) and cites both places. Percentages are compared at the precision
the text gives them (83.90% against 1990.83 / 2373.00 = 83.895… -> 83.90), with
one unit of the last place as tolerance for rounding. A table the parse did not
produce skips its checks; a table the document shows with a blank cell counts
as zero where the narrative states a figure (a blank in these tables is none).
Check names start with ``narrative:``.

The prose states amounts in 万元; tables printed in 元 (the Shanghai budgets) are
compared in 万元, to the precision the prose prints ("4,614万元" agrees with
46,140,000 元 and with 46,142,000 元). After the checks against the tables come the
checks of the prose on its own: percentages against the amounts stated with them
(``percentages``), an item given two amounts (``amounts``), 科目 names (``names``) and
wording (``wording``). Messages are Chinese: the public report shows them as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ingest.checks import CENT, line_span, make_check
from ingest.narrative.amounts import check_amounts_stated_twice
from ingest.narrative.class_names import FORMER_NAMES
from ingest.narrative.names import check_names
from ingest.narrative.percentages import check_percentages
from ingest.narrative.statements import (
    extract_narrative_figures,
    extract_procurement,
    extract_stated_changes,
)
from ingest.narrative.wording import check_wording
from ingest.normalize import compact

Check = dict[str, Any]
HUNDRED = Decimal(100)


def check_narrative(narrative: list[dict[str, Any]], parsed: dict[str, Any]) -> list[Check]:
    """All ``narrative:*`` checks for one document (see the module docstring)."""
    figures = extract_narrative_figures(narrative)
    checks: list[Check] = []
    for step in _STEPS:
        checks.extend(step(figures, parsed, narrative))
    sentences = check_percentages(narrative, parsed)
    checks = [*_not_checked_by(sentences, checks), *sentences]
    checks += check_amounts_stated_twice(narrative, parsed)
    checks += check_names(narrative, parsed)
    checks += check_wording(narrative, parsed)
    return checks


def _not_checked_by(sentences: list[Check], checks: list[Check]) -> list[Check]:
    """``checks`` without the percentages the sentence checks already cover.

    Both kinds check some shares and changes of the national template; the sentence
    check quotes the words and shows its arithmetic, so it is the one kept. A percentage
    is the same when the same paragraph states the same figure.
    """
    stated = {(c["lines"][0], str(c.get("actual"))) for c in sentences if c.get("unit") == "%"}

    def covered(check: Check) -> bool:
        kind = check["check"].split(":")[1] if ":" in check["check"] else ""
        if kind not in ("share", "change") or not check["lines"]:
            return False
        first, last = check["lines"][0], check["lines"][-1]
        actual = str(check.get("actual"))
        return any(first <= line <= last and text == actual for line, text in stated)

    return [check for check in checks if not covered(check)]


# --- helpers --------------------------------------------------------------------------------


def _scale(parsed: dict[str, Any]) -> Decimal:
    """What a table amount is multiplied by to read in 万元, the prose's unit."""
    return Decimal("0.0001") if parsed.get("amount_unit") == "元" else Decimal(1)


def _table(parsed: dict[str, Any], *path: str) -> tuple[Decimal | None, list[int] | None]:
    """A table figure in 万元 by path and its lines; a blank cell of a present table reads as 0."""
    node: Any = parsed
    for key in path[:-1]:
        if not isinstance(node, dict) or key not in node:
            return None, None
        node = node[key]
    if not isinstance(node, dict) or path[-1] not in node:
        return None, None
    value = node[path[-1]]
    lines = (node.get("source_lines") or {}).get(path[-1]) or node.get("lines")
    return (Decimal(0) if value is None else Decimal(str(value)) * _scale(parsed)), lines


def _tolerance(stated: Decimal) -> Decimal:
    """Half a unit of the stated figure's last digit, at least a cent: "4,614万元" ±0.5."""
    exponent = stated.as_tuple().exponent
    places = exponent if isinstance(exponent, int) else 0
    return max(CENT, Decimal("0.5") * Decimal(1).scaleb(places))


def _figure_check(
    name: str,
    figure: dict[str, Any] | None,
    table: tuple[Decimal | None, list[int] | None],
    what: str,
) -> list[Check]:
    if figure is None or table[0] is None:
        return []
    stated = figure["value"]
    expected = _rounded_like(table[0], stated)
    check = make_check(
        f"narrative:{name}",
        expected,
        stated,
        line_span(figure["lines"], table[1]),
        tolerance=_tolerance(stated),
        message=f"{what}：报表为{expected}万元，情况说明写{stated}万元",
    )
    check["unit"] = "万元"
    if check["status"] == "fail":
        check["message"] += "，两者不一致。"
    else:
        check["message"] += "。"
    return [check]


def _rounded_like(value: Decimal, stated: Decimal) -> Decimal:
    """A table's figure to the cent, or whole when the prose prints it whole."""
    exponent = stated.as_tuple().exponent
    places = exponent if isinstance(exponent, int) and exponent < 0 else -2
    return value.quantize(Decimal(1).scaleb(places))


def _percent_check(
    name: str, stated: Decimal, part: Decimal, whole: Decimal, lines: list[int]
) -> Check:
    """A stated share against part / whole at the stated precision.

    ``expected`` is part / whole rounded as the text rounds; the check fails when
    the exact share is further from the stated one than half a unit of its last
    place (plus a hundredth of a point for the rounding of the amounts themselves).
    """
    exponent = stated.as_tuple().exponent
    step = Decimal(1).scaleb(min(exponent, 0) if isinstance(exponent, int) else 0)
    exact = part / whole * HUNDRED if whole else None
    computed = exact.quantize(step) if exact is not None else None
    check = make_check(
        f"narrative:{name}",
        computed,
        stated,
        lines,
        tolerance=step,
        message=f"文中写{stated}%；{part}÷{whole}＝{exact:.2f}%"
        if exact is not None
        else f"文中写{stated}%，但其基数为0",
    )
    if exact is not None and abs(exact - stated) > step / 2 + CENT:
        check.update(status="fail", kind="mismatch")
        check["message"] += "，与文中所写不符。"
    else:
        check["message"] += "。"
    check["unit"] = "%"
    return check


def _by_name(rows: list[dict[str, Any]] | None, name: str) -> dict[str, Any] | None:
    """The functional-class row (3-digit code) of a table named like ``name``.

    A name the 2019 classification replaced finds the row of its 类 by code: the old name
    is a wording slip (``names`` reports it), the figure is still the 类's.
    """
    former = FORMER_NAMES.get(compact(name))
    for row in rows or []:
        code = str(row.get("code", ""))
        if len(code) != 3:
            continue
        if compact(row.get("name", "")) == compact(name) or (former and code == former[0]):
            return row
    return None


def _class_total(parsed: dict[str, Any], rows: list[dict[str, Any]] | None) -> Decimal | None:
    classes = [
        r for r in rows or [] if len(str(r.get("code", ""))) == 3 and r.get("total") is not None
    ]
    if not classes:
        return None
    return sum((Decimal(str(r["total"])) for r in classes), Decimal(0)) * _scale(parsed)


def _projects_total(parsed: dict[str, Any]) -> tuple[Decimal | None, list[int] | None]:
    projects = parsed.get("projects")
    if not projects:
        return None, None
    total = sum(
        (Decimal(str(p["amount"])) for p in projects if p.get("amount") is not None), Decimal(0)
    )
    return total * _scale(parsed), line_span(*(p.get("lines") for p in projects))


# --- the steps ------------------------------------------------------------------------------


def _totals(
    figures: dict[str, Any], parsed: dict[str, Any], _: list[dict[str, Any]]
) -> list[Check]:
    pairs = (
        ("income_total", "income_total", "收入总计"),
        ("current_year_income", "current_year_income", "本年收入"),
        ("carryover_income", "carryover_income", "上年结转"),
        ("expenditure_total", "expenditure_total", "支出总计"),
        ("income", "income_total", "预算收入"),
        ("expenditure", "expenditure_total", "支出预算"),
        ("basic_expenditure", "basic_expenditure", "基本支出"),
        ("project_expenditure", "project_expenditure", "项目支出"),
    )
    checks = []
    for figure, key, what in pairs:
        checks += _figure_check(figure, figures.get(figure), _table(parsed, "summary", key), what)
    return checks


def _basic(figures: dict[str, Any], parsed: dict[str, Any], _: list[dict[str, Any]]) -> list[Check]:
    checks = []
    for figure, key, what in (
        ("general_public_basic", "total", "一般公共预算基本支出"),
        ("personnel", "personnel", "人员经费"),
        ("public", "public", "公用经费"),
    ):
        table = _table(parsed, "economic_basic", key)
        if table[0] is not None and parsed.get("economic_basic", {}).get("total_lines"):
            table = (table[0], parsed["economic_basic"]["total_lines"])
        checks += _figure_check(figure, figures.get(figure), table, what)
    checks += _figure_check(
        "three_public",
        figures.get("three_public"),
        _table(parsed, "three_public", "total"),
        "“三公”经费",
    )
    if "operating_expenses" in parsed:
        value = parsed["operating_expenses"]
        table = (
            Decimal(0) if value is None else Decimal(str(value)) * _scale(parsed),
            parsed.get("operating_expenses_lines"),
        )
        checks += _figure_check(
            "operating_expenses", figures.get("operating_expenses"), table, "机关运行经费"
        )
    return checks


def _general_public(
    figures: dict[str, Any], parsed: dict[str, Any], _: list[dict[str, Any]]
) -> list[Check]:
    """Section 二's 一般公共预算 income and section 五's current-year spending and its classes."""
    checks = []
    income = next(
        (i for i in figures["income_sources"] if i["name"].startswith("一般公共预算")), None
    )
    if income is not None:
        checks += _figure_check(
            "general_public_budget",
            {"value": income["amount"], "lines": income["lines"]},
            _table(parsed, "summary", "general_public_budget"),
            "一般公共预算拨款收入",
        )
    rows = parsed.get("general_public_expenditure")
    current = figures.get("general_public_current")
    checks += _figure_check(
        "general_public_current_income",
        current,
        _table(parsed, "summary", "general_public_budget"),
        "一般公共预算当年支出（对照收支总表的一般公共预算收入）",
    )
    if current is not None and rows:
        total = _class_total(parsed, rows)
        lines = line_span(*(r.get("lines") for r in rows if len(str(r.get("code", ""))) == 3))
        checks += _figure_check(
            "general_public_current", current, (total, lines), "一般公共预算当年支出"
        )
    for item in figures["functions"]:
        if rows is None:
            break
        row = _by_name(rows, item["name"])
        table = (
            Decimal(str(row["total"])) * _scale(parsed)
            if row and row.get("total") is not None
            else Decimal(0),
            row.get("lines") if row else None,
        )
        check = _figure_check(
            f"function:{item['name']}",
            {"value": item["amount"], "lines": item["lines"]},
            table,
            item["name"],
        )
        if row is None:
            check[0]["message"] = (
                f"情况说明列出{item['name']}{item['amount']}万元，一般公共预算支出表中没有这一类。"
            )
        checks += check
    for item in figures["function_totals"]:
        row = _by_name(parsed.get("functional_expenditure"), item["name"])
        if row is not None and row.get("total") is not None:
            checks += _figure_check(
                f"function_total:{item['name']}",
                {"value": item["amount"], "lines": item["lines"]},
                (Decimal(str(row["total"])) * _scale(parsed), row.get("lines")),
                item["name"],
            )
    return checks


def _shares(figures: dict[str, Any], _: dict[str, Any], __: list[dict[str, Any]]) -> list[Check]:
    """Stated percentages against the amounts the same text gives."""
    checks = []
    wholes = {
        "income": figures.get("income"),
        "expenditure": figures.get("expenditure"),
        "general_public_current": figures.get("general_public_current"),
    }
    for group in ("shares", "income_sources", "functions"):
        for item in figures[group]:
            whole = wholes.get(item["of"] or "")
            if item.get("percent") is None or whole is None or item["amount"] is None:
                continue
            checks.append(
                _percent_check(
                    f"share:{item['name']}",
                    item["percent"],
                    item["amount"],
                    whole["value"],
                    line_span(item["lines"], whole["lines"]),
                )
            )
    return checks


def _changes(_: dict[str, Any], __: dict[str, Any], narrative: list[dict[str, Any]]) -> list[Check]:
    """A stated change's percent against change / previous year."""
    checks = []
    for change in extract_stated_changes(narrative):
        previous, percent = change.get("previous"), change.get("percent")
        if percent is None or not previous or change.get("direction") == "持平":
            continue
        checks.append(
            _percent_check(
                f"change:{change['subject']}",
                percent,
                abs(change["change"]),
                previous,
                change["lines"],
            )
        )
    return checks


def _procurement(
    _: dict[str, Any], __: dict[str, Any], narrative: list[dict[str, Any]]
) -> list[Check]:
    found = extract_procurement(narrative)
    if not found or found["total"] is None:
        return []
    parts = [found[k] for k in ("goods", "works", "services")]
    if any(part is None for part in parts):
        return []
    return [
        make_check(
            "narrative:procurement_sum",
            found["total"],
            sum(parts, Decimal(0)),
            found["lines"],
            message=f"政府采购总额{found['total']}万元，货物、工程、服务合计"
            f"{sum(parts, Decimal(0))}万元。",
        )
        | {"unit": "万元"}
    ]


def _performance(
    figures: dict[str, Any], parsed: dict[str, Any], _: list[dict[str, Any]]
) -> list[Check]:
    """Section 十 against the tables, the project list (表12) and the published forms."""
    checks = []
    checks += _figure_check(
        "performance_funds",
        figures.get("performance_funds"),
        _table(parsed, "summary", "current_year_income"),
        "涉及预算资金",
    )
    checks += _figure_check(
        "performance_basic",
        figures.get("performance_basic"),
        _table(parsed, "summary", "basic_expenditure"),
        "整体目标的基本支出",
    )
    projects = _projects_total(parsed)
    checks += _figure_check(
        "performance_project",
        figures.get("performance_project"),
        projects,
        "整体目标的项目支出（对照项目支出表本年项目合计）",
    )
    amount = figures.get("performance_project_amount")
    checks += _figure_check(
        "performance_project_amount",
        amount,
        projects,
        "公开项目绩效目标涉及金额（对照项目支出表本年项目合计）",
    )
    share = figures.get("performance_project_share")
    if share is not None and amount is not None and projects[0]:
        checks.append(
            _percent_check(
                "performance_project_share",
                share["value"],
                amount["value"],
                projects[0],
                line_span(share["lines"], projects[1]),
            )
        )
    count = figures.get("performance_project_count")
    targets = parsed.get("performance_targets")
    if count is not None and targets is not None:
        distinct = [t for t in targets if not t.get("duplicate_of_line")]
        checks.append(
            make_check(
                "narrative:performance_forms",
                Decimal(len(distinct)),
                count["value"],
                line_span(count["lines"], *(t.get("lines") for t in distinct)),
                tolerance=Decimal(0),
                message=f"情况说明写公开项目绩效目标{count['value']}个，"
                f"文件所附项目绩效目标表为{len(distinct)}张。",
            )
            | {"unit": "个"}
        )
    return checks


def _special_funds(
    figures: dict[str, Any], parsed: dict[str, Any], _: list[dict[str, Any]]
) -> list[Check]:
    total = figures.get("special_funds_total")
    return _figure_check(
        "special_funds_total", total, _projects_total(parsed), "专项资金项目支出预算共计"
    )


_STEPS: tuple[
    Callable[[dict[str, Any], dict[str, Any], list[dict[str, Any]]], list[Check]], ...
] = (
    _totals,
    _basic,
    _general_public,
    _shares,
    _changes,
    _procurement,
    _performance,
    _special_funds,
)
