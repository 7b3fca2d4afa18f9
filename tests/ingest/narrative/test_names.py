"""科目 names in the narrative against the tables' names for the same codes."""

from ..samples import findings, parse_text, parsed, replace_once, sample_text, shanghai_parsed


def name_notices(document):
    return [c for c in findings(document) if c["check"].startswith("narrative:name")]


def test_an_old_class_name_is_recognized_as_the_old_name_of_its_class():
    """2019 renamed 210 医疗卫生与计划生育支出 to 卫生健康支出: a 提示, and the amount is still
    compared with 210's row (no 错误)."""
    text = replace_once(
        sample_text("000"),
        "卫生健康支出57.68万元,占2.43%",
        "医疗卫生与计划生育支出57.68万元,占2.43%",
    )
    document = parse_text(text)

    [former] = [c for c in findings(document) if c["check"].startswith("narrative:former_name")]
    assert former["severity"] == "notice"
    assert "210类现称“卫生健康支出”" in former["message"]
    amount = next(
        c
        for c in document["validation"]
        if c["check"] == "narrative:function:医疗卫生与计划生育支出"
    )
    assert amount["status"] == "pass"
    assert not [c for c in findings(document) if c["severity"] == "error"]


def test_a_path_naming_a_level_the_tables_do_not_have_lists_what_they_have():
    text = replace_once(
        sample_text("000"),
        "本单位机关运行经费财政拨款预算",
        "“社会保障和就业支出(类)行政事业单位医疗(款)”的本单位机关运行经费财政拨款预算",
    )
    [notice] = name_notices(parse_text(text))
    assert "报表中208 社会保障和就业支出下没有名为“行政事业单位医疗”的款" in notice["message"]
    assert "行政事业单位养老支出" in notice["message"]


def test_paths_that_agree_with_the_tables_are_quiet():
    assert name_notices(parsed("000")) == []
    assert name_notices(shanghai_parsed("office")) == []


def test_a_kuan_named_like_its_class_is_a_slip_even_without_names_in_the_tables():
    """Wanli 2025 line 81: “卫生健康支出(类)卫生健康支出(款)计划生育事务(项)”."""
    [notice] = name_notices(shanghai_parsed("wanli_2025"))
    assert notice["lines"] == [81, 81]
    assert "计划生育事务、行政事业单位医疗" in notice["message"]  # what the tables list


def test_a_path_using_a_name_the_tables_give_another_row():
    """Planning 2024 line 326: 2200199 by its pre-2019 name 其他国土资源事务支出."""
    [notice] = [n for n in name_notices(shanghai_parsed("planning")) if "国土资源" in n["check"]]
    assert "报表所列：事业运行、其他自然资源事务支出" in notice["message"]


def test_the_same_slip_in_two_paths_is_one_finding():
    """Planning 2024 lines 327 and 328: “住房保障支出(类)住房保障支出(款)…”."""
    document = shanghai_parsed("planning")
    [notice] = [n for n in name_notices(document) if "住房保障支出(款)" in n["check"]]
    assert notice["derived"] == 1
    assert notice["summary"] == "情况说明：科目名称（共2处）"
