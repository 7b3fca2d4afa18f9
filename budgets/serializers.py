"""The API's JSON shapes (Django REST framework serializers), documented on /api/ and in the
OpenAPI description (/api/openapi.json).

Field names are the API's contract: add fields freely, never rename or remove one (the one
change so far, the disclosure detail's, is described on /api/). Amounts are decimal strings,
exact: yuan with two decimals (``…_yuan``, as stored) and, in list answers, also 万元
(``{"yuan", "wan"}``, as most documents print them). Source lines are ``[first, last]``,
1-based line numbers of the disclosure's decoded text; an answer gives the viewer's URL once
(``source_link_template``) instead of repeating it in every row. Regions carry their official
行政区划代码 (``code``).
"""

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from budgets.figure_labels import figure_label
from budgets.models import (
    Disclosure,
    EconomicLine,
    Figure,
    FunctionalLine,
    GlossaryTerm,
    Indicator,
    NarrativeSection,
    Organization,
    PerformanceTarget,
    Project,
    Region,
    ValidationCheck,
)
from budgets.templatetags.money import yuan_to_wan
from budgets.templatetags.sources import source_url, viewer_url

TOTAL_FIELDS = {
    "total": "total_yuan",
    "basic": "basic_yuan",
    "project": "project_yuan",
    "three_public": "three_public_yuan",
    "operating": "operating_yuan",
}
SOURCE_LINK_TEMPLATE = "?lines={start}-{end}#L{start}"

MONEY_SCHEMA = {
    "type": "object",
    "properties": {
        "yuan": {"type": "string", "nullable": True, "example": "23730000.00"},
        "wan": {"type": "string", "nullable": True, "example": "2373.00"},
    },
}
LINES_SCHEMA = {
    "type": "array",
    "items": {"type": "integer"},
    "minItems": 2,
    "maxItems": 2,
    "nullable": True,
    "description": "[起始行, 结束行]",
}


def decimal_str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def money(amount_yuan: Decimal | None) -> dict[str, str | None]:
    """{"yuan": "23730000.00", "wan": "2373.00"}: both units, exact strings."""
    return {"yuan": decimal_str(amount_yuan), "wan": decimal_str(yuan_to_wan(amount_yuan))}


def lines_of(row: Any) -> list[int] | None:
    """[start, end] of a row's source lines, or None when it has none."""
    start = getattr(row, "line_start", None)
    if not start:
        return None
    return [start, getattr(row, "line_end", None) or start]


def region_code(region: Region) -> str | None:
    """The region's official 行政区划代码, None for a region the national list does not know."""
    return region.code or None


