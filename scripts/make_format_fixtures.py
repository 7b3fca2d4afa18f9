"""Generate PDF, XLSX and DOCX versions of the five sample disclosures.

Administrators upload what departments publish: PDFs, workbooks with one sheet per
table and Word files. The tests in tests/ingest/formats/ check that each of these
yields the same figures as the sample's text version, so this script lays out each
sample's content, exactly as the text parser reads it, in each format:

- PDF: every run of table rows becomes an HTML ``<table>`` with ruling lines, every
  other line a ``<p>`` (indented, as Chinese documents print paragraphs); headless
  Chromium (Debian's, with fonts-noto-cjk) prints it on A4 landscape with a running
  header and a page-number footer, which the extractor must drop. Long cells wrap
  inside their table cells and tables break across pages, as in published PDFs.
- XLSX: one sheet per table in the national template's layout (title row merged
  across the table, group header cells merged, amounts as numbers with a number
  format), and a sheet for each run of text between tables.
- XLS: the XLSX workbook saved again as an old Excel 97-2003 workbook (xlwt): the same
  sheets, values, number formats and merged cells.
- DOCX: paragraphs and tables in document order, group header cells merged
  (``gridSpan``), the label column of performance forms merged vertically
  (``vMerge``), and a page header that is not part of the body.

Besides those it writes the edge cases: a scanned PDF (pages printed as images, no
text layer), a password-protected PDF and a PDF of one sample's tables without
ruling lines (text positions only).

Run from the repository root (needs /usr/bin/chromium and fonts-noto-cjk):

    .venv/bin/python scripts/make_format_fixtures.py

or, to write only the .xls twins of the committed .xlsx files (no browser needed):

    .venv/bin/python scripts/make_format_fixtures.py xls

The files it writes are committed (tests/fixtures/formats/); rerun it only when the
samples change.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import itertools
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from ingest.extract import extract_document  # noqa: E402
from ingest.pipeline import parse_document  # noqa: E402
from ingest.types import RawDocument, SourceLine  # noqa: E402

SAMPLES_DIR = REPO_ROOT / "samples" / "disclosures"
OUT_DIR = REPO_ROOT / "tests" / "fixtures" / "formats"
CHROMIUM = "/usr/bin/chromium"
SAMPLE_IDS = ("000", "001", "002", "003", "004")
BORDERLESS_SAMPLE = "003"
# The borderless PDF holds 003's tables 1-6 (its lines before the 表7 title).
BORDERLESS_LAST_LINE = 244
SCAN_SAMPLE = "004"
ENCRYPTED_PASSWORD = b"budget2024"

# A title or unit line printed above a table (kept on the table's sheet in the XLSX).
MAX_PREAMBLE_LINES = 4
MAX_PREAMBLE_CHARS = 40


@dataclass(frozen=True)
class Block:
    """A run of table rows (``is_table``, padded to one width) or of text lines."""

    is_table: bool
    rows: tuple[tuple[str, ...], ...]

    @property
    def width(self) -> int:
        return max(len(row) for row in self.rows)


def sample_lines(sample: str) -> tuple[Path, tuple[SourceLine, ...]]:
    """The sample's file and its lines of cells, as the text parser reads them."""
    path = next(SAMPLES_DIR.glob(f"{sample}_*.txt"))
    return path, extract_document(path.read_bytes(), path.name).lines


# The column a short row's amount belongs in, by the parse note's wording.
_MOVED_TO = {"carryover": "上年结转", "公用经费": "公用经费"}
_MOVED = re.compile(r"moved to (\S+) \(row short of columns")


def short_rows(lines: Sequence[SourceLine]) -> dict[int, str]:
    """Lines whose last amount the parser moved to another column -> that column's header.

    The text converter dropped empty cells from these rows ("row short of columns"
    in the parse notes), so the amount printed under 上年结转 or 公用经费 came out in
    an earlier column; a PDF or workbook keeps every column, so the fixture puts the
    amount where the parser read it.
    """
    raw = RawDocument("sample", "", "text", "", tuple(lines))
    moved = {}
    for note in parse_document(raw)["notes"]:
        match = _MOVED.search(note["what"])
        if match and match.group(1) in _MOVED_TO:
            moved[note["lines"][0]] = _MOVED_TO[match.group(1)]
    return moved


