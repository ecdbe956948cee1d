from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from registry.models import Citation, Source

from .base import ChildAdmin, RecordAdmin, count_of
from .columns import title


@admin.register(Source)
class SourceAdmin(RecordAdmin):
    list_display = (
        "code",
        title,
        "publisher",
        "language",
        "published_on",
        "quotes_taken",
        "publication_state",
        "citation_count",
    )
    list_filter = (
        "language",
        ("published_on", admin.DateFieldListFilter),
        ("publisher", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("publisher",)
    ordering = ("code",)
    autocomplete_fields = ("publisher",)

    def get_queryset(self, request):
        quotes = Citation.objects.filter(source=OuterRef("pk"))
        return super().get_queryset(request).annotate(quotes_taken=count_of(quotes))

    @admin.display(description=_("quotes taken from it"), ordering="quotes_taken")
    def quotes_taken(self, obj):
        return obj.quotes_taken


class RegistryContentTypeFilter(admin.RelatedFieldListFilter):
    def field_choices(self, field, request, model_admin):
        return [
            (ct.pk, ct.model_class()._meta.verbose_name)
            for ct in ContentType.objects.filter(app_label="registry")
            if ct.model_class() and not ct.model.startswith("historical")
        ]


@admin.register(Citation)
class CitationAdmin(ChildAdmin):
    list_display = ("source", "content_type", "record", "field_name", "quote_excerpt")
    list_filter = (("content_type", RegistryContentTypeFilter), "source")
    list_select_related = ("source", "content_type")
    autocomplete_fields = ("source",)
    ordering = ("content_type", "object_id", "field_name")
    normalised_search_paths = ("source__search_text",)
    fields = ("source", "content_type", "object_id", "field_name", "quote", "note")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("record")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "content_type":
            kwargs["queryset"] = ContentType.objects.filter(app_label="registry").exclude(
                model__startswith="historical"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("exact quote"))
    def quote_excerpt(self, obj):
        return Truncator(obj.quote).chars(80)
