from django.core.management.base import BaseCommand, CommandError

from registry.backup import BackupError, dump_pg, export_json


class Command(BaseCommand):
    help = (
        "Back up the registry to a file, with a manifest (row counts and fingerprint) beside it. "
        "--format pg: a pg_dump of the whole PostgreSQL database; --format json: a "
        "database-independent export of the registry, staff accounts and admin log "
        "(name the file .json, .json.gz or .json.xz to compress it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="file to write")
        parser.add_argument("--format", choices=["pg", "json"], default="json")
        parser.add_argument("--database", default="default")

    def handle(self, path, format, database, **options):
        try:
            if format == "pg":
                manifest = dump_pg(path, using=database)
            else:
                manifest = export_json(path, using=database)
        except BackupError as error:
            raise CommandError(error) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(f"{path}: {rows} rows, fingerprint {manifest['fingerprint']}")
