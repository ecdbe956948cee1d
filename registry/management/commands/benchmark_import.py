"""Measure imports and exports of N generated zones against baselines run in the same process.

Each measurement runs in a transaction that is rolled back, so the database is left as
it was. Paths compared: ours (as the admin and import_registry run it: parsing,
validation, history), stock django-import-export, Django ``bulk_create`` (no validation,
no history) and PostgreSQL ``COPY`` (the floor). Stock django-import-export runs about
650 rows/s, so it is measured on a sample (``--stock-rows``) and reported per row.
"""

import csv
import gc
import io
import os
import threading
import time
from dataclasses import dataclass

import tablib
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone
from import_export.resources import modelresource_factory

from registry.importing import exporting
from registry.importing.schema import sheet_for
from registry.importing.service import import_file
from registry.models import Zone

COLUMNS = [
    "code",
    "name_ar",
    "name_fr",
    "name_en",
    "kind",
    "status",
    "area_ha",
    "latitude",
    "longitude",
    "description_fr",
]
PAGE = os.sysconf("SC_PAGE_SIZE")


class Rollback(Exception):
    pass


@dataclass
class Measurement:
    name: str
    rows: int
    seconds: float
    peak_mb: float
    note: str = ""

    @property
    def per_second(self):
        return self.rows / self.seconds if self.seconds else float("inf")


class PeakMemory:
    """Samples the process's resident memory while a measurement runs."""

    def __enter__(self):
        self.peak, self.running = self.rss(), True
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()

    def sample(self):
        while self.running:
            self.peak = max(self.peak, self.rss())
            time.sleep(0.02)

    @staticmethod
    def rss():
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * PAGE


def generate_rows(count):
    kinds = ["industrial_zone", "industrial_quarter", "agropole", "technology_park"]
    for i in range(count):
        yield [
            f"BENCH-{i:07d}",
            f"المنطقة الصناعية رقم {i}",
            f"Zone industrielle n° {i}",
            f"Industrial zone no. {i}",
            kinds[i % len(kinds)],
            "operational",
            f"{(i % 5000) + 1}.25",
            f"{30 + (i % 500) / 100:.6f}",
            f"{-9 + (i % 700) / 100:.6f}",
            f'Description {i}, with some text; and "quotes".',
        ]


