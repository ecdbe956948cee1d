"""List pages read as ``values()`` rows instead of model instances.

A rows reader gives the view two things: ``values(queryset)``, the query of a page, and
``render(page, request)``, what the renderer receives for the rows of that page. The
paginator cuts the ``values()`` query as it would cut a queryset of records, so a page
holds the same records in the same order whatever the format.

JSON list pages are read this way because, profiled on a page of 100 zones, building
model instances, Django's prefetching and DRF building each serializer's fields on every
request took most of the time: :class:`SerializerRows` renders the dicts the serializer
would, from plain rows, with a plan compiled once per serializer class. Both must agree
byte for byte; ``tests/api/test_rows.py`` compares them on every list endpoint. A JSON
detail still renders its record through the serializer.
"""

from functools import cache

from django.contrib.contenttypes.fields import ReverseGenericManyToOneDescriptor
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F
from django.db.models.fields.related_descriptors import (
    ManyToManyDescriptor,
    ReverseManyToOneDescriptor,
)
from rest_framework import serializers

from registry.importing import exporting
from registry.importing.schema import sheet_for
from registry.models.base import RecordModel

from .fields import CompositeField, RecordURLField
from .publication import PUBLISHED, only_published_targets, published
from .serializers import VERBATIM, BriefSerializer

# The key of a to-many relation's rows that holds the primary key of their record.
OWNER = "rows_owner"


class PublishedSheetRows(exporting.SheetRows):
    """The admin export's rows of a table, naming only related records the public may see.

    The export names a draft parent zone or a draft funder by its code; the JSON shows
    such a record as ``null`` and leaves it out of lists, so here its cell is blank.
    """

    def related_filter(self, model):
        if issubclass(model, RecordModel):
            return {"publication_state": PUBLISHED}
        return None

    def render(self, page, request):
        return list(self.rows(page))


@cache
def published_sheet_rows(model):
    return PublishedSheetRows(sheet_for(model))


class Row(dict):
    """A ``values()`` row that composite fields read as they read a record (``row.area_ha``)."""

    __slots__ = ()

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


class NotCompilable(Exception):
    """A serializer field that rows cannot render: the view renders records instead."""


class Rendering:
    """What the steps of one :meth:`SerializerRows.render` share."""

    __slots__ = ("briefs", "related", "request")

    def __init__(self, request, related):
        self.request, self.related, self.briefs = request, related, {}


