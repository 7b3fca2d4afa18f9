"""What every endpoint of the JSON API (/api/) shares, on Django REST framework.

- `ApiView`: read-only (GET and HEAD; any other method is a JSON 405), public (no sign-in, so
  no CSRF check either), JSON only, readable from any origin.
- `ApiPagination`: ``?page=`` and ``?page_size=`` (1–200) checked, answered as
  ``{"count", "next", "previous", "page", "page_size", "results"}``.
- `api_exception_handler`: every error is JSON, ``{"error": {"status", "message",
  "fields"}}``: 400 names the parameter and says what is wrong with it, 404 an unknown
  object, page or address, 405 a method, 500 anything unexpected (logged with its traceback).
- `rendered`: renders a response before the page cache (budgets/page_cache.py) stores it.
"""

import logging
from collections.abc import Callable, Mapping, Sequence
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from budgets.filters.common import InvalidParameters
from portal.params import INT_MAX, parse_int

logger = logging.getLogger(__name__)

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
BAD_PAGE_MESSAGE = "page 须为正整数。"
BAD_PAGE_SIZE_MESSAGE = f"page_size 须为 1 到 {MAX_PAGE_SIZE} 之间的整数。"
PAGE_OUT_OF_RANGE_MESSAGE = "页码超出范围。"
BAD_PARAMETERS_MESSAGE = "查询参数有误。"
NOT_FOUND_MESSAGE = "没有这个接口地址。接口一览见 /api/。"
METHOD_NOT_ALLOWED_MESSAGE = "本接口只读，只接受 GET 与 HEAD 请求。"
FORBIDDEN_MESSAGE = "没有权限。"
SERVER_ERROR_MESSAGE = "服务器内部错误，请稍后再试。"
SAFE_METHODS = ("GET", "HEAD")


