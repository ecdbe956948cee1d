"""Rebuild the LibreOffice-saved samples of this folder (README.md says what each proves).

Each sample starts as a flat ODF spreadsheet (.fods: plain XML, written below) holding what
a person leaves in LibreOffice Calc: date cells, numbers in a French format, formulas,
merged cells. LibreOffice itself then saves it as XLSX or CSV, so the bytes the tests read
are LibreOffice's own. Run from the repository root, with LibreOffice installed
(Debian: apt-get install --no-install-recommends libreoffice-calc):

    python3 tests/data/make_samples.py

The tests read only the committed files. Saved files carry their creation time, so a
rebuild changes bytes but not content. Standard library only.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

HERE = Path(__file__).resolve().parent

XLSX = "xlsx:Calc MS Excel 2007 XML"
ODS = "ods"
# CSV filter options: separator, text delimiter (34 = "), encoding (76 = UTF-8,
# 38 = Windows-1256), start line, column formats, language, quote all text, detect
# special numbers, save cell contents as shown (so numbers and dates as formatted).
CSV_SEMICOLON_UTF8 = "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,true"
CSV_SEMICOLON_1256 = "csv:Text - txt - csv (StarCalc):59,34,38,1,,0,false,true,true"
CSV_COMMA_UTF8 = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true"

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:styles>
 <style:default-style style:family="table-cell">
  <style:text-properties fo:language="{language}" fo:country="{country}"/>
 </style:default-style>
</office:styles>
<office:automatic-styles>
 <number:number-style style:name="grouped" number:language="{language}"
   number:country="{country}">
  <number:number number:decimal-places="2" number:min-decimal-places="2"
    number:min-integer-digits="1" number:grouping="true"/>
 </number:number-style>
 <number:date-style style:name="day-first" number:language="fr" number:country="FR">
  <number:day number:style="long"/><number:text>/</number:text>
  <number:month number:style="long"/><number:text>/</number:text>
  <number:year number:style="long"/>
 </number:date-style>
 <number:date-style style:name="month-first" number:language="en" number:country="US">
  <number:month/><number:text>/</number:text><number:day/><number:text>/</number:text>
  <number:year number:style="long"/>
 </number:date-style>
 <number:date-style style:name="day-first-time" number:language="fr" number:country="FR">
  <number:day number:style="long"/><number:text>/</number:text>
  <number:month number:style="long"/><number:text>/</number:text>
  <number:year number:style="long"/><number:text> </number:text>
  <number:hours number:style="long"/><number:text>:</number:text>
  <number:minutes number:style="long"/>
 </number:date-style>
 <style:style style:name="number" style:family="table-cell" style:data-style-name="grouped"/>
 <style:style style:name="date" style:family="table-cell" style:data-style-name="day-first"/>
 <style:style style:name="us-date" style:family="table-cell"
   style:data-style-name="month-first"/>
 <style:style style:name="date-time" style:family="table-cell"
   style:data-style-name="day-first-time"/>
</office:automatic-styles>
<office:body><office:spreadsheet>
"""
TAIL = "</office:spreadsheet></office:body></office:document>\n"


# --- cells, as Calc stores them ------------------------------------------------------


def text(value):
    return (
        f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p>'
        "</table:table-cell>"
    )


def number(value):
    """A number cell in the 'grouped' format: 1234.5 shows as 1 234,50 in French."""
    return (
        f'<table:table-cell table:style-name="number" office:value-type="float"'
        f' office:value="{value}"/>'
    )


def date(iso, style="date"):
    """A real date cell (not text): Calc stores the date and shows it in ``style``."""
    return (
        f'<table:table-cell table:style-name="{style}" office:value-type="date"'
        f' office:date-value="{iso}"/>'
    )


def formula(expression, value):
    """A formula and the value Calc computed for it."""
    return (
        f"<table:table-cell table:formula={quoteattr('of:=' + expression)}"
        f' office:value-type="float" office:value="{value}"/>'
    )


def merged(cell, columns=1, rows=1):
    """The first cell of a merged range; the range's other cells must be ``covered()``."""
    return cell.replace(
        "<table:table-cell ",
        f'<table:table-cell table:number-columns-spanned="{columns}"'
        f' table:number-rows-spanned="{rows}" ',
        1,
    )


def covered():
    return "<table:covered-table-cell/>"


def empty():
    return "<table:table-cell/>"


def sheet(name, rows):
    body = "".join(f"<table:table-row>{''.join(row)}</table:table-row>\n" for row in rows)
    return f"<table:table table:name={quoteattr(name)}>\n{body}</table:table>\n"


def document(*sheets, language="fr", country="FR"):
    return HEAD.format(language=language, country=country) + "".join(sheets) + TAIL


# --- the samples -----------------------------------------------------------------------

FRENCH_ZONES = sheet(
    "zones",
    [
        [
            text("Code"),
            text("Nom (arabe)"),
            text("Nom (français)"),
            text("Type"),
            text("Préfecture ou province"),
            text("Superficie (hectares)"),
            text("Coût"),
            text("Secteurs"),
        ],
        [
            text("ZI-LO-1"),
            text("المنطقة الصناعية عين الشقف"),
            text("Zone industrielle Aïn Chkef"),
            text("Zone industrielle"),
            text("Fès"),
            number(1234.5),
            text("180 MDH"),
            text("AGRO"),
        ],
        [
            text("ZI-LO-2"),
            text("الحي الصناعي سيدي إبراهيم"),
            text("Quartier industriel Sidi Brahim"),
            text("Quartier industriel"),
            text("03.561"),
            number(0.3),
            empty(),
            text("AGRO; TEXTILE"),
        ],
        [
            text("ZI-LO-3"),
            empty(),
            text("Agropole de Taza"),
            text("agropole"),
            text("Guercif"),
            number(60),
            text("2,6 milliards de dirhams"),
            empty(),
        ],
    ],
)

