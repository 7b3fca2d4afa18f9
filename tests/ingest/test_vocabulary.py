"""The vocabulary of the tables: data every reader can use."""

import re

import pytest

from ingest.recognizers import READERS
from ingest.recognizers.coded import coded_spec
from ingest.vocabulary import (
    CODED_TABLES,
    COLUMN_WORDS,
    HEADER_GROUPS,
    TEMPLATES,
    TITLES,
    TableKind,
)


def test_every_table_of_every_template_has_a_reader_and_a_title():
    titled = {kind for kind, _ in TITLES} | {TableKind.CARRYOVER_PROJECTS}
    for _, tables in TEMPLATES:
        for kind in tables:
            assert kind in READERS, kind
            assert kind in titled or kind == TableKind.OPERATING, kind


@pytest.mark.parametrize("kind", sorted(CODED_TABLES))
def test_every_column_of_a_coded_layout_has_its_words(kind):
    spec = coded_spec(kind)
    for layout in spec.layouts:
        for key in layout:
            assert key in spec.words.keys, (kind, key)


def test_patterns_compile_and_groups_name_known_columns():
    for _, patterns in TITLES:
        for pattern in patterns:
            re.compile(pattern)
    known = set(COLUMN_WORDS) | {"vehicle_total", "vehicle_purchase", "vehicle_operation"}
    for group, members in HEADER_GROUPS.items():
        assert group in known and members <= known, group
