"""Segmentation of cleaned article text: paragraphs, sentences and quotations, with offsets.

All spans are offsets into ``Article.text``. Quotation detection copes with the
habits of real pages: straight and curly marks, a quotation opened with a closing
mark, closed with two single quotes, missing its opening mark at the start of a
paragraph, or running over a line break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    """Sentences of ``text[start:end]`` (never crossing a paragraph), with offsets into ``text``."""
    end = len(text) if end is None else end
    out: list[Span] = []
    for para in paragraphs(text[start:end]):
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
    """Every quotation of the article.

    Marks are paired within a paragraph: an opener with the next closer. A closer
    with no opener before it in its paragraph starts the quotation at the paragraph
    start (a dropped opening mark); an opener never closed runs to the paragraph end.
    """
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


def words(text: str) -> list[str]:
    """Lower-case word tokens."""
    return re.findall(r"[a-z0-9]+", text.lower())
