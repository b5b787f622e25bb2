"""pipeline.curation: an editor's merge, split, override and reject win, stay traceable and never crash the build.

The tables here are small hand-made reconciled tables (the output shape of
``pipeline.reconcile.reconcile``); the last tests use the seeds build.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from pipeline.curation import CurationFileError, apply_curation, load_curation
from pipeline.validate import foreign_key_failures, validate_table
from schemas.frames import sort_canonical, to_frame

A1, A2, A3 = "art-000000000001", "art-000000000002", "art-000000000003"
RECONCILED = ("people", "incidents", "statements", "figures", "mentions", "discrepancies")


def _mention(mention_id, record_type, record_id, article_id, start, extractor="rule.x"):
    return {"mention_id": mention_id, "record_type": record_type, "record_id": record_id,
            "article_id": article_id, "char_start": start, "char_end": start + 40,
            "evidence": f"Sentence at {start} of {article_id}.", "extractor": extractor}


def make_reconciled() -> dict[str, pd.DataFrame]:
    """Two spellings of one victim (two incidents), an official quoted twice, two figures."""
    people = [
        {"person_id": "per-a", "name": "Arun Vasan", "aliases": "A. Vasan", "role": "victim", "age": 30,
         "hometown": "Kochi"},
        {"person_id": "per-b", "name": "Arun Vassan", "role": "victim", "age": 31, "nationality": "Indian"},
        {"person_id": "per-o", "name": "Meera Rao", "role": "official", "title": "spokesperson"},
    ]
    incidents = [
        {"incident_id": "inc-a", "type": "death", "date": "2024-03-01", "date_precision": "month",
         "person_id": "per-a", "person_name": "Arun Vasan", "count": 1, "count_qualifier": "exact",
         "description": "Death of Arun Vasan.", "num_sources": 2, "source_ids": f"{A1};{A2}"},
        {"incident_id": "inc-b", "type": "death", "date": "2024-03-04", "date_precision": "day",
         "person_id": "per-b", "person_name": "Arun Vassan", "count": 1, "count_qualifier": "exact",
         "cause": "shelling", "description": "Death of Arun Vassan.", "num_sources": 1, "source_ids": A3},
        {"incident_id": "inc-c", "type": "release", "date_precision": "unknown", "count": 3,
         "count_qualifier": "exact", "nationality": "Indian", "description": "Three men released.",
         "num_sources": 1, "source_ids": A1},
    ]
    statements = [
        {"statement_id": "st-a", "speaker_name": "Meera Rao", "speaker_person_id": "per-o", "kind": "direct",
         "text": "We are in touch with the families.", "date_precision": "unknown", "num_sources": 2,
         "source_ids": f"{A1};{A2}"},
        {"statement_id": "st-b", "speaker_org": "Ministry of External Affairs", "kind": "indirect",
         "text": "the ministry is in touch with the families", "date_precision": "unknown", "num_sources": 1,
         "source_ids": A3},
    ]
    figures = [
        {"figure_id": "fig-a", "metric": "killed", "value": 3, "qualifier": "exact", "as_of_precision": "unknown",
         "statement_id": "st-a", "num_sources": 1, "source_ids": A1},
        {"figure_id": "fig-b", "metric": "released", "value": 10, "qualifier": "exact",
         "as_of_precision": "unknown", "statement_id": "st-b", "num_sources": 1, "source_ids": A3},
    ]
    mentions = [
        _mention("men-01", "person", "per-a", A1, 100),
        _mention("men-02", "person", "per-a", A2, 100),
        _mention("men-03", "person", "per-b", A3, 100),
        _mention("men-04", "person", "per-o", A1, 300),
        _mention("men-05", "incident", "inc-a", A1, 100, "death.named"),
        _mention("men-06", "incident", "inc-a", A2, 100, "death.named"),
        _mention("men-07", "incident", "inc-b", A3, 100, "death.named"),
        _mention("men-08", "incident", "inc-c", A1, 200, "release.count"),
        _mention("men-09", "statement", "st-a", A1, 300, "quote.attr_after"),
        _mention("men-10", "statement", "st-a", A2, 300, "quote.attr_after"),
        _mention("men-11", "statement", "st-b", A3, 300, "reported.forward"),
        _mention("men-12", "figure", "fig-a", A1, 400, "figure.count"),
        _mention("men-13", "figure", "fig-b", A3, 400, "figure.total"),
    ]
    discrepancies = [
        {"discrepancy_id": "dis-b-age", "record_type": "person", "record_id": "per-b", "field": "age",
         "values": f"31 ({A3}); 32 ({A3})", "resolution": "kept 31: value given by most articles"},
    ]
    records = {"people": people, "incidents": incidents, "statements": statements, "figures": figures,
               "mentions": mentions, "discrepancies": discrepancies}
    return {name: sort_canonical(name, to_frame(name, rows)) for name, rows in records.items()}


@pytest.fixture
def tables() -> dict[str, pd.DataFrame]:
    return make_reconciled()


def row(df: pd.DataFrame, key: str, value: str) -> dict:
    """The one row of ``df`` whose ``key`` is ``value``, nulls as None."""
    match = df[df[key] == value]
    assert len(match) == 1, f"{value} in {key}: {len(match)} rows"
    return {k: (None if v is pd.NA or (not isinstance(v, str) and pd.isna(v)) else v)
            for k, v in match.iloc[0].to_dict().items()}


def mentions_of(tables, record_id: str) -> pd.DataFrame:
    m = tables["mentions"]
    return m[m["record_id"] == record_id]


def assert_tables_valid(tables) -> None:
    """What the blocking asset checks require: every table passes Pandera, every reference resolves."""
    for name in RECONCILED:
        result = validate_table(name, tables[name])
        assert result.passed, (name, result.failures_markdown())
    articles = to_frame("articles", [{"article_id": a, "source_file": f"{a}.txt", "language": "en", "word_count": 1}
                                     for a in (A1, A2, A3)])
    failures = foreign_key_failures({**tables, "articles": articles})
    assert failures.empty, failures


def assert_unchanged(before, after) -> None:
    for name in RECONCILED:
        pd.testing.assert_frame_equal(before[name], after[name], check_dtype=False)


# ---------------------------------------------------------------- merge


def test_merge_makes_one_record_with_every_source_and_repoints_what_referred_to_the_others(tables):
    result = apply_curation(tables, {"merge": [
        {"records": ["inc-a", "inc-b"], "reason": "same death, two spellings"},
        {"records": ["per-a", "per-b"], "reason": "same man"},
        {"records": ["st-a", "st-b"], "reason": "same words"},
    ]})
    out = result.tables
    assert [e.applied for e in result.log] == [True, True, True], result.log

    # the first id survives with its fields; a field it lacked comes from the other record
    assert "inc-b" not in set(out["incidents"]["incident_id"])
    inc = row(out["incidents"], "incident_id", "inc-a")
    assert (inc["date"], inc["date_precision"], inc["cause"]) == ("2024-03-01", "month", "shelling")
    assert (inc["num_sources"], inc["source_ids"]) == (3, f"{A1};{A2};{A3}")

    # provenance: the other record's mention now supports the survivor and says so
    moved = mentions_of(out, "inc-a")
    assert sorted(moved["article_id"]) == [A1, A2, A3]
    assert row(moved, "article_id", A3)["extractor"] == "death.named +curation:merge"
    assert set(moved[moved["article_id"] != A3]["extractor"]) == {"death.named"}
    assert mentions_of(out, "inc-b").empty and out["mentions"]["mention_id"].is_unique

    # people: the other spelling is an alias, references follow the survivor's canonical name
    assert row(out["people"], "person_id", "per-a")["aliases"] == "A. Vasan;Arun Vassan"
    assert row(out["people"], "person_id", "per-a")["nationality"] == "Indian"
    assert set(out["people"]["person_id"]) == {"per-a", "per-o"}
    assert sorted(mentions_of(out, "per-a")["article_id"]) == [A1, A2, A3]
    assert (inc["person_id"], inc["person_name"]) == ("per-a", "Arun Vasan")

    # statements: the figure asserted by the merged-away statement points to the survivor
    assert row(out["figures"], "figure_id", "fig-b")["statement_id"] == "st-a"
    assert row(out["statements"], "statement_id", "st-a")["num_sources"] == 3

    # discrepancies: the other record's are re-pointed; the disagreements of the merge are listed
    dis = out["discrepancies"]
    assert row(dis, "discrepancy_id", "dis-b-age")["record_id"] == "per-a"
    age = dis[(dis["record_id"] == "per-a") & (dis["field"] == "age") & (dis["discrepancy_id"] != "dis-b-age")]
    assert len(age) == 1 and "30 (" in age.iloc[0]["values"] and "31 (" in age.iloc[0]["values"]
    assert age.iloc[0]["resolution"].startswith("kept 30: value of the surviving record per-a")
    assert "same man" in age.iloc[0]["resolution"]
    assert_tables_valid(out)


def test_merge_keeps_one_mention_when_both_records_were_read_from_the_same_sentence(tables):
    extra = to_frame("mentions", [_mention("men-99", "incident", "inc-b", A1, 100, "death.other")])
    tables["mentions"] = sort_canonical("mentions", pd.concat([tables["mentions"], extra], ignore_index=True))
    out = apply_curation(tables, {"merge": [{"records": ["inc-a", "inc-b"], "reason": "same"}]}).tables
    same_sentence = mentions_of(out, "inc-a")
    assert sorted(same_sentence["article_id"]) == [A1, A2, A3], "one mention per sentence, not two"
    assert row(out["incidents"], "incident_id", "inc-a")["num_sources"] == 3


def test_merge_of_records_of_different_tables_is_logged_and_changes_nothing(tables):
    result = apply_curation(tables, {"merge": [{"records": ["inc-a", "st-b"], "reason": "oops"}]})
    (entry,) = result.log
    assert not entry.applied and "record types differ" in entry.outcome
    assert entry.records == ("inc-a", "st-b") and entry.reason == "oops"
    assert_unchanged(tables, result.tables)


# ---------------------------------------------------------------- split


def test_split_moves_the_listed_articles_to_a_new_stable_record(tables):
    curation = {"split": [{"record": "st-a", "articles": [A2], "reason": "another briefing"}]}
    result = apply_curation(tables, curation)
    out = result.tables
    assert result.log[0].applied, result.log[0]

    new_id = "st-" + hashlib.sha256("\x1f".join(["st-a", A2]).encode()).hexdigest()[:12]
    assert new_id in result.log[0].outcome
    original, new = row(out["statements"], "statement_id", "st-a"), row(out["statements"], "statement_id", new_id)
    assert (original["num_sources"], original["source_ids"]) == (1, A1)
    assert (new["num_sources"], new["source_ids"]) == (1, A2)
    assert new["text"] == original["text"] and new["speaker_person_id"] == "per-o"
    assert list(mentions_of(out, new_id)["extractor"]) == ["quote.attr_after +curation:split"]
    assert list(mentions_of(out, "st-a")["article_id"]) == [A1]
    assert row(out["figures"], "figure_id", "fig-a")["statement_id"] == "st-a", "references stay with the original"
    assert_tables_valid(out)

    again = apply_curation(make_reconciled(), curation).tables
    assert new_id in set(again["statements"]["statement_id"]), "the same entry gives the same id"


@pytest.mark.parametrize("articles, why", [
    ([A1, A2], "every article"),
    ([A3], "has no mention"),
    ("art-000000000002", "list of ids"),
])
def test_split_that_would_empty_the_record_or_names_a_foreign_article_is_not_applied(tables, articles, why):
    result = apply_curation(tables, {"split": [{"record": "st-a", "articles": articles, "reason": "r"}]})
    assert not result.log[0].applied and why in result.log[0].outcome
    assert_unchanged(tables, result.tables)


# ---------------------------------------------------------------- override


def test_override_wins_and_the_machine_value_stays_in_discrepancies(tables):
    result = apply_curation(tables, {"override": [
        {"record": "fig-a", "field": "value", "value": 30, "reason": "the text says thirty"},
        {"record": "inc-b", "field": "cause", "value": None, "reason": "cause not in the article"},
        {"record": "st-b", "field": "date", "value": pd.Timestamp("2024-06-11").date(), "reason": "briefing date"},
        {"record": "per-b", "field": "age", "value": 32, "reason": "age at death"},
        {"record": "inc-a", "field": "date", "value": None, "reason": "the month is not in the article"},
    ]})
    out = result.tables
    assert all(e.applied for e in result.log), result.log
    assert row(out["figures"], "figure_id", "fig-a")["value"] == 30
    assert row(out["incidents"], "incident_id", "inc-b")["cause"] is None
    # a date set by the editor is a day; a cleared date has no precision
    st_b = row(out["statements"], "statement_id", "st-b")
    assert (st_b["date"], st_b["date_precision"]) == ("2024-06-11", "day")
    inc_a = row(out["incidents"], "incident_id", "inc-a")
    assert (inc_a["date"], inc_a["date_precision"]) == (None, "unknown")

    dis = out["discrepancies"]
    value = row(dis[dis["record_id"] == "fig-a"], "field", "value")
    assert value["record_type"] == "figure"
    assert value["values"] == f"3 (reconciled from {A1}); 30 (curation.yaml)"
    assert value["resolution"] == "kept 30: editor override in curation.yaml (the text says thirty)"
    # a field the sources already disagreed on: one row, now resolved by the editor
    age = row(dis[dis["record_id"] == "per-b"], "field", "age")
    assert age["discrepancy_id"] == "dis-b-age" and age["values"].endswith("; 32 (curation.yaml)")
    assert age["resolution"].startswith("kept 32: editor override")
    assert_tables_valid(out)


def test_override_of_a_reference_or_a_name_keeps_the_copies_in_step(tables):
    result = apply_curation(tables, {"override": [
        {"record": "inc-c", "field": "person_id", "value": "per-b", "reason": "he was among them"},
        {"record": "per-a", "field": "name", "value": "A. Vasan", "reason": "spelling of the family"},
    ]})
    out = result.tables
    assert all(e.applied for e in result.log), result.log
    assert row(out["incidents"], "incident_id", "inc-c")["person_name"] == "Arun Vassan"
    person = row(out["people"], "person_id", "per-a")
    assert (person["name"], person["aliases"]) == ("A. Vasan", "Arun Vasan")
    assert row(out["incidents"], "incident_id", "inc-a")["person_name"] == "A. Vasan"
    assert_tables_valid(out)


@pytest.mark.parametrize("entry, why", [
    ({"record": "inc-zzz", "field": "cause", "value": "x"}, "unknown record id inc-zzz"),
    ({"record": "inc-a", "field": "colour", "value": "x"}, "unknown field colour"),
    ({"record": "inc-a", "field": "num_sources", "value": 5}, "cannot be overridden"),
    ({"record": "inc-a", "field": "incident_id", "value": "inc-new"}, "cannot be overridden"),
    ({"record": "inc-a", "field": "person_name", "value": "Someone"}, "cannot be overridden"),
    ({"record": "inc-a", "field": "type", "value": "explosion"}, "not a type"),
    ({"record": "inc-a", "field": "count", "value": 0}, "at least 1"),
    ({"record": "inc-a", "field": "count", "value": "two"}, "whole number"),
    ({"record": "inc-a", "field": "description", "value": None}, "required"),
    ({"record": "inc-a", "field": "date", "value": "March 2024"}, "YYYY-MM-DD"),
    ({"record": "inc-a", "field": "nationality", "value": False}, "quotes"),
    ({"record": "inc-a", "field": "person_id", "value": "per-zzz"}, "not a person"),
    ({"record": "inc-a", "field": "cause"}, "missing key(s) value"),
])
def test_override_that_does_not_fit_is_logged_not_applied(tables, entry, why):
    result = apply_curation(tables, {"override": [{**entry, "reason": "editor note"}]})
    (logged,) = result.log
    assert not logged.applied and why in logged.outcome, logged.outcome
    assert logged.reason == "editor note"
    assert_unchanged(tables, result.tables)


def test_a_second_override_of_the_same_field_is_refused(tables):
    result = apply_curation(tables, {"override": [
        {"record": "fig-a", "field": "value", "value": 30, "reason": "first"},
        {"record": "fig-a", "field": "value", "value": 31, "reason": "second"},
    ]})
    assert [e.applied for e in result.log] == [True, False]
    assert "override #1" in result.log[1].outcome
    assert row(result.tables["figures"], "figure_id", "fig-a")["value"] == 30


# ---------------------------------------------------------------- reject


def test_reject_drops_the_record_with_its_mentions_and_clears_references(tables):
    result = apply_curation(tables, {"reject": [
        {"record": "st-a", "reason": "not a statement"},
        {"record": "per-a", "reason": "not a person"},
        {"record": "per-b", "reason": "not a person either"},
    ]})
    out = result.tables
    assert all(e.applied for e in result.log), result.log
    assert "st-a" not in set(out["statements"]["statement_id"]) and mentions_of(out, "st-a").empty
    assert row(out["figures"], "figure_id", "fig-a")["statement_id"] is None
    inc = row(out["incidents"], "incident_id", "inc-a")
    assert (inc["person_id"], inc["person_name"]) == (None, None), "the incident stays, without the person"
    assert set(out["people"]["person_id"]) == {"per-o"}
    assert "dis-b-age" not in set(out["discrepancies"]["discrepancy_id"])
    assert_tables_valid(out)


def test_entries_see_what_earlier_ones_did(tables):
    result = apply_curation(tables, {
        "reject": [{"record": "inc-b", "reason": "gone already"}],
        "merge": [{"records": ["inc-a", "inc-b"], "reason": "same"}],
    })
    merge, reject = result.log
    assert merge.applied and merge.operation == "merge", "merges run before rejections, whatever the file order"
    assert not reject.applied and reject.outcome == "inc-b no longer exists: merged into inc-a by merge #1"


# ---------------------------------------------------------------- bad files, determinism


def test_bad_entries_are_logged_one_by_one_and_never_crash(tables):
    curation = {
        "merge": [
            "inc-a, inc-b",
            {"records": ["inc-a"], "reason": "r"},
            {"records": "inc-a inc-b", "reason": "r"},
            {"records": ["inc-a", "inc-b"]},
            {"records": ["inc-a", "inc-b"], "reason": "   "},
            {"records": ["inc-a", "inc-a"], "reason": "r"},
        ],
        "split": {"record": "st-a"},
        "override": [{"record": ["inc-a"], "field": "cause", "value": "x", "reason": "r"}],
        "reject": [{"record": "inc-a", "reason": "r", "why": "typo key"}, None],
        "rejects": [{"record": "inc-a", "reason": "r"}],
    }
    result = apply_curation(tables, curation)
    assert len(result.log) == 11 and not any(e.applied for e in result.log)
    outcomes = [e.outcome for e in result.log]
    assert "unknown section 'rejects'" in outcomes[0]
    assert "at least two records" in outcomes[2]
    assert "missing key(s) reason" in outcomes[4] and "no reason given" in outcomes[5]
    assert "listed more than once" in outcomes[6]
    assert "must be a list of entries" in outcomes[7]
    assert "unknown key(s) why" in outcomes[9]
    assert_unchanged(tables, result.tables)


def test_an_entry_that_fails_halfway_leaves_no_partial_change(tables, monkeypatch):
    import pipeline.curation

    def broken(self, kind, record_id):
        raise RuntimeError("disk on fire")

    # fails after the mentions were moved: the merge must be undone as a whole
    monkeypatch.setattr(pipeline.curation._State, "recount_sources", broken)
    result = apply_curation(tables, {
        "merge": [{"records": ["inc-a", "inc-b"], "reason": "r"}],
        "override": [{"record": "inc-c", "field": "cause", "value": "amnesty", "reason": "r"}],
    })
    merge, override = result.log
    assert not merge.applied and "RuntimeError: disk on fire" in merge.outcome
    assert override.applied, "later entries still apply"
    for name in ("people", "statements", "figures", "mentions"):
        pd.testing.assert_frame_equal(tables[name], result.tables[name], check_dtype=False)
    assert set(result.tables["incidents"]["incident_id"]) == {"inc-a", "inc-b", "inc-c"}


def test_the_same_curation_gives_identical_tables_and_log(tables):
    sections = {
        "override": [{"record": "fig-a", "field": "value", "value": 30, "reason": "r"}],
        "split": [{"record": "st-a", "articles": [A2], "reason": "r"}],
        "merge": [{"records": ["per-a", "per-b"], "reason": "r"}],
        "reject": [{"record": "inc-c", "reason": "r"}],
    }
    first = apply_curation(tables, sections)
    reordered = apply_curation(make_reconciled(), dict(reversed(list(sections.items()))))
    for name in RECONCILED:
        pd.testing.assert_frame_equal(first.tables[name], reordered.tables[name])
    assert first.log == reordered.log
    assert [e.operation for e in first.log] == ["merge", "split", "override", "reject"]


def test_no_curation_leaves_the_tables_as_reconciled(tables):
    result = apply_curation(tables, {})
    assert result.log == ()
    for name in RECONCILED:
        pd.testing.assert_frame_equal(tables[name], result.tables[name])


def test_load_curation_reads_empty_sections_and_refuses_a_file_that_is_not_a_mapping(tmp_path: Path):
    assert load_curation(tmp_path) == {}
    (tmp_path / "curation.yaml").write_text("# only comments\n", encoding="utf-8")
    assert load_curation(tmp_path) == {}
    (tmp_path / "curation.yaml").write_text("merge:\n#  - records: [a, b]\nreject:\n", encoding="utf-8")
    assert apply_curation(make_reconciled(), load_curation(tmp_path)).log == ()
    (tmp_path / "curation.yaml").write_text("merge: [records: [a\n", encoding="utf-8")
    with pytest.raises(CurationFileError, match="not readable YAML"):
        load_curation(tmp_path)
    (tmp_path / "curation.yaml").write_text("- reject: inc-a\n", encoding="utf-8")
    with pytest.raises(CurationFileError, match="must be a mapping"):
        load_curation(tmp_path)


# ---------------------------------------------------------------- the example file on the seeds build


def test_the_example_curation_file_applies_cleanly_to_the_seeds(repo_build):
    """Every active entry of ``seeds/curation.yaml`` is applied and its value is in the published tables."""
    curation = load_curation(repo_build.seeds)
    active = sum(len(entries or []) for entries in curation.values())
    assert active >= 1, "the example keeps at least one active entry, so dist/ shows curation"
    log = repo_build.metadata("curation_log")
    assert (log["entries"], log["applied"], log["not_applied"]) == (active, active, [])

    published = {}
    for entry in curation.get("override") or []:
        table = {"inc": "incidents", "st": "statements", "fig": "figures", "per": "people"}[entry["record"].split("-")[0]]
        if table not in published:
            published[table] = pd.read_csv(repo_build.dist / "data" / f"{table}.csv", dtype=str,
                                           keep_default_na=False)
        key = {"incidents": "incident_id", "statements": "statement_id", "figures": "figure_id",
               "people": "person_id"}[table]
        assert row(published[table], key, entry["record"])[entry["field"]] == str(entry["value"])
