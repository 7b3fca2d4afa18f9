"""Citations that never break, in real headless Chromium: a shared comparison keeps an earlier
version and offers the current one, the earlier version's page leads to 版本差异 and from there
to the changed line of each version, a withdrawn document says when and why; and the pages that
set years and 预算与决算 side by side, at desktop and phone width (screenshots/ for a person).

The versions are 002 山阴县商务局 2025 and a corrected file (消费券资金 410.00 instead of 400.00
万元, line 415); the 决算 is derived from 002 in code (tests/budgets/derived.py).
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from budgets.models import Disclosure
from tests.browser.conftest import save_screenshot
from tests.budgets.derived import corrected_version, final_from_budget

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_shared_comparison_keeps_the_old_version_and_leads_to_the_changes(
    live_server, published_samples, page
):
    jincheng, old = published_samples["000"], published_samples["002"]
    new = corrected_version()

    page.goto(f"{live_server.url}{reverse('compare')}?d={jincheng.pk}&d={old.pk}")
    headers = page.locator("#key-figures thead th").all_inner_texts()
    assert "旧版本 第1版" in headers[2]
    assert page.locator(".notice").count() == 0  # nothing silently dropped, nothing to say
    save_screenshot(page, "versions-compare-desktop")

    with page.expect_navigation():
        page.get_by_role("link", name="换成当前的第2版").click()
    assert page.url.endswith(f"?d={jincheng.pk}&d={new.pk}")

    page.goto(live_server.url + reverse("disclosure_detail", args=[old.pk]))
    notice = page.locator("#superseded-notice")
    assert "此版本已被新版本取代" in notice.inner_text()
    with page.expect_navigation():
        notice.get_by_role("link", name="查看两版差异").click()
    assert page.locator("h1").inner_text().startswith("版本差异")
    voucher = page.locator("tr", has_text="消费券资金（本年预算）")
    assert "400.00" in voucher.inner_text() and "410.00" in voucher.inner_text()
    save_screenshot(page, "versions-changes-desktop")

    with page.expect_navigation():
        voucher.locator("td").nth(2).get_by_role("link").click()  # the second version's line
    assert f"/disclosures/{new.pk}/source/" in page.url
    highlighted = page.locator(".line.hl")
    assert highlighted.count() == 1
    assert highlighted.get_attribute("id") == "L415"
    assert "410.00" in highlighted.inner_text()
    assert page.js_errors == []


def test_a_withdrawn_document_says_when_and_why(live_server, published_samples, page, phone_page):
    disclosure = published_samples["003"]
    disclosure.status = Disclosure.Status.PARSED
    disclosure.withdrawn_at = timezone.now()
    disclosure.withdrawal_reason = "表5与表1—4的支出总计不一致，待部门更正后重新发布"
    disclosure.save()

    for browser_page, name in ((page, "desktop"), (phone_page, "phone")):
        response = browser_page.goto(
            live_server.url + reverse("disclosure_detail", args=[disclosure.pk])
        )
        assert response.status == 410
        notice = browser_page.locator(".notice").inner_text()
        assert "已于" in notice and "撤回" in notice
        assert "待部门更正后重新发布" in notice
        save_screenshot(browser_page, f"versions-withdrawn-{name}")


def test_years_and_budget_against_final_at_both_widths(
    live_server, published_samples, page, phone_page
):
    shanyin = published_samples["002"]
    final_from_budget(shanyin)
    slug = shanyin.organization.slug

    for browser_page, name in ((page, "desktop"), (phone_page, "phone")):
        browser_page.goto(live_server.url + reverse("organization_detail", args=[slug]))
        trend = browser_page.locator("table.trend-table").first
        assert "文件所述" in trend.locator("thead").inner_text()
        assert "2,021.06" in trend.inner_text()
        save_screenshot(browser_page, f"years-organization-{name}")

        with browser_page.expect_navigation():
            browser_page.get_by_role("link", name="2025年：预算与决算对照（执行率）").click()
        functions = browser_page.locator("#table-execution-functions")
        assert "90.0%" in functions.inner_text()
        save_screenshot(browser_page, f"years-execution-{name}")

        browser_page.goto(live_server.url + reverse("function_trend", args=["201"]))
        browser_page.locator('[data-figure="fig-function-trend"] .main-svg').first.wait_for()
        save_screenshot(browser_page, f"years-function-trend-{name}")
        assert browser_page.js_errors == []
