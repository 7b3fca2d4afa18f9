"""Mutators for the file fuzz: a sample's bytes and a seeded generator in, hostile bytes out.

Three families, chosen by the file's format:

- **bytes** (every format): flip, insert, delete or repeat bytes, truncate, splice in the
  middle of another sample;
- **text** (text, HTML, and the XML parts of XLSX/DOCX): repeat a line thousands of times (the
  quadratic paths of issue 15 were found that way), insert hostile tokens (figures of 30 to
  2,000 digits, "²", control characters, bidi overrides, huge spans, unclosed tables), change
  the encoding (UTF-16 with an odd length, GB18030, a BOM);
- **zip** (XLSX, DOCX): mutate one XML part with the text family and zip the file again, add
  hostile merged ranges, spans and cells, or understate a part's size in the zip directory.

Each mutator returns the new bytes and a short description, so a finding names what was done.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
from collections.abc import Callable

Mutator = Callable[[bytes, random.Random], tuple[bytes, str]]

HOSTILE_TOKENS = (
    "9" * 30,
    "1" * 400,
    "9" * 2000,
    "1,234,567,890,123,456,789,012,345.67",
    "²³",
    "١٢٣",
    "\x00",
    "\x1b[0m",
    "\u202e",
    "\ufeff",
    "\ud800",
    "-" * 300,
    "合计\t" * 500,
    "一、" * 200,
    "表1 收支总表",
    "2024年部门预算",
    '<td colspan="49" rowspan="49">1</td>' * 50,
    "<table>" * 300,
    "<tr><td>" * 500,
    "<!--",
    "<![CDATA[",
    "&#99999999;",
    "&" * 200,
    "|" * 500,
    "\t" * 2000,
    " " * 5000,
    "(" * 300,
)
XLSX_SNIPPETS = (
    '<mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>',
    '<mergeCells><mergeCell ref="A1:GR20000"/></mergeCells>',
    '<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>',
    '<c r="A1" t="n"><v>' + "9" * 400 + "</v></c>",
    '<c r="B2" t="inlineStr"><is><t>' + "中" * 5000 + "</t></is></c>",
    "<row/>" * 5000,
    '<c r="A1"/>' * 5000,
)
DOCX_SNIPPETS = (
    '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="100000000"/></w:tcPr><w:p/></w:tc>'
    "</w:tr></w:tbl>",
    '<w:tbl><w:tr><w:trPr><w:gridBefore w:val="999999"/></w:trPr></w:tr></w:tbl>',
    "<w:p/>" * 5000,
    "<w:sdt><w:sdtContent>" * 200 + "<w:p/>" + "</w:sdtContent></w:sdt>" * 200,
    "<w:tbl><w:tblGrid>" + "<w:gridCol/>" * 5000 + "</w:tblGrid></w:tbl>",
    "<w:p><w:r><w:t>" + "9" * 500 + "</w:t></w:r></w:p>",
)


# --- bytes ----------------------------------------------------------------------------------


def flip_bytes(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    out = bytearray(data)
    count = rng.randint(1, 64)
    for _ in range(count):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out), f"flip {count} bytes"


def truncate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    cut = rng.randrange(max(1, len(data)))
    return data[:cut], f"truncate at {cut}"


def repeat_chunk(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    start = rng.randrange(max(1, len(data)))
    size = rng.randint(1, 4096)
    times = rng.choice((2, 10, 100, 1000))
    chunk = data[start : start + size]
    return data[:start] + chunk * times + data[start:], f"repeat {len(chunk)} bytes x{times}"


def delete_chunk(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    start = rng.randrange(max(1, len(data)))
    size = rng.randint(1, 65536)
    return data[:start] + data[start + size :], f"delete {size} bytes at {start}"


def insert_random(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    at = rng.randrange(len(data) + 1)
    noise = rng.randbytes(rng.randint(1, 512))
    return data[:at] + noise + data[at:], f"insert {len(noise)} random bytes at {at}"


BYTE_MUTATORS: tuple[Mutator, ...] = (
    flip_bytes,
    truncate,
    repeat_chunk,
    delete_chunk,
    insert_random,
)


# --- text -----------------------------------------------------------------------------------


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8", errors="surrogateescape").split("\n")


def _join(lines: list[str]) -> bytes:
    return "\n".join(lines).encode("utf-8", errors="surrogatepass")


def repeat_line(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    lines = _lines(data)
    index = rng.randrange(len(lines))
    times = rng.choice((100, 1000, 3000))
    lines[index:index] = [lines[index]] * times
    return _join(lines), f"repeat line {index + 1} x{times}"


def insert_token(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    lines = _lines(data)
    index = rng.randrange(len(lines))
    token = rng.choice(HOSTILE_TOKENS)
    cells = lines[index].split("\t")
    cells[rng.randrange(len(cells))] = token
    lines[index] = "\t".join(cells)
    return _join(lines), f"token {token[:20]!r} on line {index + 1}"


def shuffle_lines(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    lines = _lines(data)
    start = rng.randrange(len(lines))
    block = lines[start : start + rng.randint(2, 200)]
    rng.shuffle(block)
    lines[start : start + len(block)] = block
    return _join(lines), f"shuffle {len(block)} lines at {start + 1}"


def reencode(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    text = data.decode("utf-8", errors="replace")
    choice = rng.choice(("utf-16-odd", "utf-16-surrogate", "gb18030", "bom", "utf-16be"))
    if choice == "utf-16-odd":
        return text.encode("utf-16") + b"\x00", choice
    if choice == "utf-16-surrogate":
        return text.encode("utf-16") + b"\x00\xd8", choice
    if choice == "gb18030":
        return text.encode("gb18030", errors="replace"), choice
    if choice == "utf-16be":
        return b"\xfe\xff" + text.encode("utf-16-be"), choice
    return b"\xef\xbb\xbf" + data, choice


TEXT_MUTATORS: tuple[Mutator, ...] = (repeat_line, insert_token, shuffle_lines, reencode)


# --- zip ------------------------------------------------------------------------------------


def _parts(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _zip(parts: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts:
            archive.writestr(name, content)
    return out.getvalue()


def mutate_part(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """One XML part mutated with the text family (or its bytes), the file zipped again."""
    parts = _parts(data)
    xml = [i for i, (name, _) in enumerate(parts) if name.endswith((".xml", ".rels"))]
    index = rng.choice(xml or range(len(parts)))
    name, content = parts[index]
    mutator = rng.choice((*TEXT_MUTATORS[:3], flip_bytes, repeat_chunk, truncate))
    mutated, what = mutator(content, rng)
    parts[index] = (name, mutated)
    return _zip(parts), f"{name}: {what}"


def insert_snippet(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """A hostile element put into the workbook's first sheet or the Word body."""
    parts = _parts(data)
    for index, (name, content) in enumerate(parts):
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            snippet = rng.choice(XLSX_SNIPPETS).encode()
            content = _into_sheet(content, snippet)
        elif name == "word/document.xml":
            snippet = rng.choice(DOCX_SNIPPETS).encode()
            content = content.replace(b"<w:body>", b"<w:body>" + snippet, 1)
        else:
            continue
        parts[index] = (name, content)
        return _zip(parts), f"{name}: insert {snippet[:40]!r}"
    return data, "no part to insert into"


