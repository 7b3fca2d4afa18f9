"""The ingest use case: idempotent, versioned, publishing, and safe on bad input."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from budgets.models import Disclosure, Figure, FunctionalLine
from ingest.services import IngestError, disclosure_ingest
from tests.conftest import SAMPLES_DIR

SAMPLE_000 = SAMPLES_DIR / "000_9f37a4571f332d18.txt"
SAMPLE_002 = SAMPLES_DIR / "002_6c1c086a26e80980.txt"

pytestmark = pytest.mark.django_db


def row_counts() -> tuple[int, int, int]:
    return Disclosure.objects.count(), Figure.objects.count(), FunctionalLine.objects.count()


def test_an_identical_file_changes_nothing(published_samples):
    before = row_counts()

    outcome = disclosure_ingest(data=SAMPLE_000.read_bytes(), filename=SAMPLE_000.name)

    assert outcome.outcome == "unchanged"
    assert outcome.disclosure == published_samples["000"]
    assert row_counts() == before


def test_a_corrected_file_becomes_a_new_version_that_supersedes_the_old(published_samples):
    old = published_samples["000"]
    corrected = SAMPLE_000.read_bytes().replace(
        "进博会专项资金\t15. 00\t15. 00".encode(), "进博会专项资金\t15. 50\t15. 50".encode()
    )
    assert corrected != SAMPLE_000.read_bytes()

    outcome = disclosure_ingest(data=corrected, filename="000_corrected.txt")
    old.refresh_from_db()

    assert outcome.outcome == "new_version"
    assert outcome.disclosure.version == 2
    assert outcome.disclosure.status == Disclosure.Status.PUBLISHED
    assert outcome.disclosure.supersedes == old
    assert outcome.superseded == old
    assert old.status == Disclosure.Status.SUPERSEDED
    project = outcome.disclosure.projects.get(name="进博会专项资金")
    assert str(project.amount_yuan) == "155000.00"


def test_no_publish_stores_the_version_without_publishing(published_samples):
    changed = SAMPLE_002.read_bytes() + "\n附注:测试版本。\n".encode()

    outcome = disclosure_ingest(data=changed, filename="002_draft.txt", publish=False)

    assert outcome.disclosure.status == Disclosure.Status.PARSED
    assert Disclosure.objects.get(pk=published_samples["002"].pk).status == "published"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03binary\xff\xfe" * 200, "binary"),
        ("今天天气很好,我们去公园散步。\n".encode() * 20, "not a budget disclosure"),
        (b"%PDF-1.7 fake", "PDF"),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(published_samples, data, words):
    before = row_counts()

    with pytest.raises(IngestError, match=words) as info:
        disclosure_ingest(data=data, filename="bad.txt")

    assert "\n" not in str(info.value)
    assert row_counts() == before


def test_ingest_command_prints_a_line_per_file(published_samples):
    out = io.StringIO()

    call_command("ingest", str(SAMPLE_000), stdout=out)

    line = out.getvalue().strip()
    assert line.startswith("000_9f37a4571f332d18.txt: 晋城市商务局 2024 单位预算 v1 unchanged")
    assert "passed" in line and "failed" in line


def test_ingest_command_reports_bad_files_without_a_traceback(tmp_path, published_samples):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    err = io.StringIO()

    with pytest.raises(CommandError, match="1 of 1 files could not be ingested"):
        call_command("ingest", str(bad), stderr=err)

    assert err.getvalue().startswith("empty.txt: error: ")
    assert "Traceback" not in err.getvalue()
