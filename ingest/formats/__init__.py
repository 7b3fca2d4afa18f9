"""Extractors for the binary formats departments publish: PDF, XLSX, XLS and DOCX.

Each module turns its file into the same :class:`~ingest.types.RawDocument` the text
decoder produces (rows of cells laid out as the text parser reads them), so table
recognition, validation and storage stay one code path. ``RawDocument.text`` is the
extracted text the line numbers point into, and ``RawDocument.locations`` says where
each line sits in the original file (PDF page and boxes, worksheet cells, Word
paragraph or table row).

:func:`extract_binary` is what :func:`ingest.extract.extract_document` calls for a PDF,
a zip container or an OLE compound file (.xls); the libraries are imported only when
such a file arrives. The PDF reader's modules: see :mod:`ingest.formats.pdf`.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from ingest.errors import ExtractError
from ingest.formats.common import DAMAGED_ZIP
from ingest.types import RawDocument

NOT_OFFICE_ZIP = (
    "无法识别的 zip 文件:既不是 XLSX 工作簿,也不是 DOCX 文档。"
    " The zip file is neither an XLSX workbook nor a DOCX document."
)
BAD_ZIP = (
    "文件已损坏,无法作为 XLSX 或 DOCX 读取。"
    " The file is damaged and cannot be read as XLSX or DOCX."
)


def office_kind(data: bytes) -> str:
    """``"xlsx"`` or ``"docx"`` from the parts inside a zip file; raises ExtractError."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except DAMAGED_ZIP as exc:  # a damaged directory may also claim an unknown zip version
        raise ExtractError(BAD_ZIP) from exc
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    raise ExtractError(NOT_OFFICE_ZIP)


def extract_binary(
    container: str,
    data: bytes,
    filename: str,
    *,
    on_page: Callable[[int, int, bool], None] | None = None,
) -> RawDocument:
    """Extract a ``"pdf"``, ``"zip"`` (XLSX/DOCX) or ``"ole"`` (XLS) file into a RawDocument.

    ``on_page`` hears of each PDF page as it is read (see :func:`ingest.formats.pdf.read_pages`).
    """
    if container == "pdf":
        from ingest.formats.pdf import extract_pdf

        if on_page is None:
            return extract_pdf(data, filename)
        return extract_pdf(data, filename, on_page=on_page)
    if container == "ole":
        from ingest.formats.xls import extract_xls

        return extract_xls(data, filename)
    if office_kind(data) == "xlsx":
        from ingest.formats.xlsx import extract_xlsx

        return extract_xlsx(data, filename)
    from ingest.formats.docx import extract_docx

    return extract_docx(data, filename)
