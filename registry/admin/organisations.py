from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry.models import Organisation, OrganisationName, Person

from .base import ChildAdmin, CitationInline, RecordAdmin, TabularInline
from .columns import name


class OrganisationNameInline(TabularInline):
    model = OrganisationName
    fields = (
        "name_ar",
        "name_fr",
        "name_en",
        "acronym",
        "valid_from",
        "valid_from_precision",
        "valid_to",
        "valid_to_precision",
    )


@admin.register(Organisation)
class OrganisationAdmin(RecordAdmin):
    list_display = (
        "code",
        name,
        "acronym",
        "kind",
        "region",
        "province",
        "publication_state",
        "citation_count",
    )
    list_filter = ("kind", "region", "province")
    list_select_related = ("region", "province")
    ordering = ("code",)
    autocomplete_fields = ("parent", "members", "region", "former_region", "province")
    inlines = [OrganisationNameInline, CitationInline]
    fieldsets = (
        (None, {"fields": ("code", "name_ar", "name_fr", "name_en", "acronym", "kind")}),
        (_("Place and structure"), {"fields": ("region", "former_region", "province", "parent")}),
        (_("Consortium members"), {"fields": ("members",), "classes": ("collapse",)}),
        (_("Other spellings and description"), {"fields": ("aliases", "description")}),
        (_("Publication"), {"fields": ("publication_state", "created", "updated")}),
    )


@admin.register(OrganisationName)
class OrganisationNameAdmin(ChildAdmin):
    list_display = ("organisation", "name_ar", "name_fr", "acronym", "valid_from", "valid_to")
    list_filter = (("valid_from", admin.DateFieldListFilter),)
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation",)
    ordering = ("organisation__code", "valid_from")
    normalised_search_paths = ("organisation__search_text",)


@admin.register(Person)
class PersonAdmin(RecordAdmin):
    list_display = ("code", "name_ar", "name_fr", "name_en", "publication_state", "citation_count")
    ordering = ("code",)
    fields = ("code", "name_ar", "name_fr", "name_en", "notes", "publication_state")
