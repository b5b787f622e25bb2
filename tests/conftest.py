"""Shared fixtures: the repository's seeds, temporary copies of them, and in-process builds.

A build here is exactly what ``warfacts build`` does (``pipeline.cli.run_build``:
the whole asset graph with its checks, in-process, on an ephemeral Dagster
instance), pointed at temporary folders so that the repository is never written.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
REPO_SEEDS = REPO_ROOT / "seeds"
REPO_DIST = REPO_ROOT / "dist"


@dataclass
class Build:
    """The folders and outcome of one in-process build."""

    seeds: Path
    dist: Path
    db: Path
    cache: Path
    summary: Any
    result: Any

    def metadata(self, asset: str) -> dict[str, Any]:
        """The materialisation metadata of ``asset`` in this build (plain values)."""
        for event in self.result.get_asset_materialization_events():
            materialization = event.materialization
            if materialization.asset_key.to_user_string() == asset:
                return {k: getattr(v, "value", v) for k, v in materialization.metadata.items()}
        raise KeyError(f"{asset} was not materialised")


def run_test_build(seeds: Path, out: Path, *, cache: Path | None = None) -> Build:
    """Build ``seeds`` into ``out/dist`` with the DuckDB file ``out/warfacts.duckdb``."""
    from pipeline.cli import run_build

    dist, db = out / "dist", out / "warfacts.duckdb"
    cache = cache or out / "cache"
    summary, result = run_build(seeds, dist, db, cache)
    return Build(seeds=seeds, dist=dist, db=db, cache=cache, summary=summary, result=result)


def copy_seeds(target: Path) -> Path:
    """A copy of the repository's ``seeds/`` at ``target``."""
    shutil.copytree(REPO_SEEDS, target)
    return target


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A temporary copy of the repository's seeds folder."""
    return copy_seeds(tmp_path / "seeds")


@pytest.fixture
def build() -> Callable[..., Build]:
    """``build(seeds, out, cache=None)``: run a whole in-process build into ``out``."""
    return run_test_build


@pytest.fixture(scope="session")
def repo_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """One build of a copy of the repository's seeds, shared by the tests that only read it.

    ``SOURCE_DATE_EPOCH`` is unset so that ``created`` comes from the data, as in a
    plain ``warfacts build`` (the committed ``dist/`` is compared against this build).
    """
    root = tmp_path_factory.mktemp("repo_build")
    seeds = copy_seeds(root / "seeds")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        return run_test_build(seeds, root)
