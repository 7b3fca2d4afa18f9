"""Entity, region, year, kind and unit of each disclosure, and the places of names from all
over China (read against the national list of divisions; no database)."""

from pathlib import Path

import pytest

from ingest.extract import extract_document
from ingest.identity import infer_region, read_identity, split_scope
from ingest.segment import segment_sections
from ingest.types import SourceLine

from .samples import REPO_ROOT, parsed

SHANXI = {
    "000": ("晋城市商务局", None, ("山西省", "晋城市", None), 2024, "unit_budget"),
    "001": ("晋城市工业和信息化局", None, ("山西省", "晋城市", None), 2025, "department_budget"),
    "002": ("山阴县商务局", "部门", ("山西省", "朔州市", "山阴县"), 2025, "department_budget"),
    "003": ("兴县电子商务服务中心", None, ("山西省", "吕梁市", "兴县"), 2023, "unit_budget"),
    "004": ("阳泉市商务局", "本级", ("山西省", "阳泉市", None), 2022, "special_funds"),
}
PUTUO = ("上海市", None, "普陀区", None)
WANLI = ("上海市", None, "普陀区", "万里街道")
SHANGHAI = {
    "sh-putuo-office-2025-department.pdf": (
        "上海市普陀区人民政府办公室",
        PUTUO,
        2025,
        "department_budget",
    ),
    "sh-putuo-commerce-2025-unit.pdf": ("上海市普陀区商务委员会", PUTUO, 2025, "unit_budget"),
    "sh-putuo-social-work-2024-final.pdf": (
        "中共上海市普陀区委社会工作部",
        PUTUO,
        2024,
        "department_final",
    ),
    "sh-putuo-planning-2024-final.pdf": (
        "上海市普陀区规划和自然资源局",
        PUTUO,
        2024,
        "department_final",
    ),
    "sh-putuo-wanli-2023-department.pdf": (
        "上海市普陀区人民政府万里街道办事处",
        WANLI,
        2023,
        "department_budget",
    ),
    "sh-putuo-wanli-2025-department.pdf": (
        "上海市普陀区人民政府万里街道办事处",
        WANLI,
        2025,
        "department_budget",
    ),
}


def levels(region):
    return (region["province"], region["city"], region["county"], region["town"])


def identity_of(path: Path):
    raw = extract_document(path.read_bytes(), path.name)
    return read_identity(raw.lines, [section.title for section in segment_sections(raw.lines)])


@pytest.mark.parametrize("sample", sorted(SHANXI))
def test_identity_of_each_shanxi_sample(sample):
    entity, scope, region, year, kind = SHANXI[sample]
    result = parsed(sample)
    assert result["entity"] == entity
    assert result["entity_scope"] == scope
    assert levels(result["region"]) == (*region, None)
    assert result["fiscal_year"] == year
    assert result["kind"] == kind
    assert result["amount_unit"] == "万元"


@pytest.mark.parametrize("filename", sorted(SHANGHAI))
def test_identity_of_each_shanghai_sample(filename):
    """The 预算主管部门/预算单位 label names the entity under the region's title; a 决算
    cover wraps the name over lines; the 街道 office is placed in its 街道."""
    entity, region, year, kind = SHANGHAI[filename]
    identity = identity_of(REPO_ROOT / "samples" / "disclosures" / filename)
    assert identity.entity == entity
    assert identity.entity_scope is None
    assert levels(identity.region) == region
    assert identity.region["codes"]["county"] == "310107"
    assert identity.fiscal_year == year
    assert identity.kind == kind


def test_the_street_office_has_its_street_code():
    identity = identity_of(
        REPO_ROOT / "samples" / "disclosures" / "sh-putuo-wanli-2025-department.pdf"
    )
    assert identity.region["codes"] == {
        "province": "310000",
        "city": None,
        "county": "310107",
        "town": "310107022",
    }
    assert identity.lines["entity"] == [2, 2]  # the "预算主管部门:" line


def test_a_cover_title_wrapped_over_three_lines_is_one_name_without_the_part_heading():
    identity = identity_of(
        REPO_ROOT / "samples" / "disclosures" / "sh-putuo-social-work-2024-final.pdf"
    )
    assert identity.entity == "中共上海市普陀区委社会工作部"
    assert identity.lines["entity"] == [1, 3]


def test_the_blank_final_accounts_template_keeps_its_placeholder_name():
    """A blank template ("上海市 XX 局") is read like a disclosure: its printed name, the
    municipality it names, its year and kind; nothing fails."""
    identity = identity_of(
        REPO_ROOT / "samples" / "templates" / "sh-final-accounts-template-2024.pdf"
    )
    assert identity.entity == "上海市XX局"
    assert levels(identity.region) == ("上海市", None, None, None)
    assert identity.region["codes"]["province"] == "310000"
    assert (identity.fiscal_year, identity.kind) == (2024, "department_final")


