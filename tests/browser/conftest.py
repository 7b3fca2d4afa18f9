"""Browser fixtures: Debian's headless Chromium driven by Playwright against `live_server`.

Playwright never downloads a browser here: it launches /usr/bin/chromium (Debian's package,
with fonts-noto-cjk for the Chinese text). Without that binary every test in tests/browser is
skipped, with the reason saying so.

live_server tests are transactional: pytest-django flushes the tables after each, so a test
loads its data through the `published_samples` fixture, which ingests the samples again when
they are missing. Use it as

    def test_x(live_server, published_samples, page):
        page.goto(live_server.url + "/")
        save_screenshot(page, "home-desktop")

`page` is 1280 px wide; `phone_page` is 375 px wide (an iPhone SE-sized phone).
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM_PATH = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS_DIR = Path(__file__).resolve().parents[2] / "screenshots"  # git-ignored
DESKTOP_VIEWPORT = {"width": 1280, "height": 900}
PHONE_VIEWPORT = {"width": 375, "height": 812}
MISSING_CHROMIUM_REASON = f"{CHROMIUM_PATH} is missing: install Debian's chromium package"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives Debian's headless Chromium through Playwright (slow)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test of this folder `browser`, and skip them all when Chromium is missing."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM_PATH.exists():
                item.add_marker(pytest.mark.skip(reason=MISSING_CHROMIUM_REASON))


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """One headless Chromium for the whole session (a Playwright `Browser`)."""
    from playwright.sync_api import sync_playwright  # imported here: only browser tests need it

    # Playwright's sync API keeps an asyncio loop running in this thread, which makes Django
    # refuse ORM calls from fixtures and tests ("async context"); the ORM is still used
    # synchronously, one call at a time, so the check does not apply.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _new_page(
    chromium: object, viewport: dict[str, int], *, bypass_csp: bool = True
) -> Iterator[object]:
    # Playwright's wait_for_function polls with eval, which the portal's Content-Security-
    # Policy forbids; tests of behaviour bypass the policy, tests/browser/
    # test_content_security_policy.py checks it with a page that does not (policy_page).
    context = chromium.new_context(
        viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai", bypass_csp=bypass_csp
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors  # tests may assert that no script failed
    yield page
    context.close()


@pytest.fixture
def page(chromium: object) -> Iterator[object]:
    """A fresh desktop-sized page (1280×900) with its own cookies."""
    yield from _new_page(chromium, DESKTOP_VIEWPORT)


@pytest.fixture
def policy_page(chromium: object) -> Iterator[object]:
    """A desktop-sized page under the portal's Content-Security-Policy, as a visitor's is."""
    yield from _new_page(chromium, DESKTOP_VIEWPORT, bypass_csp=False)


@pytest.fixture
def phone_page(chromium: object) -> Iterator[object]:
    """A fresh phone-sized page (375×812)."""
    yield from _new_page(chromium, PHONE_VIEWPORT)


def save_screenshot(page: object, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG as screenshots/<name>.png (git-ignored) and return its path.

    Full-page by default; pass full_page=False for very long pages (a source text of
    thousands of lines), which Chromium cannot capture whole within the timeout.
    """
    SCREENSHOTS_DIR.mkdir(exist_ok=True)
    path = SCREENSHOTS_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
