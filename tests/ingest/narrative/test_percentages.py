"""Percentages of the narrative against the amounts stated in the same sentence.

Figures read by hand from the samples; the edited copies are derived from the real files
in code (a changed share, a change called the wrong way, a fall called small).
"""

from decimal import Decimal as D

from ingest.narrative import extract_narrative
from ingest.narrative.percentages import check_percentages

from ..samples import (
    parse_text,
    parsed,
    raw_document,
    replace_once,
    sample_text,
    shanghai_parsed,
)


def checks_of(document, name=None):
    found = [c for c in document["validation"] if c["check"].startswith("narrative:")]
    return [c for c in found if name is None or c["check"] == name]


def only(document, name):
    [check] = checks_of(document, name)
    return check


def test_the_shares_and_changes_of_000_all_follow_from_their_amounts():
    narrative = extract_narrative(raw_document("000").lines)
    found = check_percentages(narrative, parsed("000"))
    assert len(found) >= 15
    assert {c["status"] for c in found} == {"pass"}
    basic = next(c for c in found if c["check"] == "narrative:share:基本支出")
    assert (basic["expected"], basic["actual"], basic["unit"]) == (D("45.42"), D("45.42"), "%")
    assert "1077.76÷2373＝45.42%" in basic["message"]


def test_a_share_that_does_not_follow_is_an_error_quoting_its_words():
    text = replace_once(
        sample_text("000"), "基本支出1077.76万元,占45.42%", "基本支出1077.76万元,占55.42%"
    )

    check = only(parse_text(text), "narrative:share:基本支出")

    assert (check["status"], check["expected"], check["actual"]) == ("fail", D("45.42"), D("55.42"))
    assert check["severity"] == "error"
    assert check["quote"] == "基本支出1077.76万元,占55.42%"
    assert check["lines"] == [421, 421]


def test_002_percent_taken_on_this_year_instead_of_the_last():
    """ "9.09万元，比2024年减少4.41万元，减少48.51%": 4.41 / 13.50 is 32.67%."""
    check = only(parsed("002"), "narrative:change:机关运行经费")
    assert (check["status"], check["expected"], check["actual"]) == ("fail", D("32.67"), D("48.51"))
    assert "上年为9.09+4.41＝13.50万元" in check["message"]


def test_a_fall_called_an_increase_is_an_error():
    text = replace_once(sample_text("000"), "减少2.21万元,下降1.43%", "减少2.21万元,增长1.43%")

    [check] = [c for c in checks_of(parse_text(text)) if "change_direction" in c["check"]]

    assert check["status"] == "fail" and check["severity"] == "error"
    assert "前说“减少”，后说“增长”" in check["message"]


def test_a_large_fall_called_small_is_a_notice():
    text = replace_once(
        sample_text("000"),
        "一般公共预算当年支出2,373.00万元,比上年减少2744.19万元,下降53.63%",
        "一般公共预算当年支出2,373.00万元,比上年小幅减少2744.19万元,下降53.63%",
    )

    [check] = [c for c in checks_of(parse_text(text)) if "change_words" in c["check"]]

    assert check["severity"] == "notice"
    assert "小幅" in check["message"] and "53.63%" in check["message"]


def test_wanli_2023_percentages_that_do_not_follow_and_a_negative_previous_year():
    document = shanghai_parsed("wanli_2023")
    failed = {c["check"]: c for c in checks_of(document) if c["status"] == "fail"}

    # Line 59: 11.67 → 45.41 is +289.12%, not +314.82%.
    wrong = failed["narrative:change:一般行政管理事务"]
    assert (wrong["expected"], wrong["actual"], wrong["lines"]) == (
        D("289.12"),
        D("314.82"),
        [59, 59],
    )
    # Line 54: "政府性基金拨款支出预算0万元，比2022年预算增加1421.25万元".
    negative = failed["narrative:change_previous:政府性基金拨款支出预算"]
    assert "-1421.25万元" in negative["message"]
    # The other 30 list items' percentages follow from their amounts.
    passed = [c for c in checks_of(document) if c["check"].startswith("narrative:change:")]
    assert sum(c["status"] == "pass" for c in passed) >= 28


def test_rounded_and_truncated_percentages_pass():
    """Planning 2024: 9746.50 / 9759.38 is 99.868% printed 99.86; 95.457% printed 95.45."""
    document = shanghai_parsed("planning")
    share = only(document, "narrative:share:一般公共预算财政拨款支出")
    assert (share["status"], share["actual"]) == ("pass", D("99.86"))
    completion = next(
        c
        for c in checks_of(document)
        if c["check"].startswith("narrative:completion:") and c["lines"] == [314, 314]
    )
    assert (completion["status"], completion["actual"]) == ("pass", D("95.45"))


def test_a_completion_rate_of_a_zero_budget_is_an_error():
    """Social work 2024, line 280: "年初预算为0万元…完成年初预算的95.89%" (it is 全年预算's)."""
    [check] = [
        c for c in checks_of(shanghai_parsed("social_work")) if "completion_zero_base" in c["check"]
    ]
    assert check["lines"] == [280, 280]
    assert "应是全年预算的完成率" in check["message"]


def test_a_change_on_a_year_of_zero_is_not_checked():
    """A unit set up in 2024 "增长100.00%" on nothing: no percentage to check."""
    changes = [
        c
        for c in checks_of(shanghai_parsed("social_work"))
        if c["check"].startswith("narrative:change")
    ]
    assert changes == []
