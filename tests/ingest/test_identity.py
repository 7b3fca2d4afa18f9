"""Entity, region, year, kind and unit of each disclosure."""

import pytest

from ingest.identity import infer_region, read_identity, split_scope
from ingest.types import SourceLine

from .samples import parsed

EXPECTED = {
    "000": ("晋城市商务局", None, ("山西省", "晋城市", None), 2024, "unit_budget"),
    "001": ("晋城市工业和信息化局", None, ("山西省", "晋城市", None), 2025, "department_budget"),
    "002": ("山阴县商务局", "部门", ("山西省", "朔州市", "山阴县"), 2025, "department_budget"),
    "003": ("兴县电子商务服务中心", None, ("山西省", "吕梁市", "兴县"), 2023, "unit_budget"),
    "004": ("阳泉市商务局", "本级", ("山西省", "阳泉市", None), 2022, "special_funds"),
}


@pytest.mark.parametrize("sample", sorted(EXPECTED))
def test_identity_of_each_sample(sample):
    entity, scope, region, year, kind = EXPECTED[sample]
    result = parsed(sample)
    assert result["entity"] == entity
    assert result["entity_scope"] == scope
    assert tuple(result["region"].values()) == region
    assert result["fiscal_year"] == year
    assert result["kind"] == kind
    assert result["amount_unit"] == "万元"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("晋城市商务局", ("山西省", "晋城市", None)),
        ("山西省晋城市泽州县财政局", ("山西省", "晋城市", "泽州县")),
        ("晋城城区教育局", ("山西省", "晋城市", "城区")),
        ("兴县电子商务服务中心", ("山西省", "吕梁市", "兴县")),
        ("怀仁市商务局", ("山西省", "朔州市", "怀仁市")),
        ("城区商务局", (None, None, None)),  # 城区 exists in 晋城 and 阳泉: not guessed
        ("北京市商务局", (None, None, None)),
    ],
)
def test_region_from_the_entity_name(name, expected):
    assert tuple(infer_region(name).values()) == expected


def test_scope_is_split_off_the_name():
    assert split_scope("山阴县商务局(部门)") == ("山阴县商务局", "部门")
    assert split_scope("山阴县商务局（部门）") == ("山阴县商务局", "部门")
    assert split_scope("晋城市商务局") == ("晋城市商务局", None)


def test_unit_in_yuan_and_name_from_the_table_line():
    lines = [
        SourceLine(1, ("2024年度部门预算公开",)),
        SourceLine(5, ("部门名称：大同市平城区商务局 单位：元",)),
    ]
    identity = read_identity(lines)
    assert identity.entity == "大同市平城区商务局"
    assert identity.region == {"province": "山西省", "city": "大同市", "county": "平城区"}
    assert identity.amount_unit == "元"
    assert identity.kind == "department_budget"
    assert identity.fiscal_year == 2024
