"""The Dagster code location of warfacts (``[tool.dagster] module_name``): wiring only, no logic.

``dagster dev`` from the repository root loads ``defs``. Everything runs in one
process (``in_process_executor``): the steps are small, so a process per step
would cost more than it saves, and the DuckDB file then has a single writer.
"""

from dagster import Definitions, in_process_executor

from assets import ALL_ASSETS, ALL_CHECKS
from pipeline.jobs import build_all_job
from pipeline.resources import WarfactsPaths
from pipeline.schedules import daily_build_schedule
from pipeline.sensors import seeds_sensor

defs = Definitions(
    assets=ALL_ASSETS,
    asset_checks=ALL_CHECKS,
    resources={"paths": WarfactsPaths()},
    jobs=[build_all_job],
    schedules=[daily_build_schedule],
    sensors=[seeds_sensor],
    executor=in_process_executor,
)
