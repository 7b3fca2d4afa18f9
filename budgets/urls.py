"""Public URLs of the portal. These paths are part of the contract (see issue 4).

Anonymous responses are cached (budgets/page_cache.py): a disclosure's own pages per
document freshness, the pages that read many disclosures per public version and time.
The original file and the page images are not: the one is a file, the others carry ETags.
"""

from django.urls import include, path

from budgets.page_cache import cached_document_page as per_document
from budgets.page_cache import cached_public_page as public
from budgets.views import (
    compare,
    disclosures,
    exports,
    functions,
    home,
    indicators,
    organizations,
    pages,
    search,
)

urlpatterns = [
    path("", public(home.home), name="home"),
    path("organizations/", public(organizations.organization_list), name="organization_list"),
    path(
        "organizations/<slug:slug>/",
        public(organizations.organization_detail),
        name="organization_detail",
    ),
    path(
        "disclosures/<int:pk>/",
        per_document(disclosures.disclosure_detail),
        name="disclosure_detail",
    ),
    path(
        "disclosures/<int:pk>/checks/",
        per_document(disclosures.disclosure_check_list),
        name="disclosure_check_list",
    ),
    path(
        "disclosures/<int:pk>/source/",
        per_document(disclosures.disclosure_source),
        name="disclosure_source",
    ),
    path(
        "disclosures/<int:pk>/page/<int:page>.png",
        disclosures.disclosure_page_image,
        name="disclosure_page_image",
    ),
    path(
        "disclosures/<int:pk>/tables.xlsx",
        per_document(exports.disclosure_tables),
        name="disclosure_tables_export",
    ),
    path("downloads/figures.csv", exports.published_figures, name="published_figures_export"),
    path(
        "disclosures/<int:pk>/download/",
        disclosures.disclosure_download,
        name="disclosure_download",
    ),
    path("compare/", public(compare.compare), name="compare"),
    path("functions/", public(functions.function_tree), name="function_tree"),
    path("functions/<str:code>/", public(functions.function_detail), name="function_detail"),
    path("indicators/", public(indicators.indicator_list), name="indicator_list"),
    path("search/", public(search.search), name="search"),
    path("glossary/", public(pages.glossary), name="glossary"),
    path("about/", pages.about, name="about"),
    path("api/", include("budgets.api_urls")),
]
