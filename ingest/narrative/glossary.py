"""The glossary (第四部分 名词解释): numbered terms and their definitions.

Entries read "一、基本支出：指为保障…" (the Shanghai budgets:
"（一）财政拨款收入：是…"), sometimes without the colon ("九、一般公共预算是指
以税收为主体…") or with the definition on the next line ("六、财政专户管理资金："
then "专指教育收费…").
"""

from __future__ import annotations

import re
from typing import Any

from ingest.normalize import compact

_NUMBER = "[一二三四五六七八九十]{1,3}"
_ENTRY = re.compile(rf"^(?:({_NUMBER})、|[(（]({_NUMBER})[)）]、?)\s*(.+)$")
_WITH_COLON = re.compile(r"^(?P<term>[^:：]{2,20}?)[:：]\s*(?P<definition>.*)$")
_WITHOUT_COLON = re.compile(r"^(?P<term>.{2,20}?)(?P<definition>(是指|是对|指|包含|包括).*)$")


def _glossary_sections(narrative: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [s for s in narrative if "名词解释" in s.get("heading", "")]


def extract_glossary(narrative: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``[{"term", "definition", "lines"}]`` from the 名词解释 section, in order."""
    entries: list[dict[str, Any]] = []
    for section in _glossary_sections(narrative):
        for paragraph in section.get("paragraphs", []):
            text = compact(paragraph["text"]) if "：" in paragraph["text"] else paragraph["text"]
            match = _ENTRY.match(text.strip())
            if match:
                entries.append(_entry(match.group(3), paragraph["lines"]))
            elif entries:
                last = entries[-1]
                last["definition"] = (last["definition"] + paragraph["text"]).strip()
                last["lines"] = [last["lines"][0], paragraph["lines"][-1]]
    return entries


def _entry(body: str, lines: list[int]) -> dict[str, Any]:
    body = body.strip()
    match = _WITH_COLON.match(body) or _WITHOUT_COLON.match(body)
    if not match:
        return {"term": body, "definition": "", "lines": list(lines)}
    term = match.group("term").strip()
    return {"term": term, "definition": match.group("definition").strip(), "lines": list(lines)}
