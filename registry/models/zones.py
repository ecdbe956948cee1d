"""Industrial zones and sites, their sectors, organisations, jobs and milestones."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.choices import (
    JobBasis,
    JobKind,
    ZoneEventKind,
    ZoneKind,
    ZoneRole,
    ZoneStatus,
)

from .base import (
    IMPORTABLE_PERMISSIONS,
    RecordModel,
    TimeStampedModel,
    TrilingualNames,
    code_field,
    currency_field,
    precision_field,
    qualifier_field,
    validate_acyclic_parent,
    validate_partial_date,
)
from .geography import FormerRegion, Province, Region
from .organisations import Organisation, Person


class Sector(TrilingualNames, TimeStampedModel):
    """An activity a zone is dedicated to (agro-industry, offshoring, leather, ...)."""

    code = code_field()

    history = HistoricalRecords()

    class Meta:
        default_permissions = IMPORTABLE_PERMISSIONS
        ordering = ["code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class Zone(TrilingualNames, RecordModel):
    code = code_field()
    aliases = models.JSONField(
        _("other spellings"),
        default=list,
        blank=True,
        help_text=_("Spellings found in sources, one per entry."),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=ZoneKind.choices)
    status = models.CharField(
        _("status"), max_length=30, choices=ZoneStatus.choices, blank=True, db_index=True
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="zones",
        verbose_name=_("region"),
        help_text=_(
            "Filled from the province; set it alone when the source names only the region."
        ),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="zones",
        verbose_name=_("prefecture or province"),
        help_text=_("The administrative province the zone lies in today."),
    )
    province_as_stated = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="zones_as_stated",
        verbose_name=_("province as the source groups it"),
        help_text=_("Set only where the source's grouping differs from the administrative one."),
    )
    former_region_as_stated = models.ForeignKey(
        FormerRegion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="zones",
        verbose_name=_("former region as stated"),
    )
    grouping_as_stated = models.CharField(
        _("grouping as stated"),
        max_length=300,
        blank=True,
        help_text=_("The source's own words for where it places the zone."),
    )
    locality_ar = models.CharField(_("locality or commune (Arabic)"), max_length=200, blank=True)
    locality_fr = models.CharField(_("locality or commune (French)"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("lies within"),
    )
    area_ha = models.DecimalField(
        _("area (hectares)"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    area_qualifier = qualifier_field(_("area qualifier"))
    area_as_stated = models.CharField(
        _("area as written"),
        max_length=100,
        blank=True,
        help_text=_("The figure exactly as the source prints it, e.g. '2 ,15'."),
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="zones", verbose_name=_("sectors")
    )
    cost_amount = models.DecimalField(
        _("cost"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    cost_currency = currency_field(_("cost currency"))
    cost_qualifier = qualifier_field(_("cost qualifier"))
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    notes = models.TextField(
        _("editorial notes"), blank=True, help_text=_("How facts were read or reconciled.")
    )
    organisations = models.ManyToManyField(
        Organisation,
        through="ZoneOrganisation",
        related_name="zones",
        verbose_name=_("organisations"),
    )

    history = HistoricalRecords(m2m_fields=[sectors])

    search_fields = ("code", "name_ar", "name_fr", "name_en", "aliases")

    class Meta:
        default_permissions = IMPORTABLE_PERMISSIONS
        ordering = ["code"]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        permissions = [("publish_zone", _("Can publish zones"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(area_ha__isnull=True) | models.Q(area_ha__gt=0),
                name="%(app_label)s_%(class)s_area_positive",
                violation_error_message=_("The area must be greater than zero."),
            ),
            models.CheckConstraint(
                condition=models.Q(cost_amount__isnull=True) | models.Q(cost_amount__gte=0),
                name="%(app_label)s_%(class)s_cost_not_negative",
                violation_error_message=_("The cost cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="%(app_label)s_%(class)s_not_own_parent",
                violation_error_message=_("A zone cannot lie within itself."),
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="%(app_label)s_%(class)s_coordinates_paired",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
        ]

    def save(self, *args, **kwargs):
        if self.province_id and not self.region_id:
            self.region_id = Province.objects.values_list("region_id", flat=True).get(
                pk=self.province_id
            )
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        validate_acyclic_parent(self)
        if self.province_id and self.region_id and self.province.region_id != self.region_id:
            raise ValidationError(
                {
                    "region": _("The province %(province)s lies in another region.")
                    % {"province": self.province}
                }
            )
        if self.area_ha is not None and self.area_ha <= 0:
            raise ValidationError({"area_ha": _("The area must be greater than zero.")})
        if self.cost_amount is not None and self.cost_amount < 0:
            raise ValidationError({"cost_amount": _("The cost cannot be negative.")})
        if self.province_as_stated_id and self.province_as_stated_id == self.province_id:
            raise ValidationError(
                {"province_as_stated": _("Leave this empty when it is the zone's own province.")}
            )


class ZoneOrganisation(TimeStampedModel):
    """An organisation's role in a zone (developer, operator, owner, ...)."""

    zone = models.ForeignKey(
        Zone, on_delete=models.CASCADE, related_name="roles", verbose_name=_("zone")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="zone_roles",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=30, choices=ZoneRole.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        default_permissions = IMPORTABLE_PERMISSIONS
        ordering = ["zone", "role", "organisation"]
        verbose_name = _("organisation's role in a zone")
        verbose_name_plural = _("organisations' roles in zones")
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "organisation", "role"],
                name="%(app_label)s_%(class)s_unique_role",
            )
        ]

    def __str__(self):
        return f"{self.organisation} · {self.get_role_display()} · {self.zone}"


