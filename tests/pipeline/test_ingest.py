"""Ingest: every input format, the manifest, cleaning, and every quarantine reason.

The articles below are synthetic (an invented country and invented people); the
seeds and the development corpus are read from disk, never copied here.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import ingest
from pipeline.ingest import ingest_file, ingest_folder
from pipeline.models import Article, Quarantined
from schemas.tables import QUARANTINE_REASONS

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
DEV_ARTICLES = REPO.parent / "shared" / "corpus" / "dev" / "articles"

BODY = (
    "The foreign ministry of Ruritania said on Monday that three of its citizens had been "
    "recruited by a private agency and sent to work abroad against their will.\n\n"
    "\u201cWe are in touch with the families and we expect them home soon,\u201d the ministry "
    "spokesperson said at a weekly briefing.\n\n"
    "The agency has denied any wrongdoing, and the police are looking into the complaints "
    "filed by the relatives of the men."
)
"""A clean three-paragraph English body used by most tests."""

HINDI = (
    "यह एक परीक्षण लेख है जो पूरी तरह हिंदी भाषा में लिखा गया है। "
    "इसमें मंत्रालय के एक बयान का सारांश है और कोई अंग्रेजी वाक्य नहीं है। "
    "परिवारों ने सरकार से सहायता की मांग की है और अधिकारी मामले की जांच कर रहे हैं।"
)


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """Write a test input file (str as UTF-8)."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def only_article(folder: Path) -> Article:
    """The single article a folder yields (fails when anything was quarantined)."""
    result = ingest_folder(folder)
    assert result.quarantine == [], result.quarantine
    assert len(result.articles) == 1
    return result.articles[0]


def reasons(folder: Path) -> dict[str, str]:
    """source_file → quarantine reason."""
    return {q.source_file: q.reason for q in ingest_folder(folder).quarantine}


# ---------------------------------------------------------------- formats


def test_txt_front_matter_gives_metadata_and_body(tmp_path):
    write(tmp_path, "a.txt", (
        "---\n"
        'title: "Ruritania says citizens were lured abroad"\n'
        "url: https://news.example/ruritania-citizens?utm_source=rss&id=7\n"
        "outlet: news.example\n"
        "author: Jane Example\n"
        "published: 2024-03-07\n"
        "---\n\n"
        "Ruritania says citizens were lured abroad\n\n" + BODY + "\n"
    ))
    art = only_article(tmp_path)
    assert art.title == "Ruritania says citizens were lured abroad"
    assert art.url == "https://news.example/ruritania-citizens?id=7"  # tracking parameter removed
    assert art.outlet == "news.example"
    assert art.author == "Jane Example"
    assert art.published == "2024-03-07"
    assert art.language == "en"
    assert art.text == BODY  # the repeated headline is not part of the body
    assert art.source_file == "a.txt"


def test_markdown_headings_links_and_image_captions(tmp_path):
    write(tmp_path, "b.md", (
        "---\ntitle: Agency raided in Ruritania\noutlet: example.org\n---\n\n"
        "# Agency raided in Ruritania\n\n"
        "[Home](/)\n\n"
        "Police raided the offices of a recruitment agency on Tuesday, officials said.\n\n"
        "![](lead.jpg)\n*Officers outside the agency office on Tuesday. (File Photo)*\n\n"
        "## What the police found\n\n"
        "Officers seized **documents** and phones, according to a [statement](https://x.example/s).\n"
    ))
    art = only_article(tmp_path)
    paragraphs = art.text.split("\n\n")
    assert paragraphs == [
        "Police raided the offices of a recruitment agency on Tuesday, officials said.",
        "What the police found",
        "Officers seized documents and phones, according to a statement.",
    ]
    assert art.published is None


