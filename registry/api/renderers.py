"""JSON (default), CSV and GeoJSON, chosen by ``?format=`` or the ``Accept`` header."""

import csv
import io

import orjson
from rest_framework.renderers import BaseRenderer

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "


class JSONRenderer(BaseRenderer):
    media_type = "application/json"
    format = "json"
    charset = None  # JSON is UTF-8 by definition (RFC 8259)

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        return orjson.dumps(data, default=str)


def formula_safe(value):
    """Text a spreadsheet would evaluate gets a leading apostrophe; numbers stay numbers."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS) and not isinstance(value, int | float):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


def pluck(record, path):
    """The value at a dotted ``path``; ``a[].b`` joins the distinct ``b`` of the items of ``a``."""
    head, _, rest = path.partition(".")
    if head.endswith("[]"):
        items = record.get(head[:-2]) or []
        values = (pluck(item, rest) if rest else item for item in items)
        # once each, in order: three citations of one source name it once
        return LIST_SEPARATOR.join(dict.fromkeys(str(v) for v in values if v not in (None, "")))
    value = record.get(head) if isinstance(record, dict) else None
    if rest and value is not None:
        return pluck(value, rest)
    return value


class CSVRenderer(BaseRenderer):
    """One row per record, with the columns the resource's serializer declares."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        view = renderer_context["view"]
        columns = view.get_serializer_class().csv_columns
        records = data.get("results", [data])
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        for record in records:
            writer.writerow([formula_safe(pluck(record, path)) for path in columns.values()])
        return out.getvalue().encode()


class GeoJSONRenderer(BaseRenderer):
    """A FeatureCollection of points (RFC 7946: longitude first, WGS 84)."""

    media_type = "application/geo+json"
    format = "geojson"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if "results" in data:
            collection = {
                "type": "FeatureCollection",
                "features": [self.feature(record) for record in data["results"]],
                "next": data["next"],
                "previous": data["previous"],
            }
        else:
            collection = self.feature(data)
        return orjson.dumps(collection, default=str)

    @staticmethod
    def feature(record):
        properties = dict(record)
        coordinates = properties.pop("coordinates", None)
        geometry = None
        if coordinates:
            geometry = {
                "type": "Point",
                "coordinates": [float(coordinates["longitude"]), float(coordinates["latitude"])],
            }
        return {
            "type": "Feature",
            "id": record["code"],
            "geometry": geometry,
            "properties": properties,
        }
