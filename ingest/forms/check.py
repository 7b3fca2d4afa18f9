"""Check each form's annual funds against its project's amount in 项目支出预算表 (表12).

Forms state funds in 元, 表12 in 万元: the check compares in 元 and says so (``unit``),
so that the report shows 1,000,000.00 元 as 元 and not under the document's 万元. A
form matches a project when their names agree once spaces, wrapping, punctuation, a
year prefix ("(2024年度)") and a suffix such as "(2023年未支项目)" are set aside, or,
for names OCR garbled, when most characters agree. A form whose name matches no
project is ``skipped``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from ingest.checks import line_span, make_check
from ingest.normalize import CELL_CACHE_SIZE, compact

YUAN_PER_WAN = Decimal(10000)
FUZZY_THRESHOLD = 0.7
_YEAR_PREFIX = re.compile(r"^[(（]?\d{4}年度?[)）]?")
_PAREN_SUFFIX = re.compile(r"[(（]\d{4}年[^)）]*[)）]$")
_PUNCT = re.compile(r"[\s\"'“”‘’《》〈〉()（）\[\]【】〔〕,，、.。:：;；\-—_·•/|]")


@lru_cache(maxsize=CELL_CACHE_SIZE)
def name_key(name: str) -> str:
    """A project name reduced for comparison: no year prefix, no "(…年…)" suffix, no punctuation."""
    text = compact(name)
    text = _YEAR_PREFIX.sub("", text)
    text = _PAREN_SUFFIX.sub("", text)
    return _PUNCT.sub("", text)


def name_similarity(first: str, second: str) -> float:
    """How alike two project names are once reduced by :func:`name_key` (0..1)."""
    return _similarity(name_key(first), name_key(second))


@lru_cache(maxsize=CELL_CACHE_SIZE)
def _similarity(first: str, second: str) -> float:
    return SequenceMatcher(None, first, second).ratio()


def match_project(name: str | None, projects: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The project of 表12 a form's name refers to, or None when no name agrees well enough."""
    if not name:
        return None
    key = name_key(name)
    if not key:
        return None
    exact = [p for p in projects if p.get("name") and name_key(p["name"]) == key]
    if exact:
        return exact[0]
    scored = sorted(
        (
            (max(_similarity(key, name_key(p["name"])), _containment(key, name_key(p["name"]))), i)
            for i, p in enumerate(projects)
            if p.get("name")
        ),
        reverse=True,
    )
    if not scored or scored[0][0] < FUZZY_THRESHOLD:
        return None
    best = projects[scored[0][1]]
    rivals = [projects[i] for score, i in scored[1:] if score == scored[0][0]]
    if any(name_key(p["name"]) != name_key(best["name"]) for p in rivals):
        return None  # two different projects fit equally well: do not pick one
    return best


def _containment(first: str, second: str) -> float:
    """A long enough name inside the other (a form's short title inside 表12's full one)."""
    shorter, longer = sorted((first, second), key=len)
    return 0.9 if len(shorter) >= 8 and shorter in longer else 0.0


_DIGIT_IN_HANZI = re.compile(r"(?<=[\u4e00-\u9fff])\d(?=[\u4e00-\u9fff])")
_NUMBER = re.compile(r"\d+")
MIN_CUT_NAME = 4
ROUNDING_YUAN = Decimal(50)  # half of 0.01 万元: what rounding to 万元 can hide


