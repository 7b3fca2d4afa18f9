"""The journalist pages in real headless Chromium: the comparison picker, and screenshots.

Screenshots go to screenshots/ (git-ignored), desktop and phone width, for a person to look
at; the assertions check what a reader would see.
"""

import pytest
from django.urls import reverse, reverse_lazy

from budgets.models import Disclosure
from tests.browser.conftest import save_screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def pick(page, text):
    """Type into the picker's search box; Enter adds the first matching disclosure."""
    page.fill("#picker-filter", text)
    with page.expect_navigation():
        page.press("#picker-filter", "Enter")


def test_build_a_comparison_with_the_picker(live_server, published_samples, page):
    jincheng, shanyin = published_samples["000"], published_samples["002"]
    page.goto(live_server.url + reverse("compare"))
    assert page.locator(".notice").inner_text().startswith("请至少选择 2 份")

    pick(page, "晋城市商务局")
    assert f"d={jincheng.pk}" in page.url
    assert page.locator("ol.picked li").count() == 1

    pick(page, "山阴县")
    assert page.url.endswith(f"?d={jincheng.pk}&d={shanyin.pk}")

    table = page.locator("#key-figures table")
    headers = table.locator("thead th").all_inner_texts()
    assert "晋城市商务局" in headers[1]
    assert "山阴县商务局" in headers[2]
    total_row = table.locator("tbody tr").first.inner_text()
    assert "2,373.00" in total_row
    assert "2,272.82" in total_row

    chart = page.locator('[data-figure="fig-compare-functions"]')
    chart.locator(".main-svg").first.wait_for()
    assert chart.locator(".bars .point").count() >= 9  # 5 类 × 2 disclosures, less the gaps
    save_screenshot(page, "compare-desktop")

    page.locator(".updatemenu-button", has_text="占支出总计").click()
    page.wait_for_function(
        "() => document.querySelector('[data-figure=\"fig-compare-functions\"]')"
        ".layout.xaxis.ticksuffix === '%'"
    )
    assert page.js_errors == []


def test_picker_works_without_javascript(live_server, published_samples, chromium):
    context = chromium.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("compare"))
        page.select_option("#picker-select", str(published_samples["001"].pk))
        with page.expect_navigation():
            page.click("#compare-picker button[type=submit]")
        page.select_option("#picker-select", str(published_samples["003"].pk))
        with page.expect_navigation():
            page.click("#compare-picker button[type=submit]")

        # 项目, the two documents, and the change column
        assert page.locator("#key-figures thead th").count() == 4
        with page.expect_navigation():  # removing is a link: wait for the new page
            page.locator("ol.picked li").first.locator("a.remove").click()
        assert page.locator("ol.picked li").count() == 1

        # Narrow the list by name with the 查找 form, then add the one match.
        page.fill("#picker-filter", "山阴")
        with page.expect_navigation():
            page.click("#compare-filter button[type=submit]")
        assert page.locator("#picker-select option[value]:not([value=''])").count() == 1
        page.select_option("#picker-select", str(published_samples["002"].pk))
        with page.expect_navigation():
            page.click("#compare-picker button[type=submit]")
        assert page.locator("ol.picked li").count() == 2
        assert page.locator("#key-figures thead th").count() == 4
    finally:
        context.close()


def test_picker_searches_the_server_when_the_list_has_no_match(
    live_server, published_samples, page
):
    jincheng = published_samples["000"]
    page.goto(f"{live_server.url}{reverse('compare')}?d={jincheng.pk}")

    pick(page, "没有这个单位")  # no option matches: Enter asks the server, which finds none

    assert "name=" in page.url
    assert "没有符合条件的已发布文件" in page.locator(".picker-empty").inner_text()
    assert page.locator("ol.picked li").count() == 1  # the selection stays
    with page.expect_navigation():
        page.get_by_role("link", name="清除条件，显示全部文件").click()
    others = Disclosure.objects.filter(status=Disclosure.Status.PUBLISHED).count() - 1
    assert page.locator("#picker-select option[value]:not([value=''])").count() == others
    assert page.js_errors == []


def test_compare_at_phone_width(live_server, published_samples, phone_page):
    ids = "&".join(f"d={published_samples[k].pk}" for k in ("000", "001", "002"))
    phone_page.goto(f"{live_server.url}{reverse('compare')}?{ids}")
    phone_page.locator('[data-figure="fig-compare-functions"] .main-svg').first.wait_for()

    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1  # wide tables scroll inside their container, not the page
    save_screenshot(phone_page, "compare-phone")


PAGES = {
    "functions": reverse_lazy("function_tree"),
    "function-2011301": reverse_lazy("function_detail", args=["2011301"]),
    "search": f"{reverse_lazy('search')}?q=商务",
    "indicators": f"{reverse_lazy('indicator_list')}?q=满意度",
    "api": reverse_lazy("api_index"),
}


@pytest.mark.parametrize("name", PAGES)
def test_journalist_pages_fit_desktop_and_phone(
    live_server, published_samples, page, phone_page, name
):
    url = f"{live_server.url}{PAGES[name]}"
    for browser_page, size in ((page, "desktop"), (phone_page, "phone")):
        browser_page.goto(url)
        if browser_page.locator("[data-figure]").count():
            browser_page.locator("[data-figure] .main-svg").first.wait_for()
        width = browser_page.evaluate("document.documentElement.scrollWidth")
        viewport = browser_page.viewport_size["width"]
        assert width <= viewport + 1, f"{name} overflows the {size} viewport: {width}px"
        save_screenshot(browser_page, f"{name}-{size}")
        assert browser_page.js_errors == []


def test_function_ranking_chart_shows_both_organizations(live_server, published_samples, page):
    # The newest year's budgets: 2025's 一般公共服务支出 of 001 and 002 (one year, one basis).
    page.goto(live_server.url + reverse("function_detail", args=["201"]))
    chart = page.locator('[data-figure="fig-function-ranking"]')
    chart.locator(".main-svg").first.wait_for()

    labels = chart.locator(".ytick text").all_text_contents()
    assert any("晋城市工业和信息化局" in label for label in labels)
    assert any("山阴县商务局" in label for label in labels)
    assert "1,051.79" in page.locator("table.data").first.inner_text()


def test_search_from_the_header_finds_a_project_fragment(live_server, published_samples, page):
    page.goto(live_server.url + reverse("function_tree"))
    page.fill("#site-search-q", "道口")
    with page.expect_navigation():
        page.press("#site-search-q", "Enter")

    assert "铁路道口安全管理专项经费" in page.locator("#group-projects").inner_text()
    assert page.locator("#group-projects mark").first.inner_text() == "道口"
