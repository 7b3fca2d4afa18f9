"""axe-core on every page, at 1280 px and at 375 px: no violation of any of its rules.

axe-core (tests/browser/vendor/axe.min.js, vendored from the npm registry by frontend/build.mjs)
is evaluated in the page through the DevTools protocol, which the pages' Content-Security-Policy
does not govern, after the charts have drawn: Plotly's SVG is checked as a visitor meets it.
The rules are axe's defaults (WCAG 2 A and AA, and its best practices). Public pages are
visited anonymously, the staff area signed in.
"""

from pathlib import Path

import pytest
from django.urls import reverse

from budgets.models import Disclosure
from ingest.models import IngestRun
from tests.ingest.test_upload_services import TEST_PASSWORD, make_staff

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
WIDTHS = {"desktop": 1280, "phone": 375}

pytestmark = pytest.mark.slow


def public_pages(samples: dict[str, Disclosure]) -> dict[str, str]:
    """Every kind of public page, on the samples: name -> path."""
    jincheng, special_funds = samples["000"], samples["004"]
    pdf = Disclosure.objects.filter(
        status=Disclosure.Status.PUBLISHED, source_format=Disclosure.SourceFormat.PDF
    ).first()
    compared = "&".join(f"d={samples[prefix].pk}" for prefix in ("000", "001", "002"))
    pages = {
        "home": reverse("home"),
        "organizations": reverse("organization_list"),
        "organization": reverse("organization_detail", args=[jincheng.organization.slug]),
        "disclosure": reverse("disclosure_detail", args=[jincheng.pk]),
        "disclosure-special-funds": reverse("disclosure_detail", args=[special_funds.pk]),
        "checks": reverse("disclosure_check_list", args=[samples["001"].pk]),
        "source": reverse("disclosure_source", args=[jincheng.pk]) + "?lines=165-172#L165",
        "compare-empty": reverse("compare"),
        "compare": reverse("compare") + "?" + compared,
        "function-tree": reverse("function_tree"),
        "function-ranking": reverse("function_detail", args=["201"]),
        "function-unknown": reverse("function_detail", args=["999"]),
        "indicators": reverse("indicator_list") + "?q=满意度",
        "search": reverse("search") + "?q=行政运行",
        "search-empty": reverse("search"),
        "glossary": reverse("glossary"),
        "about": reverse("about"),
        "api": reverse("api_index"),
        "not-found": "/disclosures/999999/",
        "login": reverse("login"),
    }
    if pdf is not None:
        pages["disclosure-pdf"] = reverse("disclosure_detail", args=[pdf.pk])
        pages["source-pdf"] = reverse("disclosure_source", args=[pdf.pk]) + "?lines=180-182#L180"
    return pages


def staff_pages() -> dict[str, str]:
    run = IngestRun.objects.order_by("pk").first()
    pages = {
        "manage": reverse("ingest:run_list"),
        "manage-audit": reverse("ingest:audit_list"),
    }
    if run is not None:
        pages["manage-run"] = reverse("ingest:run_detail", args=[run.pk])
    return pages


def axe_violations(page) -> list[str]:
    """axe-core's violations on the page, one line each: rule, impact, where, what."""
    page.evaluate(AXE_SOURCE)
    results = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    lines = []
    for violation in results:
        for node in violation["nodes"][:5]:
            lines.append(
                f"{violation['id']} ({violation['impact']}): {node['target']} "
                f"{node['failureSummary'].splitlines()[-1].strip()}"
            )
        if len(violation["nodes"]) > 5:
            lines.append(f"{violation['id']}: … {len(violation['nodes'])} elements in all")
    return lines


def wait_for_charts(page) -> None:
    charts = page.locator("[data-figure]")
    for index in range(charts.count()):
        charts.nth(index).locator("svg.main-svg").first.wait_for()


def check_pages(chromium, base_url: str, pages: dict[str, str], *, sign_in: bool = False):
    problems = []
    for width_name, width in WIDTHS.items():
        context = chromium.new_context(
            viewport={"width": width, "height": 900}, locale="zh-CN", bypass_csp=False
        )
        context.set_default_timeout(20_000)
        page = context.new_page()
        if sign_in:
            page.goto(base_url + reverse("login"))
            page.fill("input[name=username]", "axe")
            page.fill("input[name=password]", TEST_PASSWORD)
            page.click("main form button[type=submit]")
            page.wait_for_load_state()
        for name, path in pages.items():
            page.goto(base_url + path)
            wait_for_charts(page)
            problems += [f"{name} at {width_name}: {line}" for line in axe_violations(page)]
        context.close()
    return problems


def test_public_pages_have_no_axe_violations(live_server, published_samples, chromium):
    problems = check_pages(chromium, live_server.url, public_pages(published_samples))

    assert not problems, "\n".join(problems)


def test_staff_pages_have_no_axe_violations(live_server, published_samples, chromium):
    make_staff("axe")

    problems = check_pages(chromium, live_server.url, staff_pages(), sign_in=True)

    assert not problems, "\n".join(problems)
