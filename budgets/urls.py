"""Public URLs of the portal. These paths are part of the contract (see issue 4)."""

from django.urls import path

from budgets.views import (
    api,
    compare,
    disclosures,
    functions,
    home,
    indicators,
    organizations,
    pages,
    search,
)

urlpatterns = [
    path("", home.home, name="home"),
    path("organizations/", organizations.organization_list, name="organization_list"),
    path(
        "organizations/<slug:slug>/", organizations.organization_detail, name="organization_detail"
    ),
    path("disclosures/<int:pk>/", disclosures.disclosure_detail, name="disclosure_detail"),
    path(
        "disclosures/<int:pk>/checks/",
        disclosures.disclosure_check_list,
        name="disclosure_check_list",
    ),
    path("disclosures/<int:pk>/source/", disclosures.disclosure_source, name="disclosure_source"),
    path(
        "disclosures/<int:pk>/page/<int:page>.png",
        disclosures.disclosure_page_image,
        name="disclosure_page_image",
    ),
    path(
        "disclosures/<int:pk>/download/",
        disclosures.disclosure_download,
        name="disclosure_download",
    ),
    path("compare/", compare.compare, name="compare"),
    path("functions/", functions.function_tree, name="function_tree"),
    path("functions/<str:code>/", functions.function_detail, name="function_detail"),
    path("indicators/", indicators.indicator_list, name="indicator_list"),
    path("search/", search.search, name="search"),
    path("glossary/", pages.glossary, name="glossary"),
    path("about/", pages.about, name="about"),
    path("api/", api.api_index, name="api_index"),
    path("api/organizations/", api.organization_list, name="api_organization_list"),
    path("api/disclosures/", api.disclosure_list, name="api_disclosure_list"),
    path("api/disclosures/<int:pk>/", api.disclosure_detail, name="api_disclosure_detail"),
    path("api/functions/<str:code>/", api.function_detail, name="api_function_detail"),
]
