"""OpenAPI details drf-spectacular cannot infer: other formats, errors, cache headers."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

ERROR_RESPONSES = {
    "400": _("A query parameter is unknown, repeated or invalid; 'accepted' lists the valid ones."),
    "404": _("No published record has this code."),
    "405": _("Only GET, HEAD and OPTIONS are allowed."),
    "406": _("None of the formats in the Accept header can be produced."),
    "429": _("Too many requests from this address; retry after 'Retry-After' seconds."),
}

CACHE_HEADERS = {
    "ETag": {"schema": {"type": "string"}, "description": _("Changes when any data changes.")},
    "Last-Modified": {"schema": {"type": "string"}, "description": _("Time of the last change.")},
    "Cache-Control": {"schema": {"type": "string"}, "description": _("public, max-age=…")},
}


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("Messages per query parameter."),
    )
    accepted = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text=_("The query parameters this endpoint accepts."),
    )

    class Meta:
        ref_name = "Error"


def geojson_schema(properties_ref, many):
    feature = {
        "type": "object",
        "required": ["type", "id", "geometry", "properties"],
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]},
            "id": {"type": "string"},
            "geometry": {
                "type": "object",
                "nullable": True,
                "properties": {
                    "type": {"type": "string", "enum": ["Point"]},
                    "coordinates": {"type": "array", "items": {"type": "number"}},
                },
            },
            "properties": properties_ref,
        },
    }
    if not many:
        return feature
    link = {"type": "string", "format": "uri", "nullable": True}
    return {
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"type": "string", "enum": ["FeatureCollection"]},
            "features": {"type": "array", "items": feature},
            "next": link,
            "previous": link,
        },
    }


class RegistryAutoSchema(AutoSchema):
    def map_renderers(self, attribute):
        if attribute == "media_type":
            return ["application/json"]  # the other formats are added with their own schema
        return super().map_renderers(attribute)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        ok = responses.get("200", {})
        if "content" in ok:
            ok["headers"] = CACHE_HEADERS
            media_types = {renderer.media_type for renderer in self.view.get_renderers()}
            if "text/csv" in media_types:
                ok["content"]["text/csv"] = {"schema": {"type": "string"}}
            if "application/geo+json" in media_types:
                record = self.resolve_serializer(self._get_serializer(), direction)
                ok["content"]["application/geo+json"] = {
                    "schema": geojson_schema(record.ref, self._is_list_view())
                }
        responses["304"] = {
            "description": str(_("Not modified: the copy named by If-None-Match is current.")),
            "headers": CACHE_HEADERS,
        }
        error = self.resolve_serializer(ErrorSerializer, direction).ref
        for code, description in ERROR_RESPONSES.items():
            responses[code] = {
                "description": str(description),
                "content": {"application/json": {"schema": error}},
            }
        responses["429"]["headers"] = {
            "Retry-After": {"schema": {"type": "integer"}, "description": _("Seconds to wait.")}
        }
        return responses
