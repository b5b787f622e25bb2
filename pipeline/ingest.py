"""Ingest: turn the files of a seeds folder into Articles (cleaned text + metadata) or quarantine rows.

(Stub: implemented by the ingest work.)
"""

from __future__ import annotations

from pathlib import Path

from pipeline.models import IngestResult

NON_ARTICLE_FILES = {"manifest.csv", "manifest.yaml", "manifest.yml", "curation.yaml", "readme.md"}


def list_input_files(seeds_dir: Path) -> list[Path]:
    """Article files of the folder (recursively), sorted; the manifest, curation file and dotfiles excluded."""
    seeds_dir = Path(seeds_dir)
    return sorted(
        p for p in seeds_dir.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(seeds_dir).parts)
        and p.name.lower() not in NON_ARTICLE_FILES
    )


def ingest_folder(seeds_dir: Path) -> IngestResult:
    """Every input of the folder as an Article or a Quarantined row (never raises on bad input)."""
    raise NotImplementedError