def test_json_article_with_body_key(tmp_path):
    write(tmp_path, "c.json", json.dumps({
        "title": "Families ask for help",
        "url": "https://example.com/families",
        "outlet": "example.com",
        "author": None,
        "published": "2024-05-16T08:00:00+05:30",
        "body": BODY,
    }))
    art = only_article(tmp_path)
    assert (art.title, art.url, art.outlet, art.author) == (
        "Families ask for help", "https://example.com/families", "example.com", None)
    assert art.published == "2024-05-16"  # date as written, no time-zone shift
    assert art.text == BODY


HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Ruritania recalls envoy over recruitment | The Example Times</title>
<meta property="og:title" content="Ruritania recalls envoy over recruitment">
<meta property="og:site_name" content="The Example Times">
<meta property="og:url" content="https://times.example/og-url">
<link rel="canonical" href="https://times.example/world/ruritania-recalls-envoy">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "datePublished": "2024-07-07T08:00:00+05:30"}</script>
<script>var tracking = "Advertisement script";</script>
<style>.x{}</style>
</head><body>
<header class="site-header"><nav><a href="/">Home</a><a href="/world">World</a></nav></header>
<main><article class="story">
<h1 class="headline">Ruritania recalls envoy over recruitment</h1>
<div class="story-body">
<p class="standfirst"><strong>The envoy was called home for consultations, the ministry said.</strong></p>
<div class="share-icons">Share: <a href="#">Facebook</a> | <a href="#">X</a></div>
<div class="ad-slot">Advertisement</div>
<div class="author-name"><a href="/author/jane">By Jane Example</a></div>
<div class="publish-time">Capital City | Updated: 7 July 2024, 08:00 IST</div>
<p class="dateline">Capital City, July 7</p>
<button class="gift-subscription">Gift a Subscription</button>
<p>The government recalled its ambassador on Sunday, officials said.</p>
<figure><img src="a.jpg" alt=""><figcaption>The ambassador at a reception last year</figcaption></figure>
<h3 class="box-title">Relatives wait for news</h3>
<p class="highlight">&bull; The minister said, \u201cWe will bring every one of them home.\u201d</p>
<p>Relatives have gathered outside the ministry<br>every day this week.</p>
<blockquote class="pull-quote"><p>They were promised office jobs and sent to the front.</p>
<footer><cite>A relative of one of the men</cite></footer></blockquote>
</div></article>
<aside class="related-stories"><h3>Related Stories</h3><ul><li><a href="/n/1">Weather warning issued</a></li></ul></aside>
</main>
<footer class="site-footer"><p>\u00a9 2024 The Example Times. All rights reserved.</p></footer>
</body></html>
"""


def test_html_page_main_text_and_metadata(tmp_path):
    write(tmp_path, "d.html", HTML_PAGE)
    art = only_article(tmp_path)
    assert art.title == "Ruritania recalls envoy over recruitment"
    assert art.url == "https://times.example/world/ruritania-recalls-envoy"  # canonical wins over og:url
    assert art.outlet == "The Example Times"
    assert art.author == "Jane Example"  # from the byline element, "By" removed
    assert art.published == "2024-07-07"
    assert art.text.split("\n\n") == [
        "The envoy was called home for consultations, the ministry said.",
        "The government recalled its ambassador on Sunday, officials said.",
        "Relatives wait for news",
        "The minister said, \u201cWe will bring every one of them home.\u201d",
        "Relatives have gathered outside the ministry\nevery day this week.",
        "They were promised office jobs and sent to the front.",
        "\u2014 A relative of one of the men",
    ]
    for furniture in ("Home", "Share", "Facebook", "Advertisement", "By Jane", "Updated", "July 7",
                      "Gift a Subscription", "reception last year", "Related Stories", "Weather",
                      "All rights reserved", "tracking"):
        assert furniture not in art.text


def test_html_title_from_title_tag_without_site_suffix(tmp_path):
    write(tmp_path, "e.html", (
        "<html><head><title>Envoy recalled | Example Site</title>"
        '<meta name="author" content="Jane Example"><meta name="date" content="2024-01-02"></head>'
        f"<body><div><p>{BODY.split(chr(10) * 2)[0]}</p><p>{BODY.split(chr(10) * 2)[2]}</p></div></body></html>"
    ))
    art = only_article(tmp_path)
    assert art.title == "Envoy recalled"
    assert art.author == "Jane Example"
    assert art.published == "2024-01-02"
    assert art.text.startswith("The foreign ministry of Ruritania")


# ---------------------------------------------------------------- manifest and headline


def test_manifest_fills_metadata_where_the_file_gives_none(tmp_path):
    write(tmp_path, "manifest.csv", (
        "file,url,outlet,title,author,published\n"
        "plain.txt,https://example.com/plain,example.com,Plain headline from manifest,Ann Author,2024-06-13\n"
        "fm.txt,https://example.com/fm,Manifest Outlet,Manifest title,,not a date\n"
    ))
    write(tmp_path, "plain.txt", "Plain headline from manifest\n\n" + BODY)
    write(tmp_path, "fm.txt", "---\ntitle: Front matter title\n---\n" + BODY.replace("Monday", "Tuesday"))
    result = ingest_folder(tmp_path)
    assert result.quarantine == []
    plain, fm = sorted(result.articles, key=lambda a: a.source_file, reverse=True)
    assert (plain.title, plain.url, plain.outlet, plain.author, plain.published) == (
        "Plain headline from manifest", "https://example.com/plain", "example.com", "Ann Author", "2024-06-13")
    assert plain.text == BODY  # the headline line matching the manifest title is removed
    assert fm.title == "Front matter title"  # the file wins where it gives a value
    assert (fm.url, fm.outlet, fm.author, fm.published) == (
        "https://example.com/fm", "Manifest Outlet", None, None)  # unparseable date → None


def test_yaml_manifest_is_read(tmp_path):
    write(tmp_path, "manifest.yaml", "a.txt:\n  outlet: Yaml Outlet\n  published: 2024-02-01\n")
    write(tmp_path, "a.txt", BODY)
    art = only_article(tmp_path)
    assert (art.outlet, art.published) == ("Yaml Outlet", "2024-02-01")


def test_broken_manifest_is_quarantined_and_the_run_goes_on(tmp_path):
    write(tmp_path, "manifest.csv", "name,url\nx.txt,https://example.com\n")  # no 'file' column
    write(tmp_path, "a.txt", BODY)
    result = ingest_folder(tmp_path)
    assert [(q.source_file, q.reason) for q in result.quarantine] == [("manifest.csv", "bad_manifest")]
    assert "file" in result.quarantine[0].detail
    assert [a.source_file for a in result.articles] == ["a.txt"]


def test_plain_text_first_line_is_the_headline_only_when_it_looks_like_one(tmp_path):
    write(tmp_path, "h.txt", "Three Ruritanians stranded abroad, families say\n\n" + BODY)
    write(tmp_path, "n.txt", BODY.replace("Monday", "Friday"))
    result = ingest_folder(tmp_path)
    h, n = result.articles
    assert h.title == "Three Ruritanians stranded abroad, families say"
    assert not h.text.startswith("Three Ruritanians")
    assert n.title is None
    assert n.text.startswith("The foreign ministry of Ruritania said on Friday")


# ---------------------------------------------------------------- cleaning


def test_boilerplate_captions_bylines_and_datelines_are_removed(tmp_path):
    text = (
        "Agency accused of luring workers\n\n"
        "By: Jane Example\n\n"
        "Capital City | Updated: 12 June 2024, 00:42 IST\n\n"
        "Officials said on Monday that an agency had lured workers abroad.\n\n"
        "Workers queue outside the embassy in the capital (AP)\n\n"
        "ALSO READ: Weather warning for the coast\n\n"
        "Also Read | Ten places to visit this summer\n\n"
        "Advertisement\n\n"
        "The minister said the workers were misled. (Photo: Getty Images)\n\n"
        "Share: Facebook | X | WhatsApp\n\n"
        "Subscribe to our newsletter\n\n"
        "READ MORE ON RURITANIA\n\n"
        "\u201cWe will not rest until they are back,\u201d the minister said. |\n\n"
        "The case is being investigated by the police. (Example Gazette)\n"
        "Featured Video Of The Day\n"
        "Celebrity wedding photos; Ten things to know today\n"
    )
    write(tmp_path, "x.txt", text)
    art = only_article(tmp_path)
    assert art.text.split("\n\n") == [
        "Officials said on Monday that an agency had lured workers abroad.",
        "\u201cWe will not rest until they are back,\u201d the minister said.",
        "The case is being investigated by the police.",
    ]
    assert art.author == "Jane Example"  # the byline goes to the author, not the text
    assert art.title == "Agency accused of luring workers"


def test_quotation_marks_are_kept_exactly(tmp_path):
    odd = (
        "The brother said,\u201dWe got a call from the embassy yesterday.\u201d\n\n"
        "\u201cThey made them sign a contract,\nand then sent them away.\u2019\u2019 he said.\n\n"
        "\"It's very nice,\" she said, 'and we will see.'"
    )
    write(tmp_path, "q.txt", odd)
    assert only_article(tmp_path).text == odd


def test_text_is_nfc_with_normalised_whitespace(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Caf\u00e9 owners in the capital  said\u00a0on Monday that   prices rose.")
    write(tmp_path, "n.txt", decomposed + "\n\n\n\n" + BODY + "\n\n")
    art = only_article(tmp_path)
    first = art.text.split("\n\n")[0]
    assert first == "Caf\u00e9 owners in the capital said on Monday that prices rose."
    assert unicodedata.is_normalized("NFC", art.text)
    assert art.text == art.text.strip() and "\n\n\n" not in art.text


def test_cp1252_file_is_decoded_with_curly_quotes(tmp_path, monkeypatch):
    def no_detection(raw):
        raise AssertionError("Windows-1252 must be recognised without charset detection")

    monkeypatch.setattr(ingest, "_detect_charset", no_detection)
    text = "The spokesperson said: \u201cWe are pressing very hard for their return.\u201d\r\n\r\n" + BODY
    write(tmp_path, "w.txt", text.encode("cp1252"))
    art = only_article(tmp_path)
    assert "\u201cWe are pressing very hard for their return.\u201d" in art.text
    assert "\r" not in art.text


def test_utf8_bom_is_tolerated(tmp_path):
    write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + ("---\ntitle: With a BOM\n---\n" + BODY).encode())
    art = only_article(tmp_path)
    assert art.title == "With a BOM" and art.text == BODY


# ---------------------------------------------------------------- ids


def test_article_id_is_content_derived_and_stable(tmp_path):
    path = write(tmp_path, "a.txt", BODY)
    first = only_article(tmp_path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert first.article_id == "art-" + digest[:12] and first.content_sha256 == digest
    assert only_article(tmp_path).article_id == first.article_id  # same run twice
    path.rename(tmp_path / "renamed.txt")
    assert only_article(tmp_path).article_id == first.article_id  # the name does not matter
    (tmp_path / "renamed.txt").write_text(BODY + " ", encoding="utf-8")
    assert only_article(tmp_path).article_id != first.article_id  # the bytes do


# ---------------------------------------------------------------- quarantine


def test_every_quarantine_reason_while_a_good_article_is_kept(tmp_path, monkeypatch):
    rng = random.Random(7)
    write(tmp_path, "00_good.txt", BODY)
    write(tmp_path, "01_empty.txt", " \n\t\n")
    write(tmp_path, "02_random.txt", bytes(rng.randrange(256) for _ in range(600)))
    write(tmp_path, "03_hindi.txt", HINDI)
    write(tmp_path, "04_copy.txt", BODY)
    write(tmp_path, "05_front.md", "---\ntitle: [unclosed\n---\n" + BODY)
    write(tmp_path, "06_unclosed.txt", "---\ntitle: Never closed\n" + BODY)
    write(tmp_path, "07_broken.json", '{"title": "x", "text": ')
    write(tmp_path, "08_notext.json", '{"title": "Only a title"}')
    write(tmp_path, "09_big.txt", BODY + "\n\n" + "More words follow here. " * 40)
    write(tmp_path, "10_doc.pdf", b"%PDF-1.4 not read")
    write(tmp_path, "11_nav.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>")
    write(tmp_path, "12_french.txt", (
        "Le ministère a déclaré lundi que trois ressortissants avaient été recrutés par une agence "
        "privée et envoyés à l'étranger contre leur gré. Les familles demandent leur retour rapide."))
    write(tmp_path, "13_declared.md", "---\nlanguage: fr\n---\n" + BODY.replace("Monday", "Sunday"))
    write(tmp_path, "14_same_text.md", "---\ntitle: Other metadata, same words\n---\n" + BODY)
    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", len(BODY.encode()) + 640)

    result = ingest_folder(tmp_path)
    got = {q.source_file: q.reason for q in result.quarantine}
    assert got == {
        "01_empty.txt": "empty",
        "02_random.txt": "binary",
        "03_hindi.txt": "not_english",
        "04_copy.txt": "duplicate",
        "05_front.md": "bad_front_matter",
        "06_unclosed.txt": "bad_front_matter",
        "07_broken.json": "bad_json",
        "08_notext.json": "bad_json",
        "09_big.txt": "too_large",
        "10_doc.pdf": "unsupported_format",
        "11_nav.html": "no_text",
        "12_french.txt": "not_english",
        "13_declared.md": "not_english",
        "14_same_text.md": "duplicate",
    }
    assert [a.source_file for a in result.articles] == ["00_good.txt"]
    details = {q.source_file: q.detail for q in result.quarantine}
    assert "00_good.txt" in details["04_copy.txt"] and "00_good.txt" in details["14_same_text.md"]
    assert all(q.reason in QUARANTINE_REASONS and len(q.detail) > 20 for q in result.quarantine)


def test_undecodable_text_is_quarantined(tmp_path, monkeypatch):
    write(tmp_path, "u.txt", "plain ascii text but undecodable".encode() + b"\x81\x8d\x8f")
    monkeypatch.setattr(ingest, "_detect_charset", lambda raw: None)
    assert reasons(tmp_path) == {"u.txt": "undecodable"}


def test_unexpected_error_is_quarantined_not_raised(tmp_path, monkeypatch):
    write(tmp_path, "a.txt", BODY)

    def boom(*args, **kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(ingest, "clean_body", boom)
    result = ingest_folder(tmp_path)
    assert result.articles == []
    assert result.quarantine[0].reason in QUARANTINE_REASONS
    assert "simulated failure" in result.quarantine[0].detail


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".txt", ".md", ".json", ".html", ".bin"]))
def test_any_bytes_give_an_article_or_a_quarantine_row(tmp_path, data, suffix):
    folder = tmp_path / "h"
    shutil.rmtree(folder, ignore_errors=True)
    path = write(folder, "f" + suffix, data)
    outcome = ingest_file(path, folder)
    assert isinstance(outcome, (Article, Quarantined))
    if isinstance(outcome, Quarantined):
        assert outcome.reason in QUARANTINE_REASONS and outcome.detail


# ---------------------------------------------------------------- the real inputs


@pytest.mark.skipif(not (SEEDS / "manifest.csv").is_file(), reason="seeds folder absent")
def test_seed_articles_ingest_with_manifest_metadata_and_no_site_tail():
    result = ingest_folder(SEEDS)
    assert result.quarantine == []
    assert len(result.articles) == 2
    manifest = {row["file"]: row for row in __import__("csv").DictReader(
        (SEEDS / "manifest.csv").open(encoding="utf-8"))}
    for art in result.articles:
        row = manifest[art.source_file]
        assert (art.title, art.url, art.outlet) == (row["title"], row["url"], row["outlet"])
        assert art.author == (row["author"] or None)
        assert art.published == (row["published"] or None)
        assert "Featured Video Of The Day" not in art.text
        assert "Track Latest News" not in art.text
        assert not art.text.startswith(art.title)
        assert "By:" not in art.text and "(Photo:" not in art.text
        assert art.word_count > 300


@pytest.mark.skipif(not DEV_ARTICLES.is_dir(), reason="development corpus absent")
def test_dev_corpus_quarantines_exactly_the_traps():
    result = ingest_folder(DEV_ARTICLES)
    assert {q.source_file: q.reason for q in result.quarantine} == {
        "d91.txt": "not_english", "d92.txt": "empty", "d93.txt": "binary", "d94.txt": "duplicate",
    }
    expected = sorted(p.name for p in DEV_ARTICLES.iterdir()
                      if p.name != "manifest.csv" and p.name not in {"d91.txt", "d92.txt", "d93.txt", "d94.txt"})
    assert [a.source_file for a in result.articles] == expected
    by_file = {a.source_file: a for a in result.articles}
    assert "\u201c" in by_file["d95.txt"].text  # Windows-1252 decoded, curly quotes intact
    for art in result.articles:
        assert art.title and art.title not in art.text.split("\n\n")[0]
        for furniture in ("Also Read", "Advertisement", "Related Stories", "Share:", "(AP)", "(File Photo)",
                          "REUTERS FILE", "All rights reserved", "[Home]", "![", "By Staff Writer"):
            assert furniture not in art.text, (art.source_file, furniture)
    assert len({a.article_id for a in result.articles}) == len(result.articles)


@pytest.mark.skipif(not DEV_ARTICLES.is_dir(), reason="development corpus absent")
def test_dev_html_keeps_standfirst_highlights_subheads_and_pull_quote():
    for name in ("d03.html", "d08.html", "d12.html", "d14.html", "d17.html"):
        art = ingest_file(DEV_ARTICLES / name, DEV_ARTICLES)
        assert isinstance(art, Article), art
        assert art.url and art.outlet and art.title
    page = (DEV_ARTICLES / "d17.html").read_text(encoding="utf-8")
    art = ingest_file(DEV_ARTICLES / "d17.html", DEV_ARTICLES)
    import lxml.html

    tree = lxml.html.fromstring(page)
    wanted = [" ".join(el.text_content().split()).lstrip("• ")
              for el in tree.xpath('//p[@class="standfirst" or @class="highlight"] | //h3[@class="box-title"]'
                                   ' | //blockquote//p')]
    assert len(wanted) >= 5
    for text in wanted:
        assert text in art.text
    unwanted = [" ".join(el.text_content().split())
                for el in tree.xpath('//*[contains(@class, "author-name") or contains(@class, "dateline")'
                                     ' or contains(@class, "share") or contains(@class, "related")]//text()/..')]
    assert unwanted
    for text in unwanted:
        if len(text.split()) >= 2:  # single words ("X", "Facebook") may occur in prose
            assert text not in art.text


def test_list_input_files_skips_manifest_curation_and_dotfiles(tmp_path):
    for name in ("manifest.csv", "curation.yaml", ".hidden.txt", "sub/a.txt", "b.md", "README.md"):
        write(tmp_path, name, "x")
    assert [p.relative_to(tmp_path).as_posix() for p in ingest.list_input_files(tmp_path)] == ["b.md", "sub/a.txt"]
    assert ingest_file(tmp_path / "sub" / "a.txt", tmp_path).source_file == "sub/a.txt"
