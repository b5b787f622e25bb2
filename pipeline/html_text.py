"""HTML pages → article paragraphs and page metadata (used by :mod:`pipeline.ingest`).

What belongs here: everything that needs the HTML tree. Reading the metadata a
page declares about itself (Open Graph, ``<link rel=canonical>``, ``<meta
name=author>``, schema.org JSON-LD, ``<title>``, ``<h1>``, a byline element) and
cutting the article body out of the page: the article container is located
(``itemprop=articleBody``, ``<article>``, ``<main>``, ...), page furniture is
removed (navigation, header/footer, asides and related stories, scripts, figures
and captions, buttons, share and ad slots, author/publish-time/dateline
elements; tag and class lists in ``boilerplate.yaml``, section ``html``) and the
remaining block elements become paragraphs. Standfirsts, highlight bullets,
sub-headings and blockquote pull quotes are kept as paragraphs of their own.

Line-level boilerplate ("Advertisement", "Also Read", captions, bylines) and the
final whitespace/Unicode normalisation are applied afterwards by the shared text
cleaner in :mod:`pipeline.ingest`, for HTML as for every other format.

lxml is used directly (a declared dependency). trafilatura itself is not used:
its generic heuristics decide on their own which blocks are content, whereas the
rules here keep exactly the elements that carry facts (standfirsts, highlight
bullets, sub-heads, pull quotes) and are deterministic and editable in the codebook.
(Also, trafilatura 2.3 does not import next to lxml >= 5.2 without the separate
``lxml_html_clean`` package.)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterator

import lxml.html
from lxml import etree

from pipeline.codebook import load_codebook

INLINE_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em", "font",
    "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup",
    "time", "tt", "u", "var", "wbr",
})
"""Tags whose text flows inside a paragraph; every other tag starts a new block."""

ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
    "opinionnewsarticle", "backgroundnewsarticle", "report", "webpage",
})
"""schema.org types whose JSON-LD describes the page's article."""

DATE_META_KEYS = (
    "article:published_time", "og:article:published_time", "og:published_time", "published_time",
    "datepublished", "date", "pubdate", "publishdate", "publish-date", "publish_date",
    "publication_date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.created",
    "sailthru.date", "parsely-pub-date",
)
"""Meta keys read for the publication date, after ``article:published_time`` and JSON-LD."""

MIN_CONTAINER_CHARS = 200
"""A container candidate with less text than this is a teaser card, not the article."""

_WS = re.compile(r"[ \t\r\n\f\v]+")
_BY_PREFIX = re.compile(r"^\s*(?:written\s+|reported\s+|posted\s+)?by\s*[:\-–—]?\s+", re.I)


@dataclass
class HtmlPage:
    """What a page yields.

    Attributes:
        paragraphs: Body blocks in reading order (a ``<br>`` inside a block becomes ``\\n``).
        metadata: ``title``, ``url``, ``outlet``, ``author``, ``published`` (raw string as
            found, normalised later); only keys the page provides. The ``<html lang>``
            attribute is not read: templates often carry a wrong one, so the language is
            judged on the text.
    """

    paragraphs: list[str] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass
class _Block:
    tag: str
    text: str
    link_only: bool = False


@lru_cache(maxsize=1)
def _html_lexicon() -> dict[str, Any]:
    """The ``html`` section of ``boilerplate.yaml`` with sets ready for lookups."""
    cfg = load_codebook()["boilerplate"]["html"]
    return {
        "drop_tags": frozenset(cfg["drop_tags"]),
        "footer_tags": frozenset(cfg["footer_tags"]),
        "drop_parts": frozenset(p.lower() for p in cfg["drop_class_parts"]),
        "keep_parts": frozenset(p.lower() for p in cfg["keep_class_parts"]),
        "containers": tuple(cfg["container_xpaths"]),
    }


# ---------------------------------------------------------------- public API


