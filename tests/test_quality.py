"""Extraction quality regression: build the dev corpus and score it with the shared evaluation.

The scorer (``shared/eval/score.py``) and the dev corpus (``shared/corpus/dev``) live
next to the repository, not in it (the workspace layout: ``../shared``). When they are
absent the tests skip, unless ``WARFACTS_REQUIRE_EVAL=1`` (set by ``.ci/run``) makes
their absence a failure, so CI can never pass without scoring.

Raise the floors below when a change lifts the scores; lowering one needs a reason in
the commit message.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

from pipeline.cli import run_build

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("WARFACTS_SHARED", REPO_ROOT.parent / "shared"))
DEV = SHARED / "corpus" / "dev"
SCORER = SHARED / "eval" / "score.py"
SEED_GOLD = SHARED / "eval" / "gold" / "seeds"

# Macro F1 reached on the dev corpus, and the tolerance the issue allows below it.
DEV_MACRO_F1_REACHED = 0.966
TOLERANCE = 0.02
# Reconciliation accuracy reached on the dev corpus (issue 4 asks for 0.9; see its notes
# for the entities no principled rule reaches), with the same tolerance.
DEV_RECONCILIATION_REACHED = 0.88
# Issue 3's targets, per table and for speaker attribution, on the dev corpus.
TABLE_F1_TARGET = 0.85
SPEAKER_TARGET = 0.92
SEEDS_MACRO_F1_TARGET = 0.9


def _scorer():
    if not (SCORER.is_file() and DEV.is_dir()):
        message = f"the shared evaluation is not at {SHARED} (set WARFACTS_SHARED)"
        if os.environ.get("WARFACTS_REQUIRE_EVAL") == "1":
            pytest.fail(message)
        pytest.skip(message)
    spec = importlib.util.spec_from_file_location("warfacts_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def dev_scores(tmp_path_factory):
    scorer = _scorer()
    out = tmp_path_factory.mktemp("dev")
    seeds = shutil.copytree(DEV / "articles", out / "articles")
    summary, _ = run_build(seeds, out / "dist", out / "warfacts.duckdb", out / "cache")
    assert summary.success, summary.failed_steps
    return scorer.score(out / "dist" / "datapackage.json", DEV / "gold")


def test_dev_corpus_macro_f1_holds_the_level_reached(dev_scores):
    assert dev_scores["macro_f1"] >= DEV_MACRO_F1_REACHED - TOLERANCE, dev_scores["tables"]


def test_dev_corpus_reconciliation_holds_the_level_reached(dev_scores):
    assert dev_scores["reconciliation_accuracy"] >= DEV_RECONCILIATION_REACHED - TOLERANCE, \
        dev_scores["reconciliation"]


@pytest.mark.parametrize("table", ["statements", "incidents", "figures"])
def test_dev_corpus_table_f1_meets_the_target(dev_scores, table):
    assert dev_scores["tables"][table]["f1"] >= TABLE_F1_TARGET, dev_scores["tables"][table]


def test_dev_corpus_speakers_are_attributed(dev_scores):
    assert dev_scores["attributes"]["speaker attribution"]["accuracy"] >= SPEAKER_TARGET


def test_dev_corpus_bad_files_are_quarantined(dev_scores):
    assert dev_scores["attributes"]["quarantine"]["accuracy"] == 1.0, dev_scores["problems"]


def test_seeds_score(repo_build):
    scorer = _scorer()
    assert scorer.score(repo_build.dist / "datapackage.json", SEED_GOLD)["macro_f1"] >= SEEDS_MACRO_F1_TARGET
