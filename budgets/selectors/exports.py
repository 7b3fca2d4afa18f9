"""The rows of every export (budgets/exports.py writes them as CSV or XLSX).

Each export is one or more `Sheet`s of plain values. A row read from a document ends with the
document's page, its source lines and the link to them (`SourceLinks.cells`); each amount
column names its unit: 元 (exact, as stored) in lists that span documents, the document's own
unit (万元 or 元, `budgets.units`) in a document's own tables.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from budgets.exports import EXPORT_ROW_LIMIT, SOURCE_HEADER, Sheet, SourceLinks
from budgets.figure_labels import figure_label
from budgets.models import (
    Disclosure,
    EconomicLine,
    Figure,
    FunctionalCode,
    FunctionalLine,
    Indicator,
    PerformanceTarget,
    Project,
)
from budgets.selectors.compare import Comparison, comparison_export_rows
from budgets.selectors.functions import FunctionNode, flatten_function_tree
from budgets.selectors.organizations import region_path
from budgets.templatetags.money import to_decimal
from budgets.units import in_unit

PUBLISHED = Disclosure.Status.PUBLISHED
YUAN_HEADER = "（元）"
RATIO = Decimal("0.0001")
# What region_path reads, fetched with the row: the organization's region and its parents.
REGION_PATH = "{}organization__region__parent__parent__parent"  # 省 → 市 → 县 → 乡镇街道


def _document(disclosure: Disclosure) -> list[Any]:
    return [
        disclosure.entity_name,
        region_path(disclosure.organization.region),
        disclosure.fiscal_year,
        disclosure.get_kind_display(),
    ]


DOCUMENT_HEADER = ("单位", "地区", "年度", "文件类型")


def organization_sheet(*, table: Any, links: SourceLinks) -> Sheet:
    """/organizations/: the table's rows as sorted and filtered (amounts in 万元 as on the
    page, the unit in each header), each with its document's link and the lines of its
    支出总计 (two queries: the rows, then those lines)."""
    values = table.as_values()
    header = [*next(values), *SOURCE_HEADER]
    records = [row.record for row in table.rows]
    lines = {
        disclosure_id: (start, end)
        for disclosure_id, start, end in Figure.objects.filter(
            disclosure_id__in=[record.pk for record in records],
            section=Figure.Section.SUMMARY,
            key="expenditure_total",
        ).values_list("disclosure_id", "line_start", "line_end")
    }
    rows = (
        [*cells, *links.cells(record.pk, *lines.get(record.pk, (None, None)))]
        for cells, record in zip(values, records, strict=True)
    )
    return Sheet("预算单位", header, rows)


def function_ranking_sheet(
    *, lines: QuerySet[FunctionalLine], function: FunctionalCode, links: SourceLinks
) -> Sheet:
    """/functions/<code>/: every disclosure's amount for the code, ranked (filters applied)."""
    header = (
        "排名",
        *DOCUMENT_HEADER,
        "科目编码",
        "科目名称(原文)",
        f"金额{YUAN_HEADER}",
        f"基本支出{YUAN_HEADER}",
        f"项目支出{YUAN_HEADER}",
        "占该文件支出总计（比例）",
        *SOURCE_HEADER,
    )
    rows = (
        [
            line.rank,
            *_document(line.disclosure),
            line.code,
            line.name,
            line.total,
            line.basic,
            line.project,
            None if line.share is None else Decimal(line.share).quantize(RATIO),
            *links.cells(line.disclosure_id, line.line_start, line.line_end),
        ]
        for line in lines[:EXPORT_ROW_LIMIT]
    )
    return Sheet(f"{function.code} {function.name}", header, rows)


def function_tree_sheet(
    *, nodes: list[FunctionNode], year: int | None, links: SourceLinks
) -> Sheet:
    """/functions/: the 类 → 款 → 项 totals over the published 预算支出总表, with the link to
    each code's ranking (a total spans documents: its sources are the ranking's rows)."""
    header = ("科目编码", "科目名称", "级次", f"合计{YUAN_HEADER}", "文件数", "各单位金额排名链接")
    suffix = f"?year={year}" if year else ""
    rows = (
        [
            node.code,
            node.name,
            node.level_label,
            node.total_yuan,
            node.disclosure_count,
            f"{links.base}/functions/{node.code}/{suffix}",
        ]
        for _, node in flatten_function_tree(nodes)
    )
    return Sheet("支出功能分类" + (f"{year}年" if year else ""), header, rows)


