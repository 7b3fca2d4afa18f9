"""The review in real headless Chromium: a marked sentence leads to its finding, the
transparency index is usable at phone width."""

from django.urls import reverse

from tests.browser.conftest import save_screenshot


def test_the_mark_beside_a_wrong_percentage_leads_to_its_finding(
    live_server, published_samples, page
):
    """002 line 489: the 机关运行经费 sentence with 48.51% is marked; its mark opens the 错误."""
    disclosure = published_samples["002"]
    page.goto(live_server.url + reverse("disclosure_detail", args=[disclosure.pk]))

    quote = page.locator("mark.review-quote-error").first
    assert "48.51%" in quote.inner_text()
    page.locator("#narrative a.review-mark").first.click()

    finding = page.locator(".finding:target")
    finding.wait_for()
    assert "增减百分比（机关运行经费）" in finding.inner_text()
    assert finding.is_visible()
    assert page.js_errors == []
    save_screenshot(page, "review-finding", full_page=False)


def test_the_transparency_index_fits_a_phone(live_server, published_samples, phone_page):
    phone_page.goto(live_server.url + reverse("transparency_index"))

    assert phone_page.locator("h1").inner_text() == "预算公开透明度排名"
    body_width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert body_width <= 375 + 1  # the table scrolls inside its container, not the page
    save_screenshot(phone_page, "transparency-phone")