def blocks_of(lines: Sequence[SourceLine]) -> list[Block]:
    """Consecutive multi-cell lines form a table; single-cell lines are text."""
    moved = short_rows(lines)
    blocks: list[Block] = []
    run: list[SourceLine] = []
    in_table = False
    for line in lines:
        is_row = len(line.cells) > 1
        if run and is_row != in_table:
            blocks.append(_block(in_table, run, moved))
            run = []
        in_table = is_row
        run.append(line)
    if run:
        blocks.append(_block(in_table, run, moved))
    return blocks


def _block(is_table: bool, lines: list[SourceLine], moved: dict[int, str]) -> Block:
    if not is_table:
        return Block(False, tuple(line.cells for line in lines))
    width = max(len(line.cells) for line in lines)
    rows = [list(line.cells) + [""] * (width - len(line.cells)) for line in lines]
    for line, row in zip(lines, rows, strict=True):
        if line.no in moved:
            column = _header_column(rows, moved[line.no])
            row[len(line.cells) - 1], row[column] = "", line.cells[-1]
    return Block(True, tuple(tuple(row) for row in rows))


def _header_column(rows: Sequence[Sequence[str]], label: str) -> int:
    for row in rows:
        for index, cell in enumerate(row):
            if label in cell.replace(" ", ""):
                return index
    raise ValueError(f"no header {label!r} in the table")


def entity_of(lines: Sequence[SourceLine]) -> str:
    """A short running-header text: the document's first line."""
    return lines[0].text[:30]


# --- PDF ----------------------------------------------------------------------------------

PAGE_CSS = """
body { font-family: "Noto Sans CJK SC", "Noto Sans CJK", sans-serif; font-size: 10pt; }
p { margin: 0.45em 0; text-indent: 2em; line-height: 1.45; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0; font-size: 7.5pt; }
tr { break-inside: avoid; }
td { border: 0.6pt solid #000; padding: 1.2pt 2pt; vertical-align: middle; min-width: 12pt;
     overflow-wrap: anywhere; }
td.n { text-align: right; white-space: nowrap; }
table.bare td { border: none; padding: 1.2pt 6pt; }
"""
_AMOUNT = re.compile(r"^-?[\d,]+(?:\.\s?\d+)?$")
# "年度资金总额: 3,000,000": the text converter merged a label and its amount into one
# cell; printed on one line, as the two cells were, so a wrap cannot split them.
_LABELLED_AMOUNT = re.compile(r"^\S{1,16}[:：]?\s?-?[\d,]+(?:\.\d+)?$")


def _text(value: str) -> str:
    """Escaped, with no-break spaces: a line may wrap between any two hanzi, but not at
    a space, which a PDF does not print and so could not give back at a line end."""
    return html.escape(value).replace(" ", "\u00a0")


def html_of(blocks: Sequence[Block], title: str, *, ruled: bool = True) -> str:
    """The document as one HTML page: tables with ruling lines and paragraphs."""
    parts = [
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title><style>{PAGE_CSS}</style></head><body>",
    ]
    for block in blocks:
        if not block.is_table:
            parts.extend(f"<p>{_text(row[0])}</p>" for row in block.rows)
            continue
        parts.append("<table>" if ruled else '<table class="bare">')
        for row in block.rows:
            cells = "".join(
                f'<td class="n">{_text(cell)}</td>'
                if _AMOUNT.match(cell) or _LABELLED_AMOUNT.match(cell)
                else f"<td>{_text(cell)}</td>"
                for cell in row
            )
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


HEADER_TEMPLATE = (
    "<div style=\"font-family:'Noto Sans CJK SC',sans-serif;font-size:8pt;width:100%;"
    'text-align:center;color:#444">{header}</div>'
)
FOOTER_TEMPLATE = (
    "<div style=\"font-family:'Noto Sans CJK SC',sans-serif;font-size:8pt;width:100%;"
    'text-align:center">第 <span class="pageNumber"></span> 页 共 '
    '<span class="totalPages"></span> 页</div>'
)


class Printer:
    """Headless Chromium (Debian's) printing HTML to PDF through Playwright."""

    def __enter__(self) -> Printer:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        return self

    def __exit__(self, *exc: object) -> None:
        self._browser.close()
        self._playwright.stop()

    def pdf(self, page_html: str, *, header: str | None) -> bytes:
        page = self._browser.new_page()
        try:
            page.set_content(page_html, wait_until="load")
            options: dict[str, object] = {
                "format": "A4",
                "landscape": True,
                "margin": {"top": "18mm", "bottom": "16mm", "left": "12mm", "right": "12mm"},
            }
            if header is not None:
                options.update(
                    display_header_footer=True,
                    header_template=HEADER_TEMPLATE.format(header=html.escape(header)),
                    footer_template=FOOTER_TEMPLATE,
                )
            return page.pdf(**options)
        finally:
            page.close()


