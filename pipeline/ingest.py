"""Ingest: turn the files of a seeds folder into Articles (cleaned text + metadata) or quarantine rows.

What belongs here (SPEC §2): listing the input files; the optional manifest;
reading bytes and decoding them (UTF-8, Windows-1252, charset detection); the
per-format parsers (``.txt``/``.md`` with optional YAML front matter, ``.json``,
``.html`` via :mod:`pipeline.html_text`); merging file metadata with the
manifest; the text cleaner shared by all formats (paragraphs, Unicode NFC,
boilerplate, bylines, datelines, captions, headline removal; lexicons in
``boilerplate.yaml``); the English check (``language.yaml``); duplicate
detection; and the quarantine rules. Every bad input becomes a
:class:`~pipeline.models.Quarantined` row with a reason from
``schemas.tables.QUARANTINE_REASONS`` and a sentence for the editor; nothing here
raises on bad input.

Quarantine checks, in order: ``unsupported_format`` (extension), ``too_large``
(over :data:`MAX_FILE_BYTES`), ``empty``, ``duplicate`` (byte-identical to an
earlier ingested file), ``binary``, ``undecodable``, ``bad_front_matter`` /
``bad_json``, ``not_english`` (declared language), ``no_text``, ``not_english``
(detected), ``duplicate`` (same cleaned text as an earlier ingested file). Files
are processed in sorted ``source_file`` order, so the earlier file of a
duplicate pair is the one kept. An unexpected error on one file is logged and
quarantined as ``invalid_record`` with the error in the detail.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import email.utils
import hashlib
import io
import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import yaml
from charset_normalizer import from_bytes

from pipeline import html_text
from pipeline.codebook import load_codebook
from pipeline.models import Article, IngestResult, Quarantined

logger = logging.getLogger(__name__)

NON_ARTICLE_FILES = {"manifest.csv", "manifest.yaml", "manifest.yml", "curation.yaml", "readme.md"}
MANIFEST_FILES = ("manifest.csv", "manifest.yaml", "manifest.yml")

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Files larger than this (2 MiB, far above any news article) are quarantined as ``too_large``."""

BINARY_CONTROL_SHARE = 0.05
"""Share of C0 control bytes (other than tab, newline, carriage return, form feed) above
which a file is ``binary``; text has none, random bytes about 11 %. A NUL byte is enough."""

MAX_UNPRINTABLE_SHARE = 0.01
"""Most unprintable characters a decoding may leave before it is judged implausible."""

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSON_SUFFIXES = frozenset({".json"})

METADATA_KEYS = ("title", "url", "outlet", "author", "published", "language")
METADATA_ALIASES = {
    "headline": "title", "link": "url", "source_url": "url", "source": "outlet",
    "publisher": "outlet", "site": "outlet", "site_name": "outlet", "byline": "author",
    "authors": "author", "date": "published", "published_at": "published", "pubdate": "published",
    "publication_date": "published", "date_published": "published", "lang": "language",
}
"""Other spellings of the metadata keys accepted in front matter, JSON and the manifest."""

JSON_TEXT_KEYS = ("text", "body", "content")
MANIFEST_FILE_KEYS = ("file", "filename", "file_name", "source_file", "path")

TITLE_SIMILARITY = 0.85
"""Two headlines at least this similar (difflib ratio of their normalised forms) are the same."""

HEADLINE_MAX_WORDS = 30
HEADLINE_MAX_CHARS = 220


class IngestError(Exception):
    """An input that must be quarantined.

    Attributes:
        reason: One of ``schemas.tables.QUARANTINE_REASONS``.
        detail: A sentence for the editor.
    """

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass
class SeenContent:
    """Fingerprints of the articles ingested so far, to spot duplicates.

    Attributes:
        by_bytes: SHA-256 of the file bytes → source_file kept.
        by_text: SHA-256 of the cleaned text → source_file kept.
    """

    by_bytes: dict[str, str] = field(default_factory=dict)
    by_text: dict[str, str] = field(default_factory=dict)


@dataclass
class ParsedDocument:
    """A decoded file split into body blocks and the metadata it carries itself.

    Attributes:
        blocks: Body paragraphs before cleaning (may hold single line breaks).
        metadata: Metadata keys the file gives (raw values).
        markdown: Whether inline Markdown (emphasis, links) is to be unwrapped.
        headline_first: Whether the first line may be the headline (plain text formats).
    """

    blocks: list[str]
    metadata: dict[str, Any] = field(default_factory=dict)
    markdown: bool = False
    headline_first: bool = True


@dataclass
class CleanBody:
    """The cleaned body.

    Attributes:
        text: Paragraphs joined by a blank line.
        title: The headline found on the first line (when the metadata gave none).
        byline: The author named in a byline line, if any.
    """

    text: str
    title: str | None = None
    byline: str | None = None


# ---------------------------------------------------------------- folder


def list_input_files(seeds_dir: Path) -> list[Path]:
    """Article files of the folder (recursively), sorted; the manifest, curation file and dotfiles excluded."""
    seeds_dir = Path(seeds_dir)
    return sorted(
        p for p in seeds_dir.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(seeds_dir).parts)
        and p.name.lower() not in NON_ARTICLE_FILES
    )


