"""Small hostile PDFs built in the tests: bombs, floods and giant pages (issue 15).

Each is a few kilobytes to a few hundred; what they would unpack to, or hold, is what
makes them hostile.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable


def pdf_with_content(
    chunks: Iterable[bytes],
    *,
    width: float = 595,
    height: float = 842,
    extra_objects: Iterable[bytes] = (),
    xobjects: str = "",
) -> bytes:
    """A one-page PDF whose content stream is ``chunks`` deflated as they come (so a
    gigabyte of content never sits in memory)."""
    deflater = zlib.compressobj(9)
    stream = b"".join(deflater.compress(chunk) for chunk in chunks) + deflater.flush()
    resources = f"<< /Font << /F1 5 0 R >> {xobjects} >>".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Resources %s /Contents 4 0 R >>"
        % (width, height, resources),
        b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *extra_objects,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def text_pdf(text: str = "Budget 2024", **page: float) -> bytes:
    """A plain one-page PDF with one line of text."""
    return pdf_with_content([b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % text.encode()], **page)


def flate_bomb(megabytes: int) -> bytes:
    """A page whose content stream inflates to ``megabytes`` MB of spaces."""
    head = b"BT /F1 12 Tf 72 720 Td (Budget 2024) Tj ET\n"
    return pdf_with_content([head, *(b" " * (1 << 20) for _ in range(megabytes))])


def text_operator_flood(operators: int) -> bytes:
    """A page of ``operators`` text-showing operators (two million took 84 s and 4.9 GB)."""
    return pdf_with_content([b"BT /F1 1 Tf 10 10 Td ", b"(x)Tj " * operators, b"ET"])


def giant_image(width: int, height: int) -> bytes:
    """A page placing an image that declares ``width`` × ``height`` pixels."""
    data = zlib.compress(b"\xff" * 3)
    image = (
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
        % (width, height, len(data))
        + data
        + b"\nendstream"
    )
    return pdf_with_content(
        [b"BT /F1 12 Tf 72 720 Td (Budget 2024) Tj ET q 100 0 0 100 0 0 cm /Im1 Do Q"],
        extra_objects=[image],
        xobjects="/XObject << /Im1 6 0 R >>",
    )
