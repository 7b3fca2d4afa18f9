"""Headless Chromium through the staff area: sign in, upload, watch the progress, publish.

The parse runs in a real Celery worker process (tests/ingest/test_upload_worker.py starts
it); the worker is started only after the upload, so the page is seen waiting in the queue
first and then following the run to "ready for review" by itself, without a reload.
"""

import pytest
from django.urls import reverse

from budgets.models import Disclosure
from ingest.models import IngestRun
from tests.browser.conftest import save_screenshot
from tests.ingest.test_upload_services import TEST_PASSWORD, make_staff, sample_variant
from tests.ingest.test_upload_worker import celery_broker, start_worker
from tests.portal.test_celery import stop_worker

pytestmark = pytest.mark.slow


def test_upload_progress_and_publish_in_the_browser(live_server, published_samples, page, tmp_path):
    make_staff("editor")
    original = published_samples["004"]

    # Anonymous: the staff area leads to the login page.
    page.goto(live_server.url + reverse("ingest:run_list"))
    assert "/accounts/login/" in page.url
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(live_server.url + reverse("ingest:run_list"))
    assert page.locator("h1").inner_text() == "上传与审核"

    with celery_broker(tmp_path / "broker", tmp_path / "results"):
        page.set_input_files(
            "input[type=file]",
            files=[
                {
                    "name": "阳泉专项资金-更正.txt",
                    "mimeType": "text/plain",
                    "buffer": sample_variant(),
                }
            ],
        )
        page.click("form[enctype] button[type=submit]")
        page.wait_for_url("**/manage/runs/*/")
        status = page.locator("[data-run-panel] [data-field=status_display]")
        assert status.inner_text() == "排队中"
        save_screenshot(page, "upload-queued")
        page.evaluate("window.__samePage = true")  # gone if the page reloads

        worker = start_worker(tmp_path, "browser")
        try:
            page.wait_for_function(
                "document.querySelector('[data-run-panel] [data-field=status_display]')"
                ".textContent === '待发布'",
                timeout=60_000,
            )
            publish = page.locator("form[action$='/publish/'] button")
            publish.wait_for()
            assert page.evaluate("window.__samePage") is True
            assert (
                page.locator("[data-run-panel] [data-field=progress_text]").inner_text() == "100%"
            )
            assert "发布后将取代已发布的 v1" in page.locator("[data-run-panel]").inner_text()
            assert page.locator(".source-pane li#L21").inner_text().startswith("本年度预算安排")
            save_screenshot(page, "upload-review")

            publish.click()
            page.wait_for_load_state()
            # The corrected 294 万元 no longer adds up: publishing names the new 错误 and
            # asks to confirm.
            assert "确认发布" in page.locator("h1").inner_text()
            save_screenshot(page, "upload-publish-confirm")
            page.locator("form[action$='/publish/'] button").click()
            page.wait_for_load_state()
        finally:
            stop_worker(worker.process)

    assert "已发布,公众现在可以看到。" in page.locator(".messages").inner_text()
    assert page.locator("[data-field=status_display]").first.inner_text() == "已发布"
    assert page.js_errors == []
    run = IngestRun.objects.get()
    disclosure = Disclosure.objects.get(pk=run.disclosure_id)
    assert disclosure.status == Disclosure.Status.PUBLISHED
    assert disclosure.supersedes == original
    save_screenshot(page, "upload-published")

    # The public page of the new version, which links to the version it superseded.
    page.click("text=公开页面")
    page.wait_for_url(f"**/disclosures/{disclosure.pk}/")
    page.click(f"main a[href='/disclosures/{original.pk}/'] >> nth=0")
    page.wait_for_url(f"**/disclosures/{original.pk}/")
    assert "此版本已被新版本取代" in page.locator("main").inner_text()