def csv_bytes(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def xlsx_bytes(rows):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("zone")
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([*row[:6], float(row[6]), float(row[7]), float(row[8]), row[9]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Benchmark zone imports and exports: ours against stock, bulk_create and COPY."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument(
            "--stock-rows",
            type=int,
            default=2_000,
            help="rows for stock django-import-export (it is slow)",
        )

    def measure(self, name, rows, action, note=""):
        gc.collect()
        with PeakMemory() as memory:
            started = time.perf_counter()
            action()
            seconds = time.perf_counter() - started
        result = Measurement(name, rows, seconds, memory.peak / 2**20, note)
        self.results.append(result)
        self.stderr.write(f"  {name}: {result.per_second:,.0f} rows/s")
        return result

    def in_rollback(self, *steps):
        """Run steps (callables) in one transaction, then undo it.

        Each starts from vacuumed tables: the rows earlier measurements rolled back would
        otherwise linger as dead tuples that every later scan wades through, a cost no
        live database carries once autovacuum has passed.
        """
        if connection.vendor == "postgresql":
            tables = [Zone._meta.db_table, Zone.history.model._meta.db_table]
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM ANALYZE {', '.join(tables)}")
        try:
            with transaction.atomic():
                for step in steps:
                    step()
                raise Rollback
        except Rollback:
            pass

    def handle(self, *args, **options):
        count, stock_count = options["rows"], min(options["stock_rows"], options["rows"])
        self.results = []
        self.stderr.write(f"Generating {count:,} zone rows...")
        data_csv, data_xlsx = csv_bytes(generate_rows(count)), xlsx_bytes(generate_rows(count))
        stock_csv = csv_bytes(generate_rows(stock_count))
        self.stdout.write(
            f"{count:,} rows: CSV {len(data_csv) / 2**20:.1f} MB, "
            f"XLSX {len(data_xlsx) / 2**20:.1f} MB; database {connection.vendor}"
        )

        def ours(data, name):
            def run():
                result = import_file(data, name, model=Zone, check_upload_size=False)
                assert result.ok, result.errors[:3]
                self.last_result = result

            return run

        history = Zone.history.model.objects
        self.in_rollback(lambda: self.measure("ours: CSV create", count, ours(data_csv, "b.csv")))
        self.in_rollback(
            lambda: self.measure("ours: XLSX create", count, ours(data_xlsx, "b.xlsx"))
        )

        def unchanged():
            ours(data_csv, "b.csv")()
            before = history.count()
            self.measure("ours: CSV re-import, unchanged", count, ours(data_csv, "b.csv"))
            assert not self.last_result.changed and history.count() == before
            self.measure(
                "ours: CSV export", count, lambda: b"".join(exporting.csv_stream(sheet_for(Zone)))
            )
            self.measure(
                "ours: XLSX export", count, lambda: exporting.export_bytes("xlsx", sheet_for(Zone))
            )
            resource = modelresource_factory(Zone)()
            sample = Zone.objects.filter(code__lte=f"BENCH-{stock_count - 1:07d}")
            self.measure(
                "stock: CSV export",
                stock_count,
                lambda: resource.export(queryset=sample).csv,
                f"sample of {stock_count:,}",
            )

        self.in_rollback(unchanged)

        resource_class = modelresource_factory(
            Zone, meta_options={"import_id_fields": ["code"], "fields": COLUMNS}
        )

        def stock():
            dataset = tablib.Dataset().load(stock_csv.decode(), format="csv")
            result = resource_class().import_data(dataset, raise_errors=True)
            assert not result.has_errors()

        note = f"sample of {stock_count:,}"
        self.in_rollback(lambda: self.measure("stock: CSV create", stock_count, stock, note))
        self.in_rollback(
            stock,
            lambda: self.measure("stock: CSV re-import, unchanged", stock_count, stock, note),
        )

        def bulk():
            objects = [Zone(**dict(zip(COLUMNS, row, strict=True))) for row in generate_rows(count)]
            for obj in objects:
                obj.refresh_search_text()
            Zone.objects.bulk_create(objects, batch_size=1000)

        self.in_rollback(lambda: self.measure("Django bulk_create", count, bulk, "no checks"))
        if connection.vendor == "postgresql":
            self.in_rollback(lambda: self.measure("PostgreSQL COPY", count, self.copy(count)))
        self.report()

    def copy(self, count):
        fields = [f for f in Zone._meta.concrete_fields if f.attname != "id"]
        defaults = {f.attname: f.get_default() for f in fields}

        data = csv_bytes(generate_rows(count))
        # The rows as an import stores them, search document included, so the database
        # does the same indexing work (its trigram index); computing the documents is
        # our cost, so it happens before the clock starts.
        documents = [
            Zone.build_search_text(dict(zip(COLUMNS, row, strict=True)).get)
            for row in generate_rows(count)
        ]

        def run():
            # The same work as an import of the CSV file: decode, parse, stream.
            reader = csv.reader(io.StringIO(data.decode()))
            next(reader)
            columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
            now = timezone.now()
            with (
                connection.cursor() as cursor,
                cursor.cursor.copy(f"COPY {Zone._meta.db_table} ({columns}) FROM STDIN") as copy,
            ):
                for row, document in zip(reader, documents, strict=True):
                    values = defaults | dict(zip(COLUMNS, row, strict=True))
                    values["aliases"] = "[]"
                    values["search_text"] = document
                    values["created"] = values["updated"] = now
                    copy.write_row([values[f.attname] for f in fields])

        return run

    def report(self):
        by_name = {m.name: m for m in self.results}
        floor = by_name.get("PostgreSQL COPY")
        header = (
            f"{'path':34} {'rows':>8} {'seconds':>8} {'rows/s':>10} {'peak MB':>8} "
            f"{'× COPY':>7}  note"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for m in self.results:
            ratio = (m.seconds / m.rows) / (floor.seconds / floor.rows) if floor else None
            self.stdout.write(
                f"{m.name:34} {m.rows:8,} {m.seconds:8.2f} {m.per_second:10,.0f} "
                f"{m.peak_mb:8.0f} {f'{ratio:.1f}' if ratio else '-':>7}  {m.note}"
            )

        def speed(name):
            return by_name[name].per_second

        unchanged = "ours: CSV re-import, unchanged"
        lines = [
            "",
            "ours CSV create vs stock: %.1f× faster (target ≥ 15×)"
            % (speed("ours: CSV create") / speed("stock: CSV create")),
            "ours re-import unchanged vs stock: %.1f× faster"
            % (speed(unchanged) / speed("stock: CSV re-import, unchanged")),
            "ours CSV export vs stock: %.1f× faster"
            % (speed("ours: CSV export") / speed("stock: CSV export")),
        ]
        if floor:
            for name, target in (("ours: CSV create", 8), ("ours: XLSX create", 10)):
                ratio = floor.per_second / speed(name)
                lines.append(f"{name}: {ratio:.1f}× COPY time (target ≤ {target}×)")
        lines.append(f"re-import unchanged: {speed(unchanged):,.0f} rows/s (target ≥ 20,000)")
        # Resident memory of the whole process, so a baseline's peak includes what earlier
        # measurements left behind; the target is about our own paths.
        peak = max(m.peak_mb for m in self.results if m.name.startswith("ours"))
        lines.append(f"peak memory of our paths: {peak:.0f} MB (target < 500 MB)")
        for line in lines:
            self.stdout.write(line)
