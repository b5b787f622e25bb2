"""Extraction: read statements, incidents, figures and people out of one article's cleaned text.

Each fact carries provenance (article_id, char span in ``Article.text``, evidence
sentence, extractor rule id). The output of :func:`extract_article` is a dict of
record lists keyed by the ``extracted_*`` table names of :mod:`schemas.tables`.
Articles that are off-topic (see ``topic.yaml`` in the codebook) yield no facts.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pandas as pd

from pipeline.codebook import load_codebook
from pipeline.models import Article
from schemas.frames import sort_canonical, to_frame

EXTRACTED_TABLE_NAMES = ("extracted_statements", "extracted_incidents", "extracted_figures", "extracted_people")


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """Hash of this package's source files: part of the extraction cache key, so any code change re-extracts."""
    h = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def is_on_topic(text: str) -> bool:
    """Whether the article is about foreign nationals in Russian military service (codebook ``topic``).

    Three ways in: at least ``min_hits`` distinct topic terms ("recruited", "russian army",
    ...); one sentence that names foreign nationals as a group ("Sri Lankans", "Nepalis")
    with a war term ("war", "conflict", ...) and a word of taking part or coming to harm
    ("took part", "killed", ...), for outlets that never say "recruit" or "army" but report
    on their citizens in the war; or one service term ("russian army", ...) with a war or
    casualty term ("killed", "body", ...) and a foreign national named at all ("the
    second Indian killed"), for a short report of one death. An article about trade,
    diplomacy or students abroad that mentions the war in passing ("enrolled ... up from
    16,000 before the conflict"), or war news without foreign nationals, meets none.
    """
    from pipeline.extract.entities import belligerents, countries
    from pipeline.extract.text import sentences

    topic = load_codebook()["topic"]
    low = text.lower()
    hits = {t for t in topic["terms"] if t in low}
    if len(hits) >= topic["min_hits"]:
        return True
    demonyms = [d for name, info in countries().items() if name not in belligerents()
                for d in [info["demonym"], *info.get("extra_demonyms", [])]]
    group = re.compile("|".join(rf"(?<![\w-]){re.escape(d)}s(?![\w-])" for d in demonyms))
    if any(group.search(s.text) and _has_term(s.text.lower(), topic["war_terms"])
           and _has_term(s.text.lower(), topic["involvement_terms"]) for s in sentences(text)):
        return True
    war = _has_term(low, topic["war_terms"])
    casualty = _has_term(low, topic["casualty_terms"])
    return (any(t in low for t in topic["service_terms"]) and (war or casualty)
            and any(re.search(rf"(?<![\w-]){re.escape(d)}s?(?![\w-])", text) for d in demonyms))


def _has_term(low: str, terms: list[str]) -> bool:
    """Whether a lowercased text holds one of ``terms`` as whole words."""
    return any(re.search(rf"\b{re.escape(t)}\b", low) for t in terms)


def main_country(text: str) -> str | None:
    """The nationality most talked about (by demonym counts), as a country name; None when unclear."""
    from pipeline.extract.entities import belligerents, countries
    counts: Counter[str] = Counter()
    for name, info in countries().items():
        if name in belligerents():
            continue
        forms = [info["demonym"], *info.get("extra_demonyms", []), name]
        for form in forms:
            counts[name] += len(re.findall(rf"(?<![\w-]){re.escape(form)}s?(?![\w-])", text))
    if not counts or counts.most_common(1)[0][1] == 0:
        return None
    return counts.most_common(1)[0][0]


def extract_article(article: Article) -> dict[str, list[dict]]:
    """All facts of one article, as records of the ``extracted_*`` tables."""
    from pipeline.extract.assemble import assemble_facts

    empty = {name: [] for name in EXTRACTED_TABLE_NAMES}
    if not article.text or not is_on_topic(article.text):
        return empty
    return assemble_facts(article)


def facts_to_frames(per_article: list[dict[str, list[dict]]]) -> dict[str, pd.DataFrame]:
    """Concatenate per-article fact records into one typed, canonically ordered DataFrame per table."""
    out = {}
    for name in EXTRACTED_TABLE_NAMES:
        records = [r for facts in per_article for r in facts.get(name, [])]
        out[name] = sort_canonical(name, to_frame(name, records))
    return out
