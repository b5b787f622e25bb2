"""Plain data classes passed between the stages (no Dagster, no pandas).

An :class:`Article` is one ingested input with its cleaned body text; all
character offsets in the dataset point into ``Article.text``. A
:class:`Quarantined` is an input (or a record) that was not used, with a reason
from :data:`schemas.tables.QUARANTINE_REASONS`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Article:
    """One ingested article.

    Attributes:
        article_id: Content-derived id (``"art-"`` + 12 hex of the SHA-256 of the file bytes).
        source_file: Path relative to the seeds folder, with ``/`` separators.
        text: Cleaned body text (boilerplate removed, paragraphs separated by a blank
            line, no headline). Offsets of every fact refer to this string.
        title, url, outlet, author: Metadata, None when unknown.
        published: ISO date ``YYYY-MM-DD`` or None when unknown.
        language: ISO 639-1 code.
        content_sha256: SHA-256 of the file bytes (hex), also the extraction cache key.
    """

    article_id: str
    source_file: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    language: str = "en"
    content_sha256: str = ""

    @property
    def word_count(self) -> int:
        """Words in the cleaned body."""
        return len(self.text.split())

    def as_row(self) -> dict[str, Any]:
        """The ``articles`` table row (without the text)."""
        return {
            "article_id": self.article_id,
            "source_file": self.source_file,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "author": self.author,
            "published": self.published,
            "language": self.language,
            "word_count": self.word_count,
        }

    def to_dict(self) -> dict[str, Any]:
        """All fields, for serialisation."""
        return asdict(self)


@dataclass(frozen=True)
class Quarantined:
    """An input that was not used: a ``quarantine`` table row."""

    source_file: str
    reason: str
    detail: str = ""

    def as_row(self) -> dict[str, Any]:
        return {"source_file": self.source_file, "reason": self.reason, "detail": self.detail}


@dataclass
class IngestResult:
    """What ingesting a seeds folder yields: good articles (sorted by source_file) and quarantined inputs."""

    articles: list[Article] = field(default_factory=list)
    quarantine: list[Quarantined] = field(default_factory=list)
