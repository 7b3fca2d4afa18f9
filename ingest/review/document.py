"""Checks of a disclosure as printed: its pages.

A PDF page with no text at all between pages that have text is an empty page (a
reviewer's "目录后有空白页"): a 提示 naming the page. Only a PDF's parse knows its pages
(``parsed["source"]["locations"]``, "p3 …" per line).
"""

from __future__ import annotations

import re
from typing import Any

_PAGE = re.compile(r"^p(\d+)\b")


def check_pages(parsed: dict[str, Any]) -> list[dict[str, Any]]:
    """One 提示 per empty page inside the document."""
    locations = (parsed.get("source") or {}).get("locations") or {}
    pages: dict[int, int] = {}
    for line, where in locations.items():
        match = _PAGE.match(str(where))
        if match:
            page = int(match.group(1))
            pages[page] = min(pages.get(page, int(line)), int(line))
    if not pages:
        return []
    checks = []
    for page in range(min(pages), max(pages)):
        if page in pages:
            continue
        before = max(no for p, no in pages.items() if p < page)
        checks.append(
            {
                "check": f"document:blank_page:{page}",
                "status": "fail",
                "kind": "wording",
                "expected": None,
                "actual": None,
                "difference": None,
                "lines": [before, before],
                "message": f"第{page}页是空白页。",
                "quote": "",
                "severity": "notice",
            }
        )
    return checks
