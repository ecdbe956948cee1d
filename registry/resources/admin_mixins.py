"""Import and export buttons for a ModelAdmin.

Use it first in the bases: ``class ZoneAdmin(ImportExportMixin, admin.ModelAdmin)``.
Users need ``registry.import_<model>`` / ``registry.export_<model>`` (the codes set by
IMPORT_EXPORT_IMPORT_PERMISSION_CODE and IMPORT_EXPORT_EXPORT_PERMISSION_CODE).
"""

from django.urls import path

from registry.importing.views import ImportExportViews, may


class ImportExportMixin:
    change_list_template = "admin/registry/change_list_import_export.html"

    def get_urls(self):
        views = ImportExportViews(self.admin_site, self.model)
        wrap = self.admin_site.admin_view
        prefix = f"{self.model._meta.app_label}_{self.model._meta.model_name}"
        return [
            path("import/", wrap(views.import_view), name=f"{prefix}_import"),
            path(
                "import/<uuid:job_id>/confirm/",
                wrap(views.confirm_view),
                name=f"{prefix}_import_confirm",
            ),
            path("export/", wrap(views.export_view), name=f"{prefix}_export"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "may_import": may(request.user, "import", [self.model]),
            "may_export": may(request.user, "export", [self.model]),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)
