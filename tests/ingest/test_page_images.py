"""Page images of stored PDFs: drawn once, kept under MEDIA_ROOT, within a pixel budget."""

import io

import pypdfium2
import pytest
from PIL import Image

from ingest.page_images import page_image_path, page_image_png

from .formats.compare import fixture_path

PDF_004 = fixture_path("004", "pdf")
SHA_004 = "4" * 64


def reader(data, calls):
    def read_file():
        calls.append(1)
        return data

    return read_file


def test_a_page_is_drawn_once_and_kept(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    calls = []
    first = page_image_png(sha256=SHA_004, page=2, read_file=reader(PDF_004.read_bytes(), calls))
    again = page_image_png(sha256=SHA_004, page=2, read_file=reader(b"", calls))
    assert first == again
    assert calls == [1]
    assert page_image_path(sha256=SHA_004, page=2).read_bytes() == first


def test_highlights_are_drawn_on_the_kept_page(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    calls = []
    read_file = reader(PDF_004.read_bytes(), calls)
    plain = page_image_png(sha256=SHA_004, page=1, read_file=read_file)
    marked = page_image_png(
        sha256=SHA_004, page=1, read_file=read_file, highlight=(100, 100, 300, 140)
    )
    other = page_image_png(
        sha256=SHA_004, page=1, read_file=read_file, highlight=(100, 200, 300, 240)
    )
    assert calls == [1]
    assert len({plain, marked, other}) == 3
    assert list((tmp_path / "page-images" / SHA_004).iterdir()) == [
        tmp_path / "page-images" / SHA_004 / "1.png"
    ]
    image = Image.open(io.BytesIO(marked)).convert("RGB")
    assert image.getpixel((400, 240)) != Image.open(io.BytesIO(plain)).convert("RGB").getpixel(
        (400, 240)
    )


def test_a_page_the_file_lacks_is_refused_and_nothing_kept(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValueError):
        page_image_png(sha256=SHA_004, page=99, read_file=lambda: PDF_004.read_bytes())
    assert not (tmp_path / "page-images" / SHA_004 / "99.png").exists()


def test_a_giant_page_is_drawn_within_the_pixel_budget(settings, tmp_path):
    """A 14,400-point square page (6 GB at 144 dpi) is drawn at about 4 million pixels."""
    settings.MEDIA_ROOT = tmp_path
    settings.PDF_RENDER_MAX_PIXELS = 4_000_000
    document = pypdfium2.PdfDocument.new()
    document.new_page(14_400, 14_400)
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    png = page_image_png(sha256="a" * 64, page=1, read_file=lambda: buffer.getvalue())
    width, height = Image.open(io.BytesIO(png)).size
    assert width * height <= 4_000_000
    assert width == height > 1000


def test_only_a_stored_file_name_makes_a_path():
    with pytest.raises(ValueError):
        page_image_path(sha256="../../etc", page=1)
