"""The import: match rows on natural keys, validate everything, then write all or nothing.

``import_tables`` runs inside one transaction holding a per-table lock, so two imports
into the same table run one after the other and never interleave. Nothing is written
unless every row of every sheet is valid; a dry run (the preview) does all the work and
rolls it back. Writes go through simple-history's bulk helpers, so imported changes show
in each record's history with the reason ``import: <file name>``. Primary-key sequences
are never touched (django-import-export resets them after each import, which races with
concurrent inserts).
"""

import gc
import zlib
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, cached_property

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from simple_history.utils import bulk_update_with_history

from registry.lookups import rows_matching

from . import cells, fastpath
from .cells import CellError
from .readers import FileRejected, Table, read_tables
from .schema import (
    MONEY_FIELDS,
    QUALIFIED_FIELDS,
    SHEETS,
    citable_models,
    current_language,
    sheet_for,
    sheet_named,
)

CHANGE_REASON_PREFIX = "import: "
BATCH_SIZE = 1000
# Rows converted and checked before they are written; bounds an import's memory.
FLUSH_SIZE = 5000
MAX_REPORTED_CHANGES = 1000
NEW, UPDATED, UNCHANGED, INVALID, DELETED = "new", "updated", "unchanged", "invalid", "deleted"
# "updated" alone is also the label of the records' timestamp: the context tells them apart.
STATUS_LABELS = {
    NEW: pgettext_lazy("import status", "new"),
    UPDATED: pgettext_lazy("import status", "updated"),
    UNCHANGED: pgettext_lazy("import status", "unchanged"),
    INVALID: pgettext_lazy("import status", "invalid"),
    DELETED: pgettext_lazy("import status", "deleted"),
}


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        return _("row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class RowChange:
    row: int
    key: str
    status: str
    diff: dict = field(default_factory=dict)  # header -> [old, new]


@dataclass
class SheetResult:
    sheet: str
    title: str
    counts: Counter = field(default_factory=Counter)
    changes: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def record(self, change):
        self.counts[change.status] += 1
        if change.status != UNCHANGED and len(self.changes) < MAX_REPORTED_CHANGES:
            self.changes.append(change)

    def as_dict(self):
        return {
            "sheet": self.sheet,
            "title": self.title,
            "counts": {status: self.counts.get(status, 0) for status in STATUS_LABELS},
            "changes": [vars(change) for change in self.changes],
            "errors": [str(error) for error in self.errors],
        }


@dataclass
class ImportResult:
    file_name: str
    dry_run: bool
    sheets: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)

    @property
    def errors(self):
        return [*self.file_errors, *(str(e) for s in self.sheets for e in s.errors)]

    @property
    def ok(self):
        return not self.errors

    @property
    def totals(self):
        total = Counter()
        for sheet in self.sheets:
            total.update(sheet.counts)
        return {status: total.get(status, 0) for status in STATUS_LABELS}

    @property
    def changed(self):
        totals = self.totals
        return bool(totals[NEW] or totals[UPDATED] or totals[DELETED])

    def summary(self):
        totals = self.totals
        if not self.ok:
            return _("%(count)s error(s); nothing was imported.") % {"count": len(self.errors)}
        counts = (
            _("%(new)s new, %(updated)s updated, %(unchanged)s unchanged, %(deleted)s deleted")
            % totals
        )
        if not self.changed:
            return _("Nothing to change: the file matches the registry (%(counts)s).") % {
                "counts": counts
            }
        if self.dry_run:
            return _("Preview: %(counts)s. Nothing has been written yet.") % {"counts": counts}
        return _("Imported: %(counts)s.") % {"counts": counts}

    def as_dict(self):
        return {
            "file_name": self.file_name,
            "dry_run": self.dry_run,
            "ok": self.ok,
            "summary": self.summary(),
            "totals": self.totals,
            "errors": self.errors,
            "file_errors": self.file_errors,
            "sheets": [sheet.as_dict() for sheet in self.sheets],
        }


def lock_tables(models):
    """Serialise imports per table until the transaction ends.

    PostgreSQL: transaction-scoped advisory locks, taken in a fixed order so that two
    workbook imports cannot deadlock. SQLite: the settings open every transaction with
    BEGIN IMMEDIATE, which already admits one writer at a time.
    """
    if connection.vendor != "postgresql":
        return
    keys = sorted({zlib.crc32(model._meta.db_table.encode()) for model in models})
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [0x5245, key - 2**31])


def import_file(
    data,
    file_name,
    *,
    model=None,
    user=None,
    dry_run=False,
    progress=None,
    check_upload_size=True,
):
    """Import the bytes of an uploaded file; ``model`` for a one-table CSV/JSON/XLSX."""
    result = ImportResult(file_name, dry_run)
    try:
        tables = read_tables(data, file_name, check_upload_size=check_upload_size)
    except FileRejected as error:
        result.file_errors.append(str(error))
        return result
    return import_tables(
        tables, file_name, model=model, user=user, dry_run=dry_run, progress=progress, result=result
    )


