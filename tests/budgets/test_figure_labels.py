"""The names of stored figures, as search, exports and the API give them."""

from budgets.figure_labels import FIGURE_LABELS, figure_keys_named, figure_label


def test_figure_label_names_the_section_and_the_figure():
    assert figure_label("three_public", "reception") == "“三公”经费 · 公务接待费"
    assert figure_label("summary", "unknown_key") == "收支总表 · unknown_key"


def test_sangong_names_every_three_public_figure_and_nothing_else():
    named = figure_keys_named("三公")

    assert {section for section, _ in named} == {"three_public"}
    assert len(named) == sum(1 for section, _ in FIGURE_LABELS if section == "three_public")


def test_a_word_no_figure_is_called_names_none():
    assert figure_keys_named("行政运行") == []
