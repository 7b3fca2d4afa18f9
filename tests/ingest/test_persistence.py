"""Storing a parsed disclosure: yuan amounts, provenance, versions, all or nothing."""

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from budgets.models import (
    Disclosure,
    EconomicItem,
    EconomicLine,
    Figure,
    FunctionalCode,
    FunctionalLine,
    Indicator,
    Organization,
    PerformanceTarget,
    Project,
    ValidationCheck,
    code_level,
)
from ingest.persistence import (
    _economic_items,
    functional_codes_get_or_create,
    line_range,
    persist_disclosure,
    to_yuan,
)
from ingest.services import disclosure_parse
from tests.conftest import SAMPLES_DIR

SAMPLE_000 = SAMPLES_DIR / "000_9f37a4571f332d18.txt"


def stored_lines(disclosure: Disclosure, start: int, end: int) -> str:
    return "\n".join(disclosure.source_text.splitlines()[start - 1 : end])


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("2373.00", "万元", Decimal("23730000.00")),
        (Decimal("0.01"), "万元", Decimal("100.00")),
        (1990.83, "万元", Decimal("19908300.00")),
        ("500000", "元", Decimal("500000.00")),
        (None, "万元", None),
    ],
)
def test_amounts_are_converted_to_yuan_once(value, unit, expected):
    assert to_yuan(value, unit) == expected


def test_line_ranges_are_always_valid():
    assert line_range([12, 14]) == (12, 14)
    assert line_range([14, 12]) == (12, 14)
    assert line_range(7) == (7, 7)
    assert line_range(None, fallback=(3, 4)) == (3, 4)
    assert line_range([0], fallback=(1, 1)) == (1, 1)


@pytest.mark.django_db
class TestStoredSample:
    """The 晋城市商务局 2024 单位预算 sample as stored in the database."""

    def test_totals_are_stored_in_yuan(self, published_samples):
        disclosure = published_samples["000"]

        assert disclosure.entity_name == "晋城市商务局"
        assert disclosure.fiscal_year == 2024
        assert disclosure.kind == Disclosure.Kind.UNIT_BUDGET
        assert disclosure.total_yuan == Decimal("23730000.00")
        assert disclosure.basic_yuan == Decimal("10777600.00")
        assert disclosure.project_yuan == Decimal("12952400.00")
        assert disclosure.three_public_yuan == Decimal("5000.00")
        assert disclosure.operating_yuan == Decimal("1520400.00")

    def test_functional_lines_keep_code_amounts_and_source_line(self, published_samples):
        disclosure = published_samples["000"]
        line = FunctionalLine.objects.get(
            disclosure=disclosure, table=FunctionalLine.Table.EXPENDITURE, code="2011301"
        )

        assert line.name == "行政运行"
        assert line.total == Decimal("4358500.00")
        assert line.basic == Decimal("4358500.00")
        assert line.project is None
        assert line.functional_code.parent.code == "20113"
        assert "2011301" in stored_lines(disclosure, line.line_start, line.line_end)
        assert "435. 85" in stored_lines(disclosure, line.line_start, line.line_end)

    def test_every_functional_line_cites_a_source_line_with_its_code(self, published_samples):
        for disclosure in published_samples.values():
            for line in disclosure.functional_lines.all():
                cited = stored_lines(disclosure, line.line_start, line.line_end)
                assert line.code in cited, (disclosure.original_filename, line.code)

    def test_figures_cite_their_rows(self, published_samples):
        disclosure = published_samples["000"]
        reception = Figure.objects.get(
            disclosure=disclosure, section=Figure.Section.THREE_PUBLIC, key="reception"
        )
        basic = Figure.objects.get(
            disclosure=disclosure, section=Figure.Section.SUMMARY, key="basic_expenditure"
        )

        personnel = Figure.objects.get(
            disclosure=disclosure, section=Figure.Section.ECONOMIC_BASIC, key="personnel"
        )

        assert personnel.amount_yuan == Decimal("9257200.00")
        assert "925. 72" in stored_lines(disclosure, personnel.line_start, personnel.line_end)
        assert reception.amount_yuan == Decimal("5000.00")
        assert "公务接待费" in stored_lines(disclosure, reception.line_start, reception.line_end)
        assert basic.amount_yuan == Decimal("10777600.00")
        assert "1077. 76" in stored_lines(disclosure, basic.line_start, basic.line_end)

    def test_economic_projects_and_forms_are_stored(self, published_samples):
        disclosure = published_samples["000"]
        category = EconomicLine.objects.get(
            disclosure=disclosure, dept_item_name="工资福利支出", is_category=True
        )
        project = Project.objects.get(disclosure=disclosure, name="进博会专项资金")

        assert category.total == Decimal("7579900.00")
        assert project.amount_yuan == Decimal("150000.00")
        assert project.kind == Project.Kind.CURRENT
        assert disclosure.projects.filter(kind=Project.Kind.CURRENT).count() == 21
        assert PerformanceTarget.objects.filter(disclosure=disclosure).count() >= 1
        assert Indicator.objects.filter(target__disclosure=disclosure).exists()

    def test_validation_report_is_stored_with_counts(self, published_samples):
        disclosure = published_samples["000"]
        checks = ValidationCheck.objects.filter(disclosure=disclosure)

        assert checks.count() == (
            disclosure.checks_passed + disclosure.checks_failed + disclosure.checks_skipped
        )
        assert disclosure.checks_passed > 100
        assert checks.filter(check_name__startswith="functional_hierarchy").exists()

    def test_parse_json_is_kept_for_the_api(self, published_samples):
        parsed = published_samples["000"].parsed

        assert parsed["entity"] == "晋城市商务局"
        assert parsed["summary"]["expenditure_total"] == 2373


