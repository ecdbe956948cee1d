"""Exact, tolerant parsing of numbers, amounts and dates as ministries write them.

Pure functions, no Django imports: the importer, the admin forms and the API filters
share them so that "41", "> 41", "٤١" and "أكثر من 41" mean the same thing everywhere.
Nothing is ever rounded or guessed: a value that could be read two ways is refused
with both readings in the message.

Messages are marked with ``_`` (a no-op here) so that ``makemessages`` collects them;
callers translate ``error.template`` and interpolate ``error.params``.
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from registry.text import normalize


def _(message):
    return message


class ParseError(ValueError):
    """A value that cannot be read exactly; ``str()`` gives the English message."""

    def __init__(self, template, **params):
        self.template = template
        self.params = params
        super().__init__(template % params if params else template)


# Qualifier codes, equal to ``registry.choices.Qualifier`` values.
EXACT, APPROX, MORE_THAN, LESS_THAN, AT_LEAST, AT_MOST = "exact", "approx", "gt", "lt", "gte", "lte"

_QUALIFIER_WORDS = {
    MORE_THAN: [
        ">",
        "+",
        "plus de",
        "plus d",
        "more than",
        "over",
        "above",
        "أكثر من",
        "اكثر من",
        "أزيد من",
        "ازيد من",
        "ما يزيد عن",
        "ما يزيد على",
        "يزيد عن",
        "تفوق",
        "يفوق",
        "ما يفوق",
        "فوق",
    ],
    LESS_THAN: [
        "<",
        "moins de",
        "moins d",
        "less than",
        "under",
        "below",
        "أقل من",
        "اقل من",
        "دون",
    ],
    AT_LEAST: [">=", "≥", "au moins", "at least", "على الأقل", "على الاقل", "لا يقل عن"],
    AT_MOST: ["<=", "≤", "au plus", "at most", "au maximum", "على الأكثر", "لا يتجاوز"],
    APPROX: [
        "~",
        "≈",
        "about",
        "around",
        "approximately",
        "approx",
        "circa",
        "ca",
        "environ",
        "près de",
        "pres de",
        "quelque",
        "quelques",
        "حوالي",
        "حوالى",
        "نحو",
        "قرابة",
        "زهاء",
        "تقريبا",
        "ما يناهز",
        "يناهز",
    ],
}
# Longest first, so that ">=" wins over ">" and "ما يفوق" over "يفوق".
_QUALIFIER_PREFIXES = sorted(
    ((word, code) for code, words in _QUALIFIER_WORDS.items() for word in words),
    key=lambda item: -len(item[0]),
)
_QUALIFIER_SUFFIXES = [("+", MORE_THAN), ("تقريبا", APPROX), ("environ", APPROX)]

_DIGITS = str.maketrans(
    {chr(0x0660 + i): str(i) for i in range(10)}
    | {chr(0x06F0 + i): str(i) for i in range(10)}
    | {"٫": "\x00", "،": ",", "٬": "\x01", "−": "-"}
)
# Marks that right-to-left text carries around numbers; they are invisible.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad\u061c]")
_GROUP_SPACE = "[ \u00a0\u202f\u2009]"
_SPACED_COMMA = re.compile(r"(\d+)(?:\s+,\s*|\s*,\s+)(\d+)")
_NUMBER = re.compile(r"[+-]?\d[\d.,\x00\x01]*")
_PLAIN = re.compile(r"-?(?:0|[1-9]\d{0,2})(?:\.\d{1,2}|\.\d{4,})?\Z|-?[1-9]\d{3,}(?:\.\d+)?\Z")


def _prepare(text):
    text = _INVISIBLE.sub("", str(text)).translate(_DIGITS)
    return re.sub(r"\s+", " ", text).strip()


def split_qualifier(text):
    """``"> 41"`` → ``("41", "gt")``; text without a qualifier → ``(text, "exact")``."""
    lowered = text.casefold()
    for word, code in _QUALIFIER_PREFIXES:
        if lowered.startswith(word):
            rest = text[len(word) :]
            # A word must end at a word boundary ("over" but not "overall").
            if word[-1].isalpha() and rest[:1].isalpha():
                continue
            rest = rest.lstrip(" '’:")
            if word == "+" and rest[:1] in {"-", "+"}:
                break
            return rest, code
    for word, code in _QUALIFIER_SUFFIXES:
        if lowered.endswith(word) and len(text) > len(word):
            return text[: -len(word)].rstrip(), code
    return text, EXACT


def _ambiguous_spaced_comma(text):
    match = _SPACED_COMMA.search(text)
    if match:
        left, right = match.groups()
        raise ParseError(
            _(
                "'%(text)s' is ambiguous: a comma with a space beside it, as typed in "
                "right-to-left text, may mean %(first)s or %(second)s. Write the number "
                "without spaces around the comma."
            ),
            text=text,
            first=f"{left}.{right}",
            second=f"{right}.{left}",
        )


def _valid_groups(integer_part, separator):
    groups = integer_part.split(separator)
    return (
        1 <= len(groups[0]) <= 3
        and groups[0].lstrip("+-") != ""
        and all(len(g) == 3 for g in groups[1:])
    )


def _canonical(token, *, integer, original):
    """Turn a token of digits and separators into a plain ``123.45`` string."""
    sign = ""
    if token[:1] in "+-":
        sign, token = ("-" if token[0] == "-" else ""), token[1:]
    if "\x00" in token:  # the Arabic decimal separator is never a thousands mark
        integer_part, _sep, fraction = token.partition("\x00")
        if "\x00" in fraction or "." in fraction or "," in fraction:
            raise ParseError(_("'%(text)s' is not a number."), text=original)
        for sep in ",.\x01":
            if sep in integer_part and not _valid_groups(integer_part, sep):
                raise ParseError(_("'%(text)s' is not a number."), text=original)
        integer_part = re.sub(r"[,.\x01]", "", integer_part)
        return sign + integer_part + "." + fraction
    if "\x01" in token:
        if not _valid_groups(token.split(",")[0].split(".")[0], "\x01"):
            raise ParseError(_("'%(text)s' is not a number."), text=original)
        token = token.replace("\x01", "")
    has_dot, has_comma = "." in token, "," in token
    if has_dot and has_comma:
        decimal_sep = "." if token.rfind(".") > token.rfind(",") else ","
        group_sep = "," if decimal_sep == "." else "."
        integer_part, _sep, fraction = token.rpartition(decimal_sep)
        if decimal_sep in integer_part or not _valid_groups(integer_part, group_sep):
            raise ParseError(_("'%(text)s' is not a number."), text=original)
        return sign + integer_part.replace(group_sep, "") + "." + fraction
    if not (has_dot or has_comma):
        return sign + token
    sep = "." if has_dot else ","
    parts = token.split(sep)
    if len(parts) > 2:
        if not _valid_groups(token, sep):
            raise ParseError(_("'%(text)s' is not a number."), text=original)
        return sign + token.replace(sep, "")
    integer_part, fraction = parts
    if not integer_part or not fraction:
        raise ParseError(_("'%(text)s' is not a number."), text=original)
    if len(fraction) != 3 or integer_part.strip("0") == "" or len(integer_part) > 3:
        return sign + integer_part + "." + fraction
    # "12,700" or "1.500": a thousands group or a decimal fraction.
    if integer:
        return sign + integer_part + fraction
    raise ParseError(
        _(
            "'%(text)s' is ambiguous: it may mean %(grouped)s (with '%(sep)s' grouping "
            "thousands) or %(decimal)s (with '%(sep)s' as the decimal mark). Write it "
            "without the thousands mark, or with a different decimal mark."
        ),
        text=original,
        sep=sep,
        grouped=integer_part + fraction,
        decimal=integer_part + "." + fraction,
    )


@dataclass(frozen=True)
class Number:
    value: Decimal
    qualifier: str = EXACT


def _from_float(value, decimal_places, integer):
    if value != value or value in (float("inf"), float("-inf")):
        raise ParseError(_("'%(text)s' is not a number."), text=value)
    exact = Decimal(repr(value))
    places = 0 if integer else decimal_places
    if places is None:
        return exact.normalize() if exact == exact.to_integral() else exact
    nearest = exact.quantize(Decimal(1).scaleb(-places))
    # Spreadsheets store binary floats: 0.1 + 0.2 is 0.30000000000000004.
    if abs(exact - nearest) <= Decimal("1e-9"):
        return nearest
    if integer:
        raise ParseError(_("%(text)s is not a whole number."), text=value)
    raise ParseError(
        _("%(text)s has more than %(places)s decimal places."), text=value, places=places
    )


def _check_places(value, decimal_places, integer, original):
    if integer:
        if value != value.to_integral_value():
            raise ParseError(_("'%(text)s' is not a whole number."), text=original)
        return Decimal(int(value))
    if decimal_places is not None and value.as_tuple().exponent < -decimal_places:
        trimmed = value.normalize()
        if trimmed.as_tuple().exponent < -decimal_places:
            raise ParseError(
                _("'%(text)s' has more than %(places)s decimal places."),
                text=original,
                places=decimal_places,
            )
        return trimmed
    return value


def parse_number(value, *, decimal_places=None, integer=False, units=(), percent=False):
    """Read a number with an optional qualifier; ``None`` for an empty cell.

    ``units`` are words that may follow the number ("ha", "هكتار"); ``percent`` allows "%".
    """
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise ParseError(_("'%(text)s' is not a number."), text=value)
    if isinstance(value, int):
        return Number(Decimal(value))
    if isinstance(value, float):
        return Number(_from_float(value, decimal_places, integer))
    if isinstance(value, Decimal):
        return Number(_check_places(value, decimal_places, integer, value))
    original = str(value).strip()
    if _PLAIN.match(original):  # the common case, as exports write numbers
        return Number(_check_places(Decimal(original), decimal_places, integer, original))
    text = _prepare(original)
    if not text:
        return None
    text, qualifier = split_qualifier(text)
    lowered = text.casefold()
    for unit in sorted((*units, *(("%", "٪") if percent else ())), key=len, reverse=True):
        if lowered.endswith(unit.casefold()):
            text = text[: -len(unit)].rstrip()
            break
    _ambiguous_spaced_comma(text)
    text = re.sub(rf"(?<=\d){_GROUP_SPACE}(?=\d{{3}}(?!\d))", "", text)
    if not re.fullmatch(_NUMBER, text):
        if re.fullmatch(r"[+-]?\d+(\.\d+)?[eE][+-]?\d+", text):
            return Number(_check_places(Decimal(text), decimal_places, integer, original))
        raise ParseError(_("'%(text)s' is not a number."), text=original)
    canonical = _canonical(text, integer=integer, original=original)
    try:
        number = Decimal(canonical)
    except InvalidOperation:
        raise ParseError(_("'%(text)s' is not a number."), text=original) from None
    return Number(_check_places(number, decimal_places, integer, original), qualifier)


def is_plain_number(text):
    """Whether ``text`` is a number as exports write it, read the same in every convention."""
    return bool(_PLAIN.match(text))


def parse_integer(value, **kwargs):
    """A whole number; 12.7 is an error, never 12."""
    number = parse_number(value, integer=True, **kwargs)
    return None if number is None else Number(int(number.value), number.qualifier)


# --- Money ---------------------------------------------------------------------------

_SCALES = [
    # (words, factor); matched on normalize()d text, longest first.
    (["مليار", "ملايير", "مليارات", "milliard", "milliards", "mds", "md", "mrd", "mrds"], 10**9),
    (["مليون", "ملايين", "million", "millions", "mio", "m"], 10**6),
    (["ألف", "الف", "آلاف", "الاف", "mille", "thousand", "k"], 10**3),
]
_CURRENCIES = [
    (
        [
            "درهم",
            "دراهم",
            "dirham",
            "dirhams",
            "dh",
            "dhs",
            "mad",
            "de dirhams",
            "dirhams marocains",
        ],
        "MAD",
        1,
    ),
    (["سنتيم", "centime", "centimes", "cts"], "MAD", Decimal("0.01")),
    (["أورو", "اورو", "يورو", "euro", "euros", "eur", "€"], "EUR", 1),
    (["دولار", "dollar", "dollars", "usd", "$"], "USD", 1),
]
# Abbreviations that carry both a scale and the currency.
_COMBINED = {
    "mdh": (10**6, "MAD"),
    "mdhs": (10**6, "MAD"),
    "mmdh": (10**9, "MAD"),
    "mdsdh": (10**9, "MAD"),
    "mrddh": (10**9, "MAD"),
    "kdh": (10**3, "MAD"),
}


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str
    qualifier: str = EXACT


def parse_money(value, *, decimal_places=2, default_currency="MAD"):
    """``"2,6 مليار درهم"`` → ``Money(Decimal("2600000000"), "MAD")``; exact, never rounded."""
    if value is None:
        return None
    if not isinstance(value, str):
        number = parse_number(value, decimal_places=decimal_places)
        return Money(number.value, default_currency, number.qualifier)
    text = _prepare(value)
    if not text:
        return None
    text, qualifier = split_qualifier(text)
    match = re.match(r"[+-]?\d[\d.,\x00\x01 \u00a0\u202f\u2009]*", text)
    if not match:
        raise ParseError(_("'%(text)s' is not an amount."), text=value)
    number_text, words = match.group().strip(), normalize(text[match.end() :])
    words = words.replace(" de ", " ").removeprefix("de ")
    factor, currency = Decimal(1), None
    tokens = words.split()
    if tokens and tokens[0] in _COMBINED:
        scale, currency = _COMBINED[tokens.pop(0)]
        factor *= scale
    else:
        for scale_words, scale in _SCALES:
            if tokens and tokens[0] in scale_words:
                factor *= scale
                tokens.pop(0)
                break
    rest = " ".join(tokens)
    if rest:
        for names, code, unit in _CURRENCIES:
            if rest in names or normalize(rest) in map(normalize, names):
                if currency and currency != code:
                    break
                currency, factor = code, factor * unit
                rest = ""
                break
    if rest:
        raise ParseError(
            _("'%(text)s': unknown unit or currency '%(unit)s'."), text=value, unit=rest
        )
    number = parse_number(number_text, decimal_places=None if factor != 1 else decimal_places)
    amount = number.value * factor
    amount = _check_places(amount, decimal_places, False, value)
    return Money(amount, currency or default_currency, qualifier)


# --- Dates -----------------------------------------------------------------------------

DAY, MONTH, YEAR = "day", "month", "year"

_MONTH_NAMES = {
    1: ["janvier", "janv", "january", "jan", "يناير", "جانفي", "كانون الثاني"],
    2: ["fevrier", "fevr", "fev", "february", "feb", "فبراير", "فيفري", "شباط"],
    3: ["mars", "march", "mar", "مارس", "آذار"],
    4: ["avril", "avr", "april", "apr", "أبريل", "ابريل", "أفريل", "افريل", "نيسان", "إبريل"],
    5: ["mai", "may", "ماي", "مايو", "أيار"],
    6: ["juin", "june", "jun", "يونيو", "يونيه", "جوان", "حزيران"],
    7: ["juillet", "juil", "july", "jul", "يوليوز", "يوليو", "يوليه", "جويلية", "تموز"],
    8: ["aout", "august", "aug", "غشت", "أغسطس", "اغسطس", "أوت", "اوت", "آب"],
    9: ["septembre", "sept", "september", "sep", "شتنبر", "سبتمبر", "أيلول"],
    10: ["octobre", "oct", "october", "أكتوبر", "اكتوبر", "تشرين الأول"],
    11: ["novembre", "nov", "november", "نونبر", "نوفمبر", "تشرين الثاني"],
    12: ["decembre", "dec", "december", "دجنبر", "ديسمبر", "كانون الأول"],
}
_MONTHS = {normalize(name): number for number, names in _MONTH_NAMES.items() for name in names}
_MONTH_PATTERN = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
_NAMED_DATE = re.compile(
    rf"^(?:(?P<day>\d{{1,2}})(?:er|st|nd|rd|th)? )?(?:de )?(?P<month>{_MONTH_PATTERN})"
    rf"(?: de)? (?P<year>\d{{4}})$"
)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, the month or the year; stored as its first day."""

    date: dt.date
    precision: str = DAY


