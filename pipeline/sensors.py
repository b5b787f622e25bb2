"""Dagster sensors: rebuild when the content of ``seeds/`` changes.

The sensor hashes every file of the seeds folder (articles, ``manifest.csv``,
``curation.yaml``; hidden files excluded) and keeps ``{relative path: sha256}`` as
its cursor. When a file was added, changed or removed it requests ONE run of the
``build_all`` job for the whole folder (extraction is incremental, so unchanged
articles cost little). The folder is scanned only inside the sensor function:
``dagster dev`` re-imports this module about every minute.
"""

import hashlib
import json
from pathlib import Path

from dagster import (
    DefaultSensorStatus,
    RunRequest,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    sensor,
)

from pipeline.jobs import build_all_job
from pipeline.resources import WarfactsPaths

SENSOR_INTERVAL_SECONDS = 30


def seeds_state(seeds_dir: Path) -> dict[str, str]:
    """``{path relative to seeds_dir (posix): sha256 of the bytes}`` of every non-hidden file."""
    seeds_dir = Path(seeds_dir)
    if not seeds_dir.is_dir():
        return {}
    state = {}
    for path in sorted(seeds_dir.rglob("*")):
        relative = path.relative_to(seeds_dir)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        state[relative.as_posix()] = digest.hexdigest()
    return state


def encode_state(state: dict[str, str]) -> str:
    """The cursor string of a folder state (canonical JSON)."""
    return json.dumps(state, sort_keys=True, separators=(",", ":"))


def decode_state(cursor: str | None) -> dict[str, str] | None:
    """The folder state stored in a cursor (None for no cursor or an unreadable one)."""
    if not cursor:
        return None
    try:
        state = json.loads(cursor)
    except ValueError:
        return None
    return state if isinstance(state, dict) else None


def state_hash(state: dict[str, str]) -> str:
    """A short hash of a folder state."""
    return hashlib.sha256(encode_state(state).encode()).hexdigest()[:16]


def describe_changes(previous: dict[str, str], current: dict[str, str]) -> dict[str, list[str]]:
    """Files added, changed and removed between two folder states."""
    return {
        "added": sorted(set(current) - set(previous)),
        "changed": sorted(f for f in set(current) & set(previous) if current[f] != previous[f]),
        "removed": sorted(set(previous) - set(current)),
    }


@sensor(
    name="seeds_sensor",
    job=build_all_job,
    minimum_interval_seconds=SENSOR_INTERVAL_SECONDS,
    default_status=DefaultSensorStatus.RUNNING,
    description="Requests one build_all run when files in seeds/ are added, changed or removed.",
)
def seeds_sensor(context: SensorEvaluationContext, paths: WarfactsPaths):
    """Compare the seeds folder with the cursor; request one run of the whole job on any change.

    The run key names the transition (hash of the previous and of the new folder
    state): a file name alone would skip a changed file, and the new state alone
    would skip a revert to an earlier state (A → B → A).
    """
    if not paths.seeds.is_dir():
        # A misconfigured path must not trigger a build that would publish an empty dataset.
        return SkipReason(f"seeds folder {paths.seeds} does not exist")
    previous = decode_state(context.cursor)
    current = seeds_state(paths.seeds)
    if current == previous:
        return SkipReason(f"no change in {paths.seeds} ({len(current)} files)")
    previous = previous or {}
    changes = describe_changes(previous, current)
    summary = ", ".join(f"{len(v)} {k}" for k, v in changes.items() if v) or "first scan"
    context.log.info(f"seeds changed: {summary}")
    new_hash = state_hash(current)
    return SensorResult(
        run_requests=[
            RunRequest(
                run_key=f"seeds-{new_hash}-after-{state_hash(previous)}",
                tags={"warfacts/seeds_state": new_hash, "warfacts/trigger": "seeds_sensor"},
            )
        ],
        cursor=encode_state(current),
    )
