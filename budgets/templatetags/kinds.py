"""What a document of each kind calls its figures, for templates (``budgets.kinds``).

`{% load kinds %}` then `{{ disclosure.kind|term:"total" }}` (支出总计, or 专项资金合计 for a
special-funds file), `{{ basis|basis_term:"amount" }}` (预算数 / 决算数) and
`{{ basis|basis_label }}` (预算 / 决算 / 专项资金).
"""

from django import template

from budgets import kinds

register = template.Library()


@register.filter
def term(kind: str, key: str) -> str:
    return kinds.term(kind, key)


@register.filter
def basis_term(basis: str, key: str) -> str:
    return kinds.basis_term(basis, key)


@register.filter
def basis_label(basis: str) -> str:
    return dict(kinds.Basis.choices).get(basis, "")