def assign_sheets(tables, model, result):
    """Pair tables with sheets, in dependency order.

    For one table (``model``), a single sheet is that table whatever its title; in a
    workbook, the sheet named after it. For the whole registry, each sheet's title names
    its table (model name or plural name, in any language).
    """
    tables = [table for table in tables if table.headers or table.rows]
    if model is not None:
        if len(tables) == 1:
            return [(sheet_for(model), tables[0])]
        named = [t for t in tables if (sheet_named(t.title or "") or None) is sheet_for(model)]
        if len(named) != 1:
            result.file_errors.append(
                _("The workbook has several sheets; name one of them '%(name)s'.")
                % {"name": sheet_for(model).name}
            )
        return [(sheet_for(model), table) for table in named[:1]]
    pairs, seen = [], set()
    for table in tables:
        sheet = sheet_named(table.title or "")
        if sheet is None:
            result.file_errors.append(
                _("Sheet '%(title)s' is not a registry table; sheets are named: %(names)s.")
                % {"title": table.title or "", "names": ", ".join(s.name for s in SHEETS)}
                if table.title
                else _("This file holds one table: choose which table it is.")
            )
        elif sheet.name in seen:
            result.file_errors.append(
                _("Two sheets are for the table '%(name)s'.") % {"name": sheet.name}
            )
        else:
            seen.add(sheet.name)
            pairs.append((sheet, table))
    order = {sheet.name: index for index, sheet in enumerate(SHEETS)}
    return sorted(pairs, key=lambda pair: order[pair[0].name])


def import_tables(
    tables, file_name, *, model=None, user=None, dry_run=False, progress=None, result=None
):
    result = result or ImportResult(file_name, dry_run)
    pairs = assign_sheets(tables, model, result)
    if not any(table.rows for _sheet, table in pairs) and not result.file_errors:
        result.file_errors.append(_("The file has no rows to import."))
    if result.file_errors:
        return result
    try:
        with collector_paused():
            write_tables(pairs, result, user=user, file_name=file_name, progress=progress)
    except (IntegrityError, DataError) as error:
        # A database rule that the row checks did not foresee; the transaction is undone.
        result.file_errors.append(
            _("The database refused the import, so nothing was written: %(error)s")
            % {"error": str(error).splitlines()[0]}
        )
    return result


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector while an import runs.

    An import allocates millions of small objects that live until it ends (rows, cells,
    instances); the collector's full passes over them cost up to a fifth of a large
    import's time and free nothing. Reference counting still frees everything else.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_tables(pairs, result, *, user, file_name, progress):
    reason = CHANGE_REASON_PREFIX + file_name
    dry_run = result.dry_run
    with transaction.atomic():
        lock_tables([sheet.model for sheet, _table in pairs])
        for sheet, table in pairs:
            sheet_result = SheetImporter(
                sheet, table, user=user, reason=reason, progress=progress
            ).run()
            result.sheets.append(sheet_result)
            if sheet_result.errors:
                break  # later sheets refer to this one's records
        if dry_run or not result.ok:
            transaction.set_rollback(True)


def display(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)


