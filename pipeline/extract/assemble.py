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
        if date_text is None and f.speaker.key in last_date:
            date, precision, date_text = last_date[f.speaker.key]
        elif date_text is None and article.published:
            date, precision = article.published, "day"
        if date_text is not None:
            last_date[f.speaker.key] = (date, precision, date_text)
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
    return {
        "extracted_statements": statements,
        "extracted_incidents": events["incidents"],
        "extracted_figures": events["figures"],
        "extracted_people": events["people"],
    }
