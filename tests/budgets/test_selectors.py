"""Selectors of the citizen pages: what they pick, how they group, on the ingested samples."""

from decimal import Decimal

import pytest

from budgets.models import Disclosure, FunctionalLine, GlossaryTerm
from budgets.pinyin import pinyin_key
from budgets.selectors.disclosures import (
    LineRange,
    Segment,
    disclosure_functional_breakdown,
    disclosure_projects,
    disclosure_public_queryset,
    disclosure_summary_cards,
    disclosure_validation_report,
    disclosure_versions,
    parse_line_range,
    source_lines,
    split_terms,
)
from budgets.selectors.organizations import (
    organization_history,
    organization_rows,
    organizations_by_region,
    portal_overview,
    region_path,
)
from budgets.selectors.pages import check_kind_counts, glossary_entries, term_key
from tests.conftest import make_disclosure


class TestSplitTerms:
    def test_marks_the_first_occurrence_of_each_term(self):
        segments = split_terms(
            "基本支出包括人员经费，基本支出不含项目支出。",
            {"基本支出": "保障运转的支出", "项目支出": "特定目标的支出"},
        )

        assert segments == (
            Segment("基本支出", "保障运转的支出"),
            Segment("包括人员经费，基本支出不含"),
            Segment("项目支出", "特定目标的支出"),
            Segment("。"),
        )

    def test_prefers_the_longest_term(self):
        segments = split_terms("一般公共预算拨款", {"预算": "短", "一般公共预算": "长"})

        assert segments[0] == Segment("一般公共预算", "长")

    def test_text_without_terms_is_one_segment(self):
        assert split_terms("没有名词", {}) == (Segment("没有名词"),)
        assert split_terms("", {"名词": "解释"}) == ()

    def test_terms_are_matched_literally(self):
        segments = split_terms("a.b 与 a+b", {"a+b": "加号"})

        assert segments == (Segment("a.b 与 "), Segment("a+b", "加号"))


class TestParseLineRange:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("12-20", LineRange(12, 20)),
            ("L12-L20", LineRange(12, 20)),
            ("20-12", LineRange(12, 20)),
            ("7", LineRange(7, 7)),
            (" 3 – 4 ", LineRange(3, 4)),
        ],
    )
    def test_reads_ranges(self, value, expected):
        assert parse_line_range(value) == expected

    @pytest.mark.parametrize("value", [None, "", "abc", "0", "1-2-3", "12-x", "-5"])
    def test_rejects_anything_else(self, value):
        assert parse_line_range(value) is None


