"""Group ``reconcile``: one record per real-world fact, and the DuckDB warehouse of every table."""

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
        name: AssetOut(
            description=table_description(name, _CAVEATS[name] + " Editor curation "
                                          "(`seeds/curation.yaml`) is applied here and wins."),
            metadata=static_table_metadata(name),
            kinds={"python"},
        )
        for name in RECONCILED_TABLE_NAMES
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
    """Merge the per-article facts across articles and apply the curation file of the seeds folder."""
    from pipeline.assembly import articles_frame, curation_summary
    from pipeline.curation import load_curation
    from pipeline.reconcile import reconcile

    curation = load_curation(paths.seeds)
    extracted = {
        "extracted_statements": extracted_statements,
        "extracted_incidents": extracted_incidents,
        "extracted_figures": extracted_figures,
        "extracted_people": extracted_people,
    }
    tables = reconcile(articles_frame(articles), extracted, curation)
    summary = curation_summary(curation) or "no curation file"
    context.log.info(f"reconciled with {summary}")
    for name in RECONCILED_TABLE_NAMES:
        yield Output(
            tables[name],
            output_name=name,
            metadata={**frame_metadata(tables[name]), "curation": MetadataValue.text(summary)},
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
    from pipeline.assembly import articles_frame, published_tables
    from pipeline.store import write_warehouse

    published = published_tables(
        articles_frame(tables["articles"]),
        tables["quarantine"],
        tables["rejected_records"],
        {name: tables[name] for name in RECONCILED_TABLE_NAMES},
    )
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
