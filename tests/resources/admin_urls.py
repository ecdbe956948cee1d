"""An admin site with the import/export mixin on zones, as the registry admin uses it."""

from django.contrib import admin
from django.urls import include, path

from registry.importing.views import workbook_urls
from registry.models import Zone
from registry.resources.admin_mixins import ImportExportMixin

site = admin.AdminSite(name="admin")


class ZoneAdmin(ImportExportMixin, admin.ModelAdmin):
    pass


site.register(Zone, ZoneAdmin)

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/workbook/", include(workbook_urls(site))),
    path("admin/", site.urls),
]
