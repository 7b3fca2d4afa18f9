"""The upload flow with a real Celery worker process (not eager), and what happens when it dies.

Each test starts its own worker on a private filesystem broker folder and points the test
process's Celery app at it, so the view's ``transaction.on_commit(... .delay())`` really goes
through the broker. The tests are transactional: the worker, another process, only sees
committed rows.

Worker death is real: a worker whose parser is held at a gate (a patch applied inside the
worker process only) is killed with SIGKILL mid-parse.
"""

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from celery import _state as celery_state
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from budgets.models import Disclosure, FunctionalLine, Project, ValidationCheck
from ingest.models import AuditEvent, IngestRun
from ingest.services import MESSAGE_QUARANTINED, MESSAGE_WORKER_LOST
from portal.celery import app
from tests.conftest import REPO_ROOT
from tests.ingest.test_upload_services import TEST_PASSWORD, make_staff, sample_variant
from tests.portal.test_celery import filesystem_broker_options, stop_worker
from tests.portal.test_migrations import database_url

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TIMEOUT_SECONDS = 60

# Run inside the worker process: hold the parser at a gate file, after saying so. The patch
# is applied when the worker (solo pool) or a pool process (prefork) starts.
GATED_WORKER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from celery import signals

    GATE = Path(os.environ["TEST_PARSE_GATE"])

    def hold_parser(**kwargs):
        import ingest.pipeline as pipeline
        if getattr(pipeline.parse_document, "gated", False):
            return
        real = pipeline.parse_document
        def gated(raw):
            (GATE.parent / f"parsing-{os.getpid()}").touch()
            while not GATE.exists():
                time.sleep(0.05)
            return real(raw)
        gated.gated = True
        pipeline.parse_document = gated

    signals.worker_ready.connect(hold_parser, weak=False)
    signals.worker_process_init.connect(hold_parser, weak=False)
    from celery.__main__ import main
    sys.argv = ["celery", *sys.argv[1:]]
    main()
    """
)


class Worker:
    """A worker process started for one test, with its log."""

    def __init__(self, process: subprocess.Popen, log_path: Path) -> None:
        self.process = process
        self.log_path = log_path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def _reset_producer_pools() -> None:
    """Forget the app's broker connections so the next task uses the current broker settings.

    (kombu keeps its pools in a registry keyed by broker URL and options; a pool is only
    dropped here, not closed, since the registry would hand the closed pool out again.)
    """
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


@contextmanager
def celery_broker(broker_dir: Path, results_dir: Path) -> Iterator[None]:
    """Send this process's tasks to the filesystem broker in ``broker_dir`` (not eagerly)."""
    options = filesystem_broker_options(broker_dir)
    for folder in [*options.values(), results_dir]:
        Path(folder).mkdir(parents=True, exist_ok=True)
    keys = ("task_always_eager", "broker_url", "broker_transport_options", "result_backend")
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(
        task_always_eager=False,
        broker_url="filesystem://",
        broker_transport_options=options,
        result_backend=f"file://{results_dir}",
    )
    _reset_producer_pools()
    # shared_task sends through the *current* app; another test's Celery() client may have
    # made itself current (the default), which would send the upload's task elsewhere.
    previous = celery_state.get_current_app()
    app.set_current()
    try:
        yield
    finally:
        previous.set_current()
        app.conf.update(saved)
        _reset_producer_pools()


def start_worker(tmp_path: Path, name: str, *, gated: bool = False, pool: str = "solo") -> Worker:
    """A worker on the test database and media folder, consuming tmp_path/broker."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict, connection.settings_dict["NAME"]),
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_BROKER_DIR": str(tmp_path / "broker"),
        "CELERY_RESULT_BACKEND": f"file://{tmp_path / 'results'}",
        "TEST_PARSE_GATE": str(tmp_path / "gate" / "open"),
    }
    env.pop("CELERY_BROKER_URL", None)
    (tmp_path / "gate").mkdir(exist_ok=True)
    options = [
        "-A",
        "portal",
        "worker",
        f"--pool={pool}",
        "--concurrency=1",
        "--loglevel=INFO",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        f"--hostname={name}@%h",
    ]
    command = (
        [sys.executable, "-c", GATED_WORKER, *options]
        if gated
        else [sys.executable, "-m", "celery", *options]
    )
    log_path = tmp_path / f"{name}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=log)
    return Worker(process, log_path)


@contextmanager
def running_worker(tmp_path: Path, name: str = "worker", **options: object) -> Iterator[Worker]:
    """A worker started for the block, with this process's tasks sent to it."""
    with celery_broker(tmp_path / "broker", tmp_path / "results"):
        worker = start_worker(tmp_path, name, **options)
        try:
            yield worker
        finally:
            stop_worker(worker.process)