def absolute(context: dict[str, Any], path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


@extend_schema_field(MONEY_SCHEMA)
class MoneyField(serializers.Field):
    """A yuan amount as {"yuan", "wan"}."""

    def to_representation(self, value: tuple[Decimal | None]) -> dict[str, str | None]:
        return money(value[0])

    def get_attribute(self, instance: Any) -> tuple[Decimal | None]:
        # An empty cell is {"yuan": null, "wan": null}, not null: the value travels wrapped,
        # since a serializer answers null for a None attribute without asking the field.
        for attribute in self.source_attrs:
            instance = getattr(instance, attribute, None)
        return (instance,)


@extend_schema_field(LINES_SCHEMA)
class LinesField(serializers.Field):
    """A row's source lines, [start, end]."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, row: Any) -> list[int] | None:
        return lines_of(row)


class RegionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    code = serializers.SerializerMethodField(help_text="官方行政区划代码（6 位，乡镇街道 9 位）")
    name = serializers.CharField()
    level = serializers.CharField()

    def get_code(self, region: Region) -> str | None:
        return region_code(region)


class OrganizationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    name = serializers.CharField()
    html_url = serializers.SerializerMethodField()

    def get_html_url(self, organization: Organization) -> str:
        return absolute(self.context, reverse("organization_detail", args=[organization.slug]))


class OrganizationSerializer(OrganizationRefSerializer):
    """An item of /api/organizations/ (expects `published_count` annotated)."""

    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    region = RegionSerializer(allow_null=True)
    parent_id = serializers.IntegerField(allow_null=True)
    disclosure_count = serializers.IntegerField(source="published_count", allow_null=True)
    disclosures_url = serializers.SerializerMethodField()

    def get_disclosures_url(self, organization: Organization) -> str:
        path = reverse("api_disclosure_list") + f"?organization={organization.slug}"
        return absolute(self.context, path)


class ChecksSerializer(serializers.Serializer):
    passed = serializers.IntegerField(source="checks_passed")
    failed = serializers.IntegerField(source="checks_failed")
    skipped = serializers.IntegerField(source="checks_skipped")


class TotalsSerializer(serializers.Serializer):
    """支出总计, 基本支出, 项目支出, “三公”经费, 机关运行经费, each {"yuan", "wan"}."""

    total = MoneyField(source="total_yuan")
    basic = MoneyField(source="basic_yuan")
    project = MoneyField(source="project_yuan")
    three_public = MoneyField(source="three_public_yuan")
    operating = MoneyField(source="operating_yuan")


class DisclosureSerializer(serializers.Serializer):
    """An item of /api/disclosures/: identity, totals in both units, links."""

    id = serializers.IntegerField(source="pk")
    entity = serializers.CharField(source="entity_name")
    organization = OrganizationRefSerializer()
    region = RegionSerializer(source="organization.region", allow_null=True)
    fiscal_year = serializers.IntegerField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    version = serializers.IntegerField()
    amount_unit = serializers.CharField(help_text="文件报表所用单位（万元或元）")
    published_at = serializers.DateTimeField(allow_null=True)
    totals = TotalsSerializer(source="*")
    checks = ChecksSerializer(source="*")
    url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()
    source_url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    def _url(self, name: str, disclosure: Disclosure) -> str:
        return absolute(self.context, reverse(name, args=[disclosure.pk]))

    def get_url(self, disclosure: Disclosure) -> str:
        return self._url("api_disclosure_detail", disclosure)

    def get_html_url(self, disclosure: Disclosure) -> str:
        return self._url("disclosure_detail", disclosure)

    def get_source_url(self, disclosure: Disclosure) -> str:
        return self._url("disclosure_source", disclosure)

    def get_download_url(self, disclosure: Disclosure) -> str:
        return self._url("disclosure_download", disclosure)


# Rows of a disclosure (/api/disclosures/<id>/ "rows"): each with its id and source lines.


def _reader(field: serializers.Field) -> Callable[[Any], Any]:
    """A function reading `field`'s value from a row as DRF would render it, for the fields
    the row serializers use."""
    if isinstance(field, LinesField):
        return lines_of
    if isinstance(field, serializers.ListSerializer):
        child = field.child
        attrs = field.source_attrs
        return lambda row: [child.to_representation(item) for item in _follow(row, attrs)]
    if isinstance(field, serializers.SerializerMethodField):
        return getattr(field.parent, field.method_name)
    attrs = field.source_attrs
    if isinstance(field, serializers.DecimalField):
        return lambda row: _decimal_text(_follow(row, attrs))
    return lambda row: _follow(row, attrs)


def _follow(row: Any, attrs: Sequence[str]) -> Any:
    for attr in attrs:
        row = getattr(row, attr)
        if row is None:
            return None
    return row() if callable(row) else row


def _decimal_text(value: Decimal | None) -> str | None:
    # The columns' own scale ("4358500.00", "95.0000"), as DRF's DecimalField renders them.
    return None if value is None else f"{value:f}"


class RowSerializer(serializers.Serializer):
    """A serializer of many plain rows (a disclosure's detail has about 1,500): the declared
    fields describe the shape (and the OpenAPI schema), and each row is read by one function
    per field instead of DRF's per-field machinery, which took ~10 times as long."""

    def to_representation(self, instance: Any) -> dict[str, Any]:
        readers = self.__dict__.get("_readers")
        if readers is None:
            readers = [(name, _reader(field)) for name, field in self.fields.items()]
            self.__dict__["_readers"] = readers
        return {name: read(instance) for name, read in readers}


class FigureRowSerializer(RowSerializer):
    id = serializers.IntegerField(source="pk")
    section = serializers.CharField()
    key = serializers.CharField()
    label = serializers.SerializerMethodField()
    amount_yuan = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    lines = LinesField()

    def get_label(self, row: Figure) -> str:
        return figure_label(row.section, row.key)


FUNCTIONAL_AMOUNTS = (
    "total",
    "basic",
    "project",
    "general_public_budget",
    "government_fund",
    "state_capital",
    "special_account",
    "unit_funds",
    "carryover",
)


def _yuan(source: str | None = None) -> serializers.DecimalField:
    """A yuan amount as an exact decimal string ("4358500.00"), null for an empty cell."""
    extra = {"source": source} if source else {}
    return serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True, **extra)


class FunctionalLineRowSerializer(RowSerializer):
    id = serializers.IntegerField(source="pk")
    table = serializers.CharField()
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.CharField(source="functional_code.level")
    total_yuan = _yuan("total")
    basic_yuan = _yuan("basic")
    project_yuan = _yuan("project")
    general_public_budget_yuan = _yuan("general_public_budget")
    government_fund_yuan = _yuan("government_fund")
    state_capital_yuan = _yuan("state_capital")
    special_account_yuan = _yuan("special_account")
    unit_funds_yuan = _yuan("unit_funds")
    carryover_yuan = _yuan("carryover")
    lines = LinesField()


class EconomicLineRowSerializer(RowSerializer):
    id = serializers.IntegerField(source="pk")
    dept_item = serializers.CharField(source="dept_item_name")
    gov_item = serializers.CharField(source="gov_item_name")
    is_category = serializers.BooleanField()
    total_yuan = _yuan("total")
    personnel_yuan = _yuan("personnel")
    public_yuan = _yuan("public")
    lines = LinesField()


class ProjectRowSerializer(RowSerializer):
    id = serializers.IntegerField(source="pk")
    kind = serializers.CharField()
    name = serializers.CharField()
    unit_name = serializers.CharField()
    category = serializers.CharField()
    amount_yuan = _yuan()
    lines = LinesField()


class IndicatorRowSerializer(RowSerializer):
    id = serializers.IntegerField(source="pk")
    level1 = serializers.CharField()
    level2 = serializers.CharField()
    level3 = serializers.CharField()
    value = serializers.CharField(source="value_text")
    comparator = serializers.CharField()
    number = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    unit = serializers.CharField()
    lines = LinesField()


class PerformanceTargetRowSerializer(RowSerializer):
    id = serializers.IntegerField(source="pk")
    project_id = serializers.IntegerField(allow_null=True)
    project_name = serializers.CharField()
    implementing_unit = serializers.CharField()
    annual_funds_yuan = _yuan()
    lines = LinesField()
    indicators = IndicatorRowSerializer(many=True, source="indicators.all")


class NarrativeRowSerializer(RowSerializer):
    id = serializers.IntegerField(source="pk")
    heading = serializers.CharField()
    lines = LinesField()


class GlossaryRowSerializer(RowSerializer):
    id = serializers.IntegerField(source="pk")
    term = serializers.CharField()
    lines = LinesField()


class CheckRowSerializer(RowSerializer):
    id = serializers.IntegerField(source="pk")
    check = serializers.CharField(source="check_name")
    status = serializers.CharField()
    outcome = serializers.CharField()
    unit = serializers.CharField()
    expected = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    actual = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    difference = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    lines = LinesField()


ROW_SERIALIZERS: dict[str, type[serializers.Serializer]] = {
    "figures": FigureRowSerializer,
    "functional_lines": FunctionalLineRowSerializer,
    "economic_lines": EconomicLineRowSerializer,
    "projects": ProjectRowSerializer,
    "performance_targets": PerformanceTargetRowSerializer,
    "narrative_sections": NarrativeRowSerializer,
    "glossary_terms": GlossaryRowSerializer,
    "validation_checks": CheckRowSerializer,
}
ROW_MODELS = {
    "figures": Figure,
    "functional_lines": FunctionalLine,
    "economic_lines": EconomicLine,
    "projects": Project,
    "performance_targets": PerformanceTarget,
    "narrative_sections": NarrativeSection,
    "glossary_terms": GlossaryTerm,
    "validation_checks": ValidationCheck,
}


class DisclosureRowsSerializer(serializers.Serializer):
    """Every stored row of a disclosure by table (a dict of querysets in)."""

    figures = FigureRowSerializer(many=True)
    functional_lines = FunctionalLineRowSerializer(many=True)
    economic_lines = EconomicLineRowSerializer(many=True)
    projects = ProjectRowSerializer(many=True)
    performance_targets = PerformanceTargetRowSerializer(many=True)
    narrative_sections = NarrativeRowSerializer(many=True)
    glossary_terms = GlossaryRowSerializer(many=True)
    validation_checks = CheckRowSerializer(many=True)


class VersionRefSerializer(serializers.Serializer):
    """The version now in force of a document, for an answer about an earlier one."""

    id = serializers.IntegerField(source="pk")
    version = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()

    def get_url(self, disclosure: Disclosure) -> str:
        return absolute(self.context, reverse("api_disclosure_detail", args=[disclosure.pk]))

    def get_html_url(self, disclosure: Disclosure) -> str:
        return absolute(self.context, reverse("disclosure_detail", args=[disclosure.pk]))


class DisclosureDetailSerializer(DisclosureSerializer):
    """/api/disclosures/<id>/: the list item, the document's identity and status, and every
    stored row once, with its id and source lines.

    Context: ``rows`` (querysets by table), ``current`` (the version in force when this one is
    superseded), ``include`` (``document`` adds the parse JSON, ``source_urls`` a
    ``source`` object with the viewer's URL in every row, as the answer had before)."""

    sha256 = serializers.CharField()
    original_filename = serializers.CharField()
    status = serializers.CharField(help_text="published 现行版本；superseded 已被新版本取代")
    status_display = serializers.CharField(source="get_status_display")
    current_version = serializers.SerializerMethodField(
        help_text="本文件已被取代时，现行版本的编号与链接；现行版本为 null"
    )
    document_url = serializers.SerializerMethodField()
    source_link_template = serializers.SerializerMethodField(
        help_text="原文出处链接的模板：以行的 lines 代入 {start}、{end}"
    )
    rows = serializers.SerializerMethodField()

    @extend_schema_field(VersionRefSerializer(allow_null=True))
    def get_current_version(self, disclosure: Disclosure) -> dict[str, Any] | None:
        current = self.context.get("current")
        if current is None:
            return None
        return VersionRefSerializer(current, context=self.context).data

    def get_document_url(self, disclosure: Disclosure) -> str:
        return self._url("api_disclosure_document", disclosure)

    def get_source_link_template(self, disclosure: Disclosure) -> str:
        return absolute(self.context, viewer_url(disclosure.pk)) + SOURCE_LINK_TEMPLATE

    @extend_schema_field(DisclosureRowsSerializer)
    def get_rows(self, disclosure: Disclosure) -> dict[str, list[dict[str, Any]]]:
        rows = self.context["rows"]
        data = {name: ROW_SERIALIZERS[name](rows[name], many=True).data for name in ROW_SERIALIZERS}
        if "source_urls" in self.context.get("include", ()):
            _add_source_urls(self.context, disclosure.pk, data)
        return data

    def to_representation(self, disclosure: Disclosure) -> dict[str, Any]:
        data = super().to_representation(disclosure)
        if "document" in self.context.get("include", ()):
            data["document"] = disclosure.parsed
        return data


def _add_source_urls(context: dict[str, Any], disclosure_id: int, data: dict[str, Any]) -> None:
    """Give every row (and indicator) a ``source`` {"lines", "url"}, as before the template."""

    def link(row: dict[str, Any]) -> None:
        lines = row.get("lines")
        row["source"] = (
            None
            if lines is None
            else {"lines": lines, "url": absolute(context, source_url(disclosure_id, *lines))}
        )

    for rows in data.values():
        for row in rows:
            link(row)
            for indicator in row.get("indicators", ()):
                link(indicator)


class FunctionCodeSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.CharField()
    level_display = serializers.CharField(source="get_level_display")
    fiscal_year = serializers.IntegerField()


class FunctionAmountSerializer(serializers.Serializer):
    """An item of /api/functions/<code>/: one disclosure's amount for the code."""

    rank = serializers.IntegerField(required=False)
    disclosure_id = serializers.IntegerField()
    entity = serializers.CharField(source="disclosure.entity_name")
    organization = OrganizationRefSerializer(source="disclosure.organization")
    region = RegionSerializer(source="disclosure.organization.region", allow_null=True)
    fiscal_year = serializers.IntegerField(source="disclosure.fiscal_year")
    kind = serializers.CharField(source="disclosure.kind")
    name = serializers.CharField()
    total = MoneyField()
    basic = MoneyField()
    project = MoneyField()
    share_of_disclosure_total = serializers.SerializerMethodField()
    disclosure_url = serializers.SerializerMethodField()
    source = serializers.SerializerMethodField()

    def get_share_of_disclosure_total(self, line: FunctionalLine) -> str | None:
        share = getattr(line, "share", None)
        return None if share is None else str(Decimal(share).quantize(Decimal("0.0001")))

    def get_disclosure_url(self, line: FunctionalLine) -> str:
        return absolute(self.context, reverse("api_disclosure_detail", args=[line.disclosure_id]))

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"lines": LINES_SCHEMA, "url": {"type": "string", "format": "uri"}},
        }
    )
    def get_source(self, line: FunctionalLine) -> dict[str, Any] | None:
        lines = lines_of(line)
        if lines is None:
            return None
        url = f"{viewer_url(line.disclosure_id)}#L{lines[0]}"
        return {"lines": lines, "url": absolute(self.context, url)}


