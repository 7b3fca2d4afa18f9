"""Placeholder views, replaced by the page's implementation."""

from django.http import HttpRequest, HttpResponse


def glossary(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """Not built yet."""
    return HttpResponse("glossary: 建设中", status=501)


def about(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """Not built yet."""
    return HttpResponse("about: 建设中", status=501)
