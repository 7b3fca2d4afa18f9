"""The narrative of the samples: 情况说明 sections, 名词解释, procurement, stated changes, checks.

Figures and disagreements were read by hand from samples/disclosures/; the
checks' expected values come from the tables the pipeline reads.
"""

from decimal import Decimal as D
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.hostile import repeated_title_text
from ingest.extract import extract_document
from ingest.narrative import (
    check_narrative,
    extract_glossary,
    extract_narrative,
    extract_narrative_figures,
    extract_procurement,
    extract_stated_changes,
)
from ingest.types import SourceLine

from .layouts import to_html, to_pipe, without_lines
from .samples import parsed, raw_document, sample_bytes

EXPLANATION_HEADINGS = [
    "一、单位预算收支数据变动情况及原因",
    "二、收入预算情况说明",
    "三、支出预算情况说明",
    "四、财政拨款收支预算总体情况说明",
    "五、一般公共预算支出情况说明",
    "六、一般公共预算基本支出情况说明",
    '七、"三公"经费增减变动原因说明',
    "八、机关运行经费增减变动原因说明",
    "九、政府采购情况",
    "十、绩效管理情况",
    "十一、国有资产占有使用情况",
    "十二、其他说明",
    "第四部分名词解释",
]


@cache
def narrative(sample):
    return extract_narrative(raw_document(sample).lines)


def section(sample, heading_start):
    found = [s for s in narrative(sample) if s["heading"].startswith(heading_start)]
    assert len(found) == 1, f"{len(found)} sections start with {heading_start!r}"
    return found[0]


def checks(sample):
    return {c["check"]: c for c in check_narrative(narrative(sample), parsed(sample))}


# --- sections ---------------------------------------------------------------------------------


def test_000_sections_skip_the_contents_and_the_forms():
    assert [s["heading"] for s in narrative("000")] == EXPLANATION_HEADINGS
    first = section("000", "一、")
    assert first["lines"] == [409, 411]
    assert first["text"].startswith("2024年度晋城市商务局预算收入总计2,373.00万元,其中:本年收入")
    assert section("000", "十、")["lines"] == [467, 477]  # the forms after line 477 are not prose
    assert section("000", "十二、")["lines"] == [1242, 1250]  # the appended 财政局文件 is not


@pytest.mark.parametrize("sample", ["001", "002", "003"])
def test_every_department_sample_has_twelve_sections_and_a_glossary(sample):
    headings = [s["heading"] for s in narrative(sample)]
    assert len(headings) == 13
    assert headings[0].startswith("一、") and headings[11].startswith("十二、")
    assert headings[12] == "第四部分名词解释"


def test_sub_headings_are_kept_as_subsections():
    five = section("000", "五、")
    assert [sub["heading"] for sub in five["subsections"]] == [
        "(一)一般公共预算当年支出规模变化情况",
        "(二)一般公共预算当年支出结构情况",
    ]
    assert five["subsections"][0]["text"] == (
        "2024年度晋城市商务局一般公共预算当年支出2,373.00万元,比上年减少2744.19万元,下降53.63%。"
    )
    assert "(二)一般公共预算当年支出结构情况" in five["text"]
    assert "结构图" not in five["text"]  # a chart caption
    assets = section("002", "十一、")
    assert [sub["heading"] for sub in assets["subsections"]] == [
        "1、车辆情况:",
        "2、房屋情况:",
        "3、其他国有资产占有使用情况:",
    ]


def test_text_has_no_layout_spaces():
    six = section("003", "六、")
    assert six["paragraphs"][0]["text"] == "2023年度一般公共预算基本支出77.47万元,其中:"
    five = section("003", "五、")
    assert (
        "2023年度一般公共预算当年拨款412.13万元,比上年增加318.20万元,增加338.76%。" in five["text"]
    )


def test_004_special_funds_project_sections():
    headings = [s["heading"] for s in narrative("004")]
    assert headings[0] == "2022年阳泉市商务局(本级)专项资金信息公开"
    assert len(headings) == 10
    second = section("004", "(2)项目名称:内贸流通统计监测工作经费")
    assert second["lines"] == [62, 78]
    # lines 74 and 76: one paragraph wrapped across a blank line
    assert (
        "本年度预算安排:2022年市财政局阳财预〔2022〕22号文件批复该项目预算8万元,全部为一般公共预算财政拨款。"
        in (second["text"])
    )
    assert "申报表" not in second["text"]  # the form's title belongs to the form
    assert section("004", "(1)项目名称:阳泉市开发区")["part"] == "2、其他运转类专项资金"


