"""Borderless twins of real PDFs, made in the tests: the same file with its ruling lines
left out, all of them or the vertical ones only.

The drawing operators of each content stream (the pages' and their form XObjects') are
rewritten in place: a path that is painted (stroked or filled) is dropped, or, with
``keep="horizontal"``, redrawn with its horizontal sides only (a cell's rectangle becomes
its top and bottom rules; a filled bar thinner than two points stays). Clipping paths
and everything else stay as they were, byte for byte. The rewritten stream is padded to
its old length, so no object moves and the cross-reference table stays valid; pdfium's
own page editing cannot serve here, as it drops the text objects of the Chromium-printed
fixtures when it writes a page again.
"""

from __future__ import annotations

import re
import zlib
from typing import Literal

Keep = Literal["none", "horizontal"]

_STREAM = re.compile(rb">>\s*stream\r?\n")
_TOKEN = re.compile(
    rb"\((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\)"  # a string (one level of nesting)
    rb"|<<|>>|<[0-9A-Fa-f\s]*>|\[|\]"
    rb"|/[^\s/\[\]()<>{}%]*"
    rb"|%[^\r\n]*"
    rb"|[^\s/\[\]()<>{}%]+"
)
_NUMBER = re.compile(rb"[-+]?(?:\d+\.?\d*|\.\d+)")
_CONSTRUCT = {b"m", b"l", b"c", b"v", b"y", b"h", b"re"}
_PAINT = {b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"n"}
_FILL_ONLY = {b"f", b"F", b"f*"}
_CLIP = {b"W", b"W*"}
_NOT_CONTENT = re.compile(
    rb"/Type\s*/(?:XRef|ObjStm|Metadata|EmbeddedFile)|/Length[123]\b|/Subtype\s*/(?!Form)|/N\s"
)


def without_rules(pdf: bytes, keep: Keep = "none") -> bytes:
    """``pdf`` with its painted paths removed (``keep="horizontal"``: but their
    horizontal sides), every other byte where it was."""
    out = bytearray(pdf)
    for match in _STREAM.finditer(pdf):
        head = pdf.rfind(b"<<", 0, match.start())
        dictionary = _dictionary(pdf, match.start() + 2)
        if head < 0 or dictionary is None or _NOT_CONTENT.search(dictionary):
            continue
        start = match.end()
        end = pdf.find(b"endstream", start)
        if end < 0:
            continue
        rewritten = _rewritten_stream(pdf[start:end], dictionary, keep)
        if rewritten is not None:
            out[start:end] = rewritten
    return bytes(out)


def _dictionary(pdf: bytes, end: int) -> bytes | None:
    """The dictionary whose ``>>`` ends at ``end`` (nested dictionaries included)."""
    depth = 0
    for match in reversed(list(re.finditer(rb"<<|>>", pdf[max(0, end - 4096) : end]))):
        depth += 1 if match.group(0) == b">>" else -1
        if depth == 0:
            return pdf[max(0, end - 4096) + match.start() : end]
    return None


def _rewritten_stream(raw: bytes, dictionary: bytes, keep: Keep) -> bytes | None:
    """The stream's bytes with its paths rewritten, as long as ``raw`` (None: unchanged)."""
    filters = (
        re.findall(rb"/(\w+)", dictionary.split(b"/Filter", 1)[1])
        if b"/Filter" in (dictionary)
        else []
    )
    flate = filters[:1] == [b"FlateDecode"]
    if filters and not flate:
        return None
    try:
        content = zlib.decompressobj().decompress(raw) if flate else raw
    except zlib.error:
        return None
    words = content.split()
    if b"begincmap" in content or b"BI" in words or {b"d0", b"d1"} & set(words[:12]):
        return None  # a CMap, inline image data, or the glyph of a Type 3 font
    rewritten = rewrite_paths(content, keep)
    if rewritten == content:
        return None
    packed = zlib.compress(rewritten, 9) if flate else rewritten
    if len(packed) > len(raw):
        return None
    # Flate decoding stops at the end of the compressed data; spaces are blanks in content.
    return packed + (b"\0" if flate else b" ") * (len(raw) - len(packed))


def rewrite_paths(content: bytes, keep: Keep = "none") -> bytes:
    """A content stream's painted paths removed or cut down to their horizontal sides."""
    out = bytearray()
    copied = 0  # content[:copied] is in ``out`` (or dropped)
    path_start: int | None = None
    path: list[tuple[bytes, list[float]]] = []
    operands: list[bytes] = []
    operand_start = 0
    for match in _TOKEN.finditer(content):
        token = match.group(0)
        if not _is_operator(token):
            if not operands:
                operand_start = match.start()
            operands.append(token)
            continue
        if token in _CONSTRUCT:
            if path_start is None:
                path_start = operand_start if operands else match.start()
            path.append((token, [float(value) for value in operands if _NUMBER.fullmatch(value)]))
        elif token in _CLIP and path_start is not None:
            path.append((token, []))
        elif token in _PAINT and path_start is not None:
            if not any(op in _CLIP for op, _ in path):
                out += content[copied:path_start]
                out += _redrawn(path, token, keep)
                copied = match.end()
            path_start, path = None, []
        operands = []
    out += content[copied:]
    return bytes(out)


def _is_operator(token: bytes) -> bool:
    return (
        not _NUMBER.fullmatch(token)
        and token[:1] not in b"/([<]%"
        and token not in (b"true", b"false", b"null")
    )


def _redrawn(path: list[tuple[bytes, list[float]]], paint: bytes, keep: Keep) -> bytes:
    """The horizontal sides of a path (``keep="horizontal"``), or nothing."""
    if keep == "none":
        return b""
    lines, bars = _horizontal_sides(path)
    drawn = b"".join(b"%g %g %g %g re f\n" % tuple(bar) for bar in bars)
    if lines and paint not in _FILL_ONLY:
        drawn += b"".join(b"%g %g m %g %g l\n" % (x0, y, x1, y) for y, x0, x1 in lines) + b"S\n"
    return drawn


def _horizontal_sides(
    path: list[tuple[bytes, list[float]]],
) -> tuple[list[tuple[float, float, float]], list[list[float]]]:
    """A path's horizontal segments (y, x0, x1) and its bars (rectangles thinner than two
    points: a rule drawn as a filled bar)."""
    segments: list[tuple[float, float, float]] = []
    bars: list[list[float]] = []
    point = start = (0.0, 0.0)
    for op, values in path:
        if op == b"re" and len(values) == 4:
            x, y, width, height = values
            if abs(height) < 2.0 and abs(width) >= 2.0:
                bars.append(values)
            else:
                segments += [(y, x, x + width), (y + height, x, x + width)]
            point = start = (x, y)
        elif op in (b"m", b"l") and len(values) == 2:
            if op == b"l" and point[1] == values[1]:
                segments.append((point[1], point[0], values[0]))
            point = (values[0], values[1])
            start = point if op == b"m" else start
        elif op == b"h":
            if point[1] == start[1]:
                segments.append((point[1], point[0], start[0]))
            point = start
        elif len(values) >= 2:
            point = (values[-2], values[-1])
    return [s for s in segments if abs(s[2] - s[1]) >= 1.0], bars
