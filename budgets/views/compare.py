"""Placeholder views, replaced by the page's implementation."""

from django.http import HttpRequest, HttpResponse


def compare(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """Not built yet."""
    return HttpResponse("compare: 建设中", status=501)
