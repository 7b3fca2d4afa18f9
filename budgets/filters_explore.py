"""django-filter FilterSets of the journalist pages and the API: GET parameters -> lookups.

They only check parameters; the selectors in `budgets/selectors/` apply them, so pages, the
API and tests filter alike. Choices that come from the data (years, regions, indicator levels)
are callables, evaluated when a form is built, so that they follow the database.
"""

from collections.abc import Mapping
from typing import Any

import django_filters
from django import forms
from django.db import connection
from django.db.models import Model, Q, QuerySet

from budgets.filters import published_year_choices, region_with_descendants, regions
from budgets.models import Disclosure, FunctionalLine, Indicator, Organization, Region

PUBLISHED = Disclosure.Status.PUBLISHED
MAX_PICKER_WORDS = 5  # a pasted paragraph should not become a query of a hundred LIKEs


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


def _resolve_choices(filterset: django_filters.FilterSet, *names: str) -> None:
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
        _resolve_choices(self, "year")

    def filter_region(self, queryset: QuerySet, name: str, value: Region | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(region_with_descendants(value, prefix="disclosure__organization__"))


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
        _resolve_choices(self, "year")

    def filter_words(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Every word (split on spaces, full-width ones too) must be in the document's or the
        organization's name; a year ("2024" or "2024年") or a kind ("部门预算") matches those."""
        for word in value.split()[:MAX_PICKER_WORDS]:
            match = Q(entity_name__icontains=word) | Q(organization__name__icontains=word)
            year = word.removesuffix("年")
            if len(year) == 4 and year.isdigit():
                match |= Q(fiscal_year=int(year))
            kinds = [kind for kind, label in Disclosure.Kind.choices if word in label]
            if kinds:
                match |= Q(kind__in=kinds)
            queryset = queryset.filter(match)
        return queryset

    def filter_region(self, queryset: QuerySet, name: str, value: Region | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(region_with_descendants(value, prefix="organization__"))


# One index probe per distinct value (a loose index scan) instead of reading every row:
# migration 0007's B-tree indexes on level1 and level2 serve it. `> ''` skips empty cells.
_DISTINCT_VALUES_SQL = """
WITH RECURSIVE found(value) AS (
    SELECT min({column}) FROM {table} WHERE {column} > ''
    UNION ALL
    SELECT (SELECT min({column}) FROM {table} WHERE {column} > found.value)
    FROM found WHERE found.value IS NOT NULL
)
SELECT value FROM found WHERE value IS NOT NULL
"""


def distinct_values(model: type[Model], field_name: str) -> list[str]:
    """The distinct non-empty values of a text column, in the column's order (one query).

    ``SELECT DISTINCT`` reads the whole table: 1.2 million indicators at 10,000 disclosures,
    130-170 ms for 3 or 13 values. This walks the column's B-tree index from one value to
    the next instead (under 1 ms); without an index it would be a scan per value."""
    column = model._meta.get_field(field_name).column
    sql = _DISTINCT_VALUES_SQL.format(
        table=connection.ops.quote_name(model._meta.db_table),
        column=connection.ops.quote_name(column),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [value for (value,) in cursor.fetchall()]


def indicator_level1_choices() -> list[tuple[str, str]]:
    return [(value, value) for value in distinct_values(Indicator, "level1")]


def indicator_level2_choices() -> list[tuple[str, str]]:
    return [(value, value) for value in distinct_values(Indicator, "level2")]


class IndicatorFilter(django_filters.FilterSet):
    """Filters of the performance-indicator explorer (/indicators/).

    The keyword ?q= is only checked here: `budgets.selectors.indicators.indicator_search`
    applies it, through the bigram indexes and bounded, after the level and year filters."""

    q = django_filters.CharFilter(label="关键词", method="keyword_left_to_search")
    level1 = django_filters.ChoiceFilter(
        label="一级指标", choices=indicator_level1_choices, empty_label="全部"
    )
    level2 = django_filters.ChoiceFilter(
        label="二级指标", choices=indicator_level2_choices, empty_label="全部"
    )
    year = django_filters.ChoiceFilter(
        label="年度",
        field_name="target__disclosure__fiscal_year",
        choices=published_year_choices,
        empty_label="全部年度",
    )

    class Meta:
        model = Indicator
        fields = ["q", "level1", "level2", "year"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _resolve_choices(self, "level1", "level2", "year")

    def keyword_left_to_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset


class ApiOrganizationFilter(django_filters.FilterSet):
    """?q= (part of the name) and ?region= (id, including the regions below it)."""

    q = django_filters.CharFilter(label="名称", field_name="name", lookup_expr="icontains")
    region = django_filters.ModelChoiceFilter(
        label="地区", queryset=regions, method="filter_region"
    )

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
        lookup = Q(slug=value) | Q(pk=int(value)) if value.isdigit() else Q(slug=value)
        organization = Organization.objects.filter(lookup).first()
        if organization is None:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": value}
            )
        return organization


class OrganizationRefFilter(django_filters.Filter):
    field_class = OrganizationRefField


class ApiDisclosureFilter(django_filters.FilterSet):
    """?organization= (slug or id), ?year=, ?kind= of /api/disclosures/."""

    organization = OrganizationRefFilter(label="预算单位", field_name="organization")
    year = IntegerFilter(label="年度", field_name="fiscal_year")
    kind = django_filters.ChoiceFilter(label="类型", choices=Disclosure.Kind.choices)

    class Meta:
        model = Disclosure
        fields = ["organization", "year", "kind"]


class ApiFunctionAmountFilter(FunctionAmountFilter):
    """The API takes any year (an unknown one simply matches nothing)."""

    year = IntegerFilter(label="年度", field_name="disclosure__fiscal_year")
    region = django_filters.ModelChoiceFilter(
        label="地区", queryset=regions, method="filter_region"
    )