def ingest_folder(seeds_dir: Path) -> IngestResult:
    """Every input of the folder as an Article or a Quarantined row (never raises on bad input).

    Args:
        seeds_dir: The seeds folder (with an optional ``manifest.csv`` / ``manifest.yaml``).

    Returns:
        Articles and quarantine rows, both sorted by ``source_file``.
    """
    seeds_dir = Path(seeds_dir)
    manifest, problems = load_manifest(seeds_dir)
    result = IngestResult(quarantine=list(problems))
    seen = SeenContent()
    for path in list_input_files(seeds_dir):
        outcome = ingest_file(path, seeds_dir, manifest, seen)
        if isinstance(outcome, Article):
            result.articles.append(outcome)
        else:
            logger.info("quarantined %s (%s): %s", outcome.source_file, outcome.reason, outcome.detail)
            result.quarantine.append(outcome)
    result.articles.sort(key=lambda a: a.source_file)
    result.quarantine.sort(key=lambda q: (q.source_file, q.reason))
    return result


def ingest_file(
    path: Path,
    seeds_dir: Path,
    manifest: Mapping[str, Mapping[str, Any]] | None = None,
    seen: SeenContent | None = None,
) -> Article | Quarantined:
    """One input file as an Article, or as a Quarantined row when it cannot be used.

    Args:
        path: The file.
        seeds_dir: The seeds folder (``source_file`` is relative to it).
        manifest: Manifest metadata keyed by relative path or file name.
        seen: Fingerprints of the articles kept so far; updated when this file is kept.

    Returns:
        The article, or the quarantine row (never raises on bad input).
    """
    rel = Path(path).relative_to(seeds_dir).as_posix()
    try:
        article = _ingest(Path(path), rel, manifest or {}, seen)
    except IngestError as exc:
        return Quarantined(rel, exc.reason, exc.detail)
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop the run
        logger.exception("unexpected error while ingesting %s", rel)
        return Quarantined(rel, "invalid_record",
                           f"The file could not be processed because of an unexpected error "
                           f"({type(exc).__name__}: {exc}).")
    if seen is not None:
        seen.by_bytes.setdefault(article.content_sha256, rel)
        seen.by_text.setdefault(_sha256(article.text.encode("utf-8")), rel)
    return article


def _ingest(path: Path, rel: str, manifest: Mapping[str, Mapping[str, Any]], seen: SeenContent | None) -> Article:
    """The article of one file; raises :class:`IngestError` for anything to quarantine."""
    suffix = _check_format(path)
    raw = _read_bytes(path)
    sha = _sha256(raw)
    if seen is not None and sha in seen.by_bytes:
        raise IngestError("duplicate", f"Byte-identical copy of {seen.by_bytes[sha]}, which was kept.")
    text = decode_bytes(raw)
    doc = parse_document(text, suffix)
    meta = merge_metadata(doc.metadata, _manifest_entry(manifest, rel))
    language = _declared_language(meta.get("language"))
    body = clean_body(doc.blocks, meta.get("title"), markdown=doc.markdown, headline_first=doc.headline_first)
    if not re.search(r"\w", body.text):
        raise IngestError("no_text", "No article text is left once page furniture and boilerplate are removed.")
    check_english(body.text)
    if seen is not None:
        _check_text_duplicate(body.text, seen)
    return Article(
        article_id=f"art-{sha[:12]}",
        source_file=rel,
        text=body.text,
        title=meta.get("title") or body.title,
        url=meta.get("url"),
        outlet=meta.get("outlet"),
        author=meta.get("author") or body.byline,
        published=meta.get("published"),
        language=language,
        content_sha256=sha,
    )


def _sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def _check_format(path: Path) -> str:
    """The file's lowercased suffix; raises ``unsupported_format`` for other kinds of file."""
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES:
        kinds = ".txt, .md, .html, .htm, .json"
        shown = f"'{suffix}'" if suffix else "no extension"
        raise IngestError("unsupported_format", f"Files with {shown} are not read; accepted formats: {kinds}.")
    return suffix


