"""The benchmark script runs, and what it measures is the pipeline's real work."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _benchmark_module():
    spec = importlib.util.spec_from_file_location("benchmark_run", ROOT / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_times_every_stage_and_copies_of_the_seeds_reconcile_into_the_same_records(tmp_path):
    out = tmp_path / "bench.json"
    assert _benchmark_module().main(["--articles", str(ROOT / "seeds"), "--scale", "1", "2", "--json", str(out)]) == 0

    once, twice = json.loads(out.read_text())["stages"]
    assert set(once["seconds"]) == {"ingest", "extract", "validate", "reconcile", "publish"}
    assert twice["articles"] == 2 * once["articles"]
    assert all(twice["facts"][t] == 2 * n for t, n in once["facts"].items())
    # a second outlet carrying every fact of the first adds sources, not records
    assert twice["records"] == once["records"]
