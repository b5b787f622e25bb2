"""Group ``ingest``: the seeds folder as articles (with their cleaned text) and quarantined inputs."""

from collections import Counter
from collections.abc import Iterator

from dagster import AssetExecutionContext, AssetOut, MetadataValue, Output, multi_asset

from assets.common import frame_metadata, static_table_metadata, table_description
from pipeline.resources import WarfactsPaths

GROUP = "ingest"


@multi_asset(
    name="ingest_seeds",
    group_name=GROUP,
    outs={
        "articles": AssetOut(
            description=table_description(
                "articles",
                "Value: the list of `Article` objects, each with its cleaned body text (all "
                "character offsets in the dataset point into it); the published `articles` "
                "table is the same list without the text. `article_id` is derived from the "
                "file's bytes, so it is stable across runs.",
            ),
            metadata=static_table_metadata("articles"),
            kinds={"python"},
        ),
        "quarantine": AssetOut(
            description=table_description(
                "quarantine",
                "This asset holds the unused *inputs* (empty, binary, undecodable, too large, "
                "not English, duplicate, broken front matter, ...). The published `quarantine` "
                "table also lists the extracted records rejected by validation "
                "(`rejected_records`). A quarantined input never stops the build.",
            ),
            metadata=static_table_metadata("quarantine"),
            kinds={"python"},
        ),
    },
)
def ingest_seeds(context: AssetExecutionContext, paths: WarfactsPaths) -> Iterator[Output]:
    """Read every file of the seeds folder into an article or a quarantine row."""
    from pipeline.assembly import articles_frame, quarantine_frame
    from pipeline.ingest import ingest_folder

    if not paths.seeds.is_dir():
        # Fail loudly: building a missing folder would publish an empty dataset over dist/.
        raise FileNotFoundError(f"seeds folder {paths.seeds} does not exist")
    result = ingest_folder(paths.seeds)
    articles = list(result.articles)
    quarantine = quarantine_frame(result.quarantine)
    reasons = Counter(quarantine["reason"])
    context.log.info(
        f"{len(articles)} articles, {len(quarantine)} quarantined inputs from {paths.seeds}"
    )
    yield Output(
        articles,
        output_name="articles",
        metadata={
            **frame_metadata(articles_frame(articles)),
            "seeds_dir": MetadataValue.path(str(paths.seeds)),
        },
    )
    yield Output(
        quarantine,
        output_name="quarantine",
        metadata={
            **frame_metadata(quarantine),
            "reasons": MetadataValue.json(dict(sorted(reasons.items()))),
        },
    )
