"""How much a PDF's streams unpack to, counted before pdfium is given the file.

pdfium inflates a page's content streams whole when it loads the page, and parses every
operator into an object: a 1.5 MB file whose content stream inflates to 1.5 GB (a
FlateDecode bomb) held 2.5 GB, and a page of two million text operators 650 MB, before
any loop of ours could look at the clock. So the raw file is scanned first, stream by
stream, inflating each in chunks and counting as it goes (never trusting a declared
length), and refused past the limits:

- ``max_stream_bytes``: what any one stream may unpack to;
- ``max_total_bytes``: what all streams together may unpack to;
- ``max_operators``: text, path and image operators in one content stream (a page's
  objects: pdfium keeps about 300 bytes for each);
- ``max_image_pixels``: the declared width × height of one image.

The filters counted are FlateDecode, LZWDecode and RunLengthDecode, after any
ASCIIHexDecode/ASCII85Decode in front of them; image codecs (DCT, JPX, JBIG2, CCITT)
decode only when a page is drawn, and their size is bounded by the image's declared
pixels. Encrypted streams cannot be inflated without the key: they are skipped (an
encrypted file opens only with its password, which uploads never carry).

The scan is approximate in one direction only: it finds streams by their ``stream``
keyword, so a stream it cannot delimit is not counted; the worker's memory limit is
the backstop for what it misses.
"""

from __future__ import annotations

import base64
import re
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ingest.errors import ExtractError

CHUNK_BYTES = 1 << 20
_DICT_LOOKBACK = 65536

STREAM_TOO_LARGE = (
    "PDF 中有一个数据流解压后超过 {limit} MB 的上限,已拒绝读取。"
    " A stream of the PDF unpacks to more than {limit} MB."
)
TOTAL_TOO_LARGE = (
    "PDF 的数据流解压后合计超过 {limit} MB 的上限,已拒绝读取。"
    " The PDF's streams unpack to more than {limit} MB in all."
)
TOO_MANY_OPERATORS = (
    "PDF 中有一页的绘制命令超过 {limit} 个的上限(文字、线条、图片),已拒绝读取。"
    " A page content stream holds more than {limit} drawing operators."
)
IMAGE_TOO_LARGE = (
    "PDF 中有一张图片为 {width} × {height} 像素,超过 {limit} 万像素的上限,已拒绝读取。"
    " An image of the PDF is {width} x {height} pixels; the limit is {limit}0,000 pixels."
)
TOO_SLOW = (
    "PDF 解析超过 {limit:.0f} 秒的时间上限(检查数据流时)。"
    " Reading the PDF took longer than {limit:.0f} s (while checking its streams)."
)

_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_BRACKETS = re.compile(rb"<<|>>")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_DIMENSION = re.compile(rb"/(Width|Height|W|H)\s+(\d+)(?!\s+\d+\s+R)")
_IMAGE = re.compile(rb"/Subtype\s*/Image|/ImageMask\s+true")
_NOT_CONTENT = re.compile(
    rb"/Subtype\s*/(?!Form)|/Type\s*/(?:ObjStm|XRef|Metadata|EmbeddedFile)|/Length[123]\s"
)
# Operators that make a page object: showing text, a rectangle or a path start, an XObject.
_OPERATORS = (b"Tj", b"TJ", b" re", b" m\n", b" m ", b"Do")
_ABBREVIATIONS = {
    b"Fl": b"FlateDecode",
    b"AHx": b"ASCIIHexDecode",
    b"A85": b"ASCII85Decode",
    b"LZW": b"LZWDecode",
    b"RL": b"RunLengthDecode",
}
_COUNTED = {b"FlateDecode", b"LZWDecode", b"RunLengthDecode"}


@dataclass(frozen=True, slots=True)
class StreamLimits:
    max_stream_bytes: int
    max_total_bytes: int
    max_operators: int
    max_image_pixels: int
    deadline: float
    time_limit_s: float


@dataclass(frozen=True, slots=True)
class _Stream:
    dictionary: bytes
    data: bytes


def _dictionary_start(data: bytes, end: int) -> int:
    """Where the ``<<`` that the ``>>`` ending at ``end`` closes begins (-1: not found).

    Looks back a short way first: a stream's dictionary is rarely longer than a line.
    """
    for lookback in (512, 8192, _DICT_LOOKBACK):
        window_start = max(0, end - lookback)
        depth = 0
        for match in reversed(list(_BRACKETS.finditer(data, window_start, end))):
            depth += 1 if match.group(0) == b">>" else -1
            if depth == 0:
                return match.start()
        if window_start == 0:
            break
    return -1


def _streams(data: bytes) -> Iterator[_Stream]:
    for match in _STREAM.finditer(data):
        closing = match.start() + 2
        start = _dictionary_start(data, closing)
        if start < 0:
            continue
        dictionary = data[start:closing]
        body = match.end()
        end = data.find(b"endstream", body)
        length = _LENGTH.search(dictionary)
        if length and body + int(length.group(1)) <= len(data):
            stop = body + int(length.group(1))
            end = stop if end < 0 else min(max(end, stop), len(data))
        if end < 0:
            end = len(data)
        yield _Stream(dictionary, data[body:end])


def _filters(dictionary: bytes) -> list[bytes]:
    found = _FILTER.search(dictionary)
    if not found:
        return []
    return [_ABBREVIATIONS.get(name, name) for name in _NAME.findall(found.group(1))]


def _ascii_hex(data: bytes) -> bytes:
    digits = re.sub(rb"[^0-9A-Fa-f]", b"", data.split(b">", 1)[0])
    return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))


