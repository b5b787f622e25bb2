"""pipeline.store: the DuckDB warehouse round-trips every table and replaces on rewrite."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from pipeline.store import read_table, write_warehouse
from schemas.frames import to_frame


def test_round_trip_every_table_exactly(tmp_path, sample_tables):
    db = tmp_path / "nested" / "warehouse.duckdb"
    counts = write_warehouse(db, sample_tables)
    assert counts == {name: len(df) for name, df in sample_tables.items()}
    for name, df in sample_tables.items():
        back = read_table(db, name)
        pd.testing.assert_frame_equal(back, df, check_exact=True)


def test_dates_are_stored_as_dates(tmp_path, sample_tables):
    db = tmp_path / "w.duckdb"
    write_warehouse(db, sample_tables)
    con = duckdb.connect(str(db), read_only=True)
    try:
        types = dict(con.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'incidents'"
        ).fetchall())
        latest = con.execute("SELECT max(date) FROM incidents").fetchone()[0]
    finally:
        con.close()
    assert types["date"] == "DATE" and types["count"] == "BIGINT"
    assert str(latest) == "2024-02-21"


def test_second_write_replaces(tmp_path, sample_tables):
    db = tmp_path / "w.duckdb"
    write_warehouse(db, sample_tables)
    smaller = dict(sample_tables, people=sample_tables["people"].iloc[:1])
    counts = write_warehouse(db, smaller)
    assert counts["people"] == 1 and counts["articles"] == len(sample_tables["articles"])
    pd.testing.assert_frame_equal(read_table(db, "people"), smaller["people"].reset_index(drop=True))
    pd.testing.assert_frame_equal(read_table(db, "articles"), sample_tables["articles"])


def test_empty_tables_round_trip(tmp_path):
    db = tmp_path / "w.duckdb"
    empty = {"quarantine": to_frame("quarantine", []), "figures": to_frame("figures", [])}
    assert write_warehouse(db, empty) == {"figures": 0, "quarantine": 0}
    for name, df in empty.items():
        pd.testing.assert_frame_equal(read_table(db, name), df)


def test_failed_write_rolls_back_everything(tmp_path, sample_tables):
    db = tmp_path / "w.duckdb"
    write_warehouse(db, sample_tables)
    bad_people = sample_tables["people"].copy()
    bad_people.loc[0, "role"] = "bystander"  # violates the CHECK constraint
    new_articles = sample_tables["articles"].iloc[:1]
    with pytest.raises(duckdb.Error):
        write_warehouse(db, {"articles": new_articles, "people": bad_people})
    # articles (written before people in the same transaction) is unchanged
    pd.testing.assert_frame_equal(read_table(db, "articles"), sample_tables["articles"])
    pd.testing.assert_frame_equal(read_table(db, "people"), sample_tables["people"])


def test_the_warehouse_refuses_a_date_precision_that_contradicts_its_date(tmp_path):
    from schemas.duckdb_ddl import create_table_sql

    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    try:
        con.execute(create_table_sql("figures"))
        columns = "figure_id, metric, value, qualifier, as_of, as_of_precision, num_sources, source_ids"
        con.execute(f"INSERT INTO figures ({columns}) VALUES "
                    "('fig-1', 'killed', 2, 'exact', NULL, 'unknown', 1, 'art-1')")
        with pytest.raises(duckdb.ConstraintException):
            con.execute(f"INSERT INTO figures ({columns}) VALUES "
                        "('fig-2', 'killed', 2, 'exact', NULL, 'day', 1, 'art-1')")
    finally:
        con.close()
