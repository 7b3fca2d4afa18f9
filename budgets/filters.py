"""FilterSets of the citizen pages: GET parameters → validated lookups, nothing more.

`OrganizationFilter` filters published disclosures (the candidates of the organization list);
`budgets.selectors.organizations.organization_rows` then keeps one per organization, so a
year filter picks that year's document instead of hiding organizations whose latest year
differs.
"""

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from budgets.models import Disclosure, Organization, Region

ALL = "全部"


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.name}（{obj.parent.name}）" if obj.parent_id else obj.name


class RegionFilter(django_filters.ModelChoiceFilter):
    field_class = RegionChoiceField


def published_year_choices() -> list[tuple[int, str]]:
    """The fiscal years that hold at least one published disclosure, newest first."""
    years = (
        Disclosure.objects.filter(status=Disclosure.Status.PUBLISHED)
        .values_list("fiscal_year", flat=True)
        .distinct()
        .order_by("-fiscal_year")
    )
    return [(year, f"{year}年") for year in years]


def published_years() -> list[tuple[int | str, str]]:
    """Choices of the year filter: 全部, then :func:`published_year_choices`."""
    return [("", ALL), *published_year_choices()]


def regions(request: object = None) -> QuerySet[Region]:
    """Regions for a filter (django-filter calls this with the request, unused here)."""
    return Region.objects.select_related("parent").order_by("level", "name")


def region_with_descendants(region: Region, prefix: str = "") -> Q:
    """Rows of `region` or of any region below it (省 → 市 → 县 → 乡镇街道: four levels)."""
    field = f"{prefix}region"
    return (
        Q(**{field: region})
        | Q(**{f"{field}__parent": region})
        | Q(**{f"{field}__parent__parent": region})
        | Q(**{f"{field}__parent__parent__parent": region})
    )


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
