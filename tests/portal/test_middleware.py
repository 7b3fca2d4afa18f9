"""portal.middleware and the security headers every answer carries (DEBUG off)."""

import base64
import hashlib
import re

import pytest
from django.test import Client

from tests.conftest import REPO_ROOT


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/search/?q=a%00b", "/compare/?d=1%00", "/functions/%00/"])
def test_a_nul_in_the_query_or_path_is_a_plain_400(url):
    response = Client().get(url)

    assert response.status_code == 400
    assert "不允许的控制字符" in response.content.decode()


@pytest.mark.django_db
def test_the_api_answers_a_nul_in_json():
    response = Client().get("/api/disclosures/?q=%00")

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "请求的地址或参数中含有不允许的控制字符。"


@pytest.mark.django_db
def test_pages_carry_csp_permissions_policy_and_no_framing(published_samples):
    response = Client().get("/")

    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_without_https_there_is_no_hsts_and_no_trusted_proxy_header(settings):
    """The test settings are those of a site without DJANGO_HTTPS / DJANGO_BEHIND_PROXY: a
    forged X-Forwarded-Proto changes nothing."""
    assert settings.SECURE_PROXY_SSL_HEADER is None
    response = Client().get("/api/", HTTP_X_FORWARDED_PROTO="https")

    assert "Strict-Transport-Security" not in response
    assert "https://" not in response.content.decode()


def test_the_policy_allows_exactly_the_styles_the_vendored_plotly_inserts(settings):
    """The hashes in PLOTLY_STYLE_HASHES are those of the <style> texts the vendored plotly.js
    bundle inserts: an empty one it fills through the CSSOM, and any stylesheet the bundle
    carries as a string literal (the full build's map library had one; the portal's partial
    bundle of bar and sunburst has none)."""
    source = (REPO_ROOT / "static" / "vendor" / "plotly-portal.min.js").read_text(encoding="utf-8")
    assert 'document.createElement("style")' in source
    stylesheets = []
    for marker in re.finditer(r'e\.id="[0-9a-f]{64}",e\.textContent=\'', source):
        end = source.index("'", marker.end())
        stylesheets.append(source[marker.end() : end])

    assert all("\\" not in text for text in stylesheets)  # literals are their own text
    expected = {style_hash(""), *(style_hash(text) for text in stylesheets)}
    assert set(settings.PLOTLY_STYLE_HASHES) == expected
    assert set(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"]) == {"'self'", *expected}


def style_hash(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
    return f"'sha256-{digest}'"
