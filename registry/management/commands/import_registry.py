"""Import an XLSX, CSV or JSON file into the registry, all or nothing."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from registry.importing.schema import SHEETS_BY_NAME
from registry.importing.service import import_file

PROGRESS_THRESHOLD = 1000  # rows; smaller files finish before a bar is worth drawing


def progress_bar(stream):
    def progress(rows, desc, total):
        return tqdm(
            rows,
            desc=desc,
            total=total,
            unit="rows",
            file=stream,
            disable=total < PROGRESS_THRESHOLD,
        )

    return progress


class Command(BaseCommand):
    help = (
        "Import a spreadsheet. A workbook with one sheet per table (as export_registry "
        "writes it) imports the whole registry; --table imports one table from a CSV, JSON "
        "or single-sheet XLSX. Nothing is written if any row is invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="an .xlsx, .csv or .json file")
        parser.add_argument("--table", choices=sorted(SHEETS_BY_NAME), help="the table to import")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument("--user", help="username recorded in the change history")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user named {options['user']!r}.")
        model = SHEETS_BY_NAME[options["table"]].model if options["table"] else None
        result = import_file(
            path.read_bytes(),
            path.name,
            model=model,
            user=user,
            dry_run=options["dry_run"],
            progress=progress_bar(self.stderr._out),
            check_upload_size=False,
        )
        for sheet in result.sheets:
            counts = ", ".join(
                f"{count} {status}" for status, count in sheet.as_dict()["counts"].items()
            )
            self.stdout.write(f"{sheet.sheet}: {counts}")
        for error in result.errors:
            self.stderr.write(error)
        if not result.ok:
            raise CommandError(result.summary())
        self.stdout.write(self.style.SUCCESS(result.summary()))
