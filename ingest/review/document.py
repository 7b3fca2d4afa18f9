"""Checks of a disclosure as printed: its pages.

A page of a PDF with nothing on it but running headers, footers or page numbers (no text,
no image) is an empty page — a reviewer's "目录后有空白页" — and a 提示 naming the page.
The PDF reader lists such pages (``parsed["source"]["empty_pages"]``); pages whose text it
could not read are not empty and are not reported.
"""

from __future__ import annotations

import re
from typing import Any

_PAGE = re.compile(r"^p(\d+)\b")


def check_pages(parsed: dict[str, Any]) -> list[dict[str, Any]]:
    """One 提示 per empty page, citing the last line printed before it."""
    source = parsed.get("source") or {}
    empty = [int(page) for page in source.get("empty_pages") or []]
    if not empty:
        return []
    pages: dict[int, int] = {}  # line -> the page it is printed on
    for line, where in (source.get("locations") or {}).items():
        match = _PAGE.match(str(where))
        if match:
            pages[int(line)] = int(match.group(1))
    checks = []
    for page in empty:
        before = [line for line, on in pages.items() if on < page]
        line = max(before) if before else 1
        checks.append(
            {
                "check": f"document:blank_page:{page}",
                "status": "fail",
                "kind": "wording",
                "expected": None,
                "actual": None,
                "difference": None,
                "lines": [line, line],
                "message": f"第{page}页是空白页。",
                "quote": "",
                "severity": "notice",
            }
        )
    return checks
