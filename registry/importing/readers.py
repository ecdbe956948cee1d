"""Read uploaded XLSX, CSV and JSON files into tables of cells, refusing hostile files clearly.

Every problem with the file itself (size, type, encoding, a zip bomb, a password)
raises :class:`FileRejected` with a message for the user; nothing here writes.
"""

import codecs
import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from xml.etree import ElementTree

import python_calamine
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

FORMATS = ("xlsx", "csv", "json")
# An XLSX is a zip; real workbooks compress text about 10:1, bombs 1000:1.
MAX_COMPRESSION_RATIO = 200
MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted XLSX and old .xls


class FileRejected(Exception):
    pass


@dataclass
class Table:
    """One sheet: its title (None for CSV/JSON), headers, and rows of (row number, cells).

    Row numbers are the file's own, so an error points at the row the user sees.
    """

    title: str | None
    headers: list
    rows: list = field(default_factory=list)
    # CSV and XLSX exports prefix formula-like text with an apostrophe; JSON does not.
    formula_guarded: bool = True
    header_row: int = 1


def max_upload_size():
    return getattr(settings, "IMPORT_MAX_UPLOAD_SIZE", 20 * 1024 * 1024)


def file_format(name):
    suffix = PurePath(name or "").suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise FileRejected(
            _("'%(name)s' is not a file the importer reads; use .xlsx, .csv or .json.")
            % {"name": name}
        )
    return suffix


