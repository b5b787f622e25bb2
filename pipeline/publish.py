"""Publish: write the Frictionless data package (CSV + JSON per table, zip, dataset card) to dist/.

What belongs here: turning the eight published tables into files
(``data/<table>.csv`` and ``data/<table>.json``), the ``datapackage.json`` descriptor
(metadata, sources, resources with the Table Schemas of
:mod:`schemas.frictionless_schema`), the deterministic ``warfacts.zip``, Frictionless
validation of the result (:func:`validate_package`) and the atomic replacement of the
previous ``dist/``. The card and chart live in :mod:`pipeline.card`. No Dagster import.

Reproducibility: the same tables (and version / ``created``) give byte-identical files —
rows in primary-key order, fixed key order in JSON, ``\\n`` line endings, UTF-8, zip
entries sorted with a fixed timestamp and permissions, and ``created`` never taken from
the wall clock.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.card import CHART_FILE, render_figures_chart, render_readme
from schemas.frames import sort_canonical, to_frame
from schemas.frictionless_schema import table_schema
from schemas.tables import PUBLISHED_TABLES

PACKAGE_NAME = "warfacts"
DESCRIPTOR_FILE = "datapackage.json"
README_FILE = "README.md"
ZIP_FILE = "warfacts.zip"
DATA_DIR = "data"
JSON_SUFFIX = "_json"
DATA_PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"

TITLE = "warfacts: foreign nationals recruited into the Russian army — incidents, statements and reported figures"
DESCRIPTION = (
    "Incidents (deaths, injuries, missing people, releases, return of remains, recruitment, "
    "law-enforcement action against recruiters), official statements, reported cumulative "
    "figures and the people named, concerning foreign nationals (first of all Indian nationals) "
    "recruited into the Russian armed forces during the Russia–Ukraine war. Machine-extracted "
    "from news articles with rule-based, codebook-driven extraction, validated and reconciled "
    "across sources; every record is traceable to the sentence it came from (`mentions`). "
    "Figures are as reported, not verified."
)
KEYWORDS = (
    "India", "Nepal", "Russia", "Russia-Ukraine war", "foreign fighters", "human trafficking",
    "military recruitment", "news", "open data", "event data",
)
DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
DEFAULT_CONTRIBUTORS = ({"title": "warfacts maintainers", "roles": ["creator"]},)
EPOCH_CREATED = "1970-01-01T00:00:00Z"
CREATED_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
ZIP_FILE_MODE = 0o644
CSV_DIALECT = {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"', "doubleQuote": True, "header": True}


@dataclass
class PackageReport:
    """A simple Frictionless validation outcome.

    Attributes:
        valid: True when Frictionless found no error.
        errors: One readable line per error (``resource: [type] row R field F: message``).
    """

    valid: bool
    errors: list[str] = field(default_factory=list)


class PublishError(RuntimeError):
    """The new package failed validation; the previous ``dist/`` was left untouched."""

    def __init__(self, report: PackageReport):
        self.report = report
        shown = "\n".join(report.errors[:20])
        super().__init__(f"data package is invalid ({len(report.errors)} error(s)):\n{shown}")


# ---------------------------------------------------------------- tables → files


def normalise_tables(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The eight published tables in the in-memory representation, canonical row order.

    Only each table's schema columns are kept (in schema order); values are cleaned by
    :func:`schemas.frames.to_frame` (``None`` for missing, ``Int64`` integers, ISO dates;
    empty strings become null, as CSV cannot tell them apart) and rows are sorted by
    :func:`schemas.frames.sort_canonical`.

    Raises:
        ValueError: when a published table is missing from ``tables`` or lacks a column.
    """
    missing = [t.name for t in PUBLISHED_TABLES if t.name not in tables]
    if missing:
        raise ValueError(f"tables missing for publishing: {missing}")
    out: dict[str, pd.DataFrame] = {}
    for table in PUBLISHED_TABLES:
        df = tables[table.name]
        absent = [c for c in table.columns if c not in df.columns]
        if absent:
            raise ValueError(f"{table.name}: missing column(s) {absent}")
        out[table.name] = sort_canonical(table.name, to_frame(table.name, df.to_dict("records")))
    return out


