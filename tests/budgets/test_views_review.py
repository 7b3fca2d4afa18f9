"""The review on the public pages: findings, the checklist, and marks on failing figures.

An edited copy of sample 000 (its 支出总表's 208 社会保障和就业支出 changed from 248.18 to
258.18 万元, derived in code) is ingested as another organization: its report shows one
错误, and that figure carries a mark on its page, in the function ranking and in the
comparison; the samples' own figures do not.
"""

import re

import pytest
from django.urls import reverse

from budgets.models import Disclosure
from ingest.services import disclosure_ingest
from tests.ingest.samples import replace_in_table, sample_text

MARK = 'class="review-mark"'
LATIN_WORD = re.compile(r"\b[a-z]+_[a-z_]+\b")  # a machine id such as cross_table_total


@pytest.fixture
def edited(published_samples) -> Disclosure:
    text = replace_in_table(sample_text("000"), "2024年预算支出总表", "208\t", "248. 18", "258. 18")
    text = text.replace("晋城市商务局", "晋城市审核测试局")
    return disclosure_ingest(data=text.encode("utf-8"), filename="edited.txt").disclosure


def visible_text(response) -> str:
    html = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_report_names_the_one_problem_and_marks_its_figure(client, edited):
    response = client.get(reverse("disclosure_detail", args=[edited.pk]))

    html = response.content.decode()
    report = response.context["page"].review
    [finding] = report.errors
    assert finding.primary.check_name == "row_total:expenditure:208"
    assert f'id="finding-{finding.position}"' in html
    assert "支出总表（208 社会保障和就业支出）与" in html
    # The 208 row of the functional table carries the mark, and only that row.
    assert html.count(MARK) == 1
    row = re.search(r'<tr class="level-3[^"]* review-flagged">.*?</tr>', html, re.S).group(0)
    assert "208" in row and f'href="#finding-{finding.position}"' in row
    assert report.score == 100 and "公开完整性" in html


def test_the_report_speaks_chinese_with_figures_in_their_units(client, published_samples):
    """003: a form's 1,000,000.00 / 1,600,000.00 元 are shown in 元, not under 万元."""
    response = client.get(reverse("disclosure_detail", args=[published_samples["003"].pk]))

    html = response.content.decode()
    assert "1,000,000.00 元" in html and "1,600,000.00 元" in html
    assert "form_funds" not in html and "general_public_vs_summary" not in html
    assert not LATIN_WORD.search(visible_text(response))
    assert '<span class="severity severity-notice">提示</span>' in html  # 部门各单位


def test_the_sentence_with_a_wrong_percentage_is_marked(client, published_samples):
    """002 line 489: "比2024年减少4.41万元,减少48.51%" is quoted and marked in its section."""
    response = client.get(reverse("disclosure_detail", args=[published_samples["002"].pk]))

    html = response.content.decode()
    marked = re.findall(r'<mark class="review-quote review-quote-error">(.*?)</mark>', html)
    assert any("减少48.51%" in words for words in marked)


def test_a_clean_document_has_no_mark_and_says_so(client, published_samples):
    response = client.get(reverse("disclosure_detail", args=[published_samples["000"].pk]))

    html = response.content.decode()
    assert MARK not in html and "<mark" not in html
    assert "未发现问题" in html


def test_the_function_ranking_marks_the_failing_figure(client, shanxi_samples, edited):
    """The edited document is a 2024 budget: the ranking of 2024's budgets shows its row."""
    response = client.get(reverse("function_detail", args=["208"]), {"year": 2024})

    html = response.content.decode()
    assert html.count(MARK) == 1
    assert reverse("disclosure_detail", args=[edited.pk]) + "#finding-" in html


def test_the_comparison_marks_the_failing_figure(client, edited, published_samples):
    ids = [edited.pk, published_samples["000"].pk]
    response = client.get(reverse("compare"), {"d": ids})

    html = response.content.decode()
    assert html.count(MARK) == 1  # 208 of the edited copy, not of the sample
    assert reverse("disclosure_detail", args=[edited.pk]) + "#finding-" in html


def test_the_check_list_filters_by_severity(client, published_samples):
    disclosure = published_samples["003"]
    url = reverse("disclosure_check_list", args=[disclosure.pk])

    errors = client.get(url, {"status": "error"}).context["checks"]
    notices = client.get(url, {"status": "notice"}).context["checks"]

    assert len(errors) == 11  # the 表5 finding's ten checks and the form's
    assert {c.severity for c in errors} == {"error"}
    assert [c.check_name for c in notices] == ["narrative:kind_wording:部门各单位:部门各单位"]


def test_a_wrong_economic_category_is_marked_in_its_table(client, published_samples):
    """000's 工资福利支出 changed from 757.99 to 767.99 万元 in 表6: that row is marked."""
    text = replace_in_table(
        sample_text("000"),
        "2024年一般公共预算安排基本支出分经济科目表(不含上年结转)",
        "工资福利支出\t",
        "757. 99\t757. 99",
        "767. 99\t767. 99",
    ).replace("晋城市商务局", "晋城市经济分类测试局")
    disclosure = disclosure_ingest(data=text.encode("utf-8"), filename="economic.txt").disclosure

    html = client.get(reverse("disclosure_detail", args=[disclosure.pk])).content.decode()

    table = re.search(r'<table class="data" id="table-economic">.*?</table>', html, re.S).group(0)
    assert table.count(MARK) == 1
    row = next(r for r in re.findall(r"<tr.*?</tr>", table, re.S) if MARK in r)
    assert "工资福利支出" in row
