"""Editor curation: the ``curation.yaml`` file of the seeds folder and how it changes the reconciled tables.

What belongs here: the curation file format (below), :func:`load_curation` (read the
file) and :func:`apply_curation` (apply it to the tables returned by
:func:`pipeline.reconcile.reconcile` and log what every entry did). Plain functions,
no Dagster import; the ``reconcile`` assets call them right after reconciliation, so
curated changes win over the machine's.

The file
========

A YAML mapping with up to four sections, each a list of entries. Every entry names
published record ids (``inc-…`` incidents, ``st-…`` statements, ``fig-…`` figures,
``per-…`` people; copy them from ``dist/data/*.csv``) and carries a ``reason``, the
editor's note, which is shown in the dataset card::

    merge:      # the listed records are one real-world fact; the first listed id survives
      - records: [inc-aaaaaaaaaaaa, inc-bbbbbbbbbbbb]
        reason: "Same event reported by two outlets"
    split:      # the mentions from these articles are a different fact: they move to a new record
      - record: st-cccccccccccc
        articles: [art-dddddddddddd]
        reason: "This outlet quotes a different briefing"
    override:   # set one field; the curated value wins over the machine value
      - record: fig-eeeeeeeeeeee
        field: value
        value: 7
        reason: "The article spells the number out; the extractor missed it"
    reject:     # the record is wrong: drop it with its mentions
      - record: st-ffffffffffff
        reason: "Not a statement: a headline"

An empty file, a missing file or an empty section means no curation.

What each operation does
========================

The sections are applied in the order **merge, split, override, reject** (whatever
their order in the file) and the entries of a section in file order, so the same
seeds always give the same tables.

- **merge** (``records``: two or more ids of one table). The first id survives
  with its fields; a field it lacks is taken from the first other record that has
  it. The mentions of the others move to the survivor (their ``extractor`` gets
  ``+curation:merge``; an article that already supports the survivor keeps its one
  mention there), ``num_sources`` / ``source_ids`` are counted again from the mentions,
  references to the others (``incidents.person_id``, ``statements.speaker_person_id``,
  ``figures.statement_id``) point to the survivor, their discrepancies are
  re-pointed, and every field on which the merged records disagree gets a row in
  ``discrepancies``. Merged people: the other names become ``aliases``.
- **split** (``record``, ``articles``: article ids of ``dist/data/articles.csv``).
  The mentions of ``record`` from those articles move to a new record (id: type
  prefix + hash of the original id and the sorted article ids, so it is stable),
  which starts as a copy of the original; ``extractor`` gets ``+curation:split``;
  sources are counted again on both. References and discrepancies stay with the
  original (point a reference at the new record with an override). Listing an
  article that has no mention of the record, or every article of it, is refused.
- **override** (``record``, ``field``, ``value``). Sets the field. Refused for ids,
  ``num_sources``, ``source_ids`` (counted from the mentions) and
  ``incidents.person_name`` (a copy of the person's name), and when the value does
  not fit the field (type, enumeration, minimum, required: see
  ``schemas/tables.py``); YAML ``null`` clears a field that may be empty. A
  reference (``person_id``, ``speaker_person_id``, ``statement_id``) must name an
  existing record. The machine value and the curated one are recorded in
  ``discrepancies``. A person's new ``name`` moves the old one to ``aliases`` and
  into the incidents about them. One override per record and field. Override and
  reject may name records created by split (their ids appear after a build).
- **reject** (``record``). Drops the record, its mentions and its discrepancies;
  references to it become null. Rejecting a person clears ``person_id`` and
  ``person_name`` of their incidents and ``speaker_person_id`` of their statements;
  the incidents and statements themselves stay (``speaker_name`` as reported too).

A bad entry (unknown record or field, record types that differ, an invalid value,
a missing ``reason``, a record already merged away or rejected, an unknown key…) is
not applied, never fatal: :class:`CurationResult` logs every entry, applied or
not, with a sentence saying what was done or why not. Only a file that is not a
YAML mapping stops the build (:class:`CurationFileError`): publishing without any of
its corrections would silently undo them.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

# One definition of mention ids and short hashes: a mention moved here gets the id
# reconcile would have given it had it matched the records itself.
from pipeline.reconcile import _hash, _mention
from schemas.frames import sort_canonical, to_frame
from schemas.model import Field
from schemas.tables import get_table

CURATION_FILE = "curation.yaml"
OPERATIONS = ("merge", "split", "override", "reject")
"""The sections of the file, in the order they are applied."""
CURATION_MARK = "+curation:"
"""Appended (with the operation) to ``mentions.extractor`` of the mentions a merge or split moved."""
SOURCE_FIELDS = ("num_sources", "source_ids")

_ENTRY_KEYS = {
    "merge": ("records", "reason"),
    "split": ("record", "articles", "reason"),
    "override": ("record", "field", "value", "reason"),
    "reject": ("record", "reason"),
}
_SHOWN_VALUE_LENGTH = 80


@dataclass(frozen=True)
class RecordKind:
    """One kind of record an entry can name.

    Attributes:
        name: The ``record_type`` of its mentions and discrepancies.
        table: The table holding it.
        key: Its id column.
        prefix: The prefix of its ids (new ids made by split use it too).
    """

    name: str
    table: str
    key: str
    prefix: str


RECORD_KINDS = (
    RecordKind("incident", "incidents", "incident_id", "inc-"),
    RecordKind("statement", "statements", "statement_id", "st-"),
    RecordKind("figure", "figures", "figure_id", "fig-"),
    RecordKind("person", "people", "person_id", "per-"),
)
_KIND_OF_TABLE = {kind.table: kind for kind in RECORD_KINDS}


class CurationFileError(ValueError):
    """The curation file cannot be read as a YAML mapping (nothing of it can be applied)."""


@dataclass(frozen=True)
class CurationLogEntry:
    """What one entry of the curation file did.

    Attributes:
        operation: ``merge``, ``split``, ``override``, ``reject`` (or the name of an
            unknown section).
        number: Position of the entry in its section, from 1.
        records: The record ids the entry names (as written, when they could be read).
        reason: The editor's note (empty when the entry has none).
        applied: True when the entry changed (or confirmed) the tables.
        outcome: One sentence: what was done, or why the entry was not applied.
    """

    operation: str
    number: int
    records: tuple[str, ...]
    reason: str
    applied: bool
    outcome: str

    @property
    def label(self) -> str:
        """``<operation> #<number>``, how the log and other entries refer to this entry."""
        return _label(self.operation, self.number)