def extract_page(html: str) -> HtmlPage:
    """Paragraphs and metadata of a full HTML page.

    Args:
        html: The decoded page.

    Returns:
        The page's body paragraphs (the headline excluded) and the metadata found.
    """
    root = _parse(html)
    if root is None:
        return HtmlPage()
    metadata = read_metadata(root)
    _drop_elements(root, _html_lexicon()["drop_tags"])
    container = _find_container(root)
    _strip_furniture(container)
    _drop_headline(container, metadata.get("title"))
    paragraphs = [b.text for b in _blocks(container) if not b.link_only]
    return HtmlPage(paragraphs=paragraphs, metadata=metadata)


def _drop_headline(container: lxml.html.HtmlElement, title: str | None) -> None:
    """Remove the article's headline: the first ``<h1>`` and any other heading equal to the title."""
    headings = [el for el in container.iter("h1", "h2") if el.getparent() is not None]
    for index, el in enumerate(headings):
        text = _norm_ws(el.text_content())
        if (index == 0 and el.tag == "h1") or (title and _same(text, title)):
            el.drop_tree()


def fragment_paragraphs(html: str) -> list[str]:
    """Paragraphs of an HTML fragment (e.g. the ``text`` of a JSON article holding markup)."""
    root = _parse(f"<html><body>{html}</body></html>")
    if root is None:
        return []
    _drop_elements(root, _html_lexicon()["drop_tags"])
    body = root.find("body")
    container = body if body is not None else root
    _strip_furniture(container)
    return [b.text for b in _blocks(container) if not b.link_only]


def looks_like_html(text: str) -> bool:
    """Whether a text body carries HTML block markup (``<p>``, ``<br>``, ``<div>``, ...)."""
    return bool(re.search(r"<(?:p|br|div|h[1-6]|li|blockquote)\b[^>]*>", text, re.I))


# ---------------------------------------------------------------- parsing


def _parse(html: str) -> lxml.html.HtmlElement | None:
    """The document tree, or None when lxml cannot make one."""
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    if not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def _norm_ws(text: str | None) -> str:
    """Whitespace runs collapsed to one space, ends stripped."""
    return _WS.sub(" ", text or "").strip()


def _same(a: str, b: str) -> bool:
    """Whether two headline strings are the same up to case, punctuation and spacing."""
    def key(s: str) -> str:
        return re.sub(r"\W+", " ", s.casefold()).strip()
    return key(a) == key(b)


# ---------------------------------------------------------------- metadata


def read_metadata(root: lxml.html.HtmlElement) -> dict[str, str]:
    """Title, url, outlet, author and published date the page declares.

    Args:
        root: The parsed page (before any element is removed).

    Returns:
        Only the keys found, as raw strings (``published`` is not yet normalised).
    """
    metas = _meta_values(root)
    ld = _json_ld_article(root)
    outlet = metas.get("og:site_name") or _ld_name(ld.get("publisher")) or metas.get("application-name")
    found = {
        "title": metas.get("og:title") or metas.get("twitter:title") or _str(ld.get("headline"))
        or _first_h1(root) or _title_tag(root, outlet),
        "url": _canonical(root) or metas.get("og:url") or _str(ld.get("url")),
        "outlet": outlet,
        "author": _clean_author(metas.get("author")) or _clean_author(metas.get("article:author"))
        or _ld_authors(ld.get("author")) or _byline_author(root),
        "published": metas.get("article:published_time") or _str(ld.get("datePublished"))
        or next((metas[k] for k in DATE_META_KEYS if metas.get(k)), None) or _time_published(root),
    }
    return {k: _norm_ws(v) for k, v in found.items() if v and _norm_ws(v)}


def _meta_values(root: lxml.html.HtmlElement) -> dict[str, str]:
    """``<meta>`` contents keyed by lowercased property/name/itemprop (first occurrence wins)."""
    values: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if key and content and content.strip():
            values.setdefault(key.strip().lower(), content.strip())
    return values


def _json_ld_article(root: lxml.html.HtmlElement) -> dict[str, Any]:
    """The first schema.org article object among the page's JSON-LD scripts ({} when none)."""
    for script in root.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except (json.JSONDecodeError, TypeError):
            continue
        for obj in _walk_json(data):
            types = obj.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and t.lower() in ARTICLE_TYPES for t in types):
                return obj
    return {}


