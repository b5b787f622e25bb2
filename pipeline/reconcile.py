"""Reconciliation: merge per-article facts into one record per real-world fact.

Input: the ``articles`` frame and the ``extracted_*`` frames. Output: the published
``people``, ``incidents``, ``statements``, ``figures``, ``mentions`` and
``discrepancies`` frames (schemas in :mod:`schemas.tables`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from schemas.frames import to_frame

RECONCILED_TABLE_NAMES = ("people", "incidents", "statements", "figures", "mentions", "discrepancies")


def reconcile(
    articles: pd.DataFrame,
    extracted: dict[str, pd.DataFrame],
    curation: dict[str, Any] | None = None,
) -> dict[str, pd.DataFrame]:
    """One record per real-world fact, with mentions (provenance) and discrepancies."""
    return {name: to_frame(name, []) for name in RECONCILED_TABLE_NAMES}
