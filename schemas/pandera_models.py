"""Pandera schemas generated from :mod:`schemas.tables`.

In-memory representation (what every DataFrame of the pipeline uses):
strings are ``object`` columns holding ``str`` or ``None``; integers and booleans
are pandas nullable ``Int64`` and ``boolean``; dates are ISO ``YYYY-MM-DD`` strings (checked to be real
calendar dates), which keeps CSV/JSON output and DuckDB ``DATE`` casts exact.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pandas as pd
import pandera.pandas as pa

from schemas.model import Field, Table
from schemas.tables import get_table


def _is_iso_date(value: object) -> bool:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return len(str(value)) == 10


def _column(f: Field) -> pa.Column:
    checks: list[pa.Check] = []
    if f.enum:
        checks.append(pa.Check.isin(list(f.enum), error=f"{f.name} not in enum"))
    if f.minimum is not None:
        checks.append(pa.Check.ge(f.minimum, error=f"{f.name} below {f.minimum}"))
    if f.pattern:
        checks.append(pa.Check.str_matches(f"^(?:{f.pattern})$", error=f"{f.name} pattern"))
    if f.type == "date":
        checks.append(pa.Check(_is_iso_date, element_wise=True, error=f"{f.name} is not an ISO date"))
    if f.type == "string" and f.required:
        checks.append(pa.Check(lambda s: s.str.strip().str.len() > 0, error=f"{f.name} is blank"))
    dtype = pd.Int64Dtype() if f.type == "integer" else (pd.BooleanDtype() if f.type == "boolean" else str)
    return pa.Column(
        dtype,
        checks=checks,
        nullable=not f.required,
        unique=f.unique,
        coerce=f.type == "integer",
        description=f.description,
        required=True,
    )


def _precision_check(f: Field) -> pa.Check:
    """A date's precision is ``unknown`` exactly when the date is null (row-wise, so the
    failing rows are reported, in the precision column)."""
    def check(df: pd.DataFrame) -> pd.DataFrame:
        consistent = df[f.precision_of].isna() == (df[f.name] == "unknown")
        out = pd.DataFrame(True, index=df.index, columns=df.columns)
        out[f.name] = consistent
        return out
    return pa.Check(check, error=f"{f.name} must be 'unknown' exactly when {f.precision_of} is null")


@lru_cache(maxsize=None)
def pandera_schema(table_name: str) -> pa.DataFrameSchema:
    """The Pandera schema of a table (strict: no unknown columns)."""
    table: Table = get_table(table_name)
    return pa.DataFrameSchema(
        {f.name: _column(f) for f in table.fields},
        strict=True,
        ordered=True,
        name=table.name,
        unique=list(table.primary_key) if len(table.primary_key) > 1 else None,
        checks=[_precision_check(f) for f in table.fields if f.precision_of],
        description=table.description,
    )
