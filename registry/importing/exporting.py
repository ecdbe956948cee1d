"""Exports that re-import as they are: same columns, same values, formula-safe.

Rows are produced in key order a chunk at a time (related codes joined in SQL,
many-to-many codes fetched per chunk), so a 100,000-row export never holds the table in
memory. CSV and JSON stream; XLSX is written row by row by openpyxl's write-only mode.
"""

import csv
import datetime as dt
import io
import json
import tempfile
from decimal import Decimal

from django.db.models import Case, F, Q, When
from django.utils import translation
from openpyxl import Workbook

from . import cells
from .schema import citable_models

CHUNK = 2000
# Excel stores numbers as doubles: beyond 15 significant digits write text, which
# the importer reads back exactly.
EXCEL_DIGITS = 15


def related_path(column):
    """The lookup that reaches a related record's code."""
    return f"{column.name}__code"


class SheetRows:
    """How the export reads a sheet: one ``values()`` query, then one row per record.

    Related records are named by code: a foreign key's code is joined in SQL, a
    many-to-many's codes are fetched once per chunk of records. :meth:`related_filter`
    chooses which related records may be named (all of them here; the public API's
    CSV names published ones only, so it reuses these rows rather than a copy of them).
    """

    def __init__(self, sheet):
        self.sheet = sheet
        self.lookups = []  # per column: its key in a values() row, or None
        self.fields, self.expressions = ["pk"], {}
        for column in sheet.columns:
            if column.kind == "fk":
                lookup = related_path(column)
                named = self.related_filter(column.related)
                if named:
                    condition = Q(**{f"{column.name}__{k}": v for k, v in named.items()})
                    self.expressions[lookup] = Case(When(condition, then=F(lookup)))
                else:
                    self.fields.append(lookup)
            elif column.kind in ("record_type", "record", "m2m"):
                lookup = None
            else:
                lookup = column.attname
                self.fields.append(lookup)
            self.lookups.append(lookup)
        self.m2m_columns = [c for c in sheet.columns if c.kind == "m2m"]
        self.record_codes = None
        if sheet.model._meta.model_name == "citation":
            self.fields += ["content_type_id", "object_id"]
            self.record_codes = RecordCodes()

    def related_filter(self, model):
        """Lookups a related record of ``model`` must match to be named; ``None``: any."""
        return None

    def values(self, queryset):
        """``queryset`` as the ``values()`` rows that :meth:`rows` reads."""
        return queryset.values(*self.fields, **self.expressions)

    def rows(self, chunk):
        """The export row (Python values) of each ``values()`` row of ``chunk``, in order."""
        pks = [row["pk"] for row in chunk]
        links = {
            c.name: m2m_codes(c, pks, self.related_filter(c.related)) for c in self.m2m_columns
        }
        if self.record_codes is not None:
            self.record_codes.load(chunk)
        for row in chunk:
            out = []
            for column, lookup in zip(self.sheet.columns, self.lookups, strict=True):
                if column.kind == "m2m":
                    out.append(cells.export_value(column, links[column.name].get(row["pk"], [])))
                elif column.kind == "record_type":
                    out.append(self.record_codes.type_name(row["content_type_id"]))
                elif column.kind == "record":
                    out.append(self.record_codes.code(row["content_type_id"], row["object_id"]))
                elif column.kind == "date":
                    precision = row.get(f"{column.name}_precision")
                    out.append(cells.export_value(column, row[lookup], precision))
                elif (
                    column.kind == "precision"
                    and row.get(column.name.removesuffix("_precision"), 0) is None
                ):
                    out.append("")  # the precision of a date nobody knows says nothing
                else:
                    out.append(cells.export_value(column, row[lookup]))
            yield out


def sheet_rows(sheet, queryset=None):
    """Rows of export values (Python objects) for ``sheet``, in key order, chunked."""
    queryset = sheet.model._default_manager.all() if queryset is None else queryset
    reader = SheetRows(sheet)
    last_pk = None
    queryset = queryset.order_by("pk")
    while True:
        chunk_qs = queryset if last_pk is None else queryset.filter(pk__gt=last_pk)
        chunk = list(reader.values(chunk_qs)[:CHUNK])
        if not chunk:
            return
        last_pk = chunk[-1]["pk"]
        yield from reader.rows(chunk)


def m2m_codes(column, pks, named=None):
    """Codes of the records each of ``pks`` links to (those matching ``named`` lookups)."""
    through = column.model_field.remote_field.through
    source = column.model_field.m2m_field_name()
    target = column.model_field.m2m_reverse_field_name()
    links = through.objects.filter(**{f"{source}_id__in": pks})
    if named:
        links = links.filter(**{f"{target}__{k}": v for k, v in named.items()})
    codes = {}
    for left, code in links.order_by(f"{target}__code").values_list(
        f"{source}_id", f"{target}__code"
    ):
        codes.setdefault(left, []).append(code)
    return codes