def _ascii85(data: bytes) -> bytes:
    body = data.split(b"~>", 1)[0]
    body = re.sub(rb"\s", b"", body)
    if body.startswith(b"<~"):
        body = body[2:]
    return base64.a85decode(body)


def _inflate(data: bytes) -> Iterator[bytes]:
    """Flate output in chunks of at most CHUNK_BYTES; stops quietly at corrupt data."""
    inflater = zlib.decompressobj()
    pending = data
    try:
        while pending and not inflater.eof:
            chunk = inflater.decompress(pending, CHUNK_BYTES)
            if chunk:
                yield chunk
            pending = inflater.unconsumed_tail
            if not chunk and not pending:
                break
    except zlib.error:
        return


def _lzw(data: bytes) -> Iterator[bytes]:
    """LZW (the PDF variant: 9-12 bit codes, early change) in chunks."""
    decoder = _LzwState()
    out = bytearray()
    for code in _lzw_codes(data, decoder):
        if code == _LZW_END:
            break
        entry = decoder.entry(code)
        if entry is None:
            break
        out += entry
        if len(out) >= CHUNK_BYTES:
            yield bytes(out)
            out.clear()
    if out:
        yield bytes(out)


_LZW_CLEAR, _LZW_END = 256, 257


class _LzwState:
    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.table = [bytes([value]) for value in range(256)] + [b"", b""]
        self.width = 9
        self.previous = b""

    def entry(self, code: int) -> bytes | None:
        """The bytes a code stands for, adding the table entry it implies."""
        if code < len(self.table):
            entry = self.table[code]
        elif self.previous:
            entry = self.previous + self.previous[:1]
        else:
            return None
        if self.previous:
            self.table.append(self.previous + entry[:1])
        self.previous = entry
        if len(self.table) + 1 >= (1 << self.width) and self.width < 12:
            self.width += 1
        return entry


def _lzw_codes(data: bytes, state: _LzwState) -> Iterator[int]:
    buffer = bits = 0
    for byte in data:
        buffer = (buffer << 8) | byte
        bits += 8
        while bits >= state.width:
            bits -= state.width
            code = (buffer >> bits) & ((1 << state.width) - 1)
            if code == _LZW_CLEAR:
                state.clear()
                continue
            yield code


def _run_length(data: bytes) -> Iterator[bytes]:
    out = bytearray()
    index = 0
    while index < len(data):
        length = data[index]
        if length == 128:
            break
        if length < 128:
            out += data[index + 1 : index + 2 + length]
            index += 2 + length
        else:
            out += data[index + 1 : index + 2] * (257 - length)
            index += 2
        if len(out) >= CHUNK_BYTES:
            yield bytes(out)
            out.clear()
    if out:
        yield bytes(out)


_DECODERS: dict[bytes, Callable[[bytes], Iterator[bytes]]] = {
    b"FlateDecode": _inflate,
    b"LZWDecode": _lzw,
    b"RunLengthDecode": _run_length,
}


def _unpacked(stream: _Stream) -> Iterator[bytes] | None:
    """The stream's unpacked bytes in chunks, when a counted filter unpacks it."""
    data = stream.data
    for name in _filters(stream.dictionary):
        if name == b"ASCIIHexDecode":
            data = _ascii_hex(data)
        elif name == b"ASCII85Decode":
            try:
                data = _ascii85(data)
            except ValueError:
                return None
        elif name in _COUNTED:
            return _DECODERS[name](data)
        else:
            return None
    return None


def check_streams(data: bytes, limits: StreamLimits) -> None:
    """Raise :class:`ExtractError` when the PDF's streams unpack past ``limits``."""
    total = 0
    for stream in _streams(data):
        _check_clock(limits)
        is_image = bool(_IMAGE.search(stream.dictionary))
        if is_image:
            _check_image(stream.dictionary, limits)
        chunks = _unpacked(stream)
        if chunks is not None:
            is_content = not is_image and not _NOT_CONTENT.search(stream.dictionary)
            total = _count(chunks, is_content, total, limits)


def _check_clock(limits: StreamLimits) -> None:
    if time.monotonic() > limits.deadline:
        raise ExtractError(TOO_SLOW.format(limit=limits.time_limit_s))


def _count(chunks: Iterator[bytes], is_content: bool, total: int, limits: StreamLimits) -> int:
    """Count one stream's unpacked bytes (and a content stream's operators) against the
    limits as they come; return the running total of all streams."""
    megabyte = 1024 * 1024
    size = operators = 0
    for chunk in chunks:
        size += len(chunk)
        total += len(chunk)
        if size > limits.max_stream_bytes:
            raise ExtractError(STREAM_TOO_LARGE.format(limit=limits.max_stream_bytes // megabyte))
        if total > limits.max_total_bytes:
            raise ExtractError(TOTAL_TOO_LARGE.format(limit=limits.max_total_bytes // megabyte))
        if is_content:
            operators += sum(chunk.count(operator) for operator in _OPERATORS)
            if operators > limits.max_operators:
                raise ExtractError(TOO_MANY_OPERATORS.format(limit=limits.max_operators))
        _check_clock(limits)
    return total


def _check_image(dictionary: bytes, limits: StreamLimits) -> None:
    sizes = {name: int(value) for name, value in _DIMENSION.findall(dictionary)}
    width = sizes.get(b"Width", sizes.get(b"W", 0))
    height = sizes.get(b"Height", sizes.get(b"H", 0))
    if width * height > limits.max_image_pixels:
        raise ExtractError(
            IMAGE_TOO_LARGE.format(
                width=width, height=height, limit=limits.max_image_pixels // 10000
            )
        )
