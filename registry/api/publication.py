"""What the public may see: published records, and rows that need none that is not."""

from django.db.models import Q
from rest_framework import serializers

from registry.choices import PublicationState
from registry.models.base import RecordModel

PUBLISHED = PublicationState.PUBLISHED


def published(queryset):
    model = queryset.model
    return queryset.published() if issubclass(model, RecordModel) else queryset


def nested_serializers(serializer_class):
    """``(field, serializer class, many)`` for each nested serializer of a serializer."""
    for field in serializer_class().fields.values():
        if isinstance(field, serializers.ListSerializer):
            yield field, type(field.child), True
        elif isinstance(field, serializers.BaseSerializer):
            yield field, type(field), False


def only_published_targets(queryset, serializer_class):
    """Drop rows (e.g. a zone's roles) whose required related record is not published."""
    for field, _child_class, many in nested_serializers(serializer_class):
        model_field = queryset.model._meta.get_field(field.source)
        if many or not model_field.is_relation or model_field.null:
            continue
        if issubclass(model_field.related_model, RecordModel):
            queryset = queryset.filter(Q(**{f"{field.source}__publication_state": PUBLISHED}))
    return queryset