def scan_html(pdf: bytes, pages: int) -> str:
    """An HTML page of PNG images of the first ``pages`` pages of ``pdf`` (a 'scan')."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    images = []
    for index in range(min(pages, len(document))):
        bitmap = document[index].render(scale=1.0, grayscale=True)
        buffer = io.BytesIO()
        bitmap.to_pil().save(buffer, format="PNG", optimize=True)
        images.append(base64.b64encode(buffer.getvalue()).decode("ascii"))
    document.close()
    body = "".join(
        f'<img src="data:image/png;base64,{data}" style="width:100%;display:block;'
        'page-break-after:always">'
        for data in images
    )
    return f'<!doctype html><html><body style="margin:0">{body}</body></html>'


# --- a password-protected PDF (standard security handler, RC4 40-bit, revision 2) -------

_PASSWORD_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def encrypted_pdf(user_password: bytes, text: str) -> bytes:
    """A one-page PDF that opens only with ``user_password`` (PDF 1.4, RC4 40-bit)."""
    # MD5 and RC4 are what the PDF standard security handler (revision 2) prescribes.
    file_id = hashlib.md5(b"budget-portal-fixture").digest()
    owner_key = hashlib.md5((b"owner" + _PASSWORD_PAD)[:32]).digest()[:5]
    o_value = _rc4(owner_key, (user_password + _PASSWORD_PAD)[:32])
    permissions = -44
    key = hashlib.md5(
        (user_password + _PASSWORD_PAD)[:32] + o_value + struct.pack("<i", permissions) + file_id
    ).digest()[:5]
    u_value = _rc4(key, _PASSWORD_PAD)

    def encrypt(number: int, data: bytes) -> bytes:
        object_key = hashlib.md5(key + struct.pack("<i", number)[:3] + b"\x00\x00").digest()
        return _rc4(object_key[:10], data)

    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        4: b"<< /Length %d >>\nstream\n" % len(stream) + encrypt(4, stream) + b"\nendstream",
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        6: b"<< /Filter /Standard /V 1 /R 2 /O <"
        + o_value.hex().encode()
        + b"> /U <"
        + u_value.hex().encode()
        + b"> /P %d >>" % permissions,
    }
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for number in sorted(objects):
        out += b"%010d 00000 n \n" % offsets[number]
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 6 0 R /ID [<%s> <%s>] >>\n" % (
        len(objects) + 1,
        file_id.hex().encode(),
        file_id.hex().encode(),
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


# --- XLSX ---------------------------------------------------------------------------------

# Amounts as the template stores them; "500,0" (an amount split over two cells) stays text.
_NUMBER_CELL = re.compile(r"^-?(?:[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*|0)(?:\.\s?\d+)?$")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
_TABLE_TITLE = re.compile(r"\d{4}年.*表")


def sheet_blocks(blocks: Sequence[Block]) -> Iterator[tuple[str, list[tuple[str, ...]], int]]:
    """(kind, rows, preamble) per sheet: each table with its title lines, and the text between.

    The short lines just above a table (its title, 单位名称, 单位: 万元) go on the
    table's sheet as the template prints them; the other text lines get sheets of
    their own, so the workbook keeps the document's order.
    """
    text: list[tuple[str, ...]] = []
    for block in blocks:
        if not block.is_table:
            text.extend(block.rows)
            continue
        preamble: list[tuple[str, ...]] = []
        while (
            text and len(preamble) < MAX_PREAMBLE_LINES and len(text[-1][0]) <= MAX_PREAMBLE_CHARS
        ):
            preamble.insert(0, text.pop())
        if text:
            yield "text", text, 0
        text = []
        yield "table", preamble + list(block.rows), len(preamble)
    if text:
        yield "text", text, 0


def _sheet_title(used: set[str], kind: str, rows: Sequence[tuple[str, ...]], count: int) -> str:
    titles = [row[0] for row in rows if len(row) == 1 and _TABLE_TITLE.search(row[0])]
    base = "文字" if kind == "text" else (titles[0] if titles else rows[0][0] or "表")
    name = _SHEET_NAME_BAD.sub("", f"{count:02d} {base}")[:31]
    while name in used:
        name = name[:28] + f"~{len(used)}"
    used.add(name)
    return name


def _number(cell: str) -> tuple[float | int, str] | None:
    """The value and number format of a cell the template stores as a number."""
    plain = cell.replace(",", "").replace(" ", "")
    if not _NUMBER_CELL.match(cell) or len(plain.replace(".", "").lstrip("-")) > 15:
        return None  # not an amount, or more digits than a spreadsheet number holds
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    if decimals == 0:
        return int(plain), "#,##0" if "," in cell else "0"
    pattern = "0." + "0" * decimals
    return float(Decimal(plain)), ("#,##0." + "0" * decimals) if "," in cell else pattern


def write_xlsx(blocks: Sequence[Block], path: Path) -> None:
    """One sheet per table (title merged across, group headers merged) and per text run."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for count, (kind, rows, preamble) in enumerate(sheet_blocks(blocks), start=1):
        sheet = book.create_sheet(_sheet_title(used, kind, rows, count))
        if kind == "text":
            for row in rows:
                sheet.append([row[0]])
            sheet.column_dimensions["A"].width = 120
            continue
        width = max(len(row) for row in rows[preamble:])
        for number, row in enumerate(rows, start=1):
            for column, text in enumerate(row, start=1):
                if not text:
                    continue
                cell = sheet.cell(number, column)
                value = _number(text) if number > preamble else None
                if value is None:
                    cell.value = text
                    cell.data_type = "s"  # "=结转)" is text, not a formula
                else:
                    cell.value, cell.number_format = value
            if number <= preamble and width > 1:
                sheet.merge_cells(
                    start_row=number, start_column=1, end_row=number, end_column=width
                )
                sheet.cell(number, 1).alignment = Alignment(horizontal="center")
                if number == 1:
                    sheet.cell(number, 1).font = Font(bold=True, size=14)
        _merge_group_headers(sheet, rows, preamble)
    book.save(path)


