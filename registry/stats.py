"""Figures about the published registry, each one GROUP BY computed by the database.

Hectares add up only the zones whose area is known (``with_area`` says how many);
money is never added across currencies, so every money figure is per currency.
"""

from decimal import Decimal

from django.db.models import Case, Count, F, Sum, When
from django.db.models.functions import ExtractYear

from registry.choices import PublicationState
from registry.models import FundingCommitment, Zone

NAMES = ("name_ar", "name_fr", "name_en")


HECTARES = Decimal("0.0001")
MONEY = Decimal("0.01")


def _decimal(value, places):
    """A sum as a decimal string with the column's places, whatever the database returns."""
    return None if value is None else str(Decimal(value).quantize(places))


def _zone_groups(zones, *keys):
    return (
        zones.values(*keys)
        .annotate(count=Count("pk"), with_area=Count("area_ha"), hectares=Sum("area_ha"))
        .order_by(*keys)
    )


def _place(row, prefix):
    if row[f"{prefix}__code"] is None:
        return None
    return {"code": row[f"{prefix}__code"], **{n: row[f"{prefix}__{n}"] for n in NAMES}}


def _zone_figures(row):
    return {
        "count": row["count"],
        "with_area": row["with_area"],
        "hectares": _decimal(row["hectares"], HECTARES),
    }


def place_keys(prefix):
    return (f"{prefix}__code", *(f"{prefix}__{n}" for n in NAMES))


def zone_statistics(zones):
    total = zones.aggregate(count=Count("pk"), with_area=Count("area_ha"), hectares=Sum("area_ha"))
    return {
        "total": _zone_figures(total),
        "by_region": [
            {"region": _place(row, "region"), **_zone_figures(row)}
            for row in _zone_groups(zones, *place_keys("region"))
        ],
        "by_province": [
            {"province": _place(row, "province"), **_zone_figures(row)}
            for row in _zone_groups(zones, *place_keys("province"))
        ],
        "by_kind": [
            {"kind": row["kind"], **_zone_figures(row)} for row in _zone_groups(zones, "kind")
        ],
        "by_status": [
            {"status": row["status"], **_zone_figures(row)} for row in _zone_groups(zones, "status")
        ],
    }


def _money_groups(commitments, *keys, **expressions):
    return (
        commitments.annotate(**expressions)
        .values(*keys, *expressions, "currency")
        .annotate(count=Count("pk"), with_amount=Count("amount"), amount=Sum("amount"))
        .order_by(*keys, *expressions, "currency")
    )


def _money_figures(row):
    return {
        "currency": row["currency"],
        "count": row["count"],
        "with_amount": row["with_amount"],
        "amount": _decimal(row["amount"], MONEY),
    }


def funding_statistics(commitments):
    # A draft funder stays anonymous: its commitments count under funder null.
    published_funder = {
        f"funder_{field}": Case(
            When(funder__publication_state=PublicationState.PUBLISHED, then=F(f"funder__{field}"))
        )
        for field in ("code", *NAMES)
    }
    return {
        "total": commitments.count(),
        "by_funder": [
            {
                "funder": None
                if row["funder_code"] is None
                else {"code": row["funder_code"], **{n: row[f"funder_{n}"] for n in NAMES}},
                **_money_figures(row),
            }
            for row in _money_groups(commitments, **published_funder)
        ],
        "by_currency": [_money_figures(row) for row in _money_groups(commitments)],
        "by_kind": [
            {"kind": row["kind"], **_money_figures(row)}
            for row in _money_groups(commitments, "kind")
        ],
        "by_year": [
            {"year": row["year"], **_money_figures(row)}
            for row in _money_groups(commitments, year=ExtractYear("announced_on"))
        ],
    }


def registry_statistics():
    return {
        "zones": zone_statistics(Zone.objects.published()),
        "funding_commitments": funding_statistics(FundingCommitment.objects.published()),
    }
