"""Reads for comparing 2 to 10 published disclosures side by side (/compare/).

A comparison is a fixed handful of queries (the selection, its figures, its 类 rows, its
economic category rows), so it costs the same whatever the size of the database; so does the
picker, which lists at most `PICKER_LIMIT` disclosures and is narrowed by name, region and
year (`budgets.filters.compare.ComparePickerFilter`) to reach the others. Amounts stay
in yuan; shares are percentages of a stated base (支出总计, or 基本支出 for the economic
structure), null when an amount or its base is missing.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import QuerySet
from django.db.models.fields.json import KT

from budgets.models import YUAN_PER_WAN, CodeLevel, Disclosure, EconomicLine, Figure, FunctionalLine
from budgets.templatetags.money import yuan_to_wan
from portal.params import parse_int

MIN_DISCLOSURES = 2
MAX_DISCLOSURES = 10
PICKER_LIMIT = 200  # options the picker lists at once; its filters narrow the rest
PUBLISHED = Disclosure.Status.PUBLISHED

TOO_FEW_MESSAGE = "请至少选择 2 份预算公开文件进行对比。"
TOO_MANY_MESSAGE = "最多可同时对比 10 份文件，只保留了前 10 份。"
UNKNOWN_IDS_MESSAGE = "未找到以下编号的已发布文件，已忽略：{ids}。"
INVALID_IDS_MESSAGE = "以下编号无效，已忽略：{ids}。"

# Parse-JSON keys read when the figure table has no row for them (amounts in amount_unit).
PARSED_FALLBACKS = {
    ("economic_basic", "personnel"): "parsed__economic_basic__personnel",
    ("economic_basic", "public"): "parsed__economic_basic__public",
    ("procurement", "total"): "parsed__procurement__total",
}


@dataclass(frozen=True)
class CompareSelection:
    """The disclosures a URL asks for, in the order asked, and what was wrong with it."""

    disclosures: tuple[Disclosure, ...]
    messages: tuple[str, ...]

    @property
    def ids(self) -> list[int]:
        return [d.pk for d in self.disclosures]

    @property
    def is_comparable(self) -> bool:
        return MIN_DISCLOSURES <= len(self.disclosures) <= MAX_DISCLOSURES


@dataclass(frozen=True)
class CompareCell:
    amount_yuan: Decimal | None
    share_percent: Decimal | None


@dataclass(frozen=True)
class CompareRow:
    key: str
    label: str
    cells: tuple[CompareCell, ...]
    depth: int = 0

    @property
    def amounts_yuan(self) -> list[Decimal | None]:
        return [cell.amount_yuan for cell in self.cells]

    @property
    def shares_percent(self) -> list[Decimal | None]:
        return [cell.share_percent for cell in self.cells]


@dataclass(frozen=True)
class Comparison:
    disclosures: tuple[Disclosure, ...]
    key_figures: tuple[CompareRow, ...]
    three_public: tuple[CompareRow, ...]
    functions: tuple[CompareRow, ...]
    economic: tuple[CompareRow, ...]


@dataclass(frozen=True)
class _KeyFigure:
    key: str
    label: str
    section: str
    figure_key: str
    depth: int = 0


KEY_FIGURES = (
    _KeyFigure("total", "支出总计", "summary", "expenditure_total"),
    _KeyFigure("basic", "基本支出", "summary", "basic_expenditure", 1),
    _KeyFigure("personnel", "人员经费", "economic_basic", "personnel", 2),
    _KeyFigure("public", "公用经费", "economic_basic", "public", 2),
    _KeyFigure("project", "项目支出", "summary", "project_expenditure", 1),
    _KeyFigure("three_public", "“三公”经费", "three_public", "total"),
    _KeyFigure("operating", "机关运行经费", "operating", "total"),
    _KeyFigure("procurement", "政府采购", "procurement", "total"),
    _KeyFigure("carryover_income", "上年结转收入", "summary", "carryover_income"),
)
THREE_PUBLIC_PARTS = (
    _KeyFigure("three_public", "“三公”经费合计", "three_public", "total"),
    _KeyFigure("outbound_travel", "因公出国(境)费", "three_public", "outbound_travel", 1),
    _KeyFigure("reception", "公务接待费", "three_public", "reception", 1),
    _KeyFigure("vehicle_total", "公务用车购置及运行费", "three_public", "vehicle_total", 1),
    _KeyFigure("vehicle_purchase", "公务用车购置费", "three_public", "vehicle_purchase", 2),
    _KeyFigure("vehicle_operation", "公务用车运行费", "three_public", "vehicle_operation", 2),
)
# Denormalized columns used when a disclosure has no figure row for the key.
DENORMALIZED = {
    ("summary", "expenditure_total"): "total_yuan",
    ("summary", "basic_expenditure"): "basic_yuan",
    ("summary", "project_expenditure"): "project_yuan",
    ("three_public", "total"): "three_public_yuan",
    ("operating", "total"): "operating_yuan",
}


def parse_compare_ids(raw_ids: Iterable[str]) -> tuple[list[int], list[str]]:
    """Distinct positive ids in the order given, and the values that are not ids.

    Values may also be comma separated (?d=1,2), which hand-written links often use.
    """
    ids: list[int] = []
    invalid: list[str] = []
    for raw in raw_ids:
        for part in str(raw).split(","):
            value = part.strip()
            if not value:
                continue
            number = parse_int(value, minimum=1)
            if number is not None:
                if number not in ids:
                    ids.append(number)
            elif value not in invalid:
                invalid.append(value)
    return ids, invalid


def compare_selection_get(*, raw_ids: Iterable[str]) -> CompareSelection:
    """Resolve ?d= values to published disclosures (one query) with messages for the rest."""
    ids, invalid = parse_compare_ids(raw_ids)
    messages: list[str] = []
    if invalid:
        messages.append(INVALID_IDS_MESSAGE.format(ids="、".join(invalid)))
    found = {d.pk: d for d in _disclosures(ids)} if ids else {}
    unknown = [str(pk) for pk in ids if pk not in found]
    if unknown:
        messages.append(UNKNOWN_IDS_MESSAGE.format(ids="、".join(unknown)))
    disclosures = [found[pk] for pk in ids if pk in found]
    if len(disclosures) > MAX_DISCLOSURES:
        disclosures = disclosures[:MAX_DISCLOSURES]
        messages.append(TOO_MANY_MESSAGE)
    elif len(disclosures) < MIN_DISCLOSURES:
        messages.append(TOO_FEW_MESSAGE)
    return CompareSelection(disclosures=tuple(disclosures), messages=tuple(messages))


def _disclosures(ids: Sequence[int]) -> QuerySet[Disclosure]:
    annotations = {
        f"fallback_{section}_{key}": KT(path) for (section, key), path in PARSED_FALLBACKS.items()
    }
    return (
        Disclosure.objects.filter(pk__in=ids, status=PUBLISHED)
        .select_related("organization__region")
        .defer("parsed", "source_text")
        .annotate(**annotations)
    )


def compare_picker_queryset() -> QuerySet[Disclosure]:
    """Published disclosures as the picker lists them: newest year first, then by name, with
    only the columns an option shows. `ComparePickerFilter` narrows it."""
    return (
        Disclosure.objects.filter(status=PUBLISHED)
        .select_related("organization")
        .only(
            "pk",
            "entity_name",
            "fiscal_year",
            "kind",
            "total_yuan",
            "organization__name",
            "organization__slug",
        )
        .order_by("-fiscal_year", "organization__name", "kind", "pk")
    )


@dataclass(frozen=True)
class PickerOptions:
    """What the picker offers: at most `limit` disclosures, and whether more matched."""

    disclosures: tuple[Disclosure, ...]
    has_more: bool
    limit: int


def compare_picker_options(
    *,
    disclosures: QuerySet[Disclosure],
    exclude_ids: Sequence[int] = (),
    limit: int = PICKER_LIMIT,
) -> PickerOptions:
    """The first `limit` of `disclosures` (the picker's narrowed queryset) that are not picked
    yet (one query). Listing every disclosure made /compare/ render 10,000 options; a bounded
    list keeps the page the same size whatever the database holds, and the picker's filters
    reach the rest."""
    rows = list(disclosures.exclude(pk__in=exclude_ids)[: limit + 1])
    return PickerOptions(disclosures=tuple(rows[:limit]), has_more=len(rows) > limit, limit=limit)


def comparison_build(*, selection: CompareSelection) -> Comparison:
    """Key figures, 三公, functional 类 and economic categories of the selection (3 queries)."""
    disclosures = selection.disclosures
    values = _figure_values(disclosures)
    totals = [values[d.pk].get(("summary", "expenditure_total")) for d in disclosures]
    basics = [values[d.pk].get(("summary", "basic_expenditure")) for d in disclosures]

    def rows(specs: Sequence[_KeyFigure], base: Sequence[Decimal | None]) -> tuple[CompareRow, ...]:
        return tuple(
            _row(
                spec.key,
                spec.label,
                [values[d.pk].get((spec.section, spec.figure_key)) for d in disclosures],
                base,
                spec.depth,
            )
            for spec in specs
        )

    return Comparison(
        disclosures=disclosures,
        key_figures=rows(KEY_FIGURES, totals),
        three_public=rows(THREE_PUBLIC_PARTS, totals),
        functions=_function_rows(disclosures, totals),
        economic=_economic_rows(disclosures, basics),
    )


def _figure_values(disclosures: Sequence[Disclosure]) -> dict[int, dict[tuple[str, str], Any]]:
    """(section, key) -> yuan per disclosure: stored figures first, then denormalized columns
    and the parse JSON for keys that have no figure row."""
    values: dict[int, dict[tuple[str, str], Any]] = {d.pk: {} for d in disclosures}
    figures = (
        Figure.objects.filter(disclosure__in=[d.pk for d in disclosures])
        .order_by()
        .values_list("disclosure_id", "section", "key", "amount_yuan")
    )
    for disclosure_id, section, key, amount in figures:
        values[disclosure_id][(section, key)] = amount
    for disclosure in disclosures:
        own = values[disclosure.pk]
        for figure_key, attribute in DENORMALIZED.items():
            if own.get(figure_key) is None:
                own[figure_key] = getattr(disclosure, attribute)
        for section, key in PARSED_FALLBACKS:
            if own.get((section, key)) is None:
                raw = getattr(disclosure, f"fallback_{section}_{key}", None)
                own[(section, key)] = _document_amount_to_yuan(raw, disclosure.amount_unit)
    return values


def _document_amount_to_yuan(raw: Any, unit: str) -> Decimal | None:
    """A parse-JSON amount ("152.04" or 152.04, in the document's unit) in yuan."""
    if raw is None or raw == "":
        return None
    try:
        amount = Decimal(str(raw))
    except InvalidOperation:
        return None
    factor = YUAN_PER_WAN if unit == "万元" else 1
    return (amount * factor).quantize(Decimal("0.01"))


def share_percent(amount: Decimal | None, base: Decimal | None) -> Decimal | None:
    """`amount` as a percentage of `base`, to two decimals; None when either is unknown."""
    if amount is None or not base:
        return None
    return (Decimal(amount) * 100 / Decimal(base)).quantize(Decimal("0.01"))


def _row(
    key: str,
    label: str,
    amounts: Sequence[Decimal | None],
    bases: Sequence[Decimal | None],
    depth: int = 0,
) -> CompareRow:
    cells = tuple(
        CompareCell(amount, share_percent(amount, base))
        for amount, base in zip(amounts, bases, strict=True)
    )
    return CompareRow(key=key, label=label, cells=cells, depth=depth)


def _grouped_rows(
    disclosures: Sequence[Disclosure],
    rows: Iterable[tuple[int, str, str, Decimal | None]],
    bases: Sequence[Decimal | None],
    order: Callable[[str], Any] | None = None,
) -> tuple[CompareRow, ...]:
    """Rows of (disclosure_id, key, label, amount) pivoted to one row per key."""
    amounts: dict[str, dict[int, Decimal | None]] = {}
    labels: dict[str, str] = {}
    for disclosure_id, key, label, amount in rows:
        amounts.setdefault(key, {})[disclosure_id] = amount
        labels.setdefault(key, label)
    keys = sorted(amounts, key=order) if order else list(amounts)
    return tuple(
        _row(key, labels[key], [amounts[key].get(d.pk) for d in disclosures], bases) for key in keys
    )


def _function_rows(
    disclosures: Sequence[Disclosure], totals: Sequence[Decimal | None]
) -> tuple[CompareRow, ...]:
    """One row per functional 类 of the 预算支出总表, by code."""
    lines = (
        FunctionalLine.objects.filter(
            disclosure__in=[d.pk for d in disclosures],
            table=FunctionalLine.Table.EXPENDITURE,
            functional_code__level=CodeLevel.CATEGORY,
        )
        .order_by("code", "-disclosure__fiscal_year")
        .values_list("disclosure_id", "code", "name", "total")
    )
    return _grouped_rows(
        disclosures,
        ((d, code, f"{code} {name}", total) for d, code, name, total in lines),
        totals,
    )


def _economic_rows(
    disclosures: Sequence[Disclosure], basics: Sequence[Decimal | None]
) -> tuple[CompareRow, ...]:
    """One row per economic category (工资福利支出, 商品和服务支出 …) of 基本支出."""
    lines = (
        EconomicLine.objects.filter(disclosure__in=[d.pk for d in disclosures], is_category=True)
        .order_by("disclosure_id", "position")
        .values_list("disclosure_id", "dept_item_name", "gov_item_name", "total")
    )
    return _grouped_rows(
        disclosures,
        ((d, dept or gov, dept or gov, total) for d, dept, gov, total in lines),
        basics,
    )


def disclosure_label(disclosure: Disclosure) -> str:
    """ "晋城市商务局 2024年单位预算": how a column of the comparison is headed."""
    return f"{disclosure.entity_name} {disclosure.fiscal_year}年{disclosure.get_kind_display()}"


EXPORT_SECTIONS = (
    ("主要指标", "key_figures", "占支出总计(%)"),
    ("“三公”经费", "three_public", "占支出总计(%)"),
    ("支出功能分类(类)", "functions", "占支出总计(%)"),
    ("基本支出经济分类", "economic", "占基本支出(%)"),
)


def comparison_export_rows(comparison: Comparison) -> list[list[str]]:
    """The comparison as CSV rows: a header, then per row its amounts in 万元 and its shares.

    Amounts are plain decimals ("2373.00", no thousands separator) so that spreadsheets read
    them as numbers; an empty cell means the document does not give the amount.
    """
    header = ["部分", "项目", "单位", *[disclosure_label(d) for d in comparison.disclosures]]
    rows = [header, ["", "文件编号", "", *[str(d.pk) for d in comparison.disclosures]]]
    for section_label, attribute, share_unit in EXPORT_SECTIONS:
        for row in getattr(comparison, attribute):
            amounts = [_plain(yuan_to_wan(amount)) for amount in row.amounts_yuan]
            shares = [_plain(share) for share in row.shares_percent]
            rows.append([section_label, row.label, "万元", *amounts])
            rows.append([section_label, row.label, share_unit, *shares])
    return rows


def _plain(value: Decimal | None) -> str:
    return "" if value is None else str(value)