def indicator_sheet(*, indicators: QuerySet[Indicator], links: SourceLinks) -> Sheet:
    """/indicators/: the filtered indicators with their project and document."""
    header = (
        "三级指标",
        "指标值",
        "一级指标",
        "二级指标",
        "项目",
        f"项目资金{YUAN_HEADER}",
        *DOCUMENT_HEADER,
        *SOURCE_HEADER,
    )
    rows = (
        [
            indicator.level3,
            indicator.value_text,
            indicator.level1,
            indicator.level2,
            indicator.target.project_name,
            indicator.target.annual_funds_yuan,
            *_document(indicator.target.disclosure),
            *links.cells(indicator.target.disclosure_id, indicator.line_start, indicator.line_end),
        ]
        for indicator in indicators.select_related(REGION_PATH.format("target__disclosure__"))[
            :EXPORT_ROW_LIMIT
        ]
    )
    return Sheet("绩效指标", header, rows)


def _search_row(group: Any, item: Any, links: SourceLinks) -> list[Any]:
    """One search hit: what it is, its amount in yuan and as printed, its document, its lines."""
    if group.key == "organizations":
        region = region_path(item.region)
        url = f"{links.base}/organizations/{item.slug}/"
        return [group.label, item.name, "", None, "", region, "", "", url, "", ""]
    target = getattr(item, "target", None)
    disclosure = target.disclosure if target is not None else item.disclosure
    title = {
        "indicators": lambda: f"{item.level3}：{item.value_text}",
        "narrative": lambda: item.heading,
        "economic": lambda: item.dept_item_name or item.gov_item_name,
        "figures": lambda: item.label,
    }.get(group.key, lambda: item.name)()
    amount = {"functions": "total", "economic": "total"}.get(group.key, "amount_yuan")
    return [
        group.label,
        title,
        getattr(item, "code", "") if group.key == "functions" else "",
        getattr(item, amount, None),
        getattr(item, "printed", ""),
        disclosure.entity_name,
        disclosure.fiscal_year,
        disclosure.get_kind_display(),
        *links.cells(disclosure.pk, item.line_start, item.line_end),
    ]


def search_sheet(*, results: Any, links: SourceLinks) -> Sheet:
    """/search/: every listed hit of every group (at most 1,000 a group), by group."""
    header = (
        "类别",
        "名称",
        "科目编码",
        f"金额{YUAN_HEADER}",
        "文件所列金额",
        "单位（或地区）",
        "年度",
        "文件类型",
        *SOURCE_HEADER,
    )
    rows = (_search_row(group, item, links) for group in results.groups for item in group.items)
    return Sheet(f"搜索 {results.query.text}", header, rows)


def comparison_sheets(*, comparison: Comparison, links: SourceLinks) -> list[Sheet]:
    """/compare/: the side-by-side table as the CSV has it (amounts in 万元 as on the page, and
    the shares) with a row of the documents' links, then every compared document's figures,
    a row each with its source lines."""
    header, ids, *body = comparison_export_rows(comparison)
    urls = ["", "文件链接", "", *[links.disclosure_url(d.pk) for d in comparison.disclosures]]
    # The CSV rows hold decimal strings; a spreadsheet gets numbers.
    pivot = [ids, urls, *[[*row[:3], *[to_decimal(cell) for cell in row[3:]]] for row in body]]
    return [
        Sheet("对比", header, pivot),
        Sheet(
            "明细与出处",
            SOURCE_ROW_HEADER,
            source_rows(disclosures=comparison.disclosures, links=links),
        ),
    ]


SOURCE_ROW_HEADER = (
    "文件编号",
    *DOCUMENT_HEADER,
    "报表",
    "科目编码",
    "项目",
    "列",
    f"金额{YUAN_HEADER}",
    "文件所列单位",
    *SOURCE_HEADER,
)
FUNCTIONAL_COLUMNS = (
    ("total", "合计"),
    ("basic", "基本支出"),
    ("project", "项目支出"),
    ("general_public_budget", "一般公共预算"),
    ("government_fund", "政府性基金预算"),
    ("state_capital", "国有资本经营预算"),
    ("special_account", "财政专户管理资金"),
    ("unit_funds", "单位资金"),
    ("carryover", "上年结转"),
)
ECONOMIC_COLUMNS = (("total", "合计"), ("personnel", "人员经费"), ("public", "公用经费"))
PROJECT_COLUMNS = (
    ("amount_yuan", "合计"),
    ("general_public_budget", "一般公共预算"),
    ("government_fund", "政府性基金预算"),
    ("state_capital", "国有资本经营预算"),
    ("special_account", "财政专户管理资金"),
    ("unit_funds", "单位资金"),
)
TABLE_LABELS = dict(FunctionalLine.Table.choices)


