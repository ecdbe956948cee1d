"""Admin pages: upload, preview (a dry run stored in the database), confirm; and exports.

The preview lives in :class:`registry.models.imports.ImportJob`, so the confirm request may
reach another app server. Each upload purges previews older than
``IMPORT_PREVIEW_MAX_AGE``.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models.imports import ImportJob

from . import exporting
from .readers import FileRejected, check_size, file_format
from .schema import LANGUAGES, SHEETS, SHEETS_BY_NAME, current_language
from .service import import_file

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def permission(action, model):
    code = getattr(settings, f"IMPORT_EXPORT_{action.upper()}_PERMISSION_CODE", action)
    return f"{model._meta.app_label}.{code}_{model._meta.model_name}"


def may(user, action, models):
    return (
        user.is_active and user.is_staff and user.has_perms([permission(action, m) for m in models])
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("An .xlsx, .csv or .json file, as the registry's export writes it."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            file_format(upload.name)
            check_size(upload.size)
        except FileRejected as error:
            raise forms.ValidationError(str(error)) from None
        return upload


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"), choices=[("xlsx", "XLSX"), ("csv", "CSV"), ("json", "JSON")]
    )
    language = forms.ChoiceField(
        label=_("Column headers in"), choices=[(code, code) for code in LANGUAGES]
    )


class ImportExportViews:
    """The pages for one table (``model``) or for the whole registry (``model=None``)."""

    def __init__(self, admin_site, model=None):
        self.admin_site = admin_site
        self.model = model

    @property
    def models(self):
        return [self.model] if self.model else [sheet.model for sheet in SHEETS]

    @property
    def label(self):
        return self.model._meta.label if self.model else ""

    def title(self, action):
        name = self.model._meta.verbose_name_plural if self.model else _("the whole registry")
        return (_("Import %(name)s") if action == "import" else _("Export %(name)s")) % {
            "name": name
        }

    def context(self, request, action, **extra):
        context = {
            **self.admin_site.each_context(request),
            "title": self.title(action),
            "opts": self.model._meta if self.model else None,
            "model": self.model,
            "max_upload_size": settings.IMPORT_MAX_UPLOAD_SIZE,
            "languages": LANGUAGES,
        }
        return context | extra

    def check(self, request, action):
        if not may(request.user, action, self.models):
            raise PermissionDenied

    def import_view(self, request):
        self.check(request, "import")
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            result = import_file(
                data, upload.name, model=self.model, user=request.user, dry_run=True
            )
            ImportJob.objects.expired().delete()
            job = None
            if result.ok and result.changed:
                job = ImportJob.objects.create(
                    user=request.user,
                    model_label=self.label,
                    file_name=upload.name,
                    data=data,
                    preview=result.as_dict(),
                )
            return TemplateResponse(
                request,
                "admin/registry/import_preview.html",
                self.context(request, "import", result=result.as_dict(), job=job),
            )
        return TemplateResponse(
            request, "admin/registry/import.html", self.context(request, "import", form=form)
        )

    def confirm_view(self, request, job_id):
        self.check(request, "import")
        if request.method != "POST":
            raise Http404
        job = get_object_or_404(ImportJob, pk=job_id, user=request.user, model_label=self.label)
        if job.is_expired:
            job.delete()
            messages.error(request, _("This preview has expired; upload the file again."))
            return HttpResponseRedirect(request.path.rsplit("/", 3)[0] + "/")
        result = import_file(bytes(job.data), job.file_name, model=self.model, user=request.user)
        job.delete()
        if result.ok:
            messages.success(request, result.summary())
        else:
            # The registry changed since the preview; nothing was written.
            return TemplateResponse(
                request,
                "admin/registry/import_preview.html",
                self.context(request, "import", result=result.as_dict(), job=None),
            )
        return HttpResponseRedirect(self.done_url())

    def done_url(self):
        if self.model:
            return reverse(
                f"{self.admin_site.name}:{self.model._meta.app_label}_"
                f"{self.model._meta.model_name}_changelist"
            )
        return reverse(f"{self.admin_site.name}:index")

    def export_view(self, request):
        self.check(request, "export")
        form = ExportForm(request.GET or None)
        if not form.is_valid():
            return TemplateResponse(
                request,
                "admin/registry/export.html",
                self.context(
                    request,
                    "export",
                    form=ExportForm(initial={"language": current_language()}),
                ),
            )
        fmt, language = form.cleaned_data["format"], form.cleaned_data["language"]
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        name = self.model._meta.model_name if self.model else "registry"
        file_name = f"{name}-{stamp}.{fmt}"
        if not self.model and fmt == "csv":
            messages.error(request, _("A CSV file holds one table; choose XLSX or JSON."))
            return HttpResponseRedirect(request.path)
        pairs = (
            [(sheet, None) for sheet in SHEETS]
            if not self.model
            else [(SHEETS_BY_NAME[self.model._meta.model_name], None)]
        )
        if fmt == "xlsx":
            return FileResponse(
                exporting.xlsx_file(pairs, language),
                as_attachment=True,
                filename=file_name,
                content_type=CONTENT_TYPES[fmt],
            )
        if fmt == "json":
            stream = exporting.json_stream(pairs, language, workbook=not self.model)
        else:
            stream = exporting.csv_stream(pairs[0][0], None, language)
        response = StreamingHttpResponse(stream, content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{file_name}"'
        return response


def workbook_urls(admin_site=None):
    """URL patterns of the whole-registry workbook pages; include them before the admin's."""
    from django.urls import path

    views = ImportExportViews(admin_site or admin.site)
    wrap = (admin_site or admin.site).admin_view
    return [
        path("import/", wrap(views.import_view), name="registry_workbook_import"),
        path(
            "import/<uuid:job_id>/confirm/",
            wrap(views.confirm_view),
            name="registry_workbook_confirm",
        ),
        path("export/", wrap(views.export_view), name="registry_workbook_export"),
    ]