class ZoneJobFigure(TimeStampedModel):
    """A number of jobs in a zone: direct or indirect, a target or an actual count."""

    zone = models.ForeignKey(
        Zone, on_delete=models.CASCADE, related_name="job_figures", verbose_name=_("zone")
    )
    kind = models.CharField(_("kind of jobs"), max_length=10, choices=JobKind.choices)
    basis = models.CharField(_("target or actual"), max_length=10, choices=JobBasis.choices)
    count = models.PositiveIntegerField(_("number of jobs"))
    qualifier = qualifier_field(_("qualifier"))
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
        help_text=_("The target year, or the year the count refers to."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        default_permissions = IMPORTABLE_PERMISSIONS
        ordering = ["zone", "basis", "kind", "year"]
        verbose_name = _("job figure")
        verbose_name_plural = _("job figures")

    def __str__(self):
        return f"{self.zone}: {self.count} ({self.get_kind_display()}, {self.get_basis_display()})"


class ZoneEvent(TimeStampedModel):
    """A dated milestone in a zone's life: launch, inauguration, works, past use."""

    zone = models.ForeignKey(
        Zone, on_delete=models.CASCADE, related_name="events", verbose_name=_("zone")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ZoneEventKind.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = precision_field(_("date precision"))
    date_end = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("For a period, its last day.")
    )
    date_as_stated = models.CharField(_("date as stated"), max_length=200, blank=True)
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="zone_events",
        verbose_name=_("person"),
    )
    progress_percent = models.DecimalField(
        _("progress (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    progress_qualifier = qualifier_field(_("progress qualifier"))
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    history = HistoricalRecords()

    class Meta:
        default_permissions = IMPORTABLE_PERMISSIONS
        ordering = ["zone", "date", "pk"]
        verbose_name = _("zone milestone")
        verbose_name_plural = _("zone milestones")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_end__isnull=True)
                | models.Q(date_end__gte=models.F("date")),
                name="%(app_label)s_%(class)s_period_ordered",
                violation_error_message=_("A period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(progress_percent__isnull=True)
                | models.Q(progress_percent__gte=0, progress_percent__lte=100),
                name="%(app_label)s_%(class)s_progress_is_percentage",
            ),
        ]

    def __str__(self):
        return f"{self.zone}: {self.get_kind_display()}"

    def clean(self):
        super().clean()
        errors = validate_partial_date(self.date, self.date_precision, "date")
        if self.date_end and not self.date:
            errors["date_end"] = _("Give the start date of the period too.")
        elif self.date_end and self.date_end < self.date:
            errors["date_end"] = _("A period cannot end before it starts.")
        if errors:
            raise ValidationError(errors)
