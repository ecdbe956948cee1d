"""Backups: a PostgreSQL dump, and a database-independent JSON export, each with a manifest.

The manifest beside every backup holds the row count of each model and a fingerprint:
a SHA-256 over every row of every model in ``BACKUP_MODELS`` (primary keys included,
references to content types and permissions by natural key, since their ids differ
between databases). A restore recomputes it, so "restored" means "identical".
"""

import hashlib
import json
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections, transaction

MANIFEST_FORMAT = "registry-backup-1"
# What a backup holds: every registry model (with history), the staff accounts and the
# admin's change log. Content types and permissions are rebuilt by ``migrate``.
BACKUP_LABELS = ("registry", "auth.user", "auth.group", "admin.logentry")


class BackupError(Exception):
    pass


def backup_models():
    models = []
    for label in BACKUP_LABELS:
        if "." in label:
            models.append(apps.get_model(label))
        else:
            models.extend(apps.get_app_config(label).get_models())
    return sorted(models, key=lambda model: model._meta.label)


def _natural(model, using):
    """A mapping from ids to natural keys for models whose ids are database-specific."""
    if model is ContentType:
        return {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.using(using)}
    if model is Permission:
        return {
            p.pk: f"{p.content_type.app_label}.{p.codename}"
            for p in Permission.objects.using(using).select_related("content_type")
        }
    return None


def fingerprint(using="default"):
    """Row counts per model and one SHA-256 over the content of all of them."""
    digest = hashlib.sha256()
    counts = {}
    natural = {ContentType: _natural(ContentType, using), Permission: _natural(Permission, using)}
    for model in backup_models():
        fields = [field for field in model._meta.concrete_fields]
        columns = [field.attname for field in fields]
        mappers = [natural.get(getattr(field, "related_model", None)) for field in fields]
        count = 0
        rows = model._base_manager.using(using).order_by("pk").values_list(*columns)
        for row in rows.iterator(chunk_size=2000):
            values = [
                mapper.get(value, value) if mapper else value
                for value, mapper in zip(row, mappers, strict=True)
            ]
            digest.update(_canonical([model._meta.label, *values]))
            count += 1
        counts[model._meta.label] = count
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if not through._meta.auto_created:
                continue
            source = field.m2m_field_name()
            target = field.m2m_reverse_field_name()
            mapper = natural.get(field.related_model)
            pairs = through.objects.using(using).order_by(source, target)
            for left, right in pairs.values_list(f"{source}_id", f"{target}_id").iterator():
                right = mapper.get(right, right) if mapper else right
                digest.update(_canonical([through._meta.label, left, right]))
    return {"counts": counts, "fingerprint": digest.hexdigest()}


def _canonical(values):
    return json.dumps(values, default=str, sort_keys=True, ensure_ascii=False).encode() + b"\n"


def manifest_path(path):
    return Path(f"{path}.manifest.json")


def write_manifest(path, kind, state):
    manifest = {
        "format": MANIFEST_FORMAT,
        "kind": kind,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        **state,
    }
    manifest_path(path).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def read_manifest(path):
    try:
        manifest = json.loads(manifest_path(path).read_text())
    except FileNotFoundError as error:
        raise BackupError(f"No manifest beside the backup: {manifest_path(path)}") from error
    if manifest.get("format") != MANIFEST_FORMAT:
        raise BackupError(f"Not a registry backup manifest: {manifest_path(path)}")
    return manifest


def _snapshot(using):
    """Open one consistent snapshot for the whole backup (PostgreSQL: repeatable read)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def export_json(path, using="default"):
    """Write every backed-up row as Django JSON (natural keys for content types and users)."""
    with transaction.atomic(using=using):
        _snapshot(using)
        state = fingerprint(using)
        call_command(
            "dumpdata",
            *BACKUP_LABELS,
            database=using,
            natural_foreign=True,
            output=str(path),
            verbosity=0,
        )
    return write_manifest(path, "json", state)


def import_json(path, using="default", replace=False):
    """Load a JSON export in one transaction; anything short of an identical result rolls back."""
    manifest = read_manifest(path)
    if manifest["kind"] != "json":
        raise BackupError("This manifest describes a PostgreSQL dump; restore it with --format pg.")
    with transaction.atomic(using=using):
        present = {label: n for label, n in fingerprint(using)["counts"].items() if n}
        if present and not replace:
            raise BackupError(
                "The database already holds data "
                f"({', '.join(sorted(present))}); pass --replace to overwrite it."
            )
        if present:
            _empty_backup_tables(using)
        call_command("loaddata", str(path), database=using, verbosity=0)
        restored = fingerprint(using)
        if restored != {key: manifest[key] for key in ("counts", "fingerprint")}:
            raise BackupError(
                "The restored data differs from the backup's manifest; nothing was changed."
            )
    return manifest


def _empty_backup_tables(using):
    connection = connections[using]
    tables = set()
    for model in backup_models():
        tables.add(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            if field.remote_field.through._meta.auto_created:
                tables.add(field.remote_field.through._meta.db_table)
    statements = connection.ops.sql_flush(
        no_style(), sorted(tables), reset_sequences=False, allow_cascade=True
    )
    connection.ops.execute_sql_flush(statements)


def _pg_environment(using):
    settings = connections[using].settings_dict
    if connections[using].vendor != "postgresql":
        raise BackupError("PostgreSQL dumps need a PostgreSQL database; use --format json.")
    environment = {**os.environ, "PGDATABASE": settings["NAME"]}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if settings.get(key):
            environment[variable] = str(settings[key])
    return environment


def _tool(name):
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return found


def dump_pg(path, using="default"):
    """pg_dump's custom format, taken in the same snapshot the manifest's fingerprint reads."""
    environment = _pg_environment(using)
    pg_dump = _tool("pg_dump")
    with transaction.atomic(using=using):
        _snapshot(using)
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        state = fingerprint(using)
        _run(
            [pg_dump, "--format=custom", "--no-owner", "--no-privileges",
             f"--snapshot={snapshot}", f"--file={path}"],
            environment,
        )  # fmt: skip
    return write_manifest(path, "pg", state)


def restore_pg(path, using="default"):
    """pg_restore in a single transaction (all or nothing), then check the fingerprint."""
    manifest = read_manifest(path)
    if manifest["kind"] != "pg":
        raise BackupError("This manifest describes a JSON export; restore it with --format json.")
    environment = _pg_environment(using)
    connections[using].close()
    _run(
        [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
         "--single-transaction", "--exit-on-error", f"--dbname={environment['PGDATABASE']}",
         str(path)],
        environment,
    )  # fmt: skip
    restored = fingerprint(using)
    if restored != {key: manifest[key] for key in ("counts", "fingerprint")}:
        raise BackupError("The restored database differs from the backup's manifest.")
    return manifest


def _run(command, environment):
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")
