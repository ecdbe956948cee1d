"""Shared admin behaviour: normalised search, publication, provenance and history."""

import dataclasses

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from registry.choices import PublicationState
from registry.history import ChangeOrigin, bulk_update_with_origin, set_change_origin
from registry.models import Citation, Source
from registry.resources.admin_mixins import ImportExportMixin
from registry.text import normalize, search_document

# Bookkeeping columns that change on every save and would only clutter a diff.
UNDIFFED_FIELDS = {"search_text", "updated", "created"}


def count_of(rows):
    """A correlated ``COUNT(*)`` of ``rows`` for ``annotate()``: no GROUP BY, no row fan-out."""
    counted = rows.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    """Shows choice labels instead of codes and leaves bookkeeping columns out."""

    def context_for_delta_changes(self, delta):
        changes = [c for c in delta.changes if c.field not in UNDIFFED_FIELDS]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=changes))

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.choices and not isinstance(value, list):
            return dict(field.flatchoices).get(value, value)
        return super().prepare_delta_change_value(change, value)


class SpellingsField(forms.CharField):
    """A JSON list of other spellings, edited as one spelling per line."""

    widget = forms.Textarea(attrs={"rows": 3, "dir": "auto"})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(map(str, value))
        return value

    def to_python(self, value):
        lines = (line.strip() for line in (value or "").splitlines())
        return list(dict.fromkeys(line for line in lines if line))


# Text written left to right whatever the interface language.
LEFT_TO_RIGHT_FIELDS = {"code", "acronym", "url", "file_name", "currency", "cost_currency", "unit"}


class EditingFieldsMixin:
    """Arabic inputs read right to left and French/English ones left to right, in every
    interface language; lists of spellings are edited one per line."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "aliases":
            return SpellingsField(
                label=capfirst(db_field.verbose_name),
                help_text=_("One spelling per line."),
                required=False,
            )
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, forms.TextInput | forms.Textarea):
            name = db_field.name
            if name.endswith("_ar"):
                formfield.widget.attrs["dir"] = "rtl"
            elif name.endswith(("_fr", "_en")) or name in LEFT_TO_RIGHT_FIELDS:
                formfield.widget.attrs["dir"] = "ltr"
        return formfield


class TabularInline(EditingFieldsMixin, admin.TabularInline):
    extra = 0


class StackedInline(EditingFieldsMixin, admin.StackedInline):
    extra = 0


class HistoryAdmin(ImportExportMixin, EditingFieldsMixin, SimpleHistoryAdmin):
    """Records who changed what, and from where, for forms, inlines and reverts."""

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryHelper(self.model, historical_record)

    def save_model(self, request, obj, form, change):
        set_change_origin(obj, ChangeOrigin.ADMIN, self._revert_detail(request))
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        set_change_origin(obj, ChangeOrigin.ADMIN)
        obj._history_user = request.user
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # One by one, so each deletion's history row says it came from the bulk action.
        with transaction.atomic():
            for obj in queryset:
                set_change_origin(obj, ChangeOrigin.BULK_ACTION, "delete")
                obj._history_user = request.user
                obj.delete()

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            set_change_origin(inline_form.instance, ChangeOrigin.ADMIN)
            inline_form.instance._history_user = request.user
        super().save_formset(request, form, formset, change)

    @staticmethod
    def _revert_detail(request):
        match = getattr(request, "resolver_match", None)
        return "revert" if match and match.url_name.endswith("_simple_history") else ""


class NormalisedSearchMixin:
    """Admin search through :func:`registry.text.normalize`, the registry's one matcher.

    A term matches when its normalised form occurs in the stored ``search_text``
    of the record (or of the records named by ``normalised_search_paths``), or
    equals a code exactly. On PostgreSQL a trigram index serves the ``LIKE``.
    """

    # Non-empty so the search box and autocomplete are on; the matching is ours.
    search_fields = ("code",)
    normalised_search_paths = ("search_text",)
    exact_code_paths = ("code",)

    def get_search_results(self, request, queryset, search_term):
        term = normalize(search_term)
        if not term:
            return queryset, False
        condition = Q()
        for path in self.normalised_search_paths:
            condition |= Q(**{f"{path}__contains": term})
        # Plain equality (not iexact) so PostgreSQL can OR the code's b-tree index with the
        # trigram index; any other spelling of a code is found through search_text anyway.
        codes = {search_term.strip(), search_term.strip().upper()}
        for path in self.exact_code_paths:
            condition |= Q(**{f"{path}__in": codes})
        return queryset.filter(condition), False


class InMemorySearchMixin:
    """The same matching for small reference tables that have no ``search_text`` column."""

    search_fields = ("code", "name_ar", "name_fr", "name_en")

    def get_search_results(self, request, queryset, search_term):
        term = normalize(search_term)
        if not term:
            return queryset, False
        matching = [
            pk
            for pk, *names in queryset.values_list("pk", *self.search_fields)
            if term in search_document(*names)
        ]
        return queryset.filter(pk__in=matching), False


class CitationFormSet(BaseGenericInlineFormSet):
    """Tells each citation which record it cites before validation, so ``clean()``
    can check that ``field_name`` is a field of that record."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.content_type = ContentType.objects.get_for_model(self.instance)
        return form


