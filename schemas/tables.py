"""Every table of warfacts, defined once.

The published tables follow the data contract of SPEC §3 (names, columns and
enumerations are fixed; columns may be added, never renamed or dropped). The
``extracted_*`` tables are the per-article output of extraction, before
reconciliation: they are validated like the published ones but not published.
"""

from __future__ import annotations

from schemas.model import Field, ForeignKey, Table

INCIDENT_TYPES = (
    "death", "injury", "missing", "release", "remains_repatriated", "recruitment", "law_enforcement",
)
DATE_PRECISIONS = ("day", "week", "month", "year", "unknown")
COUNT_QUALIFIERS = ("exact", "approximate", "at_least", "at_most")
STATEMENT_KINDS = ("direct", "indirect")
FIGURE_METRICS = ("killed", "injured", "missing", "released", "recruited", "serving", "sought_help")
FIGURE_QUALIFIERS = ("exact", "approximate", "at_least", "at_most", "range")
PERSON_ROLES = ("official", "victim", "recruit", "accused", "other")
RECORD_TYPES = ("incident", "statement", "figure", "person")
QUARANTINE_REASONS = (
    "empty", "binary", "undecodable", "too_large", "not_english", "duplicate",
    "bad_front_matter", "bad_json", "bad_manifest", "unsupported_format", "no_text", "invalid_record",
)
ISO_DATE = r"\d{4}-\d{2}-\d{2}"

# ---------------------------------------------------------------- shared field groups


def _s(name: str, description: str, **kw) -> Field:
    return Field(name, "string", description, **kw)


def _i(name: str, description: str, **kw) -> Field:
    return Field(name, "integer", description, **kw)


def _d(name: str, description: str, **kw) -> Field:
    return Field(name, "date", description, **kw)


def _date_fields(prefix: str, what: str) -> tuple[Field, ...]:
    return (
        _d(prefix, f"{what}; the first day of the period when the precision is coarser than a day. "
                   "Null when the text does not allow resolving it."),
        _s(f"{prefix}_precision", f"Precision of `{prefix}`; `unknown` exactly when `{prefix}` is null "
                                  "(an expression that could not be placed in time stays in the text).",
           required=True, enum=DATE_PRECISIONS, precision_of=prefix),
    )


def _sources() -> tuple[Field, ...]:
    return (
        _i("num_sources", "Number of distinct articles reporting this record.", required=True, minimum=1),
        _s("source_ids", "`;`-joined article_ids of the articles reporting this record.",
           required=True, list_separator=";"),
    )


def _provenance(kind: str) -> tuple[Field, ...]:
    return (
        _s("fact_id", f"Id of this extracted {kind}, unique within the run.", required=True, unique=True),
        _s("article_id", "The article it was read from.", required=True),
        _i("char_start", "Start offset of the evidence in the article's cleaned text.", required=True, minimum=0),
        _i("char_end", "End offset (exclusive) of the evidence in the article's cleaned text.",
           required=True, minimum=0),
        _s("evidence", "The sentence(s) the fact was read from.", required=True),
        _s("extractor", "The rule that produced the fact.", required=True),
    )


_ARTICLE_FK = ForeignKey(("article_id",), "articles", ("article_id",))

# ---------------------------------------------------------------- published tables

ARTICLES = Table(
    name="articles",
    title="Articles",
    description="One row per ingested article (quarantined inputs are in `quarantine`).",
    primary_key=("article_id",),
    fields=(
        _s("article_id", "Content-derived id (hash of the file's bytes), stable across runs.",
           required=True, unique=True),
        _s("source_file", "Path of the input file relative to the seeds folder.", required=True),
        _s("url", "Canonical URL of the article."),
        _s("outlet", "Publishing outlet."),
        _s("title", "Headline."),
        _s("author", "Byline author(s); never copied into `people`."),
        _d("published", "Publication date; null when unknown."),
        _s("language", "ISO 639-1 code of the article's language.", required=True, pattern=r"[a-z]{2}"),
        _i("word_count", "Words in the cleaned body text.", required=True, minimum=0),
    ),
)

