"""Pinyin order: the sort key (pure) and a queryset ordered by it in the database."""

import pytest
from django.urls import reverse

from budgets.models import Disclosure
from budgets.pinyin import order_by_pinyin, pinyin_key
from budgets.selectors.organizations import organization_rows


def by_pinyin(names: list[str]) -> list[str]:
    return sorted(names, key=pinyin_key)


def test_orders_by_reading_not_by_code_point():
    names = ["阳泉市商务局", "上海市普陀区", "兴县电子商务服务中心", "晋城市商务局", "山阴县商务局"]

    assert by_pinyin(names) == [
        "晋城市商务局",  # jìn
        "山阴县商务局",  # shān
        "上海市普陀区",  # shàng
        "兴县电子商务服务中心",  # xīng
        "阳泉市商务局",  # yáng
    ]
    assert sorted(names) != by_pinyin(names)  # code point order differs on these names


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("长治市商务局", "晋城市商务局"),  # 长 in a place name reads cháng, not zhǎng
        ("重庆市", "中山市"),  # 重庆 is chóngqìng: pypinyin reads words as words
        ("忻州市", "阳泉市"),  # 忻 (xīn) is outside GB2312's pinyin-ordered level 1
        ("晋城市工业和信息化局", "晋城市商务局"),  # same first characters, then 工 before 商
        ("2024年预算", "安泽县"),  # digits before Chinese
    ],
)
def test_pairs_in_pinyin_order(earlier, later):
    assert pinyin_key(earlier) < pinyin_key(later)


def test_keeps_every_character_of_mixed_text():
    assert [char for _, char in pinyin_key("“三公”经费 2024")] == list("“三公”经费 2024")


@pytest.mark.django_db
def test_a_queryset_in_pinyin_order_keeps_paging_in_sql(shanxi_samples):
    rows = organization_rows(disclosures=Disclosure.objects.filter(status="published"))
    rows = rows.filter(pk__in=[d.pk for d in shanxi_samples.values()])

    ordered = order_by_pinyin(rows, "organization__name")
    descending = order_by_pinyin(rows, "organization__name", descending=True)

    names = [d.organization.name for d in ordered]
    assert names == by_pinyin(names)
    assert [d.organization.name for d in descending] == names[::-1]
    assert [d.organization.name for d in ordered[1:3]] == names[1:3]  # LIMIT/OFFSET in SQL


@pytest.mark.django_db
def test_the_organization_list_sorts_names_by_pinyin(client, shanxi_samples):
    response = client.get(reverse("organization_list"))
    names = [row.record.organization.name for row in response.context["table"].paginated_rows]

    assert names == [
        "晋城市工业和信息化局",
        "晋城市商务局",
        "山阴县商务局",
        "兴县电子商务服务中心",
        "阳泉市商务局",
    ]
    reverse_names = client.get(reverse("organization_list"), {"sort": "-name"})
    assert [r.record.organization.name for r in reverse_names.context["table"].paginated_rows] == (
        names[::-1]
    )


@pytest.mark.django_db
def test_names_are_read_only_when_the_pinyin_order_is_used(
    shanxi_samples, django_assert_num_queries
):
    """A table orders by name by default, then by the column asked for: no cost for names."""
    rows = order_by_pinyin(
        organization_rows(disclosures=Disclosure.objects.filter(status="published")),
        "organization__name",
    )

    with django_assert_num_queries(1):
        assert len(list(rows.order_by("-total_yuan"))) == 5
    with django_assert_num_queries(1):
        assert rows.count() == 5  # COUNT drops the ordering
    with django_assert_num_queries(2):  # the names, then the rows
        assert len(list(rows[:2])) == 2