# --- glossary, procurement, changes ----------------------------------------------------------


@pytest.mark.parametrize("sample", ["000", "001", "002", "003"])
def test_glossary_has_the_twelve_national_terms(sample):
    terms = [entry["term"] for entry in extract_glossary(narrative(sample))]
    assert len(terms) == 12
    assert terms[0] == "基本支出"
    assert terms[5] == "财政专户管理资金"
    assert terms[8] == "一般公共预算"  # "九、一般公共预算是指…" has no colon in 000 and 003
    assert terms[11] == "财政拨款"


def test_glossary_definition_on_its_own_line():
    entry = extract_glossary(narrative("000"))[5]
    assert entry["definition"].startswith("专指教育收费")
    assert entry["lines"] == [2487, 2489]
    assert extract_glossary(narrative("004")) == []


@pytest.mark.parametrize(
    ("sample", "total", "goods", "works", "services"),
    [
        ("000", "33.14", "5.89", "0", "27.25"),
        ("001", "223.36", "2.34", "0", "221.02"),
        ("002", "464.32", "1.95", "0", "462.37"),
        ("003", "0", "0", "0", "0"),
    ],
)
def test_procurement(sample, total, goods, works, services):
    found = extract_procurement(narrative(sample))
    assert (found["total"], found["goods"], found["works"], found["services"]) == (
        D(total),
        D(goods),
        D(works),
        D(services),
    )


def test_no_procurement_section_in_a_special_funds_disclosure():
    assert extract_procurement(narrative("004")) is None


def _changes(sample):
    return {c["subject"]: c for c in extract_stated_changes(narrative(sample))}


def test_000_stated_changes():
    changes = _changes("000")
    income = changes["收入预算"]
    assert (income["current"], income["change"], income["previous"], income["percent"]) == (
        D("2373.00"),
        D("-2744.19"),
        D("5117.19"),
        D("53.63"),
    )
    assert income["direction"] == "减少"
    assert income["reason"].startswith("项目类预算资金减少")
    assert changes["三公经费"]["change"] == D("-2.55") and changes["三公经费"]["percent"] is None
    assert changes["公务接待费"]["direction"] == "持平"
    assert changes["公务用车运行维护费"]["change"] == D("-2.55")
    assert changes["机关运行经费"]["previous"] == D("154.25")
    assert changes["一般公共预算当年支出"]["lines"] == [432, 432]  # from 五's sub-section (一)


def test_002_and_003_stated_changes():
    assert _changes("002")["收入预算"]["direction"] == "增加"
    assert _changes("002")["三公经费"]["direction"] == "持平"
    assert _changes("002")["机关运行经费"]["previous"] == D("13.50")
    assert _changes("003")["收入预算"]["previous"] == D("93.93")
    assert _changes("003")["一般公共预算当年支出"]["percent"] == D("338.76")
    assert "三公经费" not in _changes("003")  # 本单位无“三公”经费预算


def test_figures_stated_in_the_text():
    figures = extract_narrative_figures(narrative("001"))
    assert figures["personnel"]["value"] == D("1324.35")
    assert figures["performance_project_amount"]["value"] == D("3789.18")
    functions = {f["name"]: f for f in figures["functions"]}
    assert functions["资源勘探工业信息等支出"]["percent"] == D("54.23")
    none_stated = extract_narrative_figures(narrative("003"))
    assert none_stated["three_public"] == {"value": D("0"), "lines": [403, 403], "stated": "无"}
    assert [
        p["amount"] for p in extract_narrative_figures(narrative("004"))["special_projects"]
    ] == [
        D("293"),
        D("8"),
        D("110"),
        D("25"),
        D("7"),
        D("179.31"),
        D("3"),
        D("1"),
        D("5.5"),
    ]


# --- checks against the tables ---------------------------------------------------------------


def test_000_narrative_agrees_with_the_tables():
    found = checks("000")
    assert all(c["status"] == "pass" for c in found.values())
    assert found["narrative:basic_expenditure"]["actual"] == D("1077.76")
    assert found["narrative:share:一般公共服务支出"]["expected"] == D("83.90")
    assert found["narrative:performance_forms"]["expected"] == D("21")
    assert len(found) >= 40


