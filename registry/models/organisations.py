"""Organisations (ministries, agencies, councils, companies, consortia) and people."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.choices import OrganisationKind

from .base import (
    IMPORTABLE_PERMISSIONS,
    RecordModel,
    TimeStampedModel,
    TrilingualNames,
    code_field,
    precision_field,
    validate_acyclic_parent,
    validate_partial_date,
)
from .geography import FormerRegion, Province, Region


class Organisation(TrilingualNames, RecordModel):
    code = code_field()
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organisation"),
    )
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="consortia",
        verbose_name=_("consortium members"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("region"),
    )
    former_region = models.ForeignKey(
        FormerRegion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("former region (as stated)"),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("prefecture or province"),
    )
    aliases = models.JSONField(
        _("other spellings"),
        default=list,
        blank=True,
        help_text=_("Spellings found in sources, one per entry."),
    )
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords(m2m_fields=[members])

    search_fields = ("code", "acronym", "name_ar", "name_fr", "name_en", "aliases")

    class Meta:
        default_permissions = IMPORTABLE_PERMISSIONS
        ordering = ["code"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        permissions = [("publish_organisation", _("Can publish organisations"))]

    def clean(self):
        super().clean()
        validate_acyclic_parent(self)


class OrganisationName(TrilingualNames, TimeStampedModel):
    """A name an organisation bore for a time (ministries are renamed with governments)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="former_names",
        verbose_name=_("organisation"),
    )
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    valid_from = models.DateField(_("in use from"), null=True, blank=True)
    valid_from_precision = precision_field(_("precision of 'in use from'"))
    valid_to = models.DateField(_("in use until"), null=True, blank=True)
    valid_to_precision = precision_field(_("precision of 'in use until'"))

    history = HistoricalRecords()

    class Meta:
        default_permissions = IMPORTABLE_PERMISSIONS
        ordering = ["organisation", "valid_from", "pk"]
        verbose_name = _("former name")
        verbose_name_plural = _("former names")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="%(app_label)s_%(class)s_period_ordered",
            )
        ]

    def clean(self):
        super().clean()
        errors = validate_partial_date(self.valid_from, self.valid_from_precision, "valid_from")
        errors |= validate_partial_date(self.valid_to, self.valid_to_precision, "valid_to")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("A name cannot stop being used before it started.")
        if errors:
            raise ValidationError(errors)


class Person(TrilingualNames, RecordModel):
    """A named official or other person that a source names."""

    code = code_field()
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    search_fields = ("code", "name_ar", "name_fr", "name_en")

    class Meta:
        default_permissions = IMPORTABLE_PERMISSIONS
        ordering = ["code"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        permissions = [("publish_person", _("Can publish people"))]
