"""warfacts: domain logic (ingest, extract, reconcile, publish) as plain functions, the codebook,
the CLI, and the Dagster wiring (``definitions``, ``resources``, ``sensors``, ``schedules``).

Only ``definitions``, ``resources``, ``jobs``, ``sensors`` and ``schedules`` import Dagster; the
domain modules stay Dagster-free so they can be tested and reused directly.
"""
