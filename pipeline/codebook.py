"""Loading the codebook: the lexicons that drive ingest and extraction.

The codebook is data, not code: one YAML file per topic under
``pipeline/data/codebook/`` (boilerplate patterns, language stopwords, speech
verbs, titles, organisations and aliases, places, incident triggers, figure
metrics, number words, qualifiers, ...). ``load_codebook()["speech"]`` is the
parsed content of ``speech.yaml``. Editors can extend a lexicon without touching
Python; :func:`codebook_fingerprint` changes with any edit, which invalidates
the extraction cache.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

CODEBOOK_DIR = Path(__file__).parent / "data" / "codebook"


@lru_cache(maxsize=8)
def load_codebook(directory: str | None = None) -> dict[str, Any]:
    """All codebook files of ``directory`` (default: the packaged codebook), keyed by file stem."""
    root = Path(directory) if directory else CODEBOOK_DIR
    book: dict[str, Any] = {}
    for path in sorted(root.glob("*.yaml")):
        book[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return book


@lru_cache(maxsize=8)
def codebook_fingerprint(directory: str | None = None) -> str:
    """SHA-256 over the codebook files' names and bytes (hex, 16 chars)."""
    root = Path(directory) if directory else CODEBOOK_DIR
    h = hashlib.sha256()
    for path in sorted(root.glob("*.yaml")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]