class RecordCodes:
    """Codes of the records that a chunk of citations points to."""

    def __init__(self):
        from django.contrib.contenttypes.models import ContentType

        self.models = {
            ct.pk: model
            for model, ct in ContentType.objects.get_for_models(*citable_models()).items()
        }
        self.codes = {}
        self.children = {}

    def load(self, chunk):
        wanted = {}
        for row in chunk:
            wanted.setdefault(row["content_type_id"], set()).add(row["object_id"])
        for type_id, ids in wanted.items():
            model = self.models.get(type_id)
            if model is None:
                continue
            if any(f.name == "code" for f in model._meta.fields):
                rows = model._default_manager.filter(pk__in=ids).values_list("pk", "code")
                self.codes.update(((type_id, pk), code) for pk, code in rows)
            elif type_id not in self.children:
                self.children[type_id] = cells.resolver_for(model).labels
                self.codes.update(
                    ((type_id, pk), label) for pk, label in self.children[type_id].items()
                )

    def type_name(self, type_id):
        model = self.models.get(type_id)
        return model._meta.model_name if model else ""

    def code(self, type_id, object_id):
        return self.codes.get((type_id, object_id), "")


def text_cell(value):
    if value is None:
        return ""
    if isinstance(value, Decimal | int | float):
        return str(value)
    return cells.guard_formula(str(value))


class Echo:
    def write(self, value):
        return value


def csv_stream(sheet, queryset=None, language="en"):
    """CSV lines as UTF-8 with a BOM (so Excel reads Arabic), one chunk at a time."""
    with translation.override(language):
        headers = sheet.headers(language)
    return csv_lines(headers, sheet_rows(sheet, queryset))


def csv_lines(headers, rows):
    """The BOM, the header line, then ``rows`` of export values, formula-safe, as bytes."""
    writer = csv.writer(Echo())
    yield "\ufeff".encode()
    yield writer.writerow(headers).encode()
    buffer = []
    for row in rows:
        buffer.append(writer.writerow([text_cell(value) for value in row]))
        if len(buffer) >= 500:
            yield "".join(buffer).encode()
            buffer = []
    if buffer:
        yield "".join(buffer).encode()


def json_value(value):
    if isinstance(value, Decimal):
        return str(value)
    return value


def json_stream(sheets_and_querysets, language="en", *, workbook=False):
    """A JSON list of objects keyed by header, or an object of sheet -> list (workbook)."""
    if workbook:
        yield b"{"
    for index, (sheet, queryset) in enumerate(sheets_and_querysets):
        headers = sheet.headers(language)
        if workbook:
            yield ("," if index else "").encode() + json.dumps(sheet.name).encode() + b":"
        yield b"["
        first = True
        for row in sheet_rows(sheet, queryset):
            item = dict(zip(headers, map(json_value, row), strict=True))
            yield (b"" if first else b",\n") + json.dumps(item, ensure_ascii=False).encode()
            first = False
        yield b"]"
    if workbook:
        yield b"}"


def xlsx_value(value):
    """A cell value for openpyxl: numbers stay numbers, text is formula-guarded.

    Plain values, not cell objects: openpyxl's write-only mode writes them several times
    faster, and guarded text never starts with "=", so it is never taken for a formula.
    """
    if isinstance(value, Decimal):
        if len(value.as_tuple().digits) <= EXCEL_DIGITS:
            return float(value) if value % 1 else int(value)
        return str(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return cells.guard_formula(value or "")


def write_xlsx(target, sheets_and_querysets, language="en", progress=None):
    """Write a workbook with one sheet per (sheet, queryset) to the file object ``target``."""
    workbook = Workbook(write_only=True)
    for sheet, queryset in sheets_and_querysets:
        with translation.override(language):
            worksheet = workbook.create_sheet(sheet.name)
        worksheet.append([xlsx_value(h) for h in sheet.headers(language)])
        rows = sheet_rows(sheet, queryset)
        if progress is not None:
            rows = progress(rows, desc=sheet.name)
        for row in rows:
            worksheet.append([xlsx_value(value) for value in row])
    workbook.save(target)


def xlsx_file(sheets_and_querysets, language="en"):
    """A spooled temporary file holding the workbook, rewound, for a file response."""
    # The response closes it once sent.
    target = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    write_xlsx(target, sheets_and_querysets, language)
    target.seek(0)
    return target


def export_bytes(fmt, sheet, queryset=None, language="en"):
    """The whole export in memory: for tests and small command-line exports."""
    if fmt == "csv":
        return b"".join(csv_stream(sheet, queryset, language))
    if fmt == "json":
        return b"".join(json_stream([(sheet, queryset)], language))
    buffer = io.BytesIO()
    write_xlsx(buffer, [(sheet, queryset)], language)
    return buffer.getvalue()