class FunctionNodeSerializer(serializers.Serializer):
    """A code of the /api/functions/ tree, with its 款 or 项 below it."""

    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.CharField()
    total = MoneyField(source="total_yuan")
    disclosure_count = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    children = serializers.SerializerMethodField()

    def get_url(self, node: Any) -> str:
        return absolute(self.context, reverse("api_function_detail", args=[node.code]))

    @extend_schema_field({"type": "array", "items": {"type": "object"}})
    def get_children(self, node: Any) -> list[dict[str, Any]]:
        return FunctionNodeSerializer(node.children, many=True, context=self.context).data


class IndicatorSerializer(serializers.Serializer):
    """An item of /api/indicators/: the indicator, its project and its document."""

    id = serializers.IntegerField(source="pk")
    level1 = serializers.CharField()
    level2 = serializers.CharField()
    level3 = serializers.CharField()
    value = serializers.CharField(source="value_text")
    comparator = serializers.CharField()
    number = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    unit = serializers.CharField()
    project_name = serializers.CharField(source="target.project_name")
    annual_funds = MoneyField(source="target.annual_funds_yuan")
    disclosure_id = serializers.IntegerField(source="target.disclosure_id")
    entity = serializers.CharField(source="target.disclosure.entity_name")
    fiscal_year = serializers.IntegerField(source="target.disclosure.fiscal_year")
    lines = LinesField()
    source_url = serializers.SerializerMethodField()

    def get_source_url(self, indicator: Indicator) -> str:
        lines = lines_of(indicator) or [None, None]
        return absolute(self.context, source_url(indicator.target.disclosure_id, *lines))