def stored(filename: str) -> Disclosure:
    """The latest stored version of a sample the session loaded, by its file name."""
    return Disclosure.objects.filter(original_filename=filename).latest("created_at")


@pytest.mark.django_db
class TestStoredFinalAccounts:
    """上海市普陀区规划和自然资源局 2024 部门决算, stored on the budget's terms (万元 -> 元)."""

    FILENAME = "sh-putuo-planning-2024-final.pdf"

    def test_expenditure_rows_line_up_with_a_budgets(self, published_samples):
        disclosure = stored(self.FILENAME)
        assert disclosure.kind == Disclosure.Kind.DEPARTMENT_FINAL
        line = FunctionalLine.objects.get(
            disclosure=disclosure, table=FunctionalLine.Table.EXPENDITURE, code="212"
        )
        assert (line.total, line.basic, line.project) == (
            Decimal("38452400.00"),
            Decimal("15855900.00"),
            Decimal("22596500.00"),
        )
        assert line.paid_to_superior is None
        assert line.unit == "万元"
        assert line.page == 11

    def test_income_rows_keep_the_kind_of_income(self, published_samples):
        line = FunctionalLine.objects.get(
            disclosure=stored(self.FILENAME), table=FunctionalLine.Table.INCOME, code="212"
        )
        assert (line.total, line.fiscal_grant, line.superior_subsidy) == (
            Decimal("38323600.00"),
            Decimal("38323600.00"),
            None,
        )

    def test_summary_figures_include_the_carryover_keys(self, published_samples):
        figures = {
            figure.key: figure.amount_yuan
            for figure in Figure.objects.filter(
                disclosure=stored(self.FILENAME), section=Figure.Section.SUMMARY
            )
        }
        assert figures["income_total"] == Decimal("98593800.00")
        assert figures["current_year_income"] == Decimal("97465000.00")
        assert figures["carryover_income"] == Decimal("1128800.00")
        assert figures["current_year_expenditure"] == Decimal("97593800.00")
        assert figures["year_end_carryover"] == Decimal("1000000.00")
        assert figures["basic_expenditure"] == Decimal("53776400.00")

    def test_three_public_final_and_budget_figures(self, published_samples):
        disclosure = stored(self.FILENAME)
        final = Figure.objects.get(
            disclosure=disclosure, section=Figure.Section.THREE_PUBLIC, key="reception"
        )
        budget = Figure.objects.get(
            disclosure=disclosure, section=Figure.Section.THREE_PUBLIC_BUDGET, key="reception"
        )
        assert (final.amount_yuan, budget.amount_yuan) == (Decimal("3900.00"), Decimal("28500.00"))
        assert disclosure.three_public_yuan == Decimal("3900.00")

    def test_economic_rows_keep_their_codes(self, published_samples):
        line = EconomicLine.objects.get(disclosure=stored(self.FILENAME), code="30107")
        assert (line.dept_item_name, line.total, line.personnel) == (
            "绩效工资",
            Decimal("15940200.00"),
            None,
        )
        assert line.dept_item.name == "绩效工资"


