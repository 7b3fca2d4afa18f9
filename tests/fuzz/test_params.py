"""The GET-parameter fuzz of every public URL finds no server error (DEBUG off)."""

import pytest
from django.conf import settings

from fuzz.params import parameter_names, public_urls, run_params_fuzz
from tests.conftest import REPO_ROOT


def test_parameter_names_come_from_the_views_and_filtersets():
    names = parameter_names(REPO_ROOT)

    assert {"page", "page_size", "q", "year", "d", "organization"} <= set(names)


@pytest.mark.django_db
def test_every_public_url_survives_hostile_parameters(published_samples):
    """Each public URL, every parameter set to "²", NUL, 400 digits…, then 300 random ones:
    no answer is a server error."""
    assert not settings.DEBUG
    assert len(public_urls()) >= 20

    report = run_params_fuzz(seed=15, random_count=300, root=REPO_ROOT)

    assert report.requests > 500
    assert report.errors == [], "\n".join(report.lines())
