"""Dagster asset and asset-check definitions of warfacts (thin: the logic lives in :mod:`pipeline`).

Layers, one asset group each: ``ingest`` → ``extract`` → ``reconcile`` (including
the DuckDB ``warehouse``) → ``publish``. Domain modules are imported inside the
asset bodies, not here: ``dagster dev`` re-imports the definitions about every
minute and they must load fast.
"""

from dagster import AssetsDefinition

from assets.checks import ALL_CHECKS
from assets.extract import extract_facts
from assets.ingest import ingest_seeds
from assets.publish import data_package
from assets.reconcile import reconcile_facts, warehouse

ALL_ASSETS: list[AssetsDefinition] = [ingest_seeds, extract_facts, reconcile_facts, warehouse, data_package]

__all__ = ["ALL_ASSETS", "ALL_CHECKS"]
