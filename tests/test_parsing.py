import contextlib
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.parsing import (
    APPROX,
    AT_LEAST,
    DAY,
    EXACT,
    LESS_THAN,
    MONTH,
    MORE_THAN,
    YEAR,
    Money,
    Number,
    ParseError,
    PartialDate,
    parse_date,
    parse_integer,
    parse_money,
    parse_number,
)

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
EXTENDED = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("41", "41"),
        ("٤١", "41"),
        ("۴۱", "41"),
        ("2.5", "2.5"),
        ("2,5", "2.5"),
        ("2٫5", "2.5"),
        ("2،5", "2.5"),
        ("١٢٫٧٥", "12.75"),
        ("1 234,5", "1234.5"),
        ("1\u00a0234\u00a0567", "1234567"),
        ("1\u202f234,25", "1234.25"),
        ("1\u2009234", "1234"),
        ("1.234.567", "1234567"),
        ("1,234,567", "1234567"),
        ("1,234,567.89", "1234567.89"),
        ("1.234.567,89", "1234567.89"),
        ("12,70", "12.70"),
        ("0,500", "0.5"),
        ("0.125", "0.125"),
        ("1234.5", "1234.5"),
        ("-3", "-3"),
        ("\u200f41\u200e", "41"),
        ("1٬234", "1234"),
        ("1e3", "1000"),
    ],
)
def test_numbers(text, expected):
    assert parse_number(text, decimal_places=4) == Number(Decimal(expected))


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("> 41", "41", MORE_THAN),
        ("+41", "41", MORE_THAN),
        ("41+", "41", MORE_THAN),
        ("~60", "60", APPROX),
        ("≈60", "60", APPROX),
        ("about 60", "60", APPROX),
        ("environ 60", "60", APPROX),
        ("Environ 60", "60", APPROX),
        ("près de 60", "60", APPROX),
        ("plus de 41", "41", MORE_THAN),
        ("more than 41", "41", MORE_THAN),
        ("حوالي 60", "60", APPROX),
        ("حوالي ٦٠", "60", APPROX),
        ("أكثر من 41", "41", MORE_THAN),
        ("تفوق 41", "41", MORE_THAN),
        ("ما يفوق 41", "41", MORE_THAN),
        ("أقل من 5", "5", LESS_THAN),
        ("< 5", "5", LESS_THAN),
        (">= 5", "5", AT_LEAST),
        ("≥5", "5", AT_LEAST),
        ("au moins 5", "5", AT_LEAST),
        ("41", "41", EXACT),
    ],
)
def test_qualifiers(text, value, qualifier):
    assert parse_number(text) == Number(Decimal(value), qualifier)


@pytest.mark.parametrize(
    "text", ["abc", "1..2", "1,2,3", "1.2.3,4.5", "12 apples", ",5", "5,", "--5"]
)
def test_not_numbers(text):
    with pytest.raises(ParseError, match="not a number"):
        parse_number(text)


def test_empty_is_none():
    assert parse_number("") is None
    assert parse_number("  \u200f ") is None
    assert parse_number(None) is None


def test_spaced_comma_in_rtl_text_is_refused_with_both_readings():
    with pytest.raises(ParseError) as error:
        parse_number("2 ,15", decimal_places=4)
    assert "2.15" in str(error.value) and "15.2" in str(error.value)
    with pytest.raises(ParseError):
        parse_number("2, 15")
    with pytest.raises(ParseError):
        parse_number("٢ ،١٥")


@pytest.mark.parametrize("text", ["1.500", "12,700", "1,250"])
def test_three_digit_group_is_ambiguous_for_decimals(text):
    with pytest.raises(ParseError, match="ambiguous"):
        parse_number(text, decimal_places=4)


@pytest.mark.parametrize(("text", "value"), [("12,700", 12700), ("2.500", 2500), ("1 500", 1500)])
def test_three_digit_group_is_thousands_for_integers(text, value):
    assert parse_integer(text) == Number(value)


