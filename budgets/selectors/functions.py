"""Reads of the functional classification (支出功能分类) across published disclosures.

Amounts come from the 预算支出总表 (FunctionalLine.Table.EXPENDITURE; a 决算's 支出决算表 is
stored as the same table), the one table that lists every 类, 款 and 项 of a disclosure with its
total. The public pages read one year and one basis at a time (budgets or 决算, ``kinds``), so
that an organization is counted once and a 决算数 is never added to a 预算数. Each function
issues a fixed number of queries whatever the number of disclosures.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, ExpressionWrapper, F, QuerySet, Sum, Window
from django.db.models.functions import RowNumber

from budgets.filters.common import apply_filters
from budgets.filters.functions import FunctionAmountFilter
from budgets.kinds import basis_q
from budgets.models import CODE_LENGTH_LEVELS, CodeLevel, Disclosure, FunctionalCode, FunctionalLine

EXPENDITURE = FunctionalLine.Table.EXPENDITURE
PUBLISHED = Disclosure.Status.PUBLISHED


@dataclass
class FunctionNode:
    """One code of the tree with its total over the published disclosures that list it."""

    code: str
    name: str
    level: str
    total_yuan: Decimal
    disclosure_count: int
    children: list["FunctionNode"] = field(default_factory=list)

    @property
    def level_label(self) -> str:
        return CodeLevel(self.level).label


@dataclass(frozen=True)
class FunctionTotals:
    total_yuan: Decimal | None
    disclosure_count: int
    organization_count: int


def is_functional_code(code: str) -> bool:
    return code.isascii() and code.isdigit() and len(code) in CODE_LENGTH_LEVELS


def expenditure_lines(
    *, fiscal_year: int | None = None, basis: str | None = None
) -> QuerySet[FunctionalLine]:
    """Rows of the 预算支出总表 (a 决算's 支出决算表) of published disclosures, of one year and
    of one basis (one document per organization and year: ``budgets.kinds.basis_q``) when
    given."""
    lines = FunctionalLine.objects.filter(table=EXPENDITURE, disclosure__status=PUBLISHED)
    if fiscal_year is not None:
        lines = lines.filter(disclosure__fiscal_year=fiscal_year)
    if basis is not None:
        lines = lines.filter(basis_q(basis, prefix="disclosure__"))
    return lines


def function_names(*, codes: QuerySet | list[str]) -> dict[str, str]:
    """The name of each code in the newest year's code list (names change between years)."""
    rows = (
        FunctionalCode.objects.filter(code__in=codes)
        .order_by("code", "-fiscal_year")
        .distinct("code")
        .values_list("code", "name")
    )
    return dict(rows)


def function_tree(
    *, fiscal_year: int | None = None, basis: str | None = None
) -> list[FunctionNode]:
    """The 类 → 款 → 项 tree with totals over published disclosures (two queries)."""
    lines = expenditure_lines(fiscal_year=fiscal_year, basis=basis)
    rows = list(_code_sums(lines))
    # The codes summed, not a subquery of the lines: that would filter them all over again.
    names = function_names(codes=[row["code"] for row in rows])
    return build_function_tree(rows, names)


def _code_sums(lines: QuerySet[FunctionalLine]) -> QuerySet:
    """Per code, by code: the sum of `lines` and the number of disclosures that list it.

    A disclosure has at most one line per table and code (``unique_functional_line``), so
    COUNT(*) counts disclosures; COUNT(DISTINCT …) would sort every row of each code again."""
    return (
        lines.values("code")
        .annotate(total_yuan=Sum("total"), disclosure_count=Count("*"))
        .order_by("code")
    )


def build_function_tree(
    rows: list[Mapping[str, Any]], names: Mapping[str, str]
) -> list[FunctionNode]:
    """Nest rows sorted by code under their nearest listed ancestor (a 项 whose 款 is missing
    hangs under its 类, or at the top)."""
    nodes: dict[str, FunctionNode] = {}
    roots: list[FunctionNode] = []
    for row in rows:
        code = row["code"]
        if not is_functional_code(code):
            continue
        node = FunctionNode(
            code=code,
            name=names.get(code, ""),
            level=CODE_LENGTH_LEVELS[len(code)],
            total_yuan=row["total_yuan"] or Decimal(0),
            disclosure_count=row["disclosure_count"],
        )
        nodes[code] = node
        parent = nodes.get(code[:5]) if len(code) == 7 else None
        parent = parent or (nodes.get(code[:3]) if len(code) > 3 else None)
        (parent.children if parent else roots).append(node)
    return roots


def flatten_function_tree(
    nodes: list[FunctionNode], depth: int = 0
) -> list[tuple[int, FunctionNode]]:
    """Depth-first (depth, node) pairs, for a table that indents 款 and 项."""
    flat: list[tuple[int, FunctionNode]] = []
    for node in nodes:
        flat.append((depth, node))
        flat.extend(flatten_function_tree(node.children, depth + 1))
    return flat


def function_code_get(*, code: str) -> FunctionalCode | None:
    """The newest year's entry of a functional code, or None when no code list has it."""
    if not is_functional_code(code):
        return None
    return FunctionalCode.objects.filter(code=code).order_by("-fiscal_year").first()


BY_AMOUNT = (F("total").desc(nulls_last=True), "disclosure__organization__name", "pk")


def function_amount_base(*, code: str) -> QuerySet[FunctionalLine]:
    """Every published disclosure's line for `code`, largest first, with its share of the
    disclosure's total (`share` as a fraction, null when the total is unknown)."""
    return (
        expenditure_lines()
        .filter(code=code)
        .select_related("disclosure__organization__region__parent__parent")
        .defer("disclosure__parsed", "disclosure__source_text")
        .annotate(
            share=ExpressionWrapper(
                F("total") / F("disclosure__total_yuan"),
                output_field=DecimalField(max_digits=20, decimal_places=6),
            )
        )
        .order_by(*BY_AMOUNT)
    )


def function_amount_ranked(*, lines: QuerySet[FunctionalLine]) -> QuerySet[FunctionalLine]:
    """`lines` (already filtered) with their `rank` by amount, whatever order a table later
    sorts them in. Filter first: the rank counts only the rows that are kept."""
    return lines.annotate(rank=Window(RowNumber(), order_by=list(BY_AMOUNT)))


def function_amount_list(
    *,
    code: str,
    filters: Mapping[str, Any] | None = None,
    filterset_class: type = FunctionAmountFilter,
    strict: bool = False,
) -> QuerySet[FunctionalLine]:
    """The ranked amounts for `code`, filtered by GET parameters (?year=, ?region=)."""
    lines = apply_filters(filterset_class, filters, function_amount_base(code=code), strict=strict)
    return function_amount_ranked(lines=lines)


def function_amount_totals(*, lines: QuerySet[FunctionalLine]) -> FunctionTotals:
    """The sum and counts of an amount list (one query).

    A disclosure has at most one line per table and code (``unique_functional_line``), so
    COUNT(*) counts disclosures (and reads only the index); it is also the number of rows the
    ranking pages through (`CountedPaginator`)."""
    result = lines.order_by().aggregate(
        total_yuan=Sum("total"),
        disclosure_count=Count("*"),
        organization_count=Count("disclosure__organization", distinct=True),
    )
    return FunctionTotals(**result)


def function_amount_top(
    *, lines: QuerySet[FunctionalLine], limit: int
) -> list[tuple[str, int, Decimal | None]]:
    """(entity name, fiscal year, amount) of the `limit` largest lines, for the ranking chart.

    Plain values in amount order: no model instances, no rank window (one query that reads
    ``limit`` rows of the (table, code, total) index)."""
    return list(
        lines.order_by(*BY_AMOUNT).values_list(
            "disclosure__entity_name", "disclosure__fiscal_year", "total"
        )[:limit]
    )


def function_children(
    *, code: str, fiscal_year: int | None = None, basis: str | None = None
) -> list[FunctionNode]:
    """The 款 of a 类, or the 项 of a 款, with totals (two queries; [] for a 项)."""
    if not is_functional_code(code) or len(code) == 7:
        return []
    # The range bounds the index scan to the code's subtree; the pattern keeps its children.
    lines = expenditure_lines(fiscal_year=fiscal_year, basis=basis).filter(
        code__gte=f"{code}00", code__lte=f"{code}99", code__regex=rf"^{code}[0-9]{{2}}$"
    )
    rows = list(_code_sums(lines))
    names = function_names(codes=[row["code"] for row in rows])
    return build_function_tree(rows, names)


def function_ancestors(*, code: str) -> list[tuple[str, str]]:
    """(code, name) of the 类 and 款 above a code, outermost first (one query)."""
    codes = [code[:length] for length in (3, 5) if length < len(code)]
    if not codes:
        return []
    names = function_names(codes=codes)
    return [(ancestor, names.get(ancestor, "")) for ancestor in codes]
