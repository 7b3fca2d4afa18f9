"""Charts agree with the tables beside them, in real Chromium: every sector of the sunburst
prints the figure the table prints for its row, and where rows do not add up both mark the
same gap (issue 14, item 1).

Read from the drawn page: the sector's text and id as Plotly drew them, the table's cells as
the visitor sees them.
"""

from decimal import Decimal

from django.urls import reverse

from budgets.models import FunctionalLine
from tests.browser.conftest import save_screenshot

EXCESS_MARK = "※"


def drawn_sectors(page) -> dict[str, str]:
    """Sector id -> the text Plotly drew in it (label and amount)."""
    page.wait_for_selector("#chart-functional g.slice path.surface")
    return dict(
        page.eval_on_selector_all(
            "#chart-functional g.slice",
            "slices => slices.map(s => [s.__data__.data.data.id, s.textContent])",
        )
    )


def sector_amounts(page) -> dict[str, str]:
    """Sector id -> the amount the figure gives it (hover and label), for every sector,
    drawn or too small to label."""
    return page.evaluate(
        """() => {
            const trace = document.getElementById('chart-functional').data[0];
            return Object.fromEntries(trace.ids.map((id, i) => [id, trace.customdata[i][0]]));
        }"""
    )


def table_amounts(page) -> dict[str, str]:
    """Code -> the 合计 cell of the functional table ("total" for its 合计 row)."""
    return dict(
        page.eval_on_selector_all(
            "#table-functional tbody tr:not(.remainder)",
            """rows => rows.map(row => [
                row.classList.contains('table-total') ? 'total' : row.cells[0].textContent.trim(),
                row.cells[2].textContent.trim(),
            ])""",
        )
    )


def assert_chart_agrees_with_table(page) -> None:
    table = table_amounts(page)
    amounts = sector_amounts(page)
    drawn = drawn_sectors(page)
    lines = {code for code in amounts if "/" not in code}  # remainders have ids "<parent>/…"
    assert lines <= set(table)
    for code in lines:
        assert amounts[code].removesuffix(f" {EXCESS_MARK}") == table[code], code
    for code, text in drawn.items():
        if code in lines:
            assert amounts[code] in text, (code, text)


def test_the_sunburst_prints_the_tables_figures_and_marks_the_same_gaps(
    live_server, published_samples, page
):
    """兴县 2023: the table's 合计 is 517.47 and 20805's items add up to 9.27 where it says 9.26.
    The sunburst used to say 517.48 and 208 = 9.27."""
    xingxian = published_samples["003"]
    page.goto(live_server.url + reverse("disclosure_detail", args=[xingxian.pk]))

    assert_chart_agrees_with_table(page)
    drawn = drawn_sectors(page)
    assert "517.47" in drawn["total"] and "9.26" in drawn["208"]
    assert sector_amounts(page)["20805"] == f"9.26 {EXCESS_MARK}"
    row = page.locator("#table-functional tr.has-gap", has_text="20805")
    assert EXCESS_MARK in row.inner_text()
    assert "下级科目合计 9.27 万元，比本级多 0.01 万元" in row.inner_text()
    assert page.locator("#table-functional tr.table-total").inner_text().count("517.47") == 1
    save_screenshot(page, "chart-agreement-xingxian-desktop")


def test_an_excess_and_a_remainder_after_a_corrected_version(
    live_server, published_samples, page, phone_page
):
    """山阴县商务局 as its v2 read: 20113 says 499.39 where 201 says 489.39 and 20113's items
    still add up to 489.39. The chart keeps 489.39 on 201, marked, and shows 20113's 10.00 as
    未列明; the table says the same."""
    shanyin = published_samples["002"]
    FunctionalLine.objects.filter(disclosure=shanyin, code="20113").update(
        total=Decimal("4993900.00")
    )
    url = live_server.url + reverse("disclosure_detail", args=[shanyin.pk])

    for browser_page, width in ((page, "desktop"), (phone_page, "phone")):
        browser_page.goto(url)
        assert_chart_agrees_with_table(browser_page)
        amounts = sector_amounts(browser_page)
        assert amounts["total"] == "2,272.82"
        assert amounts["201"] == f"489.39 {EXCESS_MARK}"
        assert amounts["20113"] == "499.39"
        assert amounts["20113/未列明"] == "10.00"
        remainder = browser_page.locator("#table-functional tr.remainder", has_text="20113")
        assert "10.00" in remainder.inner_text()
        excess = browser_page.locator("#table-functional tr.has-gap", has_text="一般公共服务支出")
        assert "比本级多 10.00 万元" in excess.inner_text()
        assert browser_page.locator(".gap-legend").is_visible()
        assert browser_page.js_errors == []
        save_screenshot(browser_page, f"chart-agreement-shanyin-v2-{width}")