def _label(operation: str, number: int) -> str:
    return f"{operation} #{number}"


@dataclass(frozen=True)
class CurationResult:
    """The curated tables and the log of every entry.

    Attributes:
        tables: The tables given to :func:`apply_curation` (same keys and schemas,
            canonical row order) with the curation applied.
        log: One entry per entry of the file, in the order they were applied.
    """

    tables: dict[str, pd.DataFrame]
    log: tuple[CurationLogEntry, ...]

    @property
    def applied(self) -> int:
        """Number of entries applied."""
        return sum(entry.applied for entry in self.log)


class _NotApplied(Exception):
    """Raised (with the sentence for the log) when an entry cannot be applied."""


# ---------------------------------------------------------------- reading the file


def load_curation(seeds_dir: Path) -> dict[str, Any]:
    """The parsed curation file of ``seeds_dir`` ({} when there is none or it is empty).

    The entries are not checked here: :func:`apply_curation` logs the bad ones.

    Raises:
        CurationFileError: when the file is not YAML or not a mapping of sections.
    """
    path = Path(seeds_dir) / CURATION_FILE
    if not path.exists():
        return {}
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        # not chained: the build report shows the innermost error, and this one names the file
        raise CurationFileError(f"{path} is not readable YAML: {exc}") from None
    if content is None:
        return {}
    if not isinstance(content, dict):
        raise CurationFileError(
            f"{path} must be a mapping with the sections {', '.join(OPERATIONS)}; "
            f"got a {type(content).__name__}"
        )
    return content


# ---------------------------------------------------------------- working state


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    # numpy scalars from Int64 columns: compare and print like the YAML values they meet
    return value.item() if hasattr(value, "item") else value


def _rows(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in rec.items()} for rec in df.to_dict("records")]


