"""The glossary (名词解释 from every published document) and the about page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from budgets.selectors.pages import check_kind_counts, glossary_entries


def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "budgets/glossary.html", {"entries": glossary_entries()})


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "budgets/about.html", {"check_kinds": check_kind_counts()})
