from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from registry.importing.views import workbook_urls

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/workbook/", include(workbook_urls())),
    path("admin/", admin.site.urls),
]
