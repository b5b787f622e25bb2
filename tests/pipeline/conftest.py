"""Shared fixtures of the pipeline tests: small, consistent published tables."""

from __future__ import annotations

import pandas as pd
import pytest

from schemas.frames import to_frame

A1 = "art-000000000001"
A2 = "art-000000000002"


def make_sample_tables() -> dict[str, pd.DataFrame]:
    """A couple of rows per published table with consistent keys (every FK resolves).

    Values exercise the awkward cases of CSV/JSON output: non-ASCII text, commas, quotes,
    a newline inside a cell, `;`-joined lists, null integers and dates, a range figure.
    Rows are deliberately not in primary-key order.
    """
    articles = to_frame("articles", [
        {"article_id": A2, "source_file": "001_b.txt", "url": "https://example.org/b", "outlet": "Example Times",
         "title": "Two more Indians killed, says MEA", "author": "R. Sharma", "published": "2024-03-08",
         "language": "en", "word_count": 420},
        {"article_id": A1, "source_file": "000_a.txt", "url": "https://news.example.com/a", "outlet": "Daily Ex",
         "title": "Man from Surat dies in Donetsk — family “devastated”", "author": None, "published": "2024-02-25",
         "language": "en", "word_count": 312},
    ])
    people = to_frame("people", [
        {"person_id": "per-b", "name": "Randhir Jaiswal", "aliases": None, "role": "official",
         "title": "spokesperson", "organisation": "Ministry of External Affairs", "nationality": "Indian"},
        {"person_id": "per-a", "name": "Hemil Ashvinbhai Mangukiya", "aliases": "Hemal Ashwinbhai Mangua;Hemil Mangukiya",
         "role": "victim", "nationality": "Indian", "age": 23, "hometown": "Surat", "home_region": "Gujarat"},
    ])
    incidents = to_frame("incidents", [
        {"incident_id": "inc-b", "type": "death", "date": None, "date_precision": "unknown", "count": 2,
         "count_qualifier": "exact", "nationality": "Indian", "description": "Two more Indians were killed.",
         "num_sources": 1, "source_ids": A2},
        {"incident_id": "inc-a", "type": "death", "date": "2024-02-21", "date_precision": "day",
         "date_text": "on February 21", "place": "Donetsk region", "region": "Donetsk", "country": "Ukraine",
         "person_id": "per-a", "person_name": "Hemil Ashvinbhai Mangukiya", "count": 1, "count_qualifier": "exact",
         "nationality": "Indian", "cause": "Ukrainian air strike",
         "description": "Hemil Mangukiya, 23, of Surat, was killed in a drone strike.",
         "num_sources": 2, "source_ids": f"{A1};{A2}"},
    ])
    statements = to_frame("statements", [
        {"statement_id": "st-a", "speaker_name": "Randhir Jaiswal", "speaker_title": "spokesperson",
         "speaker_org": "Ministry of External Affairs", "speaker_country": "India", "speaker_person_id": "per-b",
         "kind": "direct", "text": "We have taken up the matter \"strongly\", with the Russian side.",
         "date": "2024-03-07", "date_precision": "day", "occasion": "media briefing", "num_sources": 2,
         "source_ids": f"{A1};{A2}"},
        {"statement_id": "st-b", "speaker_org": "Ministry of External Affairs", "speaker_country": "India",
         "kind": "indirect", "text": "about 20 Indians had sought help for early discharge",
         "date": None, "date_precision": "unknown", "num_sources": 1, "source_ids": A2},
    ])
    figures = to_frame("figures", [
        {"figure_id": "fig-c", "metric": "sought_help", "value": 20, "qualifier": "approximate",
         "nationality": "Indian", "as_of": None, "as_of_precision": "unknown",
         "reported_by": "Ministry of External Affairs", "statement_id": "st-b", "num_sources": 1, "source_ids": A2},
        {"figure_id": "fig-a", "metric": "killed", "value": 2, "qualifier": "exact", "nationality": "Indian",
         "as_of": "2024-02-25", "as_of_precision": "day", "reported_by": "media reports",
         "num_sources": 1, "source_ids": A1},
        {"figure_id": "fig-b", "metric": "recruited", "value": 35, "value_low": 35, "value_high": 50,
         "qualifier": "range", "nationality": "Indian", "as_of": "2024-03-01", "as_of_precision": "month",
         "reported_by": "Ministry of External Affairs", "statement_id": "st-a", "num_sources": 1, "source_ids": A2},
    ])
    mentions = to_frame("mentions", [
        {"mention_id": "m-3", "record_type": "statement", "record_id": "st-a", "article_id": A2,
         "char_start": 10, "char_end": 80, "evidence": "“We have taken up the matter,”\nhe said.",
         "extractor": "quote_rule"},
        {"mention_id": "m-1", "record_type": "incident", "record_id": "inc-a", "article_id": A1,
         "char_start": 0, "char_end": 60, "evidence": "Hemil, 23, of Surat, was killed, officials said.",
         "extractor": "death_rule"},
        {"mention_id": "m-2", "record_type": "person", "record_id": "per-a", "article_id": A1,
         "char_start": 0, "char_end": 12, "evidence": "Hemil, 23, of Surat", "extractor": "person_rule"},
        {"mention_id": "m-4", "record_type": "figure", "record_id": "fig-b", "article_id": A2,
         "char_start": 100, "char_end": 150, "evidence": "between 35 and 50 Indians", "extractor": "figure_rule"},
    ])
    discrepancies = to_frame("discrepancies", [
        {"discrepancy_id": "d-1", "record_type": "person", "record_id": "per-a", "field": "name",
         "values": f"Hemil Ashvinbhai Mangukiya ({A1}); Hemal Ashwinbhai Mangua ({A2})",
         "resolution": "kept the spelling of the earlier article"},
    ])
    quarantine = to_frame("quarantine", [
        {"source_file": "zz_empty.txt", "reason": "empty", "detail": "0 bytes"},
        {"source_file": "aa_binary.bin", "reason": "binary", "detail": None},
    ])
    return {
        "articles": articles, "incidents": incidents, "statements": statements, "figures": figures,
        "people": people, "mentions": mentions, "discrepancies": discrepancies, "quarantine": quarantine,
    }


@pytest.fixture
def sample_tables() -> dict[str, pd.DataFrame]:
    """Fresh sample tables (a new copy per test)."""
    return make_sample_tables()


@pytest.fixture(scope="session")
def make_tables():
    """The factory behind ``sample_tables``, for module- or session-scoped fixtures."""
    return make_sample_tables
