"""Dagster schedules: a daily rebuild of the whole dataset."""

from dagster import DefaultScheduleStatus, ScheduleDefinition

from pipeline.jobs import build_all_job

daily_build_schedule = ScheduleDefinition(
    name="daily_build",
    job=build_all_job,
    cron_schedule="0 6 * * *",
    execution_timezone="UTC",
    # Off until an editor turns it on in the UI: the seeds sensor already rebuilds on every
    # change of seeds/; the daily run is for picking up code or codebook updates unattended.
    default_status=DefaultScheduleStatus.STOPPED,
    description="Rebuild everything every day at 06:00 UTC (unchanged articles come from the "
    "extraction cache, so an idle day costs little).",
)
