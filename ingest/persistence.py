"""The only module of the ingest pipeline that writes: parse JSON -> database rows.

``persist_disclosure`` turns one parsed document (the disclosure-schema dict of
``ingest.pipeline.parse_document``) into a ``Disclosure`` and its figure rows, in
one transaction, so a failure leaves nothing half-written. Amounts arrive in the
document's unit (``amount_unit``: 万元 in 山西, 元 in 上海's budgets; the parser already
brought a table printed in another unit to it) and are stored in yuan: the conversion
happens here and nowhere else. Each row also records the unit its table printed
(``unit``), so the portal can show a figure as the document did. Every row keeps the source
lines the parser cited and, for a PDF, the page the first of those lines is printed on
(``parsed["source"]["locations"]``).

A 决算 is stored on the budget's terms, so the two line up code by code and key by key:
its 支出决算表 rows as FunctionalLine rows of table "expenditure", its 收入决算表 rows as
"income", its 收入支出决算总表 as summary Figures (including current_year_expenditure and
year_end_carryover, the carry-over keys), its 三公 决算数 as three_public Figures and the
预算数 printed beside them as three_public_budget Figures.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Context, Decimal, InvalidOperation
from functools import cache, partial
from operator import attrgetter
from typing import Any, TypeVar

from django.core.files.base import ContentFile
from django.db import connection, models, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from budgets.models import (
    Disclosure,
    EconomicItem,
    EconomicLine,
    Figure,
    FunctionalCode,
    FunctionalLine,
    GlossaryTerm,
    Indicator,
    NarrativeSection,
    Organization,
    PerformanceTarget,
    Project,
    Region,
    ValidationCheck,
    code_level,
)
from budgets.selectors.disclosures import glossary_cache_clear
from ingest import places
from ingest.formats.pdf import parse_location
from ingest.forms.check import match_project
from ingest.normalize import compact

logger = logging.getLogger(__name__)
_M = TypeVar("_M", bound=models.Model)

YUAN_PER_UNIT = {"万元": Decimal(10000), "元": Decimal(1), "千元": Decimal(1000)}
CENT = Decimal("0.01")
# Rows that other rows of the same document point to (a form's project, an indicator's form):
# their primary keys are needed before their children are written.
MODELS_WITH_CHILDREN = (Project, PerformanceTarget)
COMPARATORS = frozenset(Indicator.Comparator.values)

# JSON key of a functional table -> FunctionalLine.table, and the table kind whose unit the
# rows were printed in. ("state_capital", "expenditure") are the rows of a coded 国有资本经营
# table.
FUNCTIONAL_TABLES = {
    "income_by_function": (FunctionalLine.Table.INCOME, "income"),
    "functional_expenditure": (FunctionalLine.Table.EXPENDITURE, "expenditure"),
    "general_public_expenditure": (FunctionalLine.Table.GENERAL_PUBLIC, "general_public"),
    "government_fund_expenditure": (
        FunctionalLine.Table.GOVERNMENT_FUND,
        "government_fund_expenditure",
    ),
    "state_capital": (FunctionalLine.Table.STATE_CAPITAL, "state_capital"),
}
FUNCTIONAL_COLUMNS = (
    "total",
    "basic",
    "project",
    "general_public_budget",
    "government_fund",
    "state_capital",
    "special_account",
    "unit_funds",
    "carryover",
    "fiscal_grant",
    "superior_subsidy",
    "business_income",
    "operating_income",
    "affiliated_income",
    "other_income",
    "personnel",
    "public",
    "paid_to_superior",
    "operating_expenditure",
    "subsidy_to_affiliated",
    "income",
    "year_end_carryover",
)
SUMMARY_KEYS = (
    "income_total",
    "current_year_income",
    "carryover_income",
    "general_public_budget",
    "government_fund_budget",
    "state_capital_budget",
    "special_account",
    "unit_funds",
    "fiscal_grant_income",
    "superior_subsidy",
    "business_income",
    "operating_income",
    "affiliated_income",
    "other_income",
    "non_grant_balance_used",
    "expenditure_total",
    "current_year_expenditure",
    "year_end_carryover",
    "balance_distribution",
    "basic_expenditure",
    "project_expenditure",
)
# The narrative's procurement figures are read from prose, which states them in 万元
# (ingest.narrative.extract_procurement), whatever unit the tables use.
PROCUREMENT_UNIT = "万元"
THREE_PUBLIC_KEYS = (
    "total",
    "outbound_travel",
    "reception",
    "vehicle_total",
    "vehicle_purchase",
    "vehicle_operation",
)
PROCUREMENT_KEYS = ("total", "goods", "works", "services")
ECONOMIC_KEYS = ("total", "personnel", "public")
KIND_TO_ORGANIZATION = {
    Disclosure.Kind.UNIT_BUDGET: Organization.Kind.UNIT,
    Disclosure.Kind.UNIT_FINAL: Organization.Kind.UNIT,
}
CATEGORY_NAMES = {
    "特定目标类": Project.Category.SPECIFIC_TARGET,
    "其他运转类": Project.Category.OTHER_OPERATING,
}


class PersistenceError(ValueError):
    """The parse cannot be stored; the message says why in plain words."""


def jsonable(value: Any) -> Any:
    """The parse with Decimals as JSON numbers, for the ``parsed`` JSON column."""
    return json.loads(_json_text(value))


def _json_text(value: Any) -> str:
    return json.dumps(value, default=_json_default, ensure_ascii=False)


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value == value.to_integral_value() else str(value)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def to_decimal(value: Any) -> Decimal | None:
    """A parsed amount (Decimal, number or decimal string) as a Decimal; None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def to_yuan(value: Any, unit: str) -> Decimal | None:
    """An amount in the document's ``unit`` converted to yuan, to the cent."""
    amount = to_decimal(value)
    if amount is None:
        return None
    # Precision for the longest figure (the database refuses what it cannot hold; a Decimal
    # operation must not raise InvalidOperation first).
    exact = Context(prec=max(28, amount.adjusted() + 10))
    return exact.multiply(amount, YUAN_PER_UNIT.get(unit, Decimal(10000))).quantize(
        CENT, context=exact
    )