def _read_bytes(path: Path) -> bytes:
    """The file's bytes; raises ``too_large`` or ``empty``."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise IngestError("too_large", f"The file has {size:,} bytes, more than the limit of "
                                           f"{MAX_FILE_BYTES:,} bytes for one article.")
        raw = path.read_bytes()
    except OSError as exc:
        raise IngestError("undecodable", f"The file could not be read ({exc.strerror or exc}).") from exc
    if not raw.removeprefix(codecs.BOM_UTF8).strip():
        raise IngestError("empty", "The file is empty or contains only whitespace.")
    return raw


def _check_text_duplicate(text: str, seen: SeenContent) -> None:
    """Raises ``duplicate`` when an earlier kept article has exactly this cleaned text."""
    kept = seen.by_text.get(_sha256(text.encode("utf-8")))
    if kept:
        raise IngestError("duplicate", f"Same article text as {kept}, which was kept "
                                       "(the files differ only in formatting or metadata).")


# ---------------------------------------------------------------- decoding


def decode_bytes(raw: bytes) -> str:
    """Text of a file's bytes, with newlines normalised to ``\\n``.

    Tries UTF-8 (a BOM is tolerated), UTF-16 when a UTF-16 BOM is present, then
    Windows-1252 when it yields no control characters, then charset detection.

    Args:
        raw: The file's bytes.

    Returns:
        The decoded text.

    Raises:
        IngestError: ``binary`` for non-text bytes, ``undecodable`` when no encoding
            gives plausible text, ``empty`` for whitespace-only text.
    """
    text = _decode_utf16(raw)
    if text is None:
        if _looks_binary(raw):
            raise IngestError("binary", "The file holds binary data (control bytes), not text.")
        text = _decode_text(raw.removeprefix(codecs.BOM_UTF8))
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip() or not re.search(r"\w", text):
        raise IngestError("empty", "The file contains no text.")
    return text


def _decode_utf16(raw: bytes) -> str | None:
    """The text of a UTF-16 file with a byte-order mark (None for other files)."""
    if not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    try:
        return raw.decode("utf-16")
    except UnicodeDecodeError as exc:
        raise IngestError("undecodable", "The file starts with a UTF-16 byte-order mark but is not "
                                         "valid UTF-16.") from exc


def _looks_binary(raw: bytes) -> bool:
    """Whether the bytes are binary data: a NUL byte or many C0 control bytes."""
    if b"\x00" in raw:
        return True
    controls = sum(1 for b in raw if (b < 0x20 and b not in b"\t\n\r\f") or b == 0x7F)
    return controls / len(raw) > BINARY_CONTROL_SHARE


def _decode_text(raw: bytes) -> str:
    """Decode non-binary bytes: UTF-8, else Windows-1252, else charset detection."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
        if not _has_controls(text):
            return text
    except UnicodeDecodeError:
        pass
    text = _detect_charset(raw)
    if text is None or _unprintable_share(text) > MAX_UNPRINTABLE_SHARE:
        raise IngestError("undecodable", "The text is not valid UTF-8 and no other encoding "
                                         "(Windows-1252 or a detected one) gives readable text.")
    return text


def _has_controls(text: str) -> bool:
    """Whether ``text`` holds C0/C1 control characters other than tab, newline and carriage return."""
    return any((ord(c) < 0x20 and c not in "\t\n\r\f") or 0x7F <= ord(c) <= 0x9F for c in text)


def _detect_charset(raw: bytes) -> str | None:
    """The text as decoded by charset-normalizer's best guess (None when it has none)."""
    best = from_bytes(raw).best()
    return str(best) if best is not None else None


def _unprintable_share(text: str) -> float:
    """Share of characters that are neither printable nor whitespace."""
    if not text:
        return 1.0
    bad = sum(1 for c in text if unicodedata.category(c) in ("Cc", "Cn", "Co", "Cs") and c not in "\t\n\r\f")
    return bad / len(text)


# ---------------------------------------------------------------- formats


def parse_document(text: str, suffix: str) -> ParsedDocument:
    """Split a decoded file into body blocks and its own metadata.

    Args:
        text: The decoded file.
        suffix: Its lowercased extension.

    Returns:
        The parsed document.

    Raises:
        IngestError: ``bad_front_matter`` or ``bad_json``.
    """
    if suffix in HTML_SUFFIXES:
        page = html_text.extract_page(text)
        return ParsedDocument(page.paragraphs, page.metadata, headline_first=False)
    if suffix in JSON_SUFFIXES:
        return _parse_json(text)
    metadata, body = split_front_matter(text)
    return ParsedDocument(split_blocks(body), metadata, markdown=suffix in MARKDOWN_SUFFIXES)


class _MetadataLoader(yaml.SafeLoader):
    """A SafeLoader that leaves dates as strings (an impossible date must not abort the parse)."""


_MetadataLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_FRONT_MATTER = re.compile(r"\A[ \t]*---[ \t]*\n(?:(.*?)\n)?[ \t]*(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """YAML front matter (``---`` … ``---`` at the top) and the body after it.

    Args:
        text: A decoded ``.txt`` / ``.md`` file.

    Returns:
        The front matter as a dict ({} when there is none) and the body.

    Raises:
        IngestError: ``bad_front_matter`` when it is not closed, not valid YAML, or
            not a set of ``key: value`` pairs.
    """
    stripped = text.lstrip("\n")
    if not re.match(r"[ \t]*---[ \t]*\n", stripped):
        return {}, text
    match = _FRONT_MATTER.match(stripped)
    if not match:
        raise IngestError("bad_front_matter", "The file opens a YAML front matter with '---' "
                                              "but never closes it with a second '---' line.")
    try:
        data = yaml.load(match.group(1) or "", Loader=_MetadataLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        raise IngestError("bad_front_matter", f"The YAML front matter is not valid YAML: {_yaml_problem(exc)}.") \
            from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise IngestError("bad_front_matter", "The front matter is not a list of 'key: value' lines "
                                              "(title, url, outlet, author, published, language).")
    return data, stripped[match.end():]


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """A short description of a YAML error, with its line within the front matter."""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    return f"{problem} (front matter line {mark.line + 1})" if mark is not None else str(problem)


def _parse_json(text: str) -> ParsedDocument:
    """A JSON article: an object with ``text`` (or ``body`` / ``content``) and metadata keys."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError("bad_json", f"The file is not valid JSON: {exc.msg} "
                                      f"(line {exc.lineno}, column {exc.colno}).") from exc
    if not isinstance(data, dict):
        raise IngestError("bad_json", f"The JSON holds a {type(data).__name__}, "
                                      "not one object with the article's text and metadata.")
    body = _json_text(data)
    if body is None:
        raise IngestError("bad_json", "The JSON object has no article text: expected a non-empty "
                                      "'text' (or 'body' / 'content') field.")
    if html_text.looks_like_html(body):
        return ParsedDocument(html_text.fragment_paragraphs(body), data)
    return ParsedDocument(split_blocks(body), data)


