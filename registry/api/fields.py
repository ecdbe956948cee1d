"""Serializer fields shared by every resource: links, money, areas, partial dates.

Each composite field reads several flat model columns (``source="*"``) and renders one
object, so that a figure never travels without its currency, qualifier or precision.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

DECIMAL_STRING = {"type": "string", "format": "decimal", "pattern": r"^-?\d+(\.\d+)?$"}


def nullable(schema):
    return {**schema, "nullable": True}


def list_url(request, view_name):
    """The absolute URL of a resource's list, computed once per request."""
    cache = request.__dict__.setdefault("_registry_list_urls", {})
    if view_name not in cache:
        cache[view_name] = request.build_absolute_uri(reverse(f"api:{view_name}-list"))
    return cache[view_name]


@extend_schema_field(OpenApiTypes.URI)
class RecordURLField(serializers.Field):
    """The API address of a record, ``<list URL><code>/``."""

    def __init__(self, view_name, **kwargs):
        self.view_name = view_name
        kwargs.setdefault("source", "code")
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, code):
        return self.url(self.context["request"], code)

    def url(self, request, code):
        return f"{list_url(request, self.view_name)}{code}/"


class CompositeField(serializers.Field):
    """Renders several ``columns`` of one record as one object (null when unknown)."""

    columns = ()

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)


@extend_schema_field(
    nullable(
        {
            "type": "object",
            "properties": {
                "amount": DECIMAL_STRING,
                "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
                "qualifier": {"type": "string"},
                "as_stated": {"type": "string"},
            },
            "required": ["amount", "currency", "qualifier"],
        }
    )
)
class MoneyField(CompositeField):
    """``{"amount": "1200000.00", "currency": "MAD", "qualifier": "approx"}``."""

    def __init__(self, amount, currency, qualifier, as_stated=None, **kwargs):
        self.columns = (amount, currency, qualifier, as_stated)
        super().__init__(**kwargs)

    def to_representation(self, record):
        amount, currency, qualifier, as_stated = self.columns
        value = getattr(record, amount)
        if value is None:
            return None
        money = {
            "amount": str(value),
            "currency": getattr(record, currency),
            "qualifier": getattr(record, qualifier),
        }
        if as_stated:
            money["as_stated"] = getattr(record, as_stated)
        return money


@extend_schema_field(
    nullable(
        {
            "type": "object",
            "properties": {
                "hectares": DECIMAL_STRING,
                "qualifier": {"type": "string"},
                "as_stated": {"type": "string"},
            },
            "required": ["hectares", "qualifier", "as_stated"],
        }
    )
)
class AreaField(CompositeField):
    """``{"hectares": "15.2000", "qualifier": "exact", "as_stated": "2 ,15"}``."""

    columns = ("area_ha", "area_qualifier", "area_as_stated")

    def to_representation(self, record):
        if record.area_ha is None:
            return None
        return {
            "hectares": str(record.area_ha),
            "qualifier": record.area_qualifier,
            "as_stated": record.area_as_stated,
        }


@extend_schema_field(
    nullable(
        {
            "type": "object",
            "properties": {
                "date": {"type": "string", "format": "date"},
                "precision": {"type": "string", "enum": ["day", "month", "year"]},
                "as_stated": {"type": "string"},
            },
            "required": ["date", "precision"],
        }
    )
)
class PartialDateField(CompositeField):
    """``{"date": "2021-04-01", "precision": "month"}``; a month is stored as its 1st day."""

    def __init__(self, date, as_stated=None, **kwargs):
        self.date, self.as_stated = date, as_stated
        self.columns = (date, f"{date}_precision", as_stated)
        super().__init__(**kwargs)

    def to_representation(self, record):
        value = getattr(record, self.date)
        if value is None:
            return None
        date = {"date": value.isoformat(), "precision": getattr(record, f"{self.date}_precision")}
        if self.as_stated:
            date["as_stated"] = getattr(record, self.as_stated)
        return date


@extend_schema_field(
    nullable(
        {
            "type": "object",
            "properties": {"latitude": DECIMAL_STRING, "longitude": DECIMAL_STRING},
            "required": ["latitude", "longitude"],
        }
    )
)
class CoordinatesField(CompositeField):
    columns = ("latitude", "longitude")

    def to_representation(self, record):
        if record.latitude is None:
            return None
        return {"latitude": str(record.latitude), "longitude": str(record.longitude)}
