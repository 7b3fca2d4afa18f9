"""Layout variants of a tab-separated disclosure, generated from the real samples.

Other converters lay the same content out as markdown pipe tables, HTML ``<table>``
markup, GB18030 with CRLF line ends or UTF-8 with a byte-order mark. These helpers
turn a sample into each of them, so a test can check that the parse is the same.
The HTML variant keeps every row on its source line (``<table>`` opens on the first
row's line), so even line numbers survive; the pipe variants add markdown separator
lines and so shift them, as does HTML with every cell on its own line. Some
converters align some lines of a table with spaces instead of tabs
(``to_some_spaces``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from typing import Any

SAMPLE_TEXT_ENCODING = "utf-8"


def _blocks(lines: list[str]) -> Iterator[tuple[bool, list[str]]]:
    """Runs of consecutive tab-separated lines (True) and of other lines (False)."""
    run: list[str] = []
    in_table = False
    for line in lines:
        is_row = "\t" in line
        if run and is_row != in_table:
            yield in_table, run
            run = []
        in_table = is_row
        run.append(line)
    if run:
        yield in_table, run


def to_pipe(text: str) -> str:
    """Markdown pipe tables: ``| a | b |`` rows with a separator after each table's first row."""
    out: list[str] = []
    for is_table, run in _blocks(text.split("\n")):
        if not is_table:
            out.extend(run)
            continue
        for index, line in enumerate(run):
            cells = line.split("\t")
            out.append("| " + " | ".join(cell.strip() for cell in cells) + " |")
            if index == 0:
                out.append("|" + "|".join(" --- " for _ in cells) + "|")
    return "\n".join(out)


def to_html(text: str) -> str:
    """HTML tables, one ``<tr>`` per source line, so line numbers are unchanged."""
    out: list[str] = []
    for is_table, run in _blocks(text.split("\n")):
        if not is_table:
            out.extend(run)
            continue
        rows = [
            "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in line.split("\t")) + "</tr>"
            for line in run
        ]
        rows[0] = "<table>" + rows[0]
        rows[-1] = rows[-1] + "</table>"
        out.extend(rows)
    return "\n".join(out)


def to_html_cell_per_line(text: str) -> str:
    """HTML tables as some converters print them: every tag on its own line, ``<th>`` headers.

    A row then spans several source lines, so line numbers move.
    """
    out: list[str] = []
    for is_table, run in _blocks(text.split("\n")):
        if not is_table:
            out.extend(run)
            continue
        out.append("<table>")
        for index, line in enumerate(run):
            tag = "th" if index == 0 else "td"
            out.append("<tr>")
            out.extend(f"<{tag}>{html.escape(cell)}</{tag}>" for cell in line.split("\t"))
            out.append("</tr>")
        out.append("</table>")
    return "\n".join(out)


def to_bare_pipe(text: str) -> str:
    """Markdown pipe tables without outer pipes (``a | b``), a ``---|---`` line after the first."""
    out: list[str] = []
    for is_table, run in _blocks(text.split("\n")):
        if not is_table:
            out.extend(run)
            continue
        for index, line in enumerate(run):
            cells = line.split("\t")
            out.append(" | ".join(cell.strip() for cell in cells))
            if index == 0:
                out.append("|".join("---" for _ in cells))
    return "\n".join(out)


def to_some_spaces(text: str, every: int = 3) -> str:
    """Every ``every``-th tab-separated line with runs of three spaces instead of tabs.

    Converters differ within one file: some lines of a table come out space-aligned.
    Lines whose cells already hold runs of spaces (rotated-page garbage) stay as they
    are: once their tabs are spaces no reader could tell the cells apart.
    """
    out: list[str] = []
    count = 0
    for line in text.split("\n"):
        if "\t" in line:
            count += 1
            if count % every == 0 and "  " not in line:
                line = line.replace("\t", "   ")
        out.append(line)
    return "\n".join(out)


def to_gb18030_crlf(text: str) -> bytes:
    """GB18030 bytes with Windows line ends."""
    return text.replace("\n", "\r\n").encode("gb18030")


def to_utf8_bom(text: str) -> bytes:
    """UTF-8 bytes behind a byte-order mark."""
    return b"\xef\xbb\xbf" + text.encode("utf-8")


VARIANTS: dict[str, Callable[[str], bytes]] = {
    "pipe": lambda text: to_pipe(text).encode("utf-8"),
    "html": lambda text: to_html(text).encode("utf-8"),
    "html_cell_per_line": lambda text: to_html_cell_per_line(text).encode("utf-8"),
    "bare_pipe": lambda text: to_bare_pipe(text).encode("utf-8"),
    "some_spaces": lambda text: to_some_spaces(text).encode("utf-8"),
    "gb18030_crlf": to_gb18030_crlf,
    "utf8_bom": to_utf8_bom,
}
LINE_KEY = re.compile(r"(?:^|_)lines?$")
# Variants that keep every line on its source line number.
LINE_PRESERVING = frozenset({"html", "gb18030_crlf", "utf8_bom"})


def without_keys(value: Any, drop: Callable[[str], bool]) -> Any:
    """``value`` with every dict key for which ``drop(key)`` is true removed, recursively."""
    if isinstance(value, dict):
        return {k: without_keys(v, drop) for k, v in value.items() if not drop(k)}
    if isinstance(value, list):
        return [without_keys(item, drop) for item in value]
    return value


def comparable(parsed: dict[str, Any], *, keep_lines: bool) -> dict[str, Any]:
    """The parse without its source description (and without line numbers unless kept)."""
    result = {key: value for key, value in parsed.items() if key != "source"}
    if keep_lines:
        return result
    return without_keys(result, lambda key: bool(LINE_KEY.search(key)))


def without_lines(value: Any) -> Any:
    """A parse (or part of one) without its line numbers: every key naming a line is dropped,
    so that layouts whose lines fall differently compare by content."""
    if isinstance(value, dict):
        return {k: without_lines(v) for k, v in value.items() if "line" not in k}
    if isinstance(value, list):
        return [without_lines(v) for v in value]
    return value
