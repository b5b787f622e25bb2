"""The seeds sensor requests one run per change of the seeds folder, none otherwise."""

from __future__ import annotations

import json

from dagster import RunRequest, SensorResult, SkipReason, build_sensor_context

from pipeline.resources import WarfactsPaths
from pipeline.sensors import seeds_sensor, seeds_state


def tick(seeds, cursor):
    """One evaluation of the sensor: (run requests, new cursor)."""
    context = build_sensor_context(cursor=cursor, resources={"paths": WarfactsPaths(seeds_dir=str(seeds))})
    outcome = seeds_sensor(context)
    if isinstance(outcome, SkipReason):
        return [], cursor
    assert isinstance(outcome, SensorResult)
    requests = [r for r in outcome.run_requests if isinstance(r, RunRequest)]
    return requests, outcome.cursor


def test_sensor_requests_one_run_per_change_and_none_without(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("first article", encoding="utf-8")

    requests, cursor = tick(seeds, None)
    assert len(requests) == 1, "first scan builds the folder as it is"
    assert json.loads(cursor) == seeds_state(seeds)
    first_key = requests[0].run_key

    assert tick(seeds, cursor) == ([], cursor), "nothing changed: no run"

    (seeds / "b.md").write_text("a new article", encoding="utf-8")
    requests, cursor = tick(seeds, cursor)
    assert len(requests) == 1, "a new file: one run"
    assert set(json.loads(cursor)) == {"a.txt", "b.md"}
    added_key = requests[0].run_key

    assert tick(seeds, cursor)[0] == []

    (seeds / "b.md").write_text("the same article, corrected", encoding="utf-8")
    requests, cursor = tick(seeds, cursor)
    assert len(requests) == 1, "a changed file with the same name: one run"
    changed_key = requests[0].run_key

    (seeds / "b.md").unlink()
    requests, cursor = tick(seeds, cursor)
    assert len(requests) == 1, "a removed file: one run"
    removed_key = requests[0].run_key

    # Run keys name the folder state, so Dagster never skips a run for a real change;
    # back to the first state after other states is still a new key.
    assert len({first_key, added_key, changed_key, removed_key}) == 4
    assert all(r.job_name in (None, "build_all") for r in requests)


def test_sensor_watches_manifest_and_curation_but_not_hidden_files(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("article", encoding="utf-8")
    _, cursor = tick(seeds, None)

    (seeds / ".DS_Store").write_bytes(b"\x00\x01")
    assert tick(seeds, cursor)[0] == [], "hidden files are not inputs"

    (seeds / "curation.yaml").write_text("reject: []\n", encoding="utf-8")
    requests, cursor = tick(seeds, cursor)
    assert len(requests) == 1, "editing the curation file rebuilds"

    (seeds / "manifest.csv").write_text("file,url\na.txt,https://example.org/a\n", encoding="utf-8")
    assert len(tick(seeds, cursor)[0]) == 1, "editing the manifest rebuilds"


def test_sensor_skips_a_missing_folder_and_rebuilds_after_a_corrupt_cursor(tmp_path):
    missing = tmp_path / "does-not-exist"
    assert tick(missing, None) == ([], None), "a wrong path must not publish an empty dataset"

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("article", encoding="utf-8")
    requests, cursor = tick(seeds, "not json")
    assert len(requests) == 1 and json.loads(cursor) == seeds_state(seeds)
