"""The asset check bodies fail on bad data and pass on good data."""

from __future__ import annotations

import json

import pandas as pd

from assets.checks import (
    foreign_keys_result,
    frictionless_result,
    inputs_accounted_for_result,
    pandera_result,
)
from schemas.frames import to_frame


def people(*ids):
    return to_frame("people", [{"person_id": i, "name": f"Name {i}", "role": "victim"} for i in ids])


def test_pandera_check_fails_with_the_failing_rows_in_its_metadata():
    bad = to_frame("people", [
        {"person_id": "p1", "name": "A", "role": "victim"},
        {"person_id": "p2", "name": "B", "role": "hero", "age": -3},
    ])
    result = pandera_result("people", bad)
    assert not result.passed
    assert result.metadata["invalid_rows"].value == 1
    assert "hero" in result.metadata["failures"].value

    assert pandera_result("people", people("p1", "p2")).passed


def test_foreign_key_check_reports_dangling_references():
    incidents = to_frame("incidents", [{
        "incident_id": "i1", "type": "death", "date_precision": "unknown", "person_id": "p-missing",
        "count": 1, "count_qualifier": "exact", "description": "d", "num_sources": 1, "source_ids": "a",
    }])
    result = foreign_keys_result({"people": people("p1"), "incidents": incidents})
    assert not result.passed
    assert result.metadata["dangling_references"].value == 1
    assert "p-missing" in result.metadata["failures"].value

    assert foreign_keys_result({"people": people("p1"), "incidents": incidents.assign(person_id="p1")}).passed


def test_inputs_accounted_for_fails_when_a_file_vanished():
    articles = pd.DataFrame({"source_file": ["a.txt"]})
    quarantine = pd.DataFrame({"source_file": ["b.bin"]})
    assert inputs_accounted_for_result(["a.txt", "b.bin"], articles, quarantine).passed
    result = inputs_accounted_for_result(["a.txt", "b.bin", "c.md"], articles, quarantine)
    assert not result.passed
    assert result.metadata["unaccounted_files"].value == ["c.md"]


def test_frictionless_check_fails_on_a_broken_package(tmp_path):
    descriptor = tmp_path / "datapackage.json"
    (tmp_path / "t.csv").write_text("id,n\na,1\nb,not-a-number\n", encoding="utf-8")
    descriptor.write_text(json.dumps({
        "name": "broken",
        "resources": [{
            "name": "t", "path": "t.csv", "type": "table", "format": "csv",
            "schema": {"fields": [{"name": "id", "type": "string"}, {"name": "n", "type": "integer"}]},
        }],
    }), encoding="utf-8")
    result = frictionless_result(descriptor)
    assert not result.passed
    assert result.metadata["errors"].value >= 1