def _walk_json(data: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object nested in ``data`` (``@graph`` lists included), depth first."""
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _walk_json(value)
    elif isinstance(data, list):
        for item in data:
            yield from _walk_json(item)


def _str(value: Any) -> str | None:
    """A JSON-LD scalar as a string (None for objects, lists and empties)."""
    return str(value) if isinstance(value, (str, int, float)) and str(value).strip() else None


def _ld_name(value: Any) -> str | None:
    """The ``name`` of a JSON-LD object (or the value itself when it is a string)."""
    if isinstance(value, dict):
        return _str(value.get("name"))
    return _str(value)


def _ld_authors(value: Any) -> str | None:
    """Author name(s) from a JSON-LD ``author`` value (object, string or list), comma-joined."""
    items = value if isinstance(value, list) else [value]
    names = [n for n in (_clean_author(_ld_name(i)) for i in items) if n]
    return ", ".join(dict.fromkeys(names)) or None


def _clean_author(value: str | None) -> str | None:
    """An author string without a leading "By" (None for URLs and empties)."""
    if not value:
        return None
    value = _BY_PREFIX.sub("", _norm_ws(value))
    if not value or re.match(r"https?://", value):
        return None
    return value


def _byline_author(root: lxml.html.HtmlElement) -> str | None:
    """The name in the first byline/author element of the page ("By X" → "X")."""
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("meta", "link", "script", "style"):
            continue
        parts = _class_parts(el)
        if {"byline", "author"} & parts or el.get("rel") == "author" or el.get("itemprop") == "author":
            name = _clean_author(el.text_content())
            if name and len(name.split()) <= 8:
                return name
    return None


def _first_h1(root: lxml.html.HtmlElement) -> str | None:
    """Text of the first ``<h1>`` (None when there is none)."""
    h1 = next(iter(root.iter("h1")), None)
    return _norm_ws(h1.text_content()) if h1 is not None else None


def _title_tag(root: lxml.html.HtmlElement, outlet: str | None) -> str | None:
    """``<title>`` without its " | Site" suffix (or " - Site" when Site is the outlet)."""
    title_el = root.find(".//title")
    title = _norm_ws(title_el.text_content()) if title_el is not None else ""
    if not title:
        return None
    parts = re.split(r"\s+[|•»]\s+", title)
    if len(parts) > 1:
        title = parts[0]
    if outlet:
        title = re.sub(r"\s+[-–—:]\s+" + re.escape(outlet) + r"\s*$", "", title, flags=re.I)
    return title or None


def _canonical(root: lxml.html.HtmlElement) -> str | None:
    """The ``href`` of ``<link rel="canonical">``."""
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and (link.get("href") or "").strip():
            return link.get("href").strip()
    return None


def _time_published(root: lxml.html.HtmlElement) -> str | None:
    """``datetime`` of a ``<time itemprop="datePublished">`` element."""
    for el in root.xpath('//*[@itemprop="datePublished"]'):
        value = el.get("datetime") or el.get("content") or el.text_content()
        if value and value.strip():
            return value.strip()
    return None


# ---------------------------------------------------------------- body


def _class_parts(el: lxml.html.HtmlElement) -> set[str]:
    """Lowercased parts of the element's class and id ("publish-time" → {"publish", "time"})."""
    raw = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return {p for p in re.split(r"[\s\-_]+", raw) if p}


def _drop_elements(root: lxml.html.HtmlElement, tags: frozenset[str]) -> None:
    """Remove every element with one of ``tags`` (its tail text is kept)."""
    doomed = [el for el in root.iter() if isinstance(el.tag, str) and el.tag.lower() in tags]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def _find_container(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The element holding the article.

    The first container kind of ``container_xpaths`` that has a candidate with at least
    :data:`MIN_CONTAINER_CHARS` of text wins (the candidate with the most ``<p>`` text);
    without one, the ``<body>`` minus page header and footer.
    """
    for xpath in _html_lexicon()["containers"]:
        candidates = root.xpath(xpath)
        if candidates:
            best = max(candidates, key=lambda el: (_paragraph_chars(el), len(el.text_content())))
            if len(_norm_ws(best.text_content())) >= MIN_CONTAINER_CHARS:
                return best
    body = root.find("body")
    container = body if body is not None else root
    _drop_elements(container, frozenset({"header", "footer"}))
    return container


def _paragraph_chars(el: lxml.html.HtmlElement) -> int:
    """Characters of ``<p>`` text inside ``el`` (how much article prose it holds)."""
    return sum(len(_norm_ws(p.text_content())) for p in el.iter("p"))


def _is_furniture(el: lxml.html.HtmlElement, lex: dict[str, Any]) -> bool:
    """Whether an element inside the container is page furniture to remove.

    Hidden elements, footers (except a quote's attribution inside a blockquote) and
    block elements whose class/id has a furniture part (and no keep part) are.
    Inline elements are never removed here: their text belongs to the sentence
    around them; loose bylines or dates left over are caught by the line rules.
    """
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    tag = el.tag.lower()
    if tag in lex["footer_tags"]:
        return not any(a.tag == "blockquote" for a in el.iterancestors())
    if tag in INLINE_TAGS:
        return False  # a <span class="date"> inside a sentence is part of the sentence
    parts = _class_parts(el)
    return bool(parts & lex["drop_parts"]) and not parts & lex["keep_parts"]


def _strip_furniture(container: lxml.html.HtmlElement) -> None:
    """Remove furniture elements below ``container`` (the container itself stays)."""
    lex = _html_lexicon()
    doomed = [el for el in container.iterdescendants()
              if isinstance(el.tag, str) and _is_furniture(el, lex)]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def _is_inline(el: Any) -> bool:
    """Whether a node flows inside a paragraph (comments and processing instructions count)."""
    return not isinstance(el.tag, str) or el.tag.lower() in INLINE_TAGS


def _has_blocks(el: lxml.html.HtmlElement) -> bool:
    """Whether any descendant of ``el`` is a block element."""
    return any(not _is_inline(d) for d in el.iterdescendants() if isinstance(d.tag, str))


def _inline_pieces(el: Any) -> Iterator[tuple[str, bool]]:
    """Text pieces of an inline subtree as (text, inside_a_link); ``<br>`` yields a newline."""
    if not isinstance(el.tag, str):
        return
    tag = el.tag.lower()
    if tag == "br":
        yield "\n", False
        return
    in_link = tag == "a"
    if el.text:
        yield el.text, in_link
    for child in el:
        for text, link in _inline_pieces(child):
            yield text, link or in_link
        if child.tail:
            yield child.tail, in_link


def _make_block(tag: str, pieces: list[tuple[str, bool]]) -> _Block | None:
    """A block from text pieces: whitespace collapsed per line; None when empty."""
    text = "".join(p for p, _ in pieces)
    lines = [_norm_ws(line) for line in text.split("\n")]
    text = "\n".join(line for line in lines if line)
    if not text:
        return None
    plain = "".join(p for p, link in pieces if not link)
    has_link = any(link and p.strip() for p, link in pieces)
    link_only = has_link and not re.search(r"\w", plain)
    if tag == "footer":
        text = text if text[:1] in "—–-" else f"— {text}"
    return _Block(tag, text, link_only)


def _blocks(el: lxml.html.HtmlElement) -> Iterator[_Block]:
    """Blocks of ``el`` in document order: each block element with only inline content is one block,
    and loose inline text between block elements forms blocks of its own."""
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    run: list[tuple[str, bool]] = [(el.text, False)] if el.text else []
    for child in el:
        if _is_inline(child):
            run.extend(_inline_pieces(child))
        else:
            block = _make_block(tag, run)
            if block:
                yield block
            run = []
            if _has_blocks(child):
                yield from _blocks(child)
            else:
                block = _make_block(child.tag.lower(), list(_inline_pieces(child)))
                if block:
                    yield block
        if child.tail:
            run.append((child.tail, False))
    block = _make_block(tag, run)
    if block:
        yield block