class SheetImporter:
    def __init__(self, sheet, table: Table, *, user=None, reason="", progress=None):
        self.sheet, self.table, self.model = sheet, table, sheet.model
        self.user, self.reason, self.progress = user, reason, progress
        self.result = SheetResult(sheet.name, str(self.model._meta.verbose_name_plural))
        self.resolvers = {}
        self.deferred = []  # (instance, attname, reference, row, header): self-references

    # --- headers ---------------------------------------------------------------------

    def error(self, row, column, message):
        self.result.errors.append(RowError(row, column, message))

    def map_headers(self):
        self.positions = []  # (index, column, header)
        seen, unknown = {}, set()
        for index, header in enumerate(self.table.headers):
            text = cells.as_text(header)
            if not text:
                if any(not cells.is_empty(r[index]) for _n, r in self.table.rows if index < len(r)):
                    self.error(
                        self.table.header_row,
                        column_letter(index),
                        _("this column has values but no header."),
                    )
                continue
            column = self.sheet.column_for_header(text)
            if column is None and text in unknown:
                continue  # a title merged across columns: said once is enough
            if column is None:
                unknown.add(text)
                self.error(
                    self.table.header_row,
                    text,
                    _("unknown column '%(header)s'. Accepted columns: %(accepted)s.")
                    % {
                        "header": text,
                        "accepted": ", ".join(self.sheet.headers(current_language())),
                    },
                )
                continue
            if column.name in seen:
                self.error(
                    self.table.header_row,
                    text,
                    _("the column '%(column)s' appears twice (also as '%(other)s').")
                    % {"column": column.name, "other": seen[column.name]},
                )
                continue
            seen[column.name] = text
            self.positions.append((index, column, text))
        self.headers = {column.name: header for _i, column, header in self.positions}
        if unknown and not self.positions:
            self.error(
                self.table.header_row,
                ", ".join(sorted(unknown)),
                _(
                    "no column header was recognised in this row: the first non-blank row "
                    "must hold the column headers (remove any title above them)."
                ),
            )
        for key in self.sheet.key:
            if key not in self.headers:
                column = self.sheet.by_name[key]
                self.error(
                    self.table.header_row,
                    column.header(current_language()),
                    _("this column is required: rows are matched on it."),
                )

    def header(self, name):
        return self.headers.get(name) or self.sheet.by_name[name].header(current_language())

    # --- cells -----------------------------------------------------------------------

    def resolver(self, model):
        if model not in self.resolvers:
            self.resolvers[model] = (
                cells.RecordTypes(citable_models())
                if model == "record_type"
                else cells.resolver_for(model)
            )
        return self.resolvers[model]

    def choices(self, column):
        cache = self.__dict__.setdefault("_choices", {})
        if column.name not in cache:
            cache[column.name] = cells.Choices(column.model_field.choices)
        return cache[column.name]

    @cached_property
    def converters(self):
        """(index, attname, header, convert) per column of the file, chosen once."""
        return [
            (index, column.attname, header, self.converter(column, header))
            for index, column, header in self.positions
        ]

    @cached_property
    def defaultable(self):
        """Required fields with a default, which an empty cell leaves at that default."""
        return [
            (column.attname, column.model_field)
            for column in self.sheet.columns
            if column.model_field is not None
            and not column.model_field.blank
            and column.model_field.has_default()
        ]

    def convert_row(self, number, raw):
        """(values by attname, m2m by name, self-references) or None if the row is invalid."""
        values, m2m, deferred, implied, empty = {}, {}, [], {}, set()
        ok = True
        width = len(raw)
        for index, attname, header, convert in self.converters:
            value = raw[index] if index < width else None
            if cells.is_empty(value):
                empty.add(attname)
            try:
                convert(value, values, m2m, deferred, implied)
            except CellError as error:
                self.error(number, header, error.message)
                ok = False
        if "object_id" in values:
            ok = self.resolve_record(number, values) and ok
        for name, (implied_value, header) in implied.items():
            if name in self.headers and name not in empty:
                explicit = values.get(name)
                if name.endswith("qualifier") and explicit != implied_value:
                    self.error(
                        number,
                        header,
                        _("the value says '%(implied)s' but column %(column)s says '%(explicit)s'.")
                        % {
                            "implied": implied_value,
                            "column": self.headers[name],
                            "explicit": explicit,
                        },
                    )
                    ok = False
                elif name.endswith("currency") and explicit != implied_value:
                    self.error(
                        number,
                        header,
                        _("the amount is in %(implied)s but column %(column)s says %(explicit)s.")
                        % {
                            "implied": implied_value,
                            "column": self.headers[name],
                            "explicit": explicit,
                        },
                    )
                    ok = False
            else:
                values[name] = implied_value
        if empty:
            for attname, model_field in self.defaultable:
                if attname in empty and values.get(attname) in ("", None):
                    values[attname] = model_field.get_default()
        return (values, m2m, deferred) if ok else None

    def converter(self, column, header):
        """A function that converts one cell of ``column`` into ``values`` (and the
        many-to-many links, self-references and implied qualifiers it carries)."""
        kind, attname = column.kind, column.attname
        if kind == "text":
            unguard = self.table.formula_guarded

            def convert(value, values, m2m, deferred, implied):
                values[attname] = cells.convert_text(column, value, unguard=unguard)

        elif kind in ("choice", "precision"):
            choices = self.choices(column)

            def convert(value, values, m2m, deferred, implied):
                values[attname] = choices.convert(value)

        elif kind in ("integer", "decimal"):
            qualifier_field = QUALIFIED_FIELDS.get(column.name)

            def convert(value, values, m2m, deferred, implied):
                number_value, qualifier = cells.convert_number(column, value)
                values[attname] = number_value
                if qualifier not in (None, cells.parsing.EXACT):
                    implied[qualifier_field] = (qualifier, header)

        elif kind == "money":
            currency_field, qualifier_field = MONEY_FIELDS[column.name]

            def convert(value, values, m2m, deferred, implied):
                amount, currency, qualifier = cells.convert_money(column, value)
                values[attname] = amount
                if currency is not None:
                    implied[currency_field] = (currency, header)
                if qualifier not in (None, cells.parsing.EXACT):
                    implied[qualifier_field] = (qualifier, header)

        elif kind == "date":
            precision_name = f"{column.name}_precision"
            has_precision = precision_name in self.sheet.by_name

            def convert(value, values, m2m, deferred, implied):
                date, precision = cells.convert_date(value)
                values[attname] = date
                if precision and has_precision:
                    implied[precision_name] = (precision, header)

        elif kind == "list":

            def convert(value, values, m2m, deferred, implied):
                values[attname] = cells.convert_list(value)

        elif kind == "fk":
            is_self = column.related is self.model

            def convert(value, values, m2m, deferred, implied):
                if cells.is_empty(value):
                    values[attname] = None
                elif is_self and self.in_file(value):
                    deferred.append((attname, cells.as_text(value), header))
                else:  # records are loaded for matching only when a cell names one
                    values[attname] = self.resolver(column.related).resolve(value)

        elif kind == "m2m" and column.related is self.model:
            # Links between records of this file (consortium members) are kept as codes
            # and resolved once the new records exist.
            def convert(value, values, m2m, deferred, implied):
                resolver = self.resolver(column.related)
                m2m[column.name] = sorted(
                    {
                        reference
                        if self.in_file(reference)
                        else resolver.labels[resolver.resolve(reference)]
                        for reference in cells.split_references(value)
                    }
                )

            return convert
        elif kind == "m2m":

            def convert(value, values, m2m, deferred, implied):
                resolver = self.resolver(column.related)
                m2m[column.name] = sorted(
                    {resolver.resolve(v) for v in cells.split_references(value)}
                )

            return convert
        elif kind == "record_type":

            def convert(value, values, m2m, deferred, implied):
                values["content_type_id"] = self.resolver("record_type").resolve(value)

        elif kind == "record":

            def convert(value, values, m2m, deferred, implied):
                values["object_id"] = value

        else:
            raise TypeError(f"No conversion for {kind} columns")
        if not column.validators:
            return convert

        def convert_and_validate(value, values, m2m, deferred, implied):
            convert(value, values, m2m, deferred, implied)
            cells.run_validators(column, values.get(attname))

        return convert_and_validate

    def resolve_record(self, number, values):
        """Turn the record's code into its id, once its kind is known."""
        record_type = values.get("content_type_id")
        if record_type is None:
            return False
        model = self.resolver("record_type").models[record_type]
        try:
            values["object_id"] = self.resolver(model).resolve(values["object_id"])
        except CellError as error:
            self.error(number, self.header("record"), error.message)
            return False
        return True

    def in_file(self, value):
        return cells.as_text(value) in self.file_codes

    # --- the import -------------------------------------------------------------------

    def rows(self):
        """The table's rows, each released once converted, to bound memory on large files."""
        rows = self.table.rows
        total = len(rows)
        rows.reverse()
        consumed = (rows.pop() for _i in range(total))
        if self.progress is not None:
            return self.progress(
                consumed, desc=str(self.model._meta.verbose_name_plural), total=total
            )
        return consumed

    def run(self):
        self.map_headers()
        if self.result.errors:
            return self.result
        self.file_codes = set()
        if "code" in self.headers:
            index = next(i for i, c, _h in self.positions if c.name == "code")
            self.file_codes = {
                cells.as_text(r[index]) for _n, r in self.table.rows if index < len(r)
            }
        if self.sheet.grouped:
            GroupedImport(self).run()
        else:
            KeyedImport(self).run()
        return self.result

    def clean(self, number, instance):
        try:
            instance.clean()
        except ValidationError as error:
            for name, message in cells.validation_messages(error):
                column = (
                    self.header(name)
                    if name in self.sheet.by_name
                    else (self.header(self.sheet.key[0]))
                )
                self.error(number, column, message)
            return False
        return True

    @cached_property
    def required_columns(self):
        """(column, whether the file has it) for each field that may not be left empty."""
        return [
            (column, column.name in self.headers)
            for column in self.sheet.columns
            if column.model_field is not None
            and column.kind != "m2m"
            and not column.model_field.blank
        ]

    def check_required(self, number, values, new):
        ok = True
        for column, present in self.required_columns:
            if not present and (not new or column.model_field.has_default()):
                continue
            if values.get(column.attname) in (None, "", []):
                self.error(number, self.header(column.name), _("this field is required."))
                ok = False
        return ok

    def concrete_attnames(self):
        return [f.attname for f in self.model._meta.concrete_fields]

    def write_m2m(self, m2m_rows):
        """Set many-to-many links: m2m_rows is [(pk, {name: targets})]."""
        for column in self.sheet.columns:
            if column.kind != "m2m" or column.name not in self.headers:
                continue
            source, target, through = m2m_ends(column.model_field)
            resolve = (
                self.resolver(self.model).codes.__getitem__
                if column.related is self.model
                else None
            )
            wanted = {
                pk: {resolve(t) if resolve else t for t in links[column.name]}
                for pk, links in m2m_rows
                if column.name in links
            }
            current = {}
            for left, right in rows_matching(
                through.objects.values_list(source, target), source, wanted
            ):
                current.setdefault(left, set()).add(right)
            removals, additions = [], []
            for pk, targets in wanted.items():
                have = current.get(pk, set())
                additions += [through(**{source: pk, target: t}) for t in targets - have]
                removals += [(pk, t) for t in have - targets]
            for pk, t in removals:
                through.objects.filter(**{source: pk, target: t}).delete()
            through.objects.bulk_create(additions, batch_size=BATCH_SIZE)


