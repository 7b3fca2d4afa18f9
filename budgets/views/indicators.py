"""Placeholder views, replaced by the page's implementation."""

from django.http import HttpRequest, HttpResponse


def indicator_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """Not built yet."""
    return HttpResponse("indicator_list: 建设中", status=501)