@pytest.mark.django_db
class TestDisclosureSelectors:
    def test_public_queryset_holds_published_and_superseded_only(self, published_samples):
        statuses = {"parsed", "failed", "discarded", "superseded"}
        made = {status: make_disclosure(status=status) for status in statuses}

        public = set(disclosure_public_queryset().values_list("pk", flat=True))

        assert made["superseded"].pk in public
        assert not {made[s].pk for s in ("parsed", "failed", "discarded")} & public
        assert {d.pk for d in published_samples.values()} <= public

    def test_summary_cards_of_jincheng_2024(self, published_samples):
        cards = {c.title: c for c in disclosure_summary_cards(disclosure=published_samples["000"])}

        assert cards["收入"].main.amount_yuan == Decimal("23730000.00")
        assert [(p.label, p.amount_yuan) for p in cards["收入"].parts] == [
            ("一般公共预算", Decimal("23730000.00"))
        ]
        assert cards["“三公”经费"].main.amount_yuan == Decimal("5000.00")
        assert cards["“三公”经费"].main.line_start == 355
        assert cards["机关运行经费"].main.amount_yuan == Decimal("1520400.00")
        assert {p.label: p.amount_yuan for p in cards["人员经费与公用经费"].parts} == {
            "人员经费": Decimal("9257200.00"),
            "公用经费": Decimal("1520400.00"),
        }
        # 情况说明 line 465: 政府采购预算总额33.14万元, 货物5.89, 工程0, 服务27.25.
        assert cards["政府采购"].main.amount_yuan == Decimal("331400.00")
        assert {p.label: p.amount_yuan for p in cards["政府采购"].parts} == {
            "货物": Decimal("58900.00"),
            "工程": Decimal("0.00"),
            "服务": Decimal("272500.00"),
        }
        assert "上年结转" not in cards  # 上年结转 is empty in 表1

    def test_carryover_card_of_shanyin(self, published_samples):
        cards = {c.title: c for c in disclosure_summary_cards(disclosure=published_samples["002"])}

        assert cards["上年结转"].main.amount_yuan == Decimal("10000000.00")  # 1000.00 万元

    def test_a_table_printed_without_figures_is_a_card_of_zero(self, published_samples):
        """兴县 prints its 三公 table empty (注：本表无数据; 本单位无“三公”经费预算)."""
        cards = {c.title: c for c in disclosure_summary_cards(disclosure=published_samples["003"])}

        card = cards["“三公”经费"]
        assert card.main.amount_yuan == Decimal(0)
        assert (card.main.line_start, card.empty_note) == (309, "原表无数据，按 0 列示")
        assert card.parts == ()
        assert cards["支出总计"].empty_note == ""

    def test_special_funds_document_shows_its_project_total(self, published_samples):
        cards = disclosure_summary_cards(disclosure=published_samples["004"])

        # Line 5: 2022 年项目支出预算共计 631.81 万元; the file has no 收支总表.
        amounts = {
            amount.label: amount.amount_yuan
            for card in cards
            for amount in (card.main, *card.parts)
            if amount.amount_yuan is not None
        }
        assert amounts["项目支出"] == Decimal("6318100.00")
        assert cards[0].title == "项目支出"  # not an empty 支出总计 with one part
        assert "人员经费与公用经费" not in {card.title for card in cards}

    def test_functional_breakdown_reads_the_expenditure_table(self, published_samples):
        breakdown = disclosure_functional_breakdown(disclosure=published_samples["000"])

        assert breakdown.table == FunctionalLine.Table.EXPENDITURE
        assert [line.code for line in breakdown.lines[:3]] == ["201", "20113", "2011301"]
        assert breakdown.lines[0].total == Decimal("19908300.00")

    def test_functional_breakdown_falls_back_to_general_public(self, published_samples):
        disclosure = published_samples["003"]
        disclosure.functional_lines.filter(table=FunctionalLine.Table.EXPENDITURE).delete()

        breakdown = disclosure_functional_breakdown(disclosure=disclosure)

        assert breakdown.table == FunctionalLine.Table.GENERAL_PUBLIC
        assert breakdown.lines

    def test_functional_breakdown_of_a_document_without_one(self, published_samples):
        assert disclosure_functional_breakdown(disclosure=published_samples["004"]) is None

    def test_projects_carry_their_forms_and_indicators(
        self, published_samples, django_assert_num_queries
    ):
        with django_assert_num_queries(3):
            projects = disclosure_projects(disclosure=published_samples["000"])
            entry = next(
                e
                for e in projects.current
                if e.project.name == "2024年商务行业监管及重点项目推进经费"
            )
            indicators = [i.level3 for t in entry.targets for i in t.indicators.all()]

        assert "印刷册数量" in indicators

    def test_validation_report_splits_by_status(self, published_samples):
        disclosure = published_samples["003"]

        report = disclosure_validation_report(disclosure=disclosure)

        assert len(report.failed) == disclosure.checks_failed
        assert len(report.passed) == disclosure.checks_passed
        assert len(report.skipped) == disclosure.checks_skipped
        assert all(check.status == "fail" for check in report.failed)
        assert report.failed[0].kind_label  # a public label, not only the check's code

    def test_versions_list_every_public_version(self, published_samples):
        old = published_samples["000"]
        old.status = Disclosure.Status.SUPERSEDED
        old.save(update_fields=["status"])
        new = make_disclosure(
            organization=old.organization,
            fiscal_year=old.fiscal_year,
            kind=old.kind,
            version=2,
            status="published",
            supersedes=old,
        )
        make_disclosure(
            organization=old.organization,
            fiscal_year=old.fiscal_year,
            kind=old.kind,
            version=3,
            status="parsed",
        )

        assert disclosure_versions(disclosure=new) == [old, new]

    def test_source_lines_are_numbered_as_the_parser_numbers_them(self):
        disclosure = Disclosure(source_text="一\n\n三\r\x0c四\n")

        lines = source_lines(disclosure=disclosure, highlight=LineRange(2, 3))

        assert [(line.number, line.text) for line in lines] == [
            (1, "一"),
            (2, ""),
            (3, "三\r\x0c四"),
        ]
        assert [line.is_highlighted for line in lines] == [False, True, True]


