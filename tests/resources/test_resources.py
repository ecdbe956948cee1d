"""The django-import-export resources: its API, the registry's import and export."""

from decimal import Decimal

import pytest
import tablib
from django.core.exceptions import ValidationError
from import_export.results import RowResult

from registry.choices import Qualifier
from registry.importing import exporting
from registry.importing.schema import SHEETS, sheet_for
from registry.models import Agreement, Citation, Zone
from registry.resources.sheets import (
    AgreementResource,
    CitationResource,
    SheetResource,
    ZoneResource,
    resource_for,
)


def dataset(headers, *rows):
    return tablib.Dataset(*rows, headers=headers)


ZONES = dataset(
    ["code", "nom (français)", "kind", "area_ha", "province"],
    ["Z1", "Zone un", "industrial_zone", "١٢٫٥ هكتار", "Fès"],
    ["", "", "", "", ""],  # a stray blank row
    ["Z2", "Zone deux", "agropole", "~60", "03.561"],
)


def test_every_sheet_has_a_resource_with_its_columns():
    for sheet in SHEETS:
        resource = resource_for(sheet.model)(language="fr")
        assert isinstance(resource, SheetResource)
        assert resource.get_export_headers() == sheet.headers("fr")
        assert list(resource.fields) == [column.name for column in sheet.columns]


def test_dry_run_reports_without_writing(geography):
    result = ZoneResource().import_data(ZONES, dry_run=True)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals[RowResult.IMPORT_TYPE_NEW] == 2
    assert [row.object_repr for row in result.rows] == ["Z1", "Z2"]
    assert Zone.objects.count() == 0


def test_import_writes_with_the_registry_parser_and_history(geography, django_user_model):
    user = django_user_model.objects.create_user("importer")
    result = ZoneResource(user=user).import_data(ZONES, file_name="zones.xlsx")
    assert result.totals[RowResult.IMPORT_TYPE_NEW] == 2
    one, two = Zone.objects.order_by("code")
    assert one.area_ha == Decimal("12.5") and one.province == geography["fes"]
    assert two.area_ha == 60 and two.area_qualifier == Qualifier.APPROXIMATELY
    version = one.history.get()
    assert version.history_user == user and version.history_change_reason == "import: zones.xlsx"
    again = ZoneResource().import_data(ZONES)
    assert again.totals[RowResult.IMPORT_TYPE_SKIP] == 2 and not again.rows


def test_an_invalid_row_imports_nothing_and_says_where(geography):
    bad = dataset(
        ["code", "name_fr", "kind", "area_ha"],
        ["Z1", "Zone un", "industrial_zone", "10"],
        ["Z2", "Zone deux", "industrial_zone", "2 ,15"],
    )
    result = ZoneResource(language="en").import_data(bad)
    assert result.has_validation_errors()
    assert result.totals[RowResult.IMPORT_TYPE_INVALID] == 1
    (invalid,) = result.invalid_rows
    assert invalid.number == 3
    (message,) = invalid.field_specific_errors["area_ha"]
    assert message.startswith("row 3, column area_ha: ")
    assert Zone.objects.count() == 0
    with pytest.raises(ValidationError):
        ZoneResource().import_data(bad, raise_errors=True)


def test_an_unknown_header_is_a_base_error(geography):
    result = ZoneResource(language="en").import_data(dataset(["code", "colour"], ["Z1", "red"]))
    assert result.has_validation_errors() or result.has_errors()
    messages = [str(e) for row in result.invalid_rows for e in row.error_dict.values()]
    assert any("unknown column 'colour'" in m for m in messages), messages


def test_export_is_the_registry_export_and_formula_safe(geography):
    Zone.objects.create(code="Z1", name_fr="=HYPERLINK(1)", kind="industrial_zone", area_ha=5)
    exported = ZoneResource(language="ar").export()
    assert exported.headers == sheet_for(Zone).headers("ar")
    row = dict(zip(exported.headers, exported[0], strict=True))
    assert row[exported.headers[0]] == "Z1"
    assert "'=HYPERLINK(1)" in exported[0]
    assert 5 in exported[0]  # numbers stay numbers
    csv_text = exported.export("csv")
    assert ",=" not in csv_text


def test_export_then_import_through_resources_round_trips(registry_fixtures):
    for resource_class, model in (
        (ZoneResource, Zone),
        (AgreementResource, Agreement),
        (CitationResource, Citation),
    ):
        before = sorted(map(repr, exporting.sheet_rows(sheet_for(model))))
        data = resource_class(language="fr").export()
        result = resource_class().import_data(data)
        assert not result.has_validation_errors() and not result.has_errors()
        assert result.totals[RowResult.IMPORT_TYPE_SKIP] == len(before)
        assert sorted(map(repr, exporting.sheet_rows(sheet_for(model)))) == before