class ApiError(exceptions.APIException):
    """An error answer with its status, message and, for a parameter, the parameter's name."""

    def __init__(
        self, status_code: int, message: str, fields: Mapping[str, Sequence[str]] | None = None
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message
        self.fields = {name: list(messages) for name, messages in (fields or {}).items()}


def error_body(status_code: int, message: str, fields: Mapping | None = None) -> dict[str, Any]:
    return {"error": {"status": status_code, "message": message, "fields": dict(fields or {})}}


def _field_messages(detail: Any) -> dict[str, list[str]]:
    """DRF's ValidationError detail ({"year": ["…"]} or ["…"]) as {name: [messages]}."""
    if isinstance(detail, Mapping):
        return {
            str(name): [str(m) for m in (messages if isinstance(messages, list) else [messages])]
            for name, messages in detail.items()
        }
    return {}


# Exceptions answered with a fixed status and message.
PLAIN_ERRORS: tuple[tuple[tuple[type[Exception], ...], int, str], ...] = (
    ((Http404, exceptions.NotFound), 404, NOT_FOUND_MESSAGE),
    ((exceptions.MethodNotAllowed,), 405, METHOD_NOT_ALLOWED_MESSAGE),
    ((PermissionDenied, exceptions.PermissionDenied), 403, FORBIDDEN_MESSAGE),
)


def _error_of(exc: Exception) -> tuple[int, str, dict[str, list[str]]]:
    """(status, message, fields) of an exception raised while answering."""
    if isinstance(exc, ApiError):
        return exc.status_code, exc.message, exc.fields
    if isinstance(exc, InvalidParameters):
        return 400, BAD_PARAMETERS_MESSAGE, exc.errors
    if isinstance(exc, exceptions.ValidationError):
        return 400, BAD_PARAMETERS_MESSAGE, _field_messages(exc.detail)
    for types, status_code, message in PLAIN_ERRORS:
        if isinstance(exc, types):
            return status_code, message, {}
    if isinstance(exc, exceptions.APIException):
        return exc.status_code, str(exc.detail), {}
    return 500, SERVER_ERROR_MESSAGE, {}


def api_exception_handler(exc: Exception, context: Mapping[str, Any]) -> Response:
    """DRF's exception handler for the API: every exception becomes a JSON error answer.

    Unexpected exceptions too: they are logged with their traceback (as Django logs a 500)
    and answered with a 500 in JSON, never Django's HTML error page."""
    status_code, message, fields = _error_of(exc)
    if status_code >= 500:
        request = context.get("request")
        logger.error(
            "API error on %s", getattr(request, "path", "?"), exc_info=(type(exc), exc, None)
        )
    response = Response(error_body(status_code, message, fields), status=status_code)
    if status_code == 405:
        response["Allow"] = ", ".join(SAFE_METHODS)
    return response


class ApiView(APIView):
    """A public, read-only JSON endpoint."""

    http_method_names = ["get", "head"]

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"  # public, read-only data
        return response

    def http_method_not_allowed(self, request: Request, *args: Any, **kwargs: Any) -> None:
        raise exceptions.MethodNotAllowed(request.method)

    def paginate(self, queryset: QuerySet | Sequence[Any]) -> tuple["ApiPagination", list[Any]]:
        """The requested page of `queryset` and its paginator (for the answer's links)."""
        paginator = ApiPagination()
        return paginator, paginator.paginate_queryset(queryset, self.request, view=self)


def _positive_int(request: Request, name: str, default: int, maximum: int | None) -> int:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return default
    value = parse_int(raw, minimum=1, maximum=maximum or INT_MAX)
    if value is None:
        message = BAD_PAGE_SIZE_MESSAGE if name == "page_size" else BAD_PAGE_MESSAGE
        raise ApiError(400, message, {name: [message]})
    return value


class ApiPagination(PageNumberPagination):
    """Pages of at most MAX_PAGE_SIZE rows; a bad page or size is a 400, past the end a 404."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(
        self, queryset: Any, request: Request, view: APIView | None = None
    ) -> list[Any]:
        self.request = request
        number = _positive_int(request, "page", 1, None)
        size = _positive_int(request, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        paginator = self.django_paginator_class(queryset, size)
        if number > paginator.num_pages:
            raise ApiError(404, PAGE_OUT_OF_RANGE_MESSAGE, {"page": [PAGE_OUT_OF_RANGE_MESSAGE]})
        self.page = paginator.page(number)
        return list(self.page)

    def page_fields(self, results: list[Any]) -> dict[str, Any]:
        """The paging keys of an answer around `results` (serialized rows of this page)."""
        page = self.page
        return {
            "count": page.paginator.count,
            "next": self._page_link(page.next_page_number()) if page.has_next() else None,
            "previous": (
                self._page_link(page.previous_page_number()) if page.has_previous() else None
            ),
            "page": page.number,
            "page_size": page.paginator.per_page,
            "results": results,
        }

    def _page_link(self, number: int) -> str:
        """The request's URL with ?page=number (page 1 named explicitly, as it always was)."""
        params = self.request.query_params.copy()
        params[self.page_query_param] = str(number)
        return self.request.build_absolute_uri(f"{self.request.path}?{params.urlencode()}")

    def get_paginated_response(self, data: list[Any]) -> Response:
        return Response(self.page_fields(data))

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["count", "next", "previous", "page", "page_size", "results"],
            "properties": {
                "count": {"type": "integer"},
                "next": {"type": "string", "format": "uri", "nullable": True},
                "previous": {"type": "string", "format": "uri", "nullable": True},
                "page": {"type": "integer"},
                "page_size": {"type": "integer"},
                "results": schema,
            },
        }


View = Callable[..., HttpResponse]


def rendered(view: View) -> View:
    """`view` with its response rendered, so that the page cache can store its bytes (DRF
    renders a Response only after the view returns)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        render = getattr(response, "render", None)
        if render is not None and not getattr(response, "is_rendered", True):
            render()
        return response

    return wrapper
