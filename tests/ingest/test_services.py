"""The ingest use case: idempotent, versioned, publishing, and safe on bad input."""

import io
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError

from budgets.models import Disclosure, Figure, FunctionalLine, Organization
from fuzz import hostile
from ingest.models import AuditEvent
from ingest.pipeline import to_json
from ingest.services import IngestError, disclosure_ingest, disclosure_parse
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


# --- hostile files (issue 15): a clear message within the budget, nothing stored ------------


def database_and_media() -> tuple:
    """What a refused file must leave as it was: every table ingest writes, and the media."""
    return (
        Disclosure.objects.count(),
        Organization.objects.count(),
        Figure.objects.count(),
        FunctionalLine.objects.count(),
        AuditEvent.objects.count(),
        sorted(str(p) for p in Path(django_settings.MEDIA_ROOT).rglob("*") if p.is_file()),
    )


HOSTILE_FILES = {
    "merge.xlsx": (lambda: hostile.merge_bomb_xlsx(), "合并单元格 C1:XFD1048576 超出"),
    "cells.xlsx": (lambda: hostile.tiny_cells_xlsx(1_000_000), "250000 个单元格的上限"),
    "under.docx": (lambda: hostile.understated_docx(), "无法读取 DOCX 文档"),
    "wide.docx": (lambda: hostile.wide_span_docx(), "超过 200 列的上限"),
    "spans.html": (lambda: hostile.spans_html(6000), "超过 200 列的上限"),
    "utf16.txt": (lambda: "标题\n".encode("utf-16") + b"\x00\xd8", "不是预算公开文件"),
}


@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_a_hostile_file_gets_one_line_and_changes_nothing(name, published_samples):
    build, words = HOSTILE_FILES[name]
    before = database_and_media()

    with pytest.raises(IngestError) as refused:
        disclosure_ingest(data=build(), filename=name)

    assert words in str(refused.value)
    assert "\n" not in str(refused.value)
    assert database_and_media() == before


def test_a_figure_beyond_the_database_is_named_with_its_line(published_samples):
    """30 digits: the parse prints it (no InvalidOperation); storing it is refused, naming the
    figure and its line, before any row is written (no "numeric field overflow")."""
    data = hostile.long_figure_text(30)
    before = database_and_media()

    _, parsed = disclosure_parse(data=data, filename="figure.txt")
    assert "999999999999999999999999999999.07" in to_json(parsed)
    with pytest.raises(IngestError) as refused:
        disclosure_ingest(data=data, filename="figure.txt")

    assert str(refused.value).startswith(f"第 {hostile.PROJECT_LINE} 行的数字 999999")
    assert "(amount)" in str(refused.value)
    assert database_and_media() == before


def test_a_parse_over_its_memory_budget_stores_nothing(settings, published_samples):
    settings.INGEST_PARSE_MEMORY_MB = 4  # less than decoding 12 MB of text needs
    data = hostile.long_figure_text(3, "内存测试局") + "说明".encode() * 2_000_000
    before = database_and_media()

    with pytest.raises(IngestError, match="内存超过上限 4 MB"):
        disclosure_ingest(data=data, filename="m.txt")

    assert database_and_media() == before


def test_a_text_whose_title_repeats_ten_thousand_times_parses_within_its_budget(settings):
    """Issue 15: 87 s and 1.3 GB; under a 60 s budget it is parsed like any document."""
    settings.INGEST_PARSE_SECONDS = 60

    _, parsed = disclosure_parse(data=hostile.repeated_title_text(10_000), filename="r.txt")

    assert parsed["entity"] == "晋城市商务局"


def test_the_ingest_command_reports_hostile_files_in_one_line_each(tmp_path, published_samples):
    bomb = tmp_path / "merge.xlsx"
    bomb.write_bytes(hostile.merge_bomb_xlsx())
    big = tmp_path / "figure.txt"
    big.write_bytes(hostile.long_figure_text(30))
    stderr = io.StringIO()
    before = database_and_media()

    with pytest.raises(CommandError, match="2 of 2 files"):
        call_command("ingest", str(bomb), str(big), stdout=io.StringIO(), stderr=stderr)

    lines = stderr.getvalue().strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("merge.xlsx: error: 工作表")
    assert lines[1].startswith(f"figure.txt: error: 第 {hostile.PROJECT_LINE} 行的数字")
    assert "Traceback" not in stderr.getvalue()
    assert database_and_media() == before
