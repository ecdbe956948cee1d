"""Turn one spreadsheet cell into the value a model field stores, or a clear error.

Numbers, amounts and dates go through :mod:`registry.parsing`; related records are
found by code, HCP code, acronym, alias or name in any language.
"""

import datetime as dt
import json
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import TextField
from django.utils import translation
from django.utils.translation import gettext as _

from registry import parsing
from registry.text import normalize

from .schema import LANGUAGES, PERCENT_FIELDS, QUALIFIED_FIELDS, UNITS

# Exports prefix text that Excel would run as a formula with this; imports remove it.
FORMULA_GUARD = "'"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Text that guard_formula changes: formula-like, or already starting with the guard.
GUARDED_STARTS = (*FORMULA_STARTS, FORMULA_GUARD)
LIST_SEPARATORS = (";", "؛")


class CellError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def translate(error):
    """The user's-language message of a :class:`registry.parsing.ParseError`."""
    return _(error.template) % error.params if error.params else _(error.template)


def is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value, *, strip=True, unguard=True):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code like 1234 typed into a number cell
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = str(value).strip() if strip else str(value)
    if unguard and text.startswith(FORMULA_GUARD):
        text = text[len(FORMULA_GUARD) :]
    return text


def convert_text(column, value, *, unguard=True):
    # Long texts keep their exact whitespace: citations quote them character for character.
    text = as_text(value, strip=not isinstance(column.model_field, TextField), unguard=unguard)
    if not text.strip():
        text = ""
    if "\x00" in text:
        raise CellError(_("The text contains a NUL character."))
    max_length = column.model_field.max_length
    if max_length and len(text) > max_length:
        raise CellError(
            _("The text has %(length)s characters; at most %(max)s are allowed.")
            % {"length": len(text), "max": max_length}
        )
    return text


class Choices:
    """A code list that accepts its codes and its labels in every language."""

    def __init__(self, choices):
        self.values = [value for value, _label in choices]
        self.index = {}
        for language in LANGUAGES:
            with translation.override(language):
                for value, label in choices:
                    self.index.setdefault(normalize(str(label)), value)
        for value in self.values:
            self.index[normalize(value)] = value
            self.index[value] = value

    def convert(self, value):
        text = as_text(value)
        if not text:
            return ""
        found = self.index.get(text) or self.index.get(normalize(text))
        if found is None:
            raise CellError(
                _("'%(value)s' is not one of: %(accepted)s.")
                % {"value": text, "accepted": ", ".join(self.values)}
            )
        return found


def convert_list(value):
    """A list written as "a; b" (or ؛), or as a JSON array when an item holds a semicolon."""
    if isinstance(value, list):
        return [str(item) for item in value]
    text = as_text(value)
    if not text:
        return []
    if text.startswith("["):
        try:
            items = json.loads(text)
        except ValueError:
            raise CellError(_("'%(value)s' is not a valid JSON list.") % {"value": text}) from None
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise CellError(_("A JSON list of texts is expected."))
        return items
    for separator in LIST_SEPARATORS[1:]:
        text = text.replace(separator, LIST_SEPARATORS[0])
    return [item.strip() for item in text.split(LIST_SEPARATORS[0]) if item.strip()]


def split_references(value):
    if isinstance(value, list):
        return [as_text(v) for v in value if not is_empty(v)]
    return convert_list(value)


def parse_or_raise(parser, value, **kwargs):
    try:
        return parser(value, **kwargs)
    except parsing.ParseError as error:
        raise CellError(translate(error)) from None


def convert_number(column, value):
    """(value, qualifier) for an integer or decimal field."""
    name = column.name
    if column.kind == "integer":
        number = parse_or_raise(parsing.parse_integer, value)
    else:
        number = parse_or_raise(
            parsing.parse_number,
            value,
            decimal_places=column.model_field.decimal_places,
            units=UNITS.get(name, ()),
            percent=name in PERCENT_FIELDS,
        )
    if number is None:
        return None, None
    result = number.value if column.kind != "integer" else int(number.value)
    if number.qualifier != parsing.EXACT and name not in QUALIFIED_FIELDS:
        raise CellError(
            _("'%(value)s': this column takes an exact number, without a qualifier.")
            % {"value": as_text(value)}
        )
    return result, number.qualifier


def convert_money(column, value):
    money = parse_or_raise(
        parsing.parse_money,
        value,
        decimal_places=column.model_field.decimal_places,
        default_currency=None,
    )
    if money is None:
        return None, None, None
    return money.amount, money.currency, money.qualifier


def convert_date(value):
    partial = parse_or_raise(parsing.parse_date, value)
    if partial is None:
        return None, None
    return partial.date, partial.precision


def format_date(value, precision):
    """A date as the export writes it: to the day, or ``2009-07`` / ``2009`` if partial."""
    if value is None:
        return ""
    if precision == parsing.MONTH:
        return value.strftime("%Y-%m")
    if precision == parsing.YEAR:
        return f"{value.year:04d}"
    return value.isoformat()