def _json_text(data: Mapping[str, Any]) -> str | None:
    """The first non-empty text field of a JSON article (a list of strings is joined as paragraphs)."""
    for key in JSON_TEXT_KEYS:
        value = data.get(key)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = "\n\n".join(value)
        if isinstance(value, str) and value.strip():
            return value.replace("\r\n", "\n").replace("\r", "\n")
    return None


def split_blocks(body: str) -> list[str]:
    """Paragraph blocks of a plain-text body.

    Blocks are separated by blank lines. A body without any blank line but whose
    lines mostly end a sentence is written one paragraph per line, and each line
    becomes a block; otherwise (hard-wrapped prose) it stays one block.

    Args:
        body: The body text (newlines normalised).

    Returns:
        The blocks, empty ones dropped.
    """
    blocks = [b for b in re.split(r"\n[ \t\u00a0]*\n", body) if b.strip()]
    if len(blocks) == 1:
        lines = [line for line in blocks[0].split("\n") if line.strip()]
        ends = sum(1 for line in lines if re.search(r"[.!?\"”’:)]\s*$", line))
        if len(lines) > 1 and ends * 2 >= len(lines):
            return lines
    return blocks


# ---------------------------------------------------------------- metadata


def merge_metadata(own: Mapping[str, Any], manifest_entry: Mapping[str, Any] | None) -> dict[str, Any]:
    """The article's metadata: the file's own values, the manifest's where the file gives none.

    Args:
        own: Metadata found in the file (front matter, JSON keys, page tags).
        manifest_entry: The manifest row of the file, if any.

    Returns:
        ``title, url, outlet, author, published, language`` normalised; None when unknown.
    """
    file_meta = normalise_metadata(own)
    extra = normalise_metadata(manifest_entry or {})
    return {key: file_meta.get(key) or extra.get(key) for key in METADATA_KEYS}


def normalise_metadata(raw: Mapping[str, Any]) -> dict[str, str | None]:
    """Known metadata keys (aliases resolved) with cleaned values: strings trimmed, dates as ISO."""
    out: dict[str, str | None] = {}
    for key, value in raw.items():
        name = str(key).strip().lower()
        name = METADATA_ALIASES.get(name, name)
        if name not in METADATA_KEYS or name in out and out[name]:
            continue
        if name == "published":
            out[name] = normalise_date(value)
        elif name == "url":
            out[name] = clean_url(_meta_string(value))
        else:
            out[name] = _meta_string(value)
    return out


TRACKING_PARAMS = re.compile(r"^(?:utm_[a-z_]+|fbclid|gclid|mc_cid|mc_eid)$", re.I)
"""Query parameters that only track the reader (removed from article URLs)."""


def clean_url(url: str | None) -> str | None:
    """The URL without tracking query parameters (``utm_*``, ``fbclid``, ...); otherwise unchanged."""
    if not url or "?" not in url:
        return url
    parts = urlsplit(url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in params if not TRACKING_PARAMS.match(k)]
    if len(kept) == len(params):
        return url
    return urlunsplit(parts._replace(query=urlencode(kept)))


def _meta_string(value: Any) -> str | None:
    """A metadata value as a trimmed single-line string (lists comma-joined; None when empty)."""
    if value is None or isinstance(value, (dict, bool)):
        return None
    if isinstance(value, (list, tuple)):
        return ", ".join(s for s in (_meta_string(v) for v in value) if s) or None
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(value))).strip()
    return text or None


_DATE_FORMATS = (
    "%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y",
    "%A, %B %d, %Y", "%A, %d %B %Y", "%a, %d %b %Y", "%d %B, %Y", "%b. %d, %Y",
)
"""Unambiguous written dates accepted besides ISO 8601 (numeric day/month orders are not guessed)."""


