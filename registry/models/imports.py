"""Import previews waiting for confirmation, kept in the database.

A preview's file lives here, not in an app server's temporary folder, so the confirm
request may reach any server. Previews not confirmed in time are purged.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def preview_lifetime():
    return timedelta(seconds=getattr(settings, "IMPORT_PREVIEW_MAX_AGE", 24 * 60 * 60))


class ImportJobQuerySet(models.QuerySet):
    def expired(self):
        return self.filter(created__lt=timezone.now() - preview_lifetime())


class ImportJob(models.Model):
    """An uploaded file and its dry-run result, until the user confirms or abandons it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="import_jobs",
        verbose_name=_("user"),
    )
    model_label = models.CharField(
        _("table"), max_length=100, blank=True, help_text=_("Empty for a whole-registry workbook.")
    )
    file_name = models.CharField(_("file name"), max_length=255)
    data = models.BinaryField(_("file"))
    preview = models.JSONField(_("preview"), default=dict)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("import preview")
        verbose_name_plural = _("import previews")

    def __str__(self):
        return self.file_name

    @property
    def is_expired(self):
        return self.created < timezone.now() - preview_lifetime()
