"""Date expressions resolved against the article's publication date.

:func:`find_dates` returns every date expression of a sentence with its resolved
ISO date and precision. Explicit dates ("March 6, 2024", "12 June 2024") resolve
on their own; partial and relative ones ("on Thursday", "In March", "last
month", "the previous day") need ``published``: without it they keep their
precision and text but their date stays None (SPEC §2). Ambiguous numeric dates
("11-07-2024") are not read.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.codebook import load_codebook


@dataclass(frozen=True)
class DateMention:
    """A date expression.

    Attributes:
        date: ISO date (first day of the period for week/month/year precision) or None.
        precision: day, week, month, year; unknown when ``date`` is None (the
            expression could not be placed in time, e.g. "in March" in an article
            without a publication date: ``text`` keeps it).
        text: The expression as written.
        start: Start offset in the searched text.
        end: End offset.
    """

    date: str | None
    precision: str
    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _vocab() -> dict:
    return load_codebook()["dates"]


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    v = _vocab()
    month = "(?:" + "|".join(sorted(v["months"], key=len, reverse=True)) + r")\.?"
    weekday = "(?:" + "|".join(v["weekdays"]) + ")"
    rel_days = "|".join(re.escape(k) for k in sorted(v["relative_days"], key=len, reverse=True))
    rel_periods = "|".join(re.escape(k) for k in sorted(v["relative_periods"], key=len, reverse=True))
    year = r"(?:19|20)\d{2}"
    day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
    flags = re.IGNORECASE
    return [
        ("iso", re.compile(rf"\b(?P<y>{year})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)\b")),
        ("month_day_year", re.compile(rf"\b(?P<mon>{month})\s+(?P<d>{day}),?\s+(?P<y>{year})\b", flags)),
        ("day_month_year", re.compile(rf"\b(?P<d>{day})\s+(?P<mon>{month}),?\s+(?P<y>{year})\b", flags)),
        ("month_day", re.compile(rf"\b(?P<mon>{month})\s+(?P<d>{day})\b(?!\s*,?\s*{year})(?![\d:])", flags)),
        ("day_month", re.compile(rf"\b(?P<d>{day})\s+(?P<mon>{month})\b(?!,?\s+{year})", flags)),
        ("month_year", re.compile(rf"\b(?P<mon>{month}),?\s+(?P<y>{year})\b", flags)),
        ("last_month_name", re.compile(rf"\blast\s+(?P<mon>{month})\b|\b(?P<mon2>{month})\s+last\s+year\b", flags)),
        ("month_only", re.compile(rf"\b(?:in|since|during|by|early|late|mid|mid-|until|till|of)\s+(?P<mon>{month})\b(?!\s+\d)", flags)),
        ("weekday", re.compile(rf"\b(?:(?:on|last|this|from|until)\s+)?(?P<wd>{weekday})\b", flags)),
        ("relative_period", re.compile(rf"\b(?P<rp>{rel_periods})\b", flags)),
        ("relative_day", re.compile(rf"\b(?P<rd>{rel_days})\b", flags)),
        ("year", re.compile(rf"\b(?:in|since|during|of|year)\s+(?P<y>{year})\b", flags)),
    ]


def _month_num(name: str) -> int:
    return _vocab()["months"][name.lower().rstrip(".")]


def _pub(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _year_for(month: int, day: int, pub: dt.date) -> int:
    """The year that puts (month, day) on or before publication (news reports the past)."""
    candidate = _safe_date(pub.year, month, min(day, calendar.monthrange(pub.year, month)[1]))
    if candidate and candidate > pub + dt.timedelta(days=7):
        return pub.year - 1
    return pub.year


def _shift_month(d: dt.date, months: int) -> dt.date:
    idx = d.year * 12 + d.month - 1 + months
    return dt.date(idx // 12, idx % 12 + 1, 1)


def _resolve(kind: str, m: re.Match[str], pub: dt.date | None) -> tuple[dt.date | None, str]:
    g = m.groupdict()
    if kind == "iso":
        return _safe_date(int(g["y"]), int(g["m"]), int(g["d"])), "day"
    if kind in ("month_day_year", "day_month_year"):
        return _safe_date(int(g["y"]), _month_num(g["mon"]), int(re.sub(r"\D", "", g["d"]))), "day"
    if kind in ("month_day", "day_month"):
        month, day = _month_num(g["mon"]), int(re.sub(r"\D", "", g["d"]))
        if not pub:
            return None, "day"
        return _safe_date(_year_for(month, day, pub), month, day), "day"
    if kind == "month_year":
        return dt.date(int(g["y"]), _month_num(g["mon"]), 1), "month"
    if kind == "last_month_name":
        month = _month_num(g["mon"] or g["mon2"])
        if not pub:
            return None, "month"
        year = pub.year - 1 if (g["mon2"] or month >= pub.month) else pub.year
        return dt.date(year, month, 1), "month"
    if kind == "month_only":
        month = _month_num(g["mon"])
        if not pub:
            return None, "month"
        return dt.date(pub.year if month <= pub.month else pub.year - 1, month, 1), "month"
    if kind == "weekday":
        if not pub:
            return None, "day"
        wd = _vocab()["weekdays"][g["wd"].lower()]
        return pub - dt.timedelta(days=(pub.weekday() - wd) % 7), "day"
    if kind == "relative_day":
        if not pub:
            return None, "day"
        return pub + dt.timedelta(days=_vocab()["relative_days"][g["rd"].lower()]), "day"
    if kind == "relative_period":
        unit, offset = _vocab()["relative_periods"][g["rp"].lower()]
        if not pub:
            return None, unit
        if unit == "week":
            monday = pub - dt.timedelta(days=pub.weekday())
            return monday + dt.timedelta(weeks=offset), "week"
        if unit == "month":
            return _shift_month(pub, offset), "month"
        return dt.date(pub.year + offset, 1, 1), "year"
    if kind == "year":
        return dt.date(int(g["y"]), 1, 1), "year"
    return None, "unknown"


def find_dates(text: str, published: str | None) -> list[DateMention]:
    """Every date expression in ``text``, resolved against ``published`` (ISO date or None).

    Overlapping matches keep the earliest listed (most specific) pattern.
    """
    pub = _pub(published)
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for kind, pattern in _patterns():
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if kind == "month_only" and m.group("mon").lower() == "may" and not m.group(0)[0].isupper():
                # "may" is usually the verb; only "In May" (capitalised month) is a date.
                if not re.search(r"\bMay\b", m.group(0)):
                    continue
            if kind in ("month_day", "day_month", "month_year", "last_month_name") and \
                    (m.group("mon") or "").lower() == "may" and not re.search(r"\bMay\b", m.group(0)):
                continue
            date, precision = _resolve(kind, m, pub)
            taken.append((m.start(), m.end()))
            out.append(DateMention(date.isoformat() if date else None, precision if date else "unknown",
                                   m.group(0), m.start(), m.end()))
    return sorted(out, key=lambda d: d.start)
