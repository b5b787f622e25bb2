"""Numbers in text: digits and number words, collectives ("three dozen"), ranges and qualifiers.

:func:`parse_number` reads one number expression; :func:`find_quantities` finds every
quantity in a sentence with its qualifier ("at least 35", "20-odd", "between 30 and
40", "almost three dozen") and character span. Vocabulary comes from the codebook
(``numbers.yaml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.codebook import load_codebook


@dataclass(frozen=True)
class Quantity:
    """A count found in text.

    Attributes:
        value: Best value (the lower bound for a range).
        low: Lower bound for ranges, else None.
        high: Upper bound for ranges, else None.
        qualifier: exact, approximate, at_least, at_most or range.
        start: Start offset of the whole expression (qualifier included).
        end: End offset of the number expression.
        text: The expression as written.
    """

    value: int
    low: int | None
    high: int | None
    qualifier: str
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def _vocab() -> dict:
    return load_codebook()["numbers"]


@lru_cache(maxsize=1)
def _number_regex() -> re.Pattern[str]:
    v = _vocab()
    words = sorted(
        (set(v["units"]) | set(v["tens"]) | set(v["scales"]) | set(v["collectives"])) - set(v["not_counts_alone"]),
        key=len, reverse=True,
    )
    word = r"(?:" + "|".join(words) + r")"
    after_article = r"(?:" + "|".join(v["after_article"]) + r")"
    # digits (1,000 / 2.5 not used for counts), or a run of number words joined by spaces/hyphens/"and".
    digits = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+"
    wordrun = rf"(?:(?:a|an)\s+{after_article})|{word}(?:(?:[\s-]+|\s+and\s+){word})*"
    # a hyphen before digits is a range's join only after digits ("30-40"), not "Covid-19"
    return re.compile(rf"(?:(?:(?<![\w-])|(?<=\d-))(?:{digits})|(?<![\w-])(?:{wordrun}))(?![\w])", re.IGNORECASE)


def parse_number(text: str) -> int | None:
    """The integer value of a number expression ("35", "1,000", "twenty-two", "three dozen"), else None."""
    t = text.strip().lower().replace(",", "")
    if t.isdigit():
        return int(t)
    v = _vocab()
    tokens = [tok for tok in re.split(r"[\s-]+", t) if tok and tok != "and"]
    if not tokens:
        return None
    total, current = 0, 0
    seen = False
    for tok in tokens:
        if tok in v["units"]:
            current += v["units"][tok]
        elif tok in v["tens"]:
            current += v["tens"][tok]
        elif tok in v["collectives"]:
            current = (current or 1) * v["collectives"][tok]
        elif tok in v["scales"]:
            scale = v["scales"][tok]
            if scale >= 1000:
                total += (current or 1) * scale
                current = 0
            else:
                current = (current or 1) * scale
        else:
            return None
        seen = True
    if not seen:
        return None
    return total + current


@lru_cache(maxsize=1)
def _qualifier_regexes() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """(before-number regex, after-number regex, group name -> qualifier); longest phrase first."""
    v = _vocab()
    qualifier_of: dict[str, str] = {}
    alternatives: dict[str, list[str]] = {"b": [], "a": []}
    for side, key in (("b", "qualifiers_before"), ("a", "qualifiers_after")):
        phrases = sorted(((p, q) for q, ps in v[key].items() for p in ps), key=lambda x: -len(x[0]))
        for i, (phrase, qualifier) in enumerate(phrases):
            group = f"{side}{i}"
            qualifier_of[group] = qualifier
            if side == "b":
                alternatives[side].append(rf"(?P<{group}>\b{re.escape(phrase)})")
            elif phrase[0].isalpha():
                alternatives[side].append(rf"(?P<{group}>\s*{re.escape(phrase)}\b)")
            else:
                alternatives[side].append(rf"(?P<{group}>{re.escape(phrase)}(?!\w))")
    before = re.compile(r"(?:" + "|".join(alternatives["b"]) + r")\s+$", re.IGNORECASE)
    after = re.compile(r"^(?:" + "|".join(alternatives["a"]) + r")", re.IGNORECASE)
    return before, after, qualifier_of


def _qualifier_of(m: re.Match[str] | None) -> str | None:
    if not m:
        return None
    return _qualifier_regexes()[2][m.lastgroup] if m.lastgroup else None


def _qualifier_before(prefix: str) -> tuple[str | None, int]:
    """Qualifier ending right before a number, and how many characters it spans."""
    m = _qualifier_regexes()[0].search(prefix)
    return (_qualifier_of(m), len(prefix) - m.start()) if m else (None, 0)


def _qualifier_after(suffix: str) -> tuple[str | None, int]:
    """Qualifier right after a number ("-odd", "plus"), and how many characters it spans."""
    m = _qualifier_regexes()[1].match(suffix)
    return (_qualifier_of(m), m.end()) if m else (None, 0)


_RANGE_JOIN = re.compile(r"^\s*(?:-|–|to|and)\s*$", re.IGNORECASE)


def find_quantities(text: str) -> list[Quantity]:
    """Every count in ``text``, left to right, with qualifier and span.

    "between 30 and 40" and "30 to 40" / "30-40" become one ``range`` quantity; a bare
    article ("a", "an") is never a count on its own.
    """
    raw = []
    for m in _number_regex().finditer(text):
        value = parse_number(m.group(0))
        if value is None:
            continue
        raw.append((m.start(), m.end(), value))
    out: list[Quantity] = []
    i = 0
    while i < len(raw):
        start, end, value = raw[i]
        if i + 1 < len(raw) and _RANGE_JOIN.match(text[end:raw[i + 1][0]]) and raw[i + 1][2] > value:
            nstart, nend, nvalue = raw[i + 1]
            joiner = text[end:nstart].strip().lower()
            prefix = text[max(0, start - 40):start]
            between = re.search(r"\bbetween\s+$", prefix, re.IGNORECASE)
            if joiner != "and" or between:
                qstart = start - (len(prefix) - between.start()) if between else start
                out.append(Quantity(value, value, nvalue, "range", qstart, nend, text[qstart:nend]))
                i += 2
                continue
        qualifier, back = _qualifier_before(text[max(0, start - 40):start])
        qual_after, fwd = _qualifier_after(text[end:end + 12])
        qualifier = qualifier or qual_after or "exact"
        qstart = start - back
        low = high = None
        if qualifier == "at_least":
            low = value
        elif qualifier == "at_most":
            high = value
        out.append(Quantity(value, low, high, qualifier, qstart, end + fwd, text[qstart:end + fwd]))
        i += 1
    return out
