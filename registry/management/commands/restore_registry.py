from django.core.management.base import BaseCommand, CommandError

from registry.backup import BackupError, import_json, restore_pg


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_registry and check that the result is identical to "
        "what was backed up (the manifest's fingerprint). --format json loads into a migrated "
        "database of any engine in one transaction and refuses to overwrite data unless "
        "--replace; --format pg runs pg_restore --clean in a single transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="backup file")
        parser.add_argument("--format", choices=["pg", "json"], default="json")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--replace", action="store_true", help="json: delete the data already there first"
        )

    def handle(self, path, format, database, replace, **options):
        try:
            if format == "pg":
                manifest = restore_pg(path, using=database)
            else:
                manifest = import_json(path, using=database, replace=replace)
        except BackupError as error:
            raise CommandError(error) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(f"restored {rows} rows, fingerprint {manifest['fingerprint']} verified")
