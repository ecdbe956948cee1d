"""Which columns each spreadsheet sheet has, and how their headers read in each language.

A sheet is derived from its model's fields, so the importer, the exporter and the
whole-registry workbook never disagree. Records are matched on their public ``code``;
rows of a dependent table (a zone's job figures, an agreement's parties, a record's
citations) are matched as the whole set belonging to their parent, which the import
replaces.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from registry import models as registry
from registry.text import normalize

LANGUAGES = ("ar", "fr", "en")


def current_language():
    """The active language as a two-letter code: the default of headers and messages."""
    return (get_language() or "en")[:2]


# Numbers that may be written with a unit the importer removes.
UNITS = {"area_ha": ("ha", "hectares", "hectare", "هكتار", "هكتارات", "هكتارا")}
PERCENT_FIELDS = {"progress_percent"}
# Amount field -> (currency field, qualifier field): read with scale words ("180 مليون درهم").
MONEY_FIELDS = {
    "amount": ("currency", "amount_qualifier"),
    "cost_amount": ("cost_currency", "cost_qualifier"),
}
# Number field -> the field holding its qualifier ("> 41" fills both).
QUALIFIED_FIELDS = {
    "area_ha": "area_qualifier",
    "count": "qualifier",
    "progress_percent": "progress_qualifier",
    "value": "qualifier",
}
SKIPPED_FIELDS = {"id", "search_text", "created", "updated"}


@dataclass
class Column:
    name: str
    kind: str  # text, choice, integer, decimal, money, date, precision, list, fk, m2m, record
    model_field: models.Field | None = None
    related: type[models.Model] | None = None
    label: object = None

    @property
    def attname(self):
        return self.model_field.attname if self.model_field is not None else self.name

    @cached_property
    def validators(self):
        """The field's validators, less the length check that the text conversion makes."""
        if self.model_field is None or isinstance(self.model_field, models.JSONField):
            return []
        return [
            validator
            for validator in self.model_field.validators
            if not isinstance(validator, MaxLengthValidator)
        ]

    def header(self, language):
        with translation.override(language):
            return str(self.label if self.label is not None else self.model_field.verbose_name)


@dataclass
class Sheet:
    model: type[models.Model]
    key: tuple[str, ...] = ("code",)
    exclude: tuple[str, ...] = ()
    extra: list[Column] = field(default_factory=list)

    @property
    def name(self):
        return self.model._meta.model_name

    @property
    def grouped(self):
        """Rows are a set of children replaced per parent, not records with a code."""
        return self.key != ("code",)

    def title(self, language):
        with translation.override(language):
            return str(self.model._meta.verbose_name_plural)

    @cached_property
    def columns(self):
        columns = list(self.extra)
        for model_field in self.model._meta.get_fields():
            name = model_field.name
            if name in SKIPPED_FIELDS or name in self.exclude:
                continue
            if isinstance(model_field, models.ManyToManyField):
                if not model_field.remote_field.through._meta.auto_created:
                    continue  # rows of its own sheet, e.g. agreement parties
            elif model_field.auto_created or not model_field.concrete:
                continue
            columns.append(column_for(model_field))
        order = {c.name: i for i, c in enumerate(columns)}
        key_first = sorted(columns, key=lambda c: (c.name not in self.key, order[c.name]))
        return key_first

    @cached_property
    def by_name(self):
        return {c.name: c for c in self.columns}

    def headers(self, language):
        """Export headers in ``language``; a label used twice is followed by the field name."""
        labels = [c.header(language) for c in self.columns]
        return [
            f"{label} ({c.name})" if labels.count(label) > 1 else label
            for label, c in zip(labels, self.columns, strict=True)
        ]

    @cached_property
    def header_index(self):
        """Normalised header in any language (or the field name) -> column."""
        index = {}
        for language in LANGUAGES:
            for header, column in zip(self.headers(language), self.columns, strict=True):
                index.setdefault(normalize(header), column)
        for column in self.columns:
            index[normalize(column.name)] = column
            index[column.name] = column
        return index

    def column_for_header(self, header):
        return self.header_index.get(header) or self.header_index.get(normalize(header))


def column_for(model_field):
    if isinstance(model_field, models.ManyToManyField):
        return Column(model_field.name, "m2m", model_field, model_field.related_model)
    if isinstance(model_field, models.ForeignKey):
        return Column(model_field.name, "fk", model_field, model_field.related_model)
    if model_field.choices and model_field.name.endswith("precision"):
        return Column(model_field.name, "precision", model_field)
    if model_field.choices:
        return Column(model_field.name, "choice", model_field)
    if isinstance(model_field, models.DecimalField):
        kind = "money" if model_field.name in MONEY_FIELDS else "decimal"
        return Column(model_field.name, kind, model_field)
    if isinstance(model_field, models.IntegerField):
        return Column(model_field.name, "integer", model_field)
    if isinstance(model_field, models.DateField):
        return Column(model_field.name, "date", model_field)
    if isinstance(model_field, models.JSONField):
        return Column(model_field.name, "list", model_field)
    if isinstance(model_field, models.CharField | models.TextField):
        return Column(model_field.name, "text", model_field)
    raise TypeError(f"No spreadsheet column for {model_field!r}")


CITATION_COLUMNS = [
    Column("record_type", "record_type", label=_("kind of record")),
    Column("record", "record", label=_("record")),
]

# Dependency order: a sheet only refers to sheets above it.
SHEETS = [
    Sheet(registry.Region),
    Sheet(registry.Province),
    Sheet(registry.FormerRegion),
    Sheet(registry.Sector),
    Sheet(registry.Person),
    Sheet(registry.Organisation),
    Sheet(registry.OrganisationName, key=("organisation",)),
    Sheet(registry.Zone),
    Sheet(registry.ZoneOrganisation, key=("zone",)),
    Sheet(registry.ZoneJobFigure, key=("zone",)),
    Sheet(registry.ZoneEvent, key=("zone",)),
    Sheet(registry.Meeting),
    Sheet(registry.MeetingParticipant, key=("meeting",)),
    Sheet(registry.Agreement),
    Sheet(registry.AgreementParty, key=("agreement",)),
    Sheet(registry.FundingCommitment),
    Sheet(registry.Indicator),
    Sheet(registry.Source),
    Sheet(
        registry.Citation,
        key=("record_type", "record"),
        exclude=("content_type", "object_id"),
        extra=CITATION_COLUMNS,
    ),
]
SHEETS_BY_MODEL = {sheet.model: sheet for sheet in SHEETS}
SHEETS_BY_NAME = {sheet.name: sheet for sheet in SHEETS}


def sheet_for(model):
    return SHEETS_BY_MODEL[model]


def sheet_named(title):
    """The sheet whose model name or plural verbose name (any language) is ``title``."""
    wanted = normalize(title)
    for sheet in SHEETS:
        names = {sheet.name, normalize(sheet.model._meta.verbose_name_plural)}
        names |= {normalize(sheet.title(language)) for language in LANGUAGES}
        if wanted in names:
            return sheet
    return None


def citable_models():
    """Models a citation may point at: every registry table but citations themselves."""
    return [s.model for s in SHEETS if s.model is not registry.Citation]


def parent_field(model):
    """For a table without codes, the foreign key to the record its rows belong to."""
    sheet = SHEETS_BY_MODEL[model]
    return sheet.key[0] if sheet.grouped and sheet.key[0] in sheet.by_name else None
