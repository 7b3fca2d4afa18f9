"""The national list of divisions: codes, names, short forms and the towns of a place."""

import pytest

from ingest import places


def named(name, level=None):
    found = [d for d in places.divisions_named(name) if level is None or d.level == level]
    assert len(found) == 1, found
    return found[0]


def test_the_list_is_the_2025_snapshot_with_four_levels():
    assert places.data_date() == "2025-12-31"
    putuo = places.division("310107")
    assert (putuo.name, putuo.level, putuo.parent_code) == ("普陀区", "county", "310000")
    assert places.division("310107022").name == "万里街道"
    assert places.division("999999") is None


def test_lineage_runs_from_the_province_down_and_skips_what_the_state_skips():
    assert [d.name for d in places.lineage(places.division("141123"))] == [
        "山西省",
        "吕梁市",
        "兴县",
    ]
    # A municipality's district, and a 县级 city a province governs directly: no city level.
    assert [d.level for d in places.lineage(places.division("310107022"))] == [
        "province",
        "county",
        "town",
    ]
    assert [d.name for d in places.lineage(places.division("429004"))] == ["湖北省", "仙桃市"]


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("兴县", {"141123"}),
        ("朝阳区", {"110105", "220104"}),
        ("城区", {"140302", "140502", "441502"}),
        ("普陀区", {"310107", "330903"}),
        ("恩施州", {"422800"}),  # the usual name of 恩施土家族苗族自治州
        ("长阳县", {"420528"}),  # 长阳土家族自治县
        ("海南州", {"632500"}),  # 海南藏族自治州, not 海南省
        ("万里街道", set()),  # towns are read under their place only
        ("中山", set()),  # a short form is no name of its own
    ],
)
def test_divisions_named(name, codes):
    assert {d.code for d in places.divisions_named(name)} == codes


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("山西省", "山西"),
        ("北京市", "北京"),
        ("内蒙古自治区", "内蒙古"),
        ("广西壮族自治区", "广西"),
        ("新疆维吾尔自治区", "新疆"),
        ("晋城市", "晋城"),
        ("恩施土家族苗族自治州", "恩施"),
        ("伊犁哈萨克自治州", "伊犁"),
        ("阿拉善盟", "阿拉善"),
        ("大兴安岭地区", "大兴安岭"),
    ],
)
def test_short_forms_of_provinces_and_cities(name, short):
    item = next(d for d in places.divisions_named(name) if d.level in ("province", "city"))
    assert places.short_name(item) == short


def test_counties_have_no_short_form_and_an_area_of_one_nationality_no_alias():
    assert places.short_name(named("兴县")) is None
    assert places.autonomous_alias(named("鄂温克族自治旗")) is None
    assert places.autonomous_alias(named("龙胜各族自治县")) == "龙胜县"


def test_names_at_start_returns_full_names_and_short_forms_longest_first():
    matches = places.names_at_start("晋城市城区教育局")
    assert [(m.division.code, m.length, m.is_short) for m in matches] == [
        ("140500", 3, False),
        ("140500", 2, True),
    ]
    # 朝阳 is also the short form of 辽宁's 朝阳市.
    assert {(m.division.code, m.is_short) for m in places.names_at_start("朝阳区财政局")} == {
        ("110105", False),
        ("220104", False),
        ("211300", True),
    }
    assert places.names_at_start("财政局") == []


def test_towns_are_found_under_their_place_only():
    putuo = places.division("310107")
    assert [t.code for t in places.towns_named_in("人民政府万里街道办事处", putuo)] == ["310107022"]
    assert places.towns_named_in("人民政府万里街道办事处", places.division("330903")) == ()
    # A city without counties holds its towns itself.
    assert places.towns_named_in("虎门镇人民政府", named("东莞市"))[0].code == "441900121"


@pytest.mark.parametrize(
    ("names", "codes"),
    [
        (
            {"province": "山西省", "city": "晋城市", "county": "城区"},
            ("140000", "140500", "140502", None),
        ),
        (
            {"province": "上海市", "county": "普陀区", "town": "万里街道"},
            ("310000", None, "310107", "310107022"),
        ),
        ({"county": "普陀区"}, (None, None, None, None)),  # 上海 or 舟山: no code
        ({"province": "山西省", "city": "不存在市"}, ("140000", None, None, None)),
        ({"province": "山西省", "city": None, "county": "兴县"}, ("140000", None, "141123", None)),
    ],
)
def test_codes_of_a_path_of_names(names, codes):
    assert tuple(places.codes_of(names).values()) == codes


def test_children_of_a_city_in_the_lists_order():
    assert [d.name for d in places.children(named("阳泉市"), "county")] == [
        "城区",
        "矿区",
        "郊区",
        "平定县",
        "盂县",
    ]
    assert places.children(places.division("310107"), "town")[0].name == "曹杨新村街道"
