"""The staff area's pages: permissions, uploading with limits, live status, review and audit.

Parses run eagerly here (the on-commit callbacks are executed in the test); the real worker
process is exercised in test_upload_worker.py and the browser in tests/browser/test_upload.py.
"""

import io
import json

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from budgets.models import Disclosure, Organization
from fuzz.hostile import merge_bomb_xlsx
from ingest.models import AuditEvent, IngestRun
from ingest.services import MESSAGE_BINARY, MESSAGE_EMPTY
from tests.conftest import REPO_ROOT
from tests.ingest.test_upload_services import (
    SAMPLE_004,
    TEST_PASSWORD,
    make_staff,
    sample_variant,
    stored_files,
)

LIST_URL = reverse("ingest:run_list")
UPLOAD_URL = reverse("ingest:upload")


def logged_in(user, **client_options) -> Client:
    client = Client(**client_options)
    client.force_login(user)
    return client


def upload(client, *files):
    return client.post(UPLOAD_URL, {"files": list(files)})


def text_file(data: bytes, name: str = "阳泉专项资金.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/plain")


def message_texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def editor(db):
    return make_staff()


# Publishing a document whose review has new 错误 takes a confirmation.
CONFIRMED = {"confirmed": "1"}


@pytest.fixture
def ready_run(editor, published_samples, django_capture_on_commit_callbacks):
    client = logged_in(editor)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, text_file(sample_variant()))
    run = IngestRun.objects.get()
    assert run.status == IngestRun.Status.READY, run.error
    return run


class TestPermissions:
    def pages(self, run_id: int = 1) -> list[str]:
        return [
            LIST_URL,
            reverse("ingest:audit_list"),
            reverse("ingest:run_detail", args=[run_id]),
            reverse("ingest:run_status", args=[run_id]),
        ]

    def test_anonymous_users_are_sent_to_the_login_page(self, db):
        client = Client()
        for url in self.pages():
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"] == f"{reverse('login')}?next={url}"
        response = client.post(UPLOAD_URL, {"files": [text_file(b"x")]})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert not IngestRun.objects.exists()

    @pytest.mark.parametrize(
        ("is_staff", "permissions"),
        [
            (False, ("upload_disclosure", "publish_disclosure")),  # not staff
            (True, ()),  # staff without the permissions
        ],
    )
    def test_signed_in_users_without_the_permission_get_403(self, ready_run, is_staff, permissions):
        client = logged_in(make_staff("someone", is_staff=is_staff, permissions=permissions))
        for url in self.pages(ready_run.pk):
            assert client.get(url).status_code == 403, url
        assert upload(client, text_file(b"x")).status_code == 403
        response = client.post(reverse("ingest:publish", args=[ready_run.pk]))
        assert response.status_code == 403
        assert Disclosure.objects.get(pk=ready_run.disclosure_id).status == "parsed"

    def test_staff_with_the_permission_see_the_pages(self, ready_run, editor):
        client = logged_in(editor)
        for url in self.pages(ready_run.pk):
            assert client.get(url).status_code == 200, url

    def test_uploading_and_publishing_are_separate_permissions(self, ready_run):
        uploader = logged_in(make_staff("uploader", permissions=("upload_disclosure",)))
        publisher = logged_in(make_staff("publisher", permissions=("publish_disclosure",)))

        assert uploader.post(reverse("ingest:publish", args=[ready_run.pk])).status_code == 403
        assert upload(publisher, text_file(b"x")).status_code == 403
        assert publisher.get(LIST_URL).status_code == 200
        # The corrected copy's 294 万元 disagrees with its total: publishing asks to confirm.
        response = publisher.post(reverse("ingest:publish", args=[ready_run.pk]), CONFIRMED)
        assert response.status_code == 302
        assert Disclosure.objects.get(pk=ready_run.disclosure_id).status == "published"

    def test_the_login_page_signs_staff_in_and_leads_to_manage(self, editor):
        client = Client(enforce_csrf_checks=True)
        page = client.get(reverse("login") + "?next=/manage/")
        assert page.status_code == 200
        assert "工作人员登录" in page.content.decode()
        token = page.context["csrf_token"]

        response = client.post(
            reverse("login"),
            {
                "username": "editor",
                "password": TEST_PASSWORD,
                "next": "/manage/",
                "csrfmiddlewaretoken": str(token),
            },
        )

        assert response.status_code == 302
        assert response["Location"] == "/manage/"
        assert client.get("/manage/").status_code == 200

    def test_review_actions_accept_only_post(self, ready_run, editor):
        client = logged_in(editor)
        for name in ("publish", "unpublish", "discard", "restore", "retry", "identity"):
            assert client.get(reverse(f"ingest:{name}", args=[ready_run.pk])).status_code == 405

    def test_an_unknown_run_is_404(self, editor):
        assert logged_in(editor).get(reverse("ingest:run_detail", args=[999999])).status_code == 404


