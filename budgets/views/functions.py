"""Placeholder views, replaced by the page's implementation."""

from django.http import HttpRequest, HttpResponse


def function_tree(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """Not built yet."""
    return HttpResponse("function_tree: 建设中", status=501)


def function_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """Not built yet."""
    return HttpResponse("function_detail: 建设中", status=501)
