"""DuckDB ``CREATE TABLE`` statements generated from :mod:`schemas.tables`."""

from __future__ import annotations

from schemas.model import Table
from schemas.tables import get_table

SQL_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "date": "DATE", "boolean": "BOOLEAN"}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_table_sql(table_name: str) -> str:
    """``CREATE OR REPLACE TABLE`` for one table, with NOT NULL, CHECK and PRIMARY KEY constraints.

    Foreign keys are not declared in DuckDB (they would force a load order and
    block replacing tables); they are enforced by Pandera and Frictionless.
    """
    table: Table = get_table(table_name)
    lines = []
    for f in table.fields:
        col = f"{_quote(f.name)} {SQL_TYPES[f.type]}"
        if f.required:
            col += " NOT NULL"
        if f.enum:
            allowed = ", ".join("'" + v.replace("'", "''") + "'" for v in f.enum)
            col += f" CHECK ({_quote(f.name)} IN ({allowed}))"
        if f.minimum is not None:
            col += f" CHECK ({_quote(f.name)} >= {f.minimum})"
        lines.append(col)
    for f in table.fields:
        if f.precision_of:
            lines.append(f"CHECK (({_quote(f.precision_of)} IS NULL) = ({_quote(f.name)} = 'unknown'))")
    if table.primary_key:
        lines.append("PRIMARY KEY (" + ", ".join(_quote(c) for c in table.primary_key) + ")")
    body = ",\n  ".join(lines)
    return f"CREATE OR REPLACE TABLE {_quote(table.name)} (\n  {body}\n);"