class TestUpload:
    def test_one_file_is_stored_queued_and_its_page_shown(
        self, editor, published_samples, django_capture_on_commit_callbacks
    ):
        client = logged_in(editor)
        with django_capture_on_commit_callbacks() as callbacks:
            response = upload(client, text_file(sample_variant()))

        run = IngestRun.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("ingest:run_detail", args=[run.pk])
        assert run.status == IngestRun.Status.QUEUED
        assert run.created_by == editor
        assert len(callbacks) == 1
        page = client.get(response["Location"]).content.decode()
        assert "排队中" in page
        assert 'data-run-status-url="' in page
        assert '<meta http-equiv="refresh"' in page  # inside <noscript>: the page without JS
        assert "upload_progress.js" in page

    def test_several_files_at_once_each_get_their_own_answer(
        self, editor, published_samples, django_capture_on_commit_callbacks
    ):
        client = logged_in(editor)
        with django_capture_on_commit_callbacks(execute=True):
            response = upload(
                client,
                text_file(sample_variant(), "correction.txt"),
                text_file(SAMPLE_004.read_bytes(), "original.txt"),
                text_file(b"", "empty.txt"),
                text_file(b"\x00\x01\x02binary\x00" * 50, "binary.txt"),
            )

        assert response.status_code == 302
        assert response["Location"] == LIST_URL
        texts = message_texts(response)
        assert any(t.startswith("correction.txt:已上传") for t in texts)
        assert any(t.startswith("original.txt:此文件已导入过") for t in texts)
        assert f"empty.txt:{MESSAGE_EMPTY}" in texts
        assert f"binary.txt:{MESSAGE_BINARY}" in texts
        assert set(IngestRun.objects.values_list("original_filename", "status")) == {
            ("correction.txt", "ready"),
            ("original.txt", "published"),
        }

    def test_a_reupload_of_the_same_file_leads_to_the_existing_run(self, ready_run, editor):
        client = logged_in(editor)
        response = upload(client, text_file(sample_variant(), "same-again.txt"))

        assert response["Location"] == reverse("ingest:run_detail", args=[ready_run.pk])
        assert any("内容相同,未重复解析" in t for t in message_texts(response))
        assert IngestRun.objects.count() == 1

    @override_settings(UPLOAD_MAX_BYTES=1000)
    def test_a_file_over_the_limit_is_dropped_while_it_streams_in(self, editor, monkeypatch):
        """The upload handler skips the file past the limit: it never reaches the form."""
        from ingest import views

        seen = []
        original = views.upload_create
        monkeypatch.setattr(
            views,
            "upload_create",
            lambda *, file, actor: seen.append(file.name) or original(file=file, actor=actor),
        )
        files_before = stored_files()
        client = logged_in(editor)

        response = upload(client, text_file(b"a\tb\n" * 2000, "big.txt"))

        assert response.status_code == 302
        assert message_texts(response) == [
            "big.txt:文件大小超过上限 1000\xa0字节,未保存。The file is larger than 1000\xa0字节."
        ]
        assert seen == []
        assert not IngestRun.objects.exists()
        assert stored_files() == files_before

    @pytest.mark.parametrize(
        ("limit", "big_lines"),
        [
            (1000, 2000),  # a small request: Django keeps its files in memory
            (1_000_000, 800_000),  # over FILE_UPLOAD_MAX_MEMORY_SIZE: temporary files
        ],
    )
    def test_files_under_the_limit_in_the_same_upload_are_kept(
        self, editor, django_capture_on_commit_callbacks, settings, limit, big_lines
    ):
        settings.UPLOAD_MAX_BYTES = limit
        client = logged_in(editor)
        with django_capture_on_commit_callbacks():
            response = upload(
                client,
                text_file(b"a\tb\n" * 100, "small.txt"),
                text_file(b"a\tb\n" * big_lines, "big.txt"),
                text_file(b"c\td\n" * 100, "small2.txt"),
            )

        texts = message_texts(response)
        assert any(t.startswith("big.txt:文件大小超过上限") for t in texts)
        assert set(IngestRun.objects.values_list("original_filename", flat=True)) == {
            "small.txt",
            "small2.txt",
        }
        for run in IngestRun.objects.all():
            with run.source_file.open("rb") as stored:
                assert stored.read() in (b"a\tb\n" * 100, b"c\td\n" * 100)

    def test_a_type_not_allowed_is_refused_by_name_before_its_content_is_kept(self, editor):
        response = upload(logged_in(editor), text_file(b"\xd0\xcf\x11\xe0 ...", "budget.ppt"))

        assert any(
            t.startswith("budget.ppt:不支持的文件类型“.ppt”") for t in message_texts(response)
        )
        assert not IngestRun.objects.exists()

    @override_settings(UPLOAD_MAX_BYTES=1000, UPLOAD_MAX_FILES=1)
    def test_a_request_larger_than_any_allowed_upload_is_refused_unread(self, editor):
        response = upload(logged_in(editor), text_file(b"x" * 200_000, "huge.txt"))

        assert response.status_code == 413
        assert "上传内容过大" in response.content.decode()
        assert not IngestRun.objects.exists()

    @override_settings(UPLOAD_MAX_FILES=2)
    def test_files_past_the_count_limit_are_refused(
        self, editor, django_capture_on_commit_callbacks
    ):
        client = logged_in(editor)
        with django_capture_on_commit_callbacks():
            response = upload(
                client, *(text_file(f"{i}\tx\n".encode(), f"f{i}.txt") for i in range(3))
            )

        assert IngestRun.objects.count() == 2
        assert any(t.startswith("f2.txt:一次最多上传 2 个文件") for t in message_texts(response))

    def test_an_upload_without_files_says_so(self, editor):
        response = logged_in(editor).post(UPLOAD_URL, {})
        assert message_texts(response) == ["请选择要上传的文件。Choose at least one file."]

    def test_every_form_needs_the_csrf_token(self, ready_run, editor):
        client = logged_in(editor, enforce_csrf_checks=True)

        assert upload(client, text_file(sample_variant(299))).status_code == 403
        assert client.post(reverse("ingest:publish", args=[ready_run.pk])).status_code == 403
        assert not IngestRun.objects.exclude(pk=ready_run.pk).exists()
        assert Disclosure.objects.get(pk=ready_run.disclosure_id).status == "parsed"

        page = client.get(reverse("ingest:run_detail", args=[ready_run.pk]))
        token = str(page.context["csrf_token"])
        assert page.content.decode().count('name="csrfmiddlewaretoken"') >= 4
        response = client.post(
            reverse("ingest:publish", args=[ready_run.pk]),
            {"csrfmiddlewaretoken": token, **CONFIRMED},
        )
        assert response.status_code == 302
        assert Disclosure.objects.get(pk=ready_run.disclosure_id).status == "published"


