from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry.models import Sector, Zone, ZoneEvent, ZoneJobFigure, ZoneOrganisation

from .base import (
    ChildAdmin,
    CitationInline,
    RecordAdmin,
    ReferenceAdmin,
    StackedInline,
    TabularInline,
)
from .columns import name


@admin.register(Sector)
class SectorAdmin(ReferenceAdmin):
    list_display = ("code", "name_ar", "name_fr", "name_en")
    ordering = ("code",)


class ZoneOrganisationInline(TabularInline):
    model = ZoneOrganisation
    fields = ("organisation", "role", "note")
    autocomplete_fields = ("organisation",)


class ZoneJobFigureInline(TabularInline):
    model = ZoneJobFigure
    fields = ("kind", "basis", "count", "qualifier", "year", "note")


class ZoneEventInline(StackedInline):
    model = ZoneEvent
    fields = (
        ("kind", "date", "date_precision", "date_end"),
        ("date_as_stated", "person"),
        ("progress_percent", "progress_qualifier"),
        ("description_ar", "description_fr", "description_en"),
    )
    autocomplete_fields = ("person",)


@admin.register(Zone)
class ZoneAdmin(RecordAdmin):
    list_display = (
        "code",
        name,
        "province",
        "region",
        "kind",
        "status",
        "area_ha",
        "publication_state",
        "citation_count",
    )
    list_filter = (
        ("region", admin.RelatedOnlyFieldListFilter),
        ("province", admin.RelatedOnlyFieldListFilter),
        "kind",
        "status",
        ("sectors", admin.RelatedOnlyFieldListFilter),
        ("organisations", admin.RelatedOnlyFieldListFilter),
        ("updated", admin.DateFieldListFilter),
    )
    list_select_related = ("province", "region")
    ordering = ("code",)
    autocomplete_fields = (
        "region",
        "province",
        "province_as_stated",
        "former_region_as_stated",
        "parent",
        "sectors",
    )
    inlines = [ZoneOrganisationInline, ZoneJobFigureInline, ZoneEventInline, CitationInline]
    fieldsets = (
        (None, {"fields": ("code", "name_ar", "name_fr", "name_en", "aliases")}),
        (_("Kind and status"), {"fields": ("kind", "status", "sectors", "parent")}),
        (
            _("Location"),
            {
                "fields": (
                    "province",
                    "region",
                    ("locality_ar", "locality_fr"),
                    ("latitude", "longitude"),
                    "province_as_stated",
                    "former_region_as_stated",
                    "grouping_as_stated",
                )
            },
        ),
        (
            _("Area and cost"),
            {
                "fields": (
                    ("area_ha", "area_qualifier", "area_as_stated"),
                    ("cost_amount", "cost_currency", "cost_qualifier"),
                )
            },
        ),
        (
            _("Description and notes"),
            {"fields": ("description_ar", "description_fr", "description_en", "notes")},
        ),
        (_("Publication"), {"fields": ("publication_state", "created", "updated")}),
    )


@admin.register(ZoneOrganisation)
class ZoneOrganisationAdmin(ChildAdmin):
    list_display = ("zone", "organisation", "role", "note")
    list_filter = ("role",)
    list_select_related = ("zone", "organisation")
    autocomplete_fields = ("zone", "organisation")
    ordering = ("zone__code", "role")
    normalised_search_paths = ("zone__search_text", "organisation__search_text")


@admin.register(ZoneJobFigure)
class ZoneJobFigureAdmin(ChildAdmin):
    list_display = ("zone", "kind", "basis", "count", "qualifier", "year")
    list_filter = ("kind", "basis", "qualifier")
    list_select_related = ("zone",)
    autocomplete_fields = ("zone",)
    ordering = ("zone__code", "basis", "kind", "year")
    normalised_search_paths = ("zone__search_text",)


@admin.register(ZoneEvent)
class ZoneEventAdmin(ChildAdmin):
    list_display = ("zone", "kind", "date", "date_precision", "progress_percent", "person")
    list_filter = ("kind", ("date", admin.DateFieldListFilter))
    list_select_related = ("zone", "person")
    autocomplete_fields = ("zone", "person")
    ordering = ("zone__code", "date")
    normalised_search_paths = ("zone__search_text", "person__search_text")
