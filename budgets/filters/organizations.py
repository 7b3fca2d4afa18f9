"""The organization list's FilterSet (/organizations/): GET parameters -> validated lookups.

`OrganizationFilter` filters published disclosures (the candidates of the organization list);
`budgets.selectors.organizations.organization_rows` then keeps one per organization, so a
year filter picks that year's document instead of hiding organizations whose latest year
differs.
"""

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from budgets.filters.common import ALL, published_years, region_with_descendants, regions
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
        field_name="kind", choices=Disclosure.Kind.choices, label="文件类型", empty_label=ALL
    )

    class Meta:
        model = Disclosure
        fields = ["name", "region", "year", "kind", "document"]

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
