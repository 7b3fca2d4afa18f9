"""Every model is in the admin; parsed figures can be viewed there but not added or edited."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from budgets.models import Disclosure, Figure, FunctionalLine, Indicator, ValidationCheck
from tests.conftest import make_disclosure

PROJECT_APPS = ("budgets", "ingest")
PARSED_MODELS = [Figure, FunctionalLine, Indicator, ValidationCheck]


def project_models() -> list:
    return [model for name in PROJECT_APPS for model in apps.get_app_config(name).get_models()]


def test_every_project_model_is_registered_in_the_admin():
    unregistered = [
        model.__name__ for model in project_models() if not admin.site.is_registered(model)
    ]

    assert unregistered == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", project_models(), ids=lambda model: model.__name__)
def test_admin_list_and_detail_pages_render(admin_client, model):
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    assert admin_client.get(changelist).status_code == 200
    instance = model.objects.first()
    if instance is not None:
        change = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[instance.pk]
        )
        assert admin_client.get(change).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("model", PARSED_MODELS, ids=lambda model: model.__name__)
def test_parsed_figures_are_read_only_in_the_admin(admin_client, admin_user, rf, model):
    request = rf.get("/")
    request.user = admin_user
    model_admin = admin.site._registry[model]
    add_url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")

    assert admin_client.get(add_url).status_code == 403
    assert model_admin.has_add_permission(request) is False
    assert model_admin.has_change_permission(request) is False
    assert model_admin.has_view_permission(request) is True


@pytest.mark.django_db
def test_a_disclosure_can_be_deleted_with_its_figures_from_the_admin(admin_client):
    disclosure = make_disclosure()
    Figure.objects.create(
        disclosure=disclosure, section="operating", key="total", line_start=1, line_end=1
    )
    url = reverse("admin:budgets_disclosure_delete", args=[disclosure.pk])

    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not Disclosure.objects.filter(pk=disclosure.pk).exists()