def name_forms_by_projects(
    targets: list[dict[str, Any]], projects: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Give forms whose printed name OCR or a cell cut damaged the name their project bears.

    A form's name is replaced only when two things agree: its annual funds equal its
    project's amount in 表12 (to the 50 元 that rounding to 万元 hides), and the
    printed name reads as a damaged copy of the project's (a digit inside hanzi,
    "单4位"; a subtitle glued on, "(2024年度)…"; a name cut short by its cell;
    a character or two misread, "进槽人" for "进博会").
    A name that differs in wording (a word left out mid-name) stays as printed. The
    printed name is kept under ``project_as_printed``. Returns the forms renamed.
    """
    renamed = []
    for target in targets:
        printed = target.get("project")
        project = _match_with_amount(printed, projects, target.get("annual_funds_yuan"))
        if not printed or project is None or printed == project["name"]:
            continue
        expected, annual = _yuan(project.get("amount")), target.get("annual_funds_yuan")
        if expected is None or annual is None or abs(expected - annual) > ROUNDING_YUAN:
            continue
        if _PUNCT.sub("", compact(printed)) == _PUNCT.sub("", compact(project["name"])):
            continue  # the same name with other punctuation ("-" for "—"): keep as printed
        if _reads_as_damaged(name_key(printed), name_key(project["name"])):
            target["project_as_printed"] = printed
            target["project"] = project["name"]
            renamed.append(target)
    return renamed


def _reads_as_damaged(printed: str, meant: str) -> bool:
    # A lone digit between hanzi is OCR debris ("单4位"). Other numbers (years, document
    # numbers) must agree: "〔2025〕" against "〔2023〕" is another wording, not a misreading.
    printed = _DIGIT_IN_HANZI.sub("", printed)
    if _NUMBER.findall(printed) != _NUMBER.findall(meant):
        return False
    if printed == meant or (len(printed) >= MIN_CUT_NAME and printed in meant):
        return True
    return abs(len(printed) - len(meant)) <= 1 and _similarity(printed, meant) >= FUZZY_THRESHOLD


def check_form_funds(
    targets: list[dict[str, Any]], projects: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """One ``form_funds:<project>`` check per form: annual funds (元) = 表12 amount (万元) x 10,000.

    Projects with the same name (a department listing a project per unit) are
    matched in order, one form each; a form printed twice is checked once.
    """
    checks = []
    used: set[int] = set()
    names: set[str] = set()
    for target in targets:
        if target.get("duplicate_of_line"):
            continue
        name = target.get("project")
        candidates = [p for i, p in enumerate(projects) if i not in used]
        project = _match_with_amount(name, candidates, target.get("annual_funds_yuan"))
        label = f"form_funds:{name or 'line ' + str(target['lines'][0])}"
        if label in names:  # two forms of one name (a project per unit): tell them apart
            label = f"{label}@{target['lines'][0]}"
        names.add(label)
        if project is None:
            checks.append(
                make_check(
                    label,
                    None,
                    target.get("annual_funds_yuan"),
                    target["lines"],
                    message="项目支出表中找不到与此绩效目标表同名的项目。",
                )
                | {"unit": "元"}
            )
            continue
        used.add(next(i for i, p in enumerate(projects) if p is project))
        expected = _yuan(project.get("amount"))
        check = make_check(
            label,
            expected,
            target.get("annual_funds_yuan"),
            line_span(target["lines"], project.get("lines")),
            tolerance=ROUNDING_YUAN,
            message=f"项目支出表中“{project['name']}”为{project.get('amount')}万元，"
            f"即{_thousands(expected)}元；绩效目标表写年度资金"
            f"{_thousands(target.get('annual_funds_yuan'))}元。",
        )
        check["project"] = project["name"]
        check["unit"] = "元"  # forms print 元; 表12's 万元 is converted, not the form's figure
        checks.append(check)
    return checks


def _match_with_amount(
    name: str | None, projects: list[dict[str, Any]], annual: Decimal | None
) -> dict[str, Any] | None:
    """Match by name; among same-named projects prefer the one whose amount agrees."""
    project = match_project(name, projects)
    if project is None or annual is None:
        return project
    twins = [p for p in projects if name_key(p["name"]) == name_key(project["name"])]
    amounts = [
        (abs((_yuan(t.get("amount")) or Decimal(0)) - annual), i) for i, t in enumerate(twins)
    ]
    return twins[min(amounts)[1]] if amounts else project


def _yuan(amount: Any) -> Decimal | None:
    if amount is None:
        return None
    return (Decimal(str(amount)) * YUAN_PER_WAN).quantize(Decimal("1"))


def _thousands(amount: Any) -> str:
    """ "1,000,000" for a message; "—" for a missing figure."""
    if amount is None:
        return "—"
    return f"{Decimal(str(amount)).normalize():,f}"
