"""The filters' region lookup: a region and every region below it."""

import pytest

from budgets.filters.common import region_with_descendants
from budgets.models import Organization
from ingest.identity import infer_region
from ingest.persistence import region_get_or_create
from tests.conftest import make_organization

pytestmark = pytest.mark.django_db


def test_a_province_holds_the_organizations_of_its_towns_four_levels_down():
    street = region_get_or_create(infer_region("广州市天河区石牌街道办事处"))
    office = make_organization(name="广州市天河区人民政府石牌街道办事处", region=street)
    district = street.parent
    province = district.parent.parent

    for region in (province, district.parent, district, street):
        found = Organization.objects.filter(region_with_descendants(region))
        assert office in found, region.name
    assert province.name == "广东省"
