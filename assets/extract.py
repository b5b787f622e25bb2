"""Group ``extract``: per-article facts (statements, incidents, figures, people), incremental and screened."""

from collections.abc import Iterator

from dagster import AssetExecutionContext, AssetIn, AssetOut, MetadataValue, Output, multi_asset

from assets.common import frame_metadata, static_table_metadata, table_description
from pipeline.models import Article
from pipeline.resources import WarfactsPaths
from schemas.tables import EXTRACTED_TABLES

GROUP = "extract"
EXTRACTED_TABLE_NAMES = tuple(t.name for t in EXTRACTED_TABLES)

_CAVEAT = (
    "Facts of one article before reconciliation: the same event reported by two outlets is "
    "two rows here. Only rows that pass the table's Pandera schema are kept; the others are "
    "in `rejected_records` (and so in the published `quarantine` table)."
)


@multi_asset(
    name="extract_facts",
    group_name=GROUP,
    ins={"articles": AssetIn("articles")},
    outs={
        **{
            name: AssetOut(
                description=table_description(name, _CAVEAT),
                metadata=static_table_metadata(name),
                kinds={"python"},
            )
            for name in EXTRACTED_TABLE_NAMES
        },
        "rejected_records": AssetOut(
            description=(
                "One row per extracted record that failed validation, as a `quarantine` row: "
                "reason `invalid_record`, the article's `source_file`, and in `detail` the "
                "table, the `fact_id` and the failing checks. Nothing is dropped silently."
            ),
            metadata=static_table_metadata("quarantine"),
            kinds={"python"},
        ),
    },
)
def extract_facts(
    context: AssetExecutionContext, paths: WarfactsPaths, articles: list[Article]
) -> Iterator[Output]:
    """Extract the facts of every article, reusing cached results of unchanged articles.

    Incremental: each article's facts are cached in ``paths.cache`` under a hash of
    the article (text and metadata), the extractor code and the codebook
    (:mod:`pipeline.cache`); only new or changed articles are extracted. The rows are
    then screened (:func:`pipeline.screening.screen_extracted`): invalid ones are
    passed on as ``rejected_records``, never downstream.
    """
    from pipeline.cache import extract_incrementally
    from pipeline.extract import facts_to_frames
    from pipeline.screening import screen_extracted

    per_article, stats = extract_incrementally(articles, paths.cache)
    frames = facts_to_frames(per_article)
    screening = screen_extracted(frames, {a.article_id: a.source_file for a in articles})
    context.log.info(
        f"extracted {stats.num_extracted} articles, reused {stats.num_reused} from {paths.cache}; "
        f"rejected {len(screening.rejected)} invalid records"
    )
    cache_metadata = {
        "articles_extracted": MetadataValue.int(stats.num_extracted),
        "articles_reused": MetadataValue.int(stats.num_reused),
        "extracted_files": MetadataValue.json(stats.extracted),
        "cache_dir": MetadataValue.path(str(paths.cache)),
    }
    for name in EXTRACTED_TABLE_NAMES:
        yield Output(
            screening.valid[name],
            output_name=name,
            metadata={
                **frame_metadata(screening.valid[name]),
                "rejected_rows": MetadataValue.int(screening.rejected_counts.get(name, 0)),
                **cache_metadata,
            },
        )
    yield Output(
        screening.rejected,
        output_name="rejected_records",
        metadata={
            **frame_metadata(screening.rejected),
            "rejected_per_table": MetadataValue.json(dict(sorted(screening.rejected_counts.items()))),
        },
    )