INCIDENTS = Table(
    name="incidents",
    title="Incidents",
    description=(
        "One row per real-world event concerning foreign nationals in Russian military service "
        "or their recruitment (deaths, injuries, missing, releases, return of remains, "
        "recruitment, law-enforcement action against recruiters), after reconciliation across articles."
    ),
    primary_key=("incident_id",),
    foreign_keys=(ForeignKey(("person_id",), "people", ("person_id",)),),
    fields=(
        _s("incident_id", "Stable id of the event.", required=True, unique=True),
        _s("type", "Kind of event.", required=True, enum=INCIDENT_TYPES),
        *_date_fields("date", "When the event happened"),
        _s("date_text", "The date as written, e.g. 'In March'."),
        _s("place", "Where it happened, as precise as reported (e.g. 'Donetsk region')."),
        _s("region", "Region / province of the place."),
        _s("country", "Country of the place."),
        _s("person_id", "The person concerned, when the event concerns one named person."),
        _s("person_name", "Canonical name of that person."),
        _i("count", "Number of people concerned.", required=True, minimum=1),
        _s("count_qualifier", "How exact `count` is.", required=True, enum=COUNT_QUALIFIERS),
        _s("nationality", "Nationality of the people concerned, e.g. 'Indian'."),
        _s("actor", "Who acted, e.g. 'Central Bureau of Investigation'."),
        _s("cause", "Cause, e.g. 'Ukrainian air strike'."),
        _s("description", "One plain sentence describing the event.", required=True),
        *_sources(),
    ),
)

STATEMENTS = Table(
    name="statements",
    title="Statements",
    description=(
        "One row per utterance by an identifiable speaker (person, role or organisation), "
        "after reconciliation: the same quotation carried by several outlets is one row."
    ),
    primary_key=("statement_id",),
    foreign_keys=(ForeignKey(("speaker_person_id",), "people", ("person_id",)),),
    fields=(
        _s("statement_id", "Stable id of the utterance.", required=True, unique=True),
        _s("speaker_name", "Name of the person speaking."),
        _s("speaker_title", "Title or role of the speaker, e.g. 'spokesperson'."),
        _s("speaker_org", "Canonical organisation of the speaker."),
        _s("speaker_country", "Country the speaker speaks for."),
        _s("speaker_person_id", "The speaker in `people`."),
        _s("kind", "`direct`: words inside quotation marks; `indirect`: reported speech.",
           required=True, enum=STATEMENT_KINDS),
        _s("text", "Direct: the quoted words only; indirect: the reported clause.", required=True),
        *_date_fields("date", "When it was said"),
        _s("occasion", "Where it was said, e.g. 'press conference'."),
        *_sources(),
    ),
)

FIGURES = Table(
    name="figures",
    title="Reported figures",
    description=(
        "One row per reported cumulative count (metric, value, as-of date), e.g. the number "
        "of nationals killed so far. A series over time is several rows."
    ),
    primary_key=("figure_id",),
    foreign_keys=(ForeignKey(("statement_id",), "statements", ("statement_id",)),),
    fields=(
        _s("figure_id", "Stable id of the figure.", required=True, unique=True),
        _s("metric", "What is counted.", required=True, enum=FIGURE_METRICS),
        _i("value", "Best value (the lower bound for ranges).", required=True, minimum=0),
        _i("value_low", "Lower bound, for ranges and bounds.", minimum=0),
        _i("value_high", "Upper bound, for ranges and bounds.", minimum=0),
        _s("qualifier", "How exact `value` is.", required=True, enum=FIGURE_QUALIFIERS),
        _s("nationality", "Nationality of the people counted."),
        *_date_fields("as_of", "The date the count refers to"),
        _s("reported_by", "Who gave the figure, e.g. 'Ministry of External Affairs', 'media reports'."),
        _s("statement_id", "The statement asserting the figure, if any."),
        *_sources(),
    ),
)

PEOPLE = Table(
    name="people",
    title="People",
    description="One row per named person (victims, recruits, accused, officials), after entity resolution.",
    primary_key=("person_id",),
    fields=(
        _s("person_id", "Stable id of the person.", required=True, unique=True),
        _s("name", "Canonical spelling of the name.", required=True),
        _s("aliases", "Other spellings seen, `;`-joined.", list_separator=";"),
        _s("role", "Role in the data.", required=True, enum=PERSON_ROLES),
        _s("title", "Title, e.g. 'Foreign Secretary'."),
        _s("organisation", "Canonical organisation."),
        _s("nationality", "Nationality, e.g. 'Indian'."),
        _i("age", "Age as reported.", minimum=0),
        _s("hometown", "Home town or village."),
        _s("home_region", "Home state / province / district."),
    ),
)

MENTIONS = Table(
    name="mentions",
    title="Mentions (provenance)",
    description="One row per fact per article: the sentence each published record was read from.",
    primary_key=("mention_id",),
    foreign_keys=(_ARTICLE_FK,),
    fields=(
        _s("mention_id", "Id of the mention.", required=True, unique=True),
        _s("record_type", "Table of the record it supports.", required=True, enum=RECORD_TYPES),
        _s("record_id", "Id of the reconciled record it supports.", required=True),
        _s("article_id", "The article.", required=True),
        _i("char_start", "Start offset in the article's cleaned text.", required=True, minimum=0),
        _i("char_end", "End offset (exclusive) in the article's cleaned text.", required=True, minimum=0),
        _s("evidence", "The sentence(s) the fact was read from.", required=True),
        _s("extractor", "The rule (or curation entry) that produced it.", required=True),
    ),
)

