"""Typed DataFrames for a table: build them from records and put them in canonical order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from schemas.tables import get_table


def _clean(value: Any, ftype: str) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    if ftype == "integer":
        return int(value)
    if ftype == "boolean":
        return bool(value)
    if ftype == "date":
        return str(value)[:10]
    if ftype == "string":
        value = str(value)
        return value if value != "" else None
    return value


def to_frame(table_name: str, records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A DataFrame with exactly the table's columns, in order, typed as the Pandera schema expects.

    Missing keys become nulls; extra keys are ignored.
    """
    table = get_table(table_name)
    rows = [{f.name: _clean(r.get(f.name), f.type) for f in table.fields} for r in records]
    df = pd.DataFrame(rows, columns=table.columns)
    for f in table.fields:
        if f.type == "integer":
            df[f.name] = df[f.name].astype("Int64")
        elif f.type == "boolean":
            df[f.name] = df[f.name].astype("boolean")
        else:
            df[f.name] = df[f.name].astype(object).where(df[f.name].notna(), None)
    return df


def sort_canonical(table_name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Rows ordered by primary key (or by all columns), index reset: the deterministic output order."""
    table = get_table(table_name)
    keys = list(table.primary_key) or table.columns
    return df.sort_values(keys, kind="mergesort", na_position="first").reset_index(drop=True)
