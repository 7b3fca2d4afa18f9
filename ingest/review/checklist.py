"""What a disclosure must contain: the 公开完整性 checklist, as data.

The items follow 《地方预决算公开操作规程》 and the 预决算 part of the 基层政务公开
标准目录: a 部门预算 or 决算 publishes the department's functions and organization, a
glossary and an explanation; each required table (an empty one saying so); the
“三公”经费 split into its four parts with the reasons for their changes; 机关运行经费;
government procurement by 货物, 工程 and 服务 (a 决算 also what small and medium
firms were awarded); the state assets it holds; and its 绩效目标 (budgets) or 绩效评价
(决算).

Each item says where it is looked for and in which words; ``ingest.review.completeness``
reads every item with one mechanism:

- ``headings``: a section heading of the narrative (or of its part) matching;
- ``text``: words in the narrative's paragraphs (``text_all`` lists words that must
  all appear, for an item stated in several parts);
- ``titles``: a table title printed in the body of the document (not its contents),
  or ``tables``: a table kind the parser read; a table the parser read as empty must
  carry a note saying so (``EMPTY_NOTE``);
- ``rule``: a named reading for what words alone cannot say (the reasons given for the
  “三公”经费's changes, the procurement figures).

An item matches when any of its ways finds it. ``kinds`` limits an item to budgets
("budget") or 决算 ("final").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Item:
    """One line of the checklist."""

    key: str
    part: str
    label: str
    kinds: tuple[str, ...] = ("budget", "final")
    headings: str = ""
    text: str = ""
    text_all: tuple[str, ...] = ()
    titles: str = ""
    tables: tuple[str, ...] = ()
    sections: str = ""  # where text_all and rule look: headings of the sections holding the item
    rule: str = ""  # a reading that words alone cannot say (``completeness.RULES``)
    absent: str = ""  # words saying the disclosure has none of it, which meets the item
    weight: int = 1
    notes: dict[str, str] = field(default_factory=dict)


EMPTY_NOTE = re.compile(
    r"无数据|空表|本表无|没有.{0,20}(收入|支出|预算|经费)|未安排|无.{0,20}(收支|预算|经费)"
)
TITLE_EXCLUDED = re.compile(r"^[一二三四五六七八九十]+、|^\d{1,2}[.、．]|[.…·]{3,}|\s\d{1,3}$")

PART_OVERVIEW = "部门概况"
PART_TABLES = "公开报表"
PART_EXPLANATION = "情况说明"

CHECKLIST: tuple[Item, ...] = (
    Item("functions", PART_OVERVIEW, "部门（单位）职能", headings=r"职能|职责"),
    Item(
        "organization",
        PART_OVERVIEW,
        "机构设置（预算单位构成）",
        headings=r"机构设置|单位构成|预算单位构成",
    ),
    Item("glossary", PART_OVERVIEW, "名词解释", headings=r"名词解释"),
    Item(
        "explanation",
        PART_EXPLANATION,
        "预算编制说明或情况说明",
        headings=r"编制说明|情况说明|收支.*(变动|总体)情况",
    ),
    # --- tables: a budget's nine, a 决算's nine ------------------------------------------
    Item(
        "table_summary",
        PART_TABLES,
        "收支总表",
        kinds=("budget",),
        titles=r"(?<!拨款)收支(?:预算)?总表",
        tables=("summary",),
    ),
    Item(
        "table_income",
        PART_TABLES,
        "收入总表",
        kinds=("budget",),
        titles=r"收入(?:预算)?总表",
        tables=("income",),
    ),
    Item(
        "table_expenditure",
        PART_TABLES,
        "支出总表",
        kinds=("budget",),
        titles=r"支出(?:预算)?总表",
        tables=("expenditure",),
    ),
    Item(
        "table_fiscal_grant",
        PART_TABLES,
        "财政拨款收支总表",
        kinds=("budget",),
        titles=r"财政拨款收支(?:预算)?总表",
        tables=("fiscal_grant",),
    ),
    Item(
        "table_general_public",
        PART_TABLES,
        "一般公共预算支出表",
        kinds=("budget",),
        titles=r"一般公共预算(?:财政拨款)?支出(?:功能分类)?(?:预算)?表(?:[(（]不含上年结转[)）])?",
        tables=("general_public",),
    ),
    Item(
        "table_economic",
        PART_TABLES,
        "一般公共预算基本支出表（经济分类）",
        kinds=("budget",),
        titles=r"基本支出.{0,12}经济(?:分类|科目).{0,6}表(?:[(（]不含上年结转[)）])?",
        tables=("economic",),
    ),
    Item(
        "table_government_fund",
        PART_TABLES,
        "政府性基金预算支出表",
        kinds=("budget",),
        titles=r"政府性基金(?:预算)?(?:财政拨款)?支出(?:功能分类)?(?:预算)?表(?:[(（]不含上年结转[)）])?",
        tables=("government_fund_expenditure",),
    ),
    Item(
        "table_state_capital",
        PART_TABLES,
        "国有资本经营预算支出表",
        kinds=("budget",),
        titles=r"国有资本经营(?:预算)?(?:财政拨款)?(?:收支|支出)(?:功能分类)?(?:预算)?表(?:[(（]不含上年结转[)）])?",
        tables=("state_capital",),
    ),
    Item(
        "table_three_public",
        PART_TABLES,
        "“三公”经费支出表",
        kinds=("budget",),
        titles=r"三公.?经费.{0,16}表",
        tables=("three_public",),
    ),
    Item(
        "final_summary",
        PART_TABLES,
        "收入支出决算总表",
        kinds=("final",),
        titles=r"(?<!拨款)收入支出决算总表",
    ),
    Item("final_income", PART_TABLES, "收入决算表", kinds=("final",), titles=r"收入决算表"),
    Item(
        "final_expenditure",
        PART_TABLES,
        "支出决算表",
        kinds=("final",),
        titles=r"(?<!拨款)(?<!经费)支出决算表",
    ),
    Item(
        "final_fiscal_grant",
        PART_TABLES,
        "财政拨款收入支出决算总表",
        kinds=("final",),
        titles=r"财政拨款收入支出决算总表",
    ),
    Item(
        "final_general_public",
        PART_TABLES,
        "一般公共预算财政拨款支出决算表",
        kinds=("final",),
        titles=r"一般公共预算财政拨款支出决算表",
    ),
    Item(
        "final_economic",
        PART_TABLES,
        "一般公共预算财政拨款基本支出决算表",
        kinds=("final",),
        titles=r"一般公共预算财政拨款基本支出决算表",
    ),
    Item(
        "final_three_public",
        PART_TABLES,
        "财政拨款“三公”经费支出决算表",
        kinds=("final",),
        titles=r"三公.?经费支出决算表",
        tables=("three_public",),
    ),
    Item(
        "final_government_fund",
        PART_TABLES,
        "政府性基金预算财政拨款收入支出决算表",
        kinds=("final",),
        titles=r"政府性基金预算财政拨款收入支出决算表",
    ),
    Item(
        "final_state_capital",
        PART_TABLES,
        "国有资本经营预算财政拨款支出决算表",
        kinds=("final",),
        titles=r"国有资本经营预算财政拨款(?:收入)?支出决算表",
    ),
    # --- what the explanation must say ----------------------------------------------------
    Item(
        "three_public_split",
        PART_EXPLANATION,
        "“三公”经费分项说明（因公出国（境）费、公务用车购置费、公务用车运行费、公务接待费）",
        text_all=(
            r"因公出国[(（]境[)）]",
            r"公务(?:用)?车购置",
            r"公务(?:用)?车(?:用车)?(?:购置及)?运行",
            r"公务接待",
        ),
        sections=r"三公",
        absent=r"无[“\"]?三公[”\"]?经费|没有.{0,12}三公",
        notes={
            r"因公出国[(（]境[)）]": "因公出国（境）费",
            r"公务(?:用)?车购置": "公务用车购置费",
            r"公务(?:用)?车(?:用车)?(?:购置及)?运行": "公务用车运行费",
            r"公务接待": "公务接待费",
        },
    ),
    Item(
        "three_public_reasons",
        PART_EXPLANATION,
        "“三公”经费增减变化原因",
        sections=r"三公",
        rule="reasons",
    ),
    Item(
        "operating",
        PART_EXPLANATION,
        "机关运行经费",
        text=r"机关运行经费.{0,30}?(\d[\d,，.]*\s*万元|为0|无)|无机关运行经费",
        headings=r"机关运行经费",
    ),
    Item(
        "procurement",
        PART_EXPLANATION,
        "政府采购总额及货物、工程、服务",
        rule="procurement",
    ),
    Item(
        "procurement_sme",
        PART_EXPLANATION,
        "政府采购授予中小企业的金额或比例",
        kinds=("final",),
        text=r"中小企业.{0,60}?(\d[\d,，.]*\s*万元|\d+(\.\d+)?%)",
    ),
    Item(
        "assets",
        PART_EXPLANATION,
        "国有资产占有使用情况",
        headings=r"国有资产|资产占有|资产占用",
        text=r"国有资产占有使用|共有车辆|公务用车编制",
    ),
    Item(
        "performance_targets",
        PART_EXPLANATION,
        "绩效目标",
        kinds=("budget",),
        headings=r"绩效",
        text=r"绩效目标",
    ),
    Item(
        "performance_evaluation",
        PART_EXPLANATION,
        "绩效评价（绩效自评）",
        kinds=("final",),
        text=r"绩效(?:自评|评价)",
    ),
)