@pytest.mark.parametrize(
    ("name", "expected", "code"),
    [
        # Shanxi, as the hand-kept table had it
        ("晋城市商务局", ("山西省", "晋城市", None, None), "140500"),
        ("山西省晋城市泽州县财政局", ("山西省", "晋城市", "泽州县", None), "140525"),
        ("晋城城区教育局", ("山西省", "晋城市", "城区", None), "140502"),
        ("兴县电子商务服务中心", ("山西省", "吕梁市", "兴县", None), "141123"),
        ("怀仁市商务局", ("山西省", "朔州市", "怀仁市", None), "140681"),
        # districts of provincial capitals
        ("广州市天河区教育局", ("广东省", "广州市", "天河区", None), "440106"),
        ("成都市武侯区财政局", ("四川省", "成都市", "武侯区", None), "510107"),
        ("深圳市南山区教育局", ("广东省", "深圳市", "南山区", None), "440305"),
        # a shared name settled by the city before it
        ("北京市朝阳区财政局", ("北京市", None, "朝阳区", None), "110105"),
        ("长春市朝阳区人民政府办公室", ("吉林省", "长春市", "朝阳区", None), "220104"),
        ("浙江省舟山市普陀区财政局", ("浙江省", "舟山市", "普陀区", None), "330903"),
        ("辽宁省鞍山市铁西区教育局", ("辽宁省", "鞍山市", "铁西区", None), "210303"),
        # municipalities: districts and counties straight under the province
        ("上海市普陀区人民政府办公室", ("上海市", None, "普陀区", None), "310107"),
        ("重庆市城口县财政局", ("重庆市", None, "城口县", None), "500229"),
        ("天津市河北区财政局", ("天津市", None, "河北区", None), "120105"),
        ("河北区财政局", ("天津市", None, "河北区", None), "120105"),  # not 河北省
        # 县级 cities, and those a province governs directly
        ("义乌市商务局", ("浙江省", "金华市", "义乌市", None), "330782"),
        ("昆山市财政局", ("江苏省", "苏州市", "昆山市", None), "320583"),
        ("湖北省仙桃市财政局", ("湖北省", None, "仙桃市", None), "429004"),
        ("济源市教育局", ("河南省", None, "济源市", None), "419001"),
        # 自治区, 自治州, 盟, 地区, 自治县, with their usual short names
        ("内蒙古自治区财政厅", ("内蒙古自治区", None, None, None), "150000"),
        ("广西壮族自治区教育厅", ("广西壮族自治区", None, None, None), "450000"),
        ("恩施土家族苗族自治州财政局", ("湖北省", "恩施土家族苗族自治州", None, None), "422800"),
        ("恩施州财政局", ("湖北省", "恩施土家族苗族自治州", None, None), "422800"),
        ("恩施市财政局", ("湖北省", "恩施土家族苗族自治州", "恩施市", None), "422801"),
        ("延边州教育局", ("吉林省", "延边朝鲜族自治州", None, None), "222400"),
        ("海南州财政局", ("青海省", "海南藏族自治州", None, None), "632500"),
        ("海南省财政厅", ("海南省", None, None, None), "460000"),
        ("阿拉善盟财政局", ("内蒙古自治区", "阿拉善盟", None, None), "152900"),
        ("大兴安岭地区行政公署", ("黑龙江省", "大兴安岭地区", None, None), "232700"),
        ("长阳县财政局", ("湖北省", "宜昌市", "长阳土家族自治县", None), "420528"),
        (
            "新疆维吾尔自治区伊犁哈萨克自治州财政局",
            ("新疆维吾尔自治区", "伊犁哈萨克自治州", None, None),
            "654000",
        ),
        # organs whose names put the place second
        ("中共上海市普陀区委社会工作部", ("上海市", None, "普陀区", None), "310107"),
        ("共青团上海市普陀区委员会", ("上海市", None, "普陀区", None), "310107"),
        ("国家税务总局上海市普陀区税务局", ("上海市", None, "普陀区", None), "310107"),
        ("中共晋城市委组织部", ("山西省", "晋城市", None, None), "140500"),
        # 街道 / 镇 / 乡 named after the place, also in a city without counties
        ("上海市普陀区人民政府万里街道办事处", ("上海市", None, "普陀区", "万里街道"), "310107022"),
        ("上海市普陀区长征镇人民政府", ("上海市", None, "普陀区", "长征镇"), "310107102"),
        ("北京市海淀区中关村街道办事处", ("北京市", None, "海淀区", "中关村街道"), "110108011"),
        ("东莞市虎门镇人民政府", ("广东省", "东莞市", None, "虎门镇"), "441900121"),
    ],
)
def test_region_from_the_entity_name(name, expected, code):
    region = infer_region(name)
    assert levels(region) == expected
    assert [c for c in region["codes"].values() if c][-1] == code


