"""The staff side of the review: the 检查表 to print and to download, and publishing with 错误.

The upload is sample 004 with its first project's budget changed from 293 to 294 万元
(tests.ingest.test_upload_services.sample_variant): the project no longer adds up to the
document's total, a 错误 the published 004 does not have.
"""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from budgets.models import Disclosure
from ingest.models import IngestRun
from tests.ingest.test_upload_services import make_staff, sample_variant
from tests.ingest.test_upload_views import logged_in, text_file, upload


@pytest.fixture
def editor(db):
    return make_staff()


@pytest.fixture
def ready_run(editor, published_samples, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(logged_in(editor), text_file(sample_variant()))
    run = IngestRun.objects.get()
    assert run.status == IngestRun.Status.READY, run.error
    return run


def status_of(run: IngestRun) -> str:
    return Disclosure.objects.get(pk=run.disclosure_id).status


def test_publishing_new_errors_asks_first_and_names_them(ready_run, editor):
    client = logged_in(editor)

    response = client.post(reverse("ingest:publish", args=[ready_run.pk]))

    assert response.status_code == 200
    assert status_of(ready_run) == "parsed"  # nothing changed yet
    html = response.content.decode()
    assert "确认发布" in html and 'name="confirmed"' in html
    [new] = response.context["new_errors"]
    assert new.primary.check_name == "project_total:special_funds"
    assert new.title in html and "项目支出表与绩效目标表、情况说明不一致" in new.title

    confirmed = client.post(reverse("ingest:publish", args=[ready_run.pk]), {"confirmed": "1"})

    assert confirmed.status_code == 302
    assert status_of(ready_run) == "published"


def test_the_run_page_warns_of_new_errors_before_publishing(ready_run, editor):
    html = logged_in(editor).get(reverse("ingest:run_detail", args=[ready_run.pk])).content.decode()
    assert "发布时将请您确认" in html
    assert reverse("ingest:review_print", args=[ready_run.pk]) in html
    assert reverse("ingest:review_xlsx", args=[ready_run.pk]) in html


def test_errors_the_published_version_already_had_are_not_new(
    ready_run, editor, django_capture_on_commit_callbacks
):
    """A second correction (296 万元) repeats the first's 错误: once the first is published,
    publishing the second asks nothing."""
    client = logged_in(editor)
    client.post(reverse("ingest:publish", args=[ready_run.pk]), {"confirmed": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, text_file(sample_variant(296), "again.txt"))
    second = IngestRun.objects.exclude(pk=ready_run.pk).get()

    response = client.post(reverse("ingest:publish", args=[second.pk]))

    assert response.status_code == 302
    assert status_of(second) == "published"


def test_the_printable_inspection_sheet(ready_run, editor):
    response = logged_in(editor).get(reverse("ingest:review_print", args=[ready_run.pk]))

    html = response.content.decode()
    assert "公开情况检查表" in html
    assert '<th scope="col">是否符合</th>' in html and '<th scope="col">问题说明</th>' in html
    rows = response.context["rows"]
    assert any(row.part == "数据准确性" and row.conforms == "否" for row in rows)
    first_error = next(row for row in rows if row.part == "数据准确性")
    assert f'#L{first_error.line_start}"' in html
    assert "js/print_page.js" in html and "onclick" not in html


def test_the_inspection_sheet_as_xlsx(ready_run, editor):
    response = logged_in(editor).get(reverse("ingest:review_xlsx", args=[ready_run.pk]))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value.endswith("公开情况检查表")
    assert [cell.value for cell in sheet[4]] == [
        "序号",
        "检查内容",
        "检查项",
        "是否符合",
        "问题说明",
        "性质",
        "出处",
    ]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=5)]
    errors = [row for row in rows if row[1] == "数据准确性"]
    assert errors and all(row[3] == "否" for row in errors)
    linked = next(row for row in sheet.iter_rows(min_row=5) if row[1].value == "数据准确性")
    assert "#L" in linked[6].hyperlink.target


def test_the_review_downloads_need_the_staff_permissions(ready_run, db):
    outsider = logged_in(make_staff("outsider", permissions=()))
    assert outsider.get(reverse("ingest:review_xlsx", args=[ready_run.pk])).status_code == 403
    assert outsider.get(reverse("ingest:review_print", args=[ready_run.pk])).status_code == 403
