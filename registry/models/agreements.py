"""Agreements that create and develop zones, and the parties to them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.choices import AgreementKind, AgreementStatus, PartyRole

from .base import (
    IMPORTABLE_PERMISSIONS,
    RecordModel,
    TimeStampedModel,
    TrilingualTitles,
    code_field,
    precision_field,
    validate_partial_date,
)
from .geography import Province
from .organisations import Organisation, Person
from .zones import Zone


class Agreement(TrilingualTitles, RecordModel):
    code = code_field()
    kind = models.CharField(_("kind"), max_length=30, choices=AgreementKind.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AgreementStatus.choices,
        blank=True,
        db_index=True,
        help_text=_("Leave empty when the source does not say."),
    )
    signed_on = models.DateField(_("date signed"), null=True, blank=True, db_index=True)
    signed_on_precision = precision_field(_("precision of the date signed"))
    signed_on_as_stated = models.CharField(
        _("date as stated"),
        max_length=200,
        blank=True,
        help_text=_("The source's own words, e.g. 'the day before yesterday, Monday'."),
    )
    place_ar = models.CharField(_("place (Arabic)"), max_length=300, blank=True)
    place_fr = models.CharField(_("place (French)"), max_length=300, blank=True)
    place_en = models.CharField(_("place (English)"), max_length=300, blank=True)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("prefecture or province of signature"),
    )
    meeting = models.ForeignKey(
        "registry.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("signed at (meeting)"),
    )
    subject_ar = models.TextField(_("subject (Arabic)"), blank=True)
    subject_fr = models.TextField(_("subject (French)"), blank=True)
    subject_en = models.TextField(_("subject (English)"), blank=True)
    zones = models.ManyToManyField(
        Zone, blank=True, related_name="agreements", verbose_name=_("zones")
    )
    parties = models.ManyToManyField(
        Organisation,
        through="AgreementParty",
        related_name="agreements",
        verbose_name=_("parties"),
    )

    history = HistoricalRecords(m2m_fields=[zones])

    search_fields = ("code", "title_ar", "title_fr", "title_en")

    class Meta:
        default_permissions = IMPORTABLE_PERMISSIONS
        ordering = ["code"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        permissions = [("publish_agreement", _("Can publish agreements"))]

    def clean(self):
        super().clean()
        errors = validate_partial_date(self.signed_on, self.signed_on_precision, "signed_on")
        if not (self.title_ar or self.title_fr or self.title_en):
            errors["title_ar"] = _("Give the title in at least one language.")
        if errors:
            raise ValidationError(errors)


class AgreementParty(TimeStampedModel):
    """An organisation party to an agreement, in one or more roles."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="party_roles",
        verbose_name=_("agreement"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="agreement_roles",
        verbose_name=_("organisation"),
    )
    roles = models.JSONField(
        _("roles"),
        default=list,
        help_text=format_lazy(_("One or more of: {roles}."), roles=", ".join(PartyRole.values)),
    )
    signatory = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signatures",
        verbose_name=_("signatory"),
    )
    signatory_office_ar = models.CharField(
        _("signatory's office (Arabic)"), max_length=300, blank=True
    )
    signatory_office_fr = models.CharField(
        _("signatory's office (French)"), max_length=300, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        default_permissions = IMPORTABLE_PERMISSIONS
        ordering = ["agreement", "order", "pk"]
        verbose_name = _("party to an agreement")
        verbose_name_plural = _("parties to agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="%(app_label)s_%(class)s_unique_party"
            )
        ]

    def __str__(self):
        return f"{self.organisation} · {self.agreement}"

    def clean(self):
        super().clean()
        roles = self.roles if isinstance(self.roles, list) else None
        if not roles:
            raise ValidationError({"roles": _("Give at least one role.")})
        unknown = [r for r in roles if r not in PartyRole.values]
        if unknown:
            raise ValidationError(
                {
                    "roles": _("Unknown role(s): %(unknown)s. Accepted: %(accepted)s.")
                    % {
                        "unknown": ", ".join(map(str, unknown)),
                        "accepted": ", ".join(PartyRole.values),
                    }
                }
            )
        if len(set(roles)) != len(roles):
            raise ValidationError({"roles": _("Each role may be given once.")})

    def get_roles_display(self):
        labels = dict(PartyRole.choices)
        return ", ".join(str(labels.get(role, role)) for role in self.roles)