FRENCH_MILESTONES = sheet(
    "étapes des zones",
    [
        [
            text("Zone"),
            text("Type"),
            text("Date"),
            text("Avancement (%)"),
            text("Description (français)"),
        ],
        [
            text("ZI-LO-1"),
            text("Lancement"),
            date("2009-07-15"),
            empty(),
            text("Lancement des travaux"),
        ],
        [
            text("ZI-LO-1"),
            text("Avancement des travaux"),
            text("2022-06"),
            number(45),
            empty(),
        ],
        [
            text("ZI-LO-2"),
            text("Inauguration"),
            date("2021-11-30T10:30:00", "date-time"),
            empty(),
            empty(),
        ],
    ],
)

ARABIC_HEADERS = [
    text("الرمز"),
    text("الاسم (بالعربية)"),
    text("النوع"),
    text("العمالة أو الإقليم"),
    text("المساحة (هكتار)"),
    text("القطاعات"),
]
ARABIC_ROWS = [
    [
        text("ZI-AR-1"),
        text("المنطقة الصناعية عين الشقف"),
        text("منطقة صناعية"),
        text("فاس"),
        text("١٢٠٫٥"),
        text("الصناعات الغذائية"),
    ],
    [
        text("ZI-AR-2"),
        text("الحي الصناعي سيدي إبراهيم"),
        text("حي صناعي"),
        text("تازة"),
        text("حوالي ٦٠"),
        text("النسيج؛ الصناعات الغذائية"),
    ],
    [
        text("ZI-AR-3"),
        text("القطب الفلاحي الصناعي"),
        text("قطب فلاحي صناعي"),
        text("03.231"),
        number(1234.5),
        empty(),
    ],
]
ARABIC_TITLE = [merged(text("سجل المناطق الصناعية - جهة فاس مكناس"), columns=6)] + [covered()] * 5

ODS_ZONES = sheet(
    "Feuille1",
    [
        [
            text("code"),
            text("nom (français)"),
            text("type"),
            text("province"),
            text("superficie (hectares)"),
        ],
        [
            text("ZI-ODS-1"),
            text("Zone un"),
            text("industrial_zone"),
            merged(text("Fès"), rows=2),
            formula("100+20.5", 120.5),
        ],
        [text("ZI-ODS-2"), text("Zone deux"), text("industrial_zone"), covered(), number(30)],
        [
            text("ZI-ODS-3"),
            text("Zone trois"),
            text("agropole"),
            text("03.561"),
            formula("ROUND(10/3;2)", 3.33),
        ],
    ],
)

US_MILESTONES = sheet(
    "Sheet1",
    [
        [text("zone"), text("kind"), text("date")],
        [text("ZI-LO-1"), text("launch"), date("2009-07-15", "us-date")],
    ],
)

BLANK_ROWS_ABOVE_HEADER = sheet(
    "zones",
    [
        [empty()],
        [empty()],
        [text("code"), text("name_fr"), text("kind")],
        [text("ZI-B-1"), text("Un"), text("industrial_zone")],
        [text("ZI-B-2"), text("Deux"), text("usine")],
    ],
)

# name -> (source document, [LibreOffice filters, applied in turn])
SAMPLES = {
    "libreoffice-zones-fr.xlsx": (document(FRENCH_ZONES, FRENCH_MILESTONES), [XLSX]),
    "libreoffice-zones-ar-title-row.xlsx": (
        document(sheet("المناطق", [ARABIC_TITLE, ARABIC_HEADERS, *ARABIC_ROWS])),
        [XLSX],
    ),
    "libreoffice-zones-ar-semicolon.csv": (
        document(sheet("المناطق", [ARABIC_HEADERS, *ARABIC_ROWS])),
        [CSV_SEMICOLON_UTF8],
    ),
    "libreoffice-zones-ar-windows-1256.csv": (
        document(sheet("المناطق", [ARABIC_HEADERS, *ARABIC_ROWS])),
        [CSV_SEMICOLON_1256],
    ),
    "libreoffice-ods-to-xlsx.xlsx": (document(ODS_ZONES), [ODS, XLSX]),
    "libreoffice-milestones-en-us.csv": (
        document(US_MILESTONES, language="en", country="US"),
        [CSV_COMMA_UTF8],
    ),
    "libreoffice-blank-rows-above-header.xlsx": (document(BLANK_ROWS_ABOVE_HEADER), [XLSX]),
}


def convert(source, filter_name, outdir, profile):
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            filter_name,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    extension = filter_name.split(":")[0]
    return outdir / f"{source.stem}.{extension}"


def build(names):
    if not shutil.which("soffice"):
        sys.exit("soffice not found: install LibreOffice Calc to rebuild the samples.")
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        profile = work / "profile"  # a throwaway LibreOffice profile, not the user's
        for number, name in enumerate(names):
            content, filters = SAMPLES[name]
            step = work / f"sample{number}" / "sample.fods"
            step.parent.mkdir()
            step.write_text(content, encoding="utf-8")
            for index, filter_name in enumerate(filters):
                outdir = step.parent / f"step{index}"
                step = convert(step, filter_name, outdir, profile)
            shutil.copyfile(step, HERE / name)
            print(f"{name}: {(HERE / name).stat().st_size} bytes")


if __name__ == "__main__":
    build(sys.argv[1:] or list(SAMPLES))
