"""A CSV downloaded from the API imports with the registry's importer, as the admin's does."""

import pytest
from django.core.management import call_command

from registry.choices import PublicationState
from registry.importing import exporting
from registry.importing.schema import sheet_for
from registry.importing.service import import_file
from registry.models import FormerRegion, Meeting, Zone
from tests.conftest import DOCUMENT_FIXTURES
from tests.resources.test_round_trip import empty_registry

from .base import VIEWSETS, list_url

# Tables in dependency order: API endpoints, and the two tables the API's CSVs name
# without publishing them (former regions, meetings), which come from the admin export.
TABLES = [
    "region",
    "province",
    FormerRegion,
    "sector",
    "organisation",
    "zone",
    Meeting,
    "agreement",
    "funding-commitment",
    "source",
]
ENDPOINTS = [table for table in TABLES if isinstance(table, str)]


def csv_fields_only(records):
    """Records without what a table's CSV does not carry: citations (a sheet of their
    own) and modification times (set by the import)."""
    return [
        {key: value for key, value in record.items() if key not in ("citations", "updated")}
        for record in records
    ]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_api_csvs_import_into_an_empty_registry_as_the_same_records(client, db, language):
    call_command("loaddata", *DOCUMENT_FIXTURES, verbosity=0)
    # A draft zone that published agreements name: the CSVs must not carry it.
    Zone.objects.filter(agreements__isnull=False).update(publication_state=PublicationState.DRAFT)

    def download(basename, fmt):
        response = client.get(
            list_url(basename, format=fmt, limit=1000), HTTP_ACCEPT_LANGUAGE=language
        )
        assert response.status_code == 200, response.content
        return response

    csv_before = {name: download(name, "csv").content for name in ENDPOINTS}
    files = [
        (VIEWSETS[table].queryset.model, csv_before[table])
        if isinstance(table, str)
        else (table, exporting.export_bytes("csv", sheet_for(table), language=language))
        for table in TABLES
    ]
    json_before = {name: download(name, "json").json() for name in ENDPOINTS}
    assert all(page["next"] is None for page in json_before.values())

    empty_registry()
    assert not Zone.objects.exists()
    for model, data in files:
        result = import_file(data, f"{model._meta.model_name}.csv", model=model)
        assert result.ok, (model, result.errors[:5])

    for name in ENDPOINTS:
        assert download(name, "csv").content == csv_before[name], name
        after = download(name, "json").json()["results"]
        assert csv_fields_only(after) == csv_fields_only(json_before[name]["results"]), name