def normalized_name(name: str) -> str:
    """An organization's name without spaces and punctuation variants, for matching."""
    return compact(name).replace("(", "").replace(")", "").replace("（", "").replace("）", "")


def line_range(lines: Any, fallback: tuple[int, int] = (1, 1)) -> tuple[int, int]:
    """``[first, last]`` (or one int) from the parse as a valid (start, end) pair."""
    if isinstance(lines, int) and lines > 0:
        return lines, lines
    if isinstance(lines, (list, tuple)):
        numbers = [n for n in lines if isinstance(n, int) and n > 0]
        if numbers:
            return min(numbers), max(numbers)
    return fallback


def line_pages(locations: Any) -> dict[int, int]:
    """The PDF page of each extracted line, from ``parsed["source"]["locations"]``.

    Keys are line numbers (strings once the parse went through JSON). Locations of
    other formats (worksheet cells, Word paragraphs) have no page and are left out.
    """
    pages: dict[int, int] = {}
    if not isinstance(locations, Mapping):
        return pages
    for line, location in locations.items():
        parsed = parse_location(location) if isinstance(location, str) else None
        if parsed is not None and str(line).isdigit():
            pages[int(line)] = parsed.page
    return pages


def first_page(pages: Mapping[int, int], start: int | None, end: int | None) -> int | None:
    """The page of the first line in ``start..end`` that has one, else None."""
    if not pages or not start:
        return None
    for line in range(start, max(start, end or start) + 1):
        if line in pages:
            return pages[line]
    return None


def _rows(parsed: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = parsed.get(key)
    if isinstance(value, Mapping):
        value = value.get("rows") if "rows" in value else value.get("expenditure")
    return [row for row in value or [] if isinstance(row, Mapping)]


def table_units(parsed: Mapping[str, Any]) -> dict[str, str]:
    """The unit each table printed, by table kind, from the parse's list of tables."""
    units: dict[str, str] = {}
    for table in parsed.get("tables") or []:
        if isinstance(table, Mapping) and table.get("kind") and table.get("unit"):
            units.setdefault(str(table["kind"]), str(table["unit"])[:8])
    return units


def _bulk(model: type[models.Model], objects: Iterable[Any]) -> int:
    """Insert the rows of one table of a document; returns how many.

    Rows that other rows point to (``MODELS_WITH_CHILDREN``) get their primary keys.
    """
    return copy_rows(model, objects, with_ids=model in MODELS_WITH_CHILDREN)


def copy_rows(
    model: type[models.Model],
    objects: Iterable[Any],
    *,
    with_ids: bool,
    as_sent: Mapping[str, Any] | None = None,
) -> int:
    """Insert ``objects`` (unsaved instances of ``model``) with one COPY; returns how many.

    COPY instead of ``save`` / ``bulk_create``: a document has some 600 rows, and the ORM's
    per-value preparation and INSERT text cost more than parsing the document. The values go
    in as the ORM would send them (see :class:`_RowValues`); database errors arrive as
    Django's (``IntegrityError``, ``OperationalError``…), as from the ORM. ``with_ids``: each
    row first gets its primary key from the table's sequence, as ``bulk_create`` gives it; a
    foreign key to a row that had no key yet when the child was built takes it here, as
    ``bulk_create`` does. ``as_sent``: columns (by attname) whose value for every row is
    given ready to send, e.g. a JSON document already serialized.
    """
    rows = list(objects)
    if not rows:
        return 0
    meta = model._meta
    fields = [f for f in meta.concrete_fields if with_ids or not f.primary_key]
    # Built afresh when values are given (never cached: they are a document's data).
    row_values = _RowValues(model, with_ids, as_sent) if as_sent else _RowValues.of(model, with_ids)
    relations = [f for f in fields if f.is_relation]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    statement = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor:
        if with_ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(rows)],
            )
            for obj, (pk,) in zip(rows, cursor.fetchall(), strict=True):
                obj.pk = pk
        with connection.wrap_database_errors, cursor.cursor.copy(statement) as copy:
            for obj in rows:
                if relations and obj._state.__dict__.get("fields_cache"):  # built with instances
                    _take_related_keys(obj, relations)
                copy.write_row(row_values(obj))
    alias = connection.alias
    for obj in rows:
        obj._state.adding = False
        obj._state.db = alias
    return len(rows)


