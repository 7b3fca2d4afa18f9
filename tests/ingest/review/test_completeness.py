"""The 公开完整性 checklist read against the samples and against copies with parts removed."""

import pytest

from ingest.review.checklist import CHECKLIST
from ingest.review.completeness import score

from ..samples import (
    SAMPLE_IDS,
    SHANGHAI,
    parse_text,
    parsed,
    replace_once,
    sample_text,
    shanghai_parsed,
)


def items(document):
    return {item["key"]: item for item in document["completeness"]["items"]}


@pytest.mark.parametrize("sample", [s for s in SAMPLE_IDS if s != "004"])
def test_the_shanxi_budgets_publish_every_required_part(sample):
    completeness = parsed(sample)["completeness"]
    assert completeness["score"] == 100
    assert {item["status"] for item in completeness["items"]} == {"yes"}
    assert len(completeness["items"]) == len([i for i in CHECKLIST if "budget" in i.kinds])


@pytest.mark.parametrize("name", list(SHANGHAI))
def test_the_shanghai_disclosures_publish_every_required_part(name):
    completeness = shanghai_parsed(name)["completeness"]
    assert completeness["score"] == 100, [i for i in completeness["items"] if i["status"] != "yes"]


def test_a_final_account_is_read_with_the_final_account_items():
    found = items(shanghai_parsed("planning"))
    assert "final_summary" in found and "table_summary" not in found
    assert found["procurement_sme"]["lines"] == [355]
    assert found["performance_evaluation"]["status"] == "yes"
    assert found["final_three_public"]["note"] == "见表“财政拨款“三公”经费支出决算表”。"


def test_a_special_funds_disclosure_gets_no_checklist():
    assert parsed("004")["completeness"] == {"score": None, "items": []}


def test_a_disclosure_without_its_glossary_loses_the_item():
    text = sample_text("000")
    text = text[: text.index("第四部分 名词解释")]  # the part and everything after it
    found = items(parse_text(text))
    assert found["glossary"]["status"] == "no"
    assert parse_text(text)["completeness"]["score"] < 100


def test_changes_of_the_three_public_funds_without_reasons():
    text = replace_once(
        sample_text("000"),
        "比2023年减少2.55万元,主要原因是截止2023年12月31日,晋城市商务局本级公务车辆已全部划出,"
        "2024年无公务用车运行维护费支出。",
        "比2023年减少2.55万元。",
    )
    found = items(parse_text(text))
    assert found["three_public_reasons"]["status"] == "no"
    assert found["three_public_reasons"]["note"] == "有增减变化，但未说明原因。"


def test_an_empty_table_must_say_it_is_empty():
    """000's 政府性基金预算支出表 without its "注:本表无数据"."""
    lines = sample_text("000").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("2024年政府性基金预算支出表"))
    note = next(i for i in range(start, start + 12) if "本表无数据" in lines[i])
    lines[note] = ""

    found = items(parse_text("\n".join(lines)))

    assert found["table_government_fund"]["status"] == "partial"
    assert "未注明本表无数据" in found["table_government_fund"]["note"]


def test_the_score_counts_a_partial_item_as_half():
    assert score([{"weight": 1, "status": "yes"}, {"weight": 1, "status": "partial"}]) == 75
    assert score([]) is None