def wait_for(condition: Callable[[], object], what: str, worker: Worker | None = None) -> object:
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    log = worker.log() if worker else ""
    raise AssertionError(f"timed out waiting for {what}\n--- worker log ---\n{log}")


def signed_in_client() -> Client:
    """A client signed in through the login form, as a staff user with both permissions."""
    make_staff("editor")
    client = Client()
    response = client.post(
        reverse("login"), {"username": "editor", "password": TEST_PASSWORD, "next": "/manage/"}
    )
    assert response.status_code == 302, response.content.decode()
    return client


def upload_through_the_form(client: Client, data: bytes, name: str) -> IngestRun:
    response = client.post(
        reverse("ingest:upload"), {"files": [SimpleUploadedFile(name, data, "text/plain")]}
    )
    assert response.status_code == 302
    return IngestRun.objects.get(original_filename=name)


def status(client: Client, run: IngestRun) -> dict:
    return client.get(reverse("ingest:run_status", args=[run.pk])).json()


def watch_until_done(client: Client, run: IngestRun, worker: Worker) -> list[str]:
    """Poll the status endpoint as the page's script does; the statuses seen, in order."""
    seen: list[str] = []

    def done() -> bool:
        data = status(client, run)
        if not seen or seen[-1] != data["status"]:
            seen.append(data["status"])
        return not data["is_active"]

    wait_for(done, f"run {run.pk} to finish", worker)
    return seen


