"""Money formatting (template filters, MoneyColumn), the organization table and exports."""

import csv
import io
from decimal import Decimal

import pytest
from django.template import Context, Template
from openpyxl import load_workbook

from budgets.exports import csv_response, xlsx_response
from budgets.models import Disclosure
from budgets.selectors.organizations import organization_rows
from budgets.tables.common import MoneyColumn
from budgets.tables.organizations import OrganizationTable
from budgets.templatetags.money import (
    MISSING,
    amount,
    change,
    format_wan,
    percent,
    share,
    wan,
    wan_unit,
    yuan_to_wan,
)


class TestMoneyFilters:
    @pytest.mark.parametrize(
        ("yuan", "shown"),
        [
            (Decimal("23730000.00"), "2,373.00"),
            (Decimal("19908300"), "1,990.83"),
            (Decimal("5000.00"), "0.50"),
            (Decimal("528305000"), "52,830.50"),
            (Decimal("49"), "0.00"),
            (Decimal("50"), "0.01"),  # half up, as the documents round
            (0, "0.00"),
            ("23730000", "2,373.00"),
            (None, MISSING),
            ("", MISSING),
            ("不是数字", MISSING),
        ],
    )
    def test_wan_shows_yuan_in_wan_with_separators(self, yuan, shown):
        assert wan(yuan) == shown

    def test_wan_unit_keeps_the_unit_visible(self):
        assert wan_unit(Decimal("23730000")) == "2,373.00 万元"
        assert wan_unit(None) == MISSING

    def test_amount_formats_a_number_in_its_own_unit(self):
        assert amount(Decimal("1990.8300")) == "1,990.83"
        assert amount(Decimal("-0.001")) == "0.00"  # never "-0.00"
        assert amount(None) == MISSING

    def test_shares_and_changes(self):
        assert share(Decimal("10777600"), Decimal("23730000")) == "45.4%"
        assert share(1, 0) == MISSING
        assert percent(Decimal("0.123")) == "12.3%"
        assert change(Decimal("23730000"), Decimal("20000000")) == "+18.7%"
        assert change(Decimal("90"), Decimal("100")) == "-10.0%"
        assert change(Decimal("100"), Decimal("100")) == "0.0%"
        assert change(Decimal("100"), None) == MISSING

    def test_filters_load_in_templates(self):
        template = Template("{% load money %}{{ v|wan }}|{{ v|wan_unit }}|{{ v|share:w }}")

        rendered = template.render(Context({"v": Decimal("19908300"), "w": Decimal("23730000")}))

        assert rendered == "1,990.83|1,990.83 万元|83.9%"

    def test_yuan_to_wan_is_a_decimal(self):
        assert yuan_to_wan(Decimal("23730000.00")) == Decimal("2373.00")
        assert format_wan(Decimal("23730000.00")) == "2,373.00"


class TestMoneyColumn:
    def test_renders_wan_and_exports_a_decimal(self):
        column = MoneyColumn("支出总计")

        assert column.verbose_name == "支出总计\u200b（万元）"  # wraps before the unit
        assert column.render(Decimal("23730000")) == "2,373.00"
        assert column.value(Decimal("23730000")) == Decimal("2373.00")


@pytest.mark.django_db
class TestOrganizationTable:
    def rows(self, order_by: str) -> list[str]:
        queryset = organization_rows(disclosures=Disclosure.objects.filter(status="published"))
        table = OrganizationTable(queryset, order_by=order_by)
        return [row.record.organization.name for row in table.rows]

    def test_empty_amounts_sort_last_both_ways(self, shanxi_samples):
        assert self.rows("-operating")[-2:] == self.rows("operating")[-2:]
        assert set(self.rows("operating")[-2:]) == {"兴县电子商务服务中心", "阳泉市商务局"}

    def test_export_values_are_plain(self, published_samples):
        queryset = organization_rows(
            disclosures=Disclosure.objects.filter(pk=published_samples["000"].pk)
        )

        header, row = list(OrganizationTable(queryset).as_values())

        values = dict(zip((h.replace("\u200b", "") for h in header), row, strict=True))
        assert values["单位"] == "晋城市商务局"
        assert values["地区"] == "山西省 晋城市"
        assert values["年度"] == 2024
        assert values["支出总计（万元）"] == Decimal("2373.00")
        assert values["“三公”经费（万元）"] == Decimal("0.50")


class TestExports:
    ROWS = [
        ["单位", "支出总计（万元）"],
        ["晋城市商务局", Decimal("2373.00")],
        ['=HYPERLINK("http://x")', MISSING],
    ]

    def test_csv_has_a_bom_and_neutralizes_formulas(self):
        response = csv_response(rows=self.ROWS, filename="organizations")

        text = response.content.decode("utf-8")
        assert text.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(text[1:])))
        assert rows[1] == ["晋城市商务局", "2373.00"]
        assert rows[2] == ['\'=HYPERLINK("http://x")', ""]
        assert "organizations.csv" in response["Content-Disposition"]

    def test_xlsx_keeps_numbers_as_numbers(self):
        response = xlsx_response(rows=self.ROWS, filename="organizations", sheet_title="预算单位")

        sheet = load_workbook(io.BytesIO(response.content))["预算单位"]
        assert sheet["B2"].value == pytest.approx(2373.0)
        assert sheet["B2"].number_format == "#,##0.00"
        assert sheet["B3"].value is None
        assert sheet["A1"].font.bold
