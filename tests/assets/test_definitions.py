"""The Dagster definitions load and contain the asset groups, checks, job, schedule and sensor."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from dagster import AssetKey, Definitions

from pipeline.definitions import defs
from schemas.tables import EXTRACTED_TABLES, PUBLISHED_TABLES

EXPECTED_GROUPS = {
    "ingest": {"articles", "quarantine"},
    "extract": {
        "extracted_statements", "extracted_incidents", "extracted_figures", "extracted_people",
        "rejected_records",
    },
    "reconcile": {
        "people", "incidents", "statements", "figures", "mentions", "discrepancies", "curation_log", "warehouse",
    },
    "publish": {"data_package"},
}


@pytest.fixture(scope="module")
def asset_graph():
    return defs.resolve_asset_graph()


def test_definitions_are_loadable():
    Definitions.validate_loadable(defs)


def test_assets_are_grouped_by_layer(asset_graph):
    groups: dict[str, set[str]] = {}
    for key in asset_graph.get_all_asset_keys():
        groups.setdefault(asset_graph.get(key).group_name, set()).add(key.to_user_string())
    assert groups == EXPECTED_GROUPS


def test_every_table_asset_has_a_blocking_pandera_check_and_the_cross_checks_exist(asset_graph):
    checks = {(k.asset_key.to_user_string(), k.name) for k in asset_graph.asset_check_keys}
    table_assets = EXPECTED_GROUPS["ingest"] | EXPECTED_GROUPS["extract"] | (
        EXPECTED_GROUPS["reconcile"] - {"warehouse", "curation_log"}
    )
    for name in table_assets:
        assert (name, "pandera_schema") in checks, name
    assert ("mentions", "foreign_keys") in checks
    assert ("quarantine", "inputs_accounted_for") in checks
    assert ("data_package", "frictionless_valid") in checks
    for key in asset_graph.asset_check_keys:
        assert asset_graph.get_check_spec(key).blocking, key


def test_lineage_runs_ingest_extract_reconcile_warehouse_publish(asset_graph):
    def parents(name):
        return {k.to_user_string() for k in asset_graph.get(AssetKey(name)).parent_keys}

    assert parents("extracted_statements") == {"articles"}
    assert {"articles", "extracted_people"} <= parents("people")
    assert "mentions" in parents("warehouse") and "quarantine" in parents("warehouse")
    assert {"warehouse", "rejected_records", "quarantine", "figures", "curation_log"} <= parents("data_package")


def test_only_the_warehouse_uses_the_duckdb_pool():
    job = defs.resolve_implicit_global_asset_job_def()
    pools = {node.name: node.definition.pool for node in job.graph.node_dict.values()}
    assert pools["warehouse"] == "duckdb"
    assert [n for n, p in pools.items() if p == "duckdb"] == ["warehouse"]


def test_build_all_job_selects_every_asset_and_check(asset_graph):
    job = defs.resolve_job_def("build_all")
    assert set(job.asset_layer.asset_graph.get_all_asset_keys()) == set(asset_graph.get_all_asset_keys())
    assert set(job.asset_layer.asset_graph.asset_check_keys) == set(asset_graph.asset_check_keys)


def test_daily_schedule_and_seeds_sensor_target_build_all():
    schedule = defs.resolve_schedule_def("daily_build")
    assert schedule.cron_schedule == "0 6 * * *"
    assert schedule.execution_timezone == "UTC"
    assert schedule.job_name == "build_all"
    sensor = defs.resolve_sensor_def("seeds_sensor")
    assert sensor.job_name == "build_all"


def test_table_name_lists_agree_with_the_domain_modules():
    import assets.extract
    import assets.reconcile
    import pipeline.assembly
    import pipeline.extract
    import pipeline.reconcile

    assert set(assets.extract.EXTRACTED_TABLE_NAMES) == set(pipeline.extract.EXTRACTED_TABLE_NAMES)
    assert set(assets.extract.EXTRACTED_TABLE_NAMES) == {t.name for t in EXTRACTED_TABLES}
    assert set(assets.reconcile.RECONCILED_TABLE_NAMES) == set(pipeline.reconcile.RECONCILED_TABLE_NAMES)
    assert set(pipeline.assembly.RECONCILED_TABLE_NAMES) == set(pipeline.reconcile.RECONCILED_TABLE_NAMES)
    published = {t.name for t in PUBLISHED_TABLES}
    assert set(assets.reconcile.RECONCILED_TABLE_NAMES) | {"articles", "quarantine"} == published


def test_loading_the_definitions_does_not_import_the_domain_logic():
    """``dagster dev`` re-imports the definitions about every minute: they must stay cheap."""
    heavy = ["pipeline.ingest", "pipeline.extract", "pipeline.reconcile", "pipeline.publish",
             "pipeline.store", "pipeline.validate", "frictionless", "pandera", "trafilatura"]
    code = (
        "import sys, json; import pipeline.definitions; "
        f"print(json.dumps([m for m in {heavy!r} if m in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_paths_resource_defaults_are_relative_to_the_working_directory(tmp_path, monkeypatch):
    from pipeline.resources import WarfactsPaths

    monkeypatch.chdir(tmp_path)
    paths = WarfactsPaths()
    assert paths.seeds == tmp_path / "seeds"
    assert paths.dist == tmp_path / "dist"
    assert paths.db == tmp_path / ".warfacts" / "warfacts.duckdb"
    assert paths.cache == tmp_path / ".warfacts" / "cache"
    assert WarfactsPaths(cache_dir="elsewhere").cache == tmp_path / "elsewhere"
