from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Industrial zones registry")
    default_auto_field = "django.db.models.BigAutoField"
