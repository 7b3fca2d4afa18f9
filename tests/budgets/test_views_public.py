"""The citizen pages on the five ingested samples: real figures, links, 404s, escaping, queries.

Figures are read from the documents themselves (samples/disclosures/*.txt), e.g. 000 晋城市商务局
2024 单位预算: 支出总计 2373.00 (line 118), 一般公共服务支出 1990.83 (line 165), 基本支出
1077.76 and 项目支出 1295.24 (表3), “三公”经费 0.50 of which 公务接待费 0.50 (lines 351, 355).
"""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from budgets.models import (
    Disclosure,
    GlossaryTerm,
    Indicator,
    NarrativeSection,
    PerformanceTarget,
    Project,
)
from tests.conftest import SAMPLES_DIR, make_disclosure, make_organization

SCRIPT = "<script>alert('x')</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"


def checks_total(disclosure: Disclosure) -> int:
    return disclosure.checks_passed + disclosure.checks_failed + disclosure.checks_skipped


def page_text(response) -> str:
    return response.content.decode()


def source_href(disclosure: Disclosure, start: int, end: int | None = None) -> str:
    url = reverse("disclosure_source", args=[disclosure.pk])
    return f"{url}?lines={start}-{end or start}#L{start}"


@pytest.fixture
def jincheng(published_samples) -> Disclosure:
    """000: 晋城市商务局 2024 单位预算."""
    return published_samples["000"]


# Home ------------------------------------------------------------------------------------


class TestHome:
    def test_home_shows_what_the_portal_holds(self, client, shanxi_samples):
        response = client.get(reverse("home"))

        text = page_text(response)
        overview = response.context["overview"]
        assert overview.disclosure_count == 5
        assert overview.organization_count == 5
        assert overview.fiscal_years == (2025, 2024, 2023, 2022)
        # 2373.00 + 5283.05 + 2272.82 + 517.47 + 631.81 万元
        assert overview.total_yuan == Decimal("110781500.00")
        assert "11,078.15" in text
        assert 'action="/search/"' in text and 'name="q"' in text

    def test_home_groups_organizations_by_region(self, client, published_samples):
        response = client.get(reverse("home"))

        groups = {group.label: group for group in response.context["region_groups"]}
        assert [o.name for o in groups["山西省 晋城市"].organizations] == [
            "晋城市商务局",
            "晋城市工业和信息化局",
        ]
        assert [o.name for o in groups["山西省 吕梁市 兴县"].organizations] == [
            "兴县电子商务服务中心"
        ]
        slug = published_samples["002"].organization.slug
        assert reverse("organization_detail", args=[slug]) in page_text(response)

    def test_home_lists_recently_published_disclosures(self, client, shanxi_samples):
        response = client.get(reverse("home"))

        recent = response.context["recent"]
        assert {d.pk for d in recent} == {d.pk for d in shanxi_samples.values()}
        assert reverse("disclosure_detail", args=[shanxi_samples["000"].pk]) in page_text(response)

    def test_home_queries_are_bounded(
        self, client, published_samples, django_assert_max_num_queries
    ):
        for number in range(30):
            make_disclosure(status="published", total_yuan=Decimal(number))
        with django_assert_max_num_queries(5):
            response = client.get(reverse("home"))
        assert response.status_code == 200


# Organization list -----------------------------------------------------------------------


def row_names(response) -> list[str]:
    return [row.record.organization.name for row in response.context["table"].paginated_rows]


