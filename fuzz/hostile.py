"""Hostile files of issue 15, built in code from the real samples (each a few hundred KB).

Used by the tests (tests/ingest/) and by ``bench/linearity.py``.

Every builder returns bytes a department could upload: a workbook whose one merged range
covers the whole sheet, a Word file whose zip directory understates a part, HTML full of
spans, a text whose table title repeats ten thousand times.
"""

import io
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]

FORMATS = REPO_ROOT / "tests" / "fixtures" / "formats"
SAMPLES = REPO_ROOT / "samples" / "disclosures"


def sample_text(prefix: str) -> str:
    (path,) = SAMPLES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def rezip(path: Path, edit: Callable[[str, bytes], bytes]) -> bytes:
    """The Office file at ``path`` with each part passed through ``edit(name, bytes)``."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            z.writestr(info.filename, edit(info.filename, source.read(info)))
    return out.getvalue()


def merge_bomb_xlsx(reference: str = "C1:XFD1048576") -> bytes:
    """004.xlsx with one more merged range on its first sheet (openpyxl would create a cell
    object for each of its 17 billion cells)."""

    def edit(name: str, content: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return content
        merge = f'<mergeCell ref="{reference}"/>'.encode()
        if b"</mergeCells>" in content:
            return content.replace(b"</mergeCells>", merge + b"</mergeCells>", 1)
        return content.replace(
            b"</sheetData>", b"</sheetData><mergeCells>" + merge + b"</mergeCells>"
        )

    return rezip(FORMATS / "004.xlsx", edit)


def tiny_cells_xlsx(count: int) -> bytes:
    """004.xlsx with ``count`` more empty cells on its first sheet, 40 to a row."""
    rows = []
    for row in range(count // 40):
        cells = "".join(f'<c r="{column_letter(c + 1)}{row + 1000}"/>' for c in range(40))
        rows.append(f'<row r="{row + 1000}">{cells}</row>')
    filler = "".join(rows).encode()

    def edit(name: str, content: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            return content.replace(b"</sheetData>", filler + b"</sheetData>", 1)
        return content

    return rezip(FORMATS / "004.xlsx", edit)


def column_letter(number: int) -> str:
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def padded_docx(padding_bytes: int) -> bytes:
    """004.docx whose body starts with a comment of ``padding_bytes`` spaces (it deflates to
    almost nothing)."""

    def edit(name: str, content: bytes) -> bytes:
        if name == "word/document.xml":
            comment = b"<!--" + b" " * padding_bytes + b"-->"
            return content.replace(b"<w:body>", b"<w:body>" + comment, 1)
        return content

    return rezip(FORMATS / "004.docx", edit)


def understated_docx(padding_bytes: int = 20_000_000, declared: int = 1000) -> bytes:
    """padded_docx whose zip directory and local header claim document.xml is ``declared``
    bytes: a reader trusting the directory would think it small."""
    data = bytearray(padded_docx(padding_bytes))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    struct.pack_into("<I", data, info.header_offset + 22, declared)
    position = data.find(b"PK\x01\x02")
    while position >= 0:
        length = struct.unpack_from("<H", data, position + 28)[0]
        if bytes(data[position + 46 : position + 46 + length]) == b"word/document.xml":
            struct.pack_into("<I", data, position + 24, declared)
        position = data.find(b"PK\x01\x02", position + 4)
    return bytes(data)


def wide_span_docx(span: int = 100_000_000) -> bytes:
    """004.docx with a one-cell table whose cell spans ``span`` grid columns."""
    table = (
        f'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>'
        "<w:p><w:r><w:t>合计</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    ).encode()

    def edit(name: str, content: bytes) -> bytes:
        if name == "word/document.xml":
            return content.replace(b"<w:body>", b"<w:body>" + table, 1)
        return content

    return rezip(FORMATS / "004.docx", edit)


def spans_html(cells: int, colspan: int = 49, rowspan: int = 49) -> bytes:
    """A table of ``cells`` cells, ten to a row, each spanning ``colspan`` columns and
    ``rowspan`` rows (about 40 bytes each; issue 15's 218 KB of them took 20 s)."""
    cell = f'<td colspan="{colspan}" rowspan="{rowspan}">1</td>'
    rows = "".join(f"<tr>{cell * 10}</tr>" for _ in range(cells // 10))
    return f"<html><body><p>2024年部门预算</p><table>{rows}</table></body></html>".encode()


def repeated_title_text(times: int) -> bytes:
    """Sample 000 with a line of prose repeated ``times`` times inside its 情况说明, where the
    converter's wrapped lines are joined into one paragraph (issue 15: 10,000 repeats, 87 s)."""
    text = sample_text("000")
    heading = "一、单位预算收支数据变动情况及原因\n"  # the section, not its line in the contents
    at = text.index(heading) + len(heading)
    repeated = "一般公共预算支出预算表\n" * times
    return (text[:at] + repeated + text[at:]).encode("utf-8")


PROJECT_ROW = "支持开发区建设发展工作经费\t19. 07"  # line 374 of sample 000
PROJECT_LINE = 374


def long_figure_text(digits: int, entity: str = "超长数字测试局") -> bytes:
    """Sample 000, renamed, with its first project's amount (line 374) made ``digits`` long."""
    text = sample_text("000").replace("晋城市商务局", entity)
    row = PROJECT_ROW.replace("19. 07", "9" * digits + ". 07")
    return text.replace(PROJECT_ROW, row, 1).encode("utf-8")


def repeated_form_row_text(times: int) -> bytes:
    """Sample 004 with one row of a performance form repeated ``times`` times (issue 15's fuzz:
    3,000 repeats kept the forms reader busy for 180 s, choosing each gap's cut)."""
    lines = sample_text("004").split("\n")
    index = next(i for i, line in enumerate(lines) if "住宿餐饮企业奖励标准" in line)
    lines[index:index] = [lines[index]] * times
    return "\n".join(lines).encode("utf-8")
