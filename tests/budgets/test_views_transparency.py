"""The transparency index (/transparency/): disclosures ranked by completeness and by errors."""

import csv
import io
import re

from django.urls import reverse

from budgets.models import Disclosure

URL = reverse("transparency_index")


def indexed_count() -> int:
    return (
        Disclosure.objects.filter(status=Disclosure.Status.PUBLISHED)
        .exclude(kind=Disclosure.Kind.SPECIAL_FUNDS)
        .count()
    )


def test_ranks_the_published_budgets_and_final_accounts(client, published_samples):
    response = client.get(URL)

    rows = list(response.context["table"].rows)
    kinds = {row.record.kind for row in rows}
    assert "special_funds" not in kinds  # 004 follows other rules
    assert len(rows) == indexed_count() >= 9
    scores = [row.record.completeness_score for row in rows]
    assert scores == sorted(scores, reverse=True)
    assert [row.record.rank for row in rows] == list(range(1, len(rows) + 1))
    html = response.content.decode()
    assert "预算公开透明度排名" in html and "公开完整性（分）" in html


def test_ranks_by_fewest_errors(client, published_samples):
    rows = list(client.get(URL, {"order": "errors"}).context["table"].rows)
    errors = [row.record.review_errors for row in rows]
    assert errors == sorted(errors)
    assert rows[0].record.review_errors == 0


def test_filters_by_year_kind_and_region(client, published_samples):
    sample_002 = published_samples["002"]  # 山阴县商务局 2025 部门预算

    by_year = client.get(URL, {"year": 2023}).context["table"].rows
    by_kind = client.get(URL, {"document": "department_final"}).context["table"].rows
    by_region = client.get(URL, {"region": sample_002.organization.region_id}).context["table"].rows

    assert {row.record.fiscal_year for row in by_year} == {2023}
    assert {row.record.kind for row in by_kind} == {"department_final"}
    assert len(by_kind) == 2
    assert sample_002.pk in {row.record.pk for row in by_region}
    region = sample_002.organization.region_id
    for row in by_region:
        assert region in {
            row.record.organization.region_id,
            row.record.organization.region.parent_id,
        }


def test_a_bad_filter_changes_nothing_and_says_so(client, published_samples):
    response = client.get(URL, {"year": "abc"})
    assert response.status_code == 200
    assert response.context["filter"].errors


def test_exports_the_ranking(client, published_samples):
    response = client.get(URL, {"export": "csv"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "排名",
        "单位",
        "地区",
        "文件",
        "公开完整性（分）",
        "错误（处）",
        "提示（处）",
        "校验报告链接",
    ]
    assert len(rows) == 1 + indexed_count()
    assert all(re.search(r"/disclosures/[^/]+/#validation$", row[-1]) for row in rows[1:])
