"""The Content-Security-Policy holds in real Chromium: the pages with charts, the comparison
and the source viewer draw with no violation report (plotly.js included)."""

import pytest
from django.urls import reverse

VIOLATIONS_SCRIPT = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
"""


@pytest.fixture
def watched_page(policy_page):
    """A page that records every CSP violation and console error."""
    errors: list[str] = []
    policy_page.on(
        "console", lambda message: message.type == "error" and errors.append(message.text)
    )
    policy_page.add_init_script(VIOLATIONS_SCRIPT)
    policy_page.csp_errors = errors
    return policy_page


def violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations") + [
        text for text in page.csp_errors if "Content Security Policy" in text
    ]


def test_pages_with_charts_run_under_the_policy(live_server, published_samples, watched_page):
    jincheng = published_samples["000"]
    urls = [
        reverse("home"),
        reverse("search") + "?q=商务",
        reverse("indicator_list"),
        reverse("function_tree"),
        reverse("api_index"),
        reverse("disclosure_detail", args=[jincheng.pk]),
        reverse("compare") + f"?d={jincheng.pk}&d={published_samples['001'].pk}",
        reverse("function_detail", args=["201"]),
        reverse("disclosure_source", args=[jincheng.pk]) + "?lines=165",
    ]
    for url in urls:
        response = watched_page.goto(live_server.url + url)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        watched_page.wait_for_load_state("networkidle")

        assert violations(watched_page) == [], (url, watched_page.csp_errors)
    # The sunburst drew (plotly.js ran and styled it) on the disclosure page.
    watched_page.goto(live_server.url + reverse("disclosure_detail", args=[jincheng.pk]))
    watched_page.wait_for_selector("#chart-functional g.slice")
    assert violations(watched_page) == []