def source_rows(
    *, disclosures: Iterable[Disclosure] | None, links: SourceLinks, chunk_size: int = 5000
) -> Iterator[list[Any]]:
    """Every stored amount of `disclosures` (or of every published one, for None) on its own
    row, in yuan, with its document and source lines: figures, functional and economic lines,
    projects. Read in chunks through server-side cursors, so memory stays flat."""
    ids = None if disclosures is None else [d.pk for d in disclosures]
    documents = _documents(ids)

    def own(queryset: QuerySet) -> QuerySet:
        if ids is None:
            return queryset.filter(disclosure__status=PUBLISHED)
        return queryset.filter(disclosure_id__in=ids)

    figures = own(Figure.objects.exclude(amount_yuan=None)).order_by("disclosure_id", "pk")
    for row in figures.values_list(
        "disclosure_id", "section", "key", "amount_yuan", "line_start", "line_end"
    ).iterator(chunk_size=chunk_size):
        disclosure_id, section, key, amount, start, end = row
        what = ("单项数", "", figure_label(section, key), "")
        yield _source_row(documents[disclosure_id], links, what, amount, (start, end))
    kinds = dict(Project.Kind.choices)
    tables = (
        WideTable(
            own(FunctionalLine.objects.order_by("disclosure_id", "table", "position")),
            ("table", "code", "name"),
            FUNCTIONAL_COLUMNS,
            lambda table, code, name: (TABLE_LABELS.get(table, table), code, name),
        ),
        WideTable(
            own(EconomicLine.objects.order_by("disclosure_id", "position")),
            ("dept_item_name", "gov_item_name"),
            ECONOMIC_COLUMNS,
            lambda dept, gov: ("基本支出经济分类", "", dept or gov),
        ),
        WideTable(
            own(Project.objects.order_by("disclosure_id", "kind", "position")),
            ("kind", "name"),
            PROJECT_COLUMNS,
            lambda kind, name: (f"项目支出（{kinds.get(kind, kind)}）", "", name),
        ),
    )
    for table in tables:
        yield from _wide_rows(documents, links, table, chunk_size)


def _documents(disclosure_ids: list[int] | None) -> dict[int, list[Any]]:
    """{id: [id, entity, region, year, kind label, unit]} of the documents exported (of every
    published one for None), in one query."""
    documents = Disclosure.objects.select_related(REGION_PATH.format("")).only(
        "pk",
        "entity_name",
        "fiscal_year",
        "kind",
        "amount_unit",
        "organization__region__name",
        "organization__region__parent__name",
        "organization__region__parent__parent__name",
        "organization__region__parent__parent__parent__name",
    )
    if disclosure_ids is None:
        documents = documents.filter(status=PUBLISHED)
    else:
        documents = documents.filter(pk__in=disclosure_ids)
    return {d.pk: [d.pk, *_document(d), d.amount_unit] for d in documents}


def _source_row(
    document: list[Any],
    links: SourceLinks,
    what: tuple[str, str, str, str],
    amount: Any,
    lines: tuple[int | None, int | None],
) -> list[Any]:
    """[document…, table, code, name, column, amount, unit, links…]: `what` is (table, code,
    name, column); `document` is `_documents`' list for the row's disclosure."""
    pk, entity, region, year, kind, unit = document
    return [pk, entity, region, year, kind, *what, amount, unit, *links.cells(pk, *lines)]


@dataclass(frozen=True)
class WideTable:
    """A table whose rows hold several amount columns, exported a row per amount."""

    queryset: QuerySet
    names: Sequence[str]  # the fields `describe` turns into (table, code, name)
    columns: Sequence[tuple[str, str]]  # (field, label) of the amounts
    describe: Callable[..., tuple[str, str, str]]


def _wide_rows(
    documents: dict[int, list[Any]], links: SourceLinks, table: WideTable, chunk_size: int
) -> Iterator[list[Any]]:
    """A row per non-empty amount column of each row of the table."""
    width = len(table.names)
    fields = ["disclosure_id", *table.names, "line_start", "line_end"]
    fields += [field for field, _ in table.columns]
    for values in table.queryset.values_list(*fields).iterator(chunk_size=chunk_size):
        described = table.describe(*values[1 : 1 + width])
        lines = (values[1 + width], values[2 + width])
        amounts = values[3 + width :]
        for (_, label), amount in zip(table.columns, amounts, strict=True):
            if amount is not None:
                yield _source_row(documents[values[0]], links, (*described, label), amount, lines)


