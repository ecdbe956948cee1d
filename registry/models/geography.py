"""Administrative geography: the 2015 regions, prefectures/provinces, and former regions."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.choices import ProvinceKind

from .base import IMPORTABLE_PERMISSIONS, TimeStampedModel, TrilingualNames, code_field


class Region(TrilingualNames, TimeStampedModel):
    """One of the 12 regions of 2015 (decree 2.15.40), keyed by its HCP code."""

    code = code_field(max_length=2, verbose_name=_("HCP code"))

    history = HistoricalRecords()

    class Meta:
        default_permissions = IMPORTABLE_PERMISSIONS
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Province(TrilingualNames, TimeStampedModel):
    """A prefecture or province, keyed by its HCP code (``03.231``)."""

    code = code_field(max_length=6, verbose_name=_("HCP code"))
    kind = models.CharField(_("kind"), max_length=10, choices=ProvinceKind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="provinces", verbose_name=_("region")
    )

    history = HistoricalRecords()

    class Meta:
        default_permissions = IMPORTABLE_PERMISSIONS
        ordering = ["code"]
        verbose_name = _("prefecture or province")
        verbose_name_plural = _("prefectures and provinces")


class FormerRegion(TrilingualNames, TimeStampedModel):
    """A region of the pre-2015 division that sources still name.

    It knows the provinces it covered, and so the current regions they belong to.
    """

    code = code_field()
    abolished_in = models.PositiveSmallIntegerField(_("abolished in (year)"), default=2015)
    provinces = models.ManyToManyField(
        Province, related_name="former_regions", verbose_name=_("provinces it covered")
    )

    history = HistoricalRecords(m2m_fields=[provinces])

    class Meta:
        default_permissions = IMPORTABLE_PERMISSIONS
        ordering = ["code"]
        verbose_name = _("former region (before 2015)")
        verbose_name_plural = _("former regions (before 2015)")

    @property
    def current_regions(self):
        return Region.objects.filter(provinces__former_regions=self).distinct()
