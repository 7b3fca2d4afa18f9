"""Placeholder views, replaced by the page's implementation."""

from django.http import HttpRequest, HttpResponse


def api_index(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """Not built yet."""
    return HttpResponse("api_index: 建设中", status=501)


def organization_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """Not built yet."""
    return HttpResponse("organization_list: 建设中", status=501)


def disclosure_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """Not built yet."""
    return HttpResponse("disclosure_list: 建设中", status=501)


def disclosure_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """Not built yet."""
    return HttpResponse("disclosure_detail: 建设中", status=501)


def function_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """Not built yet."""
    return HttpResponse("function_detail: 建设中", status=501)
