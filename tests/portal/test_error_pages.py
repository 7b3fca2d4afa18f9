"""Under DEBUG (`make run`) too, a missing page and a server error show the portal's own pages:
in Chinese, with a search box and links to the lists, never Django's technical pages."""

import pytest
from django.http import Http404, HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path

from budgets.models import Disclosure


def broken_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault in a view")


def missing_view(request: HttpRequest) -> HttpResponse:
    raise Http404("没有这个文件")


# The portal's own URLs, and two views that fail (pytest.mark.urls below).
urlpatterns = [
    path("broken/", broken_view),
    path("missing/", missing_view),
    path("", include("portal.urls")),
]


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def portal_404(response) -> bool:
    text = response.content.decode()
    return (
        response.status_code == 404
        and "找不到这个页面" in text
        and 'role="search"' in text
        and 'href="/organizations/"' in text
        and "Page not found" not in text
    )


@pytest.mark.django_db
@pytest.mark.urls(__name__)
class TestUnderDebug:
    def test_an_unknown_address_shows_the_portals_404(self, client, debug):
        assert portal_404(client.get("/no-such-page/"))

    def test_a_view_raising_not_found_shows_the_portals_404(self, client, debug):
        assert portal_404(client.get("/missing/"))

    def test_a_missing_disclosure_shows_the_portals_404(self, client, debug):
        pk = (Disclosure.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

        assert portal_404(client.get(f"/disclosures/{pk}/"))

    def test_a_server_error_shows_the_portals_500_and_logs_the_traceback(self, debug, caplog):
        response = Client(raise_request_exception=False).get("/broken/")

        text = response.content.decode()
        assert response.status_code == 500
        assert "抱歉，服务器出错了" in text and 'role="search"' in text
        assert "Traceback" not in text and "RuntimeError" not in text
        (record,) = [r for r in caplog.records if r.name == "django.request"]
        assert record.exc_info[0] is RuntimeError

    def test_api_errors_keep_their_own_answers(self, client, debug):
        response = client.get("/api/disclosures/999999999/")

        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_without_debug_django_shows_the_same_pages(client):
    assert portal_404(client.get("/no-such-page/"))
    assert portal_404(client.get("/missing/"))