def tracked_m2m_fields(model):
    """The many-to-many fields whose links each history entry records."""
    return getattr(model.history.model, "_history_m2m_fields", [])


def latest_history_id(model):
    """The newest history entry before an import, for models whose history keeps links."""
    if not tracked_m2m_fields(model):
        return None
    return model.history.model.objects.aggregate(latest=Max("history_id"))["latest"] or 0


def snapshot_m2m_history(model, pks, reason, floor):
    """Record in the import's history entries the links each record has after it, as
    simple-history does when an admin saves the record (bulk writes skip that step)."""
    if floor is None or not pks:
        return
    history_model = model.history.model
    links = {}  # field -> [(link id, pk, other)]: only records with links need a look-up
    for m2m_field in tracked_m2m_fields(model):
        source, target, through = m2m_ends(m2m_field)
        links[m2m_field] = (
            source,
            target,
            list(rows_matching(through.objects.values_list("id", source, target), source, pks)),
        )
    linked = {pk for _source, _target, rows in links.values() for _id, pk, _other in rows}
    if not linked:
        return
    entries = history_model.objects.filter(history_id__gt=floor, history_change_reason=reason)
    entries_of = {}
    for history_id, pk in rows_matching(entries.values_list("history_id", "id"), "id", linked):
        entries_of.setdefault(pk, []).append(history_id)
    for m2m_field, (source, target, rows) in links.items():
        link_model = getattr(history_model, m2m_field.name).model  # simple-history's copies
        link_model.objects.bulk_create(
            [
                link_model(history_id=history_id, id=link_id, **{source: pk, target: other})
                for link_id, pk, other in rows
                for history_id in entries_of.get(pk, ())
            ],
            batch_size=BATCH_SIZE,
        )


