"""Invalid extracted records go to quarantine (with source file and reason), valid ones downstream."""

from __future__ import annotations

from pipeline.extract import facts_to_frames
from pipeline.screening import INVALID_RECORD, screen_extracted


def incident(fact_id: str, article_id: str = "art-1", **overrides) -> dict:
    record = {
        "fact_id": fact_id, "article_id": article_id, "char_start": 0, "char_end": 20,
        "evidence": "Two Indians were killed.", "extractor": "test", "type": "death",
        "date_precision": "unknown", "count": 2, "count_qualifier": "exact",
        "description": "Two Indians were killed.",
    }
    record.update(overrides)
    return record


def test_invalid_rows_are_quarantined_with_table_fact_and_failing_check():
    frames = facts_to_frames([
        {"extracted_incidents": [incident("f-good"), incident("f-bad", count=0, type="parade")]},
    ])
    result = screen_extracted(frames, {"art-1": "000_article.txt"})

    assert list(result.valid["extracted_incidents"]["fact_id"]) == ["f-good"]
    assert result.rejected_counts["extracted_incidents"] == 1
    assert len(result.rejected) == 1
    row = result.rejected.iloc[0]
    assert row["source_file"] == "000_article.txt"
    assert row["reason"] == INVALID_RECORD
    assert "extracted_incidents" in row["detail"] and "f-bad" in row["detail"]
    assert "count" in row["detail"] and "type" in row["detail"]
    for name in ("extracted_statements", "extracted_figures", "extracted_people"):
        assert result.valid[name].empty and result.rejected_counts[name] == 0


def test_a_fully_valid_extraction_passes_unchanged():
    frames = facts_to_frames([{"extracted_incidents": [incident("f1"), incident("f2")]}])
    result = screen_extracted(frames, {"art-1": "a.txt"})
    assert list(result.valid["extracted_incidents"]["fact_id"]) == ["f1", "f2"]
    assert result.rejected.empty


def test_a_record_of_an_unknown_article_is_still_quarantined():
    frames = facts_to_frames([{"extracted_incidents": [incident("f1", article_id="art-x", count=-1)]}])
    result = screen_extracted(frames, {})
    assert result.rejected.iloc[0]["source_file"] == "(unknown article art-x)"
