"""Segmentation of cleaned article text: paragraphs, sentences and quotations, with offsets.

All spans are offsets into ``Article.text``. Quotation detection copes with the
habits of real pages: straight and curly marks, a quotation opened with a closing
mark, closed with two single quotes, missing its opening mark at the start of a
paragraph, or running over a line break. Quotations in single marks (British style,
straight ' or curly ‘ ’) are told apart from apostrophes by where the marks stand
(see :func:`_single_quotations`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.codebook import load_codebook

DOUBLE_MARKS = '"“”„«»'
OPENERS = "“„«"
CLOSERS = "”»"
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "rs", "pvt", "ltd", "co", "inc", "jr", "sr", "gen", "lt", "col", "maj",
    "capt", "no", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "a.m", "p.m", "sept", "govt", "dept", "prof",
    "rev", "hon", "smt", "approx", "est", "fig", "ft", "mt",
}


@dataclass(frozen=True)
class Span:
    """A stretch of the article text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Quote:
    """A quotation: ``start``/``end`` include the marks, ``inner_*`` the quoted words only."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    text: str
    paragraph: int


def paragraphs(text: str) -> list[Span]:
    """Blocks separated by blank lines, stripped, with offsets."""
    out = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        raw = m.group(0)
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        if body:
            start = m.start() + lead
            out.append(Span(start, start + len(body), body))
    return out


def _is_sentence_end(text: str, i: int) -> bool:
    """Whether the terminal punctuation at ``i`` ends a sentence."""
    ch = text[i]
    if ch == "." :
        m = re.search(r"([A-Za-z.]+)$", text[:i])
        word = m.group(1).lower() if m else ""
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            return False
        if re.search(r"\d$", text[:i]) and re.match(r"\d", text[i + 1:i + 2]):
            return False
    j = i + 1
    while j < len(text) and text[j] in DOUBLE_MARKS + "’'\")]":
        j += 1
    if j >= len(text):
        return True
    if text[j] not in " \n\t":
        return False
    k = j
    while k < len(text) and text[k] in " \t":
        k += 1
    if k < len(text) and text[k] == "\n":
        return True
    nxt = text[k:k + 2]
    return bool(nxt) and (nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in DOUBLE_MARKS + "‘'•(-–—[")


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences of ``text[start:end]`` (never crossing a paragraph), with offsets into ``text``.

    In a paragraph whose lines all start with a capital or a digit (a list of highlights,
    headlines) a sentence never crosses a line either, though the lines have no full stop.
    """
    end = len(text) if end is None else end
    out: list[Span] = []
    for para in _blocks(paragraphs(text[start:end])):
        p0 = start + para.start
        chunk = para.text
        s0 = 0
        for m in re.finditer(r"[.!?…]+", chunk):
            i = m.end() - 1
            if not _is_sentence_end(chunk, i):
                continue
            j = i + 1
            while j < len(chunk) and chunk[j] in DOUBLE_MARKS + "’'\")]":
                j += 1
            piece = chunk[s0:j]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                out.append(Span(p0 + s0 + lead, p0 + j, piece.strip()))
            s0 = j
        piece = chunk[s0:]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append(Span(p0 + s0 + lead, p0 + s0 + lead + len(piece.strip()), piece.strip()))
    return out


def _blocks(paras: list[Span]) -> list[Span]:
    """The paragraphs, with those whose lines all start like a sentence split into their lines."""
    out = []
    for para in paras:
        lines = list(re.finditer(r"[^\n]+", para.text))
        if len(lines) >= 2 and all(re.match(r"\s*[A-Z0-9]", m.group(0)) for m in lines):
            out.extend(Span(para.start + m.start(), para.start + m.end(), m.group(0)) for m in lines)
        else:
            out.append(para)
    return out


