"""Group ``publish``: the Frictionless data package in the dist folder."""

from dagster import AssetExecutionContext, AssetIn, MetadataValue, Output, asset

from assets.reconcile import CURATION_LOG, RECONCILED_TABLE_NAMES, warehouse
from pipeline.resources import WarfactsPaths

GROUP = "publish"


@asset(
    group_name=GROUP,
    kinds={"frictionless"},
    deps=[warehouse],
    ins={
        "articles": AssetIn("articles"),
        "quarantine": AssetIn("quarantine"),
        "rejected_records": AssetIn("rejected_records"),
        **{name: AssetIn(name) for name in RECONCILED_TABLE_NAMES},
        CURATION_LOG: AssetIn(CURATION_LOG),
    },
)
def data_package(
    context: AssetExecutionContext, paths: WarfactsPaths, curation_log: tuple, **tables
) -> Output[str]:
    """The published data package: one resource per table (CSV and JSON), a zip and a dataset card.

    One file set per published table (articles, incidents, statements, figures,
    people, mentions, discrepancies, quarantine), each one row per record as in the
    table's asset. The dist folder is replaced atomically; the package version is
    the version of the warfacts distribution, and ``created`` comes from
    ``SOURCE_DATE_EPOCH`` or the data (never the clock), so the same seeds give
    byte-identical files. The new package is validated with Frictionless before it
    replaces the old one (an invalid package fails this step and leaves dist/ as it
    was). Runs after the warehouse so that dist/ and the DuckDB file hold the same
    build. Value: the path of ``datapackage.json``.

    The card's Curation section is rendered from the ``curation_log`` asset, the log
    reconciliation wrote while it applied ``seeds/curation.yaml``: the log cannot be
    recomputed here (the tables are already curated, and the file may have changed
    since), and an asset, unlike materialisation metadata, is an input Dagster
    delivers with its lineage.
    """
    from pipeline.assembly import curation_log_markdown, package_version, published_tables_of
    from pipeline.publish import publish_package

    published = published_tables_of(tables)
    version = package_version()
    descriptor = publish_package(
        published,
        paths.dist,
        version=version,
        curation_summary=curation_log_markdown(curation_log),
    )
    context.log.info(f"published warfacts {version} to {descriptor}")
    return Output(
        str(descriptor),
        metadata={
            "package_path": MetadataValue.path(str(descriptor)),
            "version": MetadataValue.text(version),
            # publish_package validates the new package before swapping it in (PublishError otherwise).
            "frictionless_valid": MetadataValue.bool(True),
            "rows_per_table": MetadataValue.json({name: len(df) for name, df in published.items()}),
            "dagster/row_count": MetadataValue.int(sum(len(df) for df in published.values())),
        },
    )
