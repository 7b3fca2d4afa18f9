"""The comparison picker's FilterSet (/compare/): name words, region and year."""

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from budgets.filters.common import (
    RegionFilter,
    published_year_choices,
    region_with_descendants,
    regions,
    resolve_choices,
)
from budgets.models import Disclosure, Region
from portal.params import parse_int

MAX_PICKER_WORDS = 5  # a pasted paragraph should not become a query of a hundred LIKEs


class ComparePickerFilter(django_filters.FilterSet):
    """Narrowing of the comparison picker (/compare/): ?name= (words of the name), ?region=
    (including the regions below it), ?year=. The selection (?d=) is not a filter: it stays
    whatever the picker shows. Not ?q=: the header's site search shows any page's ?q=."""

    name = django_filters.CharFilter(
        label="名称",
        method="filter_words",
        widget=forms.TextInput(
            attrs={
                "id": "picker-filter",
                "type": "search",
                "placeholder": "单位名称，如“商务局”",
                "autocomplete": "off",
            }
        ),
    )
    region = RegionFilter(
        label="地区", queryset=regions, method="filter_region", empty_label="全部地区"
    )
    year = django_filters.ChoiceFilter(
        label="年度",
        field_name="fiscal_year",
        choices=published_year_choices,
        empty_label="全部年度",
    )

    class Meta:
        model = Disclosure
        fields = ["name", "region", "year"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        resolve_choices(self, "year")

    def filter_words(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Every word (split on spaces, full-width ones too) must be in the document's or the
        organization's name; a year ("2024" or "2024年") or a kind ("部门预算") matches those."""
        for word in value.split()[:MAX_PICKER_WORDS]:
            match = Q(entity_name__icontains=word) | Q(organization__name__icontains=word)
            year = parse_int(word.removesuffix("年"), minimum=1000, maximum=9999)
            if year is not None:
                match |= Q(fiscal_year=year)
            kinds = [kind for kind, label in Disclosure.Kind.choices if word in label]
            if kinds:
                match |= Q(kind__in=kinds)
            queryset = queryset.filter(match)
        return queryset

    def filter_region(self, queryset: QuerySet, name: str, value: Region | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(region_with_descendants(value, prefix="organization__"))
