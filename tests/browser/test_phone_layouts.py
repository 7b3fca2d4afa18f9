"""At 375 px: wide tables keep the name of each row in view while their amounts scroll, the
amounts of the organization list show without scrolling, and the PDF source viewer shows the
cited page beside (above) the highlighted line instead of thousands of pixels away."""

from django.urls import reverse

from budgets.models import Disclosure, FunctionalLine
from tests.browser.conftest import PHONE_VIEWPORT, save_screenshot


def right_edge(page, selector: str) -> float:
    return page.eval_on_selector(selector, "e => e.getBoundingClientRect().right")


def scroll_table_to_the_end(page) -> None:
    """Bring the table's first rows into the window, then scroll the table to its last column."""
    page.eval_on_selector(
        ".table-container:has(table)",
        """area => {
            window.scrollTo(0, area.getBoundingClientRect().top + window.scrollY - 80);
            area.scrollLeft = area.scrollWidth;
        }""",
    )


def row_header_stays_in_view(page) -> bool:
    """After the table scrolled to its end, the first row's name still starts at the left
    edge of the scrolling area and is the element seen there."""
    return page.evaluate(
        """() => {
            const area = document.querySelector('.table-container:has(table)');
            const name = area.querySelector('tbody :is(th[scope=row], td.row-header)');
            const box = name.getBoundingClientRect(), edge = area.getBoundingClientRect().left;
            const seen = document.elementFromPoint(box.left + 4, box.top + box.height / 2);
            return Math.abs(box.left - edge) < 2 && name.contains(seen);
        }"""
    )


def test_phone_layouts(live_server, published_samples, phone_page):
    page = phone_page

    page.goto(live_server.url + reverse("organization_list"))
    total_header = "table.data thead th:has(a[title*='支出总计'])"
    assert right_edge(page, total_header) <= PHONE_VIEWPORT["width"]
    assert page.locator("table.data thead th", has_text="地区").is_hidden()
    scroll_table_to_the_end(page)
    assert row_header_stays_in_view(page)
    assert page.get_attribute(".table-container:has(table)", "tabindex") == "0"
    save_screenshot(page, "phone-organizations-scrolled", full_page=False)

    page.goto(live_server.url + reverse("function_detail", args=["201"]))
    scroll_table_to_the_end(page)
    assert row_header_stays_in_view(page)
    save_screenshot(page, "phone-function-ranking-scrolled", full_page=False)

    line = (
        FunctionalLine.objects.filter(
            disclosure__status=Disclosure.Status.PUBLISHED,
            disclosure__source_format=Disclosure.SourceFormat.PDF,
        )
        .order_by("disclosure_id", "position")
        .first()
    )
    source = reverse("disclosure_source", args=[line.disclosure_id])
    page.goto(f"{live_server.url}{source}?lines={line.line_start}-{line.line_start}")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # the script scrolls once the page has loaded
    image = page.locator("#source-page-near img")
    highlighted = page.locator(f"#L{line.line_start}")
    assert image.is_visible() and page.locator("#source-page img").is_hidden()
    image_box, line_box = image.bounding_box(), highlighted.bounding_box()
    assert 0 <= image_box["y"] < line_box["y"] < PHONE_VIEWPORT["height"]
    save_screenshot(page, "phone-source-pdf", full_page=False)
