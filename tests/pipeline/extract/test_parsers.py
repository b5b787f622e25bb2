"""Number and date parsers: examples from news phrasing plus property-based checks."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, strategies as st

from pipeline.extract.dates import find_dates
from pipeline.extract.numbers import find_quantities, parse_number

UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _q(text):
    return [(q.value, q.low, q.high, q.qualifier) for q in find_quantities(text)]


def test_qualifiers_and_ranges_read_as_reported():
    assert _q("at least 35 instances") == [(35, 35, None, "at_least")]
    assert _q("20-odd Indians") == [(20, None, None, "approximate")]
    assert _q("between 30 and 40 people") == [(30, 30, 40, "range")]
    assert _q("30 to 40 Indians") == [(30, 30, 40, "range")]
    assert _q("200-250 Nepalis") == [(200, 200, 250, "range")]
    assert _q("Covid-19 patients") == []
    assert _q("almost two dozen Indian citizens") == [(24, None, None, "approximate")]
    assert _q("as many as 50 Indian nationals") == [(50, None, None, "approximate")]
    assert _q("more than 1,000 men") == [(1000, 1000, None, "at_least")]


def test_articles_alone_are_not_numbers():
    assert _q("an official said a total of 10 Indians") == [(10, None, None, "exact")]


@given(st.integers(min_value=0, max_value=999_999))
def test_digits_round_trip(n):
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@given(st.integers(min_value=1, max_value=99))
def test_number_words_round_trip(n):
    if n < 10:
        words = UNITS[n - 1]
    elif n < 20:
        words = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                 "eighteen", "nineteen"][n - 10]
    else:
        words = TENS[n // 10 - 2] + ("" if n % 10 == 0 else "-" + UNITS[n % 10 - 1])
    assert parse_number(words) == n
    assert [q.value for q in find_quantities(f"Officials said {words} people were freed")] == [n]


@given(st.dates(min_value=dt.date(2000, 1, 8), max_value=dt.date(2030, 12, 31)), st.integers(0, 6))
def test_weekday_resolves_to_that_weekday_within_the_week_before_publication(published, wd):
    name = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][wd]
    [d] = find_dates(f"The ministry said on {name} that", published.isoformat())
    got = dt.date.fromisoformat(d.date)
    assert got.weekday() == wd and 0 <= (published - got).days < 7 and d.precision == "day"


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)), st.integers(1, 12))
def test_month_only_is_never_after_publication(published, month):
    name = dt.date(2000, month, 1).strftime("%B")
    [d] = find_dates(f"In {name}, he died", published.isoformat())
    got = dt.date.fromisoformat(d.date)
    assert d.precision == "month" and got.month == month and got <= published.replace(day=1) + dt.timedelta(days=7)


def test_relative_dates_stay_unresolved_without_publication_date():
    for phrase in ("on Thursday", "In March", "last month", "the previous day"):
        [d] = find_dates(f"It happened {phrase}.", None)
        assert (d.date, d.precision, d.text) == (None, "unknown", phrase)


def test_explicit_dates_resolve_without_publication_date():
    [d] = find_dates("arrested on April 24, 2024, and", None)
    assert (d.date, d.precision) == ("2024-04-24", "day")
