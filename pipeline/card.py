"""The dataset card of the published package: the ``README.md`` text and its chart.

What belongs here: everything a human reads next to the data — the generated
markdown card (what the dataset is, coverage, tables and columns from
:mod:`schemas.tables`, method, caveats, how to load, license) and the
``reported_figures.png`` chart. Both are pure functions of the (normalised) tables
and the package metadata, so two builds give byte-identical files: no wall clock,
no random state, a fixed-size matplotlib figure rendered with the Agg canvas and
PNG metadata stripped. :mod:`pipeline.publish` calls them; no Dagster import.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib.dates as mdates
import matplotlib.style
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg  # Agg canvas; no global backend switch
from matplotlib.figure import Figure

from schemas.tables import PUBLISHED_TABLES

CHART_FILE = "reported_figures.png"
CHART_SIZE_INCHES = (9.0, 5.0)
CHART_DPI = 100

_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


# ---------------------------------------------------------------- small helpers


def _present(value: Any) -> bool:
    return value is not None and not (not isinstance(value, str) and pd.isna(value))


def _md(value: Any) -> str:
    """A value made safe for one markdown table cell."""
    if not _present(value):
        return ""
    return " ".join(str(value).split()).replace("|", "\\|")


def _series_label(metric: str, nationality: Any) -> str:
    return f"{metric} ({nationality})" if _present(nationality) else f"{metric} (nationality not given)"


def dated_figure_series(figures: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The figures that have an ``as_of`` date, one frame per metric (+ nationality), sorted.

    Args:
        figures: The ``figures`` table.

    Returns:
        Series label → rows (``as_of`` as ``datetime.date``, ``value``, ``value_low``,
        ``value_high``) ordered by date then value; labels in sorted order.
    """
    out: dict[str, pd.DataFrame] = {}
    if figures.empty:
        return out
    rows = []
    for rec in figures.to_dict("records"):
        if not _present(rec.get("as_of")):
            continue
        try:
            day = dt.date.fromisoformat(str(rec["as_of"]))
        except ValueError:
            continue
        rows.append({
            "label": _series_label(rec["metric"], rec.get("nationality")),
            "as_of": day,
            "value": int(rec["value"]),
            "value_low": int(rec["value_low"]) if _present(rec.get("value_low")) else None,
            "value_high": int(rec["value_high"]) if _present(rec.get("value_high")) else None,
        })
    if not rows:
        return out
    frame = pd.DataFrame(rows)
    for label in sorted(frame["label"].unique()):
        part = frame[frame["label"] == label].sort_values(["as_of", "value"], kind="mergesort")
        out[label] = part.reset_index(drop=True)
    return out


# ---------------------------------------------------------------- chart