def normalise_date(value: Any) -> str | None:
    """An ISO date ``YYYY-MM-DD`` from a metadata value, or None when it cannot be read.

    Accepts date and datetime objects (YAML parses ``2024-03-07`` into one), ISO
    dates and datetimes (the date as written, no time-zone conversion), RFC 2822
    dates and unambiguous written dates ("March 7, 2024", "7 March 2024").

    Args:
        value: The raw value.

    Returns:
        The ISO date or None.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str) or not value.strip():
        return None
    text = re.sub(r"\s+", " ", value).strip()
    iso = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T ])", text)
    if iso:
        return _valid_date(*map(int, iso.groups()))
    return _written_date(text)


def _valid_date(year: int, month: int, day: int) -> str | None:
    """ISO string of a calendar date, None when it does not exist."""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _written_date(text: str) -> str | None:
    """ISO date of an RFC 2822 or written-out date (None when not one)."""
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    plain = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(plain, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _declared_language(value: str | None) -> str:
    """``"en"`` for an English (or absent) declared language; raises ``not_english`` otherwise."""
    if not value or value.strip().lower() in _language_lexicon()["english_codes"]:
        return "en"
    raise IngestError("not_english", f"The metadata declares the language '{value}'; "
                                     "only English articles are processed.")


# ---------------------------------------------------------------- manifest


def load_manifest(seeds_dir: Path) -> tuple[dict[str, dict[str, Any]], list[Quarantined]]:
    """Metadata from ``seeds/manifest.csv`` and/or ``manifest.yaml``, keyed by file name.

    A manifest that cannot be read yields one ``bad_manifest`` quarantine row and
    contributes no metadata; it never stops the run.

    Args:
        seeds_dir: The seeds folder.

    Returns:
        Entries keyed by the file value as written (relative path or bare name), and
        quarantine rows for broken manifests.
    """
    entries: dict[str, dict[str, Any]] = {}
    problems: list[Quarantined] = []
    for path in _manifest_paths(seeds_dir):
        try:
            rows = _read_manifest(path)
        except IngestError as exc:
            problems.append(Quarantined(path.name, exc.reason, exc.detail))
            continue
        for key, row in rows:
            entries.setdefault(key, row)
    return entries, problems


def _manifest_paths(seeds_dir: Path) -> list[Path]:
    """Manifest files at the top of the seeds folder (any letter case), CSV first."""
    if not Path(seeds_dir).is_dir():
        return []
    found = {p.name.lower(): p for p in Path(seeds_dir).iterdir() if p.is_file()}
    return [found[name] for name in MANIFEST_FILES if name in found]


def _read_manifest(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """(file, metadata) pairs of one manifest file; raises ``bad_manifest``."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise IngestError("bad_manifest", f"The manifest could not be read as UTF-8 text ({exc}); "
                                          "its metadata was not used.") from exc
    if not text.strip():
        return []
    if path.suffix.lower() == ".csv":
        return _manifest_csv(text)
    return _manifest_yaml(text)


def _manifest_csv(text: str) -> list[tuple[str, dict[str, Any]]]:
    """Rows of a CSV manifest (header with a ``file`` column)."""
    try:
        rows = list(csv.reader(io.StringIO(text), strict=True))
    except csv.Error as exc:
        raise IngestError("bad_manifest", f"The manifest is not valid CSV ({exc}); its metadata was not used.") \
            from exc
    header = [h.strip().lower() for h in rows[0]]
    file_col = next((header.index(k) for k in MANIFEST_FILE_KEYS if k in header), None)
    if file_col is None:
        raise IngestError("bad_manifest", "The manifest has no 'file' column naming the article files; "
                                          "its metadata was not used.")
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise IngestError("bad_manifest", f"Row {number} of the manifest has more cells than the header "
                                              f"({len(row)} for {len(header)}); its metadata was not used.")
        record = dict(zip(header, row))
        name = record.get(header[file_col], "").strip()
        if name:
            out.append((name, record))
    return out


