"""Dagster resources: where the pipeline reads and writes.

Everything that depends on the machine (folders, the DuckDB file, the extraction
cache) is configured here, through a resource, so the same asset graph runs on
the repository (``dagster dev``, ``warfacts build``) and on a temporary folder in
the tests. Nothing is read from environment variables at import time.
"""

from pathlib import Path

from dagster import ConfigurableResource
from pydantic import Field

from pipeline.defaults import DEFAULT_DB_PATH, DEFAULT_DIST_DIR, DEFAULT_SEEDS_DIR


class WarfactsPaths(ConfigurableResource):
    """The folders and files of one warfacts build.

    Relative paths are resolved against the current working directory when they
    are used (``dagster dev`` and ``warfacts build`` are run from the repository
    root).

    Attributes:
        seeds_dir: Input articles (plus optional ``manifest.csv`` and ``curation.yaml``).
        dist_dir: Where the data package is published (replaced atomically).
        db_path: The DuckDB warehouse file (git-ignored); only the ``warehouse`` asset writes it.
        cache_dir: Per-article extraction cache; empty means ``cache/`` next to ``db_path``.
    """

    seeds_dir: str = Field(default=DEFAULT_SEEDS_DIR, description="Folder of input articles.")
    dist_dir: str = Field(default=DEFAULT_DIST_DIR, description="Folder the data package is published to.")
    db_path: str = Field(default=DEFAULT_DB_PATH, description="DuckDB warehouse file.")
    cache_dir: str = Field(
        default="", description="Extraction cache folder; empty: 'cache' next to the DuckDB file."
    )

    @property
    def seeds(self) -> Path:
        """Absolute path of the seeds folder."""
        return Path(self.seeds_dir).expanduser().absolute()

    @property
    def dist(self) -> Path:
        """Absolute path of the publication folder."""
        return Path(self.dist_dir).expanduser().absolute()

    @property
    def db(self) -> Path:
        """Absolute path of the DuckDB file."""
        return Path(self.db_path).expanduser().absolute()

    @property
    def cache(self) -> Path:
        """Absolute path of the extraction cache folder."""
        if self.cache_dir:
            return Path(self.cache_dir).expanduser().absolute()
        return self.db.parent / "cache"
