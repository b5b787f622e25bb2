"""Incremental extraction: a per-article cache of extraction results on disk (Dagster-free).

Extraction is the expensive, per-article step, and its result depends only on the
article (text and metadata, e.g. ``published`` anchors relative dates), the
extractor code and the codebook. So each article's facts are stored as one JSON
file keyed by a hash of exactly those three things; a build only extracts articles
whose key has no file yet and reuses the rest. Editing the extractor or a codebook
lexicon changes every key, so everything is re-extracted.

Entries are never updated in place (a key names one content), written atomically
(temp file + rename) so concurrent builds can share a cache, and stale entries are
harmless: delete the folder to reclaim space.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.models import Article

#: Bump when the layout of a cache entry changes, so old entries are ignored.
CACHE_FORMAT = 1

Facts = dict[str, list[dict[str, Any]]]


def article_cache_key(article: Article, extractor_fingerprint: str, codebook_fingerprint: str) -> str:
    """The cache key of one article's extraction result.

    Args:
        article: The ingested article (all fields count, not just the text).
        extractor_fingerprint: :func:`pipeline.extract.extractor_fingerprint`.
        codebook_fingerprint: :func:`pipeline.codebook.codebook_fingerprint`.

    Returns:
        Hex SHA-256 of the article's JSON (sorted keys) and both fingerprints.
    """
    payload = json.dumps(
        {
            "format": CACHE_FORMAT,
            "article": article.to_dict(),
            "extractor": extractor_fingerprint,
            "codebook": codebook_fingerprint,
        },
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def normalise_facts(facts: Facts) -> Facts:
    """The facts exactly as they come back from the cache (a JSON round trip).

    Fresh and cached results take the same path, so a build gives the same output
    whether or not the cache was warm (tuples become lists, dates strings).
    """
    return json.loads(json.dumps(facts, sort_keys=True, ensure_ascii=False, default=str))


class ExtractionCache:
    """A folder of ``<key>.json`` files, one per extracted article version."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def path_for(self, key: str) -> Path:
        """Where the entry of ``key`` lives."""
        return self.directory / f"{key}.json"

    def load(self, key: str) -> Facts | None:
        """The cached facts of ``key``, or None when missing or unreadable (then it is re-extracted)."""
        path = self.path_for(key)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("format") != CACHE_FORMAT or not isinstance(
            entry.get("facts"), dict
        ):
            return None
        return entry["facts"]

    def store(self, key: str, facts: Facts, *, source_file: str = "") -> None:
        """Write the entry of ``key`` atomically (readers never see a half-written file)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        entry = {"format": CACHE_FORMAT, "key": key, "source_file": source_file, "facts": facts}
        data = json.dumps(entry, sort_keys=True, ensure_ascii=False, indent=1)
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(data)
            os.replace(tmp, self.path_for(key))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


@dataclass
class CacheStats:
    """What an incremental extraction did.

    Attributes:
        extracted: Source files of the articles extracted in this build.
        reused: Source files of the articles whose facts came from the cache.
    """

    extracted: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)

    @property
    def num_extracted(self) -> int:
        return len(self.extracted)

    @property
    def num_reused(self) -> int:
        return len(self.reused)


def extract_incrementally(
    articles: Sequence[Article],
    cache_dir: Path,
    *,
    extract: Callable[[Article], Facts] | None = None,
    extractor_fingerprint: str | None = None,
    codebook_fingerprint: str | None = None,
) -> tuple[list[Facts], CacheStats]:
    """The facts of every article, extracting only those not in the cache.

    Args:
        articles: Ingested articles, in the order the result should have.
        cache_dir: The cache folder (created when needed).
        extract: The per-article extractor; default :func:`pipeline.extract.extract_article`.
        extractor_fingerprint: Override of the extractor fingerprint (tests).
        codebook_fingerprint: Override of the codebook fingerprint (tests).

    Returns:
        The facts per article (same order as ``articles``) and the cache statistics.
    """
    if extract is None or extractor_fingerprint is None or codebook_fingerprint is None:
        # Imported here: the extractor and codebook are heavy and this module must stay cheap.
        from pipeline import codebook as codebook_module
        from pipeline import extract as extract_module

        extract = extract or extract_module.extract_article
        extractor_fingerprint = extractor_fingerprint or extract_module.extractor_fingerprint()
        codebook_fingerprint = codebook_fingerprint or codebook_module.codebook_fingerprint()

    cache = ExtractionCache(cache_dir)
    stats = CacheStats()
    results: list[Facts] = []
    for article in articles:
        key = article_cache_key(article, extractor_fingerprint, codebook_fingerprint)
        facts = cache.load(key)
        if facts is None:
            facts = normalise_facts(extract(article))
            cache.store(key, facts, source_file=article.source_file)
            stats.extracted.append(article.source_file)
        else:
            stats.reused.append(article.source_file)
        results.append(facts)
    return results, stats
