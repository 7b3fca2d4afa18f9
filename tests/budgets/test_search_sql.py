"""Bigram substring search (migration 0005, budgets/search_sql.py): the function, the index
it serves, exact results and the bounded list."""

import pytest
from django.db import connection

from budgets.models import (
    Disclosure,
    Indicator,
    NarrativeSection,
    Organization,
    PerformanceTarget,
    Project,
)
from budgets.search_sql import any_contains, first_match_ids
from tests.conftest import make_disclosure

pytestmark = pytest.mark.django_db


def bigrams(text):
    with connection.cursor() as cursor:
        cursor.execute("SELECT budgets_bigrams(%s)", [text])
        return cursor.fetchone()[0]


def make_project(disclosure, name, position=0):
    return Project.objects.create(
        disclosure=disclosure,
        kind=Project.Kind.CURRENT,
        position=position,
        name=name,
        line_start=1,
        line_end=1,
    )


def test_bigrams_are_the_pairs_of_adjacent_characters_in_upper_case():
    assert sorted(bigrams("乡村e镇")) == sorted(["乡村", "村E", "E镇"])
    assert sorted(bigrams("ab ab")) == sorted(["AB", "B ", " A", "AB"])
    assert bigrams("商") == []
    assert bigrams("") == []
    assert bigrams(None) is None


def test_the_condition_renders_the_indexed_expression_beside_the_like():
    sql = str(Project.objects.filter(any_contains(["name"], "商务")).query)

    assert 'budgets_bigrams("budgets_project"."name") @> budgets_bigrams(' in sql
    assert 'UPPER("budgets_project"."name"::text) LIKE UPPER(' in sql


def test_one_character_has_no_bigram_and_is_matched_by_like_alone():
    sql = str(Project.objects.filter(any_contains(["name"], "商")).query)

    assert "budgets_bigrams" not in sql
    assert "LIKE" in sql


@pytest.mark.parametrize(
    ("model", "fields", "index"),
    [
        (Organization, ["name"], "organization_name_bigrams"),
        (Project, ["name"], "project_name_bigrams"),
        (PerformanceTarget, ["project_name"], "performancetarget_project_name_bigrams"),
        (Indicator, ["level3", "value_text", "level2"], "indicator_level2_bigrams"),
        (Indicator, ["level3", "value_text"], "indicator_value_text_bigrams"),
        (NarrativeSection, ["heading", "text"], "narrativesection_text_bigrams"),
    ],
)
def test_postgresql_answers_the_condition_from_the_bigram_index(model, fields, index):
    """The test tables are tiny, so the planner is told to use only bitmap scans; the index
    must still match the query's expression exactly for PostgreSQL to use it."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = model.objects.filter(any_contains(fields, "满意度")).order_by().explain()

    assert index in plan
    assert "Bitmap Index Scan" in plan


def test_results_are_exact_although_the_bigrams_of_a_non_match_agree(published_samples):
    """The name 商务服务局 holds both bigrams of 商务局 (商务, 务局) but not the word."""
    disclosure = make_disclosure(status=Disclosure.Status.PUBLISHED)
    kept = make_project(disclosure, "县商务局专项", 0)
    make_project(disclosure, "商务服务局专项", 1)

    found = Project.objects.filter(any_contains(["name"], "商务局"), disclosure=disclosure)

    assert list(found) == [kept]


def test_matching_ignores_case_as_icontains_does(published_samples):
    disclosure = make_disclosure(status=Disclosure.Status.PUBLISHED)
    project = make_project(disclosure, "乡村E镇建设项目")

    assert project in Project.objects.filter(any_contains(["name"], "乡村e镇"))


def test_first_match_ids_stops_at_the_limit_and_repeats_itself(published_samples):
    matches = Project.objects.filter(any_contains(["name"], "经费"))
    every = set(matches.values_list("pk", flat=True))

    first = first_match_ids(matches, terms=("经费",), limit=5)

    assert len(every) > 5
    assert len(first) == 5
    assert set(first) <= every
    assert first_match_ids(matches, terms=("经费",), limit=5) == first


def test_one_character_terms_take_the_lowest_keys(published_samples):
    matches = Project.objects.filter(any_contains(["name"], "费"))

    first = first_match_ids(matches, terms=("费",), limit=3)

    assert first == sorted(matches.values_list("pk", flat=True))[:3]