@pytest.mark.parametrize(
    "name",
    [
        "朝阳区财政局",  # 北京 and 长春
        "城区商务局",  # 晋城, 阳泉 and 汕尾
        "普陀区财政局",  # 上海 and 舟山
        "铁西区教育局",  # 沈阳, 鞍山 (辽宁) and 四平 (吉林)
        "中山大学",  # a short form alone is a word, not a place
        "北京大学",
        "吉林大学",
        "市财政局",
        "",
    ],
)
def test_a_name_that_does_not_place_itself_is_left_unplaced(name):
    region = infer_region(name)
    assert levels(region) == (None, None, None, None)
    assert set(region["codes"].values()) == {None}


@pytest.mark.parametrize(
    ("name", "hints", "expected"),
    [
        ("朝阳区财政局", ["北京市朝阳区2024年区级部门预算"], ("北京市", None, "朝阳区", None)),
        ("朝阳区财政局", ["编制单位:长春市朝阳区财政局"], ("吉林省", "长春市", "朝阳区", None)),
        ("普陀区财政局", ["上海市普陀区2025年区级部门预算"], ("上海市", None, "普陀区", None)),
        ("铁西区教育局", ["沈阳市2024年部门预算"], ("辽宁省", "沈阳市", "铁西区", None)),
        # the cover narrows 铁西区 to 辽宁 but not to one of its two: the province only
        ("铁西区教育局", ["辽宁省2024年部门预算"], ("辽宁省", None, None, None)),
        # a cover naming an unrelated place settles nothing
        ("朝阳区财政局", ["上海市2024年部门预算"], (None, None, None, None)),
    ],
)
def test_a_shared_name_is_settled_by_the_places_on_the_cover(name, hints, expected):
    assert levels(infer_region(name, hints)) == expected


def test_a_name_without_place_takes_the_place_of_the_cover_title():
    lines = [
        SourceLine(1, ("上海市普陀区2025年区级部门预算",)),
        SourceLine(2, ("预算主管部门:区商务委员会",)),
    ]
    identity = read_identity(lines)
    assert identity.entity == "区商务委员会"
    assert levels(identity.region) == ("上海市", None, "普陀区", None)


def test_a_shared_name_is_settled_by_the_cover_title():
    lines = [
        SourceLine(1, ("长春市朝阳区2024年部门预算",)),
        SourceLine(2, ("编制部门：朝阳区财政局",)),
    ]
    identity = read_identity(lines)
    assert identity.entity == "朝阳区财政局"
    assert identity.region["codes"]["county"] == "220104"


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
    assert levels(identity.region) == ("山西省", "大同市", "平城区", None)
    assert identity.region["codes"]["county"] == "140213"
    assert identity.amount_unit == "元"
    assert identity.kind == "department_budget"
    assert identity.fiscal_year == 2024


def test_a_cover_label_wins_over_a_title_that_only_names_the_region():
    lines = [
        SourceLine(1, ("上海市普陀区2025年区级单位预算",)),
        SourceLine(2, ("预算单位:上海市普陀区商务委员会",)),
    ]
    identity = read_identity(lines)
    assert identity.entity == "上海市普陀区商务委员会"
    assert identity.kind == "unit_budget"
    assert identity.lines["entity"] == [2, 2]


@pytest.mark.parametrize(
    ("cover", "entity", "year", "kind"),
    [
        (
            ["编制单位（盖章）：成都市武侯区财政局    编制日期：2024年2月", "2024年部门预算"],
            "成都市武侯区财政局",
            2024,
            "department_budget",
        ),
        (
            ["关于广州市天河区教育局2023年度部门决算的说明"],
            "广州市天河区教育局",
            2023,
            "department_final",
        ),
        (["延边州教育局部门预算（2025年度）"], "延边州教育局", 2025, "department_budget"),
        (["2024年", "北京市朝阳区财政局", "单位预算"], "北京市朝阳区财政局", 2024, "unit_budget"),
        # a part heading is no cover: no name, the kind from the text
        (["第一部分 中共晋城市委组织部2024年部门预算"], None, None, "department_budget"),
    ],
)
def test_covers_of_other_layouts(cover, entity, year, kind):
    identity = read_identity([SourceLine(no, (text,)) for no, text in enumerate(cover, 1)])
    assert (identity.entity, identity.fiscal_year, identity.kind) == (entity, year, kind)


def test_a_units_budget_is_published_by_the_unit_its_cover_names_under_the_department():
    lines = [
        SourceLine(1, ("上海市普陀区2025年区级单位预算",)),
        SourceLine(2, ("预算主管部门:上海市普陀区商务委员会",)),
        SourceLine(3, ("预算单位:上海市普陀区商务发展服务中心",)),
    ]
    identity = read_identity(lines)
    assert (identity.entity, identity.kind) == ("上海市普陀区商务发展服务中心", "unit_budget")
    assert identity.lines["entity"] == [3, 3]
    department = read_identity([SourceLine(1, ("上海市普陀区2025年区级部门预算",)), *lines[1:]])
    assert department.entity == "上海市普陀区商务委员会"
