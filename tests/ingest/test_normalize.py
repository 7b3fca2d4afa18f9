"""Cell normalization: OCR noise in numbers, look-alike characters, layout spaces."""

import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest import normalize
from ingest.normalize import compact, is_amount, normalize_text, parse_amount

FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2373. 00", Decimal("2373.00")),  # 000 表1: OCR space after the point
        ("1,295. 24", Decimal("1295.24")),
        ("2,373.00", Decimal("2373.00")),
        ("0. 50", Decimal("0.50")),
        ("1. 80", Decimal("1.80")),
        ("２３７３．００", Decimal("2373.00")),
        ("-", Decimal("0")),
        ("—", Decimal("0")),
        ("", None),
        ("   ", None),
        ("(12.50)", Decimal("-12.50")),
    ],
)
def test_parse_amount_reads_noisy_cells(cell, expected):
    assert parse_amount(cell) == expected


@pytest.mark.parametrize("cell", ["合计", "4 3S", "1.2.3", "五十", "≥20家"])
def test_parse_amount_rejects_text(cell):
    with pytest.raises(ValueError):
        parse_amount(cell)
    assert not is_amount(cell)


def test_normalize_text_folds_radicals_and_markup():
    """Kangxi/CJK-supplement radicals from PDF fonts become ordinary hanzi; inline tags go."""
    assert normalize_text("⽀出 <b>项⽬</b> ⻓") == "支出 项目 长"


def test_normalize_text_gives_simplified_hanzi_for_radicals_nfkc_makes_traditional():
    """NFKC turns ⾨ into 門 and ⼾ into 戶; disclosures are simplified, so they read 门, 户."""
    assert normalize_text("财政专⼾ 部⾨ ⻋辆 ⾺ ⾧期") == "财政专户 部门 车辆 马 长期"
    assert normalize_text("門") == "門"  # a real traditional character is left alone
    assert compact("合　计") == "合计"
    assert compact("七、文化旅游体育与传媒支 出") == "七、文化旅游体育与传媒支出"


amounts = st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2, allow_nan=False)


def _with_thousands(number: str) -> str:
    whole, _, fraction = number.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return ",".join(groups) + "." + fraction


@given(amounts, st.sampled_from(["plain", "space", "thousands", "thousands_space", "full_width"]))
def test_parse_amount_reads_any_amount_through_noise(amount, noise):
    """Whatever noise the converters add, the number read is the number printed."""
    text = format(amount, "f")
    if noise == "space":
        text = text.replace(".", ". ")
    elif noise == "thousands":
        text = _with_thousands(text)
    elif noise == "thousands_space":
        text = _with_thousands(text).replace(".", ". ")
    elif noise == "full_width":
        text = text.translate(FULL_WIDTH)
    assert parse_amount(text) == amount


@given(st.text(max_size=40))
def test_parse_amount_never_guesses(text):
    """Any text reads as a number, an empty cell, or raises ValueError; nothing else."""
    try:
        result = parse_amount(text)
    except ValueError:
        return
    assert result is None or isinstance(result, Decimal)


def _normalize_every_step(value: str) -> str:
    """normalize_text as it read before its steps were made conditional: every step, always."""
    value = unicodedata.normalize("NFKC", value.translate(normalize._KANGXI_SIMPLIFIED))
    value = value.translate(normalize._RADICALS_SUPPLEMENT)
    value = normalize._INLINE_TAG.sub("", value)
    value = value.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<")
    value = value.replace("&gt;", ">").replace("\u200b", "").replace("\ufeff", "")
    return normalize._SPACE.sub(" ", value).strip()


_TRICKY = (
    "".join(map(chr, normalize._KANGXI_SIMPLIFIED))
    + "".join(map(chr, normalize._RADICALS_SUPPLEMENT))
    + "合计万元（）　\u00a0\u200b\ufeff\t ＜＞＆ｂｐ１ＡⅫ⑴㈠ﬁ<b>/span&nbsp;amp;lt;gt;"
)


@given(st.text(alphabet=st.sampled_from(_TRICKY) | st.characters(), max_size=20))
def test_normalize_text_skips_only_steps_that_would_change_nothing(value):
    assert normalize_text.__wrapped__(value) == _normalize_every_step(value)