@cache
def init_plan(model):
    """(attname, default, default factory) per concrete field, in constructor order."""
    return [
        (f.attname, None, f.default)
        if f.has_default() and callable(f.default)
        else (f.attname, f.get_default(), None)
        for f in model._meta.concrete_fields
    ]


def new_instance(model, values):
    """``model(**values)`` through Django's positional constructor, several times faster."""
    return model(
        *[
            values[attname] if attname in values else factory() if factory else default
            for attname, default, factory in init_plan(model)
        ]
    )


def m2m_ends(model_field):
    """(source column, target column, through model) of a many-to-many field."""
    return (
        model_field.m2m_field_name() + "_id",
        model_field.m2m_reverse_field_name() + "_id",
        model_field.remote_field.through,
    )


def self_links(sheet, headers):
    return any(
        c.kind == "m2m" and c.related is sheet.model and c.name in headers for c in sheet.columns
    )


def region_of_province():
    from registry.models import Province

    return dict(Province.objects.values_list("pk", "region_id"))


def column_letter(index):
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


class KeyedImport:
    """Records with a public ``code``: create the new ones, update the changed ones.

    Rows are first compared with the stored records on the file's columns only; the
    rows that differ are converted, checked and written in batches as the file is read,
    so memory stays bounded however long the file is. Nothing is written once any row
    has failed: the transaction is rolled back and every error is still reported.
    """

    def __init__(self, importer: SheetImporter):
        self.importer = importer
        self.model = importer.model
        self.checks = [(index, self.check_for(column)) for index, column, _h in importer.positions]
        self.seen = {}  # code -> the row that gave it
        self.creates, self.updates, self.changed_fields = [], [], set()
        self.m2m_rows, self.deferred = [], []  # (pk, {name: targets}); self-references
        self.written = []  # pks of the records created or updated
        self.regions = region_of_province() if self.model._meta.label == "registry.Zone" else None
        self.history_floor = latest_history_id(self.model)

    def compared_attnames(self):
        names = {f.name for f in self.model._meta.concrete_fields}
        attnames = {"id", "code"}
        for _index, column, _header in self.importer.positions:
            if column.kind != "m2m":
                attnames.add(column.attname)
            if column.kind == "date" and f"{column.name}_precision" in names:
                attnames.add(f"{column.name}_precision")
        return sorted(attnames)

    def existing(self, codes, attnames):
        rows = rows_matching(self.model._default_manager.values(*attnames), "code", codes)
        return {row["code"]: row for row in rows}

    def existing_m2m(self, pks):
        current = {}
        for column in self.importer.sheet.columns:
            if column.kind != "m2m" or column.name not in self.importer.headers:
                continue
            source, target, through = m2m_ends(column.model_field)
            for left, right in rows_matching(
                through.objects.values_list(source, target), source, pks
            ):
                current.setdefault((column.name, left), []).append(right)
        return current

    def run(self):
        imp = self.importer
        compared = self.existing(imp.file_codes - {""}, self.compared_attnames())
        self.current_m2m = self.existing_m2m([row["id"] for row in compared.values()])
        code_index = next(i for i, c, _h in imp.positions if c.name == "code")
        differing, differing_codes = [], set()  # existing records the file changes
        for number, raw in imp.rows():
            code = cells.as_text(raw[code_index]) if code_index < len(raw) else ""
            row = compared.get(code)
            if row is None:
                self.take(number, raw, compared, differing)
            elif code in self.seen or code in differing_codes or not self.same_as_stored(raw, row):
                differing.append((number, raw))
                differing_codes.add(code)
            else:
                self.seen[code] = number
                imp.result.counts[UNCHANGED] += 1  # not listed in the changes: no RowChange
        del compared
        if differing:
            # Their full rows are read once, for the few rows that change.
            full = self.existing({c for c in differing_codes if c}, imp.concrete_attnames())
            for number, raw in differing:
                self.take(number, raw, full, None)
        imp.result.changes.sort(key=lambda change: change.row)
        self.flush()
        if not imp.result.errors:
            self.finish()

    def take(self, number, raw, stored, differing):
        """Convert and check one row, then queue it to be created or updated."""
        imp = self.importer
        converted = imp.convert_row(number, raw)
        if converted is None:
            imp.result.counts[INVALID] += 1
            return
        values, m2m, refs = converted
        code = values.get("code", "")
        if code in stored and differing is not None:
            differing.append((number, raw))  # its code reads differently once converted
            return
        if code in self.seen:
            imp.error(
                number,
                imp.header("code"),
                _("the code '%(code)s' is also on row %(other)s.")
                % {"code": code, "other": self.seen[code]},
            )
            imp.result.counts[INVALID] += 1
            return
        self.seen[code] = number
        row = stored.get(code)
        if row is None:
            instance = new_instance(self.model, values)
            if not (imp.check_required(number, values, True) and imp.clean(number, instance)):
                imp.result.counts[INVALID] += 1
                return
            self.queue(self.creates, instance, m2m, refs, number)
            imp.result.record(RowChange(number, code, NEW))
            return
        diff = self.diff(row, values, m2m, refs)
        if not diff:
            imp.result.record(RowChange(number, code, UNCHANGED))
            return
        instance = new_instance(self.model, row)
        for attname, value in values.items():
            setattr(instance, attname, value)
        if not (imp.check_required(number, values, False) and imp.clean(number, instance)):
            imp.result.counts[INVALID] += 1
            return
        self.changed_fields |= {a for a in diff if a in values}
        self.queue(self.updates, instance, m2m, refs, number)
        imp.result.record(
            RowChange(
                number,
                code,
                UPDATED,
                {
                    imp.header(self.name_of(a)): [self.display(a, old), self.display(a, new)]
                    for a, (old, new) in diff.items()
                },
            )
        )

    def diff(self, row, values, m2m, refs):
        imp = self.importer
        diff = {}
        for attname, value in values.items():
            if row[attname] != value and not (
                isinstance(value, list) and list(row[attname] or []) == value
            ):
                diff[attname] = (row[attname], value)
        for name, pks in m2m.items():
            current = self.current_m2m.get((name, row["id"]), [])
            if imp.sheet.by_name[name].related is self.model:
                labels = imp.resolver(self.model).labels
                current = [labels[pk] for pk in current]
            if sorted(current) != pks:
                diff[name] = (None, pks)
        for attname, reference, _header in refs:
            target = row.get(attname)
            if target is None or imp.resolver(self.model).labels.get(target) != reference:
                diff[attname] = (target, reference)
        return diff

    def queue(self, batch, instance, m2m, refs, number):
        if self.importer.result.errors:
            return  # nothing will be written; keep checking the rest for errors only
        batch.append((instance, m2m))
        self.deferred += [(instance, *ref, number) for ref in refs]
        if len(batch) >= FLUSH_SIZE:
            self.flush()

    # --- writing ----------------------------------------------------------------------

    def flush(self):
        """Write the queued rows (inside the import's transaction)."""
        imp = self.importer
        creates, updates = self.creates, self.updates
        self.creates, self.updates = [], []
        if imp.result.errors:
            return
        has_search = hasattr(self.model, "refresh_search_text")
        for instance, _m2m in (*creates, *updates):
            if has_search:
                instance.refresh_search_text()
            # Zone.save() fills the region from the province; bulk writes bypass save().
            if self.regions is not None and instance.province_id and not instance.region_id:
                instance.region_id = self.regions[instance.province_id]
                if instance.pk is not None:
                    self.changed_fields.add("region_id")
        if creates:
            fastpath.create_with_history(
                self.model, [i for i, _m in creates], user=imp.user, reason=imp.reason
            )
        if updates:
            now = timezone.now()
            for instance, _m2m in updates:
                instance.updated = now
            fields = sorted(
                {self.field_name(a) for a in self.changed_fields}
                | {"updated"}
                | ({"search_text"} if has_search else set())
            )
            bulk_update_with_history(
                [i for i, _m in updates],
                self.model,
                fields,
                batch_size=BATCH_SIZE,
                default_user=imp.user,
                default_change_reason=imp.reason,
            )
        self.m2m_rows += [(i.pk, m2m) for i, m2m in (*creates, *updates) if m2m]
        self.written += [i.pk for i, _m in (*creates, *updates)]
        if self.deferred or self_links(imp.sheet, imp.headers):
            resolver = imp.resolver(self.model)
            for instance, _m2m in creates:
                resolver.add(instance.pk, instance.code, [])

    def finish(self):
        """Self-references and many-to-many links, once every record of the file exists."""
        imp = self.importer
        if self.deferred:
            resolver = imp.resolver(self.model)
            touched = {}
            for instance, attname, reference, header, number in self.deferred:
                try:
                    setattr(instance, attname, resolver.resolve(reference))
                except CellError as error:
                    imp.error(number, header, error.message)
                    continue
                touched[instance.pk] = instance
                try:
                    instance.clean()
                except ValidationError as error:
                    for _name, message in cells.validation_messages(error):
                        imp.error(number, header, message)
            if imp.result.errors:
                return
            fields = sorted({self.field_name(a) for _i, a, *_rest in self.deferred})
            bulk_update_with_history(
                list(touched.values()),
                self.model,
                fields,
                batch_size=BATCH_SIZE,
                default_user=imp.user,
                default_change_reason=imp.reason,
            )
        imp.write_m2m(self.m2m_rows)
        snapshot_m2m_history(self.model, self.written, imp.reason, self.history_floor)

    # --- the unchanged-row check ------------------------------------------------------

    def same_as_stored(self, raw, row):
        """Whether every cell reads exactly as the stored record would be exported.

        A cheap, conservative check that lets a re-import of an unchanged file skip parsing;
        any doubt (another spelling, a qualifier, an Excel number) falls back to the full
        conversion, which decides.
        """
        width = len(raw)
        for index, check in self.checks:
            if not check(raw[index] if index < width else None, row):
                return False
        return True

    def check_for(self, column):
        """A function (cell, stored row) -> whether the cell is what an export writes."""
        imp = self.importer
        attname, kind = column.attname, column.kind
        if kind == "text":
            # Text the export prefixes with the formula guard; other text it writes as is.
            guard = imp.table.formula_guarded

            def same(cell, row):
                stored = row[attname]
                if guard and stored and stored.startswith(cells.GUARDED_STARTS):
                    return cell == cells.guard_formula(stored)
                return cell == stored or (cell in (None, "") and stored == "")

        elif kind in ("choice", "precision"):
            # The export leaves out the precision of an unknown date; read back, it is the
            # field's default again.
            date_name = column.name.removesuffix("_precision") if kind == "precision" else None
            default = column.model_field.get_default()

            def same(cell, row):
                stored = row[attname]
                if cell == stored:
                    return True
                if cell not in (None, ""):
                    return False
                return stored == "" or (
                    date_name is not None and row.get(date_name, 0) is None and stored == default
                )

        elif kind in ("integer", "decimal", "money"):
            plain = cells.parsing.is_plain_number

            def same(cell, row):
                stored = row[attname]
                if cell is None or cell == "":
                    return stored is None
                if stored is None or isinstance(cell, bool):
                    return False
                if isinstance(cell, str):
                    return plain(cell) and Decimal(cell) == stored
                # An Excel number: its shortest repr is what the export wrote.
                return isinstance(cell, int | float) and Decimal(repr(cell)) == stored

        elif kind == "date":
            precision_name = f"{column.name}_precision"
            day_only = precision_name not in imp.headers

            def same(cell, row):
                stored, precision = row[attname], row.get(precision_name)
                if cell != cells.format_date(stored, precision):
                    return False
                return stored is None or not day_only or precision in (None, cells.parsing.DAY)

        elif kind == "fk":
            labels = None

            def same(cell, row):
                nonlocal labels
                stored = row[attname]
                if stored is None:
                    return cell in (None, "")
                if labels is None:
                    labels = imp.resolver(column.related).labels
                return cell == labels.get(stored)

        elif kind == "m2m":

            def same(cell, row):
                labels = imp.resolver(column.related).labels
                targets = self.current_m2m.get((column.name, row["id"]), [])
                return (cell or "") == cells.export_value(
                    column, sorted(labels[pk] for pk in targets)
                )

        elif kind == "list":

            def same(cell, row):
                return (cell or "") == cells.export_value(column, row[attname] or [])

        else:

            def same(cell, row):
                return False

        return same

    def display(self, attname, value):
        """A diff value as the user wrote it: related records by code."""
        column = self.importer.sheet.by_name.get(self.name_of(attname))
        if column is not None and column.kind in ("fk", "m2m") and value is not None:
            labels = self.importer.resolver(column.related).labels
            if isinstance(value, list):
                return display([labels.get(v, v) for v in value])
            return display(labels.get(value, value))
        return display(value)

    def name_of(self, attname):
        for column in self.importer.sheet.columns:
            if column.attname == attname or column.name == attname:
                return column.name
        return attname

    def field_name(self, attname):
        for model_field in self.model._meta.concrete_fields:
            if model_field.attname == attname:
                return model_field.name
        return attname