def _json_value(value: Any, ftype: str) -> Any:
    if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
        return None
    if ftype == "integer":
        return int(value)
    if ftype == "boolean":
        return bool(value)
    return str(value)


def table_records(table_name: str, df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready objects: every schema key, in schema order, ``None`` for missing."""
    fields = next(t for t in PUBLISHED_TABLES if t.name == table_name).fields
    return [
        {f.name: _json_value(rec[f.name], f.type) for f in fields}
        for rec in df.to_dict("records")
    ]


def write_csv(table_name: str, df: pd.DataFrame, path: Path) -> None:
    """The table as UTF-8 CSV with a header, ``\\n`` line endings, empty cells for nulls."""
    df.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def write_json(table_name: str, df: pd.DataFrame, path: Path) -> None:
    """The table as a JSON array of objects (indent 2, UTF-8, trailing newline)."""
    text = json.dumps(table_records(table_name, df), indent=2, ensure_ascii=False, allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8", newline="\n")


# ---------------------------------------------------------------- metadata


def resolve_created(created: str | None, articles: pd.DataFrame | None) -> str:
    """The package's ``created`` timestamp, never from the wall clock.

    Order: the ``created`` argument; else ``SOURCE_DATE_EPOCH`` (seconds, UTC) formatted
    ``YYYY-MM-DDTHH:MM:SSZ``; else the latest ``articles.published`` at ``T00:00:00Z``;
    else ``1970-01-01T00:00:00Z``.

    Raises:
        ValueError: when ``SOURCE_DATE_EPOCH`` is set but not an integer.
    """
    if created:
        return created
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            seconds = int(epoch)
        except ValueError as exc:
            raise ValueError(f"SOURCE_DATE_EPOCH is not an integer: {epoch!r}") from exc
        return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).strftime(CREATED_FORMAT)
    dates = []
    if articles is not None and "published" in articles.columns:
        for value in articles["published"]:
            try:
                dates.append(dt.date.fromisoformat(str(value)[:10]))
            except (TypeError, ValueError):
                continue
    return f"{max(dates).isoformat()}T00:00:00Z" if dates else EPOCH_CREATED


def package_sources(articles: pd.DataFrame, extra: list[dict] | None = None) -> list[dict[str, str]]:
    """One ``{title, path}`` per distinct article URL, plus ``extra`` sources, sorted by path.

    The title is the article's headline, else its outlet, else the URL (first article by
    ``article_id`` when several share a URL). An ``extra`` entry with the same ``path``
    replaces the derived one.
    """
    by_path: dict[str, dict[str, str]] = {}
    for rec in articles.sort_values("article_id", kind="mergesort").to_dict("records"):
        url = rec.get("url")
        if not url or url in by_path:
            continue
        title = rec.get("title") or rec.get("outlet") or url
        by_path[url] = {"title": str(title), "path": str(url)}
    unnamed: list[dict] = []
    for src in extra or []:
        src = {k: v for k, v in dict(src).items() if v is not None}
        if src.get("path"):
            by_path[str(src["path"])] = src
        else:
            unnamed.append(src)
    ordered = [by_path[p] for p in sorted(by_path)]
    return ordered + sorted(unnamed, key=lambda s: json.dumps(s, sort_keys=True))


def _sha256(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def _resources(data_dir: Path, tables: Mapping[str, pd.DataFrame]) -> list[dict[str, Any]]:
    resources: list[dict[str, Any]] = []
    for table in PUBLISHED_TABLES:
        schema = table_schema(table.name)
        csv_path = f"{DATA_DIR}/{table.name}.csv"
        json_path = f"{DATA_DIR}/{table.name}.json"
        resources.append({
            "name": table.name,
            "type": "table",
            "title": table.title,
            "description": table.description,
            "path": csv_path,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "hash": _sha256(data_dir.parent / csv_path),
            "dialect": dict(CSV_DIALECT),
            "schema": schema,
        })
        json_schema = copy.deepcopy(schema)
        # Foreign keys of a JSON resource point at the JSON resources. A reference to an empty
        # table is dropped (an empty JSON array cannot be read as a table; see below): every
        # value must then be null, which the CSV resource checks.
        fks = []
        for fk in json_schema.get("foreignKeys", []):
            target = fk["reference"]["resource"]
            if target and tables[target].empty:
                continue
            if target:
                fk["reference"]["resource"] = target + JSON_SUFFIX
            fks.append(fk)
        if fks:
            json_schema["foreignKeys"] = fks
        else:
            json_schema.pop("foreignKeys", None)
        empty = tables[table.name].empty
        description = table.description + " JSON copy of the CSV resource (array of objects)."
        if empty:
            # Frictionless 5 cannot extract a table from `[]` (source-error), so an empty table's
            # JSON file is declared as plain JSON; its schema is kept as documentation.
            description += " Empty in this release: the file is `[]`."
        resources.append({
            "name": table.name + JSON_SUFFIX,
            "type": "json" if empty else "table",
            "title": f"{table.title} (JSON)",
            "description": description,
            "path": json_path,
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            "hash": _sha256(data_dir.parent / json_path),
            "schema": json_schema,
        })
    return resources


def build_descriptor(
    tables: Mapping[str, pd.DataFrame],
    root: Path,
    *,
    version: str,
    created: str,
    sources: list[dict] | None = None,
    contributors: list[dict] | None = None,
) -> dict[str, Any]:
    """The ``datapackage.json`` descriptor for data files already written under ``root/data``."""
    return {
        "$schema": DATA_PACKAGE_PROFILE,
        "name": PACKAGE_NAME,
        "title": TITLE,
        "description": DESCRIPTION,
        "version": version,
        "created": created,
        "licenses": [dict(DATA_LICENSE)],
        "keywords": sorted(KEYWORDS, key=str.lower),
        "contributors": [dict(c) for c in (contributors or DEFAULT_CONTRIBUTORS)],
        "sources": package_sources(tables["articles"], sources),
        "resources": _resources(root / DATA_DIR, tables),
    }


def write_json_file(obj: Any, path: Path) -> None:
    """``json.dumps(indent=2, ensure_ascii=False)`` plus a newline, UTF-8."""
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")


def write_zip(root: Path, zip_path: Path, members: list[str]) -> None:
    """A byte-reproducible zip of ``members`` (paths relative to ``root``).

    Entries are sorted, dated 1980-01-01 00:00:00, mode 0644, Unix creator, deflated at level 9.
    """
    with zipfile.ZipFile(zip_path, "w") as zf:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = (0o100000 | ZIP_FILE_MODE) << 16
            zf.writestr(info, (root / name).read_bytes(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


def build_package(
    tables: Mapping[str, pd.DataFrame],
    root: Path,
    *,
    version: str,
    created: str | None = None,
    sources: list[dict] | None = None,
    curation_summary: str | None = None,
    contributors: list[dict] | None = None,
) -> Path:
    """Write the complete package into the (existing, empty) folder ``root``; no validation.

    Returns:
        The path of ``root/datapackage.json``.
    """
    root = Path(root)
    norm = normalise_tables(tables)
    data_dir = root / DATA_DIR
    data_dir.mkdir(parents=True, exist_ok=True)
    for name, df in norm.items():
        write_csv(name, df, data_dir / f"{name}.csv")
        write_json(name, df, data_dir / f"{name}.json")
    descriptor = build_descriptor(
        norm, root, version=version, created=resolve_created(created, norm["articles"]),
        sources=sources, contributors=contributors,
    )
    write_json_file(descriptor, root / DESCRIPTOR_FILE)
    render_figures_chart(norm["figures"], root / CHART_FILE)
    readme = render_readme(norm, descriptor, chart_file=CHART_FILE, curation_summary=curation_summary)
    (root / README_FILE).write_text(readme, encoding="utf-8", newline="\n")
    members = [DESCRIPTOR_FILE, README_FILE, CHART_FILE] + [
        f"{DATA_DIR}/{p.name}" for p in sorted(data_dir.iterdir()) if p.is_file()
    ]
    write_zip(root, root / ZIP_FILE, members)
    return root / DESCRIPTOR_FILE


# ---------------------------------------------------------------- validation and atomic swap


def validate_package(path: Path) -> PackageReport:
    """Validate a data package with Frictionless (rows of every table resource, keys, hashes).

    Args:
        path: ``datapackage.json`` (or the folder holding it).

    Returns:
        A :class:`PackageReport`; a descriptor that cannot be loaded is reported as invalid.
    """
    from frictionless import validate  # imported lazily: it is slow to import

    path = Path(path)
    if path.is_dir():
        path = path / DESCRIPTOR_FILE
    try:
        report = validate(str(path))
    except Exception as exc:  # noqa: BLE001 — any failure to read the package means "invalid"
        return PackageReport(valid=False, errors=[f"{type(exc).__name__}: {exc}"])
    errors = [f"package: [{e.type}] {e.message}" for e in report.errors]
    for task in report.tasks:
        for e in task.errors:
            where = []
            if getattr(e, "row_number", None) is not None:
                where.append(f"row {e.row_number}")
            if getattr(e, "field_name", None):
                where.append(f"field {e.field_name}")
            loc = (" " + " ".join(where)) if where else ""
            errors.append(f"{task.name}: [{e.type}]{loc}: {e.message}")
    return PackageReport(valid=bool(report.valid) and not errors, errors=errors)


def _replace_dir(new: Path, target: Path) -> None:
    """Move ``new`` to ``target``: old target renamed away, new renamed in, old deleted."""
    old = new.with_name(new.name.replace(".new-", ".old-", 1))
    had_old = target.exists()
    if had_old:
        os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        if had_old:
            os.rename(old, target)
        raise
    if had_old:
        shutil.rmtree(old, ignore_errors=True)


def publish_package(
    tables: Mapping[str, pd.DataFrame],
    dist_dir: Path,
    *,
    version: str,
    created: str | None = None,
    sources: list[dict] | None = None,
    curation_summary: str | None = None,
    contributors: list[dict] | None = None,
) -> Path:
    """Build, validate and atomically publish the data package to ``dist_dir``.

    Writes, for the eight published tables, ``data/<table>.csv`` (resource ``<table>``) and
    ``data/<table>.json`` (resource ``<table>_json``, same Table Schema, foreign keys pointing at
    the ``_json`` resources), ``datapackage.json``, ``README.md`` (dataset card),
    ``reported_figures.png`` and ``warfacts.zip``. Everything is built in a temporary folder
    next to ``dist_dir``, validated with :func:`validate_package`, and only then swapped in;
    on any failure the temporary folder is removed and the previous ``dist_dir`` is untouched.

    Args:
        tables: Table name → frame; the eight published tables must be present (others are
            ignored). Extra columns are dropped, rows are sorted by primary key.
        dist_dir: The output folder (replaced as a whole).
        version: Package version (e.g. ``"0.1.0"``).
        created: ISO 8601 timestamp; default ``SOURCE_DATE_EPOCH`` then the data (see
            :func:`resolve_created`), never the wall clock.
        sources: Extra ``{title, path}`` sources, merged with the article URLs.
        curation_summary: Optional text for the card's "Curation" section.
        contributors: Data Package contributors (default: the warfacts maintainers).

    Returns:
        The path of ``dist_dir/datapackage.json``.

    Raises:
        PublishError: when Frictionless finds the new package invalid.
        ValueError: when a published table or column is missing.
    """
    dist_dir = Path(dist_dir).absolute()
    dist_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dist_dir.name}.new-", dir=dist_dir.parent))
    try:
        build_package(
            tables, tmp, version=version, created=created, sources=sources,
            curation_summary=curation_summary, contributors=contributors,
        )
        report = validate_package(tmp / DESCRIPTOR_FILE)
        if not report.valid:
            raise PublishError(report)
        os.chmod(tmp, 0o755)
        _replace_dir(tmp, dist_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return dist_dir / DESCRIPTOR_FILE
