"""Glue shared by the Dagster assets and the CLI: table frames, the published table set, version, Markdown.

Dagster-free on purpose: what the assets compute beyond calling one domain
function lives here so that it can be tested directly.
"""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from pipeline.models import Article, Quarantined
from schemas.frames import sort_canonical, to_frame
from schemas.tables import PUBLISHED_TABLES

if TYPE_CHECKING:  # the curation module imports reconciliation; the log is only rendered here
    from pipeline.curation import CurationLogEntry

PUBLISHED_TABLE_NAMES = tuple(t.name for t in PUBLISHED_TABLES)
RECONCILED_TABLE_NAMES = ("people", "incidents", "statements", "figures", "mentions", "discrepancies")


def articles_frame(articles: Sequence[Article]) -> pd.DataFrame:
    """The ``articles`` table (one row per ingested article, without the text), canonical order."""
    return sort_canonical("articles", to_frame("articles", [a.as_row() for a in articles]))


def quarantine_frame(items: Sequence[Quarantined]) -> pd.DataFrame:
    """The ``quarantine`` rows of ``items`` (one row per unused input), canonical order."""
    return sort_canonical("quarantine", to_frame("quarantine", [q.as_row() for q in items]))


def combined_quarantine(*frames: pd.DataFrame) -> pd.DataFrame:
    """One ``quarantine`` table from several (unused inputs, rejected records), canonical order."""
    records = [r for df in frames for r in df.to_dict("records")]
    return sort_canonical("quarantine", to_frame("quarantine", records))


def published_tables(
    articles: pd.DataFrame,
    quarantined_inputs: pd.DataFrame,
    rejected_records: pd.DataFrame,
    reconciled: Mapping[str, pd.DataFrame],
) -> dict[str, pd.DataFrame]:
    """Every published table, in the order of :data:`schemas.tables.PUBLISHED_TABLES`.

    The published ``quarantine`` table is the union of the unused inputs (ingest) and
    the extracted records that failed validation (extract).
    """
    tables = {
        "articles": articles,
        "quarantine": combined_quarantine(quarantined_inputs, rejected_records),
        **reconciled,
    }
    missing = [name for name in PUBLISHED_TABLE_NAMES if name not in tables]
    if missing:
        raise KeyError(f"published tables missing: {', '.join(missing)}")
    return {name: tables[name] for name in PUBLISHED_TABLE_NAMES}


def published_tables_of(inputs: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """:func:`published_tables` from the upstream assets' values, keyed by asset name
    (``articles`` as ingested, ``quarantine``, ``rejected_records`` and the reconciled tables)."""
    return published_tables(
        articles_frame(inputs["articles"]),
        inputs["quarantine"],
        inputs["rejected_records"],
        {name: inputs[name] for name in RECONCILED_TABLE_NAMES},
    )


def package_version() -> str:
    """The version of the warfacts distribution (the data package carries the same version).

    Falls back to ``pyproject.toml`` when the project is used from a checkout
    without being installed.
    """
    try:
        return importlib.metadata.version("warfacts")
    except importlib.metadata.PackageNotFoundError:
        pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
        return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]


def curation_log_markdown(log: Sequence[CurationLogEntry]) -> str | None:
    """The curation log as Markdown: for the dataset card's "Curation" section and Dagster metadata.

    One table row per entry of the curation file: the entry (operation and number),
    the records it names, the editor's reason, whether it was applied and what was
    done or why not.

    Args:
        log: :attr:`pipeline.curation.CurationResult.log`.

    Returns:
        Markdown text, or None when there was no curation entry.
    """
    if not log:
        return None
    applied = sum(entry.applied for entry in log)
    lines = [
        f"Editor corrections from `curation.yaml` (in the seeds folder), applied after the automatic "
        f"reconciliation; curated values win. **{applied} of {len(log)}** entr{'y' if len(log) == 1 else 'ies'} "
        "applied. Mentions moved by a merge or split say so in `mentions.extractor` "
        "(`+curation:merge`, `+curation:split`); every override is listed in `discrepancies` with the "
        "machine value.",
        "",
        "| entry | records | reason | applied | outcome |",
        "|---|---|---|---|---|",
    ]
    for entry in log:
        records = ", ".join(f"`{r}`" for r in entry.records)
        lines.append(
            f"| {entry.label} | {records} | {_cell(entry.reason, 200)} | {'yes' if entry.applied else '**no**'} "
            f"| {_cell(entry.outcome, 300)} |"
        )
    return "\n".join(lines)


def _cell(value: Any, width: int) -> str:
    if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)):
        return ""
    text = re.sub(r"\s+", " ", str(value)).replace("|", "\\|")
    return text if len(text) <= width else text[: width - 1] + "…"


def markdown_table(df: pd.DataFrame, limit: int = 10, width: int = 60) -> str:
    """A Markdown preview of the first ``limit`` rows (cells shortened to ``width`` characters)."""
    if df is None or len(df.columns) == 0:
        return "_no columns_"
    head = df.head(limit)
    lines = [
        "| " + " | ".join(str(c) for c in df.columns) + " |",
        "| " + " | ".join("---" for _ in df.columns) + " |",
    ]
    for row in head.itertuples(index=False):
        lines.append("| " + " | ".join(_cell(v, width) for v in row) + " |")
    if len(df) == 0:
        lines.append("\n_no rows_")
    elif len(df) > limit:
        lines.append(f"\n_{limit} of {len(df)} rows_")
    return "\n".join(lines)