@pytest.mark.django_db
def test_a_wan_table_in_a_yuan_document_is_stored_in_yuan_once(published_samples):
    """office 2025: tables in 元, 三公 and 机关运行经费 in 万元 (867.50 and 213.28)."""
    disclosure = stored("sh-putuo-office-2025-department.pdf")
    assert disclosure.amount_unit == "元"
    three = Figure.objects.get(
        disclosure=disclosure, section=Figure.Section.THREE_PUBLIC, key="total"
    )
    assert (three.amount_yuan, three.unit) == (Decimal("8675000.00"), "万元")
    operating = Figure.objects.get(disclosure=disclosure, section=Figure.Section.OPERATING)
    assert operating.amount_yuan == Decimal("2132800.00")
    line = FunctionalLine.objects.get(
        disclosure=disclosure, table=FunctionalLine.Table.EXPENDITURE, code="2010301"
    )
    assert (line.total, line.unit) == (Decimal("12029501.84"), "元")


@pytest.mark.django_db
def test_procurement_from_the_prose_is_stored_as_the_prose_states_it(published_samples):
    """The narrative states 政府采购 in 万元 ("政府采购预算34万元") whatever unit the tables use."""
    disclosure = stored("sh-putuo-office-2025-department.pdf")
    total = Figure.objects.filter(
        disclosure=disclosure, section=Figure.Section.PROCUREMENT, key="total"
    ).first()
    if total is not None:  # read by ingest.narrative when it finds the statement
        assert total.amount_yuan == to_yuan(disclosure.parsed["procurement"]["total"], "万元")
        assert total.unit == "万元"


@pytest.mark.django_db
def test_a_failure_while_writing_leaves_nothing_behind(settings):
    """A figure too large for NUMERIC(18, 2) fails the write: no disclosure, no organization."""
    data = SAMPLE_000.read_bytes().replace("晋城市商务局".encode(), "原子测试局".encode())
    raw, parsed = disclosure_parse(data=data, filename="atomic.txt")
    parsed["projects"][-1]["amount"] = Decimal("1" + "0" * 17)
    media_before = set(Path(settings.MEDIA_ROOT).rglob("*"))

    with pytest.raises(Exception, match="numeric field overflow"):
        persist_disclosure(parsed=parsed, source_text=raw.text, data=data, filename="atomic.txt")

    assert not Organization.objects.filter(name="原子测试局").exists()
    assert not Disclosure.objects.filter(sha256=parsed["source"]["sha256"]).exists()
    assert set(Path(settings.MEDIA_ROOT).rglob("*")) == media_before


@pytest.mark.django_db
def test_forms_link_to_the_project_their_name_refers_to_despite_ocr(published_samples):
    """A form's name read with "-" where 表12 printed "一" still links to that project."""
    disclosure = published_samples["004"]
    target = PerformanceTarget.objects.get(
        disclosure=disclosure, project_name__contains="展会及会议经费"
    )

    assert target.project is not None
    assert target.project.name.endswith("展会及会议经费")
    assert target.project.amount_yuan == Decimal("250000.00")
    linked = PerformanceTarget.objects.filter(disclosure=disclosure, project__isnull=False)
    assert linked.count() >= 8


@pytest.mark.django_db
def test_publishing_clears_the_cached_shared_glossary(
    published_samples, django_capture_on_commit_callbacks
):
    """Pages cache the glossary of all published documents; publishing forgets it."""
    from django.core.cache import cache

    from budgets.selectors.disclosures import GLOSSARY_CACHE_KEY, glossary_shared
    from ingest.persistence import disclosure_publish

    assert any("财政拨款" in term for term in glossary_shared())
    assert cache.get(GLOSSARY_CACHE_KEY) is not None

    with django_capture_on_commit_callbacks(execute=True):
        disclosure_publish(disclosure=published_samples["002"])

    assert cache.get(GLOSSARY_CACHE_KEY) is None