def _role(text: str, i: int) -> str:
    """'open', 'close' or 'either' for the quotation mark at ``i``, from its neighbours."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    left_open = before.isspace() or before in "([—–-:,;•" or i == 0
    right_open = after.isalnum() or after in "‘'(…." or after in "“"
    left_closed = before.isalnum() or before in ".,!?;:…)’'\"-—"
    right_closed = after.isspace() or after in ".,;:!?)—–-|’'" or i + 1 >= len(text)
    mark = text[i]
    if mark in OPENERS and not (left_closed and right_closed and not left_open):
        return "open"
    if left_open and right_open:
        return "open"
    if left_closed and right_closed:
        return "close"
    if mark in CLOSERS:
        return "close"
    return "either"


def _marks(text: str) -> list[tuple[int, int, str]]:
    """Positions of double quotation marks, including two single quotes used as one (''/’’)."""
    out = []
    for m in re.finditer(r"[\"“”„«»]|’’|''", text):
        role = _role(text, m.start()) if len(m.group(0)) == 1 else "close"
        if len(m.group(0)) == 2:
            before = text[m.start() - 1] if m.start() else " "
            role = "close" if not before.isspace() else "open"
        out.append((m.start(), m.end(), role))
    return out


def quotes(text: str) -> list[Quote]:
    """Every quotation of the article, in text order.

    Double marks are paired within a paragraph: an opener with the next closer. A
    closer with no opener before it in its paragraph starts the quotation at the
    paragraph start (a dropped opening mark); an opener never closed runs to the
    paragraph end. Single marks are then paired outside those quotations (see
    :func:`_single_quotations`); a double-quoted quotation inside a single-quoted
    one is part of it, not a quotation of its own.
    """
    doubles = _double_quotations(text)
    singles: list[Quote] = []
    for pi, para in enumerate(paragraphs(text)):
        inside_double = [(q.start - para.start, q.end - para.start) for q in doubles if q.paragraph == pi]
        for o, c in _single_quotations(para.text, inside_double):
            singles.append(_quote(text, para, o, 1, c, c + 1, pi))
    singles = [q for q in singles if q.text]
    kept_doubles = [d for d in doubles if not any(s.start < d.start and d.end <= s.end for s in singles)]
    return sorted(kept_doubles + singles, key=lambda q: q.start)


SINGLE_OPENERS = "'‘"
SINGLE_CLOSERS = "'’"
_BEFORE_SINGLE_OPENER = "([{—–-"
_AFTER_SINGLE_CLOSER = ".,;:!?)]}—–-…\"”"
_PUNCTUATION_BEFORE_CLOSER = ".,;:!?…"


@lru_cache(maxsize=1)
def _elision() -> re.Pattern[str]:
    """A mark that starts an elided word ('em, '90s), not a quotation (codebook ``speech.leading_elisions``)."""
    words = "|".join(re.escape(w) for w in load_codebook()["speech"]["leading_elisions"])
    return re.compile(r"(?i)(?:\d\d(?:s)?|" + words + r")\b")


def _single_opener_at(para: str, i: int) -> bool:
    """Whether the single mark at ``i`` can open a quotation: it starts a word and no elision follows."""
    if para[i] not in SINGLE_OPENERS or para[i + 1:i + 2] in ("", " ", "\n", "\t") or para[i + 1] in "'’":
        return False
    if i > 0 and not (para[i - 1].isspace() or para[i - 1] in _BEFORE_SINGLE_OPENER):
        return False
    return not _elision().match(para, i + 1)


def _single_closer_strength(para: str, i: int) -> int:
    """0 when the single mark at ``i`` cannot close a quotation (it sits inside a word, as in
    "don't", or after a space); 2 when punctuation before or after makes it a sure closer
    (``…,' he said``); 1 when it ends a word before a space (``…the officials' plan``), which
    a plural possessive (``the workers' pay``) does too."""
    if para[i] not in SINGLE_CLOSERS or i == 0 or para[i - 1].isspace() or para[i - 1] in "'‘":
        return 0
    after = para[i + 1:i + 2]
    if after and not (after.isspace() or after in _AFTER_SINGLE_CLOSER):
        return 0
    return 2 if (not after or after in _AFTER_SINGLE_CLOSER or para[i - 1] in _PUNCTUATION_BEFORE_CLOSER) else 1


def _single_quotations(para: str, skip: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(opening mark, closing mark) offsets of the quotations in single marks of one paragraph.

    A mark opens only at the start of a word (after a space, an opening bracket or a
    dash) and closes only at the end of one (before a space, punctuation or the end),
    so apostrophes inside words ("don't", "the city's") are neither. An opener is closed
    by the first sure closer (punctuation next to it) before the next opener, else by
    the first mark that ends a word there; an opener with no closer before the next
    opener is an apostrophe ('em) and opens nothing. Marks in ``skip`` (the spans of
    double-quoted quotations) are not looked at, and a quotation never spans two marks
    of ``''`` used as one double mark.
    """
    def free(i: int) -> bool:
        return not any(s <= i < e for s, e in skip) and para[i - 1:i + 1] not in ("''", "’’") \
            and para[i:i + 2] not in ("''", "’’")

    marks = [i for i, ch in enumerate(para) if ch in SINGLE_OPENERS + SINGLE_CLOSERS and free(i)]
    openers = [i for i in marks if _single_opener_at(para, i)]
    out: list[tuple[int, int]] = []
    for n, o in enumerate(openers):
        if out and o <= out[-1][1]:
            continue
        limit = openers[n + 1] if n + 1 < len(openers) else len(para)
        closers = [(i, _single_closer_strength(para, i)) for i in marks if o < i < limit]
        closers = [(i, strength) for i, strength in closers if strength and i > o + 1]
        sure = [i for i, strength in closers if strength == 2]
        if sure or closers:
            out.append((o, sure[0] if sure else closers[0][0]))
    return out


def _double_quotations(text: str) -> list[Quote]:
    """The quotations in double marks (and in two single marks used as one)."""
    out: list[Quote] = []
    for pi, para in enumerate(paragraphs(text)):
        marks = _marks(para.text)
        open_at: int | None = None
        open_len = 0
        first = True
        for s, e, role in marks:
            if open_at is None:
                if role in ("open", "either"):
                    open_at, open_len = s, e - s
                elif first:
                    out.append(_quote(text, para, 0, 0, s, e, pi))
                first = False
                continue
            if role in ("close", "either"):
                out.append(_quote(text, para, open_at, open_len, s, e, pi))
                open_at = None
            elif role == "open":
                # two openers in a row: the first quotation ran to here (continued paragraphs style)
                out.append(_quote(text, para, open_at, open_len, s, s, pi))
                open_at, open_len = s, e - s
            first = False
        if open_at is not None:
            out.append(_quote(text, para, open_at, open_len, len(para.text), len(para.text), pi))
    return [q for q in out if q.text]


def _quote(text: str, para: Span, o: int, olen: int, c: int, cend: int, pi: int) -> Quote:
    base = para.start
    inner = para.text[o + olen:c]
    lead = len(inner) - len(inner.lstrip())
    inner_s = base + o + olen + lead
    inner_e = base + c - (len(inner) - len(inner.rstrip()))
    return Quote(base + o, base + cend, inner_s, inner_e, text[inner_s:inner_e], pi)


_DATELINE = re.compile(
    # "PLACE: ", "PLACE — ", "PLACE, Month 1 (AGENCY) - " (a place in capitals, maybe a date)
    r"(?:[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"(?:\s*\([A-Z][A-Za-z]{1,10}\))?\s*[:—–-]\s+"
    # "Place, Month 1 (AGENCY) " or "Place, Mon 1: " (a date and an agency tag or a colon)
    r"|[A-Z][a-z]+(?:[\s-][A-Z][a-z]+){0,3},\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?"
    r"\s*(?:\([A-Z][A-Za-z]{1,10}\)\s*[:—–-]?|[:—–])\s+"
    # "Place: " in title case before a capitalised word ("Santa Clara: Twelve ...")
    r"|[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}:\s+(?=[A-Z0-9“\"‘]))")


def dateline_length(sentence: str) -> int:
    """Length of the dateline that opens a sentence ("PLACE: ", "Place, Month 1 (AGENCY) "), 0 if none.

    A dateline says where a report was filed; it is not part of anything said.
    """
    m = _DATELINE.match(sentence)
    return m.end() if m else 0


def words(text: str) -> list[str]:
    """Lower-case word tokens."""
    return re.findall(r"[a-z0-9]+", text.lower())
