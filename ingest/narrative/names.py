"""The 科目 the narrative names, against the names the tables give the same codes.

The text names functional 科目 as paths — "一般公共服务支出(类)社会工作事务(款)行政
运行(项)", "“卫生健康支出-行政事业单位医疗-行政单位医疗”" — or as a bare 类 name.
Each level is looked up under the level above it in the document's own tables; a
name the tables do not have at that place is a 提示 that lists what they do have. A
名 that the 2019 classification replaced (``FORMER_NAMES``: 医疗卫生与计划生育支出
for 卫生健康支出) is recognized as the old name of its 类 and reported as such, whether
or not the tables print names at all.
"""

from __future__ import annotations

import re
from typing import Any

from ingest.narrative.class_names import FORMER_NAMES
from ingest.narrative.findings import Check, wording_finding
from ingest.narrative.sentences import paragraphs, quote

_WORD = r"[^\d\s，,。；;、：:“”\"()（）-]"
# A name may hold a short bracket of its own: "政府办公厅(室)及相关机构事务".
_NAME = rf"{_WORD}{{1,30}}(?:[(（][^()（）类款项]{{1,3}}[)）]{_WORD}{{0,30}})?"
_BRACKETED = re.compile(
    rf"(?P<c>{_NAME})[(（]类[)）](?:(?P<k>{_NAME})[(（]款[)）])?(?:(?P<i>{_NAME})[(（]项[)）])?"
)
_DASHED = re.compile(rf"[“\"](?P<c>{_NAME})-(?P<k>{_NAME})(?:-(?P<i>{_NAME}))?[”\"]")
_FUNCTIONAL_TABLES = (
    "functional_expenditure",
    "general_public_expenditure",
    "income_by_function",
    "government_fund_expenditure",
)


def normalized(name: str) -> str:
    """A 科目 name compared as printed, whatever its brackets and spaces."""
    return re.sub(r"\s", "", name).replace("（", "(").replace("）", ")")


def table_names(parsed: dict[str, Any]) -> dict[str, str]:
    """Code -> name as the document's coded tables print it (the first table that names it)."""
    names: dict[str, str] = {}
    for key in _FUNCTIONAL_TABLES:
        for row in parsed.get(key) or []:
            code, name = str(row.get("code") or ""), str(row.get("name") or "")
            if code and name and code not in names:
                names[code] = name
    return names


def check_names(narrative: list[dict[str, Any]], parsed: dict[str, Any]) -> list[Check]:
    """Former 类 names, and 科目 paths whose names the tables do not have at that place."""
    names = table_names(parsed)
    checks = _former_names(narrative)
    seen: set[str] = set()
    for paragraph in paragraphs(narrative):
        for pattern in (_BRACKETED, _DASHED):
            for match in pattern.finditer(paragraph.text):
                path = match.group(0)
                if path in seen:
                    continue
                seen.add(path)
                problem = _path_problem(match, names)
                if problem:
                    words = quote(paragraph.text, match.start(), match.end(), margin=0)
                    check = wording_finding(
                        f"name:{path}", paragraph.lines, f"文中“{path}”：{problem}", words
                    )
                    # The same misnamed level in several paths is one slip.
                    check["group"] = f"name:{problem}"
                    checks.append(check)
    return checks


def _former_names(narrative: list[dict[str, Any]]) -> list[Check]:
    checks = []
    for former, (code, current, since) in FORMER_NAMES.items():
        hits = [
            (paragraph, paragraph.text.find(former))
            for paragraph in paragraphs(narrative)
            if former in paragraph.text
        ]
        if not hits:
            continue
        paragraph, position = hits[0]
        more = f"文中共{len(hits)}处。" if len(hits) > 1 else ""
        checks.append(
            wording_finding(
                f"former_name:{former}",
                paragraph.lines,
                f"“{former}”是{since}年以前的科目名称，{code}类现称“{current}”。{more}",
                quote(paragraph.text, position, position + len(former)),
            )
        )
    return checks


def _path_problem(match: re.Match[str], names: dict[str, str]) -> str:
    """What is wrong with one path, or "" when every level is where the tables put it.

    Without names in the tables, one slip is still certain: no 款 bears its 类's name, so
    "卫生健康支出(类)卫生健康支出(款)" names a 款 that does not exist.
    """
    levels = [match.group(group) for group in ("c", "k", "i")]
    if levels[0] is None or normalized(levels[0]) in FORMER_NAMES:
        return ""
    if not names:
        if levels[1] is not None and normalized(levels[1]) == normalized(levels[0]):
            return f"款级科目与类同名（“{levels[1]}”），没有这样的款，疑为错写。"
        return ""
    parent = ""
    for level, (name, size, label) in enumerate(zip(levels, (3, 5, 7), "类款项", strict=True)):
        candidates = {
            code: table_name
            for code, table_name in names.items()
            if len(code) == size and code.startswith(parent)
        }
        found = [code for code, table_name in candidates.items() if _same(table_name, name or "")]
        if name is None or not candidates or found:
            # A level the text leaves out or the tables do not list ends the comparison.
            parent = found[0] if found else parent
            if name is None or not candidates:
                return ""
            continue
        where = f"{parent} {names.get(parent, '')}下" if level else ""
        listed = "、".join(dict.fromkeys(candidates.values()))
        return f"报表中{where}没有名为“{name}”的{label}（报表所列：{listed}）。"
    return ""


def _same(table_name: str, text_name: str) -> bool:
    return normalized(table_name) == normalized(text_name)
