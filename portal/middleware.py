"""Middleware of the portal: requests no view should see, headers every answer carries.

- :class:`RequestGuardMiddleware` refuses (400, in plain Chinese; JSON under /api/) a request
  whose path or query string holds NUL or another control character: PostgreSQL refuses NUL
  in text, so such a value would otherwise end in a server error wherever it reached a query.
- :class:`PermissionsPolicyMiddleware` sends ``Permissions-Policy``: the portal uses no
  camera, microphone, location or payment, and says so (``PERMISSIONS_POLICY`` in settings).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string

from portal.params import has_control_characters

MESSAGE_CONTROL_CHARACTERS = "请求的地址或参数中含有不允许的控制字符。"


class RequestGuardMiddleware:
    """Answer 400 to a path or query parameter with control characters, before any view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _is_hostile(request):
            return bad_request(request, MESSAGE_CONTROL_CHARACTERS)
        return self.get_response(request)


def _is_hostile(request: HttpRequest) -> bool:
    if has_control_characters(request.path_info):
        return True
    return any(
        has_control_characters(key) or any(has_control_characters(v) for v in values)
        for key, values in request.GET.lists()
    )


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    """A 400 answer: JSON for the API (as its other errors), the plain page elsewhere."""
    if request.path_info.startswith("/api/"):
        error = {"error": {"status": 400, "message": message, "fields": {}}}
        return JsonResponse(error, status=400, json_dumps_params={"ensure_ascii": False})
    return HttpResponseBadRequest(render_to_string("400.html", {"message": message}, request))


class PermissionsPolicyMiddleware:
    """Send the ``Permissions-Policy`` of settings on every answer that has none."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response