@pytest.mark.parametrize("value", [12.7, "12.7", "12,7", Decimal("12.7"), "1e-1"])
def test_integers_are_never_truncated(value):
    with pytest.raises(ParseError, match="whole number"):
        parse_integer(value)


def test_integer_cells():
    assert parse_integer(12.0) == Number(12)
    assert parse_integer(12) == Number(12)
    assert parse_integer("أكثر من ٤١") == Number(41, MORE_THAN)
    assert isinstance(parse_integer("41").value, int)


def test_float_noise_only_within_field_precision():
    assert parse_number(0.1 + 0.2, decimal_places=2).value == Decimal("0.30")
    assert parse_number(2.15, decimal_places=4).value == Decimal("2.1500")
    assert parse_number(33.57311, decimal_places=6).value == Decimal("33.573110")
    with pytest.raises(ParseError, match="decimal places"):
        parse_number(33.5731104, decimal_places=6)
    with pytest.raises(ParseError, match="decimal places"):
        parse_number(0.125, decimal_places=2)
    with pytest.raises(ParseError, match="decimal places"):
        parse_number("0.125", decimal_places=2)
    with pytest.raises(ParseError):
        parse_number(float("nan"))


def test_units_and_percent():
    assert parse_number("150 ha", units=("ha",)).value == 150
    assert parse_number("حوالي 150 هكتار", units=("هكتار",)) == Number(Decimal(150), APPROX)
    assert parse_number("65%", percent=True).value == 65
    assert parse_number("٦٥٪", percent=True).value == 65
    with pytest.raises(ParseError):
        parse_number("65%")


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("180 مليون درهم", "180000000", "MAD"),
        ("2,6 مليار درهم", "2600000000", "MAD"),
        ("180 MDH", "180000000", "MAD"),
        ("180 M MAD", "180000000", "MAD"),
        ("1,5 milliard de dirhams", "1500000000", "MAD"),
        ("1.5 milliards de dirhams", "1500000000", "MAD"),
        ("مليار سنتيم", None, None),
        ("1 مليار سنتيم", "10000000", "MAD"),
        ("١٨٠ مليون درهم", "180000000", "MAD"),
        ("12 500 000 DH", "12500000", "MAD"),
        ("12500000", "12500000", "MAD"),
        ("3 millions d'euros", None, None),
        ("3 millions euros", "3000000", "EUR"),
        ("250 ألف درهم", "250000", "MAD"),
        ("12,34", "12.34", "MAD"),
    ],
)
def test_money(text, amount, currency):
    if amount is None:
        with pytest.raises(ParseError):
            parse_money(text)
    else:
        assert parse_money(text) == Money(Decimal(amount), currency)


def test_money_qualifier_and_cells():
    assert parse_money("حوالي 60 مليون درهم") == Money(Decimal(60_000_000), "MAD", APPROX)
    assert parse_money("plus de 2 milliards de dirhams").qualifier == MORE_THAN
    assert parse_money(180000000.0) == Money(Decimal("180000000.00"), "MAD")
    with pytest.raises(ParseError, match="decimal places"):
        parse_money("1,234567 DH")
    with pytest.raises(ParseError, match="unknown unit"):
        parse_money("5 bananas")


