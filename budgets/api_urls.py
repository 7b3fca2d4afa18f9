"""URLs of the JSON API, included under /api/ by budgets/urls.py.

Anonymous answers go through the page cache (budgets/page_cache.py) like the pages: a
disclosure's own answers per document freshness, the others per public version and time.
Any other address under /api/ is a JSON 404.
"""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from budgets.api_base import rendered
from budgets.page_cache import cached_document_page as per_document
from budgets.page_cache import cached_public_page as public
from budgets.views import api


def public_api(view: api.ApiView) -> object:
    return public(rendered(view.as_view()))


urlpatterns = [
    path("", api.api_index, name="api_index"),
    path("openapi.json", public(rendered(SpectacularJSONAPIView.as_view())), name="api_schema"),
    path("regions/", public_api(api.RegionList), name="api_region_list"),
    path("organizations/", public_api(api.OrganizationList), name="api_organization_list"),
    path("disclosures/", public_api(api.DisclosureList), name="api_disclosure_list"),
    path(
        "disclosures/<int:pk>/",
        per_document(rendered(api.DisclosureDetail.as_view())),
        name="api_disclosure_detail",
    ),
    path(
        "disclosures/<int:pk>/document/",
        per_document(rendered(api.DisclosureDocument.as_view())),
        name="api_disclosure_document",
    ),
    path("functions/", public_api(api.FunctionTree), name="api_function_tree"),
    path("functions/<str:code>/", public_api(api.FunctionDetail), name="api_function_detail"),
    path("compare/", public_api(api.Compare), name="api_compare"),
    path("indicators/", public_api(api.IndicatorList), name="api_indicator_list"),
    path("search/", public_api(api.Search), name="api_search"),
    re_path(r"^.*$", api.NotFound.as_view(), name="api_not_found"),
]