def check_size(size, limit=None):
    limit = max_upload_size() if limit is None else limit
    if size > limit:
        raise FileRejected(
            _("The file is %(size)s; the largest file accepted is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )


def read_tables(data, name, *, check_upload_size=True):
    """All tables of the file ``data`` (bytes) called ``name``.

    Uploads are limited to IMPORT_MAX_UPLOAD_SIZE; the command line reads any size.
    """
    if check_upload_size:
        check_size(len(data))
    kind = file_format(name)
    if not data.strip(b"\x00 \r\n\t\xef\xbb\xbf"):
        raise FileRejected(_("The file is empty."))
    if kind == "xlsx":
        return read_xlsx(data)
    if kind == "csv":
        return [read_csv(data)]
    return read_json(data)


# --- CSV ----------------------------------------------------------------------------------


def text_encoding(data):
    """The encoding of a CSV: UTF-8 (with or without BOM), UTF-16 (with BOM) or Windows-1256."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            data.decode("utf-16")
        except UnicodeDecodeError:
            raise FileRejected(_("The file claims to be UTF-16 but is not.")) from None
        return "utf-16"
    if b"\x00" in data:
        raise FileRejected(
            _(
                "The file contains NUL bytes: it is not a text CSV. Save it from your "
                "spreadsheet as 'CSV UTF-8'."
            )
        )
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8-sig"
    # Arabic Windows (and Excel on it) saves CSV in Windows-1256; a French file in
    # Windows-1252 decodes there too, but without runs of Arabic letters.
    arabic = data.decode("cp1256", errors="replace")
    if re.search("[\u0621-\u064a]{2}", arabic) and "\ufffd" not in arabic:
        return "cp1256"
    if "\ufffd" not in data.decode("cp1252", errors="replace"):
        return "cp1252"
    raise FileRejected(_("The file's text encoding is not recognised; save it as 'CSV UTF-8'."))


def decode_text(data):
    return data.decode(text_encoding(data))


def read_csv(data):
    encoding = text_encoding(data)
    # Read through a stream rather than one decoded string: a 20 MB Arabic CSV is 80 MB
    # of Python text.
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    first_line = stream.readline()
    # French Excel writes ';' because ',' is the decimal mark; tabs come from copy-paste.
    delimiter = max(";,\t", key=first_line.count)
    try:
        headers = next(csv.reader([first_line], delimiter=delimiter), [])
        table = Table(None, headers)
        table.rows = [
            (number, row)
            for number, row in enumerate(csv.reader(stream, delimiter=delimiter), start=2)
            if any(row)
        ]
    except csv.Error as error:
        raise FileRejected(_("The CSV file is malformed: %(error)s") % {"error": error}) from None
    if not headers:
        raise FileRejected(_("The file is empty."))
    return table


# --- JSON ---------------------------------------------------------------------------------


def read_json(data):
    """A list of objects (one table) or an object of sheet name -> list of objects."""
    try:
        content = json.loads(decode_text(data))
    except ValueError as error:
        raise FileRejected(_("The JSON file is malformed: %(error)s") % {"error": error}) from None
    if isinstance(content, list):
        return [json_table(None, content)]
    if isinstance(content, dict) and all(isinstance(v, list) for v in content.values()):
        return [json_table(title, rows) for title, rows in content.items()]
    raise FileRejected(
        _("A JSON import is a list of objects, or an object mapping sheet names to such lists.")
    )


def json_table(title, rows):
    headers = []
    for row in rows:
        if not isinstance(row, dict):
            raise FileRejected(_("Each row of a JSON import must be an object."))
        headers.extend(key for key in row if key not in headers)
    table = Table(title, headers, formula_guarded=False)
    table.rows = [
        (number, [row.get(header) for header in headers])
        for number, row in enumerate(rows, start=2)
    ]
    return table


# --- XLSX ---------------------------------------------------------------------------------


def check_zip(data):
    if data.startswith(OLE_SIGNATURE):
        raise FileRejected(
            _(
                "The workbook is password-protected or in the old .xls format. Remove the "
                "password, or save it as .xlsx."
            )
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise FileRejected(_("The workbook is damaged or truncated; it cannot be read.")) from None
    total = sum(member.file_size for member in members)
    compressed = max(1, sum(member.compress_size for member in members))
    if total > MAX_UNCOMPRESSED_BYTES or total / compressed > MAX_COMPRESSION_RATIO:
        raise FileRejected(
            _("The workbook would expand to %(size)s: it is refused as a possible zip bomb.")
            % {"size": filesizeformat(total)}
        )
    if "xl/workbook.xml" not in archive.namelist():
        raise FileRejected(_("The file is a zip archive but not an Excel workbook."))
    return archive


def formula_cells_without_value(archive):
    """Cells holding a formula with no computed value (written by a program, never opened)."""
    missing = []
    for name in archive.namelist():
        if not re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name):
            continue
        with archive.open(name) as stream:
            head = stream.read()
        if b"<f" not in head and b":f" not in head:
            continue
        for _event, element in ElementTree.iterparse(io.BytesIO(head)):
            if element.tag.endswith("}c"):
                children = {child.tag.rsplit("}", 1)[-1]: child for child in element}
                value = children.get("v")
                if "f" in children and (value is None or not (value.text or "").strip()):
                    missing.append(element.get("r"))
                element.clear()
    return missing


def read_xlsx(data):
    archive = check_zip(data)
    try:
        missing = formula_cells_without_value(archive)
    except ElementTree.ParseError:
        raise FileRejected(_("The workbook is damaged or truncated; it cannot be read.")) from None
    if missing:
        raise FileRejected(
            _(
                "Cells %(cells)s hold formulas without a computed value. Open the file in "
                "your spreadsheet, save it, or paste the values instead of the formulas."
            )
            % {"cells": ", ".join(missing[:10])}
        )
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        return [read_sheet(workbook, name) for name in workbook.sheet_names]
    except FileRejected:
        raise
    except Exception as error:  # calamine raises its own types for every damaged file
        raise FileRejected(
            _("The workbook cannot be read: %(error)s") % {"error": str(error)[:200]}
        ) from None


def read_sheet(workbook, name):
    sheet = workbook.get_sheet_by_name(name)
    rows = sheet.to_python(skip_empty_area=False)
    fill_merged_cells(sheet, rows)
    blank = 0
    while blank < len(rows) and not any(cell not in ("", None) for cell in rows[blank]):
        blank += 1  # blank lines above the header
    if blank == len(rows):
        return Table(name, [])
    headers = [str(cell).strip() if cell is not None else "" for cell in rows[blank]]
    table = Table(name, headers, header_row=blank + 1)
    # Spreadsheets often carry thousands of formatted but empty rows: skip them.
    table.rows = [
        (number, row)
        for number, row in enumerate(rows[blank + 1 :], start=blank + 2)
        if any(cell not in ("", None) for cell in row)
    ]
    return table


def fill_merged_cells(sheet, rows):
    """A merged range shows its first cell's value in every cell it covers; so do we."""
    for (top, left), (bottom, right) in sheet.merged_cell_ranges or ():
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            for c in range(left, min(right, len(rows[r]) - 1) + 1):
                rows[r][c] = value