def _take_related_keys(obj: models.Model, relations: list[Any]) -> None:
    """A foreign key whose instance got its id after ``obj`` was built takes that id now."""
    for field in relations:
        if getattr(obj, field.attname) is None and field.is_cached(obj):
            related = field.get_cached_value(obj)
            if related is not None:
                setattr(obj, field.attname, related.pk)


class _RowValues:
    """The values COPY sends for an instance of ``model``: what an INSERT would send.

    psycopg adapts str, int, bool, Decimal and None itself, as it does for ``bulk_create``
    (Django passes those through unchanged), so most columns are read as they are, all at
    once. Columns that need more: JSON goes as its text; a Decimal that is not a finite
    number is converted or refused as the ORM does; auto_now dates are set; a file column
    holds its name; ``as_sent`` columns hold the value given.
    """

    def __init__(
        self,
        model: type[models.Model],
        with_ids: bool,
        as_sent: Mapping[str, Any] | None = None,
    ) -> None:
        fields = [f for f in model._meta.concrete_fields if with_ids or not f.primary_key]
        self._read = attrgetter(*(f.attname for f in fields))
        self._single = len(fields) == 1
        sent = as_sent or {}
        self._decimals = [
            (index, field)
            for index, field in enumerate(fields)
            if isinstance(field, models.DecimalField) and field.attname not in sent
        ]
        self._others: list[tuple[int, Callable[[Any, Any], Any]]] = []
        for index, field in enumerate(fields):
            if field.attname in sent:
                self._others.append((index, partial(_constant, sent[field.attname])))
            elif isinstance(field, models.JSONField):
                self._others.append((index, _json_text_or_null))
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                self._others.append((index, partial(_auto_now, field)))
            elif isinstance(field, models.FileField):
                self._others.append((index, _file_name))

    @classmethod
    @cache
    def of(cls, model: type[models.Model], with_ids: bool) -> _RowValues:
        return cls(model, with_ids)

    def __call__(self, obj: models.Model) -> list[Any]:
        values = [self._read(obj)] if self._single else list(self._read(obj))
        for index, field in self._decimals:
            value = values[index]
            if value is not None and not (type(value) is Decimal and value.is_finite()):
                values[index] = field.to_python(value)  # converts, or raises for NaN
        for index, convert in self._others:
            values[index] = convert(values[index], obj)
        return values


def _constant(value: Any, current: Any, obj: Any) -> Any:
    return value


