"""The narrative's wording: leftovers, punctuation, repeated text, years, 部门/单位.

Real slips of the samples (read by hand) and edited copies derived from sample 000.
"""

import pytest

from ..samples import (
    findings,
    parse_text,
    parsed,
    replace_once,
    sample_text,
    shanghai_parsed,
)


def notices(document):
    return {c["check"]: c for c in findings(document) if c["severity"] == "notice"}


def with_000_text(old, new):
    return parse_text(replace_once(sample_text("000"), old, new))


@pytest.mark.parametrize("sample", ["000", "001"])
def test_no_wording_notice_on_clean_samples(sample):
    assert notices(parsed(sample)) == {}


@pytest.mark.parametrize("name", ["office", "social_work"])
def test_no_wording_notice_on_clean_shanghai_samples(name):
    assert notices(shanghai_parsed(name)) == {}


def test_a_template_leftover_that_keeps_both_directions():
    """Planning 2024, line 334: "下降(增长)27.78%" kept as the template prints it."""
    found = notices(shanghai_parsed("planning"))
    leftover = found["narrative:leftover_both_directions:下降(增长)"]
    assert leftover["lines"] == [334, 334]
    assert leftover["title"] == "情况说明：模板残留或句子不完整"


def test_a_reason_left_blank_and_an_increase_or_decrease_left_open():
    document = with_000_text(
        "下降1.43%,原因是减少了公用经费-公务用车运行维护费",
        "下降1.43%,增加(减少)的主要原因是。",
    )
    found = notices(document)
    assert "narrative:leftover_both_directions:增加(减少)" in found
    assert "narrative:leftover_empty_reason:原因是" in found
    assert found["narrative:leftover_empty_reason:原因是"]["lines"] == [461, 461]


def test_a_percentage_without_its_sign():
    """Planning 2024, line 310: "增长 13.95。"."""
    assert "narrative:leftover_missing_percent:增长13.95" in notices(shanghai_parsed("planning"))


def test_doubled_punctuation_and_an_unbalanced_quote():
    text = replace_once(sample_text("000"), "占54.58%。", "占54.58%。。")
    text = replace_once(
        text, '财政拨款安排的"三公"经费预算0.50万元', '财政拨款安排的"三公经费预算0.50万元'
    )
    found = notices(parse_text(text))
    assert found["narrative:punctuation_doubled:。。"]["lines"] == [421, 421]
    [unbalanced] = [c for name, c in found.items() if "punctuation_unbalanced" in name]
    assert unbalanced["lines"] == [453, 453]


def test_an_unclosed_bracket_in_the_planning_disclosure():
    [unbalanced] = [
        c for name, c in notices(shanghai_parsed("planning")).items() if "unbalanced" in name
    ]
    assert unbalanced["lines"] == [349, 349]
    assert "平均得分99.33分(其中" in unbalanced["message"]


def test_a_paragraph_run_printed_twice_is_one_notice():
    """000's 职责 with its first two duties printed again after the third."""
    lines = sample_text("000").split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("- (一) 贯彻执行国家"))
    second = next(i for i, line in enumerate(lines) if line.startswith("- (二)推进流通产业"))
    third = next(i for i, line in enumerate(lines) if line.startswith("- (三)拟定全市贸易"))
    lines[third + 1 : third + 1] = ["", *lines[first : second + 1]]

    [repeated] = [c for c in findings(parse_text("\n".join(lines))) if "repeated" in c["check"]]

    assert repeated["message"] == "这2段与前文“一、本单位职责”下的内容重复，原样印了两遍。"
    assert repeated["lines"][0] > third


def test_years_of_the_wrong_budget():
    """002 (2025) explains a change by "2022年度较上年"; an edited 000 (2024) compares with 2022."""
    assert "narrative:year_against_last_year:年度较上年" in notices(parsed("002"))
    document = with_000_text("比2023年预算减少2.21万元", "比2022年预算减少2.21万元")
    found = notices(document)["narrative:year_compared:比年"]
    assert "应写2023年" in found["message"]


def test_department_wording_in_a_unit_budget():
    """003 is a 单位预算 whose 政府采购 sentence says "部门各单位"; 000 gets "本部门" by edit."""
    assert "narrative:kind_wording:部门各单位:部门各单位" in notices(parsed("003"))
    document = with_000_text("本单位机关运行经费财政拨款预算", "本部门机关运行经费财政拨款预算")
    found = notices(document)["narrative:kind_wording:本部门:本部门"]
    assert found["message"] == "本文件是单位预算，文中却写“本部门”（应为单位的说法）。"


def test_wording_repeated_in_many_places_is_one_notice_that_counts_them():
    text = sample_text("000").replace("万元,其中:", "万元,其中::")
    [doubled] = [c for c in findings(parse_text(text)) if "punctuation_doubled" in c["check"]]
    assert "文中共" in doubled["message"]
