"""One counter that every write to the registry's data moves forward.

The public API derives its ``ETag`` and ``Last-Modified`` from this row, so a
conditional GET costs one primary-key read instead of a query and a rendering.
A row in the database (rather than a cache key) is seen alike by every worker and
sees deletions, which ``max(updated)`` and row counts would not.
"""

from django.apps import apps as global_apps
from django.db import models
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SINGLETON_ID = 1


class DataVersion(models.Model):
    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_ID)
    version = models.PositiveBigIntegerField(_("version"), default=0)
    changed = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self):
        return f"{self.version} ({self.changed:%Y-%m-%d %H:%M:%S})"

    @classmethod
    def current(cls):
        """``(version, changed)``; ``(0, None)`` before the first write."""
        rows = cls.objects.filter(pk=SINGLETON_ID).values_list("version", "changed")[:1]
        return rows[0] if rows else (0, None)

    @classmethod
    def bump(cls):
        """Move the version on. Bulk writers that bypass signals call this once."""
        updated = cls.objects.filter(pk=SINGLETON_ID).update(
            version=F("version") + 1, changed=timezone.now()
        )
        if not updated:
            cls.objects.get_or_create(pk=SINGLETON_ID, defaults={"version": 1})


def tracks_data(sender):
    """Registry models whose rows the public can see; not history rows nor this counter."""
    meta = getattr(sender, "_meta", None)
    return (
        meta is not None
        and meta.apps is global_apps  # not the historical models of a data migration
        and meta.app_label == "registry"
        and sender is not DataVersion
        and not hasattr(sender, "instance_type")  # django-simple-history's historical models
    )


@receiver(post_save, dispatch_uid="registry_data_version_save")
@receiver(post_delete, dispatch_uid="registry_data_version_delete")
def bump_on_write(sender, raw=False, **kwargs):
    if tracks_data(sender):
        DataVersion.bump()


@receiver(m2m_changed, dispatch_uid="registry_data_version_m2m")
def bump_on_m2m(sender, action, **kwargs):
    if action.startswith("post_") and tracks_data(sender):
        DataVersion.bump()