# Answers assembled from a selector's plain data (a comparison, search results).

COMPARE_SECTIONS = (
    ("key_figures", "主要指标", "支出总计"),
    ("three_public", "“三公”经费", "支出总计"),
    ("functions", "支出功能分类（类）", "支出总计"),
    ("economic", "基本支出经济分类", "基本支出"),
)


def comparison_to_dict(comparison: Any, context: dict[str, Any]) -> dict[str, Any]:
    """/api/compare/: the disclosures compared and, per section, a row per item with one cell
    per disclosure (its amount in yuan and its share of the section's base, in %)."""
    disclosures = comparison.disclosures
    return {
        "disclosures": DisclosureSerializer(disclosures, many=True, context=context).data,
        "sections": [
            {
                "key": key,
                "title": title,
                "share_base": base,
                "rows": [
                    {
                        "key": row.key,
                        "label": row.label,
                        "depth": row.depth,
                        "cells": [
                            {
                                "disclosure_id": disclosure.pk,
                                "amount_yuan": decimal_str(cell.amount_yuan),
                                "share_percent": decimal_str(cell.share_percent),
                            }
                            for disclosure, cell in zip(disclosures, row.cells, strict=True)
                        ],
                    }
                    for row in getattr(comparison, key)
                ],
            }
            for key, title, base in COMPARE_SECTIONS
        ],
    }


