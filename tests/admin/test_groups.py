"""Each staff group can do exactly its part."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from registry.choices import PublicationState
from registry.groups import EDITOR, IMPORTER, PUBLISHER, VIEWER, sync_groups
from registry.models import Zone
from tests import factories

from .helpers import change_form_data

pytestmark = pytest.mark.django_db


def codenames(group_name):
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def test_migration_creates_the_four_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        VIEWER,
        EDITOR,
        PUBLISHER,
        IMPORTER,
    }


def test_group_permissions():
    viewer, editor = codenames(VIEWER), codenames(EDITOR)
    publisher, importer = codenames(PUBLISHER), codenames(IMPORTER)
    assert "view_zone" in viewer and "view_citation" in viewer
    assert not {c for c in viewer if not c.startswith("view_")}
    assert {"add_zone", "change_zone", "view_zone"} <= editor
    assert not {c for c in editor if c.startswith(("delete_", "publish_"))}
    assert publisher == editor | {c for c in publisher if c.startswith(("delete_", "publish_"))}
    assert {"publish_zone", "delete_zone", "publish_source"} <= publisher
    assert editor <= importer
    assert not {c for c in importer if c.startswith(("delete_", "publish_"))}
    assert not {c for c in viewer | publisher if "historical" in c}


def test_permissions_added_later_reach_their_group():
    zone_type = ContentType.objects.get_for_model(Zone)
    for action in ("import", "export"):
        Permission.objects.get_or_create(
            codename=f"{action}_zone", content_type=zone_type, defaults={"name": action}
        )
    sync_groups()
    assert {"import_zone", "export_zone"} <= codenames(IMPORTER)
    assert not {"import_zone", "export_zone"} & codenames(EDITOR)
    assert not {"import_zone", "export_zone"} & codenames(PUBLISHER)


def changelist(model="zone"):
    return reverse(f"admin:registry_{model}_changelist")


def action_names(response):
    return {
        name
        for name, _label in response.context["cl"].model_admin.get_action_choices(
            response.wsgi_request
        )
    }


def test_viewer_reads_but_changes_nothing(client, viewer):
    zone = factories.ZoneFactory()
    client.force_login(viewer)
    assert client.get(changelist()).status_code == 200
    change_url = reverse("admin:registry_zone_change", args=[zone.pk])
    response = client.get(change_url)
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert client.get(reverse("admin:registry_zone_add")).status_code == 403
    assert client.post(change_url, {"name_fr": "X"}).status_code == 403
    assert client.post(reverse("admin:registry_zone_delete", args=[zone.pk])).status_code == 403
    assert "publish" not in action_names(client.get(changelist()))


def test_editor_adds_and_changes_but_cannot_publish_or_delete(client, editor):
    zone = factories.ZoneFactory(area_ha=10)
    client.force_login(editor)
    change_url = reverse("admin:registry_zone_change", args=[zone.pk])
    response = client.get(change_url)
    assert "publication_state" in response.context["adminform"].readonly_fields
    data = change_form_data(response, area_ha="12.5", publication_state="published")
    assert client.post(change_url, data).status_code == 302
    zone.refresh_from_db()
    assert zone.area_ha == 12.5
    assert zone.publication_state == PublicationState.DRAFT
    assert client.get(reverse("admin:registry_zone_add")).status_code == 200
    assert client.post(reverse("admin:registry_zone_delete", args=[zone.pk])).status_code == 403
    actions = action_names(client.get(changelist()))
    assert not {"publish", "unpublish", "delete_selected"} & actions
    response = client.post(changelist(), {"action": "publish", "_selected_action": [zone.pk]})
    zone.refresh_from_db()
    assert zone.publication_state == PublicationState.DRAFT


def test_publisher_publishes_unpublishes_and_deletes(client, publisher):
    zones = factories.ZoneFactory.create_batch(3)
    client.force_login(publisher)
    assert {"publish", "unpublish", "delete_selected"} <= action_names(client.get(changelist()))
    selected = [z.pk for z in zones[:2]]
    client.post(changelist(), {"action": "publish", "_selected_action": selected})
    assert set(Zone.objects.published().values_list("pk", flat=True)) == set(selected)
    client.post(changelist(), {"action": "unpublish", "_selected_action": selected[:1]})
    assert list(Zone.objects.published().values_list("pk", flat=True)) == selected[1:]
    delete_url = reverse("admin:registry_zone_delete", args=[zones[2].pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Zone.objects.filter(pk=zones[2].pk).exists()


def test_importer_edits_but_cannot_publish_or_delete(client, importer):
    zone = factories.ZoneFactory()
    client.force_login(importer)
    assert client.get(reverse("admin:registry_zone_add")).status_code == 200
    assert client.post(reverse("admin:registry_zone_delete", args=[zone.pk])).status_code == 403
    assert not {"publish", "delete_selected"} & action_names(client.get(changelist()))


def test_migration_alone_creates_groups_on_a_fresh_database():
    """0003 must not rely on post_migrate having created the permissions first."""
    import importlib

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    Group.objects.all().delete()
    Permission.objects.filter(content_type__app_label="registry").delete()
    state = MigrationExecutor(connection).loader.project_state(("registry", "0003_staff_groups"))
    migration = importlib.import_module("registry.migrations.0003_staff_groups")
    migration.create_groups(state.apps, schema_editor=None)  # it runs no DDL
    assert {"publish_zone", "delete_zone"} <= codenames(PUBLISHER)
    assert "view_agreement" in codenames(VIEWER)


def test_editor_cannot_republish_by_reverting(client, editor):
    zone = factories.ZoneFactory(publication_state=PublicationState.PUBLISHED)
    Zone.objects.filter(pk=zone.pk).update(publication_state=PublicationState.DRAFT)
    zone.refresh_from_db()
    zone.save()  # the current version is a draft; the first one was published
    published_version = zone.history.last()
    client.force_login(editor)
    url = reverse("admin:registry_zone_simple_history", args=[zone.pk, published_version.pk])
    response = client.post(url, change_form_data(client.get(url)))
    assert response.status_code == 302
    zone.refresh_from_db()
    assert zone.publication_state == PublicationState.DRAFT


def test_editor_adds_drafts_only(client, editor):
    client.force_login(editor)
    url = reverse("admin:registry_zone_add")
    data = change_form_data(client.get(url), code="ZN-NEW", name_fr="Nouvelle zone")
    data.update(kind="industrial_zone", publication_state="published")
    assert client.post(url, data).status_code == 302
    assert Zone.objects.get(code="ZN-NEW").publication_state == PublicationState.DRAFT


def test_bulk_delete_records_its_origin(client, publisher):
    zones = factories.ZoneFactory.create_batch(2)
    client.force_login(publisher)
    response = client.post(
        changelist(),
        {"action": "delete_selected", "_selected_action": [z.pk for z in zones], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Zone.objects.exists()
    deletions = Zone.history.filter(history_type="-")
    assert {d.history_change_reason for d in deletions} == {"bulk action: delete"}
    assert {d.history_user for d in deletions} == {publisher}


@pytest.mark.parametrize("model", ["zone", "agreement", "fundingcommitment", "citation"])
def test_only_importers_see_and_reach_import_and_export(client, editor, importer, model):
    links = ('class="import-link"', 'class="export-link"')
    client.force_login(editor)
    page = client.get(changelist(model)).content.decode()
    assert not any(link in page for link in links)
    assert client.get(changelist(model) + "import/").status_code == 403
    assert client.get(changelist(model) + "export/").status_code == 403
    client.force_login(importer)
    page = client.get(changelist(model)).content.decode()
    assert all(link in page for link in links)
    assert client.get(changelist(model) + "import/").status_code == 200
