"""Dagster jobs: ``build_all`` materialises the whole asset graph with its checks."""

from dagster import AssetSelection, define_asset_job

BUILD_ALL_JOB_NAME = "build_all"

build_all_job = define_asset_job(
    name=BUILD_ALL_JOB_NAME,
    selection=AssetSelection.all(),
    description="Ingest seeds/, extract (incrementally), reconcile, write the DuckDB warehouse and "
    "publish the data package to dist/, with every asset check.",
    tags={"warfacts/job": BUILD_ALL_JOB_NAME},
)