class Resolver:
    """Find records of ``model`` by code, acronym, alias or name in any language."""

    NAME_FIELDS = ("name_ar", "name_fr", "name_en", "title_ar", "title_fr", "title_en", "acronym")

    def __init__(self, model):
        self.model = model
        names = [f.name for f in model._meta.fields if f.name in self.NAME_FIELDS]
        has_aliases = any(f.name == "aliases" for f in model._meta.fields)
        fields = ["pk", "code", *names, *(["aliases"] if has_aliases else [])]
        self.codes, self.folded, self.names, self.labels = {}, {}, {}, {}
        for row in model._default_manager.values_list(*fields):
            pk, code, *rest = row
            aliases = rest.pop() if has_aliases else []
            self.add(pk, code, [*rest, *(aliases or [])])

    def add(self, pk, code, names):
        self.codes[code] = pk
        self.folded.setdefault(code.casefold(), set()).add(pk)
        self.labels[pk] = code
        for name in names:
            key = normalize(name)
            if key:
                self.names.setdefault(key, set()).add(pk)

    def resolve(self, value):
        text = as_text(value)
        if text in self.codes:
            return self.codes[text]
        matches = self.folded.get(text.casefold()) or self.names.get(normalize(text)) or set()
        if len(matches) == 1:
            return next(iter(matches))
        verbose = self.model._meta.verbose_name
        if matches:
            raise CellError(
                _("'%(value)s' names several %(model)s records (%(codes)s); give the code.")
                % {
                    "value": text,
                    "model": verbose,
                    "codes": ", ".join(sorted(self.labels[pk] for pk in matches)),
                }
            )
        raise CellError(
            _("No %(model)s has the code or name '%(value)s'.") % {"model": verbose, "value": text}
        )


class ChildResolver:
    """Rows without a code (a zone's job figures) are named ``<parent code>#<position>``.

    The position counts from 1 in the table's own order (its ``Meta.ordering``), which is
    how the admin and the exports list them.
    """

    SEPARATOR = "#"

    def __init__(self, model, parent):
        self.model = model
        self.codes, self.labels = {}, {}
        positions = {}
        rows = model._default_manager.order_by(*model._meta.ordering).values_list(
            "pk", f"{parent}__code"
        )
        for pk, parent_code in rows:
            positions[parent_code] = positions.get(parent_code, 0) + 1
            label = f"{parent_code}{self.SEPARATOR}{positions[parent_code]}"
            self.codes[label] = pk
            self.labels[pk] = label

    def resolve(self, value):
        text = as_text(value)
        if text in self.codes:
            return self.codes[text]
        raise CellError(
            _("No %(model)s is '%(value)s'; these rows are named <parent code>#<position>.")
            % {"model": self.model._meta.verbose_name, "value": text}
        )


def resolver_for(model):
    from .schema import parent_field

    if any(f.name == "code" for f in model._meta.fields):
        return Resolver(model)
    return ChildResolver(model, parent_field(model))


class RecordTypes:
    """Kinds of record a citation may point to, by model name or verbose name."""

    def __init__(self, models):
        self.index = {}
        self.models = {}
        for model, content_type in ContentType.objects.get_for_models(*models).items():
            self.models[content_type.pk] = model
            names = {model._meta.model_name}
            for language in LANGUAGES:
                with translation.override(language):
                    names |= {str(model._meta.verbose_name), str(model._meta.verbose_name_plural)}
            for name in names:
                self.index[normalize(name)] = content_type.pk
        self.accepted = sorted(model._meta.model_name for model in models)

    def resolve(self, value):
        text = as_text(value)
        found = self.index.get(normalize(text))
        if found is None:
            raise CellError(
                _("'%(value)s' is not a kind of record; use one of: %(accepted)s.")
                % {"value": text, "accepted": ", ".join(self.accepted)}
            )
        return found


def validation_messages(error):
    """(field name or None, message) pairs of a Django ValidationError."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                yield (None if name == "__all__" else name), " ".join(item.messages)
    else:
        for message in error.messages:
            yield None, message


def run_validators(column, value):
    if not column.validators or value in (None, "", []):
        return
    messages = []
    for validator in column.validators:
        try:
            validator(value)
        except ValidationError as error:
            messages.extend(error.messages)
    if messages:
        raise CellError(" ".join(messages))


def export_value(column, value, precision=None):
    """A stored value as an export cell: numbers stay numbers, the rest is text."""
    if value is None:
        return None if column.kind in ("integer", "decimal", "money") else ""
    if column.kind == "date":
        return format_date(value, precision)
    if isinstance(value, Decimal | int):
        return value
    if isinstance(value, list):
        if any(sep in item for item in value for sep in LIST_SEPARATORS) or any(
            item != item.strip() or not item for item in value
        ):
            return json.dumps(value, ensure_ascii=False)
        return "; ".join(value)
    return value


def guard_formula(text):
    """Keep Excel and LibreOffice from running text that looks like a formula."""
    if text and text.startswith(GUARDED_STARTS):
        return FORMULA_GUARD + text
    return text
