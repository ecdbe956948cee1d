"""Source documents and the citations that tie each fact to an exact quote."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.choices import Language

from .base import (
    IMPORTABLE_PERMISSIONS,
    RecordModel,
    TimeStampedModel,
    TrilingualTitles,
    code_field,
    precision_field,
    validate_partial_date,
)
from .organisations import Organisation


class Source(TrilingualTitles, RecordModel):
    """A document the registry's facts come from, with its full text."""

    code = code_field()
    publisher = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sources",
        verbose_name=_("publisher"),
    )
    publisher_as_stated = models.CharField(_("publisher as stated"), max_length=300, blank=True)
    byline = models.CharField(_("byline"), max_length=300, blank=True)
    published_on = models.DateField(_("date published"), null=True, blank=True)
    published_on_precision = precision_field(_("precision of the date published"))
    published_on_as_stated = models.CharField(_("date as stated"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    file_name = models.CharField(_("file name"), max_length=300, blank=True)
    url = models.URLField(_("address (URL)"), max_length=1000, blank=True)
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    text = models.TextField(_("full text"))
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    search_fields = ("code", "title_ar", "title_fr", "title_en", "file_name")

    class Meta:
        default_permissions = IMPORTABLE_PERMISSIONS
        ordering = ["code"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        permissions = [("publish_source", _("Can publish sources"))]

    def clean(self):
        super().clean()
        errors = validate_partial_date(
            self.published_on, self.published_on_precision, "published_on"
        )
        if errors:
            raise ValidationError(errors)


class Citation(TimeStampedModel):
    """Ties a record, or one field of it, to the exact words of a source.

    The quote must occur verbatim in the source's text, so anyone can find it.
    """

    # ``source.quotes``: what was taken from a source; ``source.citations`` (from
    # RecordModel) cites the source record itself, as on every other record.
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="quotes", verbose_name=_("source")
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("kind of record")
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    field_name = models.CharField(
        _("field"),
        max_length=100,
        blank=True,
        help_text=_("The field this quote supports; empty when it supports the whole record."),
    )
    quote = models.TextField(_("exact quote"))
    note = models.TextField(
        _("note"), blank=True, help_text=_("How the quote was read, when that is not obvious.")
    )

    history = HistoricalRecords()

    class Meta:
        default_permissions = IMPORTABLE_PERMISSIONS
        ordering = ["content_type", "object_id", "field_name", "pk"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(quote=""),
                name="%(app_label)s_%(class)s_quote_not_empty",
                violation_error_message=_("A citation needs a quote."),
            )
        ]

    def __str__(self):
        return f"{self.source.code}: «{self.quote[:60]}»"

    def clean(self):
        super().clean()
        errors = {}
        if self.source_id and self.quote and self.quote not in self.source.text:
            errors["quote"] = _(
                "This quote does not occur word for word in the source's text. "
                "Copy it exactly, including spaces and punctuation."
            )
        if self.field_name and self.content_type_id:
            model = self.content_type.model_class()
            try:
                model._meta.get_field(self.field_name)
            except (FieldDoesNotExist, AttributeError):
                errors["field_name"] = _("'%(field)s' is not a field of %(model)s.") % {
                    "field": self.field_name,
                    "model": model._meta.verbose_name if model else self.content_type,
                }
        if errors:
            raise ValidationError(errors)
