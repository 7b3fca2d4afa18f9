"""Scanned fixtures built in the tests: PDF pages drawn as images, as a scanner gives them.

Each page of a text PDF is drawn in grey at :data:`SCAN_DPI`, turned by a slight angle,
blurred and stored as a JPEG of middling quality inside a new PDF that has no text layer:
what a department's scanner or a "print to image" converter publishes. The text PDF's own
parse is then the reading OCR must reproduce.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

SCAN_DPI = 150


def page_images(data: bytes, pages: Sequence[int], *, dpi: int = SCAN_DPI) -> list:
    """Grey numpy images of ``pages`` (1-based) of a PDF."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        images = []
        for number in pages:
            page = document[number - 1]
            bitmap = page.render(scale=dpi / 72, grayscale=True).to_numpy()
            images.append((bitmap[..., 0] if bitmap.ndim == 3 else bitmap).copy())
            page.close()
        return images
    finally:
        document.close()


def degrade(gray, *, degrees: float = 0.0, blur: float = 0.0, noise: float = 0.0, seed: int = 0):
    """A page image turned by ``degrees`` (counter-clockwise), blurred and speckled."""
    import cv2
    import numpy as np

    height, width = gray.shape
    if degrees:
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
        gray = cv2.warpAffine(gray, matrix, (width, height), borderValue=255)
    if blur:
        gray = cv2.GaussianBlur(gray, (0, 0), blur)
    if noise:
        speckle = np.random.default_rng(seed).normal(0, noise, gray.shape)
        gray = np.clip(gray.astype(np.float64) + speckle, 0, 255).astype(np.uint8)
    return gray


def images_pdf(images: Sequence, *, dpi: int = SCAN_DPI, quality: int = 60) -> bytes:
    """A PDF of one JPEG image a page (no text layer), ``dpi`` giving the page size."""
    from PIL import Image

    pictures = [Image.fromarray(image) for image in images]
    buffer = io.BytesIO()
    pictures[0].save(
        buffer,
        format="PDF",
        save_all=True,
        append_images=pictures[1:],
        resolution=dpi,
        quality=quality,
    )
    return buffer.getvalue()


def scanned(
    data: bytes,
    pages: Sequence[int],
    *,
    degrees: Sequence[float] = (1.2,),
    blur: float = 0.7,
    noise: float = 6.0,
    quality: int = 60,
    edit: Callable | None = None,
) -> bytes:
    """``pages`` of a text PDF as a scan: each turned by the next of ``degrees``, blurred,
    speckled and JPEG-compressed; ``edit(index, image)`` may change an image first."""
    images = page_images(data, pages)
    degraded = []
    for index, image in enumerate(images):
        if edit is not None:
            image = edit(index, image)
        degraded.append(
            degrade(
                image, degrees=degrees[index % len(degrees)], blur=blur, noise=noise, seed=index
            )
        )
    return images_pdf(degraded, quality=quality)


def text_pages(data: bytes, pages: Sequence[int]) -> bytes:
    """``pages`` of a text PDF as a PDF of their own (the scan's text-layer twin)."""
    import pypdfium2

    source = pypdfium2.PdfDocument(data)
    target = pypdfium2.PdfDocument.new()
    try:
        target.import_pages(source, [number - 1 for number in pages])
        buffer = io.BytesIO()
        target.save(buffer)
        return buffer.getvalue()
    finally:
        target.close()
        source.close()


# --- figures of two parses, compared -------------------------------------------------------------

_NOT_FIGURES = frozenset(
    {
        "source",
        "validation",
        "validation_summary",
        "low_confidence",
        "notes",
        "tables",
        "unreadable",
        "errors",
        "narrative",
    }
)
_ROW_KEYS = ("code", "name", "project", "dept_item", "item", "label")


def _row_key(row: dict, index: int) -> str:
    for key in _ROW_KEYS:
        if row.get(key):
            return f"{key}={row[key]}"
    return f"#{index}"


def figures_of(parsed: dict) -> dict[str, object]:
    """Every amount of a parse by where it sits ("functional_expenditure/code=201/total"):
    rows keyed by their code or name (not their position), line numbers left out."""
    from decimal import Decimal

    found: dict[str, object] = {}

    def walk(value: object, path: str) -> None:
        if isinstance(value, Decimal):
            found[path] = value
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in _NOT_FIGURES and "line" not in key:
                    walk(item, f"{path}/{key}" if path else key)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{path}/{_row_key(item, index) if isinstance(item, dict) else index}")

    walk(parsed, "")
    return found


def figure_agreement(expected: dict, actual: dict) -> tuple[int, int, list[str]]:
    """(figures of ``expected`` that ``actual`` has equal, figures of ``expected``, the paths
    of those that differ or are missing)."""
    want, got = figures_of(expected), figures_of(actual)
    differ = [path for path, value in want.items() if got.get(path) != value]
    return len(want) - len(differ), len(want), differ


def smudged_scan(office: bytes) -> tuple[bytes, tuple[float, float, float, float]]:
    """The cover and page 8 of the office's 2025 budget (its 财务收支预算总表) scanned, the
    收入总计 amount smudged: the right half of its cell blurred beyond a confident reading.
    Returns the scan and the cell's box on the scan's page 2 (points), found from the text
    layer, not from coordinates written here."""
    import cv2

    from ingest.extract import extract_document
    from ingest.formats.pdf_locations import parse_location

    text_raw = extract_document(text_pages(office, (8,)), "text.pdf")
    line = next(line for line in text_raw.lines if line.cells[0] == "收入总计")
    x0, top, x1, bottom = parse_location(text_raw.locations[line.no]).cell_box(1)
    scale = SCAN_DPI / 72
    left, right = int((x0 + (x1 - x0) * 0.45) * scale), int(x1 * scale)
    upper, lower = int(top * scale), int(bottom * scale)

    def edit(index, image):
        if index == 0:
            return image
        image = image.copy()
        image[upper:lower, left:right] = cv2.GaussianBlur(
            image[upper:lower, left:right], (0, 0), 3.5
        )
        return image

    return scanned(office, (1, 8), degrees=(-0.3, 0.6), edit=edit), (x0, top, x1, bottom)