def _into_sheet(content: bytes, snippet: bytes) -> bytes:
    if snippet.startswith(b"<mergeCells>"):
        merge = snippet.removeprefix(b"<mergeCells>").removesuffix(b"</mergeCells>")
        if b"</mergeCells>" in content:
            return content.replace(b"</mergeCells>", merge + b"</mergeCells>", 1)
        return content.replace(b"</sheetData>", b"</sheetData>" + snippet, 1)
    return content.replace(b"<sheetData>", b"<sheetData>" + snippet, 1)


def understate_size(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """The zip directory and local header claim a part is smaller than it unpacks to."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
    info = rng.choice(infos)
    size = rng.randint(0, max(0, info.file_size - 1))
    struct.pack_into("<I", out, info.header_offset + 22, size)
    position = out.find(b"PK\x01\x02")
    while position >= 0:
        length = struct.unpack_from("<H", out, position + 28)[0]
        if bytes(out[position + 46 : position + 46 + length]) == info.filename.encode():
            struct.pack_into("<I", out, position + 24, size)
        position = out.find(b"PK\x01\x02", position + 4)
    return bytes(out), f"{info.filename}: declared size {size} of {info.file_size}"


ZIP_MUTATORS: tuple[Mutator, ...] = (mutate_part, insert_snippet, understate_size)


def mutators_for(kind: str) -> tuple[Mutator, ...]:
    """The mutators that make sense for a sample of ``kind`` (text, html, pdf, xlsx, docx)."""
    if kind in ("text", "html"):
        return (*TEXT_MUTATORS, *TEXT_MUTATORS, *BYTE_MUTATORS)
    if kind in ("xlsx", "docx"):
        return (*ZIP_MUTATORS, *ZIP_MUTATORS, *BYTE_MUTATORS)
    return BYTE_MUTATORS


def mutate(data: bytes, kind: str, rng: random.Random) -> tuple[bytes, str]:
    """One to three mutations of ``data``; a zip mutator that fails falls back to bytes."""
    descriptions = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        mutator = rng.choice(mutators_for(kind))
        try:
            data, what = mutator(data, rng)
        except Exception:  # an earlier mutation broke the zip: mutate its bytes instead
            data, what = flip_bytes(data, rng)
        descriptions.append(f"{mutator.__name__}({what})")
    return data, "; ".join(descriptions)


def html_from_text(text: str) -> str:
    """A sample's tab-separated text as an HTML page: tables for the tab lines, paragraphs
    for the others (the layout HTML converters produce)."""
    out: list[str] = ["<html><body>"]
    in_table = False
    for line in text.split("\n"):
        cells = line.split("\t")
        if len(cells) > 1:
            if not in_table:
                out.append("<table>")
                in_table = True
            out.append("<tr>" + "".join(f"<td>{_escape(cell)}</td>" for cell in cells) + "</tr>")
            continue
        if in_table:
            out.append("</table>")
            in_table = False
        out.append(f"<p>{_escape(line)}</p>")
    if in_table:
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