def test_001_published_project_amount_and_count_disagree():
    """The text: 24 forms, 3,789.18 万元, 100% of project spending; 表12: 3,808.97, 25 forms."""
    found = checks("001")
    amount = found["narrative:performance_project_amount"]
    assert (amount["status"], amount["expected"], amount["actual"]) == (
        "fail",
        D("3808.97"),
        D("3789.18"),
    )
    assert found["narrative:performance_project_share"]["status"] == "fail"
    forms = found["narrative:performance_forms"]
    assert (forms["status"], forms["expected"], forms["actual"]) == ("fail", D("25"), D("24"))
    assert found["narrative:project_expenditure"]["status"] == "pass"


def test_002_operating_expenses_percent_is_taken_on_the_wrong_base():
    """ "比2024年减少4.41万元，减少48.51%": 4.41 / 13.50 is 32.67%; 48.51% is 4.41 / 9.09."""
    check = checks("002")["narrative:change:机关运行经费"]
    assert (check["status"], check["expected"], check["actual"]) == ("fail", D("32.67"), D("48.51"))
    assert checks("002")["narrative:share:商业服务业等支出"]["status"] == "pass"


def test_003_general_public_spending_disagrees_with_table_1():
    """Section 五 states 412.13 万元 (as does 表5); 表1's 一般公共预算 is 414.47."""
    check = checks("003")["narrative:general_public_current_income"]
    assert (check["status"], check["expected"], check["actual"]) == (
        "fail",
        D("414.47"),
        D("412.13"),
    )
    assert checks("003")["narrative:three_public"]["status"] == "pass"  # 无 against an empty table


def test_004_special_funds_total():
    check = checks("004")["narrative:special_funds_total"]
    assert (check["status"], check["actual"]) == ("pass", D("631.81"))


def test_checks_skip_tables_that_are_missing():
    assert check_narrative(narrative("000"), {}) == [
        c
        for c in check_narrative(narrative("000"), {})
        if not c["check"].startswith("narrative:income")
    ]
    statuses = {c["status"] for c in check_narrative(narrative("000"), {})}
    assert "fail" not in statuses


# --- layouts and robustness -------------------------------------------------------------------


@pytest.mark.parametrize("sample", ["000", "002", "004"])
@pytest.mark.parametrize("layout", ["pipe", "html"])
def test_layout_variants_read_the_same_narrative(sample, layout):
    text = sample_bytes(sample).decode("utf-8")
    variant = (to_pipe if layout == "pipe" else to_html)(text)
    lines = extract_document(variant.encode("utf-8"), f"{sample}.{layout}").lines
    assert without_lines(extract_narrative(lines)) == without_lines(narrative(sample))
    if layout == "html":
        assert extract_narrative(lines) == narrative(sample)


_line = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "第三部分 2024年度单位预算情况说明",
            "一、收入",
            "十二、其他说明",
            "(一) 其他",
            "第四部分 名词解释",
            "六、财政专户管理资金:",
            "附件",
            "政府采购预算总额3万元",
            "比上年减少2.5万元,下降5%",
            "(1)项目名称:x",
            "实施周期:",
        ]
    ),
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.lists(_line, min_size=1, max_size=3), max_size=40))
def test_narrative_never_raises_on_arbitrary_rows(rows):
    lines = [SourceLine(i + 1, tuple(cells)) for i, cells in enumerate(rows)]
    sections = extract_narrative(lines)
    extract_glossary(sections)
    extract_procurement(sections)
    extract_stated_changes(sections)
    check_narrative(sections, {"summary": {"income_total": D("1")}})


def test_a_line_repeated_ten_thousand_times_joins_into_one_paragraph_once():
    """Issue 15: every wrapped line re-tidied the growing paragraph, and the tidy cache kept
    each version (10,000 repeats: 87 s, 1.3 GB). The paragraph is now tidied once."""
    lines = extract_document(repeated_title_text(10_000), "repeated.txt").lines

    section = next(s for s in extract_narrative(lines) if s["heading"].startswith("一、单位预算"))
    paragraph = section["paragraphs"][0]
    assert paragraph["text"].startswith("一般公共预算支出预算表" * 3)
    assert paragraph["text"].count("一般公共预算支出预算表") == 10_000
    assert paragraph["lines"][1] - paragraph["lines"][0] >= 10_000
