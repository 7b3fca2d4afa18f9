"""Upload services of the staff area: storing, deduplicating, parsing, reviewing, failing.

The test database holds the five samples, published; uploads here are variants of sample 004
(阳泉市商务局, 2022, 专项资金) derived in code, or the sample itself to check that a known
file is recognized. Queued parses run eagerly through the on-commit callbacks.
"""

import os
import re
import socket
import subprocess
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from budgets.models import Disclosure, FunctionalLine, Organization, ValidationCheck
from ingest import services
from ingest.models import AuditEvent, IngestRun
from ingest.services import (
    MESSAGE_BINARY,
    MESSAGE_EMPTY,
    MESSAGE_INTERNAL,
    MESSAGE_WORKER_LOST,
    UPLOAD_DUPLICATE,
    UPLOAD_KNOWN_DISCLOSURE,
    UPLOAD_QUEUED,
    ReviewError,
    UploadError,
    disclosure_identity_update,
    ingest_run_execute,
    ingest_runs_fail_stale,
    run_discard,
    run_publish,
    run_restore,
    run_retry,
    run_unpublish,
    upload_create,
)
from tests.conftest import REPO_ROOT, SAMPLES_DIR

SAMPLE_004 = SAMPLES_DIR / "004_5acf4c560691a46e.txt"
SAMPLE_004_FIGURE = "批复该项目预算 293 万元"
SAMPLE_004_ENTITY = "阳泉市商务局"
TEST_PASSWORD = "a-password-only-tests-use-7391"


def sample_variant(amount: int = 294, entity: str | None = None) -> bytes:
    """Sample 004 with the first project's budget changed (and its organization renamed)."""
    text = SAMPLE_004.read_text(encoding="utf-8")
    assert SAMPLE_004_FIGURE in text
    text = text.replace(SAMPLE_004_FIGURE, f"批复该项目预算 {amount} 万元")
    if entity:
        text = text.replace(SAMPLE_004_ENTITY, entity)
    return text.encode("utf-8")


def uploaded(data: bytes, name: str = "阳泉专项资金.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/plain")


def make_staff(
    username: str = "editor",
    *,
    permissions: tuple[str, ...] = ("upload_disclosure", "publish_disclosure"),
    is_staff: bool = True,
) -> User:
    """A user who may (by default) upload and publish in /manage/."""
    user = User.objects.create_user(username, password=TEST_PASSWORD, is_staff=is_staff)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="ingest", codename__in=permissions)
    )
    return user


def sample_004() -> Disclosure:
    return Disclosure.objects.get(
        sha256=services.hashlib.sha256(SAMPLE_004.read_bytes()).hexdigest()
    )


