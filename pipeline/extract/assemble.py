"""Assemble one article's facts into ``extracted_*`` records with provenance and dates."""

from __future__ import annotations

from pipeline.extract.people import build_registry
from pipeline.extract.speakers import SpeakerResolver
from pipeline.extract.statements import extract_statements, occasion_of, statement_date
from pipeline.models import Article


def _fact_id(article: Article, kind: str, start: int, end: int, extra: str = "") -> str:
    return f"{article.article_id}-{kind}{start}-{end}{extra}"


def assemble_facts(article: Article) -> dict[str, list[dict]]:
    """Statements, incidents, figures and people of one (on-topic) article."""
    from pipeline.extract import main_country
    from pipeline.extract.incidents import extract_events

    text = article.text
    registry = build_registry(text)
    resolver = SpeakerResolver(registry, main_country(text))
    found = extract_statements(text, article.published, resolver)

    statements: list[dict] = []
    last_date: dict[str, tuple[str | None, str, str | None]] = {}
    for f in found:
        date, precision, date_text = statement_date(f, article.published)
        # an undated remark takes the date of the speaker's last dated one, else of its
        # organisation's ("the ministry said on Thursday ... its spokesperson said"): an
        # article reports an organisation's remarks of one occasion together
        org_key = "org|" + f.speaker.org.name if f.speaker.org else None
        carried = last_date.get(f.speaker.key) or (last_date.get(org_key) if org_key else None)
        if date_text is None and carried:
            date, precision, date_text = carried
        elif date_text is None and article.published:
            date, precision = article.published, "day"
        if date_text is not None:
            last_date[f.speaker.key] = (date, precision, date_text)
            if org_key:
                last_date.setdefault(org_key, (date, precision, date_text))
        statements.append({
            "fact_id": _fact_id(article, "s", f.text_start, f.text_end),
            "article_id": article.article_id,
            "char_start": f.evidence.start,
            "char_end": f.evidence.end,
            "evidence": f.evidence.text,
            "extractor": f.rule,
            **f.speaker.fields(),
            "kind": f.kind,
            "text": text[f.text_start:f.text_end].strip(),
            "date": date,
            "date_precision": precision if date or precision != "unknown" else "unknown",
            "date_text": date_text,
            "occasion": occasion_of(f),
        })
    events = extract_events(article, registry, statements)
    _narrow_shared_evidence(statements, text)
    return {
        "extracted_statements": statements,
        "extracted_incidents": events["incidents"],
        "extracted_figures": events["figures"],
        "extracted_people": events["people"],
    }


def _narrow_shared_evidence(statements: list[dict], text: str) -> None:
    """Give statements that share an evidence sentence each their own part of it.

    A sentence can carry two remarks ("…," the agency said, and added that …). Each
    statement's evidence then runs from the end of the previous remark's words to the
    start of the next one's, so it holds its own words and attribution but not the other
    remark: provenance points at what was read, and a reader (or a matcher) cannot take
    one remark's evidence for the other's.
    """
    by_span: dict[tuple[int, int], list[dict]] = {}
    for st in statements:
        by_span.setdefault((st["char_start"], st["char_end"]), []).append(st)
    for (start, end), group in by_span.items():
        if len(group) < 2:
            continue
        spans = []
        for st in group:
            at = text.find(st["text"], start, end)
            spans.append((at, at + len(st["text"])) if at >= 0 else None)
        if any(sp is None for sp in spans):
            continue
        order = sorted(range(len(group)), key=lambda i: spans[i])
        for rank, i in enumerate(order):
            lo = spans[order[rank - 1]][1] if rank else start
            hi = spans[order[rank + 1]][0] if rank + 1 < len(order) else end
            if lo >= hi or not (lo <= spans[i][0] and spans[i][1] <= hi):
                continue
            segment = text[lo:hi]
            lead = len(segment) - len(segment.lstrip(" ,;:.\u201d\u201c\"'"))
            tail = len(segment.rstrip(" ,;:\u201c\"'")) 
            group[i]["char_start"], group[i]["char_end"] = lo + lead, lo + max(tail, lead)
            group[i]["evidence"] = text[group[i]["char_start"]:group[i]["char_end"]]
