"""The ``warfacts`` command line: ``build`` the dataset in-process, ``validate`` a published package.

Dagster and the domain modules are imported inside the commands, so
``warfacts --help`` answers at once.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.defaults import DEFAULT_DB_PATH, DEFAULT_DIST_DIR, DEFAULT_SEEDS_DIR

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


@dataclass
class BuildSummary:
    """What a build did, read from the run's events.

    Attributes:
        success: The run finished without a failed step or blocking check.
        published: The ``data_package`` asset was materialised.
        package_path: ``datapackage.json`` of the published package, if any.
        rows: Rows per published table.
        articles: Ingested articles.
        quarantined_inputs: Unused input files.
        rejected_records: Extracted records that failed validation.
        extracted / reused: Articles extracted in this build / taken from the cache.
        curation_entries / curation_applied: Entries of the curation file / how many were applied.
        curation_not_applied: ``entry: why`` of every curation entry that was not applied.
        failed_checks: ``asset:check`` names of the failed checks, with their metadata.
        failed_steps: ``step: error message`` of every failed step.
    """

    success: bool = False
    published: bool = False
    package_path: str | None = None
    rows: dict[str, int] = field(default_factory=dict)
    articles: int | None = None
    quarantined_inputs: int | None = None
    rejected_records: int | None = None
    extracted: int | None = None
    reused: int | None = None
    curation_entries: int | None = None
    curation_applied: int | None = None
    curation_not_applied: list[str] = field(default_factory=list)
    failed_checks: dict[str, dict[str, Any]] = field(default_factory=dict)
    failed_steps: list[str] = field(default_factory=list)


def _metadata_value(entry: Any) -> Any:
    return getattr(entry, "value", entry)


def _root_cause(error: Any) -> str:
    """The innermost message of a Dagster error chain (the wrapper only says which op failed)."""
    while error is not None and getattr(error, "cause", None) is not None:
        error = error.cause
    return "" if error is None else (error.message or "").strip()


def summarize_result(result: Any) -> BuildSummary:
    """A :class:`BuildSummary` of an ``ExecuteInProcessResult`` (materialisations and check results)."""
    summary = BuildSummary(success=bool(result.success))
    materialized: dict[str, dict[str, Any]] = {}
    for event in result.get_asset_materialization_events():
        materialization = event.materialization
        materialized[materialization.asset_key.to_user_string()] = {
            k: _metadata_value(v) for k, v in materialization.metadata.items()
        }
    package = materialized.get("data_package")
    if package is not None:
        summary.published = True
        summary.package_path = str(package.get("package_path"))
        summary.rows = dict(package.get("rows_per_table") or {})
    summary.articles = materialized.get("articles", {}).get("dagster/row_count")
    summary.quarantined_inputs = materialized.get("quarantine", {}).get("dagster/row_count")
    summary.rejected_records = materialized.get("rejected_records", {}).get("dagster/row_count")
    extract_metadata = materialized.get("extracted_statements", {})
    summary.extracted = extract_metadata.get("articles_extracted")
    summary.reused = extract_metadata.get("articles_reused")
    curation_metadata = materialized.get("curation_log", {})
    summary.curation_entries = curation_metadata.get("entries")
    summary.curation_applied = curation_metadata.get("applied")
    summary.curation_not_applied = list(curation_metadata.get("not_applied") or [])
    for evaluation in result.get_asset_check_evaluations():
        if not evaluation.passed:
            name = f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"
            summary.failed_checks[name] = {k: _metadata_value(v) for k, v in evaluation.metadata.items()}
    for event in result.all_events:
        if event.is_step_failure and event.step_key:
            error = getattr(event.step_failure_data, "error", None)
            summary.failed_steps.append(f"{event.step_key}: {_root_cause(error)}".rstrip(": "))
    summary.failed_steps.sort()
    return summary


def run_build(
    seeds_dir: Path | str = DEFAULT_SEEDS_DIR,
    dist_dir: Path | str = DEFAULT_DIST_DIR,
    db_path: Path | str = DEFAULT_DB_PATH,
    cache_dir: Path | str | None = None,
    *,
    log_level: str = "WARNING",
) -> tuple[BuildSummary, Any]:
    """Materialise the whole asset graph, with every check, in this process.

    Args:
        seeds_dir: Input articles.
        dist_dir: Where the package is published.
        db_path: The DuckDB warehouse file.
        cache_dir: Extraction cache (default: ``cache/`` next to ``db_path``).
        log_level: Dagster console log level.

    Returns:
        The build summary and the Dagster ``ExecuteInProcessResult``.
    """
    from dagster import DagsterInstance, materialize

    from assets import ALL_ASSETS, ALL_CHECKS
    from pipeline.resources import WarfactsPaths

    paths = WarfactsPaths(
        seeds_dir=str(seeds_dir),
        dist_dir=str(dist_dir),
        db_path=str(db_path),
        cache_dir=str(cache_dir) if cache_dir else "",
    )
    # An ephemeral instance: a CLI build leaves no run history behind (the UI keeps its own).
    with DagsterInstance.ephemeral() as instance:
        result = materialize(
            [*ALL_ASSETS, *ALL_CHECKS],
            resources={"paths": paths},
            instance=instance,
            raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
            tags={"warfacts/trigger": "cli"},
        )
        summary = summarize_result(result)
    return summary, result


def format_summary(summary: BuildSummary) -> str:
    """The human-readable report printed by ``warfacts build``."""
    lines = []

    def number(value: int | None) -> str:
        return "?" if value is None else str(value)

    lines.append(
        f"articles: {number(summary.articles)}   quarantined inputs: {number(summary.quarantined_inputs)}"
        f"   rejected records: {number(summary.rejected_records)}"
    )
    if summary.extracted is not None:
        lines.append(f"extraction: {summary.extracted} articles extracted, {summary.reused} reused from cache")
    if summary.curation_entries:
        lines.append(f"curation: {summary.curation_applied} of {summary.curation_entries} entries applied")
        lines.extend(f"  NOT APPLIED {entry}" for entry in summary.curation_not_applied)
    if summary.rows:
        lines.append("rows per table:")
        lines.extend(f"  {name:<14} {count:>6}" for name, count in summary.rows.items())
    for name, metadata in summary.failed_checks.items():
        lines.append(f"FAILED CHECK {name}")
        for key, value in metadata.items():
            text = str(value).strip()
            if text and text != "_none_":
                lines.append(f"    {key}: {text[:2000]}")
    for step in summary.failed_steps:
        lines.append(f"FAILED STEP {step[:2000]}")
    if summary.published and summary.success:
        lines.append(f"published: {summary.package_path}")
    elif summary.published:
        lines.append(f"published but checks failed: {summary.package_path}")
    else:
        lines.append("NOT published")
    return "\n".join(lines)


def cmd_build(args: argparse.Namespace) -> int:
    """``warfacts build``: exit 0 when the package was published and every check passed, 1 when
    not, 2 when the seeds folder does not exist (nothing is built then)."""
    if not Path(args.seeds).is_dir():
        print(f"warfacts build: seeds folder {args.seeds} does not exist", file=sys.stderr)
        return EXIT_USAGE
    db_path = Path(args.db)
    cache_dir = Path(args.cache) if args.cache else db_path.parent / "cache"
    summary, _ = run_build(
        args.seeds, args.dist, db_path, cache_dir, log_level="INFO" if args.verbose else "WARNING"
    )
    print(format_summary(summary))
    return EXIT_OK if summary.published and summary.success else EXIT_FAILED


def cmd_validate(args: argparse.Namespace) -> int:
    """``warfacts validate``: Frictionless validation of a published package."""
    from pipeline.publish import validate_package

    descriptor = Path(args.dist) / "datapackage.json"
    if not descriptor.exists():
        print(f"no data package at {descriptor}", file=sys.stderr)
        return EXIT_FAILED
    report = validate_package(descriptor)
    errors = [str(e) for e in (report.errors or [])]
    for error in errors:
        print(error)
    print(f"{descriptor}: {'valid' if report.valid else f'INVALID ({len(errors)} errors)'}")
    return EXIT_OK if report.valid else EXIT_FAILED


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``warfacts``."""
    parser = argparse.ArgumentParser(
        prog="warfacts",
        description="Build the warfacts open dataset from news articles (Dagster pipeline).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser(
        "build",
        help="materialise the whole asset graph in-process and publish the data package",
        description="Ingest, extract, reconcile, write the DuckDB warehouse and publish the "
        "Frictionless data package. Exit 0 when the package was published and every check "
        "passed (quarantined inputs do not fail the build).",
    )
    build.add_argument("--seeds", default=DEFAULT_SEEDS_DIR, help="input folder (default: %(default)s)")
    build.add_argument("--dist", default=DEFAULT_DIST_DIR, help="output folder (default: %(default)s)")
    build.add_argument("--db", default=DEFAULT_DB_PATH, help="DuckDB file (default: %(default)s)")
    build.add_argument(
        "--cache", default=None, help="extraction cache folder (default: 'cache' next to the DuckDB file)"
    )
    build.add_argument("-v", "--verbose", action="store_true", help="show Dagster's step logs")
    build.set_defaults(handler=cmd_build)

    validate = commands.add_parser("validate", help="validate a published data package with Frictionless")
    validate.add_argument("--dist", default=DEFAULT_DIST_DIR, help="package folder (default: %(default)s)")
    validate.set_defaults(handler=cmd_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``warfacts`` console script; returns the exit code."""
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
