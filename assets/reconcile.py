"""Group ``reconcile``: one record per real-world fact (with editor curation applied), and the DuckDB warehouse."""

from collections.abc import Iterator

import pandas as pd
from dagster import (
    AssetExecutionContext,
    AssetIn,
    AssetOut,
    MaterializeResult,
    MetadataValue,
    Output,
    asset,
    multi_asset,
)

from assets.common import frame_metadata, static_table_metadata, table_description
from assets.extract import EXTRACTED_TABLE_NAMES
from pipeline.models import Article
from pipeline.resources import WarfactsPaths

GROUP = "reconcile"
RECONCILED_TABLE_NAMES = ("people", "incidents", "statements", "figures", "mentions", "discrepancies")
CURATION_LOG = "curation_log"

_CAVEATS = {
    "people": "Spelling variants of one person are merged (see `aliases`); byline authors are "
    "never people.",
    "incidents": "The same event from several outlets is one row with `num_sources` > 1.",
    "statements": "The same quotation carried by several outlets is one row.",
    "figures": "Different values for the same metric and date are kept; see `discrepancies`.",
    "mentions": "Provenance: the article, character span and sentence each record was read from.",
    "discrepancies": "A figure series over time is not a discrepancy.",
}


@multi_asset(
    name="reconcile_facts",
    group_name=GROUP,
    ins={"articles": AssetIn("articles"), **{name: AssetIn(name) for name in EXTRACTED_TABLE_NAMES}},
    outs={
        **{
            name: AssetOut(
                description=table_description(name, _CAVEATS[name] + " Editor curation "
                                              "(`seeds/curation.yaml`) is applied here and wins."),
                metadata=static_table_metadata(name),
                kinds={"python"},
            )
            for name in RECONCILED_TABLE_NAMES
        },
        CURATION_LOG: AssetOut(
            description=(
                "One entry per entry of `seeds/curation.yaml` (merge, split, override, reject): the "
                "records it names, the editor's reason, whether it was applied and what was done or "
                "why not. The dataset card's Curation section is rendered from it."
            ),
            kinds={"python"},
        ),
    },
)
def reconcile_facts(
    context: AssetExecutionContext,
    paths: WarfactsPaths,
    articles: list[Article],
    extracted_statements: pd.DataFrame,
    extracted_incidents: pd.DataFrame,
    extracted_figures: pd.DataFrame,
    extracted_people: pd.DataFrame,
) -> Iterator[Output]:
    """Merge the per-article facts across articles, then apply the curation file of the seeds folder.

    Curation (:func:`pipeline.curation.apply_curation`) runs on the reconciled tables, so
    the editor's merges, splits, overrides and rejections win over the machine's. What
    each entry did is the ``curation_log`` output (shown on every table as metadata).
    """
    from pipeline.assembly import articles_frame, curation_log_markdown
    from pipeline.curation import apply_curation, load_curation
    from pipeline.reconcile import reconcile

    curation = load_curation(paths.seeds)
    extracted = {
        "extracted_statements": extracted_statements,
        "extracted_incidents": extracted_incidents,
        "extracted_figures": extracted_figures,
        "extracted_people": extracted_people,
    }
    curated = apply_curation(reconcile(articles_frame(articles), extracted), curation)
    log_markdown = curation_log_markdown(curated.log) or "_no curation entries_"
    not_applied = [entry for entry in curated.log if not entry.applied]
    context.log.info(f"curation: {curated.applied} of {len(curated.log)} entries applied")
    for entry in not_applied:
        context.log.warning(f"curation {entry.label} not applied: {entry.outcome}")
    for name in RECONCILED_TABLE_NAMES:
        yield Output(
            curated.tables[name],
            output_name=name,
            metadata={**frame_metadata(curated.tables[name]), "curation": MetadataValue.md(log_markdown)},
        )
    yield Output(
        curated.log,
        output_name=CURATION_LOG,
        metadata={
            "entries": MetadataValue.int(len(curated.log)),
            "applied": MetadataValue.int(curated.applied),
            "not_applied": MetadataValue.json([f"{e.label}: {e.outcome}" for e in not_applied]),
            "log": MetadataValue.md(log_markdown),
        },
    )


@asset(
    group_name=GROUP,
    pool="duckdb",
    kinds={"duckdb"},
    ins={
        "articles": AssetIn("articles"),
        "quarantine": AssetIn("quarantine"),
        "rejected_records": AssetIn("rejected_records"),
        **{name: AssetIn(name) for name in EXTRACTED_TABLE_NAMES},
        **{name: AssetIn(name) for name in RECONCILED_TABLE_NAMES},
    },
)
def warehouse(context: AssetExecutionContext, paths: WarfactsPaths, **tables) -> MaterializeResult:
    """The DuckDB warehouse: every table (published and extracted) in one file, one transaction.

    One row per record, as in the corresponding assets; the ``quarantine`` table is
    the union of the quarantined inputs and the rejected records. This is the only
    step that writes the DuckDB file (pool ``duckdb``): a DuckDB file has one writer
    at a time and other processes cannot even read it meanwhile. The tables are
    replaced on every build.
    """
    from pipeline.assembly import published_tables_of
    from pipeline.store import write_warehouse

    published = published_tables_of(tables)
    everything = {**published, **{name: tables[name] for name in EXTRACTED_TABLE_NAMES}}
    paths.db.parent.mkdir(parents=True, exist_ok=True)
    counts = write_warehouse(paths.db, everything)
    context.log.info(f"wrote {len(counts)} tables to {paths.db}")
    return MaterializeResult(
        metadata={
            "db_path": MetadataValue.path(str(paths.db)),
            "rows_per_table": MetadataValue.json(dict(counts)),
            "dagster/row_count": MetadataValue.int(sum(counts.values())),
        }
    )
