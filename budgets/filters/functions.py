"""The function ranking's FilterSet (/functions/<code>/): basis, year and region.

A ranking is of one year and one basis (budgets or 决算: ?basis=budget|final), so that an
organization appears once and 预算数 and 决算数 are never ranked together; without them it is
the budgets of the newest year that has any (``with_defaults``).
"""

from collections.abc import Mapping, Sequence
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import QueryDict

from budgets.filters.common import (
    RegionFilter,
    published_year_choices,
    region_with_descendants,
    regions,
    resolve_choices,
)
from budgets.kinds import DEFAULT_BASIS, Basis, basis_kinds, basis_q
from budgets.models import Disclosure, FunctionalLine, Region
from portal.params import parse_int

RANKED_BASES = [(Basis.BUDGET, "预算（预算数）"), (Basis.FINAL, "决算（决算数）")]


def with_defaults(data: Mapping[str, Any] | None) -> QueryDict:
    """GET parameters with a basis and a year: the budgets of the newest year when not given
    (one query for the year)."""
    params = QueryDict(mutable=True)
    if data is not None:
        params.update(data)
    if params.get("basis") not in dict(RANKED_BASES):
        params["basis"] = DEFAULT_BASIS
    if not str(params.get("year", "")).strip():
        year = latest_published_year(kinds=basis_kinds(params["basis"]))
        if year is not None:
            params["year"] = str(year)
    return params


def latest_published_year(*, kinds: Sequence[str]) -> int | None:
    """The newest fiscal year with a published disclosure of ``kinds``."""
    return (
        Disclosure.objects.filter(status=Disclosure.Status.PUBLISHED, kind__in=kinds)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .first()
    )


class FunctionAmountFilter(django_filters.FilterSet):
    """Filters of one functional code's amounts across organizations: basis, year, region.
    Each is optional here (the API's filters extend this class); the page's
    :class:`FunctionRankingFilter` always has a basis and a year."""

    basis = django_filters.ChoiceFilter(
        label="文件类型", choices=RANKED_BASES, method="filter_basis", empty_label=None
    )
    year = django_filters.ChoiceFilter(
        label="年度",
        field_name="disclosure__fiscal_year",
        choices=published_year_choices,
        empty_label=None,
    )
    region = RegionFilter(
        label="地区", queryset=regions, method="filter_region", empty_label="全部地区"
    )

    class Meta:
        model = FunctionalLine
        fields = ["basis", "year", "region"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        resolve_choices(self, "year")

    def filter_basis(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(basis_q(value, prefix="disclosure__"))

    def filter_region(self, queryset: QuerySet, name: str, value: Region | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(region_with_descendants(value, prefix="disclosure__organization__"))


class FunctionRankingFilter(FunctionAmountFilter):
    """The ranking page's filters: always one basis and one year (``with_defaults``)."""

    def __init__(self, data: Mapping[str, Any] | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(with_defaults(data), *args, **kwargs)

    @property
    def chosen_basis(self) -> str:
        return self.data["basis"]

    @property
    def chosen_year(self) -> int | None:
        return parse_int(self.data.get("year"), minimum=1, maximum=9999)


class FunctionTrendFilter(django_filters.FilterSet):
    """Filters of one code's trend (/functions/<code>/trend/): basis (budgets by default) and
    region; every year is shown, side by side."""

    basis = django_filters.ChoiceFilter(
        label="文件类型", choices=RANKED_BASES, method="filter_basis", empty_label=None
    )
    region = RegionFilter(
        label="地区", queryset=regions, method="filter_region", empty_label="全部地区"
    )

    class Meta:
        model = FunctionalLine
        fields = ["basis", "region"]

    def __init__(self, data: Mapping[str, Any] | None = None, *args: Any, **kwargs: Any) -> None:
        params = QueryDict(mutable=True)
        if data is not None:
            params.update(data)
        if params.get("basis") not in dict(RANKED_BASES):
            params["basis"] = DEFAULT_BASIS
        super().__init__(params, *args, **kwargs)

    @property
    def chosen_basis(self) -> str:
        return self.data["basis"]

    def filter_basis(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(basis_q(value, prefix="disclosure__"))

    def filter_region(self, queryset: QuerySet, name: str, value: Region | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(region_with_descendants(value, prefix="disclosure__organization__"))
