"""portal.params: integer query parameters are ASCII digits within bounds, or nothing."""

import pytest
from django.http import QueryDict

from portal.params import has_control_characters, int_param, parse_int


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", 12),
        (" 12 ", 12),
        ("0", 0),
        ("²", None),  # str.isdigit() is true, int() raises
        ("١٢", None),  # Arabic-Indic digits: int() would read 12
        ("１２", None),  # full-width digits
        ("-1", None),
        ("+1", None),
        ("1.5", None),
        ("1e3", None),
        ("", None),
        (None, None),
        ("9" * 11, None),  # beyond PostgreSQL's integer
        ("2147483647", 2147483647),
        ("2147483648", None),
    ],
)
def test_parse_int_accepts_only_ascii_digits_within_an_integer(raw, expected):
    assert parse_int(raw) == expected


def test_parse_int_applies_the_callers_bounds():
    assert parse_int("0", minimum=1) is None
    assert parse_int("201", maximum=200) is None
    assert parse_int("200", minimum=1, maximum=200) == 200


def test_int_param_falls_back_to_the_default():
    params = QueryDict("page=²&year=2024&size=7")

    assert int_param(params, "page", default=1) == 1
    assert int_param(params, "year", minimum=1900, maximum=2100) == 2024
    assert int_param(params, "missing") is None
    assert int_param(params, "size", maximum=5, default=5) == 5


@pytest.mark.parametrize(
    ("value", "hostile"),
    [
        ("商务局", False),
        ("a b\tc\r\n", False),
        ("a\x00b", True),
        ("\x1b[31m", True),
        ("\x85", True),
    ],
)
def test_control_characters_are_told_apart_from_text(value, hostile):
    assert has_control_characters(value) is hostile
