"""Placing stored organizations: regions found or created by their official code."""

import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from budgets.models import Organization, Region
from ingest.identity import infer_region
from ingest.persistence import organization_get_or_create, region_get_or_create
from tests.conftest import make_organization

pytestmark = pytest.mark.django_db

fill_codes = importlib.import_module(
    "budgets.migrations.0009_region_code_and_town_level"
).fill_codes


def path(region: Region | None) -> list[tuple[str, str, str | None]]:
    names = []
    while region is not None:
        names.append((region.level, region.name, region.code))
        region = region.parent
    return list(reversed(names))


def test_a_shanghai_sample_is_placed_in_putuo_by_its_code(published_samples):
    office = Organization.objects.get(name="上海市普陀区人民政府办公室")
    assert path(office.region) == [
        ("province", "上海市", "310000"),
        ("county", "普陀区", "310107"),
    ]
    commerce = Organization.objects.get(name="上海市普陀区商务委员会")
    assert commerce.region == office.region
    assert commerce.kind == Organization.Kind.UNIT


def test_the_street_office_is_placed_in_its_street_under_the_same_district(published_samples):
    wanli = Organization.objects.get(name="上海市普陀区人民政府万里街道办事处")
    office = Organization.objects.get(name="上海市普陀区人民政府办公室")
    assert (wanli.region.level, wanli.region.name, wanli.region.code) == (
        "town",
        "万里街道",
        "310107022",
    )
    assert wanli.region.parent == office.region
    assert wanli.disclosures.count() == 2  # 2023 and 2025: one organization


def test_the_shanxi_samples_keep_their_places_now_with_codes(published_samples):
    region = published_samples["002"].organization.region
    assert path(region) == [
        ("province", "山西省", "140000"),
        ("city", "朔州市", "140600"),
        ("county", "山阴县", "140621"),
    ]


def test_an_existing_region_is_found_by_code_in_one_query(
    published_samples, django_assert_num_queries
):
    wanted = infer_region("上海市普陀区人民政府万里街道办事处")
    with django_assert_num_queries(1):
        region = region_get_or_create(wanted)
    assert region.code == "310107022"


def test_a_region_created_by_name_is_found_and_given_its_code():
    guangdong = Region.objects.create(name="广东省", level=Region.Level.PROVINCE)
    guangzhou = Region.objects.create(name="广州市", level=Region.Level.CITY, parent=guangdong)
    tianhe = Region.objects.create(name="天河区", level=Region.Level.COUNTY, parent=guangzhou)

    region = region_get_or_create(infer_region("广州市天河区教育局"))

    assert region.pk == tianhe.pk
    assert path(region) == [
        ("province", "广东省", "440000"),
        ("city", "广州市", "440100"),
        ("county", "天河区", "440106"),
    ]


def test_a_region_of_names_only_gets_its_codes_from_the_list():
    region = region_get_or_create({"province": "四川省", "city": "成都市", "county": "武侯区"})
    assert [code for _, _, code in path(region)] == ["510000", "510100", "510107"]


def test_a_place_the_list_does_not_know_is_created_by_name_without_code():
    region = region_get_or_create({"province": "测试省", "city": "测试市", "county": None})
    assert path(region) == [("province", "测试省", None), ("city", "测试市", None)]
    assert region_get_or_create({"province": "测试省", "city": "测试市"}) == region


def test_no_place_no_region():
    assert region_get_or_create(infer_region("市财政局")) is None
    assert region_get_or_create(None) is None


def test_two_regions_cannot_share_a_code():
    Region.objects.create(name="甲", level=Region.Level.PROVINCE, code="990000")
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(name="乙", level=Region.Level.PROVINCE, code="990000")


def test_an_organization_placed_above_the_documents_place_moves_down_to_it():
    shanghai = region_get_or_create(infer_region("上海市XX局"))
    organization = make_organization(name="上海市普陀区测试局", region=shanghai)

    found = organization_get_or_create(
        name="上海市普陀区测试局",
        kind="department_budget",
        region=region_get_or_create(infer_region("上海市普陀区测试局")),
    )

    assert found.pk == organization.pk
    assert found.region.code == "310107"


def test_an_organization_placed_elsewhere_keeps_its_place():
    jincheng = region_get_or_create(infer_region("晋城市商务局"))
    organization = make_organization(name="某测试局", region=jincheng)

    found = organization_get_or_create(
        name="某测试局",
        kind="department_budget",
        region=region_get_or_create(infer_region("上海市普陀区测试局")),
    )

    found.refresh_from_db()
    assert found.pk == organization.pk
    assert found.region == jincheng


def test_the_migration_fills_the_codes_of_regions_created_by_name():
    zhejiang = Region.objects.create(name="浙江省", level=Region.Level.PROVINCE)
    zhoushan = Region.objects.create(name="舟山市", level=Region.Level.CITY, parent=zhejiang)
    putuo = Region.objects.create(name="普陀区", level=Region.Level.COUNTY, parent=zhoushan)
    unknown = Region.objects.create(name="测试县", level=Region.Level.COUNTY, parent=zhoushan)
    orphan = Region.objects.create(name="城区", level=Region.Level.COUNTY)  # 3 cities have one

    fill_codes(apps, None)

    for region, code in [
        (zhejiang, "330000"),
        (zhoushan, "330900"),
        (putuo, "330903"),
        (unknown, None),
        (orphan, None),
    ]:
        region.refresh_from_db()
        assert region.code == code, region.name
