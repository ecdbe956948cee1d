"""The one base every public endpoint stands on.

Resource viewsets only declare ``queryset``, ``serializer_class`` and
``filterset_class``. The base makes them safe and fast by construction:

* only published records, and inside them only published related records;
* joins and one query per to-many relation derived from the serializer's nested fields
  (``values()`` rows for a list, see :mod:`.rows`; ``select_related``/``Prefetch`` for a
  detail), so the number of queries is fixed by the declaration, not by the rows;
* unknown query parameters and malformed values answer 400 listing what is accepted;
* GET, HEAD and OPTIONS only, no authentication, anonymous throttling;
* ``ETag``/``Last-Modified``/``Cache-Control`` and 304 before any data query.
"""

import re
from functools import cache

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_filters import MultipleChoiceFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.generics import get_object_or_404
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from registry.models.base import RecordModel

from .caching import ConditionalGetMixin
from .errors import NotModified, QueryParameterError, exception_handler
from .pagination import KeysetPagination
from .publication import nested_serializers, only_published_targets, published
from .renderers import CSVRenderer, JSONRenderer
from .rows import published_sheet_rows, serializer_rows
from .schema import RegistryAutoSchema
from .serializers import PublishedListSerializer, prefetched_attribute
from .throttling import AnonymousRateThrottle

CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
FORMAT_PARAM = "format"
MAX_PARAMETER_LENGTH = 1000


def rendered_columns(serializer_class, model):
    """The columns a serializer reads, so a page loads nothing else (no full texts,
    no timestamps of every joined row). A field that no column backs is a mistake the
    query-count tests catch: reading a deferred column costs one query per record."""
    columns = {model._meta.pk.name}
    if issubclass(model, RecordModel):
        columns.add("publication_state")
    for field in serializer_class().fields.values():
        if getattr(field, "columns", None):
            columns.update(column for column in field.columns if column)
            continue
        try:
            model_field = model._meta.get_field(field.source.split(".")[0])
        except FieldDoesNotExist:
            continue
        if model_field.concrete:
            columns.add(model_field.name)
    return columns


def back_reference(model_field):
    """The columns a prefetched row needs to be matched to the record it belongs to."""
    if isinstance(model_field, GenericRelation):
        return {model_field.content_type_field_name, model_field.object_id_field_name}
    if model_field.one_to_many:
        return {model_field.field.name}
    return set()


@cache
def query_plan(serializer_class, model):
    """``(select_related, Prefetch objects, only columns)`` to render ``serializer_class``.

    This follows NetBox's ``get_prefetches_for_serializer``: each nested serializer is a
    join (foreign key) or one prefetch query (many), and prefetched rows are restricted
    to published records, so a serializer cannot render what the public may not see.
    """
    select, prefetch = [], []
    only = sorted(rendered_columns(serializer_class, model))
    for field, child_class, many in nested_serializers(serializer_class):
        lookup = field.source.replace(".", "__")
        model_field = model._meta.get_field(lookup)
        related_model = model_field.related_model
        child_select, child_prefetch, child_only = query_plan(child_class, related_model)
        if many:
            queryset = published(related_model._default_manager.all())
            queryset = only_published_targets(queryset, child_class)
            queryset = (
                queryset.select_related(*child_select)
                .prefetch_related(*child_prefetch)
                .only(*child_only, *back_reference(model_field))
            )
            if not isinstance(field, PublishedListSerializer):
                raise ImproperlyConfigured(f"{field} must render with PublishedListSerializer.")
            prefetch.append(
                Prefetch(lookup, queryset=queryset, to_attr=prefetched_attribute(lookup))
            )
        else:
            select += [lookup, *(f"{lookup}__{path}" for path in child_select)]
            only += [f"{lookup}__{name}" for name in child_only]
            prefetch += [
                Prefetch(f"{lookup}__{p.prefetch_through}", queryset=p.queryset, to_attr=p.to_attr)
                for p in child_prefetch
            ]
    return tuple(select), tuple(prefetch), tuple(only)


def optimise(queryset, serializer_class):
    select, prefetch, only = query_plan(serializer_class, queryset.model)
    # Fresh Prefetch objects per request: a cached queryset must never be shared.
    fresh = [
        Prefetch(p.prefetch_through, queryset=p.queryset.all(), to_attr=p.to_attr) for p in prefetch
    ]
    return queryset.select_related(*select).prefetch_related(*fresh).only(*only)


