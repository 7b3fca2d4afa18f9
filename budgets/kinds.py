"""Kinds of disclosure grouped by what their amounts mean, and the words each group prints.

A 部门预算 and a 单位预算 state what is planned (预算数), a 部门决算 and a 单位决算 what was spent
(决算数), a 专项资金 file only some projects' funds. Adding or ranking across these mixes unlike
things, so totals, rankings and comparisons take one *basis* at a time and say which.

The words are data (``TERMS``): a page asks for a term of a disclosure's basis
(``term(kind, "carryover_income")`` is 上年结转 for a budget, 年初结转和结余 for a 决算), so
a new kind of document costs a few lines here, not a branch in every template.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q

from budgets.figure_labels import FIGURE_LABELS
from budgets.models import Disclosure, Figure, FunctionalLine

KIND = Disclosure.Kind


class Basis(models.TextChoices):
    BUDGET = "budget", "预算"
    FINAL = "final", "决算"
    SPECIAL = "special", "专项资金"


BASIS_KINDS: dict[str, tuple[str, ...]] = {
    Basis.BUDGET: (KIND.DEPARTMENT_BUDGET, KIND.UNIT_BUDGET),
    Basis.FINAL: (KIND.DEPARTMENT_FINAL, KIND.UNIT_FINAL),
    Basis.SPECIAL: (KIND.SPECIAL_FUNDS,),
}
KIND_BASIS: dict[str, str] = {kind: basis for basis, kinds in BASIS_KINDS.items() for kind in kinds}
DEFAULT_BASIS = Basis.BUDGET

# What each basis calls its figures. Keys a basis does not list fall back to the budget's.
TERMS: dict[str, dict[str, str]] = {
    Basis.BUDGET: {
        "amount": "预算数",
        "total": "支出总计",
        "income_total": "收入总计",
        "carryover_income": "上年结转",
        "year_end_carryover": "年末结转",
        "expenditure_table": FunctionalLine.Table.EXPENDITURE.label,
        "income_table": FunctionalLine.Table.INCOME.label,
        "three_public_note": "财政拨款安排",
        "documents": "预算公开文件",
    },
    Basis.FINAL: {
        "amount": "决算数",
        "total": "支出总计",
        "income_total": "收入总计",
        "carryover_income": "年初结转和结余",
        "year_end_carryover": "年末结转和结余",
        "current_year_income": "本年收入合计",
        "current_year_expenditure": "本年支出合计",
        "expenditure_table": "支出决算表",
        "income_table": "收入决算表",
        "three_public_note": "财政拨款支出决算数",
        "documents": "决算公开文件",
    },
    Basis.SPECIAL: {
        "total": "专项资金合计",
        "documents": "专项资金公开文件",
    },
}


def basis_of(kind: str) -> str:
    """The basis of a disclosure kind ("department_final" → "final")."""
    return KIND_BASIS.get(kind, Basis.BUDGET)


def term(kind: str, key: str) -> str:
    """What a disclosure of ``kind`` calls ``key``, e.g. term("unit_final", "amount") → 决算数."""
    own = TERMS[basis_of(kind)]
    return own.get(key) or TERMS[Basis.BUDGET][key]


def basis_term(basis: str, key: str) -> str:
    """What documents of ``basis`` call ``key``."""
    return TERMS.get(basis, TERMS[Basis.BUDGET]).get(key) or TERMS[Basis.BUDGET][key]


def basis_kinds(basis: str) -> tuple[str, ...]:
    """The disclosure kinds of a basis; the budget's for an unknown one."""
    return BASIS_KINDS.get(basis, BASIS_KINDS[DEFAULT_BASIS])


def _not_behind_a_department(kinds: tuple[str, ...], prefix: str) -> Q:
    """Not a unit's document of a basis whose organization published the department's of the
    same year (the first kind of the basis is the department's)."""
    if len(kinds) < 2:
        return Q()
    department, unit = kinds[0], kinds[1]
    sibling = Disclosure.objects.filter(
        organization_id=OuterRef(f"{prefix}organization_id"),
        fiscal_year=OuterRef(f"{prefix}fiscal_year"),
        kind=department,
        status=Disclosure.Status.PUBLISHED,
    )
    return ~(Q(**{f"{prefix}kind": unit}) & Exists(sibling))


def basis_q(basis: str, prefix: str = "") -> Q:
    """Published documents of ``basis``, one per organization and year: a unit's budget (or
    决算) is left out where the same organization published a department's of that year, so a
    ranking or a total counts the organization once. ``prefix`` reaches the disclosure from
    another model ("disclosure__" from a FunctionalLine)."""
    kinds = basis_kinds(basis)
    return Q(**{f"{prefix}kind__in": kinds}) & _not_behind_a_department(kinds, prefix)


def one_per_basis_q(prefix: str = "") -> Q:
    """:func:`basis_q` for every basis at once: one document per organization, year and basis."""
    condition = Q()
    for kinds in BASIS_KINDS.values():
        condition &= _not_behind_a_department(kinds, prefix)
    return condition


def parse_basis(raw: str | None) -> str:
    """A ?basis= value as a basis, the default for anything else."""
    return raw if raw in BASIS_KINDS else DEFAULT_BASIS


# Where a figure's shared name (``budgets.figure_labels``) needs its section to be read alone:
# a row of 版本差异 or 预算与决算 says "“三公”经费合计", not "合计".
STANDALONE_LABELS: dict[tuple[str, str], str] = {
    ("economic_basic", "total"): "基本支出（一般公共预算）",
    ("three_public", "total"): "“三公”经费合计",
    ("operating", "total"): "机关运行经费",
    ("procurement", "total"): "政府采购合计",
    ("procurement", "goods"): "政府采购：货物",
    ("procurement", "works"): "政府采购：工程",
    ("procurement", "services"): "政府采购：服务",
}
# Keys whose words depend on the basis (上年结转 is a 决算's 年初结转和结余).
FIGURE_TERMS: dict[tuple[str, str], str] = {
    ("summary", "carryover_income"): "carryover_income",
    ("summary", "year_end_carryover"): "year_end_carryover",
}


def figure_label(kind: str, section: str, key: str) -> str:
    """What a figure of a ``kind`` document is called: ("summary", "carryover_income") is
    上年结转 in a budget and 年初结转和结余 in a 决算; a “三公”经费预算数 figure says so."""
    if section == "three_public_budget":
        return f"{figure_label(kind, 'three_public', key)}（预算数）"
    if (section, key) in FIGURE_TERMS:
        return term(kind, FIGURE_TERMS[(section, key)])
    label = STANDALONE_LABELS.get((section, key)) or FIGURE_LABELS.get((section, key))
    if label is not None:
        return label
    section_label = dict(Figure.Section.choices).get(section, "其他")
    return f"{section_label}：其他数字"