class TestOrganizationList:
    def test_lists_each_organization_with_its_latest_budget(self, client, shanxi_samples):
        response = client.get(reverse("organization_list"))

        text = page_text(response)
        assert response.status_code == 200
        assert len(row_names(response)) == 5
        assert "<caption>预算单位及其预算公开文件</caption>" in text
        assert "2,373.00" in text and "5,283.05" in text and "2,272.82" in text
        assert "支出总计\u200b（万元）" in text  # may wrap before the unit, never inside

    @pytest.mark.parametrize(
        ("sort", "expected"),
        [
            (
                "-total",
                [
                    "晋城市工业和信息化局",
                    "晋城市商务局",
                    "山阴县商务局",
                    "阳泉市商务局",
                    "兴县电子商务服务中心",
                ],
            ),
            (
                "total",
                [
                    "兴县电子商务服务中心",
                    "阳泉市商务局",
                    "山阴县商务局",
                    "晋城市商务局",
                    "晋城市工业和信息化局",
                ],
            ),
            # 1,471.63 / 1,077.76 / 242.32 / 77.47; the special-funds file has none: last.
            (
                "-basic",
                [
                    "晋城市工业和信息化局",
                    "晋城市商务局",
                    "山阴县商务局",
                    "兴县电子商务服务中心",
                    "阳泉市商务局",
                ],
            ),
            (
                # 3,811.41 / 2,030.50 / 1,295.24 / 631.81 (the special funds) / 440.00
                "-project",
                [
                    "晋城市工业和信息化局",
                    "山阴县商务局",
                    "晋城市商务局",
                    "阳泉市商务局",
                    "兴县电子商务服务中心",
                ],
            ),
            # 三公 1.50 / 1.09 / 0.50; 兴县 and 阳泉 print none, and stay last either way.
            ("-three_public", ["山阴县商务局", "晋城市工业和信息化局", "晋城市商务局"]),
            ("three_public", ["晋城市商务局", "晋城市工业和信息化局", "山阴县商务局"]),
            ("-operating", ["晋城市商务局", "晋城市工业和信息化局", "山阴县商务局"]),
        ],
    )
    def test_sorts_by_amounts_with_empty_ones_last(self, client, shanxi_samples, sort, expected):
        response = client.get(reverse("organization_list"), {"sort": sort})

        names = row_names(response)
        assert names[: len(expected)] == expected

    @pytest.mark.parametrize(
        ("region", "expected"),
        [
            ("晋城市", {"晋城市商务局", "晋城市工业和信息化局"}),
            ("吕梁市", {"兴县电子商务服务中心"}),  # a county under the city
            (
                "山西省",
                {
                    "晋城市商务局",
                    "晋城市工业和信息化局",
                    "山阴县商务局",
                    "兴县电子商务服务中心",
                    "阳泉市商务局",
                },
            ),
        ],
    )
    def test_filters_by_region_and_the_regions_under_it(
        self, client, published_samples, region, expected
    ):
        organization = next(
            d.organization
            for d in published_samples.values()
            if region in {r.name for r in _region_chain(d.organization.region)}
        )
        region_id = next(r.pk for r in _region_chain(organization.region) if r.name == region)

        response = client.get(reverse("organization_list"), {"region": region_id})

        assert set(row_names(response)) == expected

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"year": "2025"}, {"晋城市工业和信息化局", "山阴县商务局"}),
            ({"kind": "unit"}, {"晋城市商务局", "兴县电子商务服务中心"}),
            (
                {"name": "商务"},
                {"晋城市商务局", "山阴县商务局", "兴县电子商务服务中心", "阳泉市商务局"},
            ),
            ({"document": "special_funds"}, {"阳泉市商务局"}),
            ({"name": "商务", "year": "2024"}, {"晋城市商务局"}),
        ],
    )
    def test_filters_by_year_kind_and_name(self, client, shanxi_samples, params, expected):
        response = client.get(reverse("organization_list"), params)

        assert set(row_names(response)) == expected

    def test_year_filter_picks_that_years_document(self, client, jincheng):
        make_disclosure(
            organization=jincheng.organization,
            fiscal_year=2023,
            kind=Disclosure.Kind.UNIT_BUDGET,
            status="published",
            total_yuan=Decimal("20000000"),
        )

        latest = client.get(reverse("organization_list"), {"name": "晋城市商务局"})
        older = client.get(reverse("organization_list"), {"name": "晋城市商务局", "year": "2023"})

        [latest_row] = latest.context["table"].paginated_rows
        [older_row] = older.context["table"].paginated_rows
        assert latest_row.record.fiscal_year == 2024
        assert latest_row.record.disclosure_count == 2
        assert older_row.record.fiscal_year == 2023
        assert "2,000.00" in page_text(older)

    @pytest.mark.parametrize(("per_page", "expected"), [("10000", 3), ("2", 2), ("-5", 1)])
    def test_page_size_is_capped(self, client, published_samples, monkeypatch, per_page, expected):
        monkeypatch.setattr("budgets.pagination.MAX_PAGE_SIZE", 3)

        response = client.get(reverse("organization_list"), {"per_page": per_page})

        assert response.context["table"].paginator.per_page == expected
        assert len(row_names(response)) == expected

    def test_export_is_not_capped(self, client, shanxi_samples, monkeypatch):
        monkeypatch.setattr("budgets.pagination.MAX_PAGE_SIZE", 3)

        response = client.get(reverse("organization_list"), {"export": "csv"})

        assert len(list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))) == 1 + 5

    def test_exports_the_filtered_rows_as_csv(self, client, shanxi_samples):
        response = client.get(
            reverse("organization_list"), {"name": "商务", "sort": "-total", "export": "csv"}
        )

        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        text = response.content.decode("utf-8")
        assert text.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        header, *body = rows
        assert header[:2] == ["单位", "地区"]
        assert "支出总计（万元）" in header
        total = header.index("支出总计（万元）")
        assert [(row[0], row[total]) for row in body] == [
            ("晋城市商务局", "2373.00"),
            ("山阴县商务局", "2272.82"),
            ("阳泉市商务局", "631.81"),
            ("兴县电子商务服务中心", "517.47"),
        ]

    def test_exports_every_filtered_row_not_one_page(self, client, shanxi_samples):
        for _ in range(30):
            make_disclosure(status="published", total_yuan=Decimal("10000"))

        response = client.get(reverse("organization_list"), {"export": "csv"})

        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(rows) == 1 + 35

    def test_exports_xlsx_with_numbers(self, client, shanxi_samples):
        response = client.get(
            reverse("organization_list"), {"region": "", "sort": "-total", "export": "xlsx"}
        )

        assert response["Content-Type"].startswith(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[0]
        total = header.index("支出总计（万元）")
        assert rows[1][0] == "晋城市工业和信息化局"
        assert rows[1][total] == pytest.approx(5283.05)
        assert len(rows) == 6

    def test_paginates_and_keeps_queries_bounded(
        self, client, shanxi_samples, django_assert_max_num_queries
    ):
        for _ in range(40):
            make_disclosure(status="published", total_yuan=Decimal("10000"))

        with django_assert_max_num_queries(6):
            first = client.get(reverse("organization_list"))
        second = client.get(reverse("organization_list"), {"page": 2})

        assert len(row_names(first)) == 25
        assert len(row_names(second)) == 20
        assert "下一页" in page_text(first)

    def test_escapes_organization_names(self, client, published_samples):
        make_disclosure(organization=make_organization(name=SCRIPT), status="published")

        text = page_text(client.get(reverse("organization_list")))

        assert ESCAPED_SCRIPT in text
        assert SCRIPT not in text


def _region_chain(region):
    while region is not None:
        yield region
        region = region.parent


# Organization detail ---------------------------------------------------------------------


class TestOrganizationDetail:
    def test_shows_the_organizations_disclosures_and_chart(self, client, jincheng):
        response = client.get(reverse("organization_detail", args=[jincheng.organization.slug]))

        text = page_text(response)
        assert response.status_code == 200
        assert "<h1>晋城市商务局</h1>" in text
        assert reverse("disclosure_detail", args=[jincheng.pk]) in text
        assert "2,373.00" in text and "1,077.76" in text and "1,295.24" in text
        figure = response.context["totals_figure"]
        assert figure["data"][0]["x"] == ["2024年<br>单位预算"]
        assert figure["data"][0]["y"] == [2373.0]
        assert 'data-figure="fig-totals"' in text

    def test_shows_the_change_against_the_previous_year(self, client, jincheng):
        make_disclosure(
            organization=jincheng.organization,
            fiscal_year=2023,
            kind=Disclosure.Kind.UNIT_BUDGET,
            status="published",
            total_yuan=Decimal("20000000"),  # 2,000.00 万元
        )

        response = client.get(reverse("organization_detail", args=[jincheng.organization.slug]))

        history = response.context["history"]
        assert [row.disclosure.fiscal_year for row in history] == [2024, 2023]
        assert history[0].previous.fiscal_year == 2023
        assert "+18.7%" in page_text(response)  # 2373.00 / 2000.00 - 1

    def test_unknown_slug_is_a_friendly_404(self, client, published_samples):
        response = client.get(reverse("organization_detail", args=["org-nothere"]))

        assert response.status_code == 404
        assert "找不到这个页面" in page_text(response)

    def test_organization_without_public_disclosures_is_404(self, client, published_samples):
        organization = make_organization()
        make_disclosure(organization=organization, status="parsed")

        response = client.get(reverse("organization_detail", args=[organization.slug]))

        assert response.status_code == 404

    def test_queries_are_bounded(self, client, jincheng, django_assert_max_num_queries):
        for year in range(2010, 2024):
            make_disclosure(
                organization=jincheng.organization, fiscal_year=year, status="published"
            )
        with django_assert_max_num_queries(4):
            client.get(reverse("organization_detail", args=[jincheng.organization.slug]))


# Disclosure page -------------------------------------------------------------------------


class TestDisclosureDetail:
    def test_summary_cards_show_the_documents_figures(self, client, jincheng):
        response = client.get(reverse("disclosure_detail", args=[jincheng.pk]))

        text = page_text(response)
        cards = {card.title: card for card in response.context["page"].cards}
        assert cards["支出总计"].main.amount_yuan == Decimal("23730000.00")
        assert {p.label: p.amount_yuan for p in cards["支出总计"].parts} == {
            "基本支出": Decimal("10777600.00"),
            "项目支出": Decimal("12952400.00"),
        }
        assert {p.label: p.amount_yuan for p in cards["“三公”经费"].parts} == {
            "公务接待费": Decimal("5000.00")
        }
        assert cards["人员经费与公用经费"].main.amount_yuan == Decimal("10777600.00")
        for shown in ("2,373.00", "1,077.76", "1,295.24", "0.50", "152.04", "925.72"):
            assert shown in text
        assert "万元" in text
        assert source_href(jincheng, 355) in text  # “三公”经费 合计 row
        assert source_href(jincheng, 351) in text  # 公务接待费

    def test_functional_table_and_sunburst_share_the_data(self, client, jincheng):
        response = client.get(reverse("disclosure_detail", args=[jincheng.pk]))

        text = page_text(response)
        assert "一般公共服务支出" in text and "1,990.83" in text
        assert "<caption>预算支出总表：按支出功能分类（万元）</caption>" in text
        assert source_href(jincheng, 165) in text
        sunburst = response.context["functional_figure"]["data"][0]
        assert sunburst["type"] == "sunburst"
        nodes = dict(
            zip(
                sunburst["ids"],
                zip(sunburst["parents"], sunburst["values"], strict=True),
                strict=True,
            )
        )
        assert nodes["201"] == ("total", 1990.83)
        assert nodes["20113"] == ("201", 1990.83)
        assert nodes["2011301"] == ("20113", 435.85)
        assert nodes["total"] == ("", 2373.0)
        assert 'data-figure="fig-functional"' in text
        assert 'id="fig-functional" type="application/json"' in text

    def test_economic_breakdown_table_and_bar(self, client, jincheng):
        response = client.get(reverse("disclosure_detail", args=[jincheng.pk]))

        text = page_text(response)
        assert "工资福利支出" in text and "757.99" in text
        assert source_href(jincheng, 272) in text
        bars = response.context["economic_figure"]["data"]
        assert [bar["name"] for bar in bars] == ["人员经费", "公用经费"]
        assert "工资福利支出" in bars[0]["y"]

    def test_projects_with_their_indicators_on_expansion(self, client, jincheng):
        response = client.get(reverse("disclosure_detail", args=[jincheng.pk]))

        text = page_text(response)
        assert "晋城市商贸流通发展专项资金" in text and "440.00" in text
        assert source_href(jincheng, 381) in text
        assert '<details class="targets">' in text
        assert "印刷册数量" in text and "≥500册" in text
        assert source_href(jincheng, 525) in text

    def test_validation_report_counts_and_links_failures(self, client, published_samples):
        disclosure = published_samples["001"]  # 公用经费 147.28 against 机关运行经费 109.66

        response = client.get(reverse("disclosure_detail", args=[disclosure.pk]))

        text = page_text(response)
        report = response.context["page"].validation
        assert report.passed_count == disclosure.checks_passed
        assert len(report.failed) == disclosure.checks_failed >= 1
        assert f"{disclosure.checks_passed} 项通过" in text
        assert "cross_table_total:economic_public_vs_operating" in text
        assert "147.28" in text and "109.66" in text
        failed = next(c for c in report.failed if c.check_name.endswith("public_vs_operating"))
        assert source_href(disclosure, failed.line_start, failed.line_end) in text

    def test_passed_checks_are_counted_and_listed_on_their_own_page(self, client, jincheng):
        checks_url = reverse("disclosure_check_list", args=[jincheng.pk])

        text = page_text(client.get(reverse("disclosure_detail", args=[jincheng.pk])))

        # 000 passes 303 of its 304 checks: the page counts them and links the full list
        # rather than rendering 303 rows nobody reads on the document's own page.
        assert f"{jincheng.checks_passed} 项通过" in text
        assert (
            f'href="{checks_url}"' in text and f"查看全部 {checks_total(jincheng)} 项校验" in text
        )
        assert "<code>functional_hierarchy:" not in text

    def test_special_funds_document_shows_its_projects(self, client, published_samples):
        disclosure = published_samples["004"]

        response = client.get(reverse("disclosure_detail", args=[disclosure.pk]))

        text = page_text(response)
        assert response.status_code == 200
        assert "631.81" in text
        assert "贸易统计奖励专项资金" in text and "293.00" in text
        assert response.context["functional_figure"] is None

    def test_narrative_sections_of_the_document_explain_its_own_terms(self, client, jincheng):
        term = jincheng.glossary_terms.get(term="基本支出")  # 名词解释, line 2481

        response = client.get(reverse("disclosure_detail", args=[jincheng.pk]))

        text = page_text(response)
        assert "三、支出预算情况说明" in text
        assert source_href(jincheng, 419, 421) in text
        assert (
            f'<abbr class="term" title="{escape(term.definition)}" tabindex="0">基本支出</abbr>'
            in (text)
        )
        assert source_href(jincheng, term.line_start, term.line_end) in text  # the glossary list

    def test_narrative_explains_glossary_terms_on_hover(self, client, jincheng):
        GlossaryTerm.objects.create(
            disclosure=jincheng,
            position=900,
            term="测试支出",
            definition="只在测试中出现的名词：<解释>。",
            line_start=2482,
            line_end=2482,
        )
        NarrativeSection.objects.create(
            disclosure=jincheng,
            position=900,
            heading="三、支出预算情况说明",
            text="2024年度支出预算2373.00万元，其中：测试支出1077.76万元，测试支出不再标注。",
            line_start=419,
            line_end=421,
        )

        response = client.get(reverse("disclosure_detail", args=[jincheng.pk]))

        text = page_text(response)
        definition = "只在测试中出现的名词：&lt;解释&gt;。"
        assert f'<abbr class="term" title="{definition}" tabindex="0">测试支出</abbr>' in text
        assert text.count(">测试支出</abbr>") == 1  # the first occurrence only
        assert source_href(jincheng, 419, 421) in text

    def test_escapes_document_text(self, client, jincheng):
        Project.objects.create(
            disclosure=jincheng,
            kind=Project.Kind.CURRENT,
            position=900,
            name=SCRIPT,
            amount_yuan=Decimal("1"),
            line_start=1,
            line_end=1,
        )
        GlossaryTerm.objects.create(
            disclosure=jincheng,
            position=901,
            term="测试项目",
            definition='"><img src=x onerror=alert(1)>',
            line_start=1,
            line_end=1,
        )
        NarrativeSection.objects.create(
            disclosure=jincheng,
            position=901,
            heading=SCRIPT,
            text=f"测试项目 {SCRIPT}",
            line_start=1,
            line_end=1,
        )

        text = page_text(client.get(reverse("disclosure_detail", args=[jincheng.pk])))

        assert SCRIPT not in text
        assert ESCAPED_SCRIPT in text
        assert "<img src=x" not in text
        assert 'title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"' in text

    def test_escapes_names_inside_figure_json(self, client, jincheng):
        jincheng.functional_lines.filter(code="201").update(name=SCRIPT)

        text = page_text(client.get(reverse("disclosure_detail", args=[jincheng.pk])))

        assert SCRIPT not in text
        # The chart escapes the name for Plotly's labels, json_script the JSON it sits in.
        assert "\\u0026lt;script\\u0026gt;" in text

    def test_superseded_version_is_reachable_and_linked(self, client, jincheng):
        jincheng.status = Disclosure.Status.SUPERSEDED
        jincheng.save(update_fields=["status"])
        newer = make_disclosure(
            organization=jincheng.organization,
            fiscal_year=2024,
            kind=jincheng.kind,
            version=2,
            status="published",
            supersedes=jincheng,
        )

        old_page = page_text(client.get(reverse("disclosure_detail", args=[jincheng.pk])))
        new_page = page_text(client.get(reverse("disclosure_detail", args=[newer.pk])))

        assert "此版本已被新版本取代" in old_page
        assert reverse("disclosure_detail", args=[newer.pk]) in old_page
        assert "取代了" in new_page and "v1" in new_page
        assert reverse("disclosure_detail", args=[jincheng.pk]) in new_page

    @pytest.mark.parametrize("status", ["parsed", "failed", "discarded"])
    def test_disclosures_that_are_not_public_are_404(self, client, published_samples, status):
        disclosure = make_disclosure(status=status, source_text="一\n二\n")

        for name in ("disclosure_detail", "disclosure_source", "disclosure_download"):
            response = client.get(reverse(name, args=[disclosure.pk]))
            assert response.status_code == 404, name

    def test_unknown_disclosure_is_a_friendly_404(self, client, published_samples):
        response = client.get(reverse("disclosure_detail", args=[999_999]))

        text = page_text(response)
        assert response.status_code == 404
        assert "找不到这个页面" in text
        assert 'action="/search/"' in text
        assert reverse("organization_list") in text

    @pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
    def test_queries_are_bounded_whatever_the_document_size(
        self, client, published_samples, prefix, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(14):
            response = client.get(reverse("disclosure_detail", args=[published_samples[prefix].pk]))
        assert response.status_code == 200

    def test_queries_do_not_grow_with_projects_and_indicators(
        self, client, jincheng, django_assert_max_num_queries
    ):
        for position in range(50):
            project = Project.objects.create(
                disclosure=jincheng,
                kind=Project.Kind.CURRENT,
                position=1000 + position,
                name=f"新增项目{position}",
                amount_yuan=Decimal("10000"),
                line_start=1,
                line_end=1,
            )
            target = PerformanceTarget.objects.create(
                disclosure=jincheng,
                position=1000 + position,
                project=project,
                project_name=project.name,
                line_start=1,
                line_end=1,
            )
            Indicator.objects.bulk_create(
                Indicator(target=target, position=n, level3=f"指标{n}", line_start=1, line_end=1)
                for n in range(5)
            )
        # 13 for the page (12 once the shared glossary is cached), 1 for the page cache's
        # freshness stamp of the document.
        with django_assert_max_num_queries(14):
            client.get(reverse("disclosure_detail", args=[jincheng.pk]))


# Source text and download ----------------------------------------------------------------


class TestDisclosureCheckList:
    def test_lists_every_check_in_order_with_its_source_line(self, client, published_samples):
        disclosure = published_samples["001"]

        response = client.get(reverse("disclosure_check_list", args=[disclosure.pk]))

        text = page_text(response)
        checks = response.context["checks"]
        assert response.status_code == 200
        assert len(checks) == checks_total(disclosure) == 450
        assert [c.position for c in checks] == sorted(c.position for c in checks)
        assert f"全部校验（{checks_total(disclosure)} 项）" in text
        assert source_href(disclosure, checks[0].line_start, checks[0].line_end) in text

    @pytest.mark.parametrize(
        ("status", "expected"),
        [("fail", 4), ("rounding", 41), ("pass", 445), ("skipped", 1)],
    )
    def test_narrows_by_result(self, client, published_samples, status, expected):
        # 001: 445 passed (41 of them within rounding), 4 failed, 1 skipped (see its report).
        disclosure = published_samples["001"]

        response = client.get(
            reverse("disclosure_check_list", args=[disclosure.pk]), {"status": status}
        )

        checks = response.context["checks"]
        assert len(checks) == expected
        if status == "rounding":
            assert {c.outcome for c in checks} == {"rounding"}
        else:
            assert {c.status for c in checks} == {status}

    def test_an_unknown_status_shows_every_check(self, client, jincheng):
        url = reverse("disclosure_check_list", args=[jincheng.pk])

        response = client.get(url, {"status": "<script>"})

        assert response.status_code == 200
        assert len(response.context["checks"]) == checks_total(jincheng)
        assert "<script>" not in page_text(response)

    def test_an_empty_result_says_so(self, client, published_samples):
        disclosure = published_samples["004"]  # 15 checks, all passed

        response = client.get(
            reverse("disclosure_check_list", args=[disclosure.pk]), {"status": "fail"}
        )

        assert response.context["checks"] == []
        assert "没有“未通过”的校验项。" in page_text(response)

    def test_csv_has_every_figure_of_the_failures(self, client, published_samples):
        disclosure = published_samples["001"]

        response = client.get(
            reverse("disclosure_check_list", args=[disclosure.pk]),
            {"status": "fail", "format": "csv"},
        )

        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert response["Content-Type"].startswith("text/csv")
        assert rows[0][:4] == ["校验类别", "校验项", "说明", "应为"]
        assert len(rows) == 1 + disclosure.checks_failed
        operating = next(r for r in rows if r[1].endswith("public_vs_operating"))
        assert {"147.28", "109.66"} <= set(operating[3:5])
        assert operating[7] == "未通过"

    def test_not_public_disclosures_are_not_found(self, client, db):
        draft = make_disclosure(status=Disclosure.Status.PARSED)

        response = client.get(reverse("disclosure_check_list", args=[draft.pk]))

        assert response.status_code == 404


class TestDisclosureSource:
    def test_numbers_every_line_and_highlights_the_cited_range(self, client, jincheng):
        response = client.get(
            reverse("disclosure_source", args=[jincheng.pk]), {"lines": "165-170"}
        )

        text = page_text(response)
        lines = response.context["lines"]
        assert len(lines) == len(jincheng.source_text.rstrip("\n").split("\n"))
        assert [line.number for line in lines if line.is_highlighted] == list(range(165, 171))
        assert '<div class="line hl" id="L165">' in text
        assert '<div class="line" id="L164">' in text
        assert '<div class="line" id="L171">' in text
        assert "一般公共服务支出" in lines[164].text  # line 165, as the parser numbered it
        assert "已高亮第 165–170 行" in text
        assert reverse("disclosure_download", args=[jincheng.pk]) in text

    @pytest.mark.parametrize("lines", ["abc", "", "0", "12-x"])
    def test_ignores_a_malformed_range(self, client, jincheng, lines):
        response = client.get(reverse("disclosure_source", args=[jincheng.pk]), {"lines": lines})

        assert response.status_code == 200
        assert not any(line.is_highlighted for line in response.context["lines"])

    def test_escapes_the_source_text(self, client, published_samples):
        disclosure = make_disclosure(status="published", source_text=f"第一行\n{SCRIPT}\n")

        response = client.get(reverse("disclosure_source", args=[disclosure.pk]))

        text = page_text(response)
        assert ESCAPED_SCRIPT in text and SCRIPT not in text

    def test_source_page_uses_one_query(self, client, jincheng, django_assert_max_num_queries):
        # and one more: the page cache's freshness stamp of the document
        with django_assert_max_num_queries(2):
            client.get(reverse("disclosure_source", args=[jincheng.pk]), {"lines": "1-2"})

    def test_download_serves_the_original_file(self, client, jincheng):
        response = client.get(reverse("disclosure_download", args=[jincheng.pk]))

        assert response.status_code == 200
        assert 'filename="000_9f37a4571f332d18.txt"' in response["Content-Disposition"]
        assert "attachment" in response["Content-Disposition"]
        original = (SAMPLES_DIR / "000_9f37a4571f332d18.txt").read_bytes()
        assert b"".join(response.streaming_content) == original

    def test_download_of_a_missing_file_is_404(self, client, published_samples):
        disclosure = make_disclosure(status="published")  # its file was never stored

        response = client.get(reverse("disclosure_download", args=[disclosure.pk]))

        assert response.status_code == 404


# Glossary and about ----------------------------------------------------------------------


class TestGlossaryAndAbout:
    def test_glossary_lists_each_term_once_with_its_documents(
        self, client, published_samples, django_assert_max_num_queries
    ):
        for prefix, position in (("000", 900), ("001", 900)):
            GlossaryTerm.objects.create(
                disclosure=published_samples[prefix],
                position=position,
                term="测试名词",
                definition="只在测试中出现的名词。",
                line_start=2484,
                line_end=2484,
            )

        with django_assert_max_num_queries(4):
            response = client.get(reverse("glossary"))

        text = page_text(response)
        [entry] = [e for e in response.context["entries"] if e.term == "测试名词"]
        assert entry.document_count == 2
        assert text.count("<dt id=") == len(response.context["entries"])
        assert "出自 2 份文件" in text
        assert reverse("disclosure_detail", args=[published_samples["001"].pk]) in text

    def test_glossary_merges_the_samples_terms(self, client, published_samples):
        response = client.get(reverse("glossary"))

        entries = {entry.term: entry for entry in response.context["entries"]}
        # 000-003 each end with a 名词解释 part; 004 (专项资金) has none.
        assert entries["基本支出"].document_count == 4
        assert entries["基本支出"].definition.startswith("指为保障机构正常运转")

    def test_about_lists_the_kinds_of_checks(self, client, published_samples):
        response = client.get(reverse("about"))

        text = page_text(response)
        kinds = {kind.kind: kind for kind in response.context["check_kinds"]}
        assert kinds["functional_hierarchy"].passed > 0
        assert kinds["cross_table_total"].failed >= 2  # 001 and 002: 公用经费 vs 机关运行经费
        assert "功能科目逐级加总" in text and "“三公”经费加总" in text
        assert "数据从哪里来" in text
