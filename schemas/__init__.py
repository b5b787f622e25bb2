"""Table definitions: the single source of truth for every table of warfacts.

``tables`` defines each table once (fields, types, descriptions, enumerations,
keys); ``pandera_models``, ``duckdb_ddl`` and ``frictionless_schema`` generate the
Pandera schemas, the DuckDB DDL and the Frictionless table schemas from it, and
``frames`` builds typed DataFrames. No Dagster import belongs here.
"""

from schemas.tables import ALL_TABLES, EXTRACTED_TABLES, PUBLISHED_TABLES, get_table

__all__ = ["ALL_TABLES", "EXTRACTED_TABLES", "PUBLISHED_TABLES", "get_table"]
