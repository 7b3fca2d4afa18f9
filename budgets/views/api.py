"""The read-only JSON API for journalists (/api/), documented on its index page and as
OpenAPI 3 (/api/openapi.json).

Views stay thin: a selector reads, a serializer (budgets/serializers.py) shapes, the base view
(budgets/api_base.py) pages and turns every error into JSON: {"error": {"status": 400,
"message": …, "fields": {…}}}.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers as fields
from rest_framework.request import Request
from rest_framework.response import Response

from budgets import serializers
from budgets.api_base import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    ApiError,
    ApiPagination,
    ApiView,
)
from budgets.filters.api import ApiFunctionAmountFilter
from budgets.filters.common import InvalidParameters
from budgets.models import Disclosure
from budgets.selectors.api import (
    api_disclosure_get,
    api_disclosure_list,
    api_disclosure_rows,
    api_organization_list,
    api_region_list,
    disclosure_current_ids,
    disclosure_current_version,
)
from budgets.selectors.compare import (
    compare_selection_get,
    comparison_build,
    parse_compare_ids,
)
from budgets.selectors.functions import (
    function_amount_list,
    function_amount_totals,
    function_code_get,
    function_tree,
)
from budgets.selectors.indicators import indicator_search
from budgets.selectors.search import GROUP_LABELS, parse_search_query, search
from portal.params import parse_int

DISCLOSURE_NOT_FOUND_MESSAGE = "没有编号为 {pk} 的已发布预算公开文件。"
FUNCTION_NOT_FOUND_MESSAGE = "没有编码为 {code} 的支出功能分类科目。"
BAD_YEAR_MESSAGE = "year 须为年份，如 2024。"
INCLUDE_CHOICES = ("document", "source_urls")
BAD_INCLUDE_MESSAGE = "include 只能是 document、source_urls（可用逗号分隔）。"


def schema(*, summary: str, **kwargs: Any) -> Any:
    """extend_schema with the summary as the description too (the OpenAPI description speaks
    Chinese, like the rest of the public site, not the views' docstrings)."""
    return extend_schema(summary=summary, description=summary, **kwargs)


def _parameter(name: str, description: str, kind: Any = OpenApiTypes.STR) -> OpenApiParameter:
    return OpenApiParameter(name, kind, OpenApiParameter.QUERY, description=description)


PAGING = [
    _parameter("page", "页码，从 1 起", OpenApiTypes.INT),
    _parameter(
        "page_size", f"每页条数，默认 {DEFAULT_PAGE_SIZE}，最大 {MAX_PAGE_SIZE}", OpenApiTypes.INT
    ),
]
# The shapes of the answers assembled from plain data (serializers.comparison_to_dict and
# search_results_to_dict), for the OpenAPI description.
COMPARE_ANSWER = inline_serializer(
    "Comparison",
    {
        "replaced": inline_serializer(
            "ReplacedId",
            {"requested": fields.IntegerField(), "current": fields.IntegerField()},
            many=True,
        ),
        "messages": fields.ListField(child=fields.CharField()),
        "disclosures": serializers.DisclosureSerializer(many=True),
        "sections": inline_serializer(
            "ComparisonSection",
            {
                "key": fields.CharField(),
                "title": fields.CharField(),
                "share_base": fields.CharField(),
                "rows": inline_serializer(
                    "ComparisonRow",
                    {
                        "key": fields.CharField(),
                        "label": fields.CharField(),
                        "depth": fields.IntegerField(),
                        "cells": inline_serializer(
                            "ComparisonCell",
                            {
                                "disclosure_id": fields.IntegerField(),
                                "amount_yuan": fields.CharField(allow_null=True),
                                "share_percent": fields.CharField(allow_null=True),
                            },
                            many=True,
                        ),
                    },
                    many=True,
                ),
            },
            many=True,
        ),
    },
)
SEARCH_ANSWER = inline_serializer(
    "SearchResults",
    {
        "query": fields.CharField(),
        "terms": fields.ListField(child=fields.CharField()),
        "total": fields.IntegerField(),
        "codes": serializers.FunctionCodeSerializer(many=True),
        "groups": inline_serializer(
            "SearchGroup",
            {
                "key": fields.CharField(),
                "label": fields.CharField(),
                "count": fields.IntegerField(),
                "is_capped": fields.BooleanField(),
                "page": fields.IntegerField(allow_null=True),
                "pages": fields.IntegerField(allow_null=True),
                "results": inline_serializer(
                    "SearchHit",
                    {
                        "id": fields.IntegerField(),
                        "title": fields.CharField(),
                        "code": fields.CharField(allow_null=True),
                        "amount_yuan": fields.CharField(allow_null=True),
                        "printed_amount": fields.CharField(allow_null=True),
                        "disclosure": fields.DictField(allow_null=True),
                        "lines": fields.ListField(child=fields.IntegerField(), allow_null=True),
                        "source_url": fields.URLField(allow_null=True),
                        "html_url": fields.URLField(),
                    },
                    many=True,
                ),
            },
            many=True,
        ),
    },
)
REGION = _parameter("region", "官方行政区划代码（含下级区划），如 140500 晋城市")
YEAR = _parameter("year", "年度", OpenApiTypes.INT)


@require_safe
def api_index(request: HttpRequest) -> HttpResponse:
    """The API's documentation: endpoints, parameters, fields, errors."""
    context = {
        "base_url": request.build_absolute_uri("/api/"),
        "default_page_size": DEFAULT_PAGE_SIZE,
        "max_page_size": MAX_PAGE_SIZE,
        "kinds": Disclosure.Kind.choices,
    }
    return render(request, "budgets/api_index.html", context)


def _context(request: Request, **extra: Any) -> dict[str, Any]:
    return {"request": request, **extra}


class OrganizationList(ApiView):
    pagination_class = ApiPagination

    @schema(
        summary="有已发布文件的预算单位",
        parameters=[_parameter("q", "名称包含"), REGION, *PAGING],
        responses=serializers.OrganizationSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        paginator, page = self.paginate(api_organization_list(params=request.query_params))
        data = serializers.OrganizationSerializer(page, many=True, context=_context(request)).data
        return paginator.get_paginated_response(data)


class DisclosureList(ApiView):
    pagination_class = ApiPagination

    @schema(
        summary="已发布的预算公开文件，年度新者在前",
        parameters=[
            _parameter("organization", "单位标识（slug）或编号"),
            YEAR,
            _parameter("kind", "类型", OpenApiTypes.STR),
            REGION,
            *PAGING,
        ],
        responses=serializers.DisclosureSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        paginator, page = self.paginate(api_disclosure_list(params=request.query_params))
        data = serializers.DisclosureSerializer(page, many=True, context=_context(request)).data
        return paginator.get_paginated_response(data)


def _include(request: Request) -> tuple[str, ...]:
    raw = request.query_params.get("include", "")
    wanted = tuple(part.strip() for part in raw.split(",") if part.strip())
    if any(part not in INCLUDE_CHOICES for part in wanted):
        raise ApiError(400, BAD_INCLUDE_MESSAGE, {"include": [BAD_INCLUDE_MESSAGE]})
    return wanted


class DisclosureDetail(ApiView):
    @schema(
        summary="一份文件：身份、状态与库内每一行数据（各行一次，附出处行号）",
        parameters=[
            _parameter(
                "include",
                "document：附完整解析结果；source_urls：每行附出处链接（旧格式）",
            )
        ],
        responses=serializers.DisclosureDetailSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        include = _include(request)
        disclosure = api_disclosure_get(pk=pk, with_document="document" in include)
        if disclosure is None:
            raise ApiError(404, DISCLOSURE_NOT_FOUND_MESSAGE.format(pk=pk))
        context = _context(
            request,
            rows=api_disclosure_rows(disclosure=disclosure),
            current=disclosure_current_version(disclosure=disclosure),
            include=include,
        )
        return Response(serializers.DisclosureDetailSerializer(disclosure, context=context).data)


class DisclosureDocument(ApiView):
    @schema(
        summary="一份文件的完整解析结果（解析 JSON，金额单位为 amount_unit）",
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, pk: int) -> Response:
        disclosure = api_disclosure_get(pk=pk)
        if disclosure is None:
            raise ApiError(404, DISCLOSURE_NOT_FOUND_MESSAGE.format(pk=pk))
        return Response(disclosure.parsed)


def _year(request: Request) -> int | None:
    raw = request.query_params.get("year", "").strip()
    if not raw:
        return None
    year = parse_int(raw, minimum=1, maximum=9999)
    if year is None:
        raise ApiError(400, BAD_YEAR_MESSAGE, {"year": [BAD_YEAR_MESSAGE]})
    return year


class FunctionTree(ApiView):
    @schema(
        summary="支出功能分类科目树（类 → 款 → 项）及各科目在已发布文件中的合计",
        parameters=[YEAR],
        responses=inline_serializer(
            "FunctionTree",
            {
                "year": fields.IntegerField(allow_null=True),
                "total": serializers.MoneyField(),
                "results": serializers.FunctionNodeSerializer(many=True),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        year = _year(request)
        nodes = function_tree(fiscal_year=year)
        total = sum((node.total_yuan for node in nodes), start=0)
        return Response(
            {
                "year": year,
                "total": serializers.money(total),
                "results": serializers.FunctionNodeSerializer(
                    nodes, many=True, context=_context(request)
                ).data,
            }
        )


class FunctionDetail(ApiView):
    pagination_class = ApiPagination

    @schema(
        summary="某一功能分类科目在各文件中的金额排名（由大到小）",
        parameters=[YEAR, REGION, *PAGING],
        responses=serializers.FunctionAmountSerializer(many=True),
    )
    def get(self, request: Request, code: str) -> Response:
        function = function_code_get(code=code)
        if function is None:
            raise ApiError(404, FUNCTION_NOT_FOUND_MESSAGE.format(code=code))
        lines = function_amount_list(
            code=function.code,
            filters=request.query_params,
            filterset_class=ApiFunctionAmountFilter,
            strict=True,
        )
        totals = function_amount_totals(lines=lines)
        paginator, page = self.paginate(lines)
        results = serializers.FunctionAmountSerializer(
            page, many=True, context=_context(request)
        ).data
        return Response(
            {
                "function": serializers.FunctionCodeSerializer(function).data,
                "total": serializers.money(totals.total_yuan),
                "organization_count": totals.organization_count,
                **paginator.page_fields(results),
            }
        )


class Compare(ApiView):
    @schema(
        summary="2 到 10 份文件并列对比：主要指标、“三公”经费、功能分类（类）、经济分类",
        parameters=[
            OpenApiParameter(
                "d",
                OpenApiTypes.INT,
                OpenApiParameter.QUERY,
                description="文件编号，重复 2 到 10 次；已被取代的版本按现行版本对比",
                many=True,
                required=True,
            )
        ],
        responses=COMPARE_ANSWER,
    )
    def get(self, request: Request) -> Response:
        ids, invalid = parse_compare_ids(request.query_params.getlist("d"))
        current = disclosure_current_ids(ids=ids)
        wanted = list(dict.fromkeys(current.get(pk, pk) for pk in ids))
        selection = compare_selection_get(raw_ids=[*map(str, wanted), *invalid])
        if not selection.is_comparable:
            message = selection.messages[-1]
            raise ApiError(400, message, {"d": list(selection.messages)})
        comparison = comparison_build(selection=selection)
        context = _context(request)
        return Response(
            {
                "replaced": [{"requested": old, "current": new} for old, new in current.items()],
                "messages": list(selection.messages),
                **serializers.comparison_to_dict(comparison, context),
            }
        )


class IndicatorList(ApiView):
    pagination_class = ApiPagination

    @schema(
        summary="绩效指标：按关键词、一级/二级指标、年度筛选",
        parameters=[
            _parameter("q", "关键词（指标、指标值、项目或单位名称包含）"),
            _parameter("level1", "一级指标"),
            _parameter("level2", "二级指标"),
            YEAR,
            *PAGING,
        ],
        responses=serializers.IndicatorSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        found = indicator_search(params=request.query_params or None)
        filterset = found.filterset
        if filterset.is_bound and not filterset.is_valid():
            raise InvalidParameters(
                {name: [str(m) for m in messages] for name, messages in filterset.errors.items()}
            )
        paginator, page = self.paginate(found.indicators)
        results = serializers.IndicatorSerializer(page, many=True, context=_context(request)).data
        return Response({"is_capped": found.is_capped, **paginator.page_fields(results)})


class Search(ApiView):
    @schema(
        summary="搜索：单位、功能分类科目（名称或编码）、经济分类科目、单项数、金额、项目、绩效指标、情况说明",
        parameters=[
            _parameter("q", "关键词；空格分隔的多个词须同时出现；金额按文件所列单位"),
            _parameter(
                "type",
                "只看一类并分页（organizations、functions、economic、figures、projects、indicators、narrative）",
            ),
            _parameter("page", "页码（与 type 同用）", OpenApiTypes.INT),
        ],
        responses=SEARCH_ANSWER,
    )
    def get(self, request: Request) -> Response:
        query = parse_search_query(request.query_params.get("q"))
        group = request.query_params.get("type") or None
        if group is not None and group not in GROUP_LABELS:
            message = "type 只能是 " + "、".join(GROUP_LABELS) + "。"
            raise ApiError(400, message, {"type": [message]})
        page = request.query_params.get("page")
        if page is not None and parse_int(page, minimum=1) is None:
            raise ApiError(400, "page 须为正整数。", {"page": ["page 须为正整数。"]})
        results = search(query=query, group=group, page_number=page)
        return Response(serializers.search_results_to_dict(results, _context(request)))


class RegionList(ApiView):
    @schema(
        summary="有已发布文件的行政区划及其上级（官方行政区划代码）",
        responses=serializers.RegionSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        regions = api_region_list()
        return Response(serializers.RegionSerializer(regions, many=True).data)


class NotFound(ApiView):
    """Any other address under /api/: a JSON 404 (any method), not the site's HTML page."""

    http_method_names = ["get", "head", "post", "put", "patch", "delete", "options"]
    schema = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return super().dispatch(request)

    def get(self, request: Request) -> Response:
        raise ApiError(404, "没有这个接口地址。接口一览见 /api/。")

    post = put = patch = delete = options = get