def test_upload_parse_publish_and_supersede_with_a_real_worker(tmp_path, published_samples):
    """Log in, upload a corrected sample, watch it parse in the worker, publish it; the same
    file again is recognized; a second correction supersedes the first."""
    original = published_samples["004"]
    client = signed_in_client()

    with running_worker(tmp_path) as worker:
        run = upload_through_the_form(client, sample_variant(294), "corrected.txt")
        seen = watch_until_done(client, run, worker)

        assert seen[-1] == "ready", (seen, status(client, run), worker.log())
        assert seen[0] in ("queued", "parsing")
        run.refresh_from_db()
        assert run.worker.rsplit(":", 1)[1] == str(worker.process.pid)  # parsed in the worker
        assert "ingest.tasks.ingest_run_task" in worker.log()
        review = client.get(reverse("ingest:run_detail", args=[run.pk])).content.decode()
        assert "发布后将取代已发布的 v1" in review

        client.post(reverse("ingest:publish", args=[run.pk]))

        corrected = Disclosure.objects.get(pk=run.disclosure_id)
        original.refresh_from_db()
        assert corrected.status == Disclosure.Status.PUBLISHED
        assert corrected.supersedes == original
        assert original.status == Disclosure.Status.SUPERSEDED
        assert status(client, run)["status"] == "published"
        public = Client().get(reverse("disclosure_detail", args=[corrected.pk]))
        assert public.status_code == 200
        assert "阳泉市商务局" in public.content.decode()
        assert reverse("disclosure_detail", args=[original.pk]) in public.content.decode()

        # The same bytes again: the existing run, no second parse.
        response = client.post(
            reverse("ingest:upload"),
            {"files": [SimpleUploadedFile("again.txt", sample_variant(294), "text/plain")]},
        )
        assert response["Location"] == reverse("ingest:run_detail", args=[run.pk])
        assert IngestRun.objects.count() == 1
        assert Disclosure.objects.filter(organization=original.organization).count() == 2

        # A second correction supersedes the first.
        second = upload_through_the_form(client, sample_variant(296), "corrected-again.txt")
        assert watch_until_done(client, second, worker)[-1] == "ready"
        client.post(reverse("ingest:publish", args=[second.pk]))

    newest = Disclosure.objects.get(pk=IngestRun.objects.get(pk=second.pk).disclosure_id)
    assert (newest.version, newest.status, newest.supersedes_id) == (3, "published", corrected.pk)
    assert Disclosure.objects.get(pk=corrected.pk).status == Disclosure.Status.SUPERSEDED
    assert IngestRun.objects.get(pk=run.pk).status == IngestRun.Status.SUPERSEDED
    actions = list(
        AuditEvent.objects.filter(actor__username="editor")
        .order_by("created_at", "pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "upload",
        "ingest",  # by the worker, on the uploader's behalf
        "publish",
        "upload_duplicate",
        "upload",
        "ingest",
        "publish",
    ]


def figure_counts() -> tuple[int, int, int]:
    return (
        FunctionalLine.objects.count(),
        Project.objects.count(),
        ValidationCheck.objects.count(),
    )


def test_a_worker_killed_mid_parse_leaves_the_upload_failed_retryable_and_without_figures(
    tmp_path, published_samples
):
    client = signed_in_client()
    counts_before = figure_counts()
    with running_worker(tmp_path, "doomed", gated=True) as worker:
        run = upload_through_the_form(client, sample_variant(294), "doomed.txt")
        wait_for(lambda: list((tmp_path / "gate").glob("parsing-*")), "the parse to start", worker)
        assert status(client, run)["status"] == "parsing"

        worker.process.send_signal(signal.SIGKILL)
        worker.process.wait()

        data = status(client, run)  # looking at the run finds its worker gone

    assert data["status"] == "failed"
    assert data["error"] == MESSAGE_WORKER_LOST
    assert not Disclosure.objects.filter(sha256=run.sha256).exists()
    assert figure_counts() == counts_before
    page = client.get(reverse("ingest:run_detail", args=[run.pk])).content.decode()
    assert "后台进程中途退出" in page
    assert reverse("ingest:retry", args=[run.pk]) in page

    # The retry button queues it again; a healthy worker finishes it.
    with running_worker(tmp_path, "healthy") as worker:
        client.post(reverse("ingest:retry", args=[run.pk]))
        seen = watch_until_done(client, run, worker)

    run.refresh_from_db()
    assert seen[-1] == "ready", (run.error, worker.log())
    assert run.attempt == 2
    assert Disclosure.objects.get(sha256=run.sha256).status == Disclosure.Status.PARSED
    assert list(
        AuditEvent.objects.filter(run=run)
        .order_by("created_at", "pk")
        .values_list("action", flat=True)
    ) == ["upload", "fail", "retry", "ingest"]


def test_a_killed_pool_process_is_replaced_and_the_redelivered_task_finishes_the_run(
    tmp_path, published_samples
):
    """With the prefork pool, acks_late + reject_on_worker_lost put the message back when the
    process running it dies; the new process takes the run over and completes it."""
    client = signed_in_client()
    with running_worker(tmp_path, "prefork", gated=True, pool="prefork") as worker:
        run = upload_through_the_form(client, sample_variant(294), "prefork.txt")
        wait_for(lambda: list((tmp_path / "gate").glob("parsing-*")), "the parse to start", worker)
        run.refresh_from_db()
        child_pid = int(run.worker.rsplit(":", 1)[1])
        assert child_pid != worker.process.pid

        os.kill(child_pid, signal.SIGKILL)
        (tmp_path / "gate" / "open").touch()  # the replacement process parses through
        # Looking at the run meanwhile may find the dead process and fail the run first; the
        # redelivered message then resumes it (same attempt), so it ends ready either way.
        seen: list[str] = []

        def ready() -> bool:
            seen.append(status(client, run)["status"])
            return seen[-1] == "ready"

        wait_for(ready, "the redelivered task to finish the run", worker)
        log = worker.log()

    run.refresh_from_db()
    assert run.worker.rsplit(":", 1)[1] not in (str(child_pid), str(worker.process.pid))
    assert run.attempt == 1  # no retry by hand
    assert "signal 9" in log
    assert Disclosure.objects.get(sha256=run.sha256).status == Disclosure.Status.PARSED
    assert set(seen) <= {"parsing", "failed", "ready"}


def test_a_file_that_takes_its_pool_process_down_twice_is_quarantined(tmp_path, published_samples):
    """Issue 15: a file killing its pool process came back again and again (acks_late,
    reject_on_worker_lost). Twice lost, its run is failed as quarantined, the message is
    acknowledged, and the queue moves on to the next upload."""
    client = signed_in_client()
    gate = tmp_path / "gate"
    with running_worker(tmp_path, "quarantine", gated=True, pool="prefork") as worker:
        run = upload_through_the_form(client, sample_variant(294), "killer.txt")
        killed: list[int] = []
        for _ in range(2):
            started = wait_for(lambda: list(gate.glob("parsing-*")), "the parse to start", worker)
            started[0].rename(gate / f"seen-{len(killed)}")  # the next delivery makes a new one
            run.refresh_from_db()
            pool_pid = int(run.worker.rsplit(":", 1)[1])
            assert pool_pid not in killed
            os.kill(pool_pid, signal.SIGKILL)
            killed.append(pool_pid)

        def quarantined() -> bool:
            run.refresh_from_db()
            return run.error == MESSAGE_QUARANTINED.format(count=2)

        wait_for(quarantined, "the run to be quarantined", worker)
        (gate / "open").touch()
        after = upload_through_the_form(client, sample_variant(296), "next.txt")
        assert watch_until_done(client, after, worker)[-1] == "ready"
        time.sleep(3)  # a redelivery would show by now
        log = worker.log()

    run.refresh_from_db()
    assert run.status == IngestRun.Status.FAILED
    assert run.worker_losses == 2
    assert run.attempt == 1
    assert not Disclosure.objects.filter(sha256=run.sha256).exists()
    assert log.count("quarantined") == 1
    page = client.get(reverse("ingest:run_detail", args=[run.pk])).content.decode()
    assert "已隔离" in page
