"""Export the registry, or one table, to a file that import_registry reads back as is."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from registry.importing import exporting
from registry.importing.readers import FORMATS
from registry.importing.schema import LANGUAGES, SHEETS, SHEETS_BY_NAME
from registry.management.commands.import_registry import PROGRESS_THRESHOLD


class Command(BaseCommand):
    help = (
        "Export to .xlsx (one sheet per table, in dependency order), .json, or with --table "
        "to .csv. Headers are written in --language."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", help="file to write: .xlsx, .json or .csv")
        parser.add_argument("--table", choices=sorted(SHEETS_BY_NAME), help="one table only")
        parser.add_argument(
            "--language", choices=LANGUAGES, default="en", help="language of the column headers"
        )

    def handle(self, *args, **options):
        path = Path(options["output"])
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise CommandError("Write to a .xlsx, .csv or .json file.")
        sheets = [SHEETS_BY_NAME[options["table"]]] if options["table"] else SHEETS
        if fmt == "csv" and len(sheets) > 1:
            raise CommandError("A CSV holds one table: give --table, or write .xlsx or .json.")
        language = options["language"]

        pairs = [(sheet, None) for sheet in sheets]
        counts = {sheet.name: sheet.model._default_manager.count() for sheet in sheets}

        def progress(rows, desc):
            total = counts[desc]
            return tqdm(
                rows,
                desc=desc,
                total=total,
                unit="rows",
                file=self.stderr._out,
                disable=total < PROGRESS_THRESHOLD,
            )

        with path.open("wb") as target:
            if fmt == "xlsx":
                exporting.write_xlsx(target, pairs, language, progress=progress)
            elif fmt == "json":
                for chunk in exporting.json_stream(pairs, language, workbook=len(sheets) > 1):
                    target.write(chunk)
            else:
                for chunk in exporting.csv_stream(sheets[0], None, language):
                    target.write(chunk)
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} rows")
        self.stdout.write(self.style.SUCCESS(f"Wrote {path} ({sum(counts.values())} rows)."))
