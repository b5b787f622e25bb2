"""Asset checks: Pandera schema of every table, foreign keys, completeness of ingest, Frictionless validity.

The check bodies are plain functions (``*_result``) so the tests can feed them bad
data; the ``@asset_check`` definitions only load the asset values and call them.
All checks are blocking: a failure stops every step downstream of the checked
asset, so an invalid table never reaches the warehouse or ``dist/`` (the value of
the checked asset itself is already stored, which is why validation happens
before anything is written).
"""

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from dagster import AssetCheckResult, AssetChecksDefinition, AssetIn, MetadataValue, asset_check

from assets.extract import EXTRACTED_TABLE_NAMES
from assets.reconcile import RECONCILED_TABLE_NAMES
from pipeline.resources import WarfactsPaths

FAILURE_ROWS_SHOWN = 20


# ---------------------------------------------------------------- check bodies (plain functions)


def pandera_result(table_name: str, df) -> AssetCheckResult:
    """Lazy Pandera validation of a whole table: passes when every row is valid.

    Metadata: row counts and the failing rows (Markdown, first
    :data:`FAILURE_ROWS_SHOWN` failure cases).
    """
    from pipeline.validate import validate_table

    result = validate_table(table_name, df)
    invalid_rows = 0 if result.invalid is None else len(result.invalid)
    failure_cases = 0 if result.failure_cases is None else len(result.failure_cases)
    return AssetCheckResult(
        passed=bool(result.passed),
        description=f"Pandera schema of `{table_name}`",
        metadata={
            "rows": MetadataValue.int(len(df)),
            "invalid_rows": MetadataValue.int(invalid_rows),
            "failure_cases": MetadataValue.int(failure_cases),
            "failures": MetadataValue.md(
                result.failures_markdown(FAILURE_ROWS_SHOWN) if not result.passed else "_none_"
            ),
        },
    )


def foreign_keys_result(tables: Mapping[str, Any]) -> AssetCheckResult:
    """Every reference between the published tables resolves (foreign keys and mention targets)."""
    from pipeline.assembly import markdown_table
    from pipeline.validate import foreign_key_failures

    failures = foreign_key_failures(dict(tables))
    return AssetCheckResult(
        passed=len(failures) == 0,
        metadata={
            "dangling_references": MetadataValue.int(len(failures)),
            "failures": MetadataValue.md(markdown_table(failures, limit=FAILURE_ROWS_SHOWN)
                                         if len(failures) else "_none_"),
        },
    )


def inputs_accounted_for_result(input_files: list[str], articles, quarantine) -> AssetCheckResult:
    """Every input file is either an article or quarantined: nothing is dropped silently.

    Args:
        input_files: Input paths relative to the seeds folder.
        articles: The ``articles`` table.
        quarantine: The quarantined inputs.
    """
    seen = set(articles["source_file"]) | set(quarantine["source_file"])
    missing = sorted(set(input_files) - seen)
    return AssetCheckResult(
        passed=not missing,
        metadata={
            "input_files": MetadataValue.int(len(input_files)),
            "articles": MetadataValue.int(len(articles)),
            "quarantined": MetadataValue.int(len(quarantine)),
            "unaccounted_files": MetadataValue.json(missing),
        },
    )


def frictionless_result(descriptor_path: str | Path) -> AssetCheckResult:
    """``frictionless validate`` of the published package: passes when it reports no error."""
    from pipeline.publish import validate_package

    report = validate_package(Path(descriptor_path))
    errors = [str(e) for e in (report.errors or [])]
    shown = "\n".join(f"- {e}" for e in errors[:FAILURE_ROWS_SHOWN]) or "_none_"
    return AssetCheckResult(
        passed=bool(report.valid),
        metadata={
            "path": MetadataValue.path(str(descriptor_path)),
            "errors": MetadataValue.int(len(errors)),
            "first_errors": MetadataValue.md(shown),
        },
    )


# ---------------------------------------------------------------- check definitions


def pandera_check(
    asset_name: str, table_name: str | None = None, to_table: Callable[[Any], Any] | None = None
) -> AssetChecksDefinition:
    """A blocking ``pandera_schema`` check of ``asset_name`` against the schema of ``table_name``.

    Args:
        asset_name: The asset checked.
        table_name: Its table in :mod:`schemas.tables` (default: the asset name).
        to_table: Turns the asset value into the table frame (e.g. articles → frame).
    """
    table_name = table_name or asset_name

    @asset_check(
        asset=asset_name,
        name="pandera_schema",
        blocking=True,
        description=f"Every row of `{asset_name}` passes the Pandera schema of `{table_name}` "
        "(lazy validation: all failures are listed).",
    )
    def _check(value) -> AssetCheckResult:
        return pandera_result(table_name, to_table(value) if to_table else value)

    return _check


def _articles_table(articles):
    from pipeline.assembly import articles_frame

    return articles_frame(articles)


@asset_check(
    asset="mentions",
    name="foreign_keys",
    blocking=True,
    description="Every reference resolves: incidents/statements → people, figures → statements, "
    "mentions → articles and to the record they support.",
    additional_ins={name: AssetIn(name) for name in ("articles", *RECONCILED_TABLE_NAMES) if name != "mentions"},
)
def foreign_keys(mentions, articles, people, incidents, statements, figures, discrepancies) -> AssetCheckResult:
    """Referential integrity across the reconciled tables and the articles."""
    return foreign_keys_result(
        {
            "articles": _articles_table(articles),
            "people": people,
            "incidents": incidents,
            "statements": statements,
            "figures": figures,
            "mentions": mentions,
            "discrepancies": discrepancies,
        }
    )


@asset_check(
    asset="quarantine",
    name="inputs_accounted_for",
    blocking=True,
    description="Every input file of the seeds folder is an article or quarantined.",
    additional_ins={"articles": AssetIn("articles")},
)
def inputs_accounted_for(paths: WarfactsPaths, quarantine, articles) -> AssetCheckResult:
    """Nothing is silently dropped between the seeds folder and the ingest outputs."""
    from pipeline.ingest import list_input_files

    seeds = paths.seeds
    files = [p.relative_to(seeds).as_posix() for p in list_input_files(seeds)]
    return inputs_accounted_for_result(files, _articles_table(articles), quarantine)


@asset_check(
    asset="data_package",
    name="frictionless_valid",
    blocking=True,
    description="`frictionless validate dist/datapackage.json` reports no error.",
)
def frictionless_valid(data_package: str) -> AssetCheckResult:
    """Validate the published package with Frictionless (reads every row of every resource)."""
    return frictionless_result(data_package)


ALL_CHECKS: list[AssetChecksDefinition] = [
    pandera_check("articles", to_table=_articles_table),
    pandera_check("quarantine"),
    inputs_accounted_for,
    *(pandera_check(name) for name in EXTRACTED_TABLE_NAMES),
    pandera_check("rejected_records", "quarantine"),
    *(pandera_check(name) for name in RECONCILED_TABLE_NAMES),
    foreign_keys,
    frictionless_valid,
]
