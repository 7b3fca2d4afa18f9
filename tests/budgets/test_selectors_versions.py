"""What a cited disclosure id leads to, and what changed between two versions of a document.

The versions are real: 002 山阴县商务局 2025 部门预算 and a corrected file in which the project
消费券资金 (line 415) reads 410.00 instead of 400.00 万元 (tests/budgets/derived.py).
"""

from decimal import Decimal

import pytest
from django.utils import timezone

from budgets.models import Disclosure
from budgets.selectors.versions import (
    Cell,
    CitationState,
    current_versions,
    diff_rows,
    disclosure_citation_get,
    version_changes,
    withdrawn_disclosures,
)
from tests.budgets.derived import corrected_version
from tests.conftest import make_disclosure


def withdraw(disclosure: Disclosure, reason: str = "数字有误") -> Disclosure:
    disclosure.status = Disclosure.Status.PARSED
    disclosure.withdrawn_at = timezone.now()
    disclosure.withdrawal_reason = reason
    disclosure.save()
    return disclosure


class TestDiffRows:
    def test_lists_changed_added_and_removed_rows_and_counts_the_same(self):
        old = {"a": Cell(Decimal(1), 10, 10), "b": Cell(Decimal(2), 11, 11), "c": Cell(None)}
        new = {"a": Cell(Decimal(1), 12, 12), "b": Cell(Decimal(3), 13, 13), "d": Cell(Decimal(4))}

        changes, same = diff_rows(old, new, str.upper)

        assert same == 1  # "a": the same amount on another line is no change
        assert [(c.label, c.kind) for c in changes] == [("B", "修改"), ("D", "新增"), ("C", "删除")]
        assert changes[0].difference == Decimal(1)
        assert changes[1].difference is None and changes[2].difference is None

    def test_an_amount_that_becomes_empty_is_a_change(self):
        changes, same = diff_rows({"a": Cell(Decimal(0))}, {"a": Cell(None)}, str)

        assert (same, [c.kind for c in changes]) == (0, ["修改"])

    def test_words_compare_as_words(self):
        changes, _ = diff_rows({"x": Cell("通过")}, {"x": Cell("未通过（不一致）")}, str)

        assert changes[0].difference is None


@pytest.mark.django_db
class TestCitation:
    def test_a_published_disclosure_is_current(self, published_samples, django_assert_num_queries):
        shanyin = published_samples["002"]

        with django_assert_num_queries(2):
            citation = disclosure_citation_get(pk=shanyin.pk)

        assert citation.state == CitationState.CURRENT
        assert citation.current == citation.latest == shanyin

    def test_an_earlier_version_leads_to_the_current_one(self, published_samples):
        old = published_samples["002"]
        new = corrected_version()

        citation = disclosure_citation_get(pk=old.pk)

        assert citation.is_superseded
        assert citation.current == new
        assert [v.version for v in citation.versions] == [1, 2]
        assert disclosure_citation_get(pk=new.pk).is_current

    def test_a_withdrawn_document_says_so_and_its_earlier_version_stays(self, published_samples):
        old = published_samples["002"]
        new = withdraw(corrected_version(), "附表数字有误")

        citation = disclosure_citation_get(pk=new.pk)

        assert citation.is_withdrawn
        assert citation.disclosure.withdrawal_reason == "附表数字有误"
        assert citation.current is None  # nothing of the document is published now
        assert citation.latest == old
        assert disclosure_citation_get(pk=old.pk).is_superseded

    @pytest.mark.parametrize("status", ["parsed", "failed", "discarded"])
    def test_a_document_that_never_was_public_is_not_found(self, published_samples, status):
        draft = make_disclosure(status=status)

        assert disclosure_citation_get(pk=draft.pk) is None
        assert disclosure_citation_get(pk=999_999) is None

    def test_a_withdrawn_then_discarded_document_still_says_it_was_withdrawn(
        self, published_samples
    ):
        disclosure = withdraw(published_samples["003"])
        disclosure.status = Disclosure.Status.DISCARDED
        disclosure.save()

        assert disclosure_citation_get(pk=disclosure.pk).is_withdrawn
        assert withdrawn_disclosures(ids=[disclosure.pk, 999_999]) == [disclosure]

    def test_current_versions_of_superseded_ones(
        self, published_samples, django_assert_num_queries
    ):
        old, other = published_samples["002"], published_samples["000"]
        new = corrected_version()
        old.refresh_from_db()

        with django_assert_num_queries(1):
            found = current_versions(disclosures=[old, other])

        assert found == {old.pk: new}
        with django_assert_num_queries(0):
            assert current_versions(disclosures=[other]) == {}


@pytest.mark.django_db
class TestVersionChanges:
    def test_lists_the_changed_project_and_the_checks_it_turned(
        self, published_samples, django_assert_num_queries
    ):
        old = published_samples["002"]
        new = corrected_version()

        with django_assert_num_queries(5):
            changes = version_changes(old=old, new=new)

        groups = {group.title: group for group in changes.groups}
        assert groups["主要数字"].changes == ()
        assert groups["主要数字"].unchanged == 27
        assert groups["预算支出总表"].changes == ()
        projects = {c.label: c for c in groups["项目支出"].changes}
        voucher = projects["消费券资金（本年预算）"]
        assert (voucher.old.value, voucher.new.value) == (
            Decimal("4000000.00"),
            Decimal("4100000.00"),
        )
        assert (voucher.old.line_start, voucher.new.line_start) == (415, 415)
        assert voucher.difference == Decimal("100000.00")
        checks = {c.code: c for c in groups["校验"].changes}
        total = checks["project_total:projects_vs_expenditure"]
        assert total.label == "项目支出合计"
        assert total.old.value.startswith("通过") and total.new.value == "未通过（不一致）"
        assert not groups["校验"].is_amount
        assert changes.change_count == sum(len(g.changes) for g in changes.groups)

    def test_a_version_against_itself_changes_nothing(self, published_samples):
        shanyin = published_samples["002"]

        changes = version_changes(old=shanyin, new=shanyin)

        assert changes.change_count == 0
        assert {g.title for g in changes.groups} >= {"主要数字", "项目支出", "校验"}
