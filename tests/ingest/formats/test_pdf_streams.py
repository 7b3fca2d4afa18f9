"""Streams are counted as they unpack, before pdfium is given the file (issue 15)."""

import base64
import time
import zlib

import pytest

from ingest.errors import ExtractError
from ingest.formats.pdf_streams import (
    IMAGE_TOO_LARGE,
    STREAM_TOO_LARGE,
    TOO_MANY_OPERATORS,
    TOTAL_TOO_LARGE,
    StreamLimits,
    check_streams,
)

from .compare import fixture_path
from .hostile import flate_bomb, giant_image, pdf_with_content, text_operator_flood, text_pdf

MB = 1024 * 1024


def limits(**overrides):
    values = {
        "max_stream_bytes": 64 * MB,
        "max_total_bytes": 512 * MB,
        "max_operators": 100_000,
        "max_image_pixels": 60_000_000,
        "deadline": time.monotonic() + 60,
        "time_limit_s": 60,
    }
    return StreamLimits(**{**values, **overrides})


@pytest.mark.parametrize("sample", ["000", "004"])
def test_published_pdfs_pass(sample):
    check_streams(fixture_path(sample, "pdf").read_bytes(), limits())


def test_a_flate_bomb_is_refused_before_it_unpacks():
    data = flate_bomb(200)  # 200 MB of content in about 200 KB
    assert len(data) < 1 * MB
    with pytest.raises(ExtractError) as caught:
        check_streams(data, limits())
    assert str(caught.value) == STREAM_TOO_LARGE.format(limit=64)


def test_streams_add_up_to_the_total_limit():
    data = flate_bomb(3)
    with pytest.raises(ExtractError) as caught:
        check_streams(data, limits(max_stream_bytes=8 * MB, max_total_bytes=2 * MB))
    assert str(caught.value) == TOTAL_TOO_LARGE.format(limit=2)


def test_a_flood_of_text_operators_is_refused():
    with pytest.raises(ExtractError) as caught:
        check_streams(text_operator_flood(200_000), limits())
    assert str(caught.value) == TOO_MANY_OPERATORS.format(limit=100_000)


def test_an_image_declaring_too_many_pixels_is_refused():
    with pytest.raises(ExtractError) as caught:
        check_streams(giant_image(100_000, 100_000), limits())
    assert str(caught.value) == IMAGE_TOO_LARGE.format(width=100_000, height=100_000, limit=6000)


def test_a_bomb_behind_an_ascii_filter_is_counted():
    deflated = zlib.compress(b" " * (3 * MB), 9)
    encoded = base64.a85encode(deflated, adobe=True)
    stream = (
        b"<< /Filter [/ASCII85Decode /FlateDecode] /Length %d >>\nstream\n" % len(encoded)
        + encoded
        + b"\nendstream"
    )
    data = pdf_with_content([b""], extra_objects=[stream])
    with pytest.raises(ExtractError):
        check_streams(data, limits(max_stream_bytes=2 * MB))


def test_a_plain_page_passes_and_the_clock_is_read():
    check_streams(text_pdf(), limits())
    with pytest.raises(ExtractError, match="longer than"):
        check_streams(flate_bomb(2), limits(deadline=time.monotonic() - 1))