def _renamed_000(name: str) -> tuple[bytes, Any, dict[str, Any]]:
    data = SAMPLE_000.read_bytes().replace("晋城市商务局".encode(), name.encode())
    raw, parsed = disclosure_parse(data=data, filename=f"{name}.txt")
    return data, raw, parsed


@pytest.mark.django_db
def test_a_database_error_in_the_bulk_write_is_djangos_and_leaves_no_file(settings):
    """Rows go in by COPY; its errors still arrive as django.db errors (the worker retries an
    OperationalError and reports others), and the stored file is removed."""
    data, raw, parsed = _renamed_000("重复测试局")
    persist_disclosure(parsed=parsed, source_text=raw.text, data=data, filename="first.txt")
    media_before = set(Path(settings.MEDIA_ROOT).rglob("*"))

    with pytest.raises(IntegrityError, match="sha256"), transaction.atomic():
        persist_disclosure(parsed=parsed, source_text=raw.text, data=data, filename="again.txt")

    assert Disclosure.objects.filter(sha256=parsed["source"]["sha256"]).count() == 1
    assert set(Path(settings.MEDIA_ROOT).rglob("*")) == media_before


@pytest.mark.django_db
def test_an_amount_that_is_no_number_is_refused_as_the_orm_refuses_it():
    data, raw, parsed = _renamed_000("非数测试局")
    parsed["validation"][0] = {**parsed["validation"][0], "expected": "NaN"}

    with pytest.raises(ValidationError):
        persist_disclosure(parsed=parsed, source_text=raw.text, data=data, filename="nan.txt")

    assert not Organization.objects.filter(name="非数测试局").exists()


@pytest.mark.django_db
def test_codes_and_items_are_shared_across_documents_and_read_in_few_queries(
    django_assert_max_num_queries,
):
    """A second document of the same year creates no code or item and reads each kind once."""
    data, raw, parsed = _renamed_000("共享测试局")
    persist_disclosure(parsed=parsed, source_text=raw.text, data=data, filename="a.txt")
    codes, items = FunctionalCode.objects.count(), EconomicItem.objects.count()
    data, raw, parsed = _renamed_000("共享测试二局")

    # Savepoint, region, organization (read, create), version, the codes, the items, three
    # primary-key reservations, release; the COPY statements are not counted.
    with django_assert_max_num_queries(12):
        disclosure, counts = persist_disclosure(
            parsed=parsed, source_text=raw.text, data=data, filename="b.txt"
        )

    assert (FunctionalCode.objects.count(), EconomicItem.objects.count()) == (codes, items)
    assert counts["functional_lines"] == disclosure.functional_lines.count() > 0
    assert counts["indicators"] == Indicator.objects.filter(target__disclosure=disclosure).count()
    line = disclosure.economic_lines.get(dept_item_name="工资福利支出", is_category=True)
    assert line.dept_item.name == "工资福利支出"


@pytest.mark.django_db
def test_missing_codes_are_created_with_parents_and_existing_ones_kept():
    year = 1999
    kept = EconomicItem.objects.create(
        fiscal_year=year, scheme=EconomicItem.Scheme.DEPARTMENT, name="办公费"
    )
    FunctionalCode.objects.create(
        fiscal_year=year, code="201", name="一般公共服务支出", level=code_level("201")
    )

    codes = functional_codes_get_or_create(
        year, {"201": "x", "20113": "商贸事务", "2011301": "行政运行", "208": "社会保障和就业支出"}
    )
    items = _economic_items(year, [{"dept_item": "办公费", "gov_item": "办公经费"}])

    assert codes["201"].name == "一般公共服务支出"  # an existing code keeps its name
    assert codes["2011301"].parent == codes["20113"]
    assert codes["20113"].parent == codes["201"]
    assert codes["208"].parent is None
    assert FunctionalCode.objects.filter(fiscal_year=year).count() == 4
    assert items[(EconomicItem.Scheme.DEPARTMENT, "办公费")] == kept
    assert items[(EconomicItem.Scheme.GOVERNMENT, "办公经费")].pk is not None
    assert EconomicItem.objects.filter(fiscal_year=year).count() == 2
