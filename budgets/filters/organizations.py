"""The organization list's FilterSet (/organizations/): GET parameters -> validated lookups.

`OrganizationFilter` filters published disclosures (the candidates of the organization list);
`budgets.selectors.organizations.organization_rows` then keeps one per organization, so a
year filter picks that year's document instead of hiding organizations whose latest year
differs. The list shows one basis at a time (?document=budget, final or special: budgets,
决算 or special funds; budgets when not given), so that its amounts can be ranked together.
"""

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import QueryDict

from budgets.filters.common import ALL, published_years, region_with_descendants, regions
from budgets.kinds import BASIS_KINDS, Basis, basis_kinds, basis_of
from budgets.models import Disclosure, Organization, Region


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.name}（{obj.parent.name}）" if obj.parent_id else obj.name


class RegionFilter(django_filters.ModelChoiceFilter):
    field_class = RegionChoiceField


class OrganizationFilter(django_filters.FilterSet):
    """Region (with the regions under it), year, kind of organization, name fragment."""

    name = django_filters.CharFilter(method="filter_name", label="名称")
    region = RegionFilter(queryset=regions(), method="filter_region", label="地区", empty_label=ALL)
    year = django_filters.TypedChoiceFilter(
        field_name="fiscal_year",
        choices=published_years,
        coerce=int,
        empty_value=None,
        label="年度",
    )
    kind = django_filters.ChoiceFilter(
        field_name="organization__kind",
        choices=Organization.Kind.choices,
        label="单位类型",
        empty_label=ALL,
    )
    document = django_filters.ChoiceFilter(
        choices=Basis.choices, method="filter_basis", label="文件类型", empty_label=None
    )

    class Meta:
        model = Disclosure
        fields = ["name", "region", "year", "kind", "document"]

    def __init__(self, data: QueryDict | None = None, *args: Any, **kwargs: Any) -> None:
        # Always bound, with a basis: a list of every kind of document would rank a special-
        # funds total beside budgets'. A kind of document (the old ?document=unit_budget)
        # reads as its basis.
        data = data.copy() if data is not None else QueryDict(mutable=True)
        document = data.get("document", "")
        data["document"] = document if document in BASIS_KINDS else basis_of(document)
        super().__init__(data, *args, **kwargs)

    @property
    def basis(self) -> str:
        return self.data["document"]

    def filter_basis(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(kind__in=basis_kinds(value))

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(organization__name__icontains=value) | Q(entity_name__icontains=value)
        )

    def filter_region(self, queryset: QuerySet, name: str, value: Region | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(region_with_descendants(value, prefix="organization__"))
