"""The transparency index's FilterSet (/transparency/): region, year and kind of disclosure."""

import django_filters
from django.db.models import QuerySet

from budgets.filters.common import ALL, published_years, region_with_descendants, regions
from budgets.filters.organizations import RegionFilter
from budgets.models import Disclosure, Region

# The kinds the 公开完整性 checklist applies to (a 专项资金 disclosure follows other rules).
INDEXED_KINDS = (
    Disclosure.Kind.DEPARTMENT_BUDGET,
    Disclosure.Kind.UNIT_BUDGET,
    Disclosure.Kind.DEPARTMENT_FINAL,
    Disclosure.Kind.UNIT_FINAL,
)


class TransparencyFilter(django_filters.FilterSet):
    """Region (with the regions under it), fiscal year and kind of disclosure."""

    region = RegionFilter(queryset=regions(), method="filter_region", label="地区", empty_label=ALL)
    year = django_filters.TypedChoiceFilter(
        field_name="fiscal_year",
        choices=published_years,
        coerce=int,
        empty_value=None,
        label="年度",
    )
    document = django_filters.ChoiceFilter(
        field_name="kind",
        choices=[(kind.value, kind.label) for kind in INDEXED_KINDS],
        label="文件类型",
        empty_label=ALL,
    )

    class Meta:
        model = Disclosure
        fields = ["region", "year", "document"]

    def filter_region(self, queryset: QuerySet, name: str, value: Region | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(region_with_descendants(value, prefix="organization__"))
