"""pipeline.validate: invalid rows are split out with their failure cases; foreign keys are checked."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.validate import foreign_key_failures, validate_table
from schemas.frames import to_frame


def _incident(incident_id: str, **kw) -> dict:
    row = {"incident_id": incident_id, "type": "death", "date": "2024-02-21", "date_precision": "day",
           "count": 1, "count_qualifier": "exact", "description": "One person was killed.",
           "num_sources": 1, "source_ids": "art-1"}
    row.update(kw)
    return row


def test_sample_tables_pass(sample_tables):
    for name, df in sample_tables.items():
        result = validate_table(name, df)
        assert result.passed, (name, result.failures_markdown())
        assert len(result.valid) == len(df)
        assert result.invalid.empty and result.failure_cases.empty
        assert result.failures_markdown() == "No failures."


def test_invalid_rows_are_split_out_with_failure_cases():
    df = to_frame("incidents", [
        _incident("ok-1"),
        _incident("bad-enum", type="exploded"),
        _incident("bad-count", count=-2),
        _incident("bad-date", date="2024-02-30"),
        _incident("bad-null", description=None),
        _incident("ok-2", date=None, date_precision="unknown"),
    ])
    result = validate_table("incidents", df)

    assert not result.passed
    assert list(result.valid["incident_id"]) == ["ok-1", "ok-2"]
    assert list(result.valid.columns) == list(df.columns)
    assert result.valid.index.tolist() == [0, 1]
    assert str(result.valid["count"].dtype) == "Int64"
    assert sorted(result.invalid["incident_id"]) == ["bad-count", "bad-date", "bad-enum", "bad-null"]
    # invalid keeps the input positions, the same numbers as failure_cases.index
    assert result.invalid.index.tolist() == [1, 2, 3, 4]

    fc = result.failure_cases
    by_row = {int(i): (col, case) for i, col, case in zip(fc["index"], fc["column"], fc["failure_case"])}
    assert by_row[1] == ("type", "exploded")
    assert by_row[2][0] == "count" and int(by_row[2][1]) == -2
    assert by_row[3] == ("date", "2024-02-30")
    assert by_row[4][0] == "description"
    assert set(fc["index"]) == {1, 2, 3, 4}

    md = result.failures_markdown(limit=2)
    assert md.startswith("| row | column | check | failure case |")
    assert "exploded" in md and "2 more failure(s)" in md


def test_duplicate_primary_key_rows_are_invalid():
    df = to_frame("incidents", [_incident("a"), _incident("b"), _incident("a")])
    result = validate_table("incidents", df)
    assert not result.passed
    assert list(result.valid["incident_id"]) == ["b"]
    assert result.invalid.index.tolist() == [0, 2]


@pytest.mark.parametrize("mutate", [
    lambda df: df.drop(columns=["cause"]),
    lambda df: df.assign(extra="x"),
    lambda df: df[list(reversed(df.columns))],
])
def test_table_level_failure_makes_frame_unusable(mutate):
    df = mutate(to_frame("incidents", [_incident("a"), _incident("b", type="bogus")]))
    result = validate_table("incidents", df)
    assert not result.passed
    assert result.valid.empty
    assert list(result.valid.columns) == to_frame("incidents", []).columns.tolist()
    assert len(result.invalid) == 2
    assert result.failure_cases["index"].isna().any()
    assert result.table_level_failures.shape[0] >= 1


def test_input_frame_is_not_modified():
    df = to_frame("incidents", [_incident("a", count=-1)])
    before = df.copy()
    validate_table("incidents", df)
    pd.testing.assert_frame_equal(df, before)


def test_foreign_keys_of_consistent_tables_resolve(sample_tables):
    assert foreign_key_failures(sample_tables).empty


def test_foreign_key_failures_are_found(sample_tables):
    t = sample_tables
    t["incidents"].loc[t["incidents"]["incident_id"] == "inc-a", "person_id"] = "per-missing"
    m = t["mentions"]
    m.loc[m["mention_id"] == "m-1", "record_id"] = "inc-missing"           # incident that does not exist
    m.loc[m["mention_id"] == "m-2", "record_type"] = "statement"            # per-a is not a statement
    m.loc[m["mention_id"] == "m-4", "article_id"] = "art-missing"
    t["figures"].loc[t["figures"]["figure_id"] == "fig-c", "statement_id"] = None  # null FK is fine

    failures = foreign_key_failures(t)
    got = {(r["table"], r["column"], r["value"], r["references"]) for r in failures.to_dict("records")}
    assert got == {
        ("incidents", "person_id", "per-missing", "people.person_id"),
        ("mentions", "record_id", "inc-missing", "incidents.incident_id"),
        ("mentions", "record_id", "per-a", "statements.statement_id"),
        ("mentions", "article_id", "art-missing", "articles.article_id"),
    }


def test_foreign_key_to_absent_table_is_reported(sample_tables):
    tables = {k: v for k, v in sample_tables.items() if k != "people"}
    failures = foreign_key_failures(tables)
    assert set(failures["references"]) == {"people.person_id"}
    assert set(failures["table"]) == {"incidents", "statements", "mentions"}


def test_a_date_precision_without_its_date_or_a_date_without_precision_is_an_invalid_row():
    df = to_frame("incidents", [
        _incident("ok-dated"),
        _incident("precision-without-date", date=None, date_precision="month"),
        _incident("date-without-precision", date_precision="unknown"),
        _incident("ok-undated", date=None, date_precision="unknown"),
    ])
    result = validate_table("incidents", df)

    assert list(result.valid["incident_id"]) == ["ok-dated", "ok-undated"]
    fc = result.failure_cases
    assert list(zip(fc["index"], fc["column"], fc["failure_case"])) == [
        (1, "date_precision", "month"), (2, "date_precision", "unknown")]
