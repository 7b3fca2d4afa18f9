"""A scanned PDF uploaded at /manage/: read by OCR in the worker (eager here), its doubtful
figures on the review page and, once published, in its validation report, each beside the
page image cropped around its cell. And the web processes never load the OCR engine."""

import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ingest.limits import parse_budget
from ingest.models import IngestRun
from ingest.services import _page_progress, disclosure_parse, parse_budget_for
from ingest.tasks import HARD_TIME_LIMIT_S, SOFT_TIME_LIMIT_S, task_time_limits
from tests.conftest import REPO_ROOT
from tests.ingest.formats.scans import scanned, smudged_scan
from tests.ingest.test_upload_services import make_staff

OFFICE = REPO_ROOT / "samples" / "disclosures" / "sh-putuo-office-2025-department.pdf"


def test_time_limits_grow_with_the_pages(settings):
    settings.OCR_SECONDS_PER_PAGE = 60
    assert task_time_limits(pages=0) == {
        "soft_time_limit": SOFT_TIME_LIMIT_S,
        "time_limit": HARD_TIME_LIMIT_S,
    }
    fifty = task_time_limits(pages=50)
    assert fifty["soft_time_limit"] == SOFT_TIME_LIMIT_S + 3000
    assert fifty["time_limit"] > fifty["soft_time_limit"]


def test_pages_are_reported_as_progress():
    heard = []
    report = _page_progress(lambda progress, stage: heard.append((progress, stage)))
    report(1, 4, True)
    report(2, 4, True)
    report(3, 4, False)  # a text page within a second of the last report: not repeated
    report(4, 4, False)
    assert heard == [
        (25, "读取第 1/4 页(文字识别)"),
        (30, "读取第 2/4 页(文字识别)"),
        (40, "读取第 4/4 页"),
    ]


def test_a_pdf_gets_the_ocr_memory_budget_while_ocr_is_on(settings):
    settings.INGEST_PARSE_MEMORY_MB = 1024
    settings.OCR_PARSE_MEMORY_MB = 3072
    settings.OCR_ENABLED = True
    assert parse_budget_for(OFFICE.read_bytes()).memory_bytes == 3072 * 1024 * 1024
    assert parse_budget_for("2025年部门预算".encode()) == parse_budget()
    settings.OCR_ENABLED = False
    assert parse_budget_for(OFFICE.read_bytes()) == parse_budget()


def test_a_scan_is_read_in_the_bounded_child_its_pages_reaching_the_caller(settings):
    """The parse's child gets the memory ONNX Runtime needs (a text parse's budget is too
    small for it) and time for each page OCR reads beyond the parse's own few seconds."""
    settings.INGEST_PARSE_MEMORY_MB = 256
    settings.INGEST_PARSE_SECONDS = 2
    settings.OCR_SECONDS_PER_PAGE = 120
    scan = scanned(OFFICE.read_bytes(), [8], degrees=(0.6,))  # 财务收支预算总表
    heard = []

    raw, parsed = disclosure_parse(
        data=scan, filename="扫描件.pdf", on_stage=lambda progress, stage: heard.append(stage)
    )

    assert "读取第 1/1 页(文字识别)" in heard
    assert raw.confidence
    assert parsed["tables"]


@pytest.fixture(scope="module")
def smudged():
    return smudged_scan(OFFICE.read_bytes())


@pytest.mark.django_db
def test_scan_uploaded_is_read_and_its_doubtful_figure_shown_with_its_image(
    smudged, django_capture_on_commit_callbacks
):
    data, _ = smudged
    client = Client()
    client.force_login(make_staff())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("ingest:upload"),
            {"files": [SimpleUploadedFile("扫描件.pdf", data, content_type="application/pdf")]},
        )
    run = IngestRun.objects.get()
    assert run.status == IngestRun.Status.READY, run.error
    assert run.progress == 100
    marks = run.disclosure.parsed["low_confidence"]
    assert marks

    page = client.get(reverse("ingest:run_detail", args=[run.pk])).content.decode()
    assert "可能识别有误" in page
    image_url = reverse("ingest:run_page_image", args=[run.pk, marks[0]["page"]])
    assert f'src="{image_url}?box=' in page
    box = ",".join(str(value) for value in marks[0]["box"])
    cropped = client.get(f"{image_url}?box={box}")
    whole = client.get(image_url)
    assert cropped["Content-Type"] == "image/png"
    assert 0 < len(cropped.content) < len(whole.content)

    client.post(reverse("ingest:publish", args=[run.pk]), {"confirmed": "1"})  # its 错误 seen
    public = Client().get(reverse("disclosure_detail", args=[run.disclosure_id])).content.decode()
    assert "提示：可能识别有误" in public
    public_image = reverse("disclosure_page_image", args=[run.disclosure_id, marks[0]["page"]])
    assert f'src="{public_image}?box=' in public
    assert Client().get(f"{public_image}?box={box}")["Content-Type"] == "image/png"
    assert Client().get(f"{public_image}?box=1,2,x,4").status_code == 200  # ignored, whole page


def test_web_processes_never_load_the_ocr_engine():
    """Importing every URL's view and drawing a scanned page's image (with a cell cropped)
    loads neither rapidocr nor ONNX Runtime nor OpenCV."""
    script = f"""
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
os.environ["DJANGO_DEBUG"] = "1"
import django
django.setup()
from django.urls import get_resolver
import portal.wsgi
for pattern in get_resolver().url_patterns:
    pass
import budgets.views.disclosures, ingest.views
from ingest.formats.pdf import render_page_png, crop_png
png = render_page_png(open({str(REPO_ROOT / "tests/fixtures/formats/scan.pdf")!r}, "rb").read(), 1)
crop_png(png, (40.0, 40.0, 200.0, 80.0))
loaded = sorted(name for name in ("rapidocr", "onnxruntime", "cv2") if name in sys.modules)
print("loaded:", loaded)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip().endswith("loaded: []"), done.stdout + done.stderr
