from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Industrial zones registry")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from registry import lookups  # noqa: F401  (registers field__any)
        from registry.groups import sync_groups_after_migrate

        post_migrate.connect(sync_groups_after_migrate, sender=self)
