"""The code location loads through Dagster's own command line, as ``dagster dev`` loads it.

``test_dagster_dev_serves_the_assets`` starts the real UI (about 10-15 s) and is
opt-in: ``WARFACTS_UI_SMOKE=1 python -m pytest -q tests/assets/test_dagster_cli.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
REPO_SEEDS = REPO_ROOT / "seeds"


def dagster_env(home) -> dict[str, str]:
    # A DAGSTER_HOME of our own: without one Dagster creates a temporary home in the cwd.
    return {**os.environ, "DAGSTER_HOME": str(home)}


def test_dagster_definitions_validate_from_the_repo_root(tmp_path):
    out = subprocess.run(
        ["dagster", "definitions", "validate"], cwd=REPO_ROOT, env=dagster_env(tmp_path),
        capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert "Validation successful for code location warfacts" in out.stderr + out.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post_graphql(port: int, query: str) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql", data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


@pytest.mark.skipif(os.environ.get("WARFACTS_UI_SMOKE") != "1", reason="UI smoke test: set WARFACTS_UI_SMOKE=1")
def test_dagster_dev_serves_the_assets(tmp_path):
    # A copy of the repo root, so that the seeds sensor (running by default) builds into tmp_path.
    shutil.copy(REPO_ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(REPO_SEEDS, tmp_path / "seeds")
    home = tmp_path / ".dagster"
    home.mkdir()
    shutil.copy(REPO_ROOT / "dagster.yaml", home)
    port = free_port()
    process = subprocess.Popen(
        ["dagster", "dev", "-p", str(port)], cwd=tmp_path, env=dagster_env(home),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=2)
                break
            except OSError:
                assert process.poll() is None, "dagster dev exited"
                assert time.monotonic() < deadline, "dagster dev not ready after 60 s"
                time.sleep(0.5)
        nodes = post_graphql(port, "{ assetNodes { assetKey { path } groupName } }")["data"]["assetNodes"]
        groups = {n["assetKey"]["path"][-1]: n["groupName"] for n in nodes}
        assert groups["articles"] == "ingest" and groups["data_package"] == "publish"
        assert groups["curation_log"] == "reconcile"
        assert len(groups) == 16
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
