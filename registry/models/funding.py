"""Money committed to zones: allocations, budgets, project costs, grants, loans."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.choices import Confidence, FundingKind

from .agreements import Agreement
from .base import (
    IMPORTABLE_PERMISSIONS,
    RecordModel,
    code_field,
    currency_field,
    localized,
    precision_field,
    qualifier_field,
    validate_partial_date,
)
from .organisations import Organisation
from .zones import Zone


def year_field(verbose_name):
    return models.PositiveSmallIntegerField(
        verbose_name,
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )


class FundingCommitment(RecordModel):
    code = code_field()
    amount = models.DecimalField(
        _("amount"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty when the source names the funding but not its amount."),
    )
    currency = currency_field(_("currency"))
    amount_qualifier = qualifier_field(_("amount qualifier"))
    amount_as_stated = models.CharField(_("amount as written"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=FundingKind.choices)
    funder = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments_made",
        verbose_name=_("funder"),
    )
    recipient = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments_received",
        verbose_name=_("recipient or implementer"),
    )
    purpose_ar = models.TextField(_("purpose (Arabic)"), blank=True)
    purpose_fr = models.TextField(_("purpose (French)"), blank=True)
    purpose_en = models.TextField(_("purpose (English)"), blank=True)
    zones = models.ManyToManyField(
        Zone, blank=True, related_name="funding_commitments", verbose_name=_("zones")
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_commitments",
        verbose_name=_("agreement"),
    )
    meeting = models.ForeignKey(
        "registry.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_commitments",
        verbose_name=_("announced at (meeting)"),
    )
    announced_on = models.DateField(_("date announced"), null=True, blank=True, db_index=True)
    announced_on_precision = precision_field(_("precision of the date announced"))
    period_start_year = year_field(_("first year of the period"))
    period_end_year = year_field(_("last year of the period"))
    confidence = models.CharField(
        _("confidence"), max_length=6, choices=Confidence.choices, default=Confidence.HIGH
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(m2m_fields=[zones])

    search_fields = ("code", "purpose_ar", "purpose_fr", "purpose_en")

    class Meta:
        default_permissions = IMPORTABLE_PERMISSIONS
        ordering = ["code"]
        verbose_name = _("funding commitment")
        verbose_name_plural = _("funding commitments")
        permissions = [("publish_fundingcommitment", _("Can publish funding commitments"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="%(app_label)s_%(class)s_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(period_end_year__isnull=True)
                | models.Q(period_start_year__isnull=True)
                | models.Q(period_end_year__gte=models.F("period_start_year")),
                name="%(app_label)s_%(class)s_period_ordered",
                violation_error_message=_("A period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return localized(self, "purpose")[:80] or self.code

    def clean(self):
        super().clean()
        errors = validate_partial_date(
            self.announced_on, self.announced_on_precision, "announced_on"
        )
        if self.amount is not None and self.amount < 0:
            errors["amount"] = _("An amount cannot be negative.")
        if (
            self.period_start_year
            and self.period_end_year
            and self.period_end_year < self.period_start_year
        ):
            errors["period_end_year"] = _("A period cannot end before it starts.")
        if errors:
            raise ValidationError(errors)
