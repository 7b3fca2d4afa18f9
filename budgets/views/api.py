"""The read-only JSON API for journalists (/api/), documented on its index page.

Views stay thin: a selector reads, a serializer shapes, `_paginated` pages. Every answer is
JSON, errors included: {"error": {"status": 400, "message": …, "fields": {…}}}.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from budgets import serializers
from budgets.filters.api import ApiFunctionAmountFilter
from budgets.filters.common import InvalidParameters
from budgets.models import Disclosure
from budgets.selectors.api import (
    api_disclosure_get,
    api_disclosure_list,
    api_disclosure_rows,
    api_organization_list,
)
from budgets.selectors.functions import (
    function_amount_list,
    function_amount_totals,
    function_code_get,
)
from portal.params import INT_MAX, parse_int

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
BAD_PAGE_MESSAGE = "page 须为正整数。"
BAD_PAGE_SIZE_MESSAGE = f"page_size 须为 1 到 {MAX_PAGE_SIZE} 之间的整数。"
PAGE_OUT_OF_RANGE_MESSAGE = "页码超出范围。"
BAD_PARAMETERS_MESSAGE = "查询参数有误。"
DISCLOSURE_NOT_FOUND_MESSAGE = "没有编号为 {pk} 的已发布预算公开文件。"
FUNCTION_NOT_FOUND_MESSAGE = "没有编码为 {code} 的支出功能分类科目。"

METHOD_NOT_ALLOWED_MESSAGE = "本接口只读，只接受 GET 与 HEAD 请求。"
SAFE_METHODS = ("GET", "HEAD")

JSON_OPTIONS = {"ensure_ascii": False}


class ApiError(Exception):
    def __init__(self, status: int, message: str, fields: dict | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.fields = status, message, fields or {}


def _json(data: Any, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params=JSON_OPTIONS)
    response["Access-Control-Allow-Origin"] = "*"  # public, read-only data
    return response


def _error(status: int, message: str, fields: dict | None = None) -> JsonResponse:
    return _json({"error": {"status": status, "message": message, "fields": fields or {}}}, status)


def api_view(view: Callable[..., Any]) -> Callable[..., JsonResponse]:
    """GET/HEAD only; dicts become JSON; ApiError and bad filters become JSON errors."""

    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        if request.method not in SAFE_METHODS:
            response = _error(405, METHOD_NOT_ALLOWED_MESSAGE)
            response["Allow"] = ", ".join(SAFE_METHODS)
            return response
        try:
            return _json(view(request, *args, **kwargs))
        except InvalidParameters as exc:
            return _error(400, BAD_PARAMETERS_MESSAGE, exc.errors)
        except ApiError as exc:
            return _error(exc.status, exc.message, exc.fields)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _positive_int(request: HttpRequest, name: str, default: int, maximum: int | None) -> int:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    value = parse_int(raw, minimum=1, maximum=maximum or INT_MAX)
    if value is None:
        message = BAD_PAGE_SIZE_MESSAGE if name == "page_size" else BAD_PAGE_MESSAGE
        raise ApiError(400, message, {name: [message]})
    return value


def _page_url(request: HttpRequest, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _paginated(
    request: HttpRequest, queryset: QuerySet, serialize: Callable[[HttpRequest, Any], dict]
) -> dict[str, Any]:
    """{"count", "next", "previous", "page", "page_size", "results"}: two queries."""
    number = _positive_int(request, "page", 1, None)
    size = _positive_int(request, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    paginator = Paginator(queryset, size)
    if number > paginator.num_pages:
        raise ApiError(404, PAGE_OUT_OF_RANGE_MESSAGE, {"page": [PAGE_OUT_OF_RANGE_MESSAGE]})
    page = paginator.page(number)
    items: Iterable[Any] = page.object_list
    return {
        "count": paginator.count,
        "next": _page_url(request, number + 1) if page.has_next() else None,
        "previous": _page_url(request, number - 1) if page.has_previous() else None,
        "page": number,
        "page_size": size,
        "results": [serialize(request, item) for item in items],
    }


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


@api_view
def organization_list(request: HttpRequest) -> dict[str, Any]:
    organizations = api_organization_list(params=request.GET)
    return _paginated(request, organizations, serializers.organization_to_dict)


@api_view
def disclosure_list(request: HttpRequest) -> dict[str, Any]:
    disclosures = api_disclosure_list(params=request.GET)
    return _paginated(request, disclosures, serializers.disclosure_to_dict)


@api_view
def disclosure_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    disclosure = api_disclosure_get(pk=pk)
    if disclosure is None:
        raise ApiError(404, DISCLOSURE_NOT_FOUND_MESSAGE.format(pk=pk))
    rows = api_disclosure_rows(disclosure=disclosure)
    return serializers.disclosure_detail_to_dict(request, disclosure, rows)


@api_view
def function_detail(request: HttpRequest, code: str) -> dict[str, Any]:
    function = function_code_get(code=code)
    if function is None:
        raise ApiError(404, FUNCTION_NOT_FOUND_MESSAGE.format(code=code))
    lines = function_amount_list(
        code=function.code,
        filters=request.GET,
        filterset_class=ApiFunctionAmountFilter,
        strict=True,
    )
    totals = function_amount_totals(lines=lines)
    return {
        "function": serializers.function_code_to_dict(function),
        "total": serializers.money(totals.total_yuan),
        "organization_count": totals.organization_count,
        **_paginated(request, lines, serializers.function_amount_to_dict),
    }
