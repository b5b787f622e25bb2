"""Validation of in-memory tables: Pandera row checks and cross-table foreign keys.

What belongs here: running the Pandera schema of a table (generated in
:mod:`schemas.pandera_models`) lazily, splitting the rows that pass from the
rows that fail while keeping every failure case, rendering failures for Dagster
metadata, and checking the foreign keys declared in :mod:`schemas.tables` plus the
polymorphic ``mentions.record_type``/``record_id`` reference. Nothing here
imports Dagster or writes files; the asset checks in ``assets/`` call these
functions and decide what to do with the result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from schemas.frames import to_frame
from schemas.pandera_models import pandera_schema
from schemas.tables import get_table

FAILURE_COLUMNS = ["column", "check", "failure_case", "index", "schema_context"]
"""Columns of :attr:`ValidationResult.failure_cases`."""

FK_FAILURE_COLUMNS = ["table", "column", "value", "references", "index"]
"""Columns of the frame returned by :func:`foreign_key_failures`."""

MENTION_TARGETS: dict[str, tuple[str, str]] = {
    "incident": ("incidents", "incident_id"),
    "statement": ("statements", "statement_id"),
    "figure": ("figures", "figure_id"),
    "person": ("people", "person_id"),
}
"""``mentions.record_type`` → (table, key column) that ``mentions.record_id`` must exist in."""


def _empty_failures() -> pd.DataFrame:
    df = pd.DataFrame({c: pd.Series(dtype=object) for c in FAILURE_COLUMNS})
    df["index"] = df["index"].astype("Int64")
    return df


def _markdown_cell(value: object, width: int = 80) -> str:
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return ""
    text = " ".join(str(value).split()).replace("|", "\\|")
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass
class ValidationResult:
    """The outcome of validating one table.

    Attributes:
        table_name: The table validated.
        valid: The rows that pass every check, with the schema's columns and dtypes
            (Pandera-coerced: ``Int64`` integers, ``object`` strings/ISO dates), index reset.
        invalid: The rows that fail at least one check, as given (not coerced). Its index is
            the row's position in the input frame, the same number as ``failure_cases.index``.
        failure_cases: One row per failure: ``column``, ``check``, ``failure_case`` (the
            offending value, or the column name for structural failures), ``index`` (position of
            the row in the input, ``<NA>`` for failures not attributable to a row) and
            ``schema_context`` (``Column`` or ``DataFrameSchema``). Empty when all rows pass.
        passed: True when there is no failure at all.
    """

    table_name: str
    valid: pd.DataFrame
    invalid: pd.DataFrame
    failure_cases: pd.DataFrame
    passed: bool

    @property
    def table_level_failures(self) -> pd.DataFrame:
        """The failures with no row index (structural: columns, dtypes, checks that raised)."""
        return self.failure_cases[self.failure_cases["index"].isna()]

    def failures_markdown(self, limit: int = 20) -> str:
        """A small markdown table of the first ``limit`` failure cases, for Dagster metadata.

        Args:
            limit: Maximum number of failure rows shown; a final line counts the rest.

        Returns:
            Markdown text; ``"No failures."`` when the table passed.
        """
        fc = self.failure_cases
        if fc.empty:
            return "No failures."
        lines = ["| row | column | check | failure case |", "|---:|---|---|---|"]
        for rec in fc.head(limit).to_dict("records"):
            row = "" if pd.isna(rec["index"]) else str(int(rec["index"]))
            lines.append(
                f"| {row} | {_markdown_cell(rec['column'])} | {_markdown_cell(rec['check'])} "
                f"| {_markdown_cell(rec['failure_case'])} |"
            )
        if len(fc) > limit:
            lines.append(f"\n… and {len(fc) - limit} more failure(s).")
        return "\n".join(lines)


def _normalise_failures(failure_cases: pd.DataFrame) -> pd.DataFrame:
    fc = failure_cases.copy()
    for col in FAILURE_COLUMNS:
        if col not in fc.columns:
            fc[col] = None
    fc = fc[FAILURE_COLUMNS].copy()
    # a row-wise check across columns (a date and its precision) reports {column: value}
    for i, case in fc["failure_case"].items():
        if isinstance(case, dict) and len(case) == 1:
            [(column, value)] = case.items()
            fc.at[i, "column"], fc.at[i, "failure_case"] = column, value
    fc["index"] = pd.array(
        [None if pd.isna(v) else int(v) for v in fc["index"]], dtype="Int64"
    )
    fc["failure_case"] = fc["failure_case"].astype(object).where(fc["failure_case"].notna(), None)
    sort_keys = fc.assign(
        _row=fc["index"].fillna(-1), _case=fc["failure_case"].map(lambda v: "" if v is None else str(v))
    )
    order = sort_keys.sort_values(["_row", "column", "check", "_case"], kind="mergesort").index
    return fc.loc[order].reset_index(drop=True)


def validate_table(table_name: str, df: pd.DataFrame) -> ValidationResult:
    """Validate ``df`` against the Pandera schema of ``table_name`` and split good rows from bad ones.

    The schema (strict, ordered, with enum, minimum, pattern, ISO-date, non-blank and
    uniqueness checks) runs with ``lazy=True`` so every failure is collected.

    Row-level failures (a value outside an enumeration, a negative count, an impossible
    date, a null in a required column, a duplicated key, a value that cannot be coerced)
    carry the row's position: those rows go to ``invalid``, all other rows to ``valid``.
    Both rows of a duplicated key are invalid (neither can be preferred without curation).

    Table-level failures are those Pandera cannot attribute to a row (``index`` is null):
    a missing, unknown or misordered column, a column whose dtype cannot be coerced as a
    whole, or a check that raised. They always make ``passed`` False, and they make the frame
    unusable: ``valid`` is then empty (with the schema's columns and dtypes) and ``invalid``
    holds every row, because no row can be shown to pass every check. An input that is
    valid gives ``passed`` True, ``valid`` equal to the (coerced) input and empty
    ``invalid`` / ``failure_cases``.

    Args:
        table_name: A table of :mod:`schemas.tables`.
        df: The frame to check (not modified).

    Returns:
        The :class:`ValidationResult`.
    """
    schema = pandera_schema(table_name)
    data = df.reset_index(drop=True)
    try:
        validated = schema.validate(data, lazy=True)
    except pa.errors.SchemaErrors as err:
        failures = _normalise_failures(err.failure_cases)
    else:
        return ValidationResult(
            table_name=table_name,
            valid=validated.reset_index(drop=True),
            invalid=data.iloc[0:0].copy(),
            failure_cases=_empty_failures(),
            passed=True,
        )

    if failures["index"].isna().any():
        return ValidationResult(
            table_name=table_name,
            valid=to_frame(table_name, []),
            invalid=data.copy(),
            failure_cases=failures,
            passed=False,
        )

    bad_rows = sorted({int(i) for i in failures["index"]})
    invalid = data.loc[bad_rows].copy()
    remaining = data.drop(index=bad_rows)
    try:
        valid = schema.validate(remaining, lazy=True).reset_index(drop=True)
    except pa.errors.SchemaErrors as err:  # a failure only visible once others are gone: give up on rows
        failures = pd.concat([failures, _normalise_failures(err.failure_cases)], ignore_index=True)
        return ValidationResult(
            table_name=table_name,
            valid=to_frame(table_name, []),
            invalid=data.copy(),
            failure_cases=_normalise_failures(failures.drop_duplicates(ignore_index=True)),
            passed=False,
        )
    return ValidationResult(
        table_name=table_name, valid=valid, invalid=invalid, failure_cases=failures, passed=False
    )


def _fk_rows(
    table: str, column: str, values: pd.Series, allowed: set, references: str
) -> list[dict]:
    rows = []
    for pos, value in enumerate(values):
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            continue
        if value not in allowed:
            rows.append(
                {"table": table, "column": column, "value": value, "references": references, "index": pos}
            )
    return rows


def foreign_key_failures(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """References that point nowhere, across the given tables.

    Checks every foreign key declared in :mod:`schemas.tables` for each table present in
    ``tables`` (e.g. ``incidents.person_id`` → ``people.person_id``,
    ``mentions.article_id`` → ``articles.article_id``) and, for ``mentions``, that
    ``record_id`` exists in the table named by ``record_type`` (incident → incidents,
    statement → statements, figure → figures, person → people). Null references are fine.
    A referenced table missing from ``tables`` counts as empty, so every non-null
    reference to it is reported. A ``record_type`` outside the enumeration is reported too
    (``references`` is then ``"record_type?"``).

    Args:
        tables: Table name → frame (in-memory representation).

    Returns:
        One row per dangling reference: ``table``, ``column``, ``value``, ``references``
        (``"table.column"``) and ``index`` (row position in that table), sorted; empty
        when every reference resolves.
    """

    def keys_of(name: str, column: str) -> set:
        frame = tables.get(name)
        if frame is None or column not in frame.columns:
            return set()
        return {v for v in frame[column] if v is not None and not pd.isna(v)}

    rows: list[dict] = []
    for name in sorted(tables):
        frame = tables[name].reset_index(drop=True)
        for fk in get_table(name).foreign_keys:
            for col, ref_col in zip(fk.fields, fk.reference_fields):
                if col not in frame.columns:
                    continue
                rows += _fk_rows(
                    name, col, frame[col], keys_of(fk.reference_table, ref_col),
                    f"{fk.reference_table}.{ref_col}",
                )
        if name == "mentions" and {"record_type", "record_id"} <= set(frame.columns):
            allowed = {rt: keys_of(t, c) for rt, (t, c) in MENTION_TARGETS.items()}
            for pos, (rtype, rid) in enumerate(zip(frame["record_type"], frame["record_id"])):
                if rid is None or (not isinstance(rid, str) and pd.isna(rid)):
                    continue
                if rtype not in MENTION_TARGETS:
                    rows.append({"table": name, "column": "record_id", "value": rid,
                                 "references": "record_type?", "index": pos})
                elif rid not in allowed[rtype]:
                    target, key = MENTION_TARGETS[rtype]
                    rows.append({"table": name, "column": "record_id", "value": rid,
                                 "references": f"{target}.{key}", "index": pos})
    out = pd.DataFrame(rows, columns=FK_FAILURE_COLUMNS)
    out["index"] = out["index"].astype("Int64")
    out["value"] = out["value"].astype(object)
    return out.sort_values(["table", "column", "index"], kind="mergesort").reset_index(drop=True)
