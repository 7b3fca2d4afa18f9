"""The same item given two different amounts in one paragraph."""

import pytest

from ..samples import findings, parse_text, parsed, replace_once, sample_text, shanghai_parsed


def stated_twice(document):
    return [c for c in document["validation"] if c["check"].startswith("narrative:stated_twice")]


def test_a_listed_item_whose_budget_is_stated_again_differently():
    """Wanli 2023 line 73: “…职业年金缴费支出(项)”220.63万元 … 2023年预算安排441.25万元."""
    [check] = stated_twice(shanghai_parsed("wanli_2023"))
    assert check["lines"] == [73, 73]
    assert "220.63万元" in check["message"] and "441.25万元" in check["message"]
    # The wrong percentage of the same sentence is part of the same finding.
    primary = shanghai_parsed("wanli_2023")["validation"][check["finding"]]
    assert primary["derived"] == 1


def test_an_item_given_two_amounts_in_an_edited_paragraph():
    text = replace_once(
        sample_text("000"),
        "原因是减少了公用经费-公务用车运行维护费",
        "原因是减少了公用经费-公务用车运行维护费。机关运行经费财政拨款预算为153.04万元。",
    )
    [check] = stated_twice(parse_text(text))
    assert check["severity"] == "error"
    assert "先写152.04万元，后写153.04万元" in check["message"]


@pytest.mark.parametrize("sample", ["000", "001", "002", "003"])
def test_no_item_is_stated_twice_in_the_shanxi_samples(sample):
    assert stated_twice(parsed(sample)) == []
    assert all("stated_twice" not in c["check"] for c in findings(parsed(sample)))
