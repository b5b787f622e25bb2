"""End to end: seeds folder → in-process Dagster build → DuckDB warehouse + validated data package.

These tests run the whole asset graph (as ``warfacts build`` does) on temporary
copies of ``seeds/``; each build takes a few seconds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline.publish import validate_package
from pipeline.store import read_table
from schemas.tables import PUBLISHED_TABLES

PUBLISHED = [t.name for t in PUBLISHED_TABLES]
REPO_DIST = Path(__file__).resolve().parents[1] / "dist"

NEW_ARTICLE = """---
title: More Indians return home from Russian army
outlet: Test Wire
published: 2024-07-20
language: en
---
Four more Indian nationals who were serving with the Russian army have returned home, the
Ministry of External Affairs said on Saturday. The men, all from Punjab, had been recruited
with promises of jobs as helpers and were sent to the front line in Ukraine. "We are in touch
with the Russian side for the early discharge of the remaining Indians," the spokesperson said.
"""


def dist_files(dist: Path) -> dict[str, bytes]:
    """Every file below ``dist`` by relative path."""
    return {p.relative_to(dist).as_posix(): p.read_bytes() for p in sorted(dist.rglob("*")) if p.is_file()}


def published_table(dist: Path, name: str) -> pd.DataFrame:
    """A published CSV table, read through the package descriptor."""
    descriptor = json.loads((dist / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["name"]: r["path"] for r in descriptor["resources"]}
    return pd.read_csv(dist / paths[name], dtype=str, keep_default_na=False)


def check_evaluations(build) -> dict[str, bool]:
    return {
        f"{e.asset_key.to_user_string()}:{e.check_name}": e.passed
        for e in build.result.get_asset_check_evaluations()
    }


# ---------------------------------------------------------------- the repository's seeds


def test_build_publishes_a_valid_package_with_every_table(repo_build):
    assert repo_build.summary.success and repo_build.summary.published
    report = validate_package(repo_build.dist / "datapackage.json")
    assert report.valid, report.errors

    descriptor = json.loads((repo_build.dist / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    for name in PUBLISHED:
        for resource_name, suffix in ((name, ".csv"), (f"{name}_json", ".json")):
            assert resource_name in resources, resource_name
            assert resources[resource_name]["path"].endswith(suffix)
            assert (repo_build.dist / resources[resource_name]["path"]).is_file()
    assert (repo_build.dist / "README.md").is_file()
    assert list(repo_build.dist.glob("*.zip")), "the whole package as one zip"

    articles = published_table(repo_build.dist, "articles")
    assert sorted(articles["source_file"]) == sorted(
        p.name for p in repo_build.seeds.iterdir() if p.suffix in {".txt", ".md", ".html", ".json"}
    )


def test_the_warehouse_holds_the_published_tables(repo_build):
    for name in PUBLISHED:
        stored = read_table(repo_build.db, name)
        assert len(stored) == len(published_table(repo_build.dist, name)), name
        assert len(stored) == repo_build.summary.rows[name], name


def test_every_check_ran_and_passed(repo_build):
    from pipeline.definitions import defs

    expected = {
        f"{k.asset_key.to_user_string()}:{k.name}" for k in defs.resolve_asset_graph().asset_check_keys
    }
    evaluations = check_evaluations(repo_build)
    assert set(evaluations) == expected
    assert all(evaluations.values()), {k for k, ok in evaluations.items() if not ok}


def test_committed_dist_equals_a_fresh_build_of_the_seeds(repo_build):
    if not (REPO_DIST / "datapackage.json").exists():
        pytest.skip("dist/datapackage.json is not committed yet: run `warfacts build` and commit dist/")
    committed, fresh = dist_files(REPO_DIST), dist_files(repo_build.dist)
    assert sorted(committed) == sorted(fresh), "same files in dist/ as a fresh build"
    differing = sorted(name for name in committed if committed[name] != fresh[name])
    assert not differing, f"dist/ is stale (rebuild with `warfacts build`): {differing}"


# ---------------------------------------------------------------- reproducibility and increments


def test_two_builds_give_byte_identical_packages(repo_build, tmp_path, build, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    # Same seeds, same (now warm) cache: also shows that cached and fresh extraction agree.
    second = build(repo_build.seeds, tmp_path, cache=repo_build.cache)
    assert second.summary.published
    assert second.metadata("extracted_statements")["articles_reused"] == repo_build.summary.articles
    first_files, second_files = dist_files(repo_build.dist), dist_files(second.dist)
    assert sorted(first_files) == sorted(second_files)
    assert [n for n in first_files if first_files[n] != second_files[n]] == []


def test_adding_an_article_extracts_only_that_article(seeds_copy, tmp_path, build):
    first = build(seeds_copy, tmp_path / "one")
    existing = first.summary.articles
    assert first.metadata("extracted_statements")["articles_extracted"] == existing

    (seeds_copy / "002_new_article.md").write_text(NEW_ARTICLE, encoding="utf-8")
    second = build(seeds_copy, tmp_path / "two", cache=first.cache)
    extract = second.metadata("extracted_statements")
    assert extract["articles_extracted"] == 1
    assert extract["articles_reused"] == existing
    assert extract["extracted_files"] == ["002_new_article.md"]
    assert second.summary.articles == existing + 1
    assert "002_new_article.md" in set(published_table(second.dist, "articles")["source_file"])


# ---------------------------------------------------------------- bad input is quarantined, never fatal


def test_bad_inputs_are_quarantined_and_the_good_articles_still_published(seeds_copy, tmp_path, build):
    good = sorted(p.name for p in seeds_copy.glob("*.txt"))
    (seeds_copy / "empty.txt").write_bytes(b"")
    (seeds_copy / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (seeds_copy / "hindi.txt").write_text(
        "रूसी सेना में भर्ती किए गए भारतीय नागरिकों के परिवारों ने सरकार से मदद की गुहार लगाई है। "
        "विदेश मंत्रालय ने कहा कि वह रूसी पक्ष के साथ लगातार संपर्क में है और सभी भारतीयों की "
        "जल्द रिहाई के लिए प्रयास कर रहा है। कई युवकों को नौकरी का झांसा देकर युद्ध क्षेत्र में भेजा गया।\n",
        encoding="utf-8",
    )
    (seeds_copy / "zz_duplicate.txt").write_bytes((seeds_copy / good[0]).read_bytes())
    (seeds_copy / "broken_front_matter.md").write_text(
        "---\ntitle: [unclosed\nurl: https://example.org/x\n---\n" + NEW_ARTICLE.split("---\n", 2)[2],
        encoding="utf-8",
    )

    result = build(seeds_copy, tmp_path)
    assert result.summary.published and result.summary.success, result.summary
    quarantine = published_table(result.dist, "quarantine")
    reasons = dict(zip(quarantine["source_file"], quarantine["reason"]))
    assert reasons["empty.txt"] == "empty"
    assert reasons["binary.txt"] in {"binary", "undecodable"}
    assert reasons["hindi.txt"] == "not_english"
    assert reasons["zz_duplicate.txt"] == "duplicate"
    assert reasons["broken_front_matter.md"] == "bad_front_matter"
    assert sorted(published_table(result.dist, "articles")["source_file"]) == good
    assert check_evaluations(result)["quarantine:inputs_accounted_for"]


def test_invalid_extracted_records_are_quarantined_not_dropped(seeds_copy, tmp_path, build, monkeypatch):
    import pipeline.extract

    real_extract = pipeline.extract.extract_article

    def extract_with_a_bad_record(article):
        facts = real_extract(article)
        facts["extracted_incidents"] = list(facts.get("extracted_incidents", [])) + [{
            "fact_id": f"{article.article_id}-bogus", "article_id": article.article_id,
            "char_start": 0, "char_end": 10, "evidence": article.text[:10], "extractor": "test",
            "type": "parade", "date_precision": "unknown", "count": 0, "count_qualifier": "exact",
            "description": "Not a real incident.",
        }]
        return facts

    monkeypatch.setattr(pipeline.extract, "extract_article", extract_with_a_bad_record)
    result = build(seeds_copy, tmp_path)
    assert result.summary.published and result.summary.success
    quarantine = published_table(result.dist, "quarantine")
    rejected = quarantine[quarantine["reason"] == "invalid_record"]
    articles = published_table(result.dist, "articles")
    assert sorted(rejected["source_file"]) == sorted(articles["source_file"])
    for article_id in articles["article_id"]:
        assert rejected["detail"].str.contains(f"{article_id}-bogus").any()
    assert result.metadata("extracted_incidents")["rejected_rows"] == len(articles)
    assert not read_table(result.db, "extracted_incidents")["fact_id"].str.endswith("-bogus").any()


# ---------------------------------------------------------------- editor curation


def test_the_card_and_the_reconcile_metadata_show_the_curation_log(repo_build):
    import yaml

    curation = yaml.safe_load((repo_build.seeds / "curation.yaml").read_text(encoding="utf-8"))
    card = (repo_build.dist / "README.md").read_text(encoding="utf-8")
    section = card.split("## Curation", 1)[1].split("\n## ", 1)[0]
    metadata = repo_build.metadata("incidents")["curation"]
    for operation, entries in curation.items():
        for number, entry in enumerate(entries or [], start=1):
            line = next(x for x in section.splitlines() if x.startswith(f"| {operation} #{number} |"))
            assert entry["reason"] in line and "| yes |" in line, line
            assert f"{operation} #{number}" in metadata
    overrides = published_table(repo_build.dist, "discrepancies")
    assert overrides["resolution"].str.contains("editor override in curation.yaml").sum() == len(
        curation.get("override") or []
    )


def test_a_curation_entry_that_cannot_be_applied_is_reported_and_the_rest_published(seeds_copy, tmp_path, build):
    import yaml

    from pipeline.cli import format_summary

    path = seeds_copy / "curation.yaml"
    curation = yaml.safe_load(path.read_text(encoding="utf-8"))
    curation["reject"] = [{"record": "st-000000000000", "reason": "test: an id that does not exist"}]
    path.write_text(yaml.safe_dump(curation, sort_keys=False), encoding="utf-8")

    result = build(seeds_copy, tmp_path)
    assert result.summary.published and result.summary.success
    card = (result.dist / "README.md").read_text(encoding="utf-8")
    line = next(x for x in card.splitlines() if x.startswith("| reject #1 |"))
    assert "| **no** |" in line and "unknown record id st-000000000000" in line
    assert "| override #1 |" in card, "the entries that could be applied still are"
    assert "NOT APPLIED reject #1: unknown record id st-000000000000" in format_summary(result.summary)


def test_an_unreadable_curation_file_stops_the_build_and_publishes_nothing(seeds_copy, tmp_path, build):
    (seeds_copy / "curation.yaml").write_text("override:\n  - record: [inc-\n", encoding="utf-8")
    result = build(seeds_copy, tmp_path)
    assert not result.summary.published and not (tmp_path / "dist").exists()
    assert any("curation.yaml is not readable YAML" in step for step in result.summary.failed_steps)
