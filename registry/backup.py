"""Backups: a PostgreSQL dump, and a database-independent JSON export, each with a manifest.

The manifest beside every backup holds the row count of each model and a fingerprint:
a SHA-256 over every row of every model in ``BACKUP_MODELS`` (primary keys included,
references to content types and permissions by natural key, since their ids differ
between databases). A restore recomputes it, so "restored" means "identical".
"""

import gzip
import hashlib
import json
import lzma
import os
import shutil
import subprocess
from collections import defaultdict
from datetime import UTC, datetime, time
from itertools import chain
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
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
    """Row counts and a SHA-256 per model, and one SHA-256 over all of them."""
    counts, digests = {}, {}
    natural = {ContentType: _natural(ContentType, using), Permission: _natural(Permission, using)}
    for model in backup_models():
        label = model._meta.label
        digest = hashlib.sha256()
        fields = list(model._meta.concrete_fields)
        mappers = [natural.get(getattr(field, "related_model", None)) for field in fields]
        rows = model._base_manager.using(using).order_by("pk")
        count = 0
        for row in rows.values_list(*[field.attname for field in fields]).iterator(2000):
            digest.update(
                _canonical(
                    [
                        mapper.get(value, value) if mapper else value
                        for value, mapper in zip(row, mappers, strict=True)
                    ]
                )
            )
            count += 1
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if not through._meta.auto_created:
                continue
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            mapper = natural.get(field.related_model)
            pairs = through.objects.using(using).order_by(source, target)
            for left, right in pairs.values_list(f"{source}_id", f"{target}_id").iterator():
                right = mapper.get(right, right) if mapper else right
                digest.update(_canonical([field.name, left, right]))
        counts[label] = count
        digests[label] = digest.hexdigest()
    overall = hashlib.sha256(_canonical(sorted(digests.items()))).hexdigest()
    return {"counts": counts, "digests": digests, "fingerprint": overall}


def differences(state, manifest):
    """The models whose content differs between a database state and a manifest."""
    return sorted(
        label
        for label in {*state["digests"], *manifest["digests"]}
        if state["digests"].get(label) != manifest["digests"].get(label)
    )


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


def _snapshot(using, outermost):
    """Make the transaction one consistent snapshot (PostgreSQL: repeatable read).

    Only possible as the transaction's first statement, so not inside a caller's transaction.
    """
    connection = connections[using]
    if connection.vendor == "postgresql" and outermost:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


class PreciseJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but keeping microseconds (it rounds times to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


def _open_for_writing(path):
    path = str(path)
    if path.endswith(".gz"):
        return gzip.open(path, "wt", encoding="utf-8")
    if path.endswith(".xz"):
        return lzma.open(path, "wt", encoding="utf-8")
    return open(path, "w", encoding="utf-8")


def _export_rows(model, using):
    """All rows of a model, with what the serializer reads per row fetched in bulk."""
    rows = model._base_manager.using(using).order_by("pk")
    natural_keyed = [
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation and hasattr(field.related_model, "natural_key")
    ]
    many = [
        field.name
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    return rows.select_related(*natural_keyed).prefetch_related(*many)


def export_json(path, using="default"):
    """Write every backed-up row as Django JSON (natural keys for content types and users)."""
    models = serializers.sort_dependencies([(None, backup_models())], allow_cycles=True)
    outermost = not connections[using].in_atomic_block
    with transaction.atomic(using=using):
        _snapshot(using, outermost)
        state = fingerprint(using)
        rows = chain.from_iterable(
            _export_rows(model, using).iterator(chunk_size=2000) for model in models
        )
        with _open_for_writing(path) as stream:
            serializers.serialize(
                "json",
                rows,
                stream=stream,
                use_natural_foreign_keys=True,
                cls=PreciseJSONEncoder,
            )
    return write_manifest(path, "json", state)


def import_json(path, using="default", replace=False):
    """Load a JSON export in one transaction; anything short of an identical result rolls back."""
    manifest = read_manifest(path)
    if manifest["kind"] != "json":
        raise BackupError("This manifest describes a PostgreSQL dump; restore it with --format pg.")
    with transaction.atomic(using=using):
        present = {label: n for label, n in fingerprint(using)["counts"].items() if n}
        if _only_seeded_by_migrate(present, using):
            present = {}  # a freshly migrated database: the backup brings its own groups
            _empty_backup_tables(using)
        if present and not replace:
            raise BackupError(
                "The database already holds data "
                f"({', '.join(sorted(present))}); pass --replace to overwrite it."
            )
        if present:
            _empty_backup_tables(using)
        _load_rows(path, using)
        changed = differences(fingerprint(using), manifest)
        if changed:
            raise BackupError(
                "The restored data differs from the backup's manifest "
                f"({', '.join(changed)}); nothing was changed."
            )
    return manifest


def _open_for_reading(path):
    path = str(path)
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    if path.endswith(".xz"):
        return lzma.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def _load_rows(path, using, batch_size=2000):
    """Insert the rows as they are, in batches, without signals.

    Like loaddata, but a batch is one INSERT instead of an UPDATE-or-INSERT per row, and
    no signal fires, so simple_history records nothing (the backup holds the history) and
    ``auto_now`` timestamps keep their stored values. Foreign keys are checked at commit.
    """
    connection = connections[using]
    loaded, batch, links, deferred = set(), [], defaultdict(list), []

    def flush():
        if batch:
            model = type(batch[0])
            model._base_manager.using(using)._insert(
                batch, fields=model._meta.local_concrete_fields, using=using, raw=True
            )
            loaded.add(model)
            batch.clear()

    with _open_for_reading(path) as stream:
        rows = serializers.deserialize("json", stream, using=using, handle_forward_references=True)
        for row in rows:
            instance = row.object
            if batch and (type(batch[0]) is not type(instance) or len(batch) >= batch_size):
                flush()
            batch.append(instance)
            if row.deferred_fields:
                deferred.append(row)
            for name, targets in row.m2m_data.items():
                field = type(instance)._meta.get_field(name)
                through = field.remote_field.through
                source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
                links[through].extend(
                    through(**{f"{source}_id": instance.pk, f"{target}_id": pk}) for pk in targets
                )
        flush()
    for row in deferred:
        row.save_deferred_fields(using=using)
    for through, objects in links.items():
        through.objects.using(using).bulk_create(objects, batch_size=batch_size)
    statements = connection.ops.sequence_reset_sql(no_style(), sorted(loaded, key=str))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _only_seeded_by_migrate(present, using):
    """True when the only rows are what ``migrate`` creates: the staff groups and the
    data-version row (migration 0005), still at version 0."""
    from django.contrib.auth.models import Group

    from registry.groups import GROUP_ACTIONS
    from registry.models import DataVersion

    return (
        set(present) <= {"auth.Group", "registry.DataVersion"}
        and not Group.objects.using(using).exclude(name__in=GROUP_ACTIONS).exists()
        and not DataVersion.objects.using(using).exclude(version=0).exists()
    )


def _empty_backup_tables(using):
    connection = connections[using]
    tables = set()
    for model in backup_models():
        tables.add(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            if field.remote_field.through._meta.auto_created:
                tables.add(field.remote_field.through._meta.db_table)
    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables with deferred foreign-key checks still pending.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    statements = connection.ops.sql_flush(
        no_style(), sorted(tables), reset_sequences=False, allow_cascade=True
    )
    connection.ops.execute_sql_flush(statements)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # loading relies on checks deferred to commit
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


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
    outermost = not connections[using].in_atomic_block
    with transaction.atomic(using=using):
        _snapshot(using, outermost)
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
    changed = differences(fingerprint(using), manifest)
    if changed:
        raise BackupError(
            f"The restored database differs from the backup's manifest ({', '.join(changed)})."
        )
    return manifest


def _run(command, environment):
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")
