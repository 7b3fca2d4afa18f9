"""Placeholder views, replaced by the page's implementation."""

from django.http import HttpRequest, HttpResponse


def organization_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """Not built yet."""
    return HttpResponse("organization_list: 建设中", status=501)


def organization_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """Not built yet."""
    return HttpResponse("organization_detail: 建设中", status=501)
