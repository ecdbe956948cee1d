"""Trigram indexes on the normalised search columns, on PostgreSQL only.

Admin search, the API's ``q=`` and the importer look names up with
``search_text LIKE '%…%'``; a GIN trigram index keeps that fast at 100k rows.
SQLite has no such index type and scans, which is fine at its sizes.
"""

from django.db import migrations

SEARCHABLE_TABLES = [
    "registry_zone",
    "registry_organisation",
    "registry_agreement",
    "registry_fundingcommitment",
    "registry_source",
    "registry_person",
    "registry_meeting",
    "registry_indicator",
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in SEARCHABLE_TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_trgm "
            f"ON {table} USING gin (search_text gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in SEARCHABLE_TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