@pytest.mark.parametrize(
    ("value", "expected", "precision"),
    [
        ("2009-07-15", dt.date(2009, 7, 15), DAY),
        ("2009-07-15T00:00:00", dt.date(2009, 7, 15), DAY),
        ("15/07/2009", dt.date(2009, 7, 15), DAY),
        ("15.07.2009", dt.date(2009, 7, 15), DAY),
        ("05/07/2009", dt.date(2009, 7, 5), DAY),
        ("2009-07", dt.date(2009, 7, 1), MONTH),
        ("07/2009", dt.date(2009, 7, 1), MONTH),
        ("2023", dt.date(2023, 1, 1), YEAR),
        ("٢٠٢٣", dt.date(2023, 1, 1), YEAR),
        ("15 juillet 2009", dt.date(2009, 7, 15), DAY),
        ("1er août 2019", dt.date(2019, 8, 1), DAY),
        ("décembre 2020", dt.date(2020, 12, 1), MONTH),
        ("يونيو 2023", dt.date(2023, 6, 1), MONTH),
        ("3 يوليوز 2009", dt.date(2009, 7, 3), DAY),
        ("نونبر 2020", dt.date(2020, 11, 1), MONTH),
        ("١٥ غشت ٢٠١٩", dt.date(2019, 8, 15), DAY),
        ("شتنبر 2018", dt.date(2018, 9, 1), MONTH),
        ("July 4 2020", None, None),
        (dt.date(2020, 1, 2), dt.date(2020, 1, 2), DAY),
        (dt.datetime(2020, 1, 2, 0, 0), dt.date(2020, 1, 2), DAY),
        (45000, dt.date(2023, 3, 15), DAY),
        (45000.0, dt.date(2023, 3, 15), DAY),
        (2023, dt.date(2023, 1, 1), YEAR),
    ],
)
def test_dates(value, expected, precision):
    if expected is None:
        with pytest.raises(ParseError):
            parse_date(value)
    else:
        assert parse_date(value) == PartialDate(expected, precision)


@pytest.mark.parametrize("text", ["07/15/2009", "31/02/2020", "15/07/09", "tomorrow", "2009-13"])
def test_bad_dates(text):
    with pytest.raises(ParseError):
        parse_date(text)


def test_us_order_is_explained():
    with pytest.raises(ParseError, match="day/month/year") as error:
        parse_date("07/15/2009")
    assert "2009-07-15" in str(error.value)


# --- properties ------------------------------------------------------------------------

decimals = st.decimals(
    min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=2, allow_nan=False
)


@given(decimals)
def test_plain_decimal_text_round_trips(value):
    assert parse_number(str(value), decimal_places=2).value == value


@given(decimals, st.sampled_from([",", "٫", "،"]))
def test_any_decimal_mark_reads_the_same(value, mark):
    text = f"{value:.2f}".replace(".", mark)
    assert parse_number(text, decimal_places=2).value == value


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([ARABIC_INDIC, EXTENDED, None]))
def test_integers_in_any_digits(value, digits):
    text = str(value) if digits is None else str(value).translate(digits)
    assert parse_integer(text) == Number(value)


@given(st.integers(min_value=1000, max_value=10**12), st.sampled_from([" ", "\u00a0", "\u202f"]))
def test_space_grouped_thousands(value, space):
    text = f"{value:,}".replace(",", space)
    assert parse_integer(text) == Number(value)
    assert parse_number(text + ",25", decimal_places=2).value == Decimal(f"{value}.25")


@given(st.integers(min_value=1_000_000, max_value=10**12))
def test_multiple_groups_are_unambiguous(value):
    assert parse_number(f"{value:,}", decimal_places=2).value == value
    assert parse_number(f"{value:,}".replace(",", "."), decimal_places=2).value == value


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_float_cells_never_round_silently(value):
    try:
        result = parse_number(value, decimal_places=2).value
    except ParseError:
        assert Decimal(repr(value)).quantize(Decimal("0.01")) != Decimal(repr(value))
    else:
        assert abs(result - Decimal(repr(value))) <= Decimal("1e-9")


@given(st.integers(min_value=0, max_value=10**6), st.sampled_from(["", "> ", "حوالي ", "~"]))
def test_qualifier_never_changes_the_value(value, prefix):
    assert parse_integer(prefix + str(value)).value == value


@given(st.dates(min_value=dt.date(1928, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_dates_in_every_written_form(date):
    expected = PartialDate(date)
    assert parse_date(date.isoformat()) == expected
    assert parse_date(date.strftime("%d/%m/%Y")) == expected
    assert parse_date(date.isoformat().translate(ARABIC_INDIC)) == expected
    serial = (date - dt.date(1899, 12, 30)).days
    assert parse_date(serial) == expected


@given(st.text(max_size=20))
def test_parsers_only_raise_parse_errors(text):
    for parser in (parse_number, parse_integer, parse_money, parse_date):
        with contextlib.suppress(ParseError):
            parser(text)
