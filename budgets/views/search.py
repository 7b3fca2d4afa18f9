"""Placeholder views, replaced by the page's implementation."""

from django.http import HttpRequest, HttpResponse


def search(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """Not built yet."""
    return HttpResponse("search: 建设中", status=501)