def _manifest_yaml(text: str) -> list[tuple[str, dict[str, Any]]]:
    """Entries of a YAML manifest: ``{file: {metadata}}``, or a list of mappings with a ``file`` key."""
    try:
        data = yaml.load(text, Loader=_MetadataLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        raise IngestError("bad_manifest", f"The manifest is not valid YAML ({_yaml_problem(exc)}); "
                                          "its metadata was not used.") from exc
    if isinstance(data, dict) and isinstance(data.get("files"), list):
        data = data["files"]
    if isinstance(data, dict) and all(isinstance(v, dict) for v in data.values()):
        return [(str(k).strip(), dict(v)) for k, v in data.items()]
    if isinstance(data, list) and all(isinstance(v, dict) for v in data):
        out = []
        for item in data:
            name = next((item[k] for k in MANIFEST_FILE_KEYS if item.get(k)), None)
            if name is None:
                raise IngestError("bad_manifest", "An entry of the manifest has no 'file' key; "
                                                  "its metadata was not used.")
            out.append((str(name).strip(), dict(item)))
        return out
    raise IngestError("bad_manifest", "The manifest must map file names to metadata, or list entries with "
                                      "a 'file' key; its metadata was not used.")


def _manifest_entry(manifest: Mapping[str, Mapping[str, Any]], rel: str) -> Mapping[str, Any] | None:
    """The manifest entry of a file, looked up by relative path, then by bare file name."""
    return manifest.get(rel) or manifest.get(rel.rsplit("/", 1)[-1])


# ---------------------------------------------------------------- language


@lru_cache(maxsize=1)
def _language_lexicon() -> dict[str, Any]:
    """``language.yaml`` with the stopwords as a set."""
    cfg = load_codebook()["language"]
    return {
        "min_latin_share": float(cfg["min_latin_share"]),
        "min_stopword_share": float(cfg["min_stopword_share"]),
        "min_words": int(cfg["min_words_for_stopwords"]),
        "english_codes": frozenset(str(c).lower() for c in cfg["english_codes"]),
        "stopwords": frozenset(str(cfg["stopwords"]).lower().split()),
    }


def language_scores(text: str) -> tuple[float, float, int]:
    """Script and vocabulary evidence for English.

    Args:
        text: Cleaned body text.

    Returns:
        (share of Latin letters among letters, share of English stopwords among
        Latin-script words, number of Latin-script words).
    """
    letters = [c for c in text if c.isalpha()]
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    words = re.findall(r"[a-z]+(?:['’][a-z]+)?", text.lower())
    stop = _language_lexicon()["stopwords"]
    hits = sum(1 for w in words if w in stop)
    return latin / max(len(letters), 1), hits / max(len(words), 1), len(words)


def check_english(text: str) -> None:
    """Raises ``not_english`` unless the text is English (thresholds in ``language.yaml``)."""
    lex = _language_lexicon()
    latin, stop, n_words = language_scores(text)
    if latin < lex["min_latin_share"]:
        raise IngestError("not_english", f"The text is not English: only {latin:.0%} of its letters are "
                                         "Latin script.")
    if n_words >= lex["min_words"] and stop < lex["min_stopword_share"]:
        raise IngestError("not_english", f"The text does not read as English: only {stop:.0%} of its words "
                                         "are common English words (the, of, and, ...).")


# ---------------------------------------------------------------- cleaning: lexicon


@dataclass(frozen=True)
class _Lexicon:
    """Compiled patterns of ``boilerplate.yaml``."""

    tail: re.Pattern[str]
    drop: re.Pattern[str]
    agencies: frozenset[str]
    agency_re: str
    byline: re.Pattern[str]
    byline_max_words: int
    source_tag_re: re.Pattern[str]
    photo_words: re.Pattern[str]
    max_credit_chars: int
    source_tag_words: int
    bullets: str
    ts_max_words: int
    ts_place_words: int
    ts_months: frozenset[str]
    ts_fillers: frozenset[str]


def _alternation(patterns: Iterable[str]) -> str:
    """One regex alternation of the given patterns."""
    return "|".join(f"(?:{p})" for p in patterns)


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """The boilerplate lexicon compiled once."""
    cfg = load_codebook()["boilerplate"]
    ts = cfg["timestamp_line"]
    byline = cfg["byline"]
    agencies = [str(a) for a in cfg["agency_names"]]
    return _Lexicon(
        tail=re.compile(rf"(?:{_alternation(cfg['tail_markers'])})", re.I),
        drop=re.compile(rf"(?:{_alternation(cfg['drop_lines'])})", re.I),
        agencies=frozenset(a.lower() for a in agencies),
        agency_re=_alternation(re.escape(a) for a in agencies),
        byline=re.compile(f"(?i:{byline['prefix']}){byline['name']}"),
        byline_max_words=int(byline["max_words"]),
        source_tag_re=re.compile(_alternation(cfg["source_tag"]["patterns"]), re.I),
        photo_words=re.compile(rf"\b(?:{_alternation(cfg['caption']['photo_words'])})\b", re.I),
        max_credit_chars=int(cfg["caption"]["max_credit_chars"]),
        source_tag_words=int(cfg["source_tag"]["max_words"]),
        bullets="".join(cfg["bullets"]),
        ts_max_words=int(ts["max_words"]),
        ts_place_words=int(ts["max_place_words"]),
        ts_months=frozenset(m.lower() for m in ts["months"]),
        ts_fillers=frozenset(str(w).lower() for w in (*ts["filler_words"], *ts["weekdays"])),
    )


# ---------------------------------------------------------------- cleaning: lines

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\f\v]+")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)(?:\s+#+)?$")
_MD_ITALIC_LINE = re.compile(r"^([*_]{1,2})(?=\S)(.+?)(?<=\S)\1$")
_CREDIT_TAIL = re.compile(r"\(([^()]{1,120})\)\s*$")
_TERMINAL = ".!?\"'”’…"


def normalise_line(line: str) -> str:
    """One line with Unicode NFC, invisible characters removed and spaces collapsed.

    Quotation marks are kept exactly as written.
    """
    line = unicodedata.normalize("NFC", line)
    line = _INVISIBLE.sub("", line).replace("\u2028", " ").replace("\u2029", " ")
    line = "".join(" " if unicodedata.category(c) == "Cc" else c for c in line)
    return _SPACES.sub(" ", line).strip()


def is_boilerplate_line(line: str) -> bool:
    """Whether a whole line is site furniture (cross-links, ads, share widgets, copyright, debris)."""
    lex = _lexicon()
    return bool(lex.drop.fullmatch(line)) or line.lower().rstrip(".") in lex.agencies