class _State:
    """The records, mentions and discrepancies as mutable dicts, plus what earlier entries did."""

    def __init__(self, tables: Mapping[str, pd.DataFrame]):
        self.records = {
            kind.table: {row[kind.key]: row for row in _rows(tables[kind.table])} for kind in RECORD_KINDS
        }
        self.mentions = {row["mention_id"]: row for row in _rows(tables["mentions"])}
        self.discrepancies = {row["discrepancy_id"]: row for row in _rows(tables["discrepancies"])}
        # id of a record that no longer exists → what removed it (for the log of later entries)
        self.gone: dict[str, str] = {}
        # (record id, field) → label of the override that set it
        self.overridden: dict[tuple[str, str], str] = {}

    def find(self, record_id: Any) -> RecordKind:
        """The kind of an existing record; :class:`_NotApplied` when there is none."""
        if not isinstance(record_id, str) or not record_id.strip():
            raise _NotApplied(f"{_show(record_id)} is not a record id "
                              "(ids look like inc-…, st-…, fig-…, per-…)")
        for kind in RECORD_KINDS:
            if record_id in self.records[kind.table]:
                return kind
        if record_id in self.gone:
            raise _NotApplied(f"{record_id} no longer exists: {self.gone[record_id]}")
        kind = next((k for k in RECORD_KINDS if record_id.startswith(k.prefix)), None)
        where = (f"there is no {kind.name} with this id" if kind
                 else "no incident, statement, figure or person has this id")
        raise _NotApplied(f"unknown record id {record_id}: {where} in this build")

    def mentions_of(self, kind: RecordKind, record_id: str) -> list[dict[str, Any]]:
        """The mentions supporting a record, in id order."""
        return [m for _, m in sorted(self.mentions.items())
                if m["record_type"] == kind.name and m["record_id"] == record_id]

    def articles_of(self, kind: RecordKind, record_id: str) -> list[str]:
        """The sorted ids of the articles mentioning a record."""
        return sorted({m["article_id"] for m in self.mentions_of(kind, record_id)})

    def recount_sources(self, kind: RecordKind, record_id: str) -> None:
        """``num_sources`` / ``source_ids`` of a record from its mentions (people have neither)."""
        row = self.records[kind.table][record_id]
        articles = self.articles_of(kind, record_id)
        if "num_sources" in row and articles:
            row["num_sources"], row["source_ids"] = len(articles), ";".join(articles)

    def move_mentions(self, kind: RecordKind, from_ids: set[str], to_id: str, operation: str,
                      articles: set[str] | None = None) -> int:
        """Point the mentions of ``from_ids`` (from ``articles`` only, when given) at ``to_id``.

        Returns:
            How many mentions were moved.
        """
        def span(mention: dict[str, Any]) -> str:
            return mention["article_id"]

        # one mention per record per article (as reconcile gives): an article that already
        # supports the target keeps its mention there
        supported = {span(m) for m in self.mentions_of(kind, to_id)}
        moved = 0
        for mention_id, mention in sorted(self.mentions.items()):
            if mention["record_type"] != kind.name or mention["record_id"] not in from_ids:
                continue
            if articles is not None and mention["article_id"] not in articles:
                continue
            del self.mentions[mention_id]
            moved += 1
            if span(mention) in supported:
                continue
            supported.add(span(mention))
            traced = {**mention, "extractor": f"{mention['extractor']} {CURATION_MARK}{operation}"}
            new = _mention(kind.name, to_id, traced)
            self.mentions[new["mention_id"]] = new
        return moved

    def set_person(self, incident: dict[str, Any], person_id: str | None) -> None:
        """Set an incident's person, keeping ``person_name`` the person's canonical name."""
        incident["person_id"] = person_id
        person = self.records["people"].get(person_id) if person_id else None
        incident["person_name"] = person["name"] if person else None

    def references_to(self, kind: RecordKind) -> Iterator[tuple[str, dict[str, Any], str]]:
        """``(table, row, column)`` of every foreign key (from :mod:`schemas.tables`) into ``kind``'s table."""
        for other in RECORD_KINDS:
            for fk in get_table(other.table).foreign_keys:
                if fk.reference_table == kind.table:
                    for row in self.records[other.table].values():
                        yield other.table, row, fk.fields[0]

    def repoint_references(self, kind: RecordKind, from_ids: set[str], to_id: str | None) -> int:
        """Point every reference to ``from_ids`` at ``to_id`` (None clears them); returns how many."""
        changed = 0
        for table, row, column in self.references_to(kind):
            if row[column] in from_ids:
                if table == "incidents" and column == "person_id":
                    self.set_person(row, to_id)
                else:
                    row[column] = to_id
                changed += 1
        return changed

    def frames(self, tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        """The tables (same keys as ``tables``) rebuilt from the state, canonical order."""
        records = {
            **{kind.table: list(self.records[kind.table].values()) for kind in RECORD_KINDS},
            "mentions": list(self.mentions.values()),
            "discrepancies": list(self.discrepancies.values()),
        }
        return {name: sort_canonical(name, to_frame(name, records[name])) if name in records else df
                for name, df in tables.items()}


# ---------------------------------------------------------------- small helpers


def _text(value: Any) -> str:
    """A value as ``discrepancies`` prints it (null for None)."""
    return "null" if value is None else str(value)


def _show(value: Any) -> str:
    """A value as a log sentence prints it: on one line, long text shortened."""
    text = " ".join(_text(value).split())
    return text if len(text) <= _SHOWN_VALUE_LENGTH else text[: _SHOWN_VALUE_LENGTH - 1] + "…"


def _reason(entry: Any) -> str:
    """The editor's note of an entry, on one line ("" when there is none)."""
    reason = entry.get("reason") if isinstance(entry, Mapping) else None
    return " ".join(reason.split()) if isinstance(reason, str) else ""


def _check_entry(operation: str, entry: Any) -> None:
    """Check an entry's keys and reason; :class:`_NotApplied` when it is malformed."""
    expected = _ENTRY_KEYS[operation]
    if not isinstance(entry, Mapping):
        raise _NotApplied(f"an entry is a mapping with the keys {', '.join(expected)}; got {_show(entry)}")
    missing = [key for key in expected if key not in entry]
    unknown = sorted(str(key) for key in entry if key not in expected)
    if missing:
        raise _NotApplied(f"missing key(s) {', '.join(missing)} (an entry has {', '.join(expected)})")
    if unknown:
        raise _NotApplied(f"unknown key(s) {', '.join(unknown)} (an entry has {', '.join(expected)})")
    if not _reason(entry):
        raise _NotApplied("no reason given: every entry needs a `reason`, the editor's note")


def _named_records(entry: Any) -> tuple[str, ...]:
    """The record ids an entry names, as far as they can be read (for the log)."""
    if not isinstance(entry, Mapping):
        return ()
    named = entry.get("records", entry.get("record"))
    named = named if isinstance(named, list) else [named]
    return tuple(str(r) for r in named if isinstance(r, (str, int)))


def _id_list(value: Any, what: str) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        example = "inc-…, inc-…" if what == "records" else "art-…"
        raise _NotApplied(f"`{what}` must be a list of ids, e.g. [{example}]")
    repeated = sorted({v for v in value if value.count(v) > 1})
    if repeated:
        raise _NotApplied(f"{', '.join(repeated)} listed more than once")
    return list(value)


def _discrepancy_values(by_value: Mapping[Any, set[str]], extra: str = "") -> str:
    """``value (article ids)`` pairs, as :mod:`pipeline.reconcile` writes ``discrepancies.values``."""
    parts = [f"{_text(v)} ({', '.join(sorted(ids))})" for v, ids in sorted(by_value.items(), key=lambda x: str(x[0]))]
    return "; ".join(parts + ([extra] if extra else []))


# ---------------------------------------------------------------- value checks


def _curated_value(field: Field, value: Any) -> Any:
    """``value`` as stored in ``field`` (dates as ISO text); :class:`_NotApplied` when it does not fit."""
    if isinstance(value, str) and not value.strip():
        value = None  # an empty cell and a null are the same thing in the published CSV
    if value is None:
        if field.required:
            raise _NotApplied(f"{field.name} is required: it cannot be null")
        return None
    if isinstance(value, bool):
        # YAML reads yes/no/on/off/true/false unquoted as booleans; no field of the tables is one
        raise _NotApplied(f"YAML read {value} as true/false: put the value of {field.name} in quotes")
    if field.type == "integer":
        if not isinstance(value, int):
            raise _NotApplied(f"{field.name} takes a whole number; got {_show(value)}")
        if field.minimum is not None and value < field.minimum:
            raise _NotApplied(f"{field.name} must be at least {field.minimum}; got {value}")
        return value
    if field.type == "date":
        if isinstance(value, dt.datetime):
            raise _NotApplied(f"{field.name} takes a date (YYYY-MM-DD) without a time; got {value}")
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            if isinstance(value, str) and len(value) == 10:
                return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
        raise _NotApplied(f"{field.name} takes a date written YYYY-MM-DD; got {_show(value)}")
    if isinstance(value, dt.date):
        value = value.isoformat()  # an unquoted date in a text field, e.g. date_text
    elif isinstance(value, int):
        value = str(value)
    elif not isinstance(value, str):
        raise _NotApplied(f"{field.name} takes text; got {_show(value)} (put it in quotes)")
    if field.enum and value not in field.enum:
        raise _NotApplied(f"{value!r} is not a {field.name}: one of {', '.join(field.enum)}")
    if field.pattern and not re.fullmatch(field.pattern, value):
        raise _NotApplied(f"{value!r} does not have the form of {field.name}")
    return value


def _protected(kind: RecordKind, field: str) -> str | None:
    """Why ``field`` of ``kind`` cannot be overridden, or None when it can."""
    if field == kind.key:
        return "it is the record's id (to make two records one, use merge)"
    if field in SOURCE_FIELDS:
        return "it is counted from the mentions (merge or split change the sources)"
    if kind.table == "incidents" and field == "person_name":
        return "it is the name of the person in person_id (override person_id, or the person's name)"
    return None


# ---------------------------------------------------------------- operations


def _merge(state: _State, entry: Mapping[str, Any], label: str, reason: str) -> str:
    ids = _id_list(entry["records"], "records")
    if len(ids) < 2:
        raise _NotApplied("a merge needs at least two records")
    kinds = [state.find(record_id) for record_id in ids]
    if len({kind.name for kind in kinds}) > 1:
        types = ", ".join(f"{record_id}: {kind.name}" for record_id, kind in zip(ids, kinds))
        raise _NotApplied(f"record types differ ({types}): only records of one table can be merged")
    kind, survivor, others = kinds[0], ids[0], ids[1:]
    rows = state.records[kind.table]
    keep = rows[survivor]
    articles = {record_id: set(state.articles_of(kind, record_id)) for record_id in ids}

    # Fields: the survivor's value wins; the values it overrides stay visible in discrepancies.
    skipped = {kind.key, *SOURCE_FIELDS, "aliases", "person_name"}
    for field in (f.name for f in get_table(kind.table).fields if f.name not in skipped):
        by_value: dict[Any, set[str]] = defaultdict(set)
        for record_id in ids:
            if rows[record_id][field] is not None:
                by_value[rows[record_id][field]] |= articles[record_id]
        filled = keep[field] is None and bool(by_value)
        if filled:
            first = next(rows[r][field] for r in others if rows[r][field] is not None)
            if kind.table == "incidents" and field == "person_id":
                state.set_person(keep, first)
            else:
                keep[field] = first
        if len(by_value) > 1:
            why = (f"the surviving record {survivor} had none: first merged record that has one" if filled
                   else f"value of the surviving record {survivor}")
            discrepancy_id = "dis-" + _hash(kind.name, survivor, field, "merge", *others)
            state.discrepancies[discrepancy_id] = {
                "discrepancy_id": discrepancy_id, "record_type": kind.name, "record_id": survivor,
                "field": field, "values": _discrepancy_values(by_value),
                "resolution": f"kept {_text(keep[field])}: {why}, editor merge in curation.yaml ({reason})",
            }
    if kind.table == "people":
        spellings = {alias for r in ids for alias in (rows[r]["aliases"] or "").split(";") if alias}
        spellings |= {rows[r]["name"] for r in others}
        keep["aliases"] = ";".join(sorted(spellings - {keep["name"]})) or None

    references = state.repoint_references(kind, set(others), survivor)
    moved = state.move_mentions(kind, set(others), survivor, "merge")
    for discrepancy in state.discrepancies.values():
        if discrepancy["record_type"] == kind.name and discrepancy["record_id"] in others:
            discrepancy["record_id"] = survivor
    for record_id in others:
        del rows[record_id]
        state.gone[record_id] = f"merged into {survivor} by {label}"
    state.recount_sources(kind, survivor)
    return (f"merged {', '.join(others)} into {kind.name} {survivor}: {moved} mention(s) and "
            f"{references} reference(s) re-pointed")


def _split(state: _State, entry: Mapping[str, Any], label: str, reason: str) -> str:
    record_id = entry["record"]
    kind = state.find(record_id)
    articles = _id_list(entry["articles"], "articles")
    present = state.articles_of(kind, record_id)
    absent = [a for a in articles if a not in present]
    if absent:
        raise _NotApplied(f"{', '.join(absent)} has no mention of {record_id} "
                          f"(its articles: {', '.join(present) or 'none'})")
    if set(articles) == set(present):
        raise _NotApplied(f"every article of {record_id} is listed: nothing would stay with it "
                          "(to drop the record, use reject)")
    new_id = kind.prefix + _hash(record_id, *sorted(articles))
    if new_id in state.records[kind.table] or new_id in state.gone:
        raise _NotApplied(f"{new_id}, the record this split creates, exists already")
    state.records[kind.table][new_id] = {**state.records[kind.table][record_id], kind.key: new_id}
    moved = state.move_mentions(kind, {record_id}, new_id, "split", set(articles))
    state.recount_sources(kind, record_id)
    state.recount_sources(kind, new_id)
    return (f"moved {moved} mention(s) from {', '.join(sorted(articles))} to the new {kind.name} {new_id}; "
            f"{record_id} keeps {len(present) - len(articles)} article(s)")


def _override(state: _State, entry: Mapping[str, Any], label: str, reason: str) -> str:
    record_id, field_name = entry["record"], entry["field"]
    kind = state.find(record_id)
    table = get_table(kind.table)
    editable = [f for f in table.columns if _protected(kind, f) is None]
    if not isinstance(field_name, str) or field_name not in table.columns:
        raise _NotApplied(f"unknown field {_show(field_name)}: a {kind.name} has {', '.join(editable)}")
    why_protected = _protected(kind, field_name)
    if why_protected:
        raise _NotApplied(f"{field_name} cannot be overridden: {why_protected}")
    earlier = state.overridden.get((record_id, field_name))
    if earlier:
        raise _NotApplied(f"{field_name} of {record_id} is already set by {earlier}: keep one of the two entries")
    value = _curated_value(table.field(field_name), entry["value"])
    for fk in table.foreign_keys:
        if fk.fields == (field_name,) and value is not None and value not in state.records[fk.reference_table]:
            target = _KIND_OF_TABLE[fk.reference_table].name
            raise _NotApplied(f"{value} is not a {target} of this build: {field_name} must name one")

    row = state.records[kind.table][record_id]
    machine = row[field_name]
    state.overridden[(record_id, field_name)] = label
    if machine == value:
        return f"{field_name} of {kind.name} {record_id} is already {_show(value)}: nothing to change"
    if kind.table == "incidents" and field_name == "person_id":
        state.set_person(row, value)
    else:
        row[field_name] = value
    precision = next((f.name for f in table.fields if f.precision_of == field_name), None)
    if precision and (value is None) != (row[precision] == "unknown"):
        # an editor's date is a whole YYYY-MM-DD; a cleared date has no precision
        row[precision] = "unknown" if value is None else "day"
    if kind.table == "people" and field_name == "name":
        spellings = {a for a in (row["aliases"] or "").split(";") if a} | {machine}
        row["aliases"] = ";".join(sorted(spellings - {value})) or None
        for incident in state.records["incidents"].values():
            if incident["person_id"] == record_id:
                state.set_person(incident, record_id)

    resolution = f"kept {_text(value)}: editor override in curation.yaml ({reason})"
    curated = f"{_text(value)} (curation.yaml)"
    existing = [d for d in state.discrepancies.values()
                if (d["record_type"], d["record_id"], d["field"]) == (kind.name, record_id, field_name)]
    for discrepancy in existing:  # the sources' disagreement stays listed; the curated value now wins it
        discrepancy["values"] = f"{discrepancy['values']}; {curated}"
        discrepancy["resolution"] = resolution
    if not existing:
        discrepancy_id = "dis-" + _hash(kind.name, record_id, field_name)
        machine_sources = ", ".join(state.articles_of(kind, record_id)) or "no article"
        state.discrepancies[discrepancy_id] = {
            "discrepancy_id": discrepancy_id, "record_type": kind.name, "record_id": record_id,
            "field": field_name, "values": f"{_text(machine)} (reconciled from {machine_sources}); {curated}",
            "resolution": resolution,
        }
    return f"set {field_name} of {kind.name} {record_id} to {_show(value)} (machine value: {_show(machine)})"


def _reject(state: _State, entry: Mapping[str, Any], label: str, reason: str) -> str:
    record_id = entry["record"]
    kind = state.find(record_id)
    mentions = [mid for mid, m in state.mentions.items()
                if m["record_type"] == kind.name and m["record_id"] == record_id]
    for mention_id in mentions:
        del state.mentions[mention_id]
    for discrepancy_id, d in list(state.discrepancies.items()):
        if d["record_type"] == kind.name and d["record_id"] == record_id:
            del state.discrepancies[discrepancy_id]
    references = state.repoint_references(kind, {record_id}, None)
    del state.records[kind.table][record_id]
    state.gone[record_id] = f"rejected by {label}"
    return (f"dropped {kind.name} {record_id} with its {len(mentions)} mention(s); "
            f"{references} reference(s) to it cleared")


_APPLY = {"merge": _merge, "split": _split, "override": _override, "reject": _reject}


# ---------------------------------------------------------------- applying the file


def _sections(curation: Mapping[str, Any], log: list[CurationLogEntry]) -> Iterator[tuple[str, int, Any]]:
    """``(operation, number, entry)`` in application order; unknown or malformed sections are logged."""
    for name in sorted(str(key) for key in curation if key not in OPERATIONS):
        log.append(CurationLogEntry(name, 1, (), "", False,
                                    f"unknown section {name!r}: the sections are {', '.join(OPERATIONS)}"))
    for operation in OPERATIONS:
        entries = curation.get(operation)
        if entries is None:  # an empty section (e.g. only commented-out examples)
            continue
        if not isinstance(entries, list):
            log.append(CurationLogEntry(operation, 1, (), "", False,
                                        f"the {operation} section must be a list of entries (each starting with '- ')"))
            continue
        for number, entry in enumerate(entries, start=1):
            yield operation, number, entry


def apply_curation(tables: Mapping[str, pd.DataFrame], curation: Mapping[str, Any] | None) -> CurationResult:
    """Apply the editor's curation to the reconciled tables.

    Args:
        tables: The tables of :func:`pipeline.reconcile.reconcile` (``people``,
            ``incidents``, ``statements``, ``figures``, ``mentions``,
            ``discrepancies``); not modified. Other tables are passed through.
        curation: The parsed curation file (:func:`load_curation`); None or {} for none.

    Returns:
        The curated tables (same keys and schemas, canonical order) and the log of
        every entry. Entries that cannot be applied leave the tables as they were and
        are logged with the reason.
    """
    state = _State(tables)
    log: list[CurationLogEntry] = []
    for operation, number, entry in _sections(curation or {}, log):
        label = _label(operation, number)
        records, reason = _named_records(entry), _reason(entry)
        before = copy.deepcopy(state)
        try:
            _check_entry(operation, entry)
            outcome = _APPLY[operation](state, entry, label, reason)
        except _NotApplied as exc:
            state, applied, outcome = before, False, str(exc)
        except Exception as exc:  # noqa: BLE001 — one odd entry must not stop an unattended build
            state, applied, outcome = before, False, f"could not be applied ({type(exc).__name__}: {exc})"
        else:
            applied = True
        log.append(CurationLogEntry(operation, number, records, reason, applied, outcome))
    return CurationResult(tables=state.frames(tables), log=tuple(log))