class TestStatusAndReview:
    def test_the_status_endpoint_reports_state_progress_and_error(self, ready_run, editor):
        response = logged_in(editor).get(reverse("ingest:run_status", args=[ready_run.pk]))

        assert response["Content-Type"] == "application/json"
        assert "no-cache" in response["Cache-Control"]
        data = json.loads(response.content)
        assert data == {
            "id": ready_run.pk,
            "status": "ready",
            "status_display": "待发布",
            "progress": 100,
            "stage": "完成",
            "error": "",
            "is_active": False,
            "disclosure_id": ready_run.disclosure_id,
            "detail_url": reverse("ingest:run_detail", args=[ready_run.pk]),
        }

    def test_the_status_endpoint_fails_a_run_whose_worker_died(self, ready_run, editor):
        import socket

        from tests.ingest.test_upload_services import dead_pid

        IngestRun.objects.filter(pk=ready_run.pk).update(
            status="parsing", worker=f"{socket.gethostname()}:{dead_pid()}"
        )
        data = logged_in(editor).get(reverse("ingest:run_status", args=[ready_run.pk])).json()

        assert data["status"] == "failed"
        assert "后台进程中途退出" in data["error"]

    def test_the_review_shows_identity_checks_tables_and_source(self, ready_run, editor):
        page = logged_in(editor).get(reverse("ingest:run_detail", args=[ready_run.pk]))
        html = page.content.decode()

        assert "阳泉市商务局" in html
        assert "专项资金" in html
        assert "错误 <strong>" in html
        # A failing check of the changed figure, by its Chinese name and never its id.
        assert "各专项资金项目之和与文件所列总额" in html and "project_total" not in html
        assert "贸易统计奖励专项资金" in html  # a parsed project
        assert 'id="L21"' in html and "批复该项目预算 294 万元" in html  # the source, numbered
        assert 'href="#L' in html
        assert "发布后将取代已发布的 v1" in html
        for action in ("publish", "discard", "identity"):
            assert reverse(f"ingest:{action}", args=[ready_run.pk]) in html

    def test_publish_then_unpublish_through_the_buttons(self, ready_run, editor, published_samples):
        client = logged_in(editor)
        disclosure_url = reverse("disclosure_detail", args=[ready_run.disclosure_id])
        assert Client().get(disclosure_url).status_code == 404  # not public before publishing

        response = client.post(reverse("ingest:publish", args=[ready_run.pk]), CONFIRMED)

        assert response.status_code == 302
        new = Disclosure.objects.get(pk=ready_run.disclosure_id)
        assert new.status == "published"
        assert new.supersedes == published_samples["004"]
        public = Client().get(disclosure_url)
        assert public.status_code == 200
        old_url = reverse("disclosure_detail", args=[published_samples["004"].pk])
        assert f'href="{old_url}"' in public.content.decode()  # the superseded version
        assert Client().get(old_url).status_code == 200  # stays reachable

        refused = client.post(reverse("ingest:unpublish", args=[ready_run.pk]), follow=True)
        assert "请填写撤回原因。" in message_texts(refused)
        assert Disclosure.objects.get(pk=new.pk).status == "published"

        client.post(reverse("ingest:unpublish", args=[ready_run.pk]), {"reason": "数字有误"})

        assert Disclosure.objects.get(pk=new.pk).status == "parsed"
        withdrawn = Client().get(disclosure_url)
        assert withdrawn.status_code == 410  # not a bare 404: the link was public
        assert "已撤回" in withdrawn.content.decode()
        assert "数字有误" in withdrawn.content.decode()

    def test_the_source_form_records_where_the_department_published(
        self, ready_run, editor, published_samples
    ):
        client = logged_in(editor)
        url = "https://www.yq.gov.cn/zwgk/2022/zxzj.html"

        page = client.get(reverse("ingest:run_detail", args=[ready_run.pk])).content.decode()
        assert reverse("ingest:source", args=[ready_run.pk]) in page
        bad = client.post(
            reverse("ingest:source", args=[ready_run.pk]),
            {"source_url": "not a url", "published_on": "2022-13-40"},
            follow=True,
        )
        assert len(message_texts(bad)) == 2  # one line for each field
        client.post(
            reverse("ingest:source", args=[ready_run.pk]),
            {"source_url": url, "published_on": "2022-03-01"},
        )
        client.post(reverse("ingest:publish", args=[ready_run.pk]), CONFIRMED)

        public = Client().get(reverse("disclosure_detail", args=[ready_run.disclosure_id]))
        text = public.content.decode()
        assert f'href="{url}"' in text
        assert "2022年3月1日公开" in text

    def test_attaching_to_an_existing_organization_through_the_form(
        self, editor, published_samples, django_capture_on_commit_callbacks
    ):
        existing = published_samples["004"].organization
        client = logged_in(editor)
        with django_capture_on_commit_callbacks(execute=True):
            upload(client, text_file(sample_variant(295, entity="阳泉市商务粮食局")))
        run = IngestRun.objects.get()

        response = client.post(
            reverse("ingest:identity", args=[run.pk]),
            {"organization": existing.pk, "fiscal_year": 2022, "kind": "special_funds"},
        )

        assert any(
            t.startswith("已修改:单位 阳泉市商务粮食局 → 阳泉市商务局")
            for t in message_texts(response)
        )
        existing.refresh_from_db()
        assert "阳泉市商务粮食局" in existing.aliases
        assert not Organization.objects.filter(name="阳泉市商务粮食局").exists()

    def test_a_failed_run_offers_retry_which_queues_it_again(
        self, editor, django_capture_on_commit_callbacks
    ):
        client = logged_in(editor)
        with django_capture_on_commit_callbacks(execute=True):
            upload(client, text_file("会议通知\n明天开会。\n".encode(), "notice.txt"))
        run = IngestRun.objects.get()
        page = client.get(reverse("ingest:run_detail", args=[run.pk])).content.decode()
        assert "失败" in page and "不是预算公开文件" in page
        assert reverse("ingest:retry", args=[run.pk]) in page

        with django_capture_on_commit_callbacks() as callbacks:
            client.post(reverse("ingest:retry", args=[run.pk]))

        run.refresh_from_db()
        assert (run.status, run.attempt) == ("queued", 2)
        assert len(callbacks) == 1

    def test_the_audit_trail_says_who_did_what_and_when(self, ready_run, editor):
        client = logged_in(editor)
        client.post(reverse("ingest:publish", args=[ready_run.pk]), CONFIRMED)
        client.post(reverse("ingest:unpublish", args=[ready_run.pk]), {"reason": "数字有误"})
        client.post(reverse("ingest:discard", args=[ready_run.pk]))

        html = client.get(reverse("ingest:audit_list")).content.decode()

        for action in ("上传", "发布", "撤回发布", "弃用"):
            assert f"<td>{action}</td>" in html
        assert html.count("<td>editor</td>") >= 4
        assert AuditEvent.objects.filter(actor=editor).count() >= 4

    def test_the_list_shows_uploads_with_their_status(self, ready_run, editor):
        html = logged_in(editor).get(LIST_URL).content.decode()

        assert "阳泉专项资金.txt" in html
        assert "待发布" in html
        assert 'enctype="multipart/form-data"' in html
        assert "multiple" in html
        assert "20.0\xa0MB" in html


