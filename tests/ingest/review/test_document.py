"""An empty page inside a PDF disclosure is a 提示 naming the page."""

import io

import pypdfium2

from ingest.pipeline import parse_bytes

from ..samples import SAMPLES_DIR, SHANGHAI, findings, shanghai_parsed


def test_an_empty_page_after_the_contents_is_a_notice():
    """The office's 2025 budget with a blank page inserted after its contents (page 2)."""
    pdf = pypdfium2.PdfDocument((SAMPLES_DIR / SHANGHAI["office"]).read_bytes())
    width, height = pdf[0].get_size()
    pdf.new_page(width, height, index=2)
    edited = io.BytesIO()
    pdf.save(edited)

    document = parse_bytes(edited.getvalue(), "office-with-a-blank-page.pdf")

    [blank] = [f for f in findings(document) if f["check"].startswith("document:")]
    assert (blank["severity"], blank["title"], blank["message"]) == (
        "notice",
        "文件：空白页",
        "第3页是空白页。",
    )


def test_the_samples_have_no_empty_page():
    for name in SHANGHAI:
        assert not [
            c for c in shanghai_parsed(name)["validation"] if c["check"].startswith("document:")
        ]