class CitationInline(EditingFieldsMixin, GenericTabularInline):
    model = Citation
    formset = CitationFormSet
    fields = ("source", "field_name", "quote", "note")
    autocomplete_fields = ("source",)
    extra = 0
    verbose_name = _("citation")
    verbose_name_plural = _("citations (source and exact quote)")


class CitedFilter(admin.SimpleListFilter):
    title = _("citations")
    parameter_name = "cited"

    def lookups(self, request, model_admin):
        return [("yes", _("With citations")), ("no", _("Without any citation"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(citation_count__gt=0)
        if self.value() == "no":
            return queryset.filter(citation_count=0)
        return queryset


class CitedSourceFilter(admin.SimpleListFilter):
    title = _("source")
    parameter_name = "source"

    def lookups(self, request, model_admin):
        return [(source.code, source.code) for source in Source.objects.only("code")]

    def queryset(self, request, queryset):
        if self.value():
            cited = Citation.objects.filter(
                content_type=ContentType.objects.get_for_model(queryset.model),
                source__code=self.value(),
            )
            return queryset.filter(pk__in=cited.values("object_id"))
        return queryset


class RecordAdmin(NormalisedSearchMixin, HistoryAdmin):
    """Base admin of every publishable record."""

    list_per_page = 50
    list_max_show_all = 500
    inlines = [CitationInline]
    actions = ["publish", "unpublish"]
    readonly_fields = ("created", "updated")
    # Appended to each admin's own filters.
    record_filters = ("publication_state", CitedFilter, CitedSourceFilter)

    def get_list_filter(self, request):
        return (*self.list_filter, *self.record_filters)

    def get_queryset(self, request):
        cited = Citation.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model), object_id=OuterRef("pk")
        )
        return super().get_queryset(request).annotate(citation_count=count_of(cited))

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly += ("publication_state",)
        return readonly

    def save_model(self, request, obj, form, change):
        # Without the publish permission nothing may change the state: not the form (the
        # field is read-only) and not a revert to a version that had another state.
        if not self.has_publish_permission(request):
            stored = self.model.objects.filter(pk=obj.pk).values_list("publication_state")
            obj.publication_state = (
                stored.get()[0] if change and stored.exists() else PublicationState.DRAFT
            )
        super().save_model(request, obj, form, change)

    def has_publish_permission(self, request):
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    @admin.display(description=_("citations"), ordering="citation_count")
    def citation_count(self, obj):
        return obj.citation_count

    @admin.action(description=_("Publish the selected records"), permissions=["publish"])
    def publish(self, request, queryset):
        self._set_publication_state(request, queryset, PublicationState.PUBLISHED)

    @admin.action(description=_("Return the selected records to draft"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._set_publication_state(request, queryset, PublicationState.DRAFT)

    def _set_publication_state(self, request, queryset, state):
        records = list(queryset.exclude(publication_state=state).order_by())
        now = timezone.now()
        for record in records:
            record.publication_state = state
            record.updated = now
        bulk_update_with_origin(
            records,
            self.model,
            ["publication_state", "updated"],
            user=request.user,
            origin=ChangeOrigin.BULK_ACTION,
            detail="publish" if state == PublicationState.PUBLISHED else "unpublish",
        )
        message = (
            ngettext("%(count)d record published.", "%(count)d records published.", len(records))
            if state == PublicationState.PUBLISHED
            else ngettext(
                "%(count)d record returned to draft.",
                "%(count)d records returned to draft.",
                len(records),
            )
        )
        self.message_user(request, message % {"count": len(records)}, messages.SUCCESS)


class ReferenceAdmin(InMemorySearchMixin, HistoryAdmin):
    """Base admin of reference data: geography and sectors."""

    list_per_page = 100
    readonly_fields = ("created", "updated")


class ChildAdmin(NormalisedSearchMixin, HistoryAdmin):
    """Base admin of rows that belong to a record (parties, roles, figures)."""

    exact_code_paths = ()
    list_per_page = 100