def _group_spans(row: Sequence[str], below: Sequence[str]) -> Iterator[tuple[int, int]]:
    """0-based (first, last) columns of a header cell followed by empty cells that head
    two or more filled cells in the row below (a group header such as 本年收入)."""
    column = 0
    while column < len(row):
        if not row[column]:
            column += 1
            continue
        end = column
        while end + 1 < len(row) and not row[end + 1]:
            end += 1
        if end > column and sum(1 for cell in below[column : end + 1] if cell) >= 2:
            yield column, end
        column = end + 1


def _merge_group_headers(sheet: object, rows: Sequence[tuple[str, ...]], preamble: int) -> None:
    header = rows[preamble : preamble + 3]
    for offset, (row, below) in enumerate(itertools.pairwise(header)):
        number = preamble + offset + 1
        for first, last in _group_spans(row, below):
            sheet.merge_cells(  # type: ignore[attr-defined]
                start_row=number, start_column=first + 1, end_row=number, end_column=last + 1
            )


def write_xls(xlsx_path: Path, path: Path) -> None:
    """The XLSX workbook at ``xlsx_path`` as an Excel 97-2003 (.xls) workbook: each sheet's
    values with their number formats, merged ranges and hidden state."""
    import xlwt
    from openpyxl import load_workbook

    source = load_workbook(xlsx_path)
    book = xlwt.Workbook(encoding="utf-8")
    styles: dict[str, object] = {}
    for sheet in source.worksheets:
        target = book.add_sheet(sheet.title[:31], cell_overwrite_ok=True)
        if sheet.sheet_state != "visible":
            target.visibility = 1
        merged = {(r.min_row, r.min_col): r for r in sheet.merged_cells.ranges}
        covered = {
            (row, column)
            for r in sheet.merged_cells.ranges
            for row in range(r.min_row, r.max_row + 1)
            for column in range(r.min_col, r.max_col + 1)
        }
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                style = styles.setdefault(
                    cell.number_format, xlwt.easyxf(num_format_str=cell.number_format)
                )
                key = (cell.row, cell.column)
                if key in merged:
                    r = merged[key]
                    target.write_merge(
                        r.min_row - 1,
                        r.max_row - 1,
                        r.min_col - 1,
                        r.max_col - 1,
                        cell.value,
                        style,
                    )
                elif key not in covered:
                    target.write(cell.row - 1, cell.column - 1, cell.value, style)
    book.save(str(path))


def write_xls_twins() -> None:
    for sample in SAMPLE_IDS:
        write_xls(OUT_DIR / f"{sample}.xlsx", OUT_DIR / f"{sample}.xls")
        print(f"{sample}.xls from {sample}.xlsx")


# --- DOCX ---------------------------------------------------------------------------------

