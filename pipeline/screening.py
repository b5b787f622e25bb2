"""Screening of extracted records: invalid rows go to quarantine instead of downstream (Dagster-free).

Extraction works on messy text; a rule can produce a record that breaks the
table contract (a value outside an enumeration, a negative count, a blank
evidence). Such a record must neither reach reconciliation nor disappear: the
``extract_facts`` asset calls :func:`screen_extracted`, which validates every
``extracted_*`` table with Pandera (lazily, all failures at once), passes only the
valid rows on, and turns each invalid row into a ``quarantine`` row with reason
``invalid_record``, the article's ``source_file`` and, as ``detail``, the table,
the ``fact_id`` and the failing checks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from schemas.frames import sort_canonical, to_frame

INVALID_RECORD = "invalid_record"


@dataclass
class ScreeningResult:
    """Outcome of screening the extracted tables.

    Attributes:
        valid: Per table, the rows that passed validation (order kept, index reset).
        rejected: ``quarantine``-shaped frame, one row per rejected record.
        rejected_counts: Per table, how many rows were rejected.
    """

    valid: dict[str, pd.DataFrame]
    rejected: pd.DataFrame
    rejected_counts: dict[str, int] = field(default_factory=dict)


def _describe_failures(failure_cases: pd.DataFrame | None, row_index: Any) -> str:
    """The failing checks of one row, e.g. ``count: count below 1 (0)``, sorted and de-duplicated."""
    if failure_cases is None or len(failure_cases) == 0:
        return "failed validation"
    cases = failure_cases
    if "index" in cases.columns:
        row_index_of_case = cases["index"].astype("Int64")
        cases = failure_cases[(row_index_of_case == int(row_index)).fillna(False).astype(bool)]
        if cases.empty:
            # Table-level failures (a missing column, an uncoercible dtype) carry no row index.
            cases = failure_cases[row_index_of_case.isna()]
    parts = set()
    for case in cases.to_dict("records"):
        column = case.get("column") or case.get("schema_context") or "table"
        check = case.get("check", "check")
        value = case.get("failure_case")
        parts.add(f"{column}: {check}" + ("" if value is None or pd.isna(value) else f" ({value})"))
    return "; ".join(sorted(parts)) or "failed validation"


def screen_extracted(
    frames: Mapping[str, pd.DataFrame],
    article_sources: Mapping[str, str],
    *,
    validate: Callable[[str, pd.DataFrame], Any] | None = None,
) -> ScreeningResult:
    """Split every extracted table into valid rows and quarantine rows.

    Args:
        frames: ``extracted_*`` table name → typed frame.
        article_sources: article_id → source_file, to say which input a bad record came from.
        validate: ``validate_table`` replacement (tests); default :func:`pipeline.validate.validate_table`,
            whose result has ``valid`` and ``invalid`` frames (``invalid`` indexed by row position)
            and ``failure_cases`` (``column``, ``check``, ``failure_case``, ``index``).

    Returns:
        The valid frames and a quarantine frame (canonical order) of the rejected records.
    """
    if validate is None:
        from pipeline.validate import validate_table as validate

    valid: dict[str, pd.DataFrame] = {}
    rejected_rows: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    for table_name, df in frames.items():
        # validate_table reports rows by position: a fresh RangeIndex makes index == position.
        df = df.reset_index(drop=True)
        result = validate(table_name, df)
        counts[table_name] = len(result.invalid)
        # result.valid is the (coerced) rows that pass; empty when the table as a whole is unusable.
        valid[table_name] = result.valid.reset_index(drop=True)
        for row_index, row in result.invalid.iterrows():
            article_id = row.get("article_id")
            source_file = article_sources.get(article_id) if isinstance(article_id, str) else None
            rejected_rows.append(
                {
                    "source_file": source_file or f"(unknown article {article_id})",
                    "reason": INVALID_RECORD,
                    "detail": f"{table_name} fact_id={row.get('fact_id')}: "
                    + _describe_failures(result.failure_cases, row_index),
                }
            )
    rejected = sort_canonical("quarantine", to_frame("quarantine", rejected_rows))
    return ScreeningResult(valid=valid, rejected=rejected, rejected_counts=counts)
