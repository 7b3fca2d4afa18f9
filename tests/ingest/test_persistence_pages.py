"""A PDF disclosure's stored rows record the page their figure is printed on.

One PDF is ingested for the whole module (extraction takes seconds): a copy of the 003
sample's PDF with a comment appended after ``%%EOF``, so that its hash is new and it is
stored as a new version of the 兴县电子商务服务中心 budget. The fixture removes it
afterwards and publishes the text version again, as the other tests expect.
"""

import re
from decimal import Decimal

import pytest

from budgets.models import Disclosure, EconomicLine, Figure, FunctionalLine, ValidationCheck
from ingest.formats.pdf import parse_location
from ingest.models import AuditEvent
from ingest.persistence import YUAN_PER_UNIT, first_page, line_pages
from ingest.services import disclosure_ingest
from tests.conftest import REPO_ROOT

PDF_003 = REPO_ROOT / "tests" / "fixtures" / "formats" / "003.pdf"
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def ingest_pdf_copy(path, marker: bytes) -> Disclosure:
    """Ingest ``path`` with ``marker`` appended (a new file to the portal), published."""
    data = path.read_bytes() + b"\n%" + marker + b"\n"
    return disclosure_ingest(data=data, filename=path.name).disclosure


def remove_ingested(disclosure: Disclosure) -> None:
    """Delete ``disclosure`` and its file, and publish again the version it superseded."""
    previous = disclosure.supersedes
    AuditEvent.objects.filter(disclosure=disclosure).delete()
    disclosure.source_file.delete(save=False)
    disclosure.delete()
    if previous is not None:
        previous.status = Disclosure.Status.PUBLISHED
        previous.save(update_fields=["status", "updated_at"])


@pytest.fixture(scope="module")
def pdf_disclosure(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        disclosure = ingest_pdf_copy(PDF_003, b"test_persistence_pages")
        yield disclosure
        remove_ingested(disclosure)


def page_text(disclosure: Disclosure, page: int) -> str:
    """The extracted text of the lines printed on ``page``, without layout spaces."""
    pages = line_pages(disclosure.parsed["source"]["locations"])
    lines = disclosure.source_text.split("\n")
    return "\n".join(lines[n - 1] for n, p in sorted(pages.items()) if p == page).replace(" ", "")


def amounts_on(text: str, unit: str) -> set[Decimal]:
    """Every number printed in ``text``, converted from the document's unit to yuan."""
    per_unit = YUAN_PER_UNIT[unit]
    return {Decimal(match.replace(",", "")) * per_unit for match in _NUMBER.findall(text)}


def test_line_pages_reads_pdf_locations_only():
    locations = {"3": "p2 40.0,100.0,500.0,112.0", 4: "p3 40.0,60.0,500.0,72.0", "5": "'表1'!A6:I6"}

    pages = line_pages(locations)

    assert pages == {3: 2, 4: 3}
    assert first_page(pages, 1, 4) == 2
    assert first_page(pages, 4, 9) == 3
    assert first_page(pages, 5, 9) is None
    assert line_pages(None) == {}


@pytest.mark.django_db
class TestPdfRowsHavePages:
    def test_parse_keeps_the_location_of_every_line(self, pdf_disclosure):
        locations = pdf_disclosure.parsed["source"]["locations"]

        assert pdf_disclosure.source_format == Disclosure.SourceFormat.PDF
        assert len(locations) == len(
            [line for line in pdf_disclosure.source_text.split("\n") if line]
        )
        assert all(parse_location(location) for location in locations.values())

    def test_functional_lines_are_on_the_page_that_prints_their_amounts(self, pdf_disclosure):
        rows = FunctionalLine.objects.filter(disclosure=pdf_disclosure)

        assert rows.exists()
        for row in rows:
            text = page_text(pdf_disclosure, row.page)
            assert row.code in text, (row.code, row.page)
            if row.total:
                assert row.total in amounts_on(text, pdf_disclosure.amount_unit), (row.code,)

    def test_figures_are_on_the_page_that_prints_them(self, pdf_disclosure):
        figures = Figure.objects.filter(disclosure=pdf_disclosure, amount_yuan__isnull=False)

        assert figures.filter(section=Figure.Section.SUMMARY).exists()
        for figure in figures:
            assert figure.page is not None, figure.key
            text = page_text(pdf_disclosure, figure.page)
            assert figure.amount_yuan in amounts_on(text, pdf_disclosure.amount_unit), (
                figure.section,
                figure.key,
                figure.page,
            )

    def test_every_row_with_cited_lines_has_a_page(self, pdf_disclosure):
        for model in (FunctionalLine, EconomicLine, Figure):
            assert not model.objects.filter(disclosure=pdf_disclosure, page__isnull=True).exists()
        checks = ValidationCheck.objects.filter(disclosure=pdf_disclosure)
        assert not checks.filter(line_start__isnull=False, page__isnull=True).exists()

    def test_text_sources_store_no_page(self, published_samples):
        assert not FunctionalLine.objects.filter(
            disclosure=published_samples["000"], page__isnull=False
        ).exists()
