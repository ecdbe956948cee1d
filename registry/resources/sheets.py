"""django-import-export resources over the registry's one import and one export.

``ZoneResource().import_data(dataset, dry_run=True)`` and ``.export()`` speak
django-import-export's API (a ``tablib.Dataset`` in, an ``import_export`` ``Result``
out), so code written for that library works, but the work is done by the registry's
importer and exporter: the same natural keys, tolerant exact parsing, all-or-nothing
transaction, history and formula guard as the admin and the commands. Stock
``ModelResource`` behaviour (row-by-row saves, sequence resets after an import, only
``=`` neutralised on export) is deliberately not used.
"""

from django.core.exceptions import ValidationError
from django.utils import translation
from import_export import resources, widgets
from import_export.fields import Field
from import_export.results import Error, Result, RowResult
from tablib import Dataset

from registry import models as registry
from registry.importing import cells, exporting
from registry.importing.readers import Table
from registry.importing.schema import sheet_for
from registry.importing.service import DELETED, INVALID, NEW, UNCHANGED, UPDATED, import_tables

IMPORT_TYPES = {
    NEW: RowResult.IMPORT_TYPE_NEW,
    UPDATED: RowResult.IMPORT_TYPE_UPDATE,
    UNCHANGED: RowResult.IMPORT_TYPE_SKIP,
    DELETED: RowResult.IMPORT_TYPE_DELETE,
}


class CellWidget(widgets.Widget):
    """Renders a stored value as the export writes it (numbers stay numbers)."""

    def __init__(self, column):
        super().__init__()
        self.column = column

    def render(self, value, obj=None, **kwargs):
        return dataset_value(cells.export_value(self.column, value))


def dataset_value(value):
    """An export value as a dataset cell: formula-guarded text, numbers kept as numbers."""
    return None if value is None else exporting.xlsx_value(value)


class SheetResource(resources.ModelResource):
    """A resource whose columns are its model's spreadsheet sheet.

    ``language`` picks the export headers (imports accept every language);
    ``user`` is recorded in the history of imported changes.
    """

    def __init__(self, *, language=None, user=None, **kwargs):
        super().__init__(**kwargs)
        self.sheet = sheet_for(self._meta.model)
        self.language = language or translation.get_language() or "en"
        self.user = user
        headers = self.sheet.headers(self.language)
        self.fields = {
            column.name: Field(attribute=column.name, column_name=header, widget=CellWidget(column))
            for column, header in zip(self.sheet.columns, headers, strict=True)
        }

    def get_export_headers(self, selected_fields=None):
        return self.sheet.headers(self.language)

    def export(self, queryset=None, **kwargs):
        """All rows of the sheet (or of ``queryset``) as the registry's export writes them."""
        with translation.override(self.language):
            dataset = Dataset(headers=self.get_export_headers())
            for row in exporting.sheet_rows(self.sheet, queryset):
                dataset.append([dataset_value(value) for value in row])
        return dataset

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=False,
        **kwargs,
    ):
        """Import ``dataset`` all or nothing; row numbers count the header as row 1."""
        table = Table(None, list(dataset.headers or []))
        table.rows = [
            (number, list(row))
            for number, row in enumerate(dataset, start=2)
            if any(not cells.is_empty(value) for value in row)
        ]
        ours = import_tables(
            [table],
            kwargs.get("file_name") or f"{self.sheet.name} dataset",
            model=self._meta.model,
            user=kwargs.get("user") or self.user,
            dry_run=dry_run,
        )
        result = import_export_result(ours, table.headers)
        if raise_errors and not ours.ok:
            raise ValidationError(ours.errors)
        return result


def import_export_result(ours, headers):
    """django-import-export's ``Result`` of a registry ``ImportResult``."""
    result = Result()
    result.diff_headers = list(headers)
    result.add_dataset_headers(list(headers))
    for message in ours.file_errors:
        result.append_base_error(Error(message))
    for sheet in ours.sheets:
        for error in sheet.errors:
            result.append_invalid_row(error.row, {}, ValidationError({error.column: [str(error)]}))
        for change in sheet.changes:
            row_result = RowResult()
            row_result.import_type = IMPORT_TYPES[change.status]
            row_result.object_repr = change.key
            row_result.diff = change.diff
            result.append_row_result(row_result)
        for status, import_type in IMPORT_TYPES.items():
            result.totals[import_type] += sheet.counts.get(status, 0)
        result.totals[RowResult.IMPORT_TYPE_INVALID] += sheet.counts.get(INVALID, 0)
    result.total_rows = sum(sum(sheet.counts.values()) for sheet in ours.sheets)
    result.registry_result = ours  # the full report: summary(), as_dict()
    return result


def resource_for(model):
    """The resource class of any registry table."""
    return type(
        f"{model.__name__}Resource",
        (SheetResource,),
        {"Meta": type("Meta", (), {"model": model, "fields": ()})},
    )


ZoneResource = resource_for(registry.Zone)
OrganisationResource = resource_for(registry.Organisation)
AgreementResource = resource_for(registry.Agreement)  # with its linked zones
AgreementPartyResource = resource_for(registry.AgreementParty)
FundingCommitmentResource = resource_for(registry.FundingCommitment)
SourceResource = resource_for(registry.Source)
CitationResource = resource_for(registry.Citation)
