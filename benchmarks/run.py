"""Benchmark: how long each stage takes, and how it grows with the number of articles.

Usage (from the repository root)::

    python benchmarks/run.py                                   # seeds/, scales 1 and 4
    python benchmarks/run.py --articles ../shared/corpus/dev/articles --scale 1 4 10
    python benchmarks/run.py --build                           # also time `warfacts build`
    python benchmarks/run.py --json bench.json                 # machine-readable results

The stages are timed as plain functions (no Dagster): ingest, extract (every article,
no cache), validate the extracted tables, reconcile, publish the package to a temporary
folder. ``--scale N`` repeats every article N times under new ids, so reconciliation
meets N sources of every fact (the worst case for its pairwise clustering: everything
matches). ``--build`` also times the full ``warfacts build`` (Dagster, DuckDB, every asset
check) in a subprocess, with a cold and then a warm extraction cache.

Speed is measured here and not in the test suite: timings depend on the machine, and
a timed test fails for the wrong reasons. Compare runs on one machine, before and
after a change.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.assembly import articles_frame, published_tables, quarantine_frame  # noqa: E402
from pipeline.extract import extract_article, facts_to_frames  # noqa: E402
from pipeline.ingest import ingest_folder  # noqa: E402
from pipeline.models import Article  # noqa: E402
from pipeline.publish import publish_package  # noqa: E402
from pipeline.reconcile import reconcile  # noqa: E402
from pipeline.screening import screen_extracted  # noqa: E402


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def replicate(articles: list[Article], times: int) -> list[Article]:
    """Every article ``times`` times; copies get new ids and file names, the same text."""
    out = list(articles)
    for copy in range(1, times):
        out += [dataclasses.replace(a, article_id=f"{a.article_id}-copy{copy}",
                                    source_file=f"copy{copy}/{a.source_file}") for a in articles]
    return out


def time_stages(articles_dir: Path, scale: int) -> dict[str, Any]:
    """Seconds per stage for the articles of ``articles_dir`` repeated ``scale`` times."""
    ingested, ingest_s = _timed(lambda: ingest_folder(articles_dir))
    articles = replicate(ingested.articles, scale)
    frames, extract_s = _timed(lambda: facts_to_frames([extract_article(a) for a in articles]))

    sources = {a.article_id: a.source_file for a in articles}
    screening, validate_s = _timed(lambda: screen_extracted(frames, sources))
    articles_df = articles_frame(articles)
    reconciled, reconcile_s = _timed(lambda: reconcile(articles_df, screening.valid))
    tables = published_tables(articles_df, quarantine_frame(ingested.quarantine), screening.rejected, reconciled)
    with tempfile.TemporaryDirectory() as tmp:
        _, publish_s = _timed(lambda: publish_package(tables, Path(tmp) / "dist", version="0.0.0"))
    return {
        "articles": len(articles),
        "facts": {name: len(frame) for name, frame in frames.items()},
        "records": {name: len(tables[name]) for name in ("people", "incidents", "statements", "figures")},
        "seconds": {"ingest": ingest_s, "extract": extract_s, "validate": validate_s,
                    "reconcile": reconcile_s, "publish": publish_s},
    }


def time_build(articles_dir: Path) -> dict[str, float]:
    """Wall-clock seconds of ``warfacts build`` with a cold, then a warm, extraction cache."""
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pipeline.cli", "build", "--seeds", str(articles_dir),
               "--dist", f"{tmp}/dist", "--db", f"{tmp}/w.duckdb", "--cache", f"{tmp}/cache"]
        for label in ("build_cold_cache", "build_warm_cache"):
            result, seconds = _timed(lambda: subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True))
            if result.returncode != 0:
                raise SystemExit(f"warfacts build failed:\n{result.stdout}\n{result.stderr}")
            out[label] = seconds
    return out


def render(results: list[dict[str, Any]]) -> str:
    stages = list(results[0]["seconds"])
    head = f"{'scale':>5} {'articles':>8} {'facts':>6} " + " ".join(f"{s:>10}" for s in stages) + f" {'total':>8}"
    lines = [head]
    for r in results:
        total = sum(r["seconds"].values())
        lines.append(f"{r['scale']:>5} {r['articles']:>8} {sum(r['facts'].values()):>6} "
                     + " ".join(f"{r['seconds'][s]:>10.2f}" for s in stages) + f" {total:>8.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, default=ROOT / "seeds", help="folder of articles (default: seeds/)")
    parser.add_argument("--scale", type=int, nargs="+", default=[1, 4], help="repeat every article N times")
    parser.add_argument("--build", action="store_true", help="also time `warfacts build` (cold and warm cache)")
    parser.add_argument("--json", type=Path, help="write the results to this JSON file")
    args = parser.parse_args(argv)

    results = [{"scale": n, **time_stages(args.articles, n)} for n in args.scale]
    print(f"{args.articles}  (python {platform.python_version()}, {platform.machine()})")
    print(render(results))
    report: dict[str, Any] = {"articles_dir": str(args.articles), "stages": results}
    if args.build:
        report["build"] = time_build(args.articles)
        print("  ".join(f"{k}: {v:.1f} s" for k, v in report["build"].items()))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
