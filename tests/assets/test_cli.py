"""The ``warfacts`` command line: build (exit codes, defaults) and validate."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

from pipeline.cli import main


def test_console_script_points_at_the_cli():
    scripts = {ep.name: ep.value for ep in importlib.metadata.entry_points(group="console_scripts")}
    assert scripts.get("warfacts") == "pipeline.cli:main"


def test_help_lists_the_build_options_without_loading_dagster():
    code = (
        "import sys; from pipeline.cli import build_parser; "
        "build_parser().parse_args(['build', '--seeds', 's', '--dist', 'd', '--db', 'x.duckdb']); "
        "print('dagster' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    help_text = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "build", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for option in ("--seeds", "--dist", "--db"):
        assert option in help_text


def test_build_with_defaults_exits_0_and_publishes(seeds_copy, monkeypatch, capsys):
    monkeypatch.chdir(seeds_copy.parent)
    assert main(["build"]) == 0
    out = capsys.readouterr().out
    root = seeds_copy.parent
    assert (root / "dist" / "datapackage.json").is_file()
    assert (root / ".warfacts" / "warfacts.duckdb").is_file()
    assert any((root / ".warfacts" / "cache").glob("*.json")), "cache next to the DuckDB file"
    assert f"published: {root / 'dist' / 'datapackage.json'}" in out
    assert "articles: 2" in out


def test_build_exits_non_zero_when_the_package_is_not_published(seeds_copy, tmp_path, monkeypatch, capsys):
    import pipeline.publish

    def broken_publish(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pipeline.publish, "publish_package", broken_publish)
    code = main(["build", "--seeds", str(seeds_copy), "--dist", str(tmp_path / "dist"),
                 "--db", str(tmp_path / "w.duckdb")])
    out = capsys.readouterr().out
    assert code != 0
    assert "NOT published" in out and "disk full" in out
    assert not (tmp_path / "dist").exists()


def test_build_refuses_a_missing_seeds_folder(tmp_path, capsys):
    code = main(["build", "--seeds", str(tmp_path / "typo"), "--dist", str(tmp_path / "dist")])
    assert code == 2
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "dist").exists()


def test_validate_command(repo_build, tmp_path, capsys):
    assert main(["validate", "--dist", str(repo_build.dist)]) == 0
    assert "valid" in capsys.readouterr().out
    assert main(["validate", "--dist", str(tmp_path / "nothing-here")]) != 0


def test_the_graph_itself_refuses_a_missing_seeds_folder(tmp_path):
    """The UI path (no CLI guard): the ingest step fails instead of publishing an empty dataset."""
    from pipeline.cli import run_build

    summary, _ = run_build(tmp_path / "typo", tmp_path / "dist", tmp_path / "w.duckdb")
    assert not summary.published and not summary.success
    assert any(step.startswith("ingest_seeds") and "does not exist" in step for step in summary.failed_steps)
    assert not (tmp_path / "dist").exists()
