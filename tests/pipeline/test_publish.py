"""pipeline.publish: a valid, reproducible Frictionless package, published atomically."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from frictionless import Package

from pipeline import publish as publish_mod
from pipeline.card import render_figures_chart
from pipeline.publish import PackageReport, PublishError, publish_package, validate_package
from schemas.frames import to_frame
from schemas.tables import PUBLISHED_TABLES

VERSION = "0.1.0"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def published(tmp_path_factory, make_tables):
    """One package built from the sample tables (shared by the read-only tests)."""
    dist = tmp_path_factory.mktemp("pub") / "dist"
    return publish_package(make_tables(), dist, version=VERSION, created="2024-03-09T00:00:00Z")


def test_package_validates_with_16_table_resources(published):
    report = validate_package(published)
    assert report.valid, report.errors
    meta = json.loads(published.read_text(encoding="utf-8"))
    names = [r["name"] for r in meta["resources"]]
    expected = [n for t in PUBLISHED_TABLES for n in (t.name, t.name + "_json")]
    assert names == expected and len(names) == 16
    assert all(r["type"] == "table" for r in meta["resources"])
    by_name = {r["name"]: r for r in meta["resources"]}
    assert by_name["incidents"]["path"] == "data/incidents.csv"
    assert by_name["incidents_json"]["path"] == "data/incidents.json"
    assert by_name["incidents_json"]["schema"]["fields"] == by_name["incidents"]["schema"]["fields"]
    assert by_name["incidents_json"]["schema"]["foreignKeys"][0]["reference"]["resource"] == "people_json"
    # per-field descriptions come from the schemas
    assert all(f.get("description") for r in meta["resources"] for f in r["schema"]["fields"])


def test_package_metadata(published):
    meta = json.loads(published.read_text(encoding="utf-8"))
    assert meta["name"] == "warfacts" and meta["version"] == VERSION
    assert meta["title"] and meta["description"] and meta["contributors"] and meta["keywords"]
    assert meta["licenses"][0]["name"] == "CC-BY-4.0"
    assert meta["created"] == "2024-03-09T00:00:00Z"
    assert [s["path"] for s in meta["sources"]] == ["https://example.org/b", "https://news.example.com/a"]
    assert meta["sources"][0]["title"] == "Two more Indians killed, says MEA"


def test_csv_and_json_rows_are_equal(published):
    package = Package(str(published))
    for table in PUBLISHED_TABLES:
        csv_rows = package.get_resource(table.name).read_rows()
        json_rows = package.get_resource(table.name + "_json").read_rows()
        assert len(csv_rows) > 0
        assert [r.to_dict() for r in csv_rows] == [r.to_dict() for r in json_rows], table.name


def test_json_files_are_arrays_of_complete_objects(published):
    root = published.parent
    figures = json.loads((root / "data/figures.json").read_text(encoding="utf-8"))
    columns = [f.name for f in next(t for t in PUBLISHED_TABLES if t.name == "figures").fields]
    assert [list(o) for o in figures] == [columns] * len(figures)
    assert [o["figure_id"] for o in figures] == ["fig-a", "fig-b", "fig-c"]  # primary-key order
    fig_b = figures[1]
    assert fig_b["value_high"] == 50 and isinstance(fig_b["value_high"], int)
    assert figures[0]["value_low"] is None and figures[0]["as_of"] == "2024-02-25"
    incidents = json.loads((root / "data/incidents.json").read_text(encoding="utf-8"))
    assert incidents[0]["source_ids"] == "art-000000000001;art-000000000002"
    csv_text = (root / "data/mentions.csv").read_bytes()
    assert b"\r\n" not in csv_text and csv_text.endswith(b"\n")


def test_card_chart_and_zip(published):
    root = published.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    for needle in ("![", "reported_figures.png", "## Coverage", "## Method", "## Caveats", "## How to load",
                   "CC-BY-4.0", "`incident_id`", "Stable id of the event."):
        assert needle in readme
    assert (root / "reported_figures.png").read_bytes().startswith(b"\x89PNG")
    with zipfile.ZipFile(root / "warfacts.zip") as zf:
        names = zf.namelist()
        assert names == sorted(names)
        assert {"datapackage.json", "README.md", "reported_figures.png", "data/incidents.json"} <= set(names)
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in zf.infolist())
        assert zf.read("datapackage.json") == published.read_bytes()


def test_frictionless_catches_bad_json_row(published, tmp_path):
    copy = tmp_path / "pkg"
    for rel, data in _snapshot(published.parent).items():
        (copy / rel).parent.mkdir(parents=True, exist_ok=True)
        (copy / rel).write_bytes(data)
    path = copy / "data" / "incidents.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    rows[0]["type"] = "exploded"
    path.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    report = validate_package(copy / "datapackage.json")
    assert not report.valid
    assert any(e.startswith("incidents_json: [constraint-error]") and "type" in e for e in report.errors), report.errors
    assert not any(e.startswith("incidents:") for e in report.errors)


def test_two_publishes_are_byte_identical(tmp_path, sample_tables, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    a = publish_package(sample_tables, tmp_path / "a", version=VERSION)
    shuffled = {k: v.iloc[::-1].reset_index(drop=True) for k, v in sample_tables.items()}  # input order irrelevant
    b = publish_package(shuffled, tmp_path / "b", version=VERSION)
    snap_a, snap_b = _snapshot(a.parent), _snapshot(b.parent)
    assert set(snap_a) >= {"warfacts.zip", "reported_figures.png", "README.md", "datapackage.json"}
    assert snap_a == snap_b
    # created from the data: latest articles.published
    assert json.loads(snap_a["datapackage.json"])["created"] == "2024-03-08T00:00:00Z"


def test_chart_renders_identically_including_empty_state(tmp_path, sample_tables):
    figures = sample_tables["figures"]
    for label, frame in (("full", figures), ("empty", to_frame("figures", []))):
        one = render_figures_chart(frame, tmp_path / f"{label}1.png").read_bytes()
        two = render_figures_chart(frame, tmp_path / f"{label}2.png").read_bytes()
        assert one == two and one.startswith(b"\x89PNG")
        assert b"Software" not in one
    assert (tmp_path / "full1.png").read_bytes() != (tmp_path / "empty1.png").read_bytes()


def test_source_date_epoch_is_respected(tmp_path, sample_tables, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    path = publish_package(sample_tables, tmp_path / "dist", version=VERSION)
    assert json.loads(path.read_text(encoding="utf-8"))["created"] == "2023-11-14T22:13:20Z"
    assert publish_mod.resolve_created("2025-01-01T00:00:00Z", None) == "2025-01-01T00:00:00Z"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert publish_mod.resolve_created(None, to_frame("articles", [])) == "1970-01-01T00:00:00Z"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ValueError):
        publish_mod.resolve_created(None, None)


def test_failed_publish_leaves_old_dist_untouched(tmp_path, sample_tables, monkeypatch):
    dist = tmp_path / "dist"
    publish_package(sample_tables, dist, version=VERSION)
    before = _snapshot(dist)

    monkeypatch.setattr(publish_mod, "validate_package", lambda path: PackageReport(False, ["boom"]))
    changed = dict(sample_tables, quarantine=to_frame("quarantine", []))
    with pytest.raises(PublishError):
        publish_package(changed, dist, version="9.9.9")

    assert _snapshot(dist) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]  # no temp folder left behind


def test_empty_tables_publish_valid_package(tmp_path, sample_tables):
    tables = dict(sample_tables, discrepancies=to_frame("discrepancies", []), quarantine=to_frame("quarantine", []))
    path = publish_package(tables, tmp_path / "dist", version=VERSION)
    assert validate_package(path).valid
    assert json.loads((path.parent / "data/quarantine.json").read_text(encoding="utf-8")) == []
    assert (path.parent / "data/quarantine.csv").read_text(encoding="utf-8") == "source_file,reason,detail\n"


def test_missing_table_is_an_error(tmp_path, sample_tables):
    tables = {k: v for k, v in sample_tables.items() if k != "figures"}
    with pytest.raises(ValueError, match="figures"):
        publish_package(tables, tmp_path / "dist", version=VERSION)
    assert not (tmp_path / "dist").exists()


def test_dangling_foreign_key_blocks_publishing(tmp_path, sample_tables):
    incidents = sample_tables["incidents"]
    incidents.loc[incidents["incident_id"] == "inc-a", "person_id"] = "per-nobody"
    with pytest.raises(PublishError) as info:
        publish_package(sample_tables, tmp_path / "dist", version=VERSION)
    assert any("foreign-key" in e for e in info.value.report.errors)
    assert not (tmp_path / "dist").exists() and list(tmp_path.iterdir()) == []
