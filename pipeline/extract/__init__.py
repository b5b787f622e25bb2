"""Extraction: read statements, incidents, figures and people out of one article's cleaned text.

Each fact carries provenance (article_id, char span in ``Article.text``, evidence
sentence, extractor rule id). The output of :func:`extract_article` is a dict of
record lists keyed by the ``extracted_*`` table names of :mod:`schemas.tables`.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import pandas as pd

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


def extract_article(article: Article) -> dict[str, list[dict]]:
    """All facts of one article, as records of the ``extracted_*`` tables."""
    return {name: [] for name in EXTRACTED_TABLE_NAMES}


def facts_to_frames(per_article: list[dict[str, list[dict]]]) -> dict[str, pd.DataFrame]:
    """Concatenate per-article fact records into one typed, canonically ordered DataFrame per table."""
    out = {}
    for name in EXTRACTED_TABLE_NAMES:
        records = [r for facts in per_article for r in facts.get(name, [])]
        out[name] = sort_canonical(name, to_frame(name, records))
    return out