FORM_LABELS = frozenset({"绩效指标", "年度绩效指标", "项目资金(元)", "项目资金（元）"})


def write_docx(blocks: Sequence[Block], path: Path, header: str) -> None:
    """Paragraphs and tables in order; merged group headers and form label columns."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.size = Pt(10)
    style.font.name = "Noto Sans CJK SC"
    style.element.rPr.get_or_add_rFonts().set(qn("w:eastAsia"), "Noto Sans CJK SC")
    document.sections[0].header.paragraphs[0].text = header
    document.sections[0].footer.paragraphs[0].text = "第 1 页"
    for block in blocks:
        if not block.is_table:
            for row in block.rows:
                document.add_paragraph(row[0])
            continue
        table = document.add_table(rows=len(block.rows), cols=block.width)
        table.style = "Table Grid"
        for row, values in zip(table.rows, block.rows, strict=True):
            for cell, text in zip(row.cells, values, strict=True):
                if text:
                    cell.text = text
        _merge_docx(table, block.rows)
    document.save(str(path))


def _merge_docx(table: object, rows: Sequence[tuple[str, ...]]) -> None:
    for index, (row, below) in enumerate(itertools.pairwise(rows[:3])):
        for first, last in _group_spans(row, below):
            table.cell(index, first).merge(table.cell(index, last))  # type: ignore[attr-defined]
    for index, row in enumerate(rows):
        if row[0] not in FORM_LABELS:
            continue
        end = index
        while end + 1 < len(rows) and not rows[end + 1][0] and rows[end + 1][1]:
            end += 1
        if end > index:
            table.cell(index, 0).merge(table.cell(end, 0))  # type: ignore[attr-defined]


# --- main ---------------------------------------------------------------------------------


def compact_pdf(pdf: bytes) -> bytes:
    """The PDF with object streams and recompressed streams, when qpdf is installed.

    Chromium embeds Noto Sans CJK (CFF outlines) as Type 3 fonts with large font
    dictionaries; qpdf packs them into compressed object streams (about a third
    smaller). The content is unchanged.
    """
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        return pdf
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder, "in.pdf"), Path(folder, "out.pdf")
        source.write_bytes(pdf)
        subprocess.run(
            [
                qpdf,
                "--object-streams=generate",
                "--compress-streams=y",
                "--recompress-flate",
                "--compression-level=9",
                "--deterministic-id",
                str(source),
                str(target),
            ],
            check=True,
        )
        return target.read_bytes()


def write_pdf(
    printer: Printer, blocks: Sequence[Block], path: Path, header: str, *, ruled: bool = True
) -> bytes:
    """Print ``blocks`` to ``path`` (compacted) and return the PDF."""
    pdf = compact_pdf(printer.pdf(html_of(blocks, path.stem, ruled=ruled), header=header))
    path.write_bytes(pdf)
    return pdf


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    if sys.argv[1:] == ["xls"]:
        write_xls_twins()
        return
    with Printer() as printer:
        for sample in SAMPLE_IDS:
            _, lines = sample_lines(sample)
            blocks = blocks_of(lines)
            header = f"{entity_of(lines)} 预算公开"
            pdf = write_pdf(printer, blocks, OUT_DIR / f"{sample}.pdf", header)
            write_xlsx(blocks, OUT_DIR / f"{sample}.xlsx")
            write_xls(OUT_DIR / f"{sample}.xlsx", OUT_DIR / f"{sample}.xls")
            write_docx(blocks, OUT_DIR / f"{sample}.docx", header)
            print(f"{sample}: {len(blocks)} blocks, PDF {len(pdf) // 1024} KB")
            if sample == BORDERLESS_SAMPLE:
                tables = blocks_of([line for line in lines if line.no < BORDERLESS_LAST_LINE])
                bare = OUT_DIR / f"{sample}_borderless.pdf"
                write_pdf(printer, tables, bare, header, ruled=False)
            if sample == SCAN_SAMPLE:
                scan = compact_pdf(printer.pdf(scan_html(pdf, 1), header=None))
                (OUT_DIR / "scan.pdf").write_bytes(scan)
    (OUT_DIR / "encrypted.pdf").write_bytes(encrypted_pdf(ENCRYPTED_PASSWORD, "2024 budget"))
    total = sum(item.stat().st_size for item in OUT_DIR.iterdir())
    print(f"wrote {OUT_DIR.relative_to(REPO_ROOT)}: {total // 1024} KB in all")


if __name__ == "__main__":
    main()