def byline_name(line: str) -> str | None:
    """The name of a byline line ("By: Jane Doe", "By Staff Writer, 10:15 AM, …"), else None.

    After the name, only a separator followed by a date, a time or a few capitalised
    words (outlet, place) may follow; "By Thursday, the ministry had…" is no byline.
    """
    lex = _lexicon()
    match = lex.byline.match(line)
    if not match or len(line.split()) > lex.byline_max_words:
        return None
    rest = line[match.end():].strip()
    if rest and not re.match(r"[,|/–—\-]", rest):
        return None
    tokens = re.findall(r"[^\W\d_]+(?:\.[^\W\d_]+)*\.?", rest)
    if any(t[0].islower() and t.lower().rstrip(".") not in lex.ts_fillers | lex.ts_months for t in tokens):
        return None
    return match.group("name").strip()


def is_timestamp_line(line: str) -> bool:
    """Whether a line is only a dateline or timestamp ("HYDERABAD | March 18, 2024 01:20 am IST").

    The line needs a date or a time; apart from date/time words, numbers and
    punctuation, at most a few capitalised words (the place) may remain.
    """
    lex = _lexicon()
    tokens = re.findall(r"[^\W\d_]+(?:\.[^\W\d_]+)*\.?|\d+", line)
    if not tokens or len(tokens) > lex.ts_max_words:
        return False
    has_time = bool(re.search(r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}\b", line))
    has_month = any(t.lower().rstrip(".") in lex.ts_months for t in tokens) and bool(re.search(r"\d", line))
    if not (has_time or has_month):
        return False
    rest = [t for t in tokens if not t.isdigit() and t.lower().rstrip(".") not in lex.ts_months
            and t.lower() not in lex.ts_fillers and t.lower().rstrip(".") not in lex.ts_fillers]
    return len(rest) <= lex.ts_place_words and all(t[0].isupper() for t in rest)


def caption_kind(line: str) -> str | None:
    """How a line ends in a parenthesised credit.

    Returns:
        ``"caption"`` for a photo caption (drop the line), ``"tag"`` for a source tag
        after a finished sentence (drop only the tag), None otherwise.
    """
    lex = _lexicon()
    match = _CREDIT_TAIL.search(line)
    if not match or len(match.group(1)) > lex.max_credit_chars:
        return None
    inner = match.group(1).strip()
    before = line[:match.start()].rstrip()
    if lex.photo_words.search(inner):
        return "caption"
    if re.fullmatch(rf"(?:{lex.agency_re})(?:\s*(?:/|,|and)\s*(?:{lex.agency_re}))*", inner, re.I):
        return "tag" if before.endswith(tuple(_TERMINAL)) else "caption"
    return None


def strip_source_tag(line: str) -> str:
    """A paragraph without a trailing source tag such as "(Colombo Gazette)" or "(PTI)".

    Only a parenthesised tag after the end of a sentence is removed: a short run of
    capitalised words, or a phrase of ``source_tag.patterns`` ("with inputs from agencies").
    """
    lex = _lexicon()
    match = _CREDIT_TAIL.search(line)
    if not match:
        return line
    inner = match.group(1).strip()
    before = line[:match.start()].rstrip()
    words = inner.split()
    capitalised = all(w[0].isupper() or w[0].isdigit() for w in words if w[0].isalnum())
    if not before.endswith(tuple(_TERMINAL)):
        return line
    if (0 < len(words) <= lex.source_tag_words and capitalised) or lex.source_tag_re.fullmatch(inner):
        return before
    return line


def _is_link_only(line: str) -> bool:
    """Whether a line holds nothing but Markdown links ("[Home](/) | [News](/news)")."""
    rest = _MD_LINK.sub("", _MD_IMAGE.sub("", line))
    return rest != line and not re.search(r"\w", rest)


def _unwrap_markdown(line: str) -> str:
    """Inline Markdown reduced to its text: links to their label, emphasis markers removed."""
    line = _MD_LINK.sub(r"\1", line)
    line = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", line)
    line = re.sub(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])", r"\1", line)
    line = re.sub(r"(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])", r"\1", line)
    return line


def _tidy(line: str, markdown: bool) -> str:
    """Markup and debris removed from a kept line: blockquote/list markers, bullets, trailing bars."""
    line = re.sub(r"^(?:>\s*)+", "", line)
    if markdown:
        line = re.sub(r"^[-*+]\s+", "", line)
        line = _unwrap_markdown(line)
    line = line.lstrip(_lexicon().bullets + " ")
    line = re.sub(r"(?:\s*\|)+$", "", line)
    line = re.sub(r"^(?:\|\s*)+", "", line)
    return line.strip()


# ---------------------------------------------------------------- cleaning: body


def same_headline(a: str | None, b: str | None) -> bool:
    """Whether two headlines are the same up to case, punctuation, quotes and small edits."""
    if not a or not b:
        return False
    def key(s: str) -> str:
        return re.sub(r"\W+", " ", unicodedata.normalize("NFKD", s).casefold()).strip()
    ka, kb = key(a), key(b)
    return ka == kb or difflib.SequenceMatcher(None, ka, kb).ratio() >= TITLE_SIMILARITY