def _make_date(year, month, day, original):
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ParseError(
            _("'%(text)s' is not a real date (day/month/year)."), text=original
        ) from None


def parse_date(value):
    """Read a full or partial date; day-first, never the US month-first order."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return PartialDate(value.date())
    if isinstance(value, dt.date):
        return PartialDate(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value != int(value):
            if isinstance(value, float) and value > 10000:  # an Excel date-time serial
                value = int(value)
            else:
                raise ParseError(_("'%(text)s' is not a date."), text=value)
        if 1000 <= value <= 9999:
            return PartialDate(dt.date(int(value), 1, 1), YEAR)
        if 1 <= value <= 2958465:  # Excel's serial numbers, 1900 date system
            return PartialDate(_EXCEL_EPOCH + dt.timedelta(days=int(value)))
        raise ParseError(_("'%(text)s' is not a date."), text=value)
    original = str(value).strip()
    text = _prepare(original)
    if not text:
        return None
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?", text):
        year, month, day = map(int, match.groups())
        return PartialDate(_make_date(year, month, day, original))
    if match := re.fullmatch(r"(\d{4})[-/](\d{1,2})", text):
        year, month = map(int, match.groups())
        return PartialDate(_make_date(year, month, 1, original), MONTH)
    if match := re.fullmatch(r"\d{4}", text):
        return PartialDate(dt.date(int(text), 1, 1), YEAR)
    if match := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})", text):
        day, month, year = map(int, match.groups())
        if len(match.group(3)) == 2:
            raise ParseError(_("'%(text)s': write the year with four digits."), text=original)
        if month > 12 and day <= 12:
            raise ParseError(
                _(
                    "'%(text)s' looks like month/day/year; dates are read as day/month/year. "
                    "Write it as %(iso)s."
                ),
                text=original,
                iso=f"{year:04d}-{day:02d}-{month:02d}",
            )
        return PartialDate(_make_date(year, month, day, original))
    if match := re.fullmatch(r"(\d{1,2})[/.-](\d{4})", text):
        month, year = map(int, match.groups())
        return PartialDate(_make_date(year, month, 1, original), MONTH)
    if match := _NAMED_DATE.fullmatch(normalize(text)):
        month = _MONTHS[match.group("month")]
        year = int(match.group("year"))
        if match.group("day"):
            return PartialDate(_make_date(year, month, int(match.group("day")), original))
        return PartialDate(_make_date(year, month, 1, original), MONTH)
    raise ParseError(
        _("'%(text)s' is not a date; write it as 2009-07-15, 15/07/2009, 2009-07 or 2009."),
        text=original,
    )
