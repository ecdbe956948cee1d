from django.contrib import admin

from registry.models import FormerRegion, Province, Region

from .base import ReferenceAdmin


@admin.register(Region)
class RegionAdmin(ReferenceAdmin):
    list_display = ("code", "name_ar", "name_fr", "name_en")
    ordering = ("code",)


@admin.register(Province)
class ProvinceAdmin(ReferenceAdmin):
    list_display = ("code", "name_ar", "name_fr", "name_en", "kind", "region")
    list_filter = ("region", "kind")
    list_select_related = ("region",)
    autocomplete_fields = ("region",)
    ordering = ("code",)


@admin.register(FormerRegion)
class FormerRegionAdmin(ReferenceAdmin):
    list_display = ("code", "name_ar", "name_fr", "name_en", "abolished_in")
    autocomplete_fields = ("provinces",)
    ordering = ("code",)
