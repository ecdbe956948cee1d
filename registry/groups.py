"""The staff groups and the permissions each one holds.

Viewer     sees every record, changes nothing.
Editor     adds and changes records; cannot delete or publish.
Publisher  Editor, plus publish/unpublish and delete.
Importer   Editor, plus bulk import and export.

Data migration ``0003_staff_groups`` creates the groups, and a ``post_migrate``
receiver calls :func:`sync_groups` again after every ``migrate``, so permissions
that later migrations add (for example ``import_<model>``/``export_<model>`` from
the import/export work) reach their group without a further data migration.
Syncing only adds: permissions an administrator granted by hand are kept.
"""

from django.apps import apps as global_apps

VIEWER = "Viewer"
EDITOR = "Editor"
PUBLISHER = "Publisher"
IMPORTER = "Importer"

# Permission codename prefixes (before ``_<model>``) each group receives.
GROUP_ACTIONS = {
    VIEWER: ("view",),
    EDITOR: ("view", "add", "change"),
    PUBLISHER: ("view", "add", "change", "delete", "publish"),
    IMPORTER: ("view", "add", "change", "import", "export"),
}


def group_permissions(permissions, actions):
    """The registry permissions whose codename is ``<action>_<registry model>``."""
    model_names = {
        model._meta.model_name
        for model in global_apps.get_app_config("registry").get_models()
        if not model._meta.model_name.startswith("historical")
    }
    return [
        permission
        for permission in permissions
        if any(
            permission.codename == f"{action}_{model_name}"
            for action in actions
            for model_name in model_names
        )
    ]


def sync_groups(apps=global_apps):
    """Create the staff groups and grant each its permissions (idempotent)."""
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    permissions = list(permission_model.objects.filter(content_type__app_label="registry"))
    for name, actions in GROUP_ACTIONS.items():
        group, _created = group_model.objects.get_or_create(name=name)
        group.permissions.add(*group_permissions(permissions, actions))


def sync_groups_after_migrate(sender, app_config=None, apps=global_apps, **kwargs):
    """``post_migrate`` receiver: runs once the registry's permissions exist."""
    if app_config is not None and app_config.label == "registry":
        sync_groups(apps)
