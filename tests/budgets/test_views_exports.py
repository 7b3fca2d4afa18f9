"""Exports of what a journalist sees: every row carries its document's link and source lines,
every file its unit; a disclosure's tables in one XLSX; the streamed bulk download."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from budgets.exports import SOURCE_HEADER
from budgets.models import Figure, FunctionalLine
from budgets.selectors.exports import SOURCE_ROW_HEADER

pytestmark = pytest.mark.django_db


def csv_rows(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def workbook(response):
    return openpyxl.load_workbook(io.BytesIO(response.content))


def source_line(disclosure, code):
    return FunctionalLine.objects.get(disclosure=disclosure, table="expenditure", code=code)


def assert_cites(row, disclosure_id, line):
    document_url, lines, source = row[-3:]
    assert document_url == f"http://testserver/disclosures/{disclosure_id}/"
    assert lines.split("-")[0] == str(line.line_start)
    assert source.endswith(
        f"/disclosures/{disclosure_id}/source/?lines={line.line_start}-{line.line_end}#L{line.line_start}"
    )


def test_function_ranking_exports_every_row_in_yuan_with_its_source(client, published_samples):
    line = source_line(published_samples["000"], "2011301")

    response = client.get(reverse("function_detail", args=["2011301"]), {"export": "csv"})

    header, *rows = csv_rows(response)
    assert header[-3:] == list(SOURCE_HEADER)
    assert "金额（元）" in header
    assert [(row[1], row[header.index("金额（元）")]) for row in rows] == [
        ("上海市普陀区商务委员会", "9389913.00"),  # printed in 元
        ("晋城市商务局", "4358500.00"),  # printed as 435.85 万元
        ("山阴县商务局", "424200.00"),
    ]
    assert_cites(rows[1], line.disclosure_id, line)


def test_function_tree_exports_xlsx_with_links_to_each_ranking(client, published_samples):
    response = client.get(reverse("function_tree"), {"year": 2024, "export": "xlsx"})

    header, *rows = list(workbook(response).active.values)
    assert header[3] == "合计（元）"
    item = next(row for row in rows if row[0] == "2011301")
    assert float(item[3]) == 4358500
    assert item[-1] == "http://testserver/functions/2011301/?year=2024"


def test_indicators_export_the_filtered_rows(client, published_samples):
    response = client.get(reverse("indicator_list"), {"q": "满意度", "export": "xlsx"})

    header, *rows = list(workbook(response).active.values)
    assert header[-3:] == SOURCE_HEADER
    assert len(rows) > 10
    assert all("满意度" in "".join(str(cell) for cell in row[:5]) for row in rows)


def test_search_exports_every_listed_hit_with_its_printed_amount(client, published_samples):
    line = source_line(published_samples["000"], "2011301")

    response = client.get(reverse("search"), {"q": "2011301", "export": "csv"})

    header, *rows = csv_rows(response)
    hit = next(row for row in rows if row[header.index("单位（或地区）")] == "晋城市商务局")
    assert hit[header.index("文件所列金额")] == "435.85 万元"
    assert hit[header.index("金额（元）")] == "4358500.00"
    assert_cites(hit, line.disclosure_id, line)


def test_compare_exports_xlsx_with_every_figure_and_its_lines(
    client, published_samples, django_assert_max_num_queries
):
    ids = [published_samples["000"].pk, published_samples["002"].pk]

    with django_assert_max_num_queries(10):
        response = client.get(reverse("compare"), {"d": ids, "export": "xlsx"})

    book = workbook(response)
    assert book.sheetnames == ["对比", "明细与出处"]
    pivot = list(book["对比"].values)
    assert pivot[2][1] == "文件链接"
    detail_header, *detail = list(book["明细与出处"].values)
    assert detail_header == SOURCE_ROW_HEADER
    figure = Figure.objects.get(disclosure_id=ids[0], section="three_public", key="reception")
    reception = next(
        row for row in detail if row[0] == ids[0] and row[7] == "“三公”经费 · 公务接待费"
    )
    assert float(reception[9]) == 5000
    assert reception[10] == "万元"
    assert reception[12] == str(figure.line_start)


def test_a_disclosure_exports_its_tables_a_sheet_each_in_its_unit(client, published_samples):
    disclosure = published_samples["000"]

    response = client.get(reverse("disclosure_tables_export", args=[disclosure.pk]))

    book = workbook(response)
    assert {"单项数", "预算支出总表", "基本支出经济分类", "项目支出", "绩效指标"} <= set(
        book.sheetnames
    )
    header, *rows = list(book["预算支出总表"].values)
    assert header[2] == "合计（万元）"
    admin = next(row for row in rows if row[0] == "2011301")
    assert float(admin[2]) == 435.85
    assert header[-3:] == SOURCE_HEADER


def test_an_unknown_disclosure_has_no_tables(client, published_samples):
    response = client.get(reverse("disclosure_tables_export", args=[999999]))

    assert response.status_code == 404


def test_the_bulk_download_streams_every_published_amount(
    client, published_samples, django_assert_max_num_queries
):
    """A handful of queries whatever the size: the documents, then one cursor per table."""
    with django_assert_max_num_queries(12):
        response = client.get(reverse("published_figures_export"))
        header, *rows = csv_rows(response)

    assert response.streaming
    assert header == list(SOURCE_ROW_HEADER)
    stored = Figure.objects.filter(
        disclosure__status="published", amount_yuan__isnull=False
    ).count()
    assert sum(1 for row in rows if row[5] == "单项数") == stored
    line = source_line(published_samples["000"], "2011301")
    admin = next(
        row
        for row in rows
        if row[0] == str(line.disclosure_id)
        and row[6] == "2011301"
        and row[5] == "预算支出总表"
        and row[8] == "合计"
    )
    assert admin[9] == "4358500.00"
    assert admin[10] == "万元"
    assert_cites(admin, line.disclosure_id, line)


def test_the_organization_list_export_cites_each_document_and_its_total(client, published_samples):
    disclosure = published_samples["000"]
    total = Figure.objects.get(disclosure=disclosure, section="summary", key="expenditure_total")

    response = client.get(reverse("organization_list"), {"name": "晋城市商务", "export": "csv"})

    header, row = csv_rows(response)
    assert header[-3:] == list(SOURCE_HEADER)
    assert row[0] == "晋城市商务局"
    assert row[-3] == f"http://testserver/disclosures/{disclosure.pk}/"
    assert row[-2] == str(total.line_start)


@pytest.mark.parametrize(
    ("page", "params", "most"),
    [
        (("function_detail", "2011301"), {"export": "xlsx"}, 4),
        (("function_tree",), {"export": "csv"}, 3),
        (("indicator_list",), {"q": "满意度", "export": "csv"}, 6),
        (("search",), {"q": "行政运行", "export": "csv"}, 16),
        (("organization_list",), {"export": "xlsx"}, 5),
    ],
)
def test_exports_issue_a_bounded_number_of_queries(
    client, published_samples, django_assert_max_num_queries, page, params, most
):
    name, *args = page
    with django_assert_max_num_queries(most):
        response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200


def test_a_disclosures_tables_take_a_bounded_number_of_queries(
    client, published_samples, django_assert_max_num_queries
):
    with django_assert_max_num_queries(9):
        response = client.get(
            reverse("disclosure_tables_export", args=[published_samples["001"].pk])
        )
    assert response.status_code == 200


def test_pages_link_to_their_exports(client, published_samples):
    disclosure = published_samples["000"]
    pages = {
        reverse("function_detail", args=["2011301"]): "export=xlsx",
        reverse("function_tree"): "export=csv",
        reverse("indicator_list") + "?q=满意度": "export=xlsx",
        reverse("search") + "?q=三公": "export=csv",
        reverse("compare") + f"?d={disclosure.pk}&d={published_samples['002'].pk}": "export=xlsx",
        reverse("disclosure_detail", args=[disclosure.pk]): reverse(
            "disclosure_tables_export", args=[disclosure.pk]
        ),
        reverse("api_index"): reverse("published_figures_export"),
    }
    for url, link in pages.items():
        assert link in client.get(url).content.decode(), url
