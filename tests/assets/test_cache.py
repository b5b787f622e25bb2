"""The extraction cache: keyed by article + extractor + codebook, reused, robust to bad entries."""

from __future__ import annotations

import dataclasses

from pipeline.cache import ExtractionCache, article_cache_key, extract_incrementally
from pipeline.models import Article


def article(name: str, text: str = "Two Indians were killed.", **kw) -> Article:
    return Article(article_id=f"art-{name}", source_file=f"{name}.txt", text=text, **kw)


class CountingExtractor:
    """A fake extractor that records which articles it was asked for."""

    def __init__(self):
        self.calls: list[str] = []

    def __call__(self, a: Article):
        self.calls.append(a.source_file)
        return {"extracted_incidents": [{"fact_id": f"{a.article_id}-i1", "count": 2, "span": (0, 5)}]}


def run(articles, cache_dir, extractor, extractor_fp="x1", codebook_fp="c1"):
    return extract_incrementally(
        articles, cache_dir, extract=extractor, extractor_fingerprint=extractor_fp,
        codebook_fingerprint=codebook_fp,
    )


def test_cache_key_depends_on_article_text_metadata_extractor_and_codebook():
    a = article("a")
    base = article_cache_key(a, "x1", "c1")
    assert base == article_cache_key(article("a"), "x1", "c1")
    assert base != article_cache_key(dataclasses.replace(a, text=a.text + " More."), "x1", "c1")
    assert base != article_cache_key(dataclasses.replace(a, published="2024-03-01"), "x1", "c1")
    assert base != article_cache_key(a, "x2", "c1")
    assert base != article_cache_key(a, "x1", "c2")


def test_only_new_or_changed_articles_are_extracted(tmp_path):
    extractor = CountingExtractor()
    first, stats = run([article("a"), article("b")], tmp_path, extractor)
    assert (stats.num_extracted, stats.num_reused) == (2, 0)

    extractor.calls.clear()
    second, stats = run([article("a"), article("b", text="Changed."), article("c")], tmp_path, extractor)
    assert extractor.calls == ["b.txt", "c.txt"]
    assert stats.extracted == ["b.txt", "c.txt"] and stats.reused == ["a.txt"]
    assert second[0] == first[0]


def test_fresh_and_cached_results_are_identical(tmp_path):
    fresh, _ = run([article("a")], tmp_path, CountingExtractor())
    cached, stats = run([article("a")], tmp_path, CountingExtractor())
    assert stats.num_reused == 1
    assert fresh == cached
    assert fresh[0]["extracted_incidents"][0]["span"] == [0, 5], "JSON round trip on both paths"


def test_a_new_extractor_or_codebook_re_extracts_everything(tmp_path):
    run([article("a"), article("b")], tmp_path, CountingExtractor())
    _, stats = run([article("a"), article("b")], tmp_path, CountingExtractor(), extractor_fp="x2")
    assert stats.num_extracted == 2
    _, stats = run([article("a"), article("b")], tmp_path, CountingExtractor(), codebook_fp="c2")
    assert stats.num_extracted == 2


def test_a_corrupt_entry_is_re_extracted_and_repaired(tmp_path):
    a = article("a")
    run([a], tmp_path, CountingExtractor())
    path = ExtractionCache(tmp_path).path_for(article_cache_key(a, "x1", "c1"))
    path.write_text("{ truncated", encoding="utf-8")
    _, stats = run([a], tmp_path, CountingExtractor())
    assert stats.num_extracted == 1
    _, stats = run([a], tmp_path, CountingExtractor())
    assert stats.num_reused == 1
    assert not list(tmp_path.glob(".tmp-*")), "no temporary files left behind"