def looks_like_headline(line: str) -> bool:
    """Whether a first line reads as a headline: short, capitalised, no closing period, not furniture."""
    words = line.split()
    if not words or len(words) > HEADLINE_MAX_WORDS or len(line) > HEADLINE_MAX_CHARS:
        return False
    core = line.rstrip("\"'”’»")
    if core.endswith((".", ",", ";", ":")) and not core.endswith("..."):
        return False
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘"):
        return False
    return not (is_boilerplate_line(line) or byline_name(line) or is_timestamp_line(line))


def _heading_text(line: str) -> str | None:
    """The text of a Markdown heading line, None for other lines."""
    match = _MD_HEADING.match(line)
    return match.group(1).strip() if match else None


def clean_body(
    blocks: list[str], title: str | None, *, markdown: bool = False, headline_first: bool = True,
) -> CleanBody:
    """The cleaned body text of an article.

    Removes the headline (a first line or Markdown heading equal to the title, or
    for plain text without a known title a headline-like first line), site tails
    ("Featured Video Of The Day" and after), boilerplate lines, bylines,
    dateline-only lines, Markdown images with their caption line, link-only lines,
    photo captions and a trailing source tag. Other Markdown headings stay as
    paragraphs of their own. Quotation marks are never touched.

    Args:
        blocks: Paragraph blocks (single line breaks inside are kept).
        title: The headline known from metadata, if any.
        markdown: Whether inline Markdown is unwrapped (``.md`` files).
        headline_first: Whether a headline-like first line may be taken as the title.

    Returns:
        The text (paragraphs joined by a blank line), a headline found in the body,
        and a byline name.
    """
    lines_per_block = [[normalise_line(line) for line in block.split("\n")] for block in blocks]
    lines_per_block = [[line for line in block if line] for block in lines_per_block]
    lines_per_block = [block for block in lines_per_block if block]
    found_title = _take_headline(lines_per_block, title, headline_first)
    state = _CleanState(title=title or found_title, markdown=markdown)
    paragraphs: list[str] = []
    for block in lines_per_block:
        paragraphs.extend(state.clean_block(block))
        if state.ended:
            break
    if paragraphs:
        paragraphs[-1] = strip_source_tag(paragraphs[-1])
    paragraphs = [p for p in paragraphs if p.strip()]
    return CleanBody("\n\n".join(paragraphs), found_title, state.byline)


def _take_headline(blocks: list[list[str]], title: str | None, headline_first: bool) -> str | None:
    """Remove the headline from the top of the body; return it when the metadata had no title."""
    if not blocks:
        return None
    first = blocks[0][0]
    heading = _heading_text(first)
    candidate = heading if heading is not None else first
    if title:
        if same_headline(candidate, title):
            _pop_first_line(blocks)
        return None
    alone = len(blocks[0]) == 1
    if heading is not None or (headline_first and alone and len(blocks) > 1 and looks_like_headline(candidate)):
        _pop_first_line(blocks)
        return _unwrap_markdown(candidate).strip() or None
    return None


def _pop_first_line(blocks: list[list[str]]) -> None:
    """Drop the first line of the first block (and the block when it becomes empty)."""
    blocks[0].pop(0)
    if not blocks[0]:
        blocks.pop(0)


@dataclass
class _CleanState:
    """Line-by-line cleaning state across the blocks of one article."""

    title: str | None
    markdown: bool
    byline: str | None = None
    ended: bool = False
    after_image: bool = False

    def clean_block(self, lines: list[str]) -> list[str]:
        """The paragraphs a block yields (a Markdown heading splits a block)."""
        out: list[list[str]] = [[]]
        for line in lines:
            if self.ended:
                break
            kept, own_paragraph = self.clean_line(line)
            if kept is None:
                continue
            if own_paragraph:
                out.extend([[kept], []])
            else:
                out[-1].append(kept)
        return ["\n".join(p) for p in out if p]

    def clean_line(self, line: str) -> tuple[str | None, bool]:
        """(the line to keep or None, whether it is a paragraph of its own)."""
        after_image, self.after_image = self.after_image, False
        if _lexicon().tail.match(line):
            self.ended = True
            return None, False
        if _MD_IMAGE.fullmatch(line):
            self.after_image = True
            return None, False
        if after_image and _MD_ITALIC_LINE.match(line):
            return None, False
        heading = _heading_text(line)
        if heading is not None:
            return self._heading(heading)
        return self._plain(line), False

    def _heading(self, text: str) -> tuple[str | None, bool]:
        """A Markdown heading: dropped when it repeats the title or is furniture, else its text."""
        text = _tidy(text, True)
        if not text or same_headline(text, self.title) or is_boilerplate_line(text):
            return None, False
        if _lexicon().tail.match(text):
            self.ended = True
            return None, False
        return text, True

    def _plain(self, line: str) -> str | None:
        """A body line after the boilerplate, byline, dateline and caption rules (None: dropped)."""
        if _is_link_only(line):
            return None
        line = _tidy(line, self.markdown)
        if not line or is_boilerplate_line(line):
            return None
        name = byline_name(line)
        if name:
            self.byline = self.byline or name
            return None
        if is_timestamp_line(line):
            return None
        kind = caption_kind(line)
        if kind == "caption":
            return None
        return line
