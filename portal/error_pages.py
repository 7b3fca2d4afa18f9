"""The portal's own 404 and 500 pages under DEBUG too (`make run`), not Django's technical ones.

With DEBUG on, Django answers an unknown address or a raised Http404 with its technical page
(in English, listing the URL patterns) and an uncaught exception with its debug traceback.
Visitors of a `make run` portal should meet what production shows, so under DEBUG this
middleware answers both through the error handlers production uses: the root URLconf's
handler404 and handler500 (templates/404.html and 500.html unless the URLconf names others).
The traceback of a 500 still goes to the console log, as Django logs it. With DEBUG off it
does nothing: Django itself calls those handlers.
"""

from collections.abc import Callable

from django.conf import settings
from django.core import signals
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.core.handlers.exception import get_exception_response
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import get_resolver, get_urlconf
from django.utils.log import log_response

NOT_FOUND_MESSAGE = "没有与这个地址对应的页面。"
# Exceptions Django answers with a 4xx page of its own handling: not server errors.
CLIENT_ERRORS = (PermissionDenied, BadRequest, SuspiciousOperation, MultiPartParserError)


class ErrorPagesMiddleware:
    """Under DEBUG, 404 and 500 answers are the portal's pages (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # No view was resolved: Django answered the unknown address with its technical page.
        if settings.DEBUG and response.status_code == 404 and request.resolver_match is None:
            return _not_found(request, Http404(NOT_FOUND_MESSAGE))
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not settings.DEBUG:
            return None
        if isinstance(exception, Http404):
            return _not_found(request, exception)
        # Other exceptions Django turns into 4xx answers (PermissionDenied, BadRequest …) keep
        # Django's handling; what remains is a server error.
        if isinstance(exception, CLIENT_ERRORS):
            return None
        signals.got_request_exception.send(sender=None, request=request)
        response = get_resolver(get_urlconf()).resolve_error_handler(500)(request)
        log_response(
            "%s: %s",
            response.reason_phrase,
            request.path,
            response=response,
            request=request,
            exception=exception,
        )
        return response


def _not_found(request: HttpRequest, exception: Http404) -> HttpResponse:
    return get_exception_response(request, get_resolver(get_urlconf()), 404, exception)
