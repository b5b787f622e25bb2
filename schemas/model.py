"""The metadata vocabulary every table definition is written in.

A :class:`Table` is a list of :class:`Field` objects plus keys. Nothing here knows
about Pandera, DuckDB or Frictionless: the generator modules (``pandera_models``,
``duckdb_ddl``, ``frictionless_schema``) turn one ``Table`` into each of those.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

FieldType = Literal["string", "integer", "date", "boolean"]


@dataclass(frozen=True)
class Field:
    """One column.

    Attributes:
        name: Column name (a contract: never rename a published one).
        type: Logical type; see :data:`FieldType`.
        description: Plain-language meaning, shown in the data package and the UI.
        required: False when the column may be null.
        enum: Closed list of allowed values, or None.
        minimum: Smallest allowed integer value, or None.
        pattern: Regular expression the whole value must match, or None.
        unique: True when no two rows may share a value.
        list_separator: Set when the string holds a ``;``-joined list.
        precision_of: Set on a date's precision column to that date column's name:
            the precision is ``unknown`` exactly when the date is null (checked by
            Pandera and DuckDB).
    """

    name: str
    type: FieldType
    description: str
    required: bool = False
    enum: tuple[str, ...] | None = None
    minimum: int | None = None
    pattern: str | None = None
    unique: bool = False
    list_separator: str | None = None
    precision_of: str | None = None


@dataclass(frozen=True)
class ForeignKey:
    """``fields`` of this table reference ``reference_fields`` of ``reference_table``."""

    fields: tuple[str, ...]
    reference_table: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """One table: its fields, keys and whether it is part of the published package.

    Attributes:
        name: Resource / table name.
        title: Short human title.
        description: What one row is ("one row per ...") and caveats.
        fields: Columns in output order.
        primary_key: Column names forming the primary key.
        foreign_keys: References to other tables.
        published: True for tables written to ``dist/``; False for the
            intermediate (extracted) tables that are validated but not published.
    """

    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = field(default_factory=tuple)
    published: bool = True

    @property
    def columns(self) -> list[str]:
        """Column names in order."""
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        """The field called ``name``.

        Raises:
            KeyError: when the table has no such field.
        """
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name} has no field {name!r}")
