"""预算与决算: an organization's budget of a year beside the 决算 of the same year.

Journalists compare what was planned with what was spent: per functional code the budget's
amount (预算数, from its 预算支出总表), the 决算's (决算数, from its 支出决算表, stored as the same
"expenditure" table), and the execution rate 决算数 ÷ 预算数; the same for the headline figures
and the “三公”经费, where a 决算 also prints its own 预算数 beside the 决算数. Every amount links
to the line of the document it was read from. Three queries whatever the documents' size.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from budgets.kinds import BASIS_KINDS, Basis, figure_label
from budgets.models import Disclosure, Figure, FunctionalLine
from budgets.selectors.disclosures import disclosure_published_queryset

EXPENDITURE = FunctionalLine.Table.EXPENDITURE


@dataclass(frozen=True)
class Cited:
    """An amount in yuan and where it was read (disclosure and lines)."""

    amount_yuan: Decimal | None
    disclosure_id: int
    line_start: int | None = None
    line_end: int | None = None


@dataclass(frozen=True)
class ExecutionRow:
    key: str
    label: str
    budget: Cited | None
    final: Cited | None
    depth: int = 0
    final_budget: Cited | None = None  # the 预算数 the 决算 prints beside its 决算数
    is_spending: bool = True  # income and carry-over are not "executed": no rate

    @property
    def rate(self) -> Decimal | None:
        """决算数 ÷ 预算数, None without both, with a zero budget, or for a row that is not
        spending (收入总计, 上年结转)."""
        if not self.is_spending or self.budget is None or self.final is None:
            return None
        planned, spent = self.budget.amount_yuan, self.final.amount_yuan
        if planned is None or spent is None or planned == 0:
            return None
        return spent / planned

    @property
    def difference(self) -> Decimal | None:
        """决算数 − 预算数."""
        if self.budget is None or self.final is None:
            return None
        if self.budget.amount_yuan is None or self.final.amount_yuan is None:
            return None
        return self.final.amount_yuan - self.budget.amount_yuan


@dataclass(frozen=True)
class Execution:
    budget: Disclosure
    final: Disclosure
    key_figures: tuple[ExecutionRow, ...]
    three_public: tuple[ExecutionRow, ...]
    functions: tuple[ExecutionRow, ...]

    @property
    def fiscal_year(self) -> int:
        return self.budget.fiscal_year


# (section, key, depth); the first two are income, not spending.
INCOME_KEYS = (("summary", "income_total"), ("summary", "carryover_income"))
KEY_FIGURES = (
    ("summary", "income_total", 0),
    ("summary", "carryover_income", 1),
    ("summary", "expenditure_total", 0),
    ("summary", "basic_expenditure", 1),
    ("summary", "project_expenditure", 1),
    ("operating", "total", 0),
)
THREE_PUBLIC = (
    ("total", 0),
    ("outbound_travel", 1),
    ("reception", 1),
    ("vehicle_total", 1),
    ("vehicle_purchase", 2),
    ("vehicle_operation", 2),
)
# Denormalized columns used when a document has no figure row for a key.
DENORMALIZED = {
    ("summary", "expenditure_total"): "total_yuan",
    ("summary", "basic_expenditure"): "basic_yuan",
    ("summary", "project_expenditure"): "project_yuan",
    ("three_public", "total"): "three_public_yuan",
    ("operating", "total"): "operating_yuan",
}


def _first_of(disclosures: Sequence[Disclosure], basis: str) -> Disclosure | None:
    """A department's document before a unit's (the kinds are listed in that order)."""
    kinds = BASIS_KINDS[basis]
    ranked = sorted((d for d in disclosures if d.kind in kinds), key=lambda d: kinds.index(d.kind))
    return ranked[0] if ranked else None


def execution_pairs(
    *, disclosures: Sequence[Disclosure]
) -> dict[int, tuple[Disclosure, Disclosure]]:
    """Year → (budget, 决算) for the years an organization's published ``disclosures`` hold
    both (no query)."""
    years = sorted({d.fiscal_year for d in disclosures})
    pairs = {}
    for year in years:
        of_year = [d for d in disclosures if d.fiscal_year == year]
        budget, final = _first_of(of_year, Basis.BUDGET), _first_of(of_year, Basis.FINAL)
        if budget is not None and final is not None:
            pairs[year] = (budget, final)
    return pairs


def execution_pair_get(
    *, organization_id: int, fiscal_year: int
) -> tuple[Disclosure, Disclosure] | None:
    """The organization's published budget and 决算 of the year, or None without both (one
    query)."""
    kinds = BASIS_KINDS[Basis.BUDGET] + BASIS_KINDS[Basis.FINAL]
    disclosures = list(
        _light(disclosure_published_queryset()).filter(
            organization_id=organization_id, fiscal_year=fiscal_year, kind__in=kinds
        )
    )
    return execution_pairs(disclosures=disclosures).get(fiscal_year)


def _light(queryset: QuerySet[Disclosure]) -> QuerySet[Disclosure]:
    return queryset.select_related("organization").defer("parsed", "source_text")


def _figures(disclosures: Sequence[Disclosure]) -> dict[int, dict[tuple[str, str], Cited]]:
    found: dict[int, dict[tuple[str, str], Cited]] = {d.pk: {} for d in disclosures}
    rows = Figure.objects.filter(disclosure__in=[d.pk for d in disclosures]).values_list(
        "disclosure_id", "section", "key", "amount_yuan", "line_start", "line_end"
    )
    for pk, section, key, amount, start, end in rows:
        found[pk][(section, key)] = Cited(amount, pk, start, end)
    for disclosure in disclosures:
        own = found[disclosure.pk]
        for key, column in DENORMALIZED.items():
            value = getattr(disclosure, column)
            if (key not in own or own[key].amount_yuan is None) and value is not None:
                own[key] = Cited(value, disclosure.pk)
    return found


def _function_rows(budget: Disclosure, final: Disclosure) -> tuple[ExecutionRow, ...]:
    lines = (
        FunctionalLine.objects.filter(disclosure__in=[budget.pk, final.pk], table=EXPENDITURE)
        .order_by("code")
        .values_list(
            "disclosure_id",
            "code",
            "name",
            "functional_code__name",
            "total",
            "line_start",
            "line_end",
        )
    )
    by_code: dict[str, dict[int, Cited]] = {}
    names: dict[str, str] = {}
    for pk, code, name, listed_name, total, start, end in lines:
        by_code.setdefault(code, {})[pk] = Cited(total, pk, start, end)
        if name and (pk == final.pk or not names.get(code)):
            names[code] = name  # the 决算's wording, the later of the two
        names.setdefault(code, listed_name)  # a row printed without its name
    return tuple(
        ExecutionRow(
            key=code,
            label=names[code],
            budget=amounts.get(budget.pk),
            final=amounts.get(final.pk),
            depth=(len(code) - 3) // 2,
        )
        for code, amounts in by_code.items()
    )


def _rows(
    specs: Sequence[tuple[Any, ...]],
    budget: Mapping[tuple[str, str], Cited],
    final: Mapping[tuple[str, str], Cited],
    kinds: tuple[str, str],
) -> tuple[ExecutionRow, ...]:
    rows = []
    for section, key, depth in specs:
        # Where the two name a figure differently (上年结转 / 年初结转和结余), say both.
        labels = dict.fromkeys(figure_label(kind, section, key) for kind in kinds)
        row = ExecutionRow(
            key=f"{section}:{key}",
            label=" / ".join(labels),
            budget=budget.get((section, key)),
            final=final.get((section, key)),
            depth=depth,
            final_budget=final.get(("three_public_budget", key))
            if section == "three_public"
            else None,
            is_spending=(section, key) not in INCOME_KEYS,
        )
        if row.budget is not None or row.final is not None:
            rows.append(row)
    return tuple(rows)


def execution_build(*, budget: Disclosure, final: Disclosure) -> Execution:
    """The budget and the 决算 side by side (two queries)."""
    figures = _figures([budget, final])
    own_budget, own_final = figures[budget.pk], figures[final.pk]
    three_public = [("three_public", key, depth) for key, depth in THREE_PUBLIC]
    return Execution(
        budget=budget,
        final=final,
        key_figures=_rows(KEY_FIGURES, own_budget, own_final, (budget.kind, final.kind)),
        three_public=_rows(three_public, own_budget, own_final, (budget.kind, final.kind)),
        functions=_function_rows(budget, final),
    )
