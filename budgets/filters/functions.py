"""The function ranking's FilterSet (/functions/<code>/): year and region."""

from typing import Any

import django_filters
from django.db.models import QuerySet

from budgets.filters.common import (
    RegionFilter,
    published_year_choices,
    region_with_descendants,
    regions,
    resolve_choices,
)
from budgets.models import FunctionalLine, Region


class FunctionAmountFilter(django_filters.FilterSet):
    """Filters of one functional code's amounts across organizations (/functions/<code>/)."""

    year = django_filters.ChoiceFilter(
        label="年度",
        field_name="disclosure__fiscal_year",
        choices=published_year_choices,
        empty_label="全部年度",
    )
    region = RegionFilter(
        label="地区", queryset=regions, method="filter_region", empty_label="全部地区"
    )

    class Meta:
        model = FunctionalLine
        fields = ["year", "region"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        resolve_choices(self, "year")

    def filter_region(self, queryset: QuerySet, name: str, value: Region | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(region_with_descendants(value, prefix="disclosure__organization__"))
