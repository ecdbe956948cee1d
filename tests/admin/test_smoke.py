import pytest
from django.contrib import admin
from django.urls import reverse

from registry import models
from tests import factories

pytestmark = pytest.mark.django_db

REGISTRY_MODELS = [m for m in admin.site._registry if m._meta.app_label == "registry"]


def test_every_registry_model_has_an_admin():
    expected = {m for m in models.__dict__.values() if isinstance(m, type) and hasattr(m, "_meta")}
    assert expected <= set(admin.site._registry)


@pytest.mark.parametrize("model", REGISTRY_MODELS, ids=lambda m: m._meta.model_name)
def test_changelist_add_and_change_pages_render(admin_client, model):
    opts = model._meta
    factories.CitationFactory()
    factories.AgreementPartyFactory()
    for view in ("changelist", "add"):
        url = reverse(f"admin:registry_{opts.model_name}_{view}")
        assert admin_client.get(url).status_code == 200
    obj = model.objects.first()
    if obj is not None:
        url = reverse(f"admin:registry_{opts.model_name}_change", args=[obj.pk])
        assert admin_client.get(url).status_code == 200
        url = reverse(f"admin:registry_{opts.model_name}_history", args=[obj.pk])
        assert admin_client.get(url).status_code == 200


def test_index_shows_dashboard(admin_client):
    factories.CitationFactory()
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert b"registry-dashboard" in response.content