class TestNoDefaultAccount:
    def test_make_run_creates_no_account(self, db):
        """`make run` migrates and loads the samples; neither creates a user (README: the
        first administrator comes from createsuperuser)."""
        call_command("load_samples", stdout=io.StringIO())

        assert not User.objects.exists()
        run_steps = (REPO_ROOT / "Makefile").read_text() + (
            REPO_ROOT / "portal" / "devserver.py"
        ).read_text()
        for word in ("createsuperuser", "create_user", "create_superuser", "SUPERUSER_PASSWORD"):
            assert word not in run_steps
        assert "createsuperuser" in (REPO_ROOT / "README.md").read_text()


class TestHostileUploads:
    """Issue 15 through the upload page: the run's page shows the parse's one-line message."""

    def test_a_merge_bomb_fails_its_run_with_the_message_and_stores_no_figures(
        self, editor, published_samples, django_capture_on_commit_callbacks
    ):
        client = logged_in(editor)
        disclosures = Disclosure.objects.count()
        with django_capture_on_commit_callbacks(execute=True):
            response = upload(
                client,
                SimpleUploadedFile("merge.xlsx", merge_bomb_xlsx(), "application/octet-stream"),
            )

        run = IngestRun.objects.get()
        assert run.status == IngestRun.Status.FAILED
        assert run.error.startswith("工作表“01 文字”的合并单元格 C1:XFD1048576 超出")
        page = client.get(response["Location"]).content.decode()
        assert "合并单元格 C1:XFD1048576 超出 20000 行、200 列的上限" in page
        assert Disclosure.objects.count() == disclosures

    def test_a_right_to_left_override_in_a_file_name_is_not_kept(
        self, editor, published_samples, django_capture_on_commit_callbacks
    ):
        """ "预算‮xslx.txt" would show as "预算txt.xlsx"."""
        client = logged_in(editor)
        with django_capture_on_commit_callbacks(execute=True):
            upload(client, text_file(sample_variant(), "预算\u202excod\u200b.txt"))

        run = IngestRun.objects.get()
        assert run.original_filename == "预算xcod.txt"
        page = client.get(reverse("ingest:run_detail", args=[run.pk])).content.decode()
        assert "\u202e" not in page

    def test_a_file_name_over_a_kilobyte_gets_a_message_not_a_bare_400(self, editor):
        """Django reads at most 1 KB of a part's headers: such a request is unreadable."""
        client = logged_in(editor)
        name = "预" * 400 + ".txt"  # 1.2 KB in UTF-8 (a SimpleUploadedFile would cut it short)
        body = (
            "--BOUNDARY\r\n"
            f'Content-Disposition: form-data; name="files"; filename="{name}"\r\n'
            "Content-Type: text/plain\r\n\r\n2024\r\n--BOUNDARY--\r\n"
        ).encode()

        response = client.post(
            UPLOAD_URL, data=body, content_type="multipart/form-data; boundary=BOUNDARY"
        )

        assert response.status_code == 302
        assert "文件名过长" in message_texts(response)[0]
        assert IngestRun.objects.count() == 0
