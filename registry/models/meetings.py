"""Meetings where facts were stated, and the figures (indicators) reported there."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.choices import Confidence, IndicatorKind, MeetingKind, ParticipantRole

from .base import (
    IMPORTABLE_PERMISSIONS,
    RecordModel,
    TimeStampedModel,
    TrilingualNames,
    TrilingualTitles,
    code_field,
    precision_field,
    qualifier_field,
    validate_partial_date,
)
from .geography import Province, Region
from .organisations import Organisation, Person
from .zones import Zone


class Meeting(TrilingualTitles, RecordModel):
    code = code_field()
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    held_on = models.DateField(_("date held"), null=True, blank=True, db_index=True)
    held_on_precision = precision_field(_("precision of the date held"))
    held_on_as_stated = models.CharField(_("date as stated"), max_length=200, blank=True)
    date_note = models.CharField(
        _("note on the date"),
        max_length=500,
        blank=True,
        help_text=_("Say here when the source's weekday and date disagree, and which won."),
    )
    place_ar = models.CharField(_("place (Arabic)"), max_length=300, blank=True)
    place_fr = models.CharField(_("place (French)"), max_length=300, blank=True)
    place_en = models.CharField(_("place (English)"), max_length=300, blank=True)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("prefecture or province"),
    )
    subject_ar = models.TextField(_("subject (Arabic)"), blank=True)
    subject_fr = models.TextField(_("subject (French)"), blank=True)
    subject_en = models.TextField(_("subject (English)"), blank=True)
    outcomes_ar = models.TextField(_("outcomes (Arabic)"), blank=True)
    outcomes_fr = models.TextField(_("outcomes (French)"), blank=True)
    outcomes_en = models.TextField(_("outcomes (English)"), blank=True)

    history = HistoricalRecords()

    search_fields = ("code", "title_ar", "title_fr", "title_en")

    class Meta:
        default_permissions = IMPORTABLE_PERMISSIONS
        ordering = ["code"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        permissions = [("publish_meeting", _("Can publish meetings"))]

    def clean(self):
        super().clean()
        errors = validate_partial_date(self.held_on, self.held_on_precision, "held_on")
        if errors:
            raise ValidationError(errors)


class MeetingParticipant(TimeStampedModel):
    """A person or organisation taking part in a meeting, in the office stated."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participants", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_participations",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_participations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    office_ar = models.CharField(_("office (Arabic)"), max_length=300, blank=True)
    office_fr = models.CharField(_("office (French)"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        default_permissions = IMPORTABLE_PERMISSIONS
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("meeting participant")
        verbose_name_plural = _("meeting participants")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | models.Q(organisation__isnull=False),
                name="%(app_label)s_%(class)s_names_someone",
                violation_error_message=_("Name a person, an organisation, or both."),
            )
        ]

    def __str__(self):
        return f"{self.person or self.organisation} · {self.meeting}"

    def clean(self):
        super().clean()
        if not (self.person_id or self.organisation_id):
            raise ValidationError(_("Name a person, an organisation, or both."))


class Indicator(TrilingualNames, RecordModel):
    """A reported figure or statement that is not a zone attribute (e.g. regional exports)."""

    code = code_field()
    kind = models.CharField(_("kind"), max_length=20, choices=IndicatorKind.choices)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    unit = models.CharField(
        _("unit"),
        max_length=20,
        blank=True,
        help_text=_("An ISO 4217 currency code for money; otherwise ha, km, %, count, ..."),
    )
    qualifier = qualifier_field(_("qualifier"))
    value_as_stated = models.CharField(_("value as written"), max_length=200, blank=True)
    statement_ar = models.TextField(_("statement (Arabic)"), blank=True)
    statement_fr = models.TextField(_("statement (French)"), blank=True)
    statement_en = models.TextField(_("statement (English)"), blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("region"),
    )
    zone = models.ForeignKey(
        Zone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("zone"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("organisation"),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("reported at"),
    )
    reference_date = models.DateField(_("refers to"), null=True, blank=True)
    reference_date_precision = precision_field(_("precision of 'refers to'"))
    confidence = models.CharField(
        _("confidence"), max_length=6, choices=Confidence.choices, default=Confidence.HIGH
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    search_fields = ("code", "name_ar", "name_fr", "name_en")

    class Meta:
        default_permissions = IMPORTABLE_PERMISSIONS
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        permissions = [("publish_indicator", _("Can publish indicators"))]

    def clean(self):
        super().clean()
        errors = validate_partial_date(
            self.reference_date,
            self.reference_date_precision,
            "reference_date",
            not_after_today=False,
        )
        if self.value is None and not (self.statement_ar or self.statement_fr or self.statement_en):
            errors["value"] = _("Give a value, or a statement for a qualitative indicator.")
        if errors:
            raise ValidationError(errors)
