"""Staff groups Viewer, Editor, Publisher and Importer (see registry/groups.py)."""

from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations

from registry.groups import sync_groups


def create_groups(apps, schema_editor):
    # On a fresh database permissions only appear at post_migrate; create them now.
    for label in ("contenttypes", "auth", "registry"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_contenttypes(app_config, verbosity=0, apps=apps)
        create_permissions(app_config, verbosity=0, apps=apps)
    sync_groups(apps)


def delete_groups(apps, schema_editor):
    from registry.groups import GROUP_ACTIONS

    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_ACTIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_search_trigram_indexes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