def stored_files() -> set[str]:
    """Every file under MEDIA_ROOT, to check that a refused upload left nothing behind."""
    root = Path(django_settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def dead_pid() -> int:
    """The id of a process that has exited (and been reaped)."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


@pytest.fixture
def editor(db):
    return make_staff()


@pytest.fixture
def ready_run(editor, published_samples, django_capture_on_commit_callbacks):
    """An uploaded, parsed corrected version of sample 004, waiting for review."""
    with django_capture_on_commit_callbacks(execute=True):
        outcome = upload_create(file=uploaded(sample_variant()), actor=editor)
    run = IngestRun.objects.get(pk=outcome.run.pk)
    assert run.status == IngestRun.Status.READY, run.error
    return run


class TestUploadCreate:
    def test_stores_the_file_under_a_generated_name_and_queues_its_parse(
        self, editor, published_samples, django_capture_on_commit_callbacks
    ):
        data = sample_variant()
        with django_capture_on_commit_callbacks() as callbacks:
            outcome = upload_create(file=uploaded(data, "../../某 文件;rm -rf.TXT"), actor=editor)

        run = outcome.run
        assert outcome.outcome == UPLOAD_QUEUED
        assert run.status == IngestRun.Status.QUEUED
        assert run.sha256 == services.hashlib.sha256(data).hexdigest()
        assert run.original_filename == "某 文件;rm -rf.TXT"
        assert re.fullmatch(r"uploads/\d{4}/\d{2}/[0-9a-f]{32}\.txt", run.source_file.name)
        with run.source_file.open("rb") as stored:
            assert stored.read() == data
        assert len(callbacks) == 1
        assert AuditEvent.objects.filter(
            action=AuditEvent.Action.UPLOAD, actor=editor, run=run
        ).exists()

    def test_the_queued_parse_reaches_ready_with_progress_and_stores_an_unpublished_version(
        self, editor, published_samples, django_capture_on_commit_callbacks, monkeypatch
    ):
        progress = []
        original = services._run_update
        monkeypatch.setattr(
            services,
            "_run_update",
            lambda run, **fields: (
                progress.append(fields.get("progress")) or original(run, **fields)
            ),
        )
        with django_capture_on_commit_callbacks(execute=True):
            outcome = upload_create(file=uploaded(sample_variant()), actor=editor)

        run = IngestRun.objects.get(pk=outcome.run.pk)
        assert run.status == IngestRun.Status.READY
        assert run.progress == 100
        assert [p for p in progress if p is not None] == sorted(p for p in progress if p)
        disclosure = run.disclosure
        assert disclosure.status == Disclosure.Status.PARSED
        assert disclosure.organization == published_samples["004"].organization
        assert disclosure.version == 2
        assert published_samples["004"].status == Disclosure.Status.PUBLISHED
        assert run.issues  # the changed figure no longer adds up

    def test_the_same_file_again_leads_to_the_existing_run_without_parsing(
        self, ready_run, editor, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks() as callbacks:
            outcome = upload_create(file=uploaded(sample_variant(), "again.txt"), actor=editor)

        assert outcome.outcome == UPLOAD_DUPLICATE
        assert outcome.run == ready_run
        assert callbacks == []
        assert IngestRun.objects.filter(sha256=ready_run.sha256).count() == 1
        assert AuditEvent.objects.filter(action=AuditEvent.Action.UPLOAD_DUPLICATE).count() == 1

    def test_a_file_ingested_before_gets_a_run_for_its_disclosure_without_parsing(
        self, editor, published_samples, django_capture_on_commit_callbacks
    ):
        sample = published_samples["004"]
        with django_capture_on_commit_callbacks() as callbacks:
            outcome = upload_create(file=uploaded(SAMPLE_004.read_bytes()), actor=editor)

        assert outcome.outcome == UPLOAD_KNOWN_DISCLOSURE
        assert outcome.run.disclosure == sample
        assert outcome.run.status == IngestRun.Status.PUBLISHED
        assert outcome.run.source_file.name == sample.source_file.name  # not stored twice
        assert callbacks == []
        assert Disclosure.objects.filter(organization=sample.organization).count() == 1

    @pytest.mark.parametrize(
        ("name", "data", "message"),
        [
            ("empty.txt", b"", MESSAGE_EMPTY),
            ("blank.txt", b" \r\n\t\n", MESSAGE_EMPTY),
            ("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", MESSAGE_BINARY),
            ("table.txt", b"PK\x03\x04" + bytes(range(256)) * 4, MESSAGE_BINARY),
            (
                "random.txt",
                os.urandom(4096).replace(b"\x00", b"") + b"\x00\x01\x02",
                MESSAGE_BINARY,
            ),
        ],
    )
    def test_empty_and_binary_files_are_refused_and_nothing_is_stored(
        self, editor, name, data, message
    ):
        files_before = stored_files()
        with pytest.raises(UploadError) as refused:
            upload_create(file=uploaded(data, name), actor=editor)

        assert str(refused.value) == message
        assert not IngestRun.objects.exists()
        assert stored_files() == files_before

    @pytest.mark.parametrize(
        "name", ["budget.ppt", "budget.doc", "budget.exe", "budget", ".txt.sh"]
    )
    def test_types_not_allowed_are_refused(self, editor, name):
        files_before = stored_files()
        with pytest.raises(UploadError, match="不支持的文件类型"):
            upload_create(file=uploaded(b"text", name), actor=editor)
        assert not IngestRun.objects.exists()
        assert stored_files() == files_before

    @override_settings(UPLOAD_MAX_BYTES=1000)
    def test_a_file_over_the_size_limit_is_refused(self, editor):
        files_before = stored_files()
        with pytest.raises(UploadError, match="文件大小超过上限 1000"):
            upload_create(file=uploaded(b"x" * 1001), actor=editor)
        assert not IngestRun.objects.exists()
        assert stored_files() == files_before

    @pytest.mark.parametrize("name", ["004.pdf", "004.docx", "004.xlsx"])
    def test_pdf_word_and_excel_files_are_parsed_too(
        self, editor, published_samples, django_capture_on_commit_callbacks, name
    ):
        data = (REPO_ROOT / "tests" / "fixtures" / "formats" / name).read_bytes()
        with django_capture_on_commit_callbacks(execute=True):
            outcome = upload_create(file=uploaded(data, name), actor=editor)

        run = IngestRun.objects.get(pk=outcome.run.pk)
        assert run.status == IngestRun.Status.READY, run.error
        assert run.disclosure.organization == published_samples["004"].organization
        assert run.source_file.name.endswith(name[3:])

    @override_settings(UPLOAD_ALLOWED_EXTENSIONS=[".txt", ".pdf"])
    def test_an_allowed_binary_type_must_be_that_format(
        self, editor, django_capture_on_commit_callbacks
    ):
        """For when PDF extraction lands: a .pdf must start like a PDF, a .txt must be text."""
        with django_capture_on_commit_callbacks():
            outcome = upload_create(file=uploaded(b"%PDF-1.7\n\x00\x01", "a.pdf"), actor=editor)
        assert outcome.is_new
        with pytest.raises(UploadError, match=r"文件内容与扩展名“\.pdf”不符"):
            upload_create(file=uploaded("收支总表\n".encode(), "b.pdf"), actor=editor)
        with pytest.raises(UploadError) as refused:
            upload_create(file=uploaded(b"%PDF-1.7\n\x00\x01\x02", "c.txt"), actor=editor)
        assert str(refused.value) == MESSAGE_BINARY

    @override_settings(UPLOAD_ALLOWED_EXTENSIONS=[".txt", ".csv"])
    def test_the_allowed_types_are_a_setting(self, editor, django_capture_on_commit_callbacks):
        outcome = upload_create(file=uploaded(sample_variant(), "table.CSV"), actor=editor)
        assert outcome.run.source_file.name.endswith(".csv")


class TestWorkerExecution:
    def test_a_file_that_is_no_disclosure_fails_in_plain_words(
        self, editor, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            outcome = upload_create(file=uploaded("会议通知\n明天开会。\n".encode()), actor=editor)

        run = IngestRun.objects.get(pk=outcome.run.pk)
        assert run.status == IngestRun.Status.FAILED
        # The parser's own one-line reason, in Chinese and English; never a traceback.
        assert "预算公开" in run.error
        assert "\n" not in run.error
        assert "Traceback" not in run.error
        assert run.disclosure is None
        assert AuditEvent.objects.filter(action=AuditEvent.Action.FAIL, run=run).exists()

    def test_a_crash_while_storing_leaves_no_partial_figures(
        self, editor, published_samples, django_capture_on_commit_callbacks, monkeypatch
    ):
        """The figures are written in one transaction: a crash half-way stores none of them."""
        from ingest import persistence

        def crash(self):
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(persistence._Writer, "write_checks", crash)
        lines_before = FunctionalLine.objects.count()
        data = sample_variant()
        with django_capture_on_commit_callbacks(execute=True):
            outcome = upload_create(file=uploaded(data), actor=editor)

        run = IngestRun.objects.get(pk=outcome.run.pk)
        assert run.status == IngestRun.Status.FAILED
        assert run.error == MESSAGE_INTERNAL
        assert not Disclosure.objects.filter(sha256=run.sha256).exists()
        assert FunctionalLine.objects.count() == lines_before
        assert not ValidationCheck.objects.filter(disclosure__sha256=run.sha256).exists()

    def test_a_message_of_an_earlier_attempt_does_nothing(self, editor, ready_run):
        ready_run.status = IngestRun.Status.FAILED
        ready_run.save()
        run_retry(run=ready_run, actor=editor)
        run = IngestRun.objects.get(pk=ready_run.pk)

        ingest_run_execute(run_id=run.pk, attempt=run.attempt - 1)

        assert IngestRun.objects.get(pk=run.pk).status == IngestRun.Status.QUEUED

    def test_a_run_left_parsing_by_a_dead_worker_is_taken_over_by_a_redelivered_message(
        self, editor, published_samples, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks():  # queued, not run
            outcome = upload_create(file=uploaded(sample_variant()), actor=editor)
        IngestRun.objects.filter(pk=outcome.run.pk).update(
            status=IngestRun.Status.PARSING, worker=f"{socket.gethostname()}:{dead_pid()}"
        )

        ingest_run_execute(run_id=outcome.run.pk, attempt=outcome.run.attempt)

        assert IngestRun.objects.get(pk=outcome.run.pk).status == IngestRun.Status.READY

    @pytest.mark.parametrize(
        ("error", "resumed"), [(MESSAGE_WORKER_LOST, True), ("不是预算公开文件", False)]
    )
    def test_a_redelivered_message_resumes_a_run_failed_only_because_its_worker_died(
        self, editor, published_samples, django_capture_on_commit_callbacks, error, resumed
    ):
        with django_capture_on_commit_callbacks():
            outcome = upload_create(file=uploaded(sample_variant()), actor=editor)
        IngestRun.objects.filter(pk=outcome.run.pk).update(
            status=IngestRun.Status.FAILED, error=error
        )

        ingest_run_execute(run_id=outcome.run.pk, attempt=outcome.run.attempt)

        expected = IngestRun.Status.READY if resumed else IngestRun.Status.FAILED
        assert IngestRun.objects.get(pk=outcome.run.pk).status == expected

    def test_a_run_another_live_worker_is_parsing_is_left_alone(
        self, editor, published_samples, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks():
            outcome = upload_create(file=uploaded(sample_variant()), actor=editor)
        IngestRun.objects.filter(pk=outcome.run.pk).update(
            status=IngestRun.Status.PARSING,
            worker=f"{socket.gethostname()}:1",  # init: alive, and not this process
            heartbeat_at=timezone.now(),
        )

        ingest_run_execute(run_id=outcome.run.pk, attempt=outcome.run.attempt)

        assert IngestRun.objects.get(pk=outcome.run.pk).status == IngestRun.Status.PARSING


@pytest.mark.django_db
class TestStaleRuns:
    def make_run(self, **fields) -> IngestRun:
        return IngestRun.objects.create(
            source_file="uploads/x.txt",
            sha256=os.urandom(32).hex(),
            original_filename="x.txt",
            **fields,
        )

    def test_a_run_whose_worker_process_is_gone_fails_and_can_be_retried(self, editor):
        run = self.make_run(
            status=IngestRun.Status.PARSING,
            worker=f"{socket.gethostname()}:{dead_pid()}",
            heartbeat_at=timezone.now(),
        )

        assert ingest_runs_fail_stale() == [run.pk]

        run.refresh_from_db()
        assert run.status == IngestRun.Status.FAILED
        assert run.error == MESSAGE_WORKER_LOST
        assert AuditEvent.objects.filter(run=run, action=AuditEvent.Action.FAIL, actor=None)
        run_retry(run=run, actor=editor)
        run.refresh_from_db()
        assert (run.status, run.attempt, run.error) == (IngestRun.Status.QUEUED, 2, "")

    @override_settings(INGEST_RUN_STALE_SECONDS=60)
    def test_a_run_silent_for_too_long_fails(self):
        long_ago = timezone.now() - timedelta(minutes=5)
        parsing = self.make_run(
            status=IngestRun.Status.PARSING, worker="elsewhere:12", heartbeat_at=long_ago
        )
        queued = self.make_run(status=IngestRun.Status.QUEUED)
        IngestRun.objects.filter(pk=queued.pk).update(created_at=long_ago)

        assert sorted(ingest_runs_fail_stale()) == sorted([parsing.pk, queued.pk])
        parsing.refresh_from_db()
        assert "1 分钟没有进展" in parsing.error

    def test_live_and_recent_runs_are_left_alone(self):
        self.make_run(
            status=IngestRun.Status.PARSING,
            worker=f"{socket.gethostname()}:{os.getpid()}",
            heartbeat_at=timezone.now(),
        )
        self.make_run(
            status=IngestRun.Status.PARSING, worker="elsewhere:12", heartbeat_at=timezone.now()
        )
        self.make_run(status=IngestRun.Status.QUEUED)

        assert ingest_runs_fail_stale() == []


class TestReview:
    def test_publishing_supersedes_the_published_version(
        self, ready_run, editor, published_samples
    ):
        old = published_samples["004"]

        previous = run_publish(run=ready_run, actor=editor)

        new = Disclosure.objects.get(pk=ready_run.disclosure_id)
        old.refresh_from_db()
        assert previous == old
        assert new.status == Disclosure.Status.PUBLISHED
        assert new.supersedes == old
        assert old.status == Disclosure.Status.SUPERSEDED
        assert IngestRun.objects.get(pk=ready_run.pk).status == IngestRun.Status.PUBLISHED
        event = AuditEvent.objects.get(action=AuditEvent.Action.PUBLISH)
        assert (event.actor, event.disclosure) == (editor, new)
        assert "取代 v1" in event.target

    def test_a_newer_correction_supersedes_the_one_published_before(
        self, ready_run, editor, django_capture_on_commit_callbacks
    ):
        run_publish(run=ready_run, actor=editor)
        with django_capture_on_commit_callbacks(execute=True):
            third = upload_create(file=uploaded(sample_variant(amount=296)), actor=editor).run
        third.refresh_from_db()

        run_publish(run=third, actor=editor)

        assert third.disclosure.version == 3
        assert (
            Disclosure.objects.get(pk=third.disclosure_id).supersedes_id == ready_run.disclosure_id
        )
        assert IngestRun.objects.get(pk=ready_run.pk).status == IngestRun.Status.SUPERSEDED

    def test_unpublishing_hides_the_disclosure_again(self, ready_run, editor):
        run_publish(run=ready_run, actor=editor)

        run_unpublish(run=ready_run, actor=editor)

        disclosure = Disclosure.objects.get(pk=ready_run.disclosure_id)
        assert disclosure.status == Disclosure.Status.PARSED
        assert disclosure.published_at is None
        assert not Disclosure.objects.filter(
            organization=disclosure.organization,
            fiscal_year=2022,
            kind=disclosure.kind,
            status=Disclosure.Status.PUBLISHED,
        ).exists()
        assert IngestRun.objects.get(pk=ready_run.pk).status == IngestRun.Status.READY
        assert AuditEvent.objects.filter(action=AuditEvent.Action.UNPUBLISH, actor=editor).exists()

    def test_a_superseded_version_can_be_published_again_only_while_nothing_else_is(
        self, ready_run, editor, published_samples
    ):
        old = published_samples["004"]
        with pytest.raises(ReviewError):  # ready_run is not published yet: old is
            old_run = upload_create(file=uploaded(SAMPLE_004.read_bytes()), actor=editor).run
            run_publish(run=old_run, actor=editor)
        run_publish(run=ready_run, actor=editor)
        old_run = IngestRun.objects.get(disclosure=old)
        assert old_run.status == IngestRun.Status.SUPERSEDED
        with pytest.raises(ReviewError, match="已有已发布的版本 v2"):
            run_publish(run=old_run, actor=editor)

        run_unpublish(run=ready_run, actor=editor)
        run_publish(run=old_run, actor=editor)

        old.refresh_from_db()
        assert old.status == Disclosure.Status.PUBLISHED

    def test_discarding_and_restoring(self, ready_run, editor):
        run_discard(run=ready_run, actor=editor)
        assert Disclosure.objects.get(pk=ready_run.disclosure_id).status == "discarded"
        with pytest.raises(ReviewError):
            run_publish(run=IngestRun.objects.get(pk=ready_run.pk), actor=editor)

        run_restore(run=ready_run, actor=editor)

        assert IngestRun.objects.get(pk=ready_run.pk).status == IngestRun.Status.READY
        assert Disclosure.objects.get(pk=ready_run.disclosure_id).status == "parsed"
        actions = set(AuditEvent.objects.filter(run=ready_run).values_list("action", flat=True))
        assert {"upload", "discard", "restore"} <= actions

    def test_a_published_run_cannot_be_discarded(self, ready_run, editor):
        run_publish(run=ready_run, actor=editor)
        with pytest.raises(ReviewError, match="已发布"):
            run_discard(run=ready_run, actor=editor)


class TestIdentityUpdate:
    def test_attaching_to_an_existing_organization_records_the_name_as_an_alias(
        self, editor, published_samples, django_capture_on_commit_callbacks
    ):
        existing = published_samples["004"].organization
        spelled = "阳泉市商务粮食局"
        with django_capture_on_commit_callbacks(execute=True):
            run = upload_create(
                file=uploaded(sample_variant(295, entity=spelled)), actor=editor
            ).run
        run.refresh_from_db()
        created = run.disclosure.organization
        assert created.name == spelled

        changes = disclosure_identity_update(
            run=run, organization=existing, fiscal_year=2022, kind="special_funds", actor=editor
        )

        disclosure = Disclosure.objects.get(pk=run.disclosure_id)
        existing.refresh_from_db()
        assert disclosure.organization == existing
        assert disclosure.version == 2
        assert spelled in existing.aliases
        assert not Organization.objects.filter(pk=created.pk).exists()
        assert any("阳泉市商务局" in change for change in changes)
        assert AuditEvent.objects.filter(action=AuditEvent.Action.EDIT, actor=editor).exists()

        # A later document spelled the same way is filed under the existing organization.
        with django_capture_on_commit_callbacks(execute=True):
            later = upload_create(file=uploaded(sample_variant(297, entity=spelled)), actor=editor)
        later_disclosure = IngestRun.objects.get(pk=later.run.pk).disclosure
        assert later_disclosure.organization == existing
        assert later_disclosure.version == 3
        assert not Organization.objects.filter(name=spelled).exists()

    def test_year_and_kind_can_be_corrected(self, ready_run, editor):
        organization = ready_run.disclosure.organization
        disclosure_identity_update(
            run=ready_run,
            organization=organization,
            fiscal_year=2023,
            kind="department_budget",
            actor=editor,
        )

        disclosure = Disclosure.objects.get(pk=ready_run.disclosure_id)
        assert (disclosure.fiscal_year, disclosure.kind, disclosure.version) == (
            2023,
            "department_budget",
            1,
        )

    def test_no_change_is_refused(self, ready_run, editor):
        d = ready_run.disclosure
        with pytest.raises(ReviewError):
            disclosure_identity_update(
                run=ready_run,
                organization=d.organization,
                fiscal_year=d.fiscal_year,
                kind=d.kind,
                actor=editor,
            )


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_publishing_two_versions_at_once_are_ordered(published_samples):
    """Issue 15: with no version published yet, run_publish locked nothing and 3 of 7 such
    races answered 500 (UniqueViolation). Now the organization is locked: one publish waits
    for the other and supersedes it; neither fails."""
    editor = make_staff()
    runs = []
    for amount in (301, 302):
        outcome = upload_create(
            file=uploaded(sample_variant(amount, entity="并发发布测试局"), f"v{amount}.txt"),
            actor=editor,
        )
        run = IngestRun.objects.get(pk=outcome.run.pk)
        assert run.status == IngestRun.Status.READY, run.error
        runs.append(run)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def publish(run: IngestRun) -> None:
        try:
            barrier.wait()
            run_publish(run=run, actor=editor)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(run,)) for run in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert all(isinstance(error, ReviewError) for error in errors), errors
    statuses = sorted(
        Disclosure.objects.filter(entity_name="并发发布测试局").values_list("status", flat=True)
    )
    assert statuses == ["published", "superseded"]
