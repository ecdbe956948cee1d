"""Every change is recorded with who, when, what and from where, and can be reverted."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from registry.history import ChangeOrigin, change_reason, origin_of
from registry.models import Zone
from tests import factories

from .helpers import change_form_data

pytestmark = pytest.mark.django_db


def edit_zone(client, zone, **changes):
    url = reverse("admin:registry_zone_change", args=[zone.pk])
    response = client.post(url, change_form_data(client.get(url), **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    zone.refresh_from_db()


def test_change_reason_convention():
    assert change_reason(ChangeOrigin.ADMIN) == "admin"
    assert change_reason(ChangeOrigin.IMPORT, "zones.xlsx") == "import: zones.xlsx"
    assert origin_of("bulk action: publish") is ChangeOrigin.BULK_ACTION
    assert origin_of("import: zones.xlsx") is ChangeOrigin.IMPORT
    assert origin_of("") is None
    assert origin_of("something else") is None


def test_admin_edit_records_user_origin_and_readable_diff(admin_client, superuser):
    zone = factories.ZoneFactory(area_ha=Decimal("20"), status="planned")
    edit_zone(admin_client, zone, area_ha="25.5", status="operational")
    latest = zone.history.first()
    assert latest.history_user == superuser
    assert latest.history_change_reason == "admin"
    assert latest.area_ha == Decimal("25.5")

    admin_client.cookies["django_language"] = "en"
    response = admin_client.get(reverse("admin:registry_zone_history", args=[zone.pk]))
    changes = response.context["page_obj"][0].history_delta_changes
    with translation.override("en"):
        by_field = {str(c["field"]).lower(): (str(c["old"]), str(c["new"])) for c in changes}
    assert by_field["area (hectares)"] == ("20.0000", "25.5000")
    assert by_field["status"] == ("Planned", "Operational")
    assert not {"search text", "updated"} & set(by_field)


def test_inline_edits_are_recorded_too(admin_client):
    zone = factories.ZoneFactory()
    source = factories.SourceFactory()
    url = reverse("admin:registry_zone_change", args=[zone.pk])
    data = change_form_data(admin_client.get(url))
    prefix = "registry-citation-content_type-object_id"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-source": str(source.pk),
            f"{prefix}-0-quote": "15 منطقة صناعية",
            f"{prefix}-0-field_name": "area_ha",
        }
    )
    assert admin_client.post(url, data).status_code == 302
    citation = zone.citations.get()
    assert citation.history.get().history_change_reason == "admin"


def test_inline_citation_is_checked_against_its_record(admin_client):
    zone = factories.ZoneFactory()
    source = factories.SourceFactory()
    url = reverse("admin:registry_zone_change", args=[zone.pk])
    data = change_form_data(admin_client.get(url))
    prefix = "registry-citation-content_type-object_id"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-source": str(source.pk),
            f"{prefix}-0-quote": "not in the text",
            f"{prefix}-0-field_name": "no_such_field",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][-1].formset.errors[0]
    assert set(errors) == {"quote", "field_name"}
    assert not zone.citations.exists()


def test_bulk_actions_write_history(admin_client, superuser):
    zones = factories.ZoneFactory.create_batch(3)
    changelist = reverse("admin:registry_zone_changelist")
    selected = [z.pk for z in zones]
    admin_client.post(changelist, {"action": "publish", "_selected_action": selected})
    for zone in zones:
        latest = zone.history.first()
        assert latest.publication_state == "published"
        assert latest.history_change_reason == "bulk action: publish"
        assert latest.history_user == superuser
    admin_client.post(changelist, {"action": "unpublish", "_selected_action": selected[:1]})
    assert zones[0].history.first().history_change_reason == "bulk action: unpublish"
    assert zones[1].history.count() == 2


def test_revert_to_an_earlier_version(admin_client):
    zone = factories.ZoneFactory(area_ha=Decimal("20"))
    edit_zone(admin_client, zone, area_ha="99")
    original = zone.history.last()
    url = reverse("admin:registry_zone_simple_history", args=[zone.pk, original.history_id])
    response = admin_client.get(url)
    assert response.status_code == 200
    response = admin_client.post(url, change_form_data(response))
    assert response.status_code == 302
    zone.refresh_from_db()
    assert zone.area_ha == Decimal("20")
    assert zone.history.first().history_change_reason == "admin: revert"


def test_deletion_is_recorded(admin_client, superuser):
    zone = factories.ZoneFactory()
    url = reverse("admin:registry_zone_delete", args=[zone.pk])
    admin_client.post(url, {"post": "yes"})
    deleted = Zone.history.filter(id=zone.pk).first()
    assert deleted.history_type == "-"
    assert deleted.history_user == superuser


def test_origins_read_as_words_in_the_history():
    from registry.templatetags.registry_dashboard import change_origin

    with translation.override("en"):
        assert change_origin("bulk action: publish") == "Bulk action: publish"
        assert change_origin("admin") == "Admin form"
        assert change_origin("import: zones.xlsx") == "Import: zones.xlsx"
        assert change_origin("by hand") == "by hand"
        assert change_origin(None) == ""