class GroupedImport:
    """Rows that belong to a parent (a zone's job figures): the file gives the whole set.

    Rows equal to an existing child are left alone; other existing children of the same
    parent are deleted and the new rows created.
    """

    def __init__(self, importer: SheetImporter):
        self.importer = importer
        self.model = importer.model
        self.key_attnames = [
            "content_type_id"
            if name == "record_type"
            else "object_id"
            if name == "record"
            else importer.sheet.by_name[name].attname
            for name in importer.sheet.key
        ]

    def signature(self, values):
        return tuple((a, tuple(v) if isinstance(v, list) else v) for a, v in sorted(values.items()))

    def run(self):
        imp = self.importer
        groups = {}
        for number, raw in imp.rows():
            converted = imp.convert_row(number, raw)
            if converted is None:
                imp.result.counts[INVALID] += 1
                continue
            values, _m2m, _refs = converted
            instance = new_instance(self.model, values)
            if not (imp.check_required(number, values, True) and imp.clean(number, instance)):
                imp.result.counts[INVALID] += 1
                continue
            key = tuple(values[a] for a in self.key_attnames)
            groups.setdefault(key, []).append((number, values, instance))
        if imp.result.errors:
            return
        attnames = sorted(
            {a for rows in groups.values() for _n, values, _i in rows for a in values}
        )
        existing = self.existing(list(groups), attnames)
        creates, deletes = [], []
        for key, rows in groups.items():
            remaining = {}
            for row in existing.get(key, []):
                remaining.setdefault(self.signature({a: row[a] for a in attnames}), []).append(row)
            for number, values, instance in rows:
                matches = remaining.get(self.signature(values))
                label = " / ".join(display(v) for v in key)
                if matches:
                    matches.pop()
                    imp.result.record(RowChange(number, label, UNCHANGED))
                else:
                    creates.append(instance)
                    imp.result.record(RowChange(number, label, NEW))
            for leftovers in remaining.values():
                for row in leftovers:
                    deletes.append(row["id"])
                    imp.result.record(RowChange(0, " / ".join(display(v) for v in key), DELETED))
        if deletes:
            for start in range(0, len(deletes), BATCH_SIZE):
                for instance in self.model._default_manager.filter(
                    pk__in=deletes[start : start + BATCH_SIZE]
                ):
                    instance._change_reason = imp.reason
                    instance.delete()
        if creates:
            fastpath.create_with_history(self.model, creates, user=imp.user, reason=imp.reason)

    def existing(self, keys, attnames):
        found = {}
        if not keys:
            return found
        manager = self.model._default_manager
        by_first = {}
        for key in keys:
            by_first.setdefault(key[:-1], []).append(key[-1])
        for prefix, lasts in by_first.items():
            filters = dict(zip(self.key_attnames[:-1], prefix, strict=True))
            rows = manager.filter(**filters).values("id", *attnames)
            for row in rows_matching(rows, self.key_attnames[-1], lasts):
                key = tuple(row[a] for a in self.key_attnames)
                found.setdefault(key, []).append(row)
        return found
