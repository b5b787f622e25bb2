"""Frictionless Table Schema descriptors generated from :mod:`schemas.tables`.

Plain dictionaries (Table Schema spec), so this module needs no Frictionless
import; :mod:`pipeline.publish` hands them to ``frictionless``.
"""

from __future__ import annotations

from typing import Any

from schemas.model import Table
from schemas.tables import get_table


def field_descriptor(table: Table, name: str) -> dict[str, Any]:
    """The Table Schema field descriptor of one column."""
    f = table.field(name)
    out: dict[str, Any] = {"name": f.name, "type": f.type, "description": f.description}
    constraints: dict[str, Any] = {}
    if f.required:
        constraints["required"] = True
    if f.enum:
        constraints["enum"] = list(f.enum)
    if f.minimum is not None:
        constraints["minimum"] = f.minimum
    if f.pattern:
        constraints["pattern"] = f.pattern
    if f.unique and tuple(table.primary_key) != (f.name,):
        constraints["unique"] = True
    if constraints:
        out["constraints"] = constraints
    if f.type == "date":
        out["format"] = "default"
    return out


def table_schema(table_name: str) -> dict[str, Any]:
    """The Table Schema descriptor of one table (fields, primary and foreign keys)."""
    table = get_table(table_name)
    schema: dict[str, Any] = {
        "fields": [field_descriptor(table, f.name) for f in table.fields],
        "missingValues": [""],
    }
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": list(fk.fields),
                "reference": {"resource": fk.reference_table, "fields": list(fk.reference_fields)},
            }
            for fk in table.foreign_keys
        ]
    return schema