def _hit_disclosure(item: Any) -> Disclosure | None:
    target = getattr(item, "target", None)
    return target.disclosure if target is not None else getattr(item, "disclosure", None)


def _hit_title(group: str, item: Any) -> str:
    if group == "indicators":
        return f"{item.level3}：{item.value_text}"
    if group == "narrative":
        return item.heading
    if group == "economic":
        return item.dept_item_name or item.gov_item_name
    if group == "figures":
        return item.label
    return item.name


def search_hit_to_dict(group: str, item: Any, context: dict[str, Any]) -> dict[str, Any]:
    """One search hit: what it is, its amount (in yuan and as its document prints it), its
    document and its source lines."""
    disclosure = _hit_disclosure(item)
    lines = None if group == "organizations" else lines_of(item)
    hit: dict[str, Any] = {
        "id": item.pk,
        "title": _hit_title(group, item),
        "code": getattr(item, "code", None) if group == "functions" else None,
        "amount_yuan": None,
        "printed_amount": getattr(item, "printed", "") or None,
        "disclosure": None,
        "lines": lines,
        "source_url": None,
        "html_url": None,
    }
    if group == "organizations":
        hit["html_url"] = absolute(context, reverse("organization_detail", args=[item.slug]))
        return hit
    amount_field = {"functions": "total", "economic": "total"}.get(group, "amount_yuan")
    hit["amount_yuan"] = decimal_str(getattr(item, amount_field, None))
    hit["disclosure"] = {
        "id": disclosure.pk,
        "entity": disclosure.entity_name,
        "fiscal_year": disclosure.fiscal_year,
        "kind": disclosure.kind,
        "amount_unit": disclosure.amount_unit,
        "url": absolute(context, reverse("api_disclosure_detail", args=[disclosure.pk])),
    }
    hit["html_url"] = absolute(context, reverse("disclosure_detail", args=[disclosure.pk]))
    hit["source_url"] = absolute(context, source_url(disclosure.pk, *(lines or [None, None])))
    if group == "narrative":
        hit["snippet"] = "".join(item.snippet)
    return hit


def search_results_to_dict(results: Any, context: dict[str, Any]) -> dict[str, Any]:
    """/api/search/: the query, the codes it names, and each group's count and hits."""
    return {
        "query": results.query.text,
        "terms": list(results.query.terms),
        "total": results.total,
        "codes": [
            {
                **FunctionCodeSerializer(code).data,
                "url": absolute(context, reverse("api_function_detail", args=[code.code])),
            }
            for code in results.codes
        ],
        "groups": [
            {
                "key": group.key,
                "label": group.label,
                "count": group.count,
                "is_capped": group.is_capped,
                "page": group.page.number if group.page else None,
                "pages": group.page.paginator.num_pages if group.page else None,
                "results": [search_hit_to_dict(group.key, item, context) for item in group.items],
            }
            for group in results.groups
        ],
    }
