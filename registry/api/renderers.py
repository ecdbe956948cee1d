"""JSON (default), CSV and GeoJSON, chosen by ``?format=`` or the ``Accept`` header."""

import orjson
from rest_framework.renderers import BaseRenderer

from registry.importing import exporting
from registry.importing.schema import current_language, sheet_for


class JSONRenderer(BaseRenderer):
    media_type = "application/json"
    format = "json"
    charset = None  # JSON is UTF-8 by definition (RFC 8259)

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        return orjson.dumps(data, default=str)


class CSVRenderer(BaseRenderer):
    """The admin export's CSV of the view's table (:func:`exporting.csv_lines`): the
    sheet's columns, headers in the request's language, formula-safe cells, and a BOM so
    that Excel reads Arabic. The registry's importer reads it back as it is."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        sheet = sheet_for(renderer_context["view"].queryset.model)
        headers = sheet.headers(current_language())  # as the admin export form defaults
        return b"".join(exporting.csv_lines(headers, data["results"]))


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