class SerializerRows:
    """Renders ``serializer_class`` from ``values()`` rows of ``model``, as it renders records.

    Plain columns are copied as :class:`FastModelSerializer` copies them, other fields go
    through their own ``to_representation``: composite fields read the row as a record,
    a record's URL is :meth:`RecordURLField.url`. A to-one nested serializer is a join, its
    columns prefixed; it renders ``null`` when absent or, for a brief, not published. A
    to-many one is one query per page, over the rows the serializer path prefetches
    (published, with their required related records published). Overrides of
    ``to_representation`` are not compiled: ``CitationSerializer``'s, which hides citations
    of unpublished sources, holds because that query already leaves them out.
    """

    def __init__(self, serializer_class, model):
        self.model = model
        # BriefSerializer renders an unpublished record as null.
        self.hides_drafts = issubclass(serializer_class, BriefSerializer) and issubclass(
            model, RecordModel
        )
        self.lookups = dict.fromkeys(["pk", *(["publication_state"] if self.hides_drafts else [])])
        self.relations = []
        self.steps = [
            (field.field_name, self.compile(field)) for field in serializer_class()._readable_fields
        ]

    # compiling ----------------------------------------------------------------

    def compile(self, field):
        """A function ``(row, rendering) -> value`` for ``field``."""
        if isinstance(field, RecordURLField):
            return self.record_url(field)
        if isinstance(field, CompositeField):
            self.lookups.update(dict.fromkeys(column for column in field.columns if column))
            return lambda row, rendering: field.to_representation(row)
        if isinstance(field, serializers.ListSerializer):
            return self.to_many(field)
        if isinstance(field, serializers.BaseSerializer):
            return self.to_one(field)
        return self.column(field)

    def model_field(self, field):
        try:
            return self.model._meta.get_field(field.source)
        except FieldDoesNotExist:
            raise NotCompilable(field) from None

    def column(self, field):
        model_field = self.model_field(field)
        if not model_field.concrete or model_field.is_relation:
            raise NotCompilable(field)
        name = model_field.name
        self.lookups[name] = None
        if type(field).to_representation in VERBATIM:
            return lambda row, rendering: row[name]
        to_representation = field.to_representation
        return lambda row, rendering: None if row[name] is None else to_representation(row[name])

    def record_url(self, field):
        name = self.model_field(field).name
        self.lookups[name] = None
        return lambda row, rendering: field.url(rendering.request, row[name])

    def to_one(self, field):
        model_field = self.model_field(field)
        if not (model_field.many_to_one or model_field.one_to_one):
            raise NotCompilable(field)
        child = serializer_rows(type(field), model_field.related_model)
        if child is None or child.relations:
            raise NotCompilable(field)
        prefix = f"{model_field.name}__"
        keys = [(lookup, prefix + lookup) for lookup in child.lookups]
        self.lookups.update(dict.fromkeys(key for _, key in keys))
        present = f"{prefix}pk"

        def render(row, rendering):
            pk = row[present]
            if pk is None:
                return None
            # A page names the same region, province or source many times: render each once.
            cache_key = (child, pk)
            if cache_key not in rendering.briefs:
                record = Row({name: row[key] for name, key in keys})
                rendering.briefs[cache_key] = child.render_row(record, rendering)
            return rendering.briefs[cache_key]

        return render

    def to_many(self, field):
        relation = ToMany(self.model, field)
        self.relations.append(relation)
        return lambda row, rendering: rendering.related[relation].get(row["pk"], [])

    # rendering ----------------------------------------------------------------

    def values(self, queryset):
        return queryset.values(*self.lookups)

    def render(self, page, request):
        """The serializer's representation of each ``values()`` row of ``page``."""
        rows = [Row(row) for row in page]
        pks = [row["pk"] for row in rows]
        related = {relation: relation.load(pks, request) for relation in self.relations}
        rendering = Rendering(request, related)
        return [self.render_row(row, rendering) for row in rows]

    def render_row(self, row, rendering):
        if self.hides_drafts and row["publication_state"] != PUBLISHED:
            return None
        return {name: step(row, rendering) for name, step in self.steps}


class ToMany:
    """The rows of one to-many relation of a page of records, read as Django's prefetch
    reads them: through the model's attribute, published rows only."""

    def __init__(self, model, field):
        descriptor = getattr(model, field.source, None)
        self.model, self.generic = model, None
        if isinstance(descriptor, ReverseGenericManyToOneDescriptor):
            self.generic = descriptor.field
            self.owner = self.generic.object_id_field_name
            related_model = self.generic.related_model
        elif isinstance(descriptor, ManyToManyDescriptor) and not descriptor.reverse:
            self.owner = descriptor.field.related_query_name()
            related_model = descriptor.field.related_model
        elif isinstance(descriptor, ReverseManyToOneDescriptor):
            self.owner = descriptor.field.name
            related_model = descriptor.field.model
        else:
            raise NotCompilable(field)
        child_class = type(field.child)
        self.child = serializer_rows(child_class, related_model)
        if self.child is None:
            raise NotCompilable(field)
        self.queryset = only_published_targets(
            published(related_model._default_manager.all()), child_class
        )

    def load(self, pks, request):
        """``{record pk: [rendered item, ...]}``, items in the related model's order."""
        if not pks:
            return {}  # as Django's prefetch, which queries nothing for no records
        owned = self.queryset.filter(**{f"{self.owner}__any": pks})  # one array parameter
        if self.generic is not None:
            content_type = ContentType.objects.get_for_model(
                self.model, for_concrete_model=self.generic.for_concrete_model
            )
            owned = owned.filter(**{self.generic.content_type_field_name: content_type})
        page = list(owned.values(*self.child.lookups, **{OWNER: F(self.owner)}))
        groups = {}
        for row, item in zip(page, self.child.render(page, request), strict=True):
            if item is not None:  # as PublishedListSerializer leaves them out
                groups.setdefault(row[OWNER], []).append(item)
        return groups


@cache
def serializer_rows(serializer_class, model):
    """The compiled rows of ``serializer_class``, or ``None`` if a field cannot be compiled."""
    try:
        return SerializerRows(serializer_class, model)
    except NotCompilable:
        return None