class StrictContentNegotiation(DefaultContentNegotiation):
    """An unknown ``?format=`` is a 400 naming the formats, not DRF's bare 404."""

    def select_renderer(self, request, renderers, format_suffix=None):
        requested = request.query_params.get(FORMAT_PARAM)
        formats = [renderer.format for renderer in renderers]
        if requested is not None and requested not in formats:
            raise QueryParameterError(
                {FORMAT_PARAM: [_("Unknown format. Accepted: %s.") % ", ".join(formats)]}
            )
        return super().select_renderer(request, renderers, format_suffix)


class PublicAPIView(ConditionalGetMixin, APIView):
    """Anonymous, read-only, throttled, strict about parameters, conditional."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonymousRateThrottle]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = StrictContentNegotiation
    http_method_names = ["get", "head", "options"]
    schema = RegistryAutoSchema()

    def accepted_query_params(self):
        """Parameter name -> whether it may be repeated."""
        return {FORMAT_PARAM: False}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            self.validate_query_params(request)
        self.check_conditions(request)

    def validate_query_params(self, request):
        accepted = self.accepted_query_params()
        errors = {}
        for name, values in request.query_params.lists():
            if name not in accepted:
                errors[name] = [_("Unknown parameter.")]
            elif len(values) > 1 and not accepted[name]:
                errors[name] = [_("Give this parameter once.")]
            elif any("\x00" in v or len(v) > MAX_PARAMETER_LENGTH for v in values):
                errors[name] = [_("Values may not contain NUL bytes or exceed 1000 characters.")]
        if errors:
            raise QueryParameterError(errors, accepted=accepted)

    def get_exception_handler(self):
        return exception_handler

    def handle_exception(self, exc):
        if isinstance(exc, NotModified):
            return Response(status=NotModified.status_code)
        # Errors are JSON whatever format was asked for: a CSV of an error helps nobody.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        self.add_cache_headers(response)
        return response


class RegistryViewSet(PublicAPIView, viewsets.ReadOnlyModelViewSet):
    """List and detail of one public resource, the record addressed by its code.

    A list page reads ``values()`` rows: JSON renders them with the serializer compiled
    (:class:`SerializerRows`), CSV as the admin export writes the table
    (:class:`PublishedSheetRows`). A JSON detail renders the record with the serializer.
    """

    lookup_field = "code"
    # Any path segment reaches the view, so a malformed code gets the API's JSON 404.
    lookup_value_regex = "[^/]+"
    pagination_class = KeysetPagination
    filter_backends = [DjangoFilterBackend]
    renderer_classes = [JSONRenderer, CSVRenderer]
    #: The serializer of the detail view, when it shows more than the list.
    detail_serializer_class = None

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    def get_queryset(self):
        return published(self.queryset.all())

    def page_rows(self):
        """How this request reads ``values()`` rows (see :mod:`.rows`): CSV as the admin
        export's sheet, a JSON list as its serializer compiled; ``None``: read records."""
        if self.request.accepted_renderer.format == CSVRenderer.format:
            return published_sheet_rows(self.queryset.model)
        if self.action == "list":
            return serializer_rows(self.get_serializer_class(), self.queryset.model)
        return None

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        rows = self.page_rows()
        if rows is None:
            page = self.paginate_queryset(optimise(queryset, self.get_serializer_class()))
            return self.get_paginated_response(self.get_serializer(page, many=True).data)
        page = self.paginate_queryset(rows.values(queryset))
        return self.get_paginated_response(rows.render(page, request))

    def retrieve(self, request, *args, **kwargs):
        rows = self.page_rows()
        if rows is None:
            return super().retrieve(request, *args, **kwargs)
        record = list(rows.values(self.get_queryset().filter(code=self.requested_code())))
        if not record:
            raise NotFound()
        return Response({"results": rows.render(record, request)})

    def requested_code(self):
        code = self.kwargs[self.lookup_field]
        if not CODE_RE.fullmatch(code):
            raise NotFound()
        return code

    def get_object(self):
        queryset = optimise(self.get_queryset(), self.get_serializer_class())
        record = get_object_or_404(queryset, code=self.requested_code())
        self.check_object_permissions(self.request, record)
        return record

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset  # a detail is addressed by code alone
        if self.filterset_class.base_filters.keys().isdisjoint(self.request.query_params):
            return queryset  # nothing to filter: skip building the filter form
        return super().filter_queryset(queryset)

    def accepted_query_params(self):
        accepted = super().accepted_query_params()
        if self.action == "list":
            for name, filter_ in self.filterset_class.base_filters.items():
                accepted[name] = isinstance(filter_, MultipleChoiceFilter)
            accepted.update(dict.fromkeys(KeysetPagination.query_params, False))
        return accepted