DISCREPANCIES = Table(
    name="discrepancies",
    title="Discrepancies",
    description="One row per field on which the sources of one record disagree, with the value kept.",
    primary_key=("discrepancy_id",),
    fields=(
        _s("discrepancy_id", "Id of the discrepancy.", required=True, unique=True),
        _s("record_type", "Table of the record.", required=True, enum=RECORD_TYPES),
        _s("record_id", "Id of the record.", required=True),
        _s("field", "The disagreeing field, e.g. `age`.", required=True),
        _s("values", "Each value with the article_ids that gave it.", required=True),
        _s("resolution", "The value kept and why.", required=True),
    ),
)

QUARANTINE = Table(
    name="quarantine",
    title="Quarantine",
    description="One row per input (or extracted record) that was not used, with the reason.",
    fields=(
        _s("source_file", "Path of the input file relative to the seeds folder.", required=True),
        _s("reason", "Why it was not used.", required=True, enum=QUARANTINE_REASONS),
        _s("detail", "Details for the editor."),
    ),
)

# ---------------------------------------------------------------- extracted (not published)

EXTRACTED_STATEMENTS = Table(
    name="extracted_statements",
    title="Extracted statements",
    description="One row per statement read from one article, before reconciliation.",
    primary_key=("fact_id",),
    published=False,
    fields=(
        *_provenance("statement"),
        *(f for f in STATEMENTS.fields
          if f.name in {"speaker_name", "speaker_title", "speaker_org", "speaker_country", "kind",
                        "text", "date", "date_precision", "occasion"}),
        _s("date_text", "The date as written."),
        _s("speaker_fact_id", "The extracted person speaking, if named."),
    ),
)

EXTRACTED_INCIDENTS = Table(
    name="extracted_incidents",
    title="Extracted incidents",
    description="One row per incident read from one article, before reconciliation.",
    primary_key=("fact_id",),
    published=False,
    fields=(
        *_provenance("incident"),
        *(f for f in INCIDENTS.fields
          if f.name in {"type", "date", "date_precision", "date_text", "place", "region", "country",
                        "person_name", "count", "count_qualifier", "nationality", "actor", "cause",
                        "description"}),
        _s("subtype", "Finer kind of event told by the trigger word (law_enforcement: arrest, inquiry, "
                      "case); reconciliation keeps different kinds apart."),
        _s("members", "The people named in a group event (`;`-joined); reconciliation keeps groups "
                      "with different members apart."),
        Field("other_group", "boolean", "Whether the text presents this counted group as other than one "
                                        "it told before (\"two others\", \"two more\"); reconciliation never "
                                        "merges it with a group of its own article."),
        _s("person_fact_id", "The extracted person concerned, if named."),
    ),
)

EXTRACTED_FIGURES = Table(
    name="extracted_figures",
    title="Extracted figures",
    description="One row per figure read from one article, before reconciliation.",
    primary_key=("fact_id",),
    published=False,
    fields=(
        *_provenance("figure"),
        *(f for f in FIGURES.fields
          if f.name in {"metric", "value", "value_low", "value_high", "qualifier", "nationality",
                        "as_of", "as_of_precision", "reported_by"}),
        _s("statement_fact_id", "The extracted statement asserting it, if any."),
    ),
)

EXTRACTED_PEOPLE = Table(
    name="extracted_people",
    title="Extracted people",
    description="One row per person named in one article, before entity resolution.",
    primary_key=("fact_id",),
    published=False,
    fields=(
        *_provenance("person"),
        *(f for f in PEOPLE.fields if f.name not in {"person_id", "aliases"}),
    ),
)

PUBLISHED_TABLES: tuple[Table, ...] = (
    ARTICLES, INCIDENTS, STATEMENTS, FIGURES, PEOPLE, MENTIONS, DISCREPANCIES, QUARANTINE,
)
EXTRACTED_TABLES: tuple[Table, ...] = (
    EXTRACTED_STATEMENTS, EXTRACTED_INCIDENTS, EXTRACTED_FIGURES, EXTRACTED_PEOPLE,
)
ALL_TABLES: dict[str, Table] = {t.name: t for t in (*PUBLISHED_TABLES, *EXTRACTED_TABLES)}


def get_table(name: str) -> Table:
    """The table called ``name``."""
    return ALL_TABLES[name]