def _json_text_or_null(value: Any, obj: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _auto_now(field: models.Field, value: Any, obj: Any) -> Any:
    return field.pre_save(obj, add=True)


def _file_name(value: Any, obj: Any) -> str:
    return str(value or "")


def region_get_or_create(region: Mapping[str, Any] | None) -> Region | None:
    """The most specific Region of the parse's province / city / county / town, found by its
    official code (``region["codes"]``), created under its parent as needed.

    A region without codes (a parse stored before they existed, a benchmark plan) gets them
    from the national list when its names are unambiguous there. A region created by name
    before codes existed is found by (parent, name) and given its code. One query when every
    level exists already."""
    region = region or {}
    codes = region.get("codes") or places.codes_of(region)
    path = [
        (level, str(region[level]), codes.get(level))
        for level in places.LEVELS
        if region.get(level)
    ]
    wanted = [code for _, _, code in path if code]
    existing = {r.code: r for r in Region.objects.filter(code__in=wanted)} if wanted else {}
    parent = None
    for level, name, code in path:
        found = existing.get(code) if code else None
        if found is None:
            found, created = Region.objects.get_or_create(
                parent=parent, name=name, defaults={"level": level, "code": code}
            )
            if not created and code and found.code is None:
                found.code = code
                found.save(update_fields=["code"])
        parent = found
    return parent


def _is_below(region: Region, ancestor: Region) -> bool:
    """True when ``region`` lies under ``ancestor`` (a more precise place of it)."""
    parent = region.parent
    while parent is not None:
        if parent.pk == ancestor.pk:
            return True
        parent = parent.parent
    return False


def organization_get_or_create(*, name: str, kind: str, region: Region | None) -> Organization:
    """The Organization a document names, matched on its normalized name. A known
    organization without a region, or placed above the one the document gives (上海市 ->
    普陀区), takes the document's; one placed elsewhere keeps its place."""
    key = normalized_name(name)
    organization, created = Organization.objects.get_or_create(
        normalized_name=key,
        defaults={
            "name": name,
            "kind": KIND_TO_ORGANIZATION.get(kind, Organization.Kind.DEPARTMENT),
            "region": region,
        },
    )
    if not created and name != organization.name and name not in organization.aliases:
        organization.aliases = [*organization.aliases, name]
        organization.save(update_fields=["aliases"])
    if (
        not created
        and region is not None
        and organization.region_id != region.pk
        and (organization.region is None or _is_below(region, organization.region))
    ):
        organization.region = region
        organization.save(update_fields=["region"])
    return organization


def functional_codes_get_or_create(
    fiscal_year: int, names: Mapping[str, str]
) -> dict[str, FunctionalCode]:
    """The FunctionalCode of each code (3/5/7 digits) for the year, parents linked.

    One query reads the codes that exist; the missing ones are created a level at a time
    (类 before 款 before 项, so each finds its parent), and a code another worker created
    meanwhile is taken as it is (``ignore_conflicts``), not an error.
    """
    existing = {
        fc.code: fc
        for fc in FunctionalCode.objects.filter(fiscal_year=fiscal_year, code__in=list(names))
    }
    missing = sorted(code for code in names if code not in existing)
    for length in sorted({len(code) for code in missing}):
        level = [code for code in missing if len(code) == length]
        FunctionalCode.objects.bulk_create(
            [
                FunctionalCode(
                    fiscal_year=fiscal_year,
                    code=code,
                    name=names[code][:200],
                    level=code_level(code),
                    parent=existing.get(code[:-2]) if len(code) > 3 else None,
                )
                for code in level
            ],
            ignore_conflicts=True,
        )
        existing.update(
            (fc.code, fc)
            for fc in FunctionalCode.objects.filter(fiscal_year=fiscal_year, code__in=level)
        )
    return existing


def _economic_items(fiscal_year: int, rows: list[Mapping[str, Any]]) -> dict[tuple[str, str], Any]:
    """The EconomicItem of each (scheme, name) the rows name, created as needed.

    One query reads those that exist; the missing ones are created in one INSERT that
    leaves alone an item another worker created meanwhile, then read.
    """
    wanted = {
        (scheme, str(row.get(field) or "")[:200])
        for row in rows
        for scheme, field in (
            (EconomicItem.Scheme.DEPARTMENT, "dept_item"),
            (EconomicItem.Scheme.GOVERNMENT, "gov_item"),
        )
        if row.get(field)
    }
    if not wanted:
        return {}
    items = _economic_items_read(fiscal_year, wanted)
    missing = sorted(wanted - items.keys())
    # The 部门预算经济分类 code, where the table prints one ("30101 基本工资").
    codes = {
        (EconomicItem.Scheme.DEPARTMENT, str(row.get("dept_item") or "")[:200]): str(
            row.get("code") or ""
        )[:16]
        for row in rows
        if row.get("code")
    }
    if missing:
        EconomicItem.objects.bulk_create(
            [
                EconomicItem(fiscal_year=fiscal_year, scheme=s, name=n, code=codes.get((s, n), ""))
                for s, n in missing
            ],
            ignore_conflicts=True,
        )
        items |= _economic_items_read(fiscal_year, set(missing))
    return items


def _economic_items_read(
    fiscal_year: int, keys: set[tuple[str, str]]
) -> dict[tuple[str, str], EconomicItem]:
    found = EconomicItem.objects.filter(
        fiscal_year=fiscal_year, name__in=sorted({name for _, name in keys})
    )
    return {(item.scheme, item.name): item for item in found if (item.scheme, item.name) in keys}


class _Writer:
    """Writes the rows of one parse for one new Disclosure."""

    def __init__(self, disclosure: Disclosure, parsed: Mapping[str, Any]) -> None:
        self.disclosure = disclosure
        self.parsed = parsed
        self.unit = str(parsed.get("amount_unit") or "万元")
        self.units = table_units(parsed)
        self.counts: dict[str, int] = {}
        self.notes: list[str] = []
        self.pages = line_pages((parsed.get("source") or {}).get("locations"))

    def yuan(self, value: Any) -> Decimal | None:
        return to_yuan(value, self.unit)

    def bulk(self, model: type, objects: Iterable[Any]) -> int:
        """``_bulk`` after giving each row the page its cited lines start on (PDF only)."""
        if self.pages:
            objects = list(objects)
            for obj in objects:
                obj.page = first_page(self.pages, obj.line_start, obj.line_end)
        return _bulk(model, objects)

    def write_all(self) -> dict[str, int]:
        self.write_functional()
        self.write_economic()
        self.write_figures()
        projects = self.write_projects()
        self.write_targets(projects)
        self.write_narrative()
        self.write_checks()
        return self.counts

    def printed_unit(self, kind: str) -> str:
        """The unit the table of ``kind`` printed (the document's when it states none)."""
        return self.units.get(kind, self.unit)

    def write_functional(self) -> None:
        tables = [
            (table, kind, _rows(self.parsed, key))
            for key, (table, kind) in FUNCTIONAL_TABLES.items()
        ]
        names = {
            str(row["code"]): str(row.get("name") or "")
            for _, _, rows in tables
            for row in rows
            if str(row.get("code") or "").isdigit() and len(str(row["code"])) in (3, 5, 7)
        }
        codes = functional_codes_get_or_create(self.disclosure.fiscal_year, names)
        objects = []
        for table, kind, rows in tables:
            unit = self.printed_unit(kind)
            seen: set[str] = set()
            for position, row in enumerate(rows):
                code = str(row.get("code") or "")
                if code not in codes:
                    continue
                if code in seen:
                    self.notes.append(f"{table}: 重复的科目编码 {code} 未重复入库")
                    continue
                seen.add(code)
                start, end = line_range(row.get("lines"))
                objects.append(
                    _new(
                        FunctionalLine,
                        disclosure_id=self.disclosure.pk,
                        table=table,
                        functional_code_id=codes[code].pk,
                        code=code,
                        name=str(row.get("name") or "")[:200],
                        position=position,
                        line_start=start,
                        line_end=end,
                        unit=unit,
                        **{col: self.yuan(row.get(col)) for col in FUNCTIONAL_COLUMNS},
                    )
                )
        self.counts["functional_lines"] = self.bulk(FunctionalLine, objects)

    def write_economic(self) -> None:
        rows = _rows(self.parsed, "economic_basic")
        items = _economic_items(self.disclosure.fiscal_year, rows)
        unit = self.printed_unit("economic")
        objects = []
        for position, row in enumerate(rows):
            dept, gov = str(row.get("dept_item") or ""), str(row.get("gov_item") or "")
            start, end = line_range(row.get("lines"))
            objects.append(
                _new(
                    EconomicLine,
                    disclosure_id=self.disclosure.pk,
                    position=position,
                    dept_item_id=_pk(items.get((EconomicItem.Scheme.DEPARTMENT, dept[:200]))),
                    gov_item_id=_pk(items.get((EconomicItem.Scheme.GOVERNMENT, gov[:200]))),
                    dept_item_name=dept[:200],
                    gov_item_name=gov[:200],
                    code=str(row.get("code") or "")[:16],
                    is_category=bool(row.get("is_category")),
                    total=self.yuan(row.get("total")),
                    personnel=self.yuan(row.get("personnel")),
                    public=self.yuan(row.get("public")),
                    unit=unit,
                    line_start=start,
                    line_end=end,
                )
            )
        self.counts["economic_lines"] = self.bulk(EconomicLine, objects)

    def _figures(
        self,
        section: str,
        source: Any,
        keys: Iterable[str],
        table_key: str,
        unit: str | None = None,
    ) -> Iterator[Figure]:
        if not isinstance(source, Mapping):
            source = {"total": source} if source is not None else {}
        per_key = dict(source.get("source_lines") or {})
        if section == Figure.Section.SUMMARY:
            # 基本支出 / 项目支出 are read from the 合计 row of 预算支出总表 (表3).
            totals = (self.parsed.get("table_totals") or {}).get("functional_expenditure") or {}
            for key in ("basic_expenditure", "project_expenditure"):
                per_key.setdefault(key, totals.get("lines"))
        table_lines = line_range(
            source.get("lines") or self._table_lines(table_key), fallback=(1, 1)
        )
        for key in keys:
            if key not in source:
                continue
            start, end = line_range(
                per_key.get(key) if isinstance(per_key, Mapping) else None, fallback=table_lines
            )
            yield _new(
                Figure,
                disclosure_id=self.disclosure.pk,
                section=section,
                key=key,
                amount_yuan=to_yuan(source.get(key), unit or self.unit),
                unit=self.printed_unit(table_key) if unit is None else unit,
                line_start=start,
                line_end=end,
            )

    def _table_lines(self, table_key: str) -> Any:
        """The line span of a whole table, from the parse's list of tables found."""
        tables = self.parsed.get("tables")
        if isinstance(tables, Mapping):
            tables = [{"kind": kind, **value} for kind, value in tables.items()]
        for table in tables or []:
            if isinstance(table, Mapping) and table.get("kind") == table_key:
                return table.get("lines")
        return None

    def write_figures(self) -> None:
        parsed = self.parsed
        operating = parsed.get("operating_expenses")
        if isinstance(operating, Mapping):
            operating_source: Any = operating
        elif operating is not None:
            operating_source = {"total": operating, "lines": parsed.get("operating_expenses_lines")}
        else:
            operating_source = {}
        economic = dict(parsed.get("economic_basic") or {})
        economic["source_lines"] = dict.fromkeys(ECONOMIC_KEYS, economic.get("total_lines"))
        figures = [
            *self._figures(Figure.Section.SUMMARY, parsed.get("summary"), SUMMARY_KEYS, "summary"),
            *self._figures(Figure.Section.ECONOMIC_BASIC, economic, ECONOMIC_KEYS, "economic"),
            *self._figures(
                Figure.Section.THREE_PUBLIC,
                parsed.get("three_public"),
                THREE_PUBLIC_KEYS,
                "three_public",
            ),
            *self._figures(
                Figure.Section.THREE_PUBLIC_BUDGET,
                parsed.get("three_public_budget"),
                THREE_PUBLIC_KEYS,
                "three_public",
            ),
            *self._figures(Figure.Section.OPERATING, operating_source, ("total",), "operating"),
            *self._figures(
                Figure.Section.PROCUREMENT,
                parsed.get("procurement"),
                PROCUREMENT_KEYS,
                "procurement",
                unit=PROCUREMENT_UNIT,
            ),
        ]
        self.counts["figures"] = self.bulk(Figure, figures)

    def write_projects(self) -> list[tuple[Mapping[str, Any], Project]]:
        """Store 本年 and 上年结转 projects; return the current ones with their parse rows."""
        objects, current = [], []
        for kind, key in (
            (Project.Kind.CURRENT, "projects"),
            (Project.Kind.CARRYOVER, "carryover_projects"),
        ):
            for position, row in enumerate(_rows(self.parsed, key)):
                start, end = line_range(row.get("lines"))
                project = _new(
                    Project,
                    disclosure_id=self.disclosure.pk,
                    kind=kind,
                    position=position,
                    name=str(row.get("name") or "")[:300],
                    unit_name=str(row.get("unit") or row.get("unit_name") or "")[:200],
                    category=CATEGORY_NAMES.get(str(row.get("category") or ""), ""),
                    amount_yuan=self.yuan(row.get("amount")),
                    line_start=start,
                    line_end=end,
                )
                objects.append(project)
                if kind == Project.Kind.CURRENT:
                    current.append((row, project))
        self.counts["projects"] = self.bulk(Project, objects)
        return current

    def write_targets(self, projects: list[tuple[Mapping[str, Any], Project]]) -> None:
        """Store the 绩效目标 forms, each linked to the 表12 project its name refers to.

        The link uses the forms stage's own name matching (``match_project``), so a form
        whose printed name OCR damaged finds the project its funds check compared it with.
        """
        rows = [dict(row) for row, _ in projects]
        by_row = {id(row): project for row, (_, project) in zip(rows, projects, strict=True)}
        forms = _rows(self.parsed, "performance_targets")
        targets = []
        for position, form in enumerate(forms):
            start, end = line_range(form.get("lines"))
            name = str(form.get("project") or "")
            targets.append(
                _new(
                    PerformanceTarget,
                    disclosure_id=self.disclosure.pk,
                    position=position,
                    project_id=_pk(by_row.get(id(match_project(name, rows)))),
                    project_name=name[:300],
                    department=str(form.get("department") or "")[:200],
                    implementing_unit=str(form.get("implementing_unit") or "")[:200],
                    attribute=str(form.get("attribute") or "")[:100],
                    period=str(form.get("period") or "")[:100],
                    annual_funds_yuan=to_decimal(form.get("annual_funds_yuan")),
                    funds=jsonable(form.get("funds") or {}),
                    overall_goal=str(form.get("overall_goal") or ""),
                    line_start=start,
                    line_end=end,
                )
            )
        self.counts["performance_targets"] = self.bulk(PerformanceTarget, targets)
        indicators = [
            _indicator(target, number, item)
            for target, form in zip(targets, forms, strict=True)
            for number, item in enumerate(form.get("indicators") or [])
        ]
        self.counts["indicators"] = self.bulk(Indicator, indicators)

    def write_narrative(self) -> None:
        sections = []
        for position, item in enumerate(_rows(self.parsed, "narrative")):
            start, end = line_range(item.get("lines"))
            sections.append(
                _new(
                    NarrativeSection,
                    disclosure_id=self.disclosure.pk,
                    position=position,
                    heading=str(item.get("heading") or "")[:300],
                    text=str(item.get("text") or ""),
                    line_start=start,
                    line_end=end,
                )
            )
        terms = []
        for position, item in enumerate(_rows(self.parsed, "glossary")):
            start, end = line_range(item.get("lines"))
            terms.append(
                _new(
                    GlossaryTerm,
                    disclosure_id=self.disclosure.pk,
                    position=position,
                    term=str(item.get("term") or "")[:200],
                    definition=str(item.get("definition") or ""),
                    line_start=start,
                    line_end=end,
                )
            )
        self.counts["narrative_sections"] = self.bulk(NarrativeSection, sections)
        self.counts["glossary_terms"] = self.bulk(GlossaryTerm, terms)

    def write_checks(self) -> None:
        checks = []
        for position, item in enumerate(_rows(self.parsed, "validation")):
            start, end = line_range(item.get("lines"), fallback=(0, 0))
            status = str(item.get("status") or "skipped")
            checks.append(
                _new(
                    ValidationCheck,
                    disclosure_id=self.disclosure.pk,
                    position=position,
                    check_name=str(item.get("check") or "")[:200],
                    status=status,
                    outcome=str(item.get("kind") or "")[:16],
                    unit=str(item.get("unit") or self.unit)[:8],
                    expected=to_decimal(item.get("expected")),
                    actual=to_decimal(item.get("actual")),
                    difference=to_decimal(item.get("difference")),
                    message=str(item.get("message") or ""),
                    line_start=start or None,
                    line_end=end or None,
                )
            )
        self.counts["validation_checks"] = self.bulk(ValidationCheck, checks)
        for name, count in check_counts(self.parsed).items():
            setattr(self.disclosure, name, count)


def check_counts(parsed: Mapping[str, Any]) -> dict[str, int]:
    """``checks_passed`` / ``checks_failed`` / ``checks_skipped`` of the parse's validation."""
    statuses = [str(item.get("status") or "skipped") for item in _rows(parsed, "validation")]
    return {
        "checks_passed": statuses.count(ValidationCheck.Status.PASS),
        "checks_failed": statuses.count(ValidationCheck.Status.FAIL),
        "checks_skipped": statuses.count(ValidationCheck.Status.SKIPPED),
    }


def _indicator(target: PerformanceTarget, position: int, item: Mapping[str, Any]) -> Indicator:
    """An indicator of a stored form; without lines of its own it cites the form's."""
    start, end = line_range(item.get("lines"), fallback=(target.line_start, target.line_end))
    comparator = str(item.get("comparator") or "")
    return _new(
        Indicator,
        target_id=target.pk,
        position=position,
        level1=str(item.get("level1") or "")[:100],
        level2=str(item.get("level2") or "")[:100],
        level3=str(item.get("level3") or "")[:300],
        value_text=str(item.get("value") or "")[:300],
        comparator=comparator if comparator in COMPARATORS else "",
        number=to_decimal(item.get("number")),
        unit=str(item.get("unit") or "")[:32],
        line_start=start,
        line_end=end,
    )


def _new(model: type[_M], **values: Any) -> _M:
    """``model(**values)`` for a row about to be written, with values by attname
    (``disclosure_id``, not ``disclosure``); fields left out take their defaults.

    The ORM's keyword path costs about 14 µs a row, its positional one 5 µs, and a document
    has some 600 rows.
    """
    args = [
        values.pop(attname) if attname in values else field.get_default()
        for attname, field in _fields_in_order(model)
    ]
    if values:
        raise TypeError(f"{model.__name__} has no field {', '.join(values)}")
    return model(*args)


@cache
def _fields_in_order(model: type[models.Model]) -> tuple[tuple[str, Any], ...]:
    return tuple((field.attname, field) for field in model._meta.concrete_fields)


def _pk(instance: models.Model | None) -> Any:
    return None if instance is None else instance.pk


def _denormalized_totals(parsed: Mapping[str, Any], unit: str) -> dict[str, Decimal | None]:
    summary = parsed.get("summary") or {}
    three_public = parsed.get("three_public") or {}
    operating = parsed.get("operating_expenses")
    if isinstance(operating, Mapping):
        operating = operating.get("total")
    total = summary.get("expenditure_total")
    if total is None and parsed.get("projects"):
        total = sum((to_decimal(p.get("amount")) or Decimal(0)) for p in _rows(parsed, "projects"))
    return {
        "total_yuan": to_yuan(total, unit),
        "basic_yuan": to_yuan(summary.get("basic_expenditure"), unit),
        "project_yuan": to_yuan(summary.get("project_expenditure"), unit),
        "three_public_yuan": to_yuan(three_public.get("total"), unit),
        "operating_yuan": to_yuan(operating, unit),
    }


def persist_disclosure(
    *,
    parsed: Mapping[str, Any],
    source_text: str,
    data: bytes,
    filename: str,
    source_format: str = "text",
) -> tuple[Disclosure, dict[str, int]]:
    """Store one parsed document as a new Disclosure version (status parsed), all or nothing.

    The caller publishes it (``ingest.services.disclosure_publish``). Returns the disclosure
    and the number of rows written per table.
    """
    entity, year, kind = parsed.get("entity"), parsed.get("fiscal_year"), parsed.get("kind")
    if not entity or not year or not kind:
        raise PersistenceError(
            "无法确定单位名称、年度或文件类型,未入库。"
            " The document's entity, fiscal year or kind could not be read."
        )
    sha256 = str(parsed.get("source", {}).get("sha256") or "")
    unit = str(parsed.get("amount_unit") or "万元")
    parsed_json = _json_text(parsed)  # serialized once: for the row and, loaded, the instance
    with transaction.atomic():
        region = region_get_or_create(parsed.get("region"))
        organization = organization_get_or_create(name=str(entity), kind=kind, region=region)
        latest = Disclosure.objects.filter(
            organization=organization, fiscal_year=year, kind=kind
        ).aggregate(Max("version"))["version__max"]
        disclosure = Disclosure(
            organization=organization,
            fiscal_year=year,
            kind=kind,
            amount_unit=unit,
            entity_name=str(entity)[:200],
            sha256=sha256,
            original_filename=filename[:255],
            source_format=source_format,
            source_text=source_text,
            parsed=json.loads(parsed_json),
            version=(latest or 0) + 1,
            status=Disclosure.Status.PARSED,
            **_denormalized_totals(parsed, unit),
            **check_counts(parsed),  # known before the checks are written: one INSERT
        )
        disclosure.source_file.save(_stored_name(sha256, filename), ContentFile(data), save=False)
        try:
            copy_rows(Disclosure, [disclosure], with_ids=True, as_sent={"parsed": parsed_json})
            writer = _Writer(disclosure, parsed)
            counts = writer.write_all()
        except Exception:
            disclosure.source_file.delete(save=False)
            raise
    for note in writer.notes:
        logger.warning("%s: %s", filename, note)
    logger.info("stored %s %s v%s: %s", entity, year, disclosure.version, counts)
    return disclosure, counts


def _stored_name(sha256: str, filename: str) -> str:
    """A safe generated file name: the content hash and the original extension."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "txt"
    suffix = "".join(ch for ch in suffix if ch.isalnum())[:8] or "bin"
    return f"{sha256[:32]}.{suffix}"


def other_published_versions(disclosure: Disclosure) -> QuerySet[Disclosure]:
    """The published versions of the disclosure's organization, year and kind other than it
    (at most one, by the database's constraint)."""
    return Disclosure.objects.filter(
        organization=disclosure.organization_id,
        fiscal_year=disclosure.fiscal_year,
        kind=disclosure.kind,
        status=Disclosure.Status.PUBLISHED,
    ).exclude(pk=disclosure.pk)


def disclosure_publish(*, disclosure: Disclosure) -> Disclosure | None:
    """Publish ``disclosure``; the organization's published one for that year and kind becomes
    superseded. Returns the superseded disclosure, if any."""
    with transaction.atomic():
        # One publish per organization at a time: while no version is published there is no
        # row to lock below, and two publishes at once would both find none.
        list(Organization.objects.select_for_update().filter(pk=disclosure.organization_id))
        previous = other_published_versions(disclosure).select_for_update().first()
        if previous is not None:
            previous.status = Disclosure.Status.SUPERSEDED
            previous.save(update_fields=["status", "updated_at"])
            if disclosure.supersedes_id is None:
                disclosure.supersedes = previous
        disclosure.status = Disclosure.Status.PUBLISHED
        disclosure.published_at = timezone.now()
        disclosure.save(update_fields=["status", "published_at", "supersedes", "updated_at"])
        transaction.on_commit(glossary_cache_clear)
    return previous