def render_figures_chart(figures: pd.DataFrame, path: Path) -> Path:
    """Draw reported figures over time (x = ``as_of``, y = ``value``, one series per metric+nationality).

    Ranges and bounds (``value_low``/``value_high``) are drawn as vertical bars. When no
    figure has a date the chart says so (an empty-state chart, still a valid image). The
    output is byte-identical for the same input: fixed size and dpi, default style, Agg
    canvas, no ``Software`` PNG metadata.

    Args:
        figures: The ``figures`` table (in-memory representation).
        path: Where to write the PNG.

    Returns:
        ``path``.
    """
    series = dated_figure_series(figures)
    undated = int(len(figures) - sum(len(s) for s in series.values()))
    with matplotlib.style.context("default"):
        fig = Figure(figsize=CHART_SIZE_INCHES, dpi=CHART_DPI)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot(1, 1, 1)
        ax.set_title("Reported figures over time (as reported, not verified)")
        if series:
            for i, (label, part) in enumerate(series.items()):
                marker = _MARKERS[(i // 10) % len(_MARKERS)]
                # The line joins the highest value reported for each date; every value is a dot.
                top = part.groupby("as_of", sort=True)["value"].max()
                (line,) = ax.plot(list(top.index), list(top.values), marker=marker,
                                  linewidth=1.5, markersize=5, label=label)
                ax.plot(list(part["as_of"]), list(part["value"]), linestyle="none", marker=marker,
                        markersize=4, color=line.get_color(), alpha=0.7)
                bounds = part.dropna(subset=["value_low", "value_high"], how="all")
                for rec in bounds.to_dict("records"):
                    low = rec["value_low"] if _present(rec["value_low"]) else rec["value"]
                    high = rec["value_high"] if _present(rec["value_high"]) else rec["value"]
                    ax.vlines(rec["as_of"], low, high, colors=line.get_color(), linewidth=1, alpha=0.6)
            locator = mdates.AutoDateLocator()
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
            ax.set_xlabel("as of")
            ax.set_ylabel("reported value (people)")
            ax.set_ylim(bottom=0)
            ax.grid(True, linewidth=0.5, alpha=0.5)
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
            if undated:
                ax.annotate(f"{undated} figure(s) without an as-of date not shown",
                            xy=(1.0, -0.14), xycoords="axes fraction", ha="right", fontsize=8)
        else:
            ax.set_xticks([])
            ax.set_yticks([])
            message = "No reported figure with an as-of date yet"
            if undated:
                message += f"\n({undated} figure(s) without a date)"
            ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", fontsize=12)
            ax.set_xlabel("as of")
            ax.set_ylabel("reported value (people)")
        fig.tight_layout()
        path = Path(path)
        fig.savefig(path, format="png", dpi=CHART_DPI, metadata={"Software": None})
    return path


# ---------------------------------------------------------------- README


def _coverage(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    articles = tables["articles"]
    outlets = sorted({o for o in articles["outlet"] if _present(o)})
    dates = sorted(d for d in articles["published"] if _present(d))
    undated = len(articles) - len(dates)
    lines = ["## Coverage", ""]
    if dates:
        span = f"published between {dates[0]} and {dates[-1]}"
    else:
        span = "with no known publication date"
    lines.append(
        f"- **{len(articles)}** article(s) from **{len(outlets)}** outlet(s), {span}"
        + (f" ({undated} with an unknown date)." if dates and undated else ".")
    )
    lines.append(f"- **{len(tables['quarantine'])}** input(s) quarantined (not used; see `quarantine`).")
    lines += ["", "| table | rows |", "|---|---:|"]
    lines += [f"| `{t.name}` | {len(tables[t.name])} |" for t in PUBLISHED_TABLES]

    incidents = tables["incidents"]
    lines += ["", "Incidents per type:", "", "| type | incidents | people concerned (sum of `count`) |",
              "|---|---:|---:|"]
    if incidents.empty:
        lines.append("| (none) | 0 | 0 |")
    for kind in sorted(incidents["type"].unique()):
        part = incidents[incidents["type"] == kind]
        lines.append(f"| `{kind}` | {len(part)} | {int(part['count'].fillna(0).sum())} |")

    figures = tables["figures"]
    lines += ["", "Reported figures per metric (latest dated value, as reported):", "",
              "| metric | figures | latest as_of | latest value |", "|---|---:|---|---:|"]
    if figures.empty:
        lines.append("| (none) | 0 | | |")
    for metric in sorted(figures["metric"].unique()):
        part = figures[figures["metric"] == metric]
        dated = part[part["as_of"].notna()].sort_values(["as_of", "value"], kind="mergesort")
        if dated.empty:
            lines.append(f"| `{metric}` | {len(part)} | | |")
        else:
            last = dated.iloc[-1]
            lines.append(f"| `{metric}` | {len(part)} | {last['as_of']} | {int(last['value'])} |")

    if outlets:
        counts = Counter(o for o in articles["outlet"] if _present(o))
        lines += ["", "Articles per outlet: " + ", ".join(f"{_md(o)} ({counts[o]})" for o in outlets) + "."]
    return lines


def _table_docs(tables: Mapping[str, pd.DataFrame], descriptor: Mapping[str, Any]) -> list[str]:
    lines = ["## Tables", "",
             "Every table is published twice with the same columns: `data/<table>.csv` (resource "
             "`<table>`) and `data/<table>.json` (resource `<table>_json`, an array of objects with every "
             "key present and `null` for missing values). Lists inside one cell are `;`-joined strings "
             "in both formats. Dates are ISO `YYYY-MM-DD`.", ""]
    by_name = {r["name"]: r for r in descriptor["resources"]}
    for table in PUBLISHED_TABLES:
        res = by_name[table.name]
        schema = res["schema"]
        lines += [f"### `{table.name}` — {table.title}", "", table.description, ""]
        lines.append(f"- Files: `data/{table.name}.csv`, `data/{table.name}.json`; "
                     f"{len(tables[table.name])} row(s).")
        if schema.get("primaryKey"):
            lines.append("- Primary key: " + ", ".join(f"`{k}`" for k in schema["primaryKey"]) + ".")
        for fk in schema.get("foreignKeys", []):
            ref = fk["reference"]
            lines.append(
                "- Foreign key: " + ", ".join(f"`{c}`" for c in fk["fields"]) + " → "
                + ", ".join(f"`{ref['resource']}.{c}`" for c in ref["fields"]) + "."
            )
        if table.name == "mentions":
            lines.append("- `record_id` refers to the table named by `record_type` "
                         "(incident → `incidents`, statement → `statements`, figure → `figures`, "
                         "person → `people`).")
        lines += ["", "| column | type | required | description |", "|---|---|---|---|"]
        for field in schema["fields"]:
            cons = field.get("constraints", {})
            desc = _md(field.get("description", ""))
            if "enum" in cons:
                desc += " One of: " + ", ".join(f"`{v}`" for v in cons["enum"]) + "."
            if "minimum" in cons:
                desc += f" Minimum {cons['minimum']}."
            required = "yes" if cons.get("required") or field["name"] in schema.get("primaryKey", []) else ""
            lines.append(f"| `{field['name']}` | {field['type']} | {required} | {desc} |")
        lines.append("")
    return lines


_METHOD = """## Method

warfacts is a [Dagster](https://dagster.io) asset graph:

1. **Ingest** — each input file (text, markdown, HTML or JSON) becomes one article with its
   metadata and a cleaned body (site boilerplate removed); bad inputs (empty, binary,
   undecodable, too large, not English, duplicates, broken metadata) are quarantined with a
   reason instead of stopping the build.
2. **Extract** — rule-based, codebook-driven extraction of incidents, statements, reported
   figures and people from each article, every fact keeping the character offsets and the
   sentence it was read from.
3. **Validate** — every table is checked with [Pandera](https://pandera.readthedocs.io)
   (types, enumerations, minimums, dates, keys); failing rows are set aside, not published.
4. **Reconcile** — in [DuckDB](https://duckdb.org), the same event, quotation or person
   reported by several articles becomes one record (`num_sources`, `source_ids`); conflicting
   values are listed in `discrepancies`; an editor's curation file can merge, split, fix or
   reject records.
5. **Publish** — this [Frictionless](https://frictionlessdata.io) data package (CSV + JSON
   per table, this card, a zip), validated with `frictionless validate` before it replaces the
   previous release. The build is reproducible: the same inputs give byte-identical files.
"""

_CAVEATS = """## Caveats

- **Machine-extracted.** Records are produced by rules from news text, not by a human coder;
  expect omissions and errors. Every record links to its evidence sentence(s) through
  `mentions` — check them before quoting a record.
- **Figures are as reported, not verified.** `figures` holds what officials or media said
  (`reported_by`), with its qualifier (`approximate`, `at_least`, …); it is not an
  independent count.
- **Counts may double-count.** Figures of different dates or sources form series that
  overlap; adding incident `count`s across records, or figures across series, can count the
  same people twice.
- **Undated counts mostly stay apart.** A figure without an as-of date joins another
  outlet's when both were given by a source (a statement) in the same news cycle, or when
  it is a count of ten or more with the same metric, value and wording of its precision
  ("nearly", "at least") reported within 30 days; a small count an outlet states in its own
  voice stays that outlet's record. Dates an article cannot resolve (no publication date)
  are null with precision `unknown`; the words stay in `date_text`.
- **Sources disagree.** Where articles give different values (ages, dates, names, numbers),
  one value is kept and the alternatives are listed in `discrepancies`.
- **Coverage is limited** to the articles listed in `sources`; absence of a record is not
  evidence that an event did not happen.
"""


def _how_to_load() -> list[str]:
    return [
        "## How to load",
        "",
        "pandas:",
        "",
        "```python",
        "import pandas as pd",
        "incidents = pd.read_csv(\"data/incidents.csv\", keep_default_na=False, na_values=[\"\"])",
        "figures = pd.read_json(\"data/figures.json\", dtype=False)",
        "```",
        "",
        "DuckDB:",
        "",
        "```sql",
        "SELECT metric, as_of, value FROM read_csv('data/figures.csv') ORDER BY metric, as_of;",
        "```",
        "",
        "R:",
        "",
        "```r",
        "incidents <- read.csv(\"data/incidents.csv\", na.strings = \"\", encoding = \"UTF-8\")",
        "# or: frictionless::read_resource(frictionless::read_package(\"datapackage.json\"), \"incidents\")",
        "```",
        "",
        "Frictionless (Python):",
        "",
        "```python",
        "from frictionless import Package, validate",
        "print(validate(\"datapackage.json\").valid)",
        "rows = Package(\"datapackage.json\").get_resource(\"incidents\").read_rows()",
        "```",
        "",
        "Or from the shell: `frictionless validate datapackage.json`.",
        "",
    ]


def render_readme(
    tables: Mapping[str, pd.DataFrame],
    descriptor: Mapping[str, Any],
    *,
    chart_file: str = CHART_FILE,
    curation_summary: str | None = None,
) -> str:
    """The ``README.md`` dataset card.

    Args:
        tables: The eight published tables (normalised, canonical order).
        descriptor: The ``datapackage.json`` descriptor (name, title, version, created,
            licenses, sources, resources with their schemas).
        chart_file: File name of the chart image, relative to the card.
        curation_summary: Optional markdown/plain text about editor curation in this release.

    Returns:
        Markdown text ending with a newline.
    """
    lic = descriptor["licenses"][0]
    lines = [
        f"# {descriptor['title']}",
        "",
        f"Version **{descriptor['version']}** · created {descriptor['created']} · "
        f"data package `{descriptor['name']}` · license [{lic['name']}]({lic['path']})",
        "",
        descriptor["description"],
        "",
        "Files: `datapackage.json` (Frictionless Data Package: schemas, field descriptions, "
        "sources), `data/*.csv` and `data/*.json` (the tables), "
        f"`{chart_file}`, and `warfacts.zip` (everything in one archive).",
        "",
        "## What this dataset is",
        "",
        "An open, reconciled dataset built from news articles about foreign nationals (first of "
        "all Indian nationals) recruited into the Russian armed forces during the Russia–Ukraine "
        "war: **incidents** (deaths, injuries, missing people, releases and discharges, return of "
        "remains, recruitment events, law-enforcement action against recruiters), official "
        "**statements**, **reported figures** (cumulative counts over time) and the **people** "
        "named, each record traceable to the sentence(s) it came from (`mentions`).",
        "",
        *_coverage(tables),
        "",
        "## Reported figures over time",
        "",
        f"![Reported figures over time: one line per metric and nationality]({chart_file})",
        "",
        "Each dot is one row of `figures` with an `as_of` date (figures without a date are not "
        "drawn); the line of a series joins the highest value reported for each date, vertical "
        "bars show ranges and bounds. Values are as reported by the source named in "
        "`reported_by`, not verified.",
        "",
        *_table_docs(tables, descriptor),
        _METHOD,
        _CAVEATS,
        *_how_to_load(),
        "## License",
        "",
        f"The data are released under [{lic.get('title', lic['name'])}]({lic['path']}) "
        f"(`{lic['name']}`). Quoted evidence sentences remain the work of their publishers "
        "(listed in `sources` of `datapackage.json`) and are included as short quotations for "
        "verification. Please cite as: *warfacts, version "
        f"{descriptor['version']}*.",
        "",
    ]
    if curation_summary and curation_summary.strip():
        lines += ["## Curation", "", curation_summary.strip(), ""]
    lines += ["## Sources", "",
              f"{len(descriptor.get('sources', []))} source article URL(s) are listed in `sources` of "
              "`datapackage.json`; `articles.url` gives the URL of each article.", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