def disclosure_sheets(*, disclosure: Disclosure, links: SourceLinks) -> list[Sheet]:
    """A disclosure's tables, a sheet each, amounts in the unit the document prints (the
    performance forms' funds in 元, as the forms print them)."""
    unit = disclosure.amount_unit
    unit_header = f"（{unit}）"

    def cells(row: Any) -> tuple[str, str, str]:
        return links.cells(disclosure.pk, row.line_start, row.line_end)

    sheets = [
        Sheet(
            "单项数",
            ("部分", "项目", f"金额{unit_header}", *SOURCE_HEADER),
            [
                [
                    f.get_section_display(),
                    figure_label(f.section, f.key).split(" · ")[-1],
                    in_unit(f.amount_yuan, unit),
                    *cells(f),
                ]
                for f in disclosure.figures.order_by("section", "key")
            ],
        )
    ]
    lines = list(disclosure.functional_lines.order_by("table", "position"))
    for table, label in FunctionalLine.Table.choices:
        rows = [line for line in lines if line.table == table]
        if not rows:
            continue
        used = [
            (c, h) for c, h in FUNCTIONAL_COLUMNS if any(getattr(r, c) is not None for r in rows)
        ]
        sheets.append(
            Sheet(
                label,
                ("科目编码", "科目名称", *[f"{h}{unit_header}" for _, h in used], *SOURCE_HEADER),
                [
                    [r.code, r.name, *[in_unit(getattr(r, c), unit) for c, _ in used], *cells(r)]
                    for r in rows
                ],
            )
        )
    economic = list(disclosure.economic_lines.order_by("position"))
    if economic:
        sheets.append(
            Sheet(
                "基本支出经济分类",
                (
                    "部门预算经济分类",
                    "政府预算经济分类",
                    *[f"{h}{unit_header}" for _, h in ECONOMIC_COLUMNS],
                    *SOURCE_HEADER,
                ),
                [
                    [
                        r.dept_item_name,
                        r.gov_item_name,
                        *[in_unit(getattr(r, c), unit) for c, _ in ECONOMIC_COLUMNS],
                        *cells(r),
                    ]
                    for r in economic
                ],
            )
        )
    projects = list(disclosure.projects.order_by("kind", "position"))
    if projects:
        sheets.append(
            Sheet(
                "项目支出",
                (
                    "类型",
                    "项目名称",
                    "单位",
                    "项目类别",
                    *[f"{h}{unit_header}" for _, h in PROJECT_COLUMNS],
                    *SOURCE_HEADER,
                ),
                [
                    [
                        p.get_kind_display(),
                        p.name,
                        p.unit_name,
                        p.get_category_display(),
                        *[in_unit(getattr(p, c), unit) for c, _ in PROJECT_COLUMNS],
                        *cells(p),
                    ]
                    for p in projects
                ],
            )
        )
    sheets.extend(_performance_sheets(disclosure, links))
    return sheets


def _performance_sheets(disclosure: Disclosure, links: SourceLinks) -> list[Sheet]:
    targets = list(
        PerformanceTarget.objects.filter(disclosure=disclosure)
        .prefetch_related("indicators")
        .order_by("position")
    )
    if not targets:
        return []

    def cells(row: Any) -> tuple[str, str, str]:
        return links.cells(disclosure.pk, row.line_start, row.line_end)

    return [
        Sheet(
            "绩效目标",
            (
                "项目名称",
                "实施单位",
                "项目属性",
                f"年度资金总额{YUAN_HEADER}",
                "总体目标",
                *SOURCE_HEADER,
            ),
            [
                [
                    t.project_name,
                    t.implementing_unit,
                    t.attribute,
                    t.annual_funds_yuan,
                    t.overall_goal,
                    *cells(t),
                ]
                for t in targets
            ],
        ),
        Sheet(
            "绩效指标",
            ("项目名称", "一级指标", "二级指标", "三级指标", "指标值", *SOURCE_HEADER),
            [
                [t.project_name, i.level1, i.level2, i.level3, i.value_text, *cells(i)]
                for t in targets
                for i in sorted(t.indicators.all(), key=lambda i: i.position)
            ],
        ),
    ]
