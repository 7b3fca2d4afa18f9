"""The source viewer for PDF, Excel and Word disclosures: page images and cell references.

One PDF is ingested for the module (the six-page 003 table print without ruling lines,
the quickest to extract), as a new version of the text sample it supersedes; the fixture
removes it afterwards. Workbooks and Word files take a fraction of a second, so each test
ingests its own inside the test's transaction.
"""

import pytest
from django.urls import reverse

from budgets.models import Disclosure, FunctionalLine
from ingest.services import disclosure_ingest
from tests.conftest import REPO_ROOT
from tests.ingest.test_persistence_pages import ingest_pdf_copy, remove_ingested

FORMATS_DIR = REPO_ROOT / "tests" / "fixtures" / "formats"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def pdf_disclosure(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        disclosure = ingest_pdf_copy(FORMATS_DIR / "003_borderless.pdf", b"test_views_source")
        yield disclosure
        remove_ingested(disclosure)


@pytest.fixture
def cited_line(db, pdf_disclosure) -> FunctionalLine:
    """A functional line of the PDF and the page it is printed on."""
    return (
        FunctionalLine.objects.filter(disclosure=pdf_disclosure, page__isnull=False)
        .order_by("line_start")
        .first()
    )


def page_image_url(disclosure: Disclosure, page: int) -> str:
    return reverse("disclosure_page_image", args=[disclosure.pk, page])


def ingest_fixture(name: str) -> Disclosure:
    data = (FORMATS_DIR / name).read_bytes()
    return disclosure_ingest(data=data, filename=name).disclosure


@pytest.mark.django_db
class TestPdfSourcePage:
    def test_shows_the_cited_page_beside_the_text(self, client, pdf_disclosure, cited_line):
        lines = f"{cited_line.line_start}-{cited_line.line_end}"

        response = client.get(
            reverse("disclosure_source", args=[pdf_disclosure.pk]), {"lines": lines}
        )

        text = response.content.decode()
        assert response.status_code == 200
        assert f'src="{page_image_url(pdf_disclosure, cited_line.page)}?lines={lines}"' in text
        assert f"第{cited_line.page}页" in text  # the line numbers name their page
        assert f'id="L{cited_line.line_start}"' in text

    def test_page_parameter_turns_the_page(self, client, pdf_disclosure):
        response = client.get(reverse("disclosure_source", args=[pdf_disclosure.pk]), {"page": 2})

        assert f'src="{page_image_url(pdf_disclosure, 2)}"' in response.content.decode()

    def test_page_image_is_a_cacheable_png(self, client, pdf_disclosure, cited_line):
        url = page_image_url(pdf_disclosure, cited_line.page)

        response = client.get(url, {"lines": cited_line.line_start})

        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response.content.startswith(PNG_SIGNATURE)
        assert "max-age" in response["Cache-Control"]
        again = client.get(
            url, {"lines": cited_line.line_start}, headers={"if-none-match": response["ETag"]}
        )
        assert again.status_code == 304

    def test_other_lines_give_another_image(self, client, pdf_disclosure, cited_line):
        url = page_image_url(pdf_disclosure, cited_line.page)
        other = (
            FunctionalLine.objects.filter(disclosure=pdf_disclosure, page=cited_line.page)
            .exclude(line_start=cited_line.line_start)
            .first()
        )

        first = client.get(url, {"lines": cited_line.line_start})
        second = client.get(url, {"lines": other.line_start})

        assert first.content != second.content
        assert first["ETag"] != second["ETag"]

    @pytest.mark.parametrize("page", [0, 999])
    def test_page_the_file_does_not_have_is_not_found(self, client, pdf_disclosure, page):
        assert client.get(page_image_url(pdf_disclosure, page)).status_code == 404

    @pytest.mark.parametrize("status", ["parsed", "failed", "discarded"])
    def test_page_of_a_non_public_disclosure_is_not_found(self, client, pdf_disclosure, status):
        Disclosure.objects.filter(pk=pdf_disclosure.pk).update(status=status)

        assert client.get(page_image_url(pdf_disclosure, 1)).status_code == 404

    def test_superseded_pdf_still_shows_its_pages(self, client, pdf_disclosure):
        Disclosure.objects.filter(pk=pdf_disclosure.pk).update(status="superseded")

        assert client.get(page_image_url(pdf_disclosure, 1)).status_code == 200

    def test_text_disclosure_has_no_page_images(self, client, published_samples):
        text_sample = published_samples["000"]

        assert client.get(page_image_url(text_sample, 1)).status_code == 404
        response = client.get(reverse("disclosure_source", args=[text_sample.pk]))
        assert 'id="source-page"' not in response.content.decode()


@pytest.mark.django_db
class TestOfficeSourcePage:
    def test_workbook_lines_show_their_sheet_and_cells(self, client):
        disclosure = ingest_fixture("004.xlsx")
        first_sheet = disclosure.parsed["source"]["locations"]["1"]

        response = client.get(reverse("disclosure_source", args=[disclosure.pk]))

        text = response.content.decode()
        assert first_sheet.startswith("'")
        assert '<span class="ref">&#x27;01 文字&#x27;!A1</span>' in text
        assert 'id="source-page"' not in text
        assert client.get(page_image_url(disclosure, 1)).status_code == 404

    def test_word_lines_show_their_paragraph_or_table_row(self, client):
        disclosure = ingest_fixture("004.docx")
        locations = disclosure.parsed["source"]["locations"].values()

        text = client.get(reverse("disclosure_source", args=[disclosure.pk])).content.decode()

        assert '<span class="ref">第1段</span>' in text
        if any(location.startswith("table") for location in locations):
            assert "表格1 第1行" in text
