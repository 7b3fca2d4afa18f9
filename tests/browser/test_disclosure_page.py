"""The citizen pages in real headless Chromium: charts draw, the sunburst drills, links land
on highlighted source lines, and each page is usable at phone width.

Screenshots of every page, at 1280 px and 375 px, go to screenshots/ (git-ignored) for a
person to look at.
"""

import pytest
from django.urls import reverse

from tests.browser.conftest import save_screenshot

HIGHLIGHT_BACKGROUND = "rgb(255, 243, 176)"  # --highlight in static/css/portal.css


@pytest.fixture
def jincheng(published_samples):
    """000: 晋城市商务局 2024 单位预算."""
    return published_samples["000"]


def sunburst_labels(page) -> list[str]:
    return page.eval_on_selector_all(
        "#chart-functional g.slice", "slices => slices.map(s => s.textContent)"
    )


def click_sector(page, label: str) -> None:
    """Click inside the sector labelled `label`: at its text, which Plotly centres in the
    sector (the centre of the sector's bounding box may lie in another sector)."""
    page.locator("#chart-functional").scroll_into_view_if_needed()
    slice_text = page.locator("#chart-functional g.slice", has_text=label).first.locator(
        "g.slicetext"
    )
    box = slice_text.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_sunburst_draws_and_drills_into_a_category_on_click(live_server, jincheng, page):
    page.goto(live_server.url + reverse("disclosure_detail", args=[jincheng.pk]))
    page.wait_for_selector("#chart-functional.js-plotly-plot svg g.slice path.surface")

    labels = sunburst_labels(page)
    assert any("一般公共服务支出" in text for text in labels)
    assert any("住房保障支出" in text for text in labels)
    assert page.evaluate("document.getElementById('chart-functional').data[0].level") in (None, "")

    click_sector(page, "一般公共服务支出")
    page.wait_for_function(
        "document.getElementById('chart-functional').data[0].level === '201'", timeout=5000
    )
    page.wait_for_timeout(900)  # the drill transition

    drilled = sunburst_labels(page)
    assert not any("住房保障支出" in text for text in drilled)  # other 类 are gone
    assert any("行政运行" in text for text in drilled)  # the 项 under 201 now show
    centre = page.evaluate(
        """() => {
            const chart = document.getElementById('chart-functional');
            const box = chart.querySelector('g.sunburstlayer').getBoundingClientRect();
            const x = box.left + box.width / 2, y = box.top + box.height / 2;
            return document.elementsFromPoint(x, y)
                .map(e => e.closest('g.slice')).filter(Boolean)[0].textContent;
        }"""
    )
    assert "一般公共服务支出" in centre  # the clicked 类 became the centre
    assert page.js_errors == []
    save_screenshot(page, "disclosure-sunburst-drilled-desktop")


def test_a_figure_link_lands_on_its_highlighted_source_line(live_server, jincheng, page):
    page.goto(live_server.url + reverse("disclosure_detail", args=[jincheng.pk]))

    page.click("#table-functional a.src[href*='lines=165-165']")  # 201 一般公共服务支出
    page.wait_for_url("**/source/?lines=165-165#L165")

    line = page.locator("#L165")
    assert "一般公共服务支出" in line.inner_text()
    assert "hl" in line.get_attribute("class")
    assert line.evaluate("e => getComputedStyle(e).backgroundColor") == HIGHLIGHT_BACKGROUND
    assert line.is_visible() and _in_viewport(page, "#L165")
    neighbour = page.locator("#L164").evaluate("e => getComputedStyle(e).backgroundColor")
    assert neighbour != HIGHLIGHT_BACKGROUND
    assert page.js_errors == []


def test_a_range_in_the_fragment_is_highlighted_by_script(live_server, jincheng, page):
    url = reverse("disclosure_source", args=[jincheng.pk])
    page.goto(f"{live_server.url}{url}#L170-L172")

    page.wait_for_selector("#L172.js-hl")
    highlighted = page.eval_on_selector_all(".line.js-hl", "lines => lines.map(l => l.id)")
    assert highlighted == ["L170", "L171", "L172"]
    assert _in_viewport(page, "#L170")


def test_project_indicators_open_on_expansion(live_server, jincheng, page):
    page.goto(live_server.url + reverse("disclosure_detail", args=[jincheng.pk]))
    row = page.locator("tr.project-row", has_text="2024年商务行业监管及重点项目推进经费")
    details = row.locator("xpath=following-sibling::tr[1]").locator("details.targets")

    assert not details.locator("table.indicators").is_visible()
    details.locator("summary").click()

    assert details.locator("table.indicators").is_visible()
    assert "印刷册数量" in details.inner_text()


def _in_viewport(page, selector: str) -> bool:
    return page.eval_on_selector(
        selector,
        "e => { const r = e.getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }",
    )


PAGES = {
    "home": lambda samples: reverse("home"),
    "organizations": lambda samples: reverse("organization_list") + "?sort=-total",
    "organization": lambda samples: reverse(
        "organization_detail", args=[samples["000"].organization.slug]
    ),
    "disclosure": lambda samples: reverse("disclosure_detail", args=[samples["000"].pk]),
    "disclosure-special-funds": lambda samples: reverse(
        "disclosure_detail", args=[samples["004"].pk]
    ),
    "checks": lambda samples: reverse("disclosure_check_list", args=[samples["001"].pk]),
    "source": lambda samples: (
        reverse("disclosure_source", args=[samples["000"].pk]) + "?lines=165-172#L165"
    ),
    "function-ranking": lambda samples: reverse("function_detail", args=["201"]),
    "compare": lambda samples: (
        reverse("compare") + "?" + "&".join(f"d={samples[p].pk}" for p in ("000", "001", "003"))
    ),
    "disclosure-xingxian": lambda samples: reverse("disclosure_detail", args=[samples["003"].pk]),
    "glossary": lambda samples: reverse("glossary"),
    "about": lambda samples: reverse("about"),
    "not-found": lambda samples: "/disclosures/999999/",
}


def test_pages_at_desktop_and_phone_width(live_server, published_samples, page, phone_page):
    """Every page loads without script errors, draws its charts, and at 375 px the page
    itself never scrolls sideways (wide tables scroll inside their container). One test for
    all pages: a live-server test reloads the samples, which takes seconds."""
    problems = []
    for name, path in PAGES.items():
        url = live_server.url + path(published_samples)
        for width, browser_page in (("desktop", page), ("phone", phone_page)):
            browser_page.js_errors.clear()
            browser_page.goto(url)
            charts = browser_page.locator("[data-figure]")
            for index in range(charts.count()):
                charts.nth(index).locator("svg.main-svg").first.wait_for()
            overflow = browser_page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                problems.append(f"{name} scrolls sideways by {overflow}px at {width} width")
            if browser_page.js_errors:
                problems.append(f"{name} at {width} width: {browser_page.js_errors}")
            save_screenshot(browser_page, f"{name}-{width}", full_page=name != "source")
    assert problems == []
