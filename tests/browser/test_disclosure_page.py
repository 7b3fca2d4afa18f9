"""Smoke test of the browser fixtures (the disclosure page tests follow)."""

from tests.browser.conftest import save_screenshot


def test_home_page_renders_in_chromium(live_server, published_samples, page):
    page.goto(live_server.url + "/")
    assert "部门预算公开" in page.title()
    save_screenshot(page, "smoke")
