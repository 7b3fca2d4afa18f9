"""The API's FilterSets (/api/…): strict, so a bad parameter is an error, never ignored.

Regions are given by their official 行政区划代码 (?region=140500 for 晋城市), the regions below
included; the internal id that the API took before is still read when no region has that code.
"""

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from budgets.filters.common import region_with_descendants, regions
from budgets.filters.functions import FunctionAmountFilter
from budgets.models import Disclosure, Organization, Region
from portal.params import parse_int


def region_by_reference(value: str) -> Region | None:
    """The region of official code `value`, else (links made before codes) of id `value`."""
    if not (value.isascii() and value.isdigit()):  # "²" is a digit to isdigit, not to int
        return None
    pk = parse_int(value)
    by_code = regions().filter(code=value).first()
    return by_code or (regions().filter(pk=pk).first() if pk is not None else None)


class RegionRefField(forms.CharField):
    """A region given by its official 行政区划代码 (or, as before, by its id)."""

    default_error_messages = {"unknown": "没有行政区划代码为 %(value)s 的地区。"}

    def clean(self, value: Any) -> Region | None:
        value = super().clean(value)
        if not value:
            return None
        region = region_by_reference(value.strip())
        if region is None:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": value}
            )
        return region


class RegionRefFilter(django_filters.Filter):
    field_class = RegionRefField


class ApiOrganizationFilter(django_filters.FilterSet):
    """?q= (part of the name) and ?region= (official code, including the regions below it)."""

    q = django_filters.CharFilter(label="名称", field_name="name", lookup_expr="icontains")
    region = RegionRefFilter(label="地区", method="filter_region")

    class Meta:
        model = Organization
        fields = ["q", "region"]

    def filter_region(self, queryset: QuerySet, name: str, value: Region | None) -> QuerySet:
        return queryset if value is None else queryset.filter(region_with_descendants(value))


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class OrganizationRefField(forms.CharField):
    """An organization given by slug or by numeric id."""

    default_error_messages = {"unknown": "没有标识或编号为 %(value)s 的预算单位。"}

    def clean(self, value: Any) -> Organization | None:
        value = super().clean(value)
        if not value:
            return None
        pk = parse_int(value)
        lookup = Q(slug=value) | Q(pk=pk) if pk is not None else Q(slug=value)
        organization = Organization.objects.filter(lookup).first()
        if organization is None:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": value}
            )
        return organization


class OrganizationRefFilter(django_filters.Filter):
    field_class = OrganizationRefField


class ApiDisclosureFilter(django_filters.FilterSet):
    """?organization= (slug or id), ?year=, ?kind=, ?region= (official code) of
    /api/disclosures/."""

    organization = OrganizationRefFilter(label="预算单位", field_name="organization")
    year = IntegerFilter(label="年度", field_name="fiscal_year")
    kind = django_filters.ChoiceFilter(label="类型", choices=Disclosure.Kind.choices)
    region = RegionRefFilter(label="地区", method="filter_region")

    class Meta:
        model = Disclosure
        fields = ["organization", "year", "kind", "region"]

    def filter_region(self, queryset: QuerySet, name: str, value: Region | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(region_with_descendants(value, prefix="organization__"))


class ApiFunctionAmountFilter(FunctionAmountFilter):
    """The API takes any year (an unknown one simply matches nothing)."""

    year = IntegerFilter(label="年度", field_name="disclosure__fiscal_year")
    region = RegionRefFilter(label="地区", method="filter_region")
