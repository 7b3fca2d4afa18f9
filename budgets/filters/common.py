"""What every page's FilterSets share: published years, regions, strict application and its error.

FilterSets only check GET parameters; the selectors in `budgets/selectors/` apply them (through
`apply_filters`), so pages, the API and tests filter alike. Choices that come from the data
(years, regions) are callables, evaluated when a form is built, so that they follow the database.
"""

from collections.abc import Mapping
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from budgets.models import Disclosure, Region

ALL = "全部"


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


class InvalidParameters(Exception):
    """GET parameters that a FilterSet rejected; `errors` maps each to its messages."""

    def __init__(self, errors: Mapping[str, list[str]]) -> None:
        super().__init__(dict(errors))
        self.errors = dict(errors)


def apply_filters(
    filterset_class: type[django_filters.FilterSet],
    params: Mapping[str, Any] | None,
    queryset: QuerySet,
    *,
    strict: bool = False,
) -> QuerySet:
    """The queryset filtered by `params`. Pages ignore a bad parameter (their form shows the
    error); with `strict` (the API) a bad parameter raises InvalidParameters."""
    filterset = filterset_class(params or None, queryset=queryset)
    if strict and filterset.is_bound and not filterset.is_valid():
        raise InvalidParameters(
            {name: [str(m) for m in messages] for name, messages in filterset.errors.items()}
        )
    return filterset.qs


def resolve_choices(filterset: django_filters.FilterSet, *names: str) -> None:
    """Evaluate callable choices once per FilterSet: Django re-runs a callable each time the
    choices are iterated (validation, then rendering), one query each time."""
    for name in names:
        extra = filterset.filters[name].extra
        if callable(extra.get("choices")):
            extra["choices"] = list(extra["choices"]())


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.parent.name} {obj.name}" if obj.parent_id else obj.name


class RegionFilter(django_filters.ModelChoiceFilter):
    field_class = RegionChoiceField
