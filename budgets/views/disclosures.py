"""Placeholder views, replaced by the page's implementation."""

from django.http import HttpRequest, HttpResponse


def disclosure_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """Not built yet."""
    return HttpResponse("disclosure_detail: 建设中", status=501)


def disclosure_source(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """Not built yet."""
    return HttpResponse("disclosure_source: 建设中", status=501)


def disclosure_download(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """Not built yet."""
    return HttpResponse("disclosure_download: 建设中", status=501)
