"""The data model's invariants hold in PostgreSQL, and money round-trips exactly."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from budgets.models import (
    YUAN_PER_WAN,
    CodeLevel,
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
    Region,
    ValidationCheck,
    code_level,
    organization_slug,
)
from tests.conftest import make_disclosure, make_organization

pytestmark = pytest.mark.django_db


# The test database may hold the ingested samples (fiscal 2022-2025, 山西省, 晋城市商务局 …),
# so rows made here use a year and names that no sample uses.
TEST_YEAR = 1999


def make_functional_code(code="201", fiscal_year=TEST_YEAR, **overrides) -> FunctionalCode:
    fields = {"name": "一般公共服务支出", "level": code_level(code), **overrides}
    return FunctionalCode.objects.create(fiscal_year=fiscal_year, code=code, **fields)


def make_functional_line(disclosure, functional_code, **overrides) -> FunctionalLine:
    fields = {
        "table": FunctionalLine.Table.EXPENDITURE,
        "code": functional_code.code,
        "name": functional_code.name,
        "position": 1,
        "line_start": 150,
        "line_end": 150,
        **overrides,
    }
    return FunctionalLine.objects.create(
        disclosure=disclosure, functional_code=functional_code, **fields
    )


def assert_rejected(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


class TestDisclosureConstraints:
    def test_second_published_disclosure_for_same_org_year_kind_is_rejected(self):
        first = make_disclosure(status=Disclosure.Status.PUBLISHED)

        assert_rejected(
            lambda: make_disclosure(
                organization=first.organization, version=2, status=Disclosure.Status.PUBLISHED
            )
        )

    def test_superseded_versions_may_sit_beside_the_published_one(self):
        old = make_disclosure(status=Disclosure.Status.SUPERSEDED)
        new = make_disclosure(
            organization=old.organization,
            version=2,
            status=Disclosure.Status.PUBLISHED,
            supersedes=old,
        )
        other_year = make_disclosure(
            organization=old.organization, fiscal_year=2025, status=Disclosure.Status.PUBLISHED
        )

        assert new.supersedes == old
        assert old.superseded_by.get() == new
        assert other_year.pk

    def test_version_numbers_are_unique_per_org_year_kind(self):
        first = make_disclosure()

        assert_rejected(lambda: make_disclosure(organization=first.organization, version=1))

    def test_the_same_file_is_stored_once(self):
        first = make_disclosure()

        assert_rejected(lambda: make_disclosure(sha256=first.sha256, fiscal_year=2025))


class TestFigureConstraints:
    def test_duplicate_functional_line_in_one_table_is_rejected(self):
        disclosure = make_disclosure()
        code = make_functional_code("201")
        make_functional_line(disclosure, code)

        assert_rejected(lambda: make_functional_line(disclosure, code, position=2))

    def test_same_code_may_appear_once_in_each_table(self):
        disclosure = make_disclosure()
        code = make_functional_code("201")
        make_functional_line(disclosure, code, table=FunctionalLine.Table.EXPENDITURE)
        make_functional_line(disclosure, code, table=FunctionalLine.Table.INCOME)

        assert disclosure.functional_lines.count() == 2

    def test_duplicate_figure_key_is_rejected(self):
        disclosure = make_disclosure()

        def create() -> Figure:
            return Figure.objects.create(
                disclosure=disclosure,
                section=Figure.Section.SUMMARY,
                key="income_total",
                amount_yuan=Decimal("23730000.00"),
                line_start=60,
                line_end=60,
            )

        create()
        assert_rejected(create)

    @pytest.mark.parametrize("line_start, line_end", [(0, 3), (10, 9)])
    def test_line_range_must_be_one_based_and_ordered(self, line_start, line_end):
        disclosure = make_disclosure()

        assert_rejected(
            lambda: Figure.objects.create(
                disclosure=disclosure,
                section=Figure.Section.OPERATING,
                key="total",
                line_start=line_start,
                line_end=line_end,
            )
        )

    def test_validation_check_lines_are_optional_but_ordered(self):
        disclosure = make_disclosure()
        ValidationCheck.objects.create(
            disclosure=disclosure, position=1, check_name="three_public_sum", status="skipped"
        )

        assert_rejected(
            lambda: ValidationCheck.objects.create(
                disclosure=disclosure,
                position=2,
                check_name="functional_hierarchy:201",
                status="pass",
                line_start=160,
                line_end=150,
            )
        )


class TestClassifications:
    @pytest.mark.parametrize(
        "code, level",
        [("201", CodeLevel.CATEGORY), ("20103", CodeLevel.SECTION), ("2010301", CodeLevel.ITEM)],
    )
    def test_code_level_follows_code_length(self, code, level):
        assert code_level(code) == level

    def test_code_of_another_length_has_no_level(self):
        with pytest.raises(ValueError, match="3, 5 or 7"):
            code_level("2010")

    def test_level_must_match_code_length(self):
        assert_rejected(lambda: make_functional_code("20103", level=CodeLevel.CATEGORY))

    def test_codes_keep_leading_zeros_and_names_differ_between_years(self):
        make_functional_code("201", fiscal_year=TEST_YEAR, name="一般公共服务支出")
        make_functional_code("201", fiscal_year=TEST_YEAR + 1, name="一般公共服务")
        parent = make_functional_code("208", name="社会保障和就业支出")
        child = make_functional_code("20805", name="行政事业单位养老支出", parent=parent)

        test_years = [TEST_YEAR, TEST_YEAR + 1]
        assert FunctionalCode.objects.filter(code="201", fiscal_year__in=test_years).count() == 2
        assert child.parent.children.get() == child
        assert_rejected(lambda: make_functional_code("201", fiscal_year=TEST_YEAR))

    def test_economic_item_names_are_unique_per_year_and_scheme(self):
        def create(scheme: str) -> EconomicItem:
            return EconomicItem.objects.create(
                fiscal_year=TEST_YEAR, scheme=scheme, name="基本工资", code="30101"
            )

        create(EconomicItem.Scheme.DEPARTMENT)
        create(EconomicItem.Scheme.GOVERNMENT)
        assert_rejected(lambda: create(EconomicItem.Scheme.DEPARTMENT))


class TestOrganizationsAndRegions:
    def test_slug_is_the_name_and_stays_after_a_rename(self):
        organization = make_organization(name="测试市商务局（本级）")

        assert organization.slug == "测试市商务局本级"
        organization.name = "测试市商务和投资促进局"
        organization.save()
        organization.refresh_from_db()
        assert organization.slug == "测试市商务局本级"

    def test_names_that_read_the_same_get_numbered_slugs(self):
        first = make_organization(name="测试市商务局")
        second = make_organization(name="测试市·商务局")  # another normalized name
        third = make_organization(name="测试市 商务局")

        assert [first.slug, second.slug, third.slug] == [
            "测试市商务局",
            "测试市商务局-2",
            "测试市商务局-3",
        ]

    def test_a_name_without_letters_falls_back_to_the_hash_slug(self):
        organization = make_organization(name="（）")

        assert organization.slug == organization_slug("（）")
        assert organization.slug.startswith("org-")

    def test_normalized_name_is_unique(self):
        make_organization(name="测试市商务局")

        assert_rejected(lambda: make_organization(name="测试市商务局"))

    def test_units_belong_to_departments_and_keep_aliases(self):
        department = make_organization(name="测试市商务局")
        unit = make_organization(
            name="测试市商务综合行政执法队",
            kind=Organization.Kind.UNIT,
            parent=department,
            aliases=["商务执法队"],
        )

        assert department.units.get() == unit
        assert Organization.objects.get(pk=unit.pk).aliases == ["商务执法队"]

    def test_region_names_are_unique_under_a_parent_even_at_the_top(self):
        province = Region.objects.create(name="测试省", level=Region.Level.PROVINCE)
        Region.objects.create(name="测试市", level=Region.Level.CITY, parent=province)

        assert_rejected(
            lambda: Region.objects.create(name="测试市", level=Region.Level.CITY, parent=province)
        )
        assert_rejected(lambda: Region.objects.create(name="测试省", level="province"))


class TestMoney:
    @pytest.mark.parametrize(
        "amount",
        [
            Decimal("23730000.00"),  # 2373.00 万元
            Decimal("0.01"),
            Decimal("0.00"),
            Decimal("-1295.24"),
            Decimal("9999999999999999.99"),  # the largest 18-digit value
        ],
    )
    def test_decimal_amounts_round_trip_exactly(self, amount):
        disclosure = make_disclosure(total_yuan=amount)
        figure = Figure.objects.create(
            disclosure=disclosure,
            section=Figure.Section.SUMMARY,
            key="expenditure_total",
            amount_yuan=amount,
            line_start=1,
            line_end=1,
        )

        assert Disclosure.objects.get(pk=disclosure.pk).total_yuan == amount
        stored = Figure.objects.get(pk=figure.pk).amount_yuan
        assert stored == amount
        assert str(stored) == str(amount)

    def test_wan_yuan_converts_to_yuan_without_float_error(self):
        yuan = Decimal("1295.24") * YUAN_PER_WAN
        disclosure = make_disclosure(project_yuan=yuan)

        assert Disclosure.objects.get(pk=disclosure.pk).project_yuan == Decimal("12952400.00")

    def test_empty_cells_are_null_not_zero(self):
        disclosure = make_disclosure()
        line = make_functional_line(disclosure, make_functional_code("201"), total=Decimal("1"))

        line.refresh_from_db()
        assert line.government_fund is None


class TestPerformanceForms:
    def test_form_with_indicators_and_parsed_comparator(self):
        disclosure = make_disclosure()
        project = Project.objects.create(
            disclosure=disclosure,
            kind=Project.Kind.CURRENT,
            position=1,
            name="2023年晋城市春季汽车展销活动",
            category=Project.Category.SPECIFIC_TARGET,
            amount_yuan=Decimal("500000.00"),
            line_start=300,
            line_end=300,
        )
        target = PerformanceTarget.objects.create(
            disclosure=disclosure,
            position=1,
            project=project,
            project_name=project.name,
            annual_funds_yuan=Decimal("500000"),
            funds={"财政拨款": "500000"},
            line_start=540,
            line_end=580,
        )
        Indicator.objects.create(
            target=target,
            position=1,
            level1="产出指标",
            level2="数量指标",
            level3="参展企业",
            value_text="≥20家",
            comparator=Indicator.Comparator.GTE,
            number=Decimal("20"),
            unit="家",
            line_start=560,
            line_end=560,
        )

        indicator = target.indicators.get()
        assert (indicator.comparator, indicator.number, indicator.unit) == ("≥", 20, "家")
        assert project.performance_targets.get() == target

    def test_deleting_a_disclosure_deletes_its_figures(self):
        disclosure = make_disclosure()
        EconomicLine.objects.create(
            disclosure=disclosure,
            position=1,
            dept_item_name="工资福利支出",
            is_category=True,
            total=Decimal("9257200.00"),
            line_start=200,
            line_end=200,
        )

        disclosure_id = disclosure.pk
        disclosure.delete()

        assert not EconomicLine.objects.filter(disclosure_id=disclosure_id).exists()