@pytest.mark.django_db
class TestOrganizationSelectors:
    def test_rows_pick_the_latest_year_then_budgets_before_special_funds(self, published_samples):
        yangquan = published_samples["004"]  # 2022 专项资金
        budget = make_disclosure(
            organization=yangquan.organization,
            fiscal_year=2022,
            kind=Disclosure.Kind.DEPARTMENT_BUDGET,
            status="published",
        )
        candidates = Disclosure.objects.filter(status="published")

        rows = {d.organization_id: d for d in organization_rows(disclosures=candidates)}
        assert rows[yangquan.organization_id] == budget

        later = make_disclosure(
            organization=yangquan.organization,
            fiscal_year=2023,
            kind=Disclosure.Kind.SPECIAL_FUNDS,
            status="published",
        )
        rows = {d.organization_id: d for d in organization_rows(disclosures=candidates)}
        assert rows[yangquan.organization_id] == later
        assert rows[yangquan.organization_id].disclosure_count == 3

    def test_history_pairs_each_year_with_the_previous_one_of_its_kind(self, published_samples):
        organization = published_samples["000"].organization
        earlier = make_disclosure(
            organization=organization,
            fiscal_year=2022,
            kind=Disclosure.Kind.UNIT_BUDGET,
            status="published",
        )
        special = make_disclosure(
            organization=organization,
            fiscal_year=2023,
            kind=Disclosure.Kind.SPECIAL_FUNDS,
            status="published",
        )

        history = organization_history(organization=organization)

        assert [(row.disclosure.fiscal_year, row.previous) for row in history] == [
            (2024, earlier),
            (2023, None),
            (2022, None),
        ]
        assert history[1].disclosure == special

    def test_overview_counts_published_documents_only(self, shanxi_samples):
        make_disclosure(status="parsed", total_yuan=Decimal("1"))

        overview = portal_overview()

        assert overview.disclosure_count == 5
        assert overview.organization_count == 5
        assert overview.total_yuan == Decimal("110781500.00")
        assert [(y.fiscal_year, y.disclosure_count) for y in overview.by_year] == [
            (2025, 2),
            (2024, 1),
            (2023, 1),
            (2022, 1),
        ]

    def test_overview_of_an_empty_portal(self, empty_portal):
        overview = portal_overview()

        assert overview.disclosure_count == 0
        assert overview.fiscal_years == ()
        assert overview.total_yuan is None

    def test_regions_show_a_bounded_number_of_organizations(
        self, published_samples, django_assert_num_queries
    ):
        with django_assert_num_queries(2):  # the organizations, then their regions
            groups = {g.label: g for g in organizations_by_region(per_region=1)}

        jincheng = groups["山西省 晋城市"]
        assert [o.name for o in jincheng.organizations] == ["晋城市商务局"]
        assert jincheng.organization_count == 2
        assert jincheng.has_more
        assert jincheng.region == published_samples["000"].organization.region
        assert not groups["山西省 阳泉市"].has_more

    def test_organizations_without_a_region_come_last(self, shanxi_samples):
        disclosure = make_disclosure(status=Disclosure.Status.PUBLISHED)

        groups = organizations_by_region()

        last = groups[-1]
        assert (last.region, last.label, last.organization_count) == (None, "未注明地区", 1)
        assert [(o.name, o.slug) for o in last.organizations] == [
            (disclosure.organization.name, disclosure.organization.slug)
        ]

    def test_region_path_lists_parents_first(self, published_samples):
        region = published_samples["003"].organization.region

        assert region_path(region) == "山西省 吕梁市 兴县"
        assert region_path(None) == ""


@pytest.mark.django_db
class TestPageSelectors:
    def test_glossary_entries_are_unique_by_term_in_pinyin_order(self, published_samples):
        entries = glossary_entries()

        keys = [term_key(entry.term) for entry in entries]
        assert len(keys) == len(set(keys))
        assert keys == sorted(keys, key=pinyin_key)
        # 基本支出 (jī) before 项目支出 (xiàng) before 一般公共预算 (yī), not by code point
        assert keys.index("基本支出") < keys.index("项目支出") < keys.index("一般公共预算")

    def test_glossary_merges_a_term_written_with_other_quotation_marks(self, published_samples):
        for prefix, term in (("000", '"测试"名词'), ("001", "“测试”名词")):
            GlossaryTerm.objects.create(
                disclosure=published_samples[prefix],
                position=900,
                term=term,
                definition="只在测试中出现。",
                line_start=1,
                line_end=1,
            )

        [entry] = [e for e in glossary_entries() if term_key(e.term) == "测试名词"]

        assert entry.document_count == 2
        assert {d.pk for d in entry.documents} == {
            published_samples["000"].pk,
            published_samples["001"].pk,
        }

    def test_check_kinds_describe_every_family(self, published_samples):
        kinds = {kind.kind: kind for kind in check_kind_counts()}

        assert kinds["functional_hierarchy"].label == "功能科目逐级加总"
        assert kinds["functional_hierarchy"].passed > 0
        assert all(kind.description for kind in kinds.values() if kind.label != kind.kind)
