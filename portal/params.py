"""One parser for the integer query parameters of every view: ASCII digits only, bounded.

``str.isdigit`` is true for "²" and "①", which ``int`` refuses (a server error), and for
"١٢" and "１２", which ``int`` reads as 12: a page number, year, id or page size is read here
and nowhere else, as plain ASCII digits within the bounds the caller gives (a database
``integer`` column by default), so no view hands an unreadable or out-of-range number on.
Anything else is "no value": the caller falls back to its default, or answers 400 (the API).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# PostgreSQL's integer: years, page numbers and ids all fit; a longer string is no number.
INT_MAX = 2**31 - 1
MAX_DIGITS = 10


def parse_int(raw: object, *, minimum: int = 0, maximum: int = INT_MAX) -> int | None:
    """``raw`` as an int if it is ASCII digits (spaces around allowed) within the bounds.

    ``parse_int(" 12 ") == 12``; ``parse_int("²")``, ``parse_int("１２")``, ``parse_int("-1")``
    and ``parse_int("1.5")`` are None, and so is a number outside ``[minimum, maximum]``.
    """
    if isinstance(raw, bool) or raw is None:
        return None
    text = str(raw).strip()
    if not text or len(text) > MAX_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None


def int_param(
    params: Mapping[str, Any],
    name: str,
    *,
    default: int | None = None,
    minimum: int = 0,
    maximum: int = INT_MAX,
) -> int | None:
    """The query parameter ``name`` as an int within the bounds, else ``default``."""
    value = parse_int(params.get(name), minimum=minimum, maximum=maximum)
    return default if value is None else value


def has_control_characters(value: str) -> bool:
    """NUL and the other C0/C1 control characters except tab, line feed and carriage return.

    PostgreSQL refuses NUL in text; the others have no business in a query or a path.
    """
    return any((ord(ch) < 32 and ch not in "\t\n\r") or 127 <= ord(ch) < 160 for ch in value)
