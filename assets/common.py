"""Helpers the asset modules share: definition-time metadata from :mod:`schemas.tables`, run-time metadata.

Only cheap imports at module level (Dagster and the table definitions): the
definitions are re-imported by ``dagster dev`` about every minute.
"""

from typing import Any

from dagster import MetadataValue, TableColumn, TableColumnConstraints, TableSchema

from schemas.tables import get_table

PREVIEW_ROWS = 10


def column_schema(table_name: str) -> TableSchema:
    """The Dagster column schema of a table (shown in the UI's asset page)."""
    table = get_table(table_name)
    return TableSchema(
        columns=[
            TableColumn(
                name=f.name,
                type=f.type,
                description=f.description + (f" One of: {', '.join(f.enum)}." if f.enum else ""),
                constraints=TableColumnConstraints(nullable=not f.required, unique=f.unique),
            )
            for f in table.fields
        ]
    )


def table_description(table_name: str, extra: str = "") -> str:
    """The asset description of a table: its grain from :mod:`schemas.tables` plus caveats."""
    text = get_table(table_name).description
    return f"{text}\n\n{extra}".strip()


def static_table_metadata(table_name: str) -> dict[str, Any]:
    """Definition-time metadata of an asset holding ``table_name``."""
    return {"dagster/column_schema": column_schema(table_name), "table": table_name}


def frame_metadata(df, *, preview_rows: int = PREVIEW_ROWS) -> dict[str, Any]:
    """Run-time metadata of a table-valued asset: row count and a Markdown preview."""
    from pipeline.assembly import markdown_table

    return {
        "dagster/row_count": MetadataValue.int(len(df)),
        "preview": MetadataValue.md(markdown_table(df, limit=preview_rows)),
    }
