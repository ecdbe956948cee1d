"""Figures for the admin's opening page: what is in the registry and what needs work."""

from dataclasses import dataclass
from decimal import Decimal
from heapq import nlargest

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import NoReverseMatch, reverse

from registry.choices import PublicationState
from registry.models import (
    Agreement,
    Citation,
    FundingCommitment,
    Indicator,
    Meeting,
    Organisation,
    Person,
    Region,
    Source,
    Zone,
)

RECORD_MODELS = (
    Zone,
    Organisation,
    Agreement,
    FundingCommitment,
    Meeting,
    Indicator,
    Person,
    Source,
)


@dataclass
class ModelSummary:
    model: type
    total: int
    drafts: int
    uncited: int

    @property
    def name(self):
        return self.model._meta.verbose_name_plural

    @property
    def changelist_url(self):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


@dataclass
class RegionBar:
    region: object
    zones: int
    hectares: Decimal
    zones_share: float
    hectares_share: float


@dataclass
class RecentChange:
    model_name: str
    record: object
    date: object
    user: object
    kind: str
    reason: str
    url: str


def viewable(models, user):
    return [m for m in models if user.has_perm(f"registry.view_{m._meta.model_name}")]


def model_summaries(models):
    """Totals, drafts and records without any citation: one query per model."""
    summaries = []
    for model in models:
        cited = Citation.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk")
        )
        figures = model.objects.aggregate(
            total=Count("pk"),
            drafts=Count("pk", filter=Q(publication_state=PublicationState.DRAFT)),
            uncited=Count("pk", filter=~Q(Exists(cited))),
        )
        summaries.append(ModelSummary(model=model, **figures))
    return summaries


def zones_by_region():
    """Zones and hectares per region, each scaled against the largest for a bar chart."""
    regions = list(
        Region.objects.annotate(zone_count=Count("zones"), hectares=Sum("zones__area_ha")).order_by(
            "code"
        )
    )
    most_zones = max((r.zone_count for r in regions), default=0) or 1
    most_hectares = max((r.hectares or 0 for r in regions), default=0) or 1
    return [
        RegionBar(
            region=region,
            zones=region.zone_count,
            hectares=region.hectares or Decimal(0),
            zones_share=region.zone_count / most_zones,
            hectares_share=float((region.hectares or 0) / most_hectares),
        )
        for region in regions
    ]


def recent_changes(models, limit=12):
    """The latest history rows across record models (one query per model)."""
    rows = []
    for model in models:
        rows.extend(model.history.select_related("history_user").order_by("-history_date")[:limit])
    changes = []
    for row in nlargest(limit, rows, key=lambda r: r.history_date):
        opts = row.instance_type._meta
        try:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[row.id])
        except NoReverseMatch:
            url = ""
        changes.append(
            RecentChange(
                model_name=opts.verbose_name,
                record=row.instance,
                date=row.history_date,
                user=row.history_user,
                kind=row.get_history_type_display(),
                reason=row.history_change_reason or "",
                url=url,
            )
        )
    return changes
