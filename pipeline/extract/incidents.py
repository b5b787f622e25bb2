"""Incidents, figures and people of one article.

Per sentence:

- **figures** (``figure.count``, ``figure.total``): a count of people (a number
  followed by a person noun, e.g. "at least 35 Indians") with a metric word nearby
  ("killed", "released", "sought help", …), or the number after a running-total
  phrase ("taking the death count to four"). Counts of deaths anchored in time
  ("two more", "recently") are incidents instead. Anaphoric counts ("the two
  Indians") are neither: they refer back to something already counted.
- **incidents** (``incident.person``, ``incident.group``, ``incident.action``): an
  incident trigger ("died", "arrested", "bodies … flown") concerning a named
  person, an anchored group count, or, for law-enforcement actions, the acting
  organisation. Hypothetical or future clauses yield nothing. A group of a few people that the
  next sentence names ("Two men ... reached home. A and B had signed ...") becomes their named
  incidents (``incident.group_named_next``). Remains owned by a pronoun
  ("His coffin was flown home", ``incident.pronoun``) are those of the article's victim
  named last before it; "He was wounded" at the start of a sentence is the injury of the
  person named last before it, when that person has an incident of their own.
- **people**: every person who is a victim, recruit or accused in an incident, or
  who speaks, with age / hometown / region read next to any mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.codebook import load_codebook
from pipeline.extract.dates import find_dates
from pipeline.extract.entities import (
    Registry, belligerents, countries, country_of_text, find_orgs, recruit_demonyms, regions,
)
from pipeline.extract.entities import _stop as _name_stop
from pipeline.extract.numbers import Quantity, find_quantities
from pipeline.extract.people import PersonFacts, first_name_mentions, person_facts
from pipeline.extract.text import Span, sentences
from pipeline.models import Article


@lru_cache(maxsize=1)
def _ev() -> dict:
    return load_codebook()["events"]


@lru_cache(maxsize=1)
def _trigger_regexes() -> dict[str, re.Pattern[str]]:
    return {t: re.compile(r"(?i)\b(?:" + "|".join(ps) + r")\b") for t, ps in _ev()["incident_triggers"].items()}


@lru_cache(maxsize=1)
def _metric_regexes() -> list[tuple[str, re.Pattern[str]]]:
    return [(m, re.compile(r"(?i)\b(?:" + "|".join(ps) + r")\b")) for m, ps in _ev()["figure_metrics"].items()]


def _rx(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?i)\b(?:" + "|".join(words) + r")\b")


@lru_cache(maxsize=1)
def _irrealis() -> re.Pattern[str]:
    return _rx([re.escape(w) for w in _ev()["irrealis"]])


@lru_cache(maxsize=1)
def _anchors() -> re.Pattern[str]:
    return _rx([re.escape(w) for w in _ev()["event_anchors"]])


@lru_cache(maxsize=1)
def _other_group() -> tuple[re.Pattern[str], re.Pattern[str]]:
    markers = _ev()["other_group_markers"]
    return (re.compile(r"(?i)^\s*(?:" + "|".join(markers["after"]) + r")\b"),
            re.compile(r"(?i)\b(?:" + "|".join(markers["before"]) + r")\s*$"))


def _is_other_group(st: str, q: Quantity) -> bool:
    """Whether the count is marked as another group than one told before ("two others")."""
    after, before = _other_group()
    return bool(after.match(st[q.end:]) or before.search(st[:q.start]))


@lru_cache(maxsize=1)
def _totals() -> re.Pattern[str]:
    return re.compile(r"(?i)(?:" + "|".join(_ev()["total_patterns"]) + r")\s*$")


@lru_cache(maxsize=1)
def _number_at() -> re.Pattern[str]:
    """"put the number of <people> <metric> at" right before a count (codebook ``number_at_patterns``)."""
    return re.compile(r"(?i)(?:" + "|".join(_ev()["number_at_patterns"]) + r")\s*$")


@lru_cache(maxsize=1)
def _bare_count() -> re.Pattern[str]:
    """After a count with no person noun: the verb or state of a metric at once ("are listed as
    missing", "dead"), past an other-group marker and an auxiliary (codebook ``bare_count_auxiliaries``)."""
    ev = _ev()
    metrics = "|".join(p for ps in ev["figure_metrics"].values() for p in ps)
    return re.compile(r"(?i)^\s+(?:(?:" + _alternation(ev["other_group_markers"]["after"]) + r")\s+)?"
                      r"(?:(?:" + _alternation(ev["bare_count_auxiliaries"]) + r")\b(?:\s+[a-z]+){0,3}?\s+)?"
                      r"(?:" + metrics + r")\b")


def _first_metric(words: str) -> str | None:
    """The metric whose word comes first in ``words``, if any."""
    found = sorted((m.start(), metric) for metric, rx in _metric_regexes() if (m := rx.search(words)))
    return found[0][1] if found else None


@lru_cache(maxsize=1)
def _causes() -> re.Pattern[str]:
    return _rx([re.escape(c) for c in _ev()["causes"]])


def _alternation(words: list[str]) -> str:
    """The words (literal text) as one regex alternation, in their order."""
    return "|".join(re.escape(w).replace(r"\ ", " ") for w in words)


@lru_cache(maxsize=1)
def _noun_modifiers() -> re.Pattern[str]:
    """Modifiers skipped between a count and its person noun (codebook ``person_noun_modifiers``)."""
    return re.compile(r"^\s*(?:" + _alternation(_ev()["person_noun_modifiers"]) + r")\s+")


@lru_cache(maxsize=1)
def _own_citizens() -> re.Pattern[str]:
    """A country's own people: "its citizens", "our own nationals" (codebook ``citizen_nouns``)."""
    return re.compile(r"(?i)\b(?:its|our)\s+(?:own\s+)?(?:" + _alternation(_ev()["citizen_nouns"]) + r")\b")


@lru_cache(maxsize=1)
def _belligerent_demonyms() -> re.Pattern[str]:
    """The demonyms of the sides of the war (codebook ``places.belligerents``), any case."""
    names = load_codebook()["places"]["belligerents"]
    return _rx([re.escape(countries()[c]["demonym"]) for c in names])


@lru_cache(maxsize=1)
def _accused() -> re.Pattern[str]:
    """Nouns for accused people (codebook ``accused_nouns``): their counts are no figures."""
    return _rx([re.escape(w) for w in _ev()["accused_nouns"]])


@lru_cache(maxsize=1)
def _currency() -> re.Pattern[str]:
    """A currency mark right before a number (codebook ``currency_markers``)."""
    return re.compile(r"(?i)(?:" + "|".join(_ev()["currency_markers"]) + r")\s*$")


@lru_cache(maxsize=2)
def _sentence_anchor(use: str) -> re.Pattern[str]:
    """Time words that anchor a count anywhere in the sentence (codebook ``sentence_anchors``).

    Args:
        use: ``figures`` or ``incidents``.
    """
    return _rx([re.escape(w) for w in _ev()["sentence_anchors"][use]])


@lru_cache(maxsize=1)
def _specific_group() -> re.Pattern[str]:
    """After a count: "from <Place>" or "who travelled/went/left" (codebook ``departure_verbs``)."""
    return re.compile(r"(?i)\b(?:from\s+[A-Z]\w+|who\s+(?:" + _alternation(_ev()["departure_verbs"]) + r"))")


@lru_cache(maxsize=1)
def _victim_titles() -> frozenset[str]:
    """Titles that do not keep a person from being a victim (codebook ``victim_titles``)."""
    return frozenset(_ev()["victim_titles"])


@lru_cache(maxsize=3)
def _law_enforcement(part: str) -> re.Pattern[str]:
    """Words of law-enforcement actions (codebook ``law_enforcement``), longest first.

    Args:
        part: ``actors``, ``objects`` or ``group_nouns``.
    """
    return _rx([re.escape(w) for w in sorted(_ev()["law_enforcement"][part], key=len, reverse=True)])


@lru_cache(maxsize=1)
def _media_report() -> re.Pattern[str]:
    """Words that say a figure comes from media reports (codebook ``media_report_markers``)."""
    return _rx(_ev()["media_report_markers"])


@lru_cache(maxsize=1)
def _war_region_nouns() -> str:
    """Alternation of the nouns kept with a war-zone region (codebook ``places.place_nouns.war_region``)."""
    return _alternation(load_codebook()["places"]["place_nouns"]["war_region"])


@lru_cache(maxsize=1)
def _speech_verbs() -> str:
    """Alternation of the speech verbs and participles (codebook ``speech``), longest first."""
    speech = load_codebook()["speech"]
    return _alternation(sorted({*speech["verbs"], *speech["participles"]}, key=len, reverse=True))


@lru_cache(maxsize=1)
def _according_to() -> str:
    """Alternation of the words that attribute like a speech verb ("according to", codebook ``speech``)."""
    return _alternation(load_codebook()["speech"]["according_to"])


@lru_cache(maxsize=1)
def _speech_after_name() -> re.Pattern[str]:
    """A speech verb right after a name, past a name suffix ("X ji", codebook ``name_suffixes``), an
    appositive and an adverb ("X, 40, of Town, later said")."""
    return re.compile(r"^(?:\s+(?:" + _alternation(_ev()["name_suffixes"]) + r")\b)?"
                      r"(?:,[^,;.\"“”]{1,40})*,?\s+(?:[a-z]+ly\s+|also\s+|later\s+|has\s+|had\s+)?(?:"
                      + _speech_verbs() + r")\b")


@lru_cache(maxsize=1)
def _speech_before_name() -> re.Pattern[str]:
    """A speech verb or "according to" right before a name ("said his mother, X", codebook ``speech``);
    not before the object of a preposition ("confirmed the death of X": X is the victim)."""
    return re.compile(r"(?i)\b(?:" + _speech_verbs() + "|" + _according_to() + r")\s+"
                      r"(?:(?:his|her|their|the)\s+[a-z]+(?:\s+(?!(?:of|to|for|in|on|at|from|with)\b)[a-z]+)?,?\s+)?$")


@lru_cache(maxsize=1)
def _self_report() -> re.Pattern[str]:
    """A reported clause whose subject is a pronoun for the speaker (codebook ``self_report_pronouns``)."""
    return re.compile(r"(?i)^\s*(?:that\s+)?(?:" + _alternation(_ev()["self_report_pronouns"]) + r")\b")


def _mention_end(st: str, rel: int, person) -> int:
    """End of the person's mention starting at ``rel`` in the sentence (full name, surname, first name or a
    description such as "the 29-year-old", see :func:`_descriptor_mentions`)."""
    if st.startswith(person.name, rel):
        return rel + len(person.name)
    first = person.name.split()[0]
    if st.startswith(first, rel) and not st.startswith(person.surname, rel):
        return rel + len(first)
    described = _person_descriptor().match(st, rel)
    return described.end() if described else rel + len(person.surname)


@lru_cache(maxsize=1)
def _person_descriptor() -> re.Pattern[str]:
    """A description that stands for a person ("the 29-year-old", codebook ``speech.person_descriptors``)."""
    return re.compile(r"(?i)\b(?:" + "|".join(load_codebook()["speech"]["person_descriptors"]) + r")\b")


def _descriptor_mentions(text: str, registry: Registry) -> list[tuple[int, object]]:
    """(position, person) of each description that stands for a named person ("The 31-year-old was
    freed in May"): the person whose age the article gives as that number, else the person
    named last before it. A description followed by a name ("the 29-year-old <Name>") is no mention
    of its own."""
    ages: dict[int, object] = {}
    for p in registry.people:
        for pos in p.positions:
            if text.startswith(p.name, pos):
                age = person_facts(text, pos, pos + len(p.name)).age
                if age is not None:
                    ages.setdefault(age, p)
    out = []
    for m in _person_descriptor().finditer(text):
        if re.match(r"\s+[A-Z]", text[m.end():]):
            continue
        age = re.search(r"\d+", m.group(0))
        p = ages.get(int(age.group(0))) if age else None
        p = p or registry.last_person(m.start())
        if p is not None:
            out.append((m.start(), p))
    return out


def _is_speaker_not_victim(st: str, rel: int, person, trigger: int) -> bool:
    """Whether the person named at ``rel`` reports the incident at ``trigger`` rather than suffers it.

    "X said five men had died": X is the subject of the speech verb that introduces
    the trigger's clause; "five men died, said X" / "according to X": X is named right
    after the speech verb. "X said she was injured" reports X's own incident: X stays a victim.
    """
    end = _mention_end(st, rel, person)
    verb = _speech_after_name().match(st[end:])
    if verb and end + verb.end() <= trigger:
        return not _self_report().match(st[end + verb.end():trigger])
    return trigger < rel and bool(_speech_before_name().search(st[:rel]))


def _quoted_apart(st: str, rel: int, trigger: int) -> bool:
    """Whether the trigger is inside a quotation and the name at ``rel`` outside it ("'My son was
    freed,' X said": the quoted words tell someone else's event, X only speaks them)."""
    spans = [(q.start(), q.end()) for q in re.finditer(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’(?!\w)", st)]
    # a quotation opened in an earlier sentence ends at the first closing mark before any opening one
    opened = re.match(r"[^“‘\"]*?[”’](?!\w)", st)
    if opened:
        spans.append((0, opened.end()))
    inside = {i for a, b in spans for i in range(a, b)}
    return trigger in inside and rel not in inside


def _has_own_event(st: str, rel: int, person, trigger: int, itype: str) -> bool:
    """Whether the person named at ``rel``, before the trigger, has an event of their own in between
    and a conjunct with a subject of its own begins ("X was killed and the fate of three others is
    unknown": X is not missing). A shared subject ("X was wounded ... and was freed") or a
    relative clause ("X, who was recruited in May and trained, was killed") is none."""
    end = _mention_end(st, rel, person)
    if trigger <= end:
        return False
    gap = st[end:trigger]
    if re.search(r"(?i)\b(?:who|which|whose)\b", gap):
        return False
    for other, rx in _trigger_regexes().items():
        if other == itype:
            continue
        for m in rx.finditer(gap):
            if re.search(r"\s+and\s+(?:the|a|an|his|her|their|its|some|several|many|[A-Z]\w*|\d+)\b", gap[m.end():]):
                return True
    return False


def _is_relative_of_victim(st: str, rel: int, person, trigger: int) -> bool:
    """Whether a relative clause on the person named at ``rel`` hands the trigger to someone of
    theirs ("X, the convener, whose cousin is one of the men unaccounted for"): X is no victim."""
    end = _mention_end(st, rel, person)
    return end <= trigger and bool(re.search(r"\bwhose\s+\w+", st[end:trigger]))


@lru_cache(maxsize=1)
def _released_thing() -> re.Pattern[str]:
    """A noun right before a release trigger that is released as a publication (codebook ``not_released_things``)."""
    return re.compile(r"(?i)\b(?:" + _alternation(_ev()["not_released_things"]) + r")\s+$")


@lru_cache(maxsize=1)
def _name_joint() -> re.Pattern[str]:
    """What may stand between two co-ordinated names: an appositive ("40, of Town") and a conjunction."""
    conj = _alternation(_ev()["name_conjunctions"])
    return re.compile(r"^(?:,[^,;.()\"“”]{1,30})*(?:\s+(?:from|of)\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)?"
                      r"(?:,\s*|,?\s+(?:" + conj + r")\s+)(?:(?:his|her|their)\s+[a-z]+\s+)?$")


def _coordinated(st: str, near: list, offset: int) -> list:
    """The first of the ``near`` (position, person) pairs and the names co-ordinated with it
    ("A, 40, of Town and B were injured"); a name with a possessive ("B's wife") is not one of them."""
    chosen = [near[0]]
    for pos, p in near[1:]:
        last_pos, last = chosen[-1]
        rel = pos - offset
        gap = st[_mention_end(st, last_pos - offset, last):rel]
        if pos == last_pos or not _name_joint().match(gap) or \
                re.match(r"['’]s\b", st[_mention_end(st, rel, p):]):
            break
        chosen.append((pos, p))
    return chosen


@lru_cache(maxsize=1)
def _occasion() -> re.Pattern[str]:
    """An occasion of one event after a count ("in a drone strike", codebook ``occasion_markers``)."""
    return _rx(_ev()["occasion_markers"])


@lru_cache(maxsize=1)
def _running_total_words() -> re.Pattern[str]:
    """Words that make a count one up to now ("so far", codebook ``running_total_markers``)."""
    return _rx([re.escape(w) for w in _ev()["running_total_markers"]])


def _is_whole_year(date) -> bool:
    """Whether a date mention names a whole year ("in 2023", "last year"): no occasion of one event."""
    return date.precision == "year" or bool(re.fullmatch(r"(?i)(?:in\s+|during\s+)?\d{4}", date.text))


def _conjunct_break() -> str:
    """Where another conjunct or a speech begins: ", and", "and that", a speech verb or
    "according to" (a date in "according to figures released earlier this month" is the source's)."""
    return r",\s+and\b|\band that\b|\b(?:" + _speech_verbs() + "|" + _according_to() + r")\b"


def _speech_frame_end(st: str, pos: int) -> int:
    """Where the speech frame before ``pos`` ends: after the last speech verb before it (and the
    "that" after it), else 0.

    Time words in the frame date the speech, not the event it reports ("The minister said
    yesterday that 12 Cubans have died in the war": no new deaths of yesterday).
    """
    verbs = list(re.finditer(r"(?i)\b(?:" + _speech_verbs() + r")\b", st[:pos]))
    if not verbs:
        return 0
    that = re.search(r"\bthat\b", st[verbs[-1].end():pos])
    return verbs[-1].end() + that.end() if that else verbs[-1].end()


def _own_words_end(st: str, q: Quantity) -> int:
    """Where the words that tell the count's own event end: at the end of its clause or a conjunct break."""
    clause_end = _clause_bounds(st, q.start)[1]
    cut = re.search(_conjunct_break(), st[q.end:clause_end])
    return q.end + cut.start() if cut else clause_end


def _shares_event(st: str, q: Quantity, trigger: int) -> bool:
    """Whether the trigger is in the count's own words or before it in the same conjunct ("freed five men")."""
    if q.end <= trigger < _own_words_end(st, q):
        return True
    clause_start = _clause_bounds(st, q.start)[0]
    return clause_start <= trigger < q.start and not re.search(_conjunct_break(), st[trigger:q.start])


def _is_one_dated_event(st: str, q: Quantity, published: str | None, trigger: int | None = None) -> bool:
    """Whether the count tells one event with its own occasion, not a running total.

    Its own words are those after the count (see :func:`_own_words_end`); the ``trigger``,
    when given, must share its event (see :func:`_shares_event`). "Five men died in a drone
    strike in May" and "ten men who were freed landed on Monday" are events; "have been
    freed till date" and "have died since March" are totals, and the date of a speech
    ("..., the ministry said on Friday") belongs to the speech.
    """
    end = _own_words_end(st, q)
    if trigger is not None and not _shares_event(st, q, trigger):
        return False
    own = st[q.end:end]
    if _running_total_words().search(st[_clause_bounds(st, q.start)[0]:q.start] + " " + own):
        return False
    return bool(_occasion().search(own)) or any(not _is_whole_year(d) for d in find_dates(own, published))


@dataclass
class Draft:
    """An incident or figure before it becomes a record."""

    kind: str
    sentence: Span
    fields: dict
    rule: str


# ---------------------------------------------------------------- helpers


def _person_noun_after(s: str, q: Quantity, rel_end: int) -> str | None:
    """The person noun that follows a count ("Indian nationals", "of its citizens"), else None."""
    tail = s[rel_end:rel_end + 60].lower()
    tail = _noun_modifiers().sub(" ", tail)
    nouns = sorted(_ev()["person_nouns"], key=len, reverse=True)
    not_people = set(_ev()["not_people"])
    first = re.match(r"\s*([\w-]+)", tail)
    if first and first.group(1) in not_people:
        return None
    m = re.match(r"\s*(?:[\w-]+\s+){0,3}?(" + "|".join(re.escape(n) for n in nouns) + r")\b", tail)
    if not m:
        return None
    between = tail[:m.start(1)]
    if any(w in not_people for w in re.findall(r"[a-z]+", between)):
        return None
    return m.group(0).strip()


def _nationality(phrase: str, fallback: str | None) -> str | None:
    """The first recruit nationality named in ``phrase`` ("two Indian nationals"), else ``fallback``.

    Belligerents' demonyms are skipped: "the Russian army" says who they served, not who they are.
    """
    found = []
    for word, demonym in recruit_demonyms().items():
        m = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", phrase)
        if m:
            found.append((m.start(), -len(word), demonym))
    return min(found)[2] if found else fallback


def _possessor_nationality(sentence: str, start: int, phrase: str) -> str | None:
    """For "its citizens" / "our nationals": the nationality of the country named last before
    the count ("Cuba said it was aware of at least five of its citizens ...")."""
    if not _own_citizens().search(sentence[max(0, start - 20):start] + " " + phrase):
        return None
    named = []
    for country, info in countries().items():
        if country in belligerents():
            continue
        for alias in [country, *info.get("aliases", [])]:
            for m in re.finditer(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", sentence[:start]):
                named.append((m.start(), info["demonym"]))
    return max(named)[1] if named else None


def _is_age_or_year(s: str, q: Quantity, rel_start: int, rel_end: int) -> bool:
    before = s[max(0, rel_start - 3):rel_start]
    after = s[rel_end:rel_end + 12]
    if re.match(r"-year", after) or re.match(r"\s*\)", after) and "(" in before:
        return True
    if re.match(r",", after) and re.search(r",\s*$", before) and q.value < 100:
        return True
    return 1900 <= q.value <= 2100 and q.text.isdigit()


def _is_attributive(gap: str, metric_words: str) -> bool:
    """Whether the metric words after ``gap`` (the words between a count and them) only
    describe the people counted, so that a later metric word is the count's own verb.

    A participle right after a short noun phrase ("two nationals recruited by the army
    were killed", "seven men serving in the army died") or a relative clause ("two men
    who had been recruited ... were killed") describes; "90 Indians had joined ..., and
    some died" (an auxiliary, codebook ``auxiliaries``) and "50 men want to be
    discharged" (no participle) do not.
    """
    words = re.findall(r"[a-z']+", gap.lower())
    if len(words) > 6:
        return False
    if set(words) & {"who", "which", "that"}:
        return True
    participle = re.fullmatch(r"(?i)\w+(?:ed|ing)\b.*", metric_words.strip()) is not None
    return participle and len(words) <= 4 and not set(words) & set(_ev()["auxiliaries"])


def _is_arrested_group(s: str, end: int) -> bool:
    """Whether the people counted before ``end`` are those a law-enforcement action was taken
    against: a law-enforcement trigger comes after the count, in its sentence, before any
    metric word ("four men ... were held for supplying young men ... to the army")."""
    after = s[end:]
    action = _trigger_regexes()["law_enforcement"].search(after)
    if not action:
        return False
    metric_at = min((m.start() for _, rx in _metric_regexes() if (m := rx.search(after))), default=len(after))
    return action.start() < metric_at


def _metric_near(s: str, start: int, end: int, back_to: int) -> str | None:
    """The metric of the count at ``start:end``: the metric word nearest after it in its clause
    ("had joined ..., and some of them died" counts recruits), else the nearest before it."""
    window_after = s[end:]
    window_after = re.split(r"(?<=[.;])\s|,\s*while\b|\bwhile\b", window_after)[0]
    after = sorted((m.start(), metric, m.group(0)) for metric, rx in _metric_regexes()
                   if (m := rx.search(window_after)))
    if len(after) > 1 and _is_attributive(window_after[:after[0][0]], after[0][2]):
        return after[1][1]
    if after:
        return after[0][1]
    window_before = s[back_to:start]
    best = None
    for metric, rx in _metric_regexes():
        matches = list(rx.finditer(window_before))
        m = matches[-1] if matches else None
        if m and (best is None or m.start() > best[1]):
            best = (metric, m.start())
    return best[0] if best else None


@lru_cache(maxsize=1)
def _place_near() -> re.Pattern[str]:
    """A place named after a word of nearness ("near Northtown", codebook ``places.nearness_words``)."""
    words = _alternation(load_codebook()["places"]["nearness_words"])
    return re.compile(r"\b(?:" + words + r")\s+(?:the\s+)?([A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?)")


def _unquoted(s: str) -> str:
    """The sentence with the words inside double quotation marks blanked out (same length)."""
    return re.sub(r"“[^”]*”|\"[^\"]*\"", lambda m: " " * len(m.group(0)), s)


def _place(s: str, trigger: int = 0) -> tuple[str | None, str | None, str | None]:
    """(place, region, country) of an incident told in the sentence: a war-zone region of the
    gazetteer ("in the Zaporizhzhia region", "in Ukraine's Sumy region"), and the place named nearest after the trigger past a
    word of nearness ("near Northtown"), outside quotations; the latter is the place when given."""
    s = _unquoted(s)
    place = region = country = None
    regs = regions()
    for name in sorted(regs, key=len, reverse=True):
        m = re.search(rf"\b(?:in|at|near|from)\s+(?:the\s+)?(?:[A-Z]\w+['’]s\s+)?({re.escape(name)}(?:\s+(?:{_war_region_nouns()}))?)\b", s)
        if m and regs[name] in belligerents():
            place, region, country = m.group(1), name, regs[name]
            break
    near = [m for m in _place_near().finditer(s) if m.start() >= trigger and m.group(1) not in regs
            and not country_of_text(m.group(1)) and m.group(1).split()[0] not in _name_stop()]
    if near:
        place = near[0].group(1)
    return place, region, country


def _date_of(s: str, published: str | None, exclude: list[tuple[int, int]] = ()) -> tuple[str | None, str, str | None]:
    for d in find_dates(s, published):
        if any(a <= d.start < b for a, b in exclude):
            continue
        return d.date, d.precision, d.text
    return None, "unknown", None


# ---------------------------------------------------------------- main


def extract_events(article: Article, registry: Registry, statements: list[dict]) -> dict[str, list[dict]]:
    """Incidents, figures and people records of an article."""
    from pipeline.extract import main_country

    text = article.text
    country = main_country(text)
    default_nat = countries()[country]["demonym"] if country else None
    drafts: list[Draft] = []
    article_police = _article_police(text)
    described = _descriptor_mentions(text, registry) + first_name_mentions(text, registry)
    for s in sentences(text):
        drafts.extend(_figures_in(s, article.published, default_nat))
        drafts.extend(_incidents_in(s, text, registry, article.published, default_nat, article_police, described))
    drafts = _resolve_pronouns(drafts, registry, described)
    drafts = _name_groups(drafts, text, registry)
    return _records(article, registry, _without_back_references(drafts), statements)


@lru_cache(maxsize=1)
def _possessive_pronoun() -> re.Pattern[str]:
    """A possessive pronoun right before a trigger ("His coffin", codebook ``possessive_pronouns``)."""
    return re.compile(r"(?i)\b(?:" + _alternation(_ev()["possessive_pronouns"]) + r")\s+$")


def _name_groups(drafts: list[Draft], text: str, registry: Registry) -> list[Draft]:
    """The drafts with each unnamed group of a few people replaced by their names when the next
    sentence opens by naming exactly that many ("Two men freed by the army reached home on Monday.
    A, 30, of Northtown and B of Southtown had joined up in May")."""
    spans = sentences(text)
    out = []
    for d in drafts:
        count = d.fields.get("count")
        if d.kind != "incident" or d.rule != "incident.group" or not isinstance(count, int) or not 2 <= count <= 4 \
                or d.fields.get("other_group") or d.fields.get("count_qualifier") != "exact":
            out.append(d)
            continue
        nxt = next((x for x in spans if x.start >= d.sentence.end), None)
        people = sorted({(pos, p.name): p for pos, p in registry.person_mentions
                         if nxt is not None and nxt.start <= pos < nxt.end}.items())
        near = [(pos, p) for (pos, _), p in people]
        if not near or near[0][0] != nxt.start:
            out.append(d)
            continue
        named = _coordinated(nxt.text, near, nxt.start)
        if len({p.name for _, p in named}) != count:
            out.append(d)
            continue
        for pos, p in named:
            fields = {k: v for k, v in d.fields.items() if k != "other_group"}
            out.append(Draft(d.kind, d.sentence, {**fields, "person": p, "count": 1, "nationality": None,
                                                  "mention_pos": pos}, "incident.group_named_next"))
    return out


@lru_cache(maxsize=1)
def _subject_pronoun() -> re.Pattern[str]:
    """A sentence that opens with a subject pronoun and a passive auxiliary right before the trigger
    ("He was wounded", codebook ``self_report_pronouns``)."""
    return re.compile(r"(?i)^\s*(?:" + _alternation(_ev()["self_report_pronouns"]) + r")\s+"
                      r"(?:was|had been|has been)\s+$")


def _resolve_pronouns(drafts: list[Draft], registry: Registry, described: list[tuple[int, object]] = ()) -> list[Draft]:
    """The drafts with each remains trigger owned by a pronoun ("Her remains arrived home") given to
    the person it stands for: of the victims of the article's named deaths, injuries and missing
    people, the one named last before the pronoun; without one, the draft is dropped.

    Relatives who speak between the victim's name and the pronoun ("said his widow, X") are
    no victims of such an incident, so they are never its antecedent.
    """
    victims = {d.fields["person"].name for d in drafts if d.kind == "incident" and d.fields.get("person")
               and d.fields["type"] in ("death", "injury", "missing")}
    recruits = {d.fields["person"].name for d in drafts if d.kind == "incident" and d.fields.get("person")}
    out = []
    for d in drafts:
        at = d.fields.get("pronoun_at")
        if at is None:
            out.append(d)
            continue
        # a subject pronoun ("He was injured in August") stands for the person last named before it who
        # has an incident of their own; a possessive one for the last named dead, injured or missing
        subject = d.fields.get("pronoun_subject")
        owners = recruits if subject else victims
        before = [(pos, p) for pos, p in [*registry.person_mentions, *described] if pos < at and p.name in owners]
        if not before:
            continue
        pos, p = max(before, key=lambda x: x[0])
        if subject and any(q.name != p.name for q_pos, q in [*registry.person_mentions, *described] if pos < q_pos < at):
            continue  # someone else was named since: the pronoun may be theirs
        fields = {k: v for k, v in d.fields.items() if k not in ("pronoun_at", "pronoun_subject")}
        out.append(Draft(d.kind, d.sentence, {**fields, "person": p, "mention_pos": pos}, d.rule))
    return out


def _without_back_references(drafts: list[Draft]) -> list[Draft]:
    """The drafts without law-enforcement actions that refer back to one the article told before
    ("Two agents were held ... The case was filed on the basis of a complaint by ...", "the arrested
    men are A and B")."""
    out, told = [], False
    for d in drafts:
        if d.kind == "incident" and d.fields["type"] == "law_enforcement":
            if d.fields.get("refers_back") and told and d.rule in ("incident.action", "incident.group_named"):
                continue
            told = True
        out.append(d)
    return out


# Figure metrics whose count, tied to one dated event, is an incident of this type instead.
_ONE_EVENT_METRICS = {"killed": "death", "injured": "injury", "released": "release", "missing": "missing"}


def _figures_in(s: Span, published: str | None, default_nat: str | None) -> list[Draft]:
    out = []
    st = s.text
    prev_end = 0
    for q in find_quantities(st):
        rel_start, rel_end = q.start, q.end
        if _is_age_or_year(st, q, rel_start, rel_end) or q.value == 0:
            prev_end = rel_end
            continue
        before = st[:rel_start]
        if re.search(r"(?i)\b(?:the|these|those|their|its|his|her|both)\s+$", before) or \
                _currency().search(before):
            prev_end = rel_end
            continue
        total = _totals().search(before)
        number_at = _number_at().search(before)
        noun = _person_noun_after(st, q, rel_end)
        if not noun and not total and not number_at and not _bare_count().match(st[rel_end:]):
            prev_end = rel_end
            continue
        noun_phrase = (noun or "")
        if _belligerent_demonyms().search(noun_phrase) or _accused().search(noun_phrase):
            prev_end = rel_end
            continue
        metric = None
        if total:
            metric = "killed"
        elif number_at:
            metric = _first_metric(number_at.group("what") or "")
        else:
            metric = _metric_near(st, rel_start, rel_end, prev_end)
        prev_end = rel_end
        if metric is None or (not total and not number_at and _is_arrested_group(st, rel_end)):
            continue
        frame = _speech_frame_end(st, rel_start)
        lead = st[max(frame, rel_start - 40):rel_start]
        # the count's own words stay out: "more than 90" is a qualifier, not "two more"
        anchored = _anchors().search(lead + " # " + st[rel_end:rel_end + 15]) or \
            _sentence_anchor("figures").search(st[frame:])
        if metric in ("killed", "injured") and anchored and not total:
            continue  # a new event, handled as an incident
        if metric in _ONE_EVENT_METRICS and not total and _is_one_dated_event(st, q, published):
            continue  # one dated event, handled as an incident
        if metric == "recruited" and q.qualifier == "exact" and _specific_group().search(st[rel_end:rel_end + 80]):
            continue  # a specific group: a recruitment incident
        if _irrealis().search(st[max(0, rel_start - 30):rel_start]) and metric not in ("serving", "recruited"):
            continue
        if number_at:
            noun_phrase = number_at.group("what") or ""
        nat = _nationality(noun_phrase + " " + st[rel_end:rel_end + 40], None) or \
            _possessor_nationality(st, q.start, noun_phrase + " " + st[rel_end:rel_end + 20]) or default_nat
        fields = {
            "metric": metric, "value": q.value, "value_low": q.low, "value_high": q.high,
            "qualifier": q.qualifier, "nationality": nat, "count_at": s.start + q.start,
            "stated_on": _stated_on(st, q, published),
        }
        out.append(Draft("figure", s, fields, "figure.total" if total else "figure.count"))
    return out


@lru_cache(maxsize=1)
def _period_start() -> re.Pattern[str]:
    """Words before a date that make it the start or end of a period (codebook ``period_markers``)."""
    return re.compile(r"(?i)\b(?:" + _alternation(_ev()["period_markers"]) + r")\s+(?:\w+\s+){0,2}$")


def _stated_on(st: str, q: Quantity, published: str | None) -> tuple[str, str] | None:
    """The date a count the narrator gives was stated for, when its sentence says it ("In May, the
    ministry put the number ... at four", "the tally stood at 31 dead in October"), else None.

    A date in the count's own words dates its event ("21 men cheated from April to September"),
    unless a running-total word comes before the count in its clause ("the tally stood at");
    a date in an earlier clause ("two were killed last year, while four are still there") or
    one that opens or closes a period ("since January") is none.
    """
    own_end = _own_words_end(st, q)
    clause_start = _clause_bounds(st, q.start)[0]
    totals = bool(_running_total_words().search(st[clause_start:q.start]))
    for d in find_dates(st, published):
        if d.date is None or _period_start().search(st[:d.start] + d.text.split()[0] + " "):
            continue
        if d.start < clause_start or q.end <= d.start < own_end and not totals:
            continue
        return d.date, d.precision
    return None


def _clause_bounds(sentence: str, pos: int) -> tuple[int, int]:
    """Start and end of the clause holding ``pos``: clauses split at ";" and ", while/whereas/but"."""
    cuts = [0]
    for m in re.finditer(r";\s+|,\s+(?=(?:while|whereas|but)\b)", sentence):
        cuts.append(m.end())
    cuts.append(len(sentence) + 1)
    for a, b in zip(cuts, cuts[1:]):
        if a <= pos < b:
            return a, min(b, len(sentence))
    return 0, len(sentence)


def _clause_count(clause: str, nouns: re.Pattern[str] | None = None) -> int | None:
    """The number of people a clause states for its group ("Three further suspects, A, B and C, ..."), if any;
    with ``nouns``, only a count whose person noun is one of them (the accused of an arrest, not
    "at least 20 youths" they sent)."""
    for q in find_quantities(clause):
        noun = q.value >= 2 and not _is_age_or_year(clause, q, q.start, q.end) and _person_noun_after(clause, q, q.end)
        if noun and (nouns is None or nouns.search(noun)):
            return q.value
    return None


def _unlisted_partners(sentence: str, names: list[str]) -> int:
    """People listed with a known name but not themselves recognised ("Yesudas Junior and Arun"):
    a capitalised word joined by "and" right before or after a known name."""
    extra = 0
    for name in names:
        n = re.escape(name)
        if re.search(rf"{n}\s+and\s+[A-Z][a-z]+\b", sentence) and not any(
                re.search(rf"{n}\s+and\s+{re.escape(o)}", sentence) for o in names if o != name):
            extra += 1
        elif re.search(rf"(?<!of )(?<!from )(?<!in )(?<!at )\b[A-Z][a-z]+\s+and\s+{n}", sentence) and not any(
                re.search(rf"{re.escape(o)}\s+and\s+{n}", sentence) for o in names if o != name):
            extra += 1
    return extra


def _subtype(itype: str, trigger: str) -> str | None:
    """The finer kind of event its trigger word tells (codebook ``incident_subtypes``), if any."""
    for subtype, rx in _subtype_regexes().get(itype, {}).items():
        if rx.fullmatch(trigger):
            return subtype
    return None


@lru_cache(maxsize=1)
def _subtype_regexes() -> dict[str, dict[str, re.Pattern[str]]]:
    return {t: {k: re.compile(r"(?i)(?:" + "|".join(ps) + r")") for k, ps in kinds.items()}
            for t, kinds in _ev().get("incident_subtypes", {}).items()}


def _article_police(text: str) -> str | None:
    """The police or investigating agency the article cites most (ties: first cited), if any.

    Reports of a case name the agency once and then say "the agency" or "were arrested":
    those arrests are the same agency's.
    """
    counts: dict[str, int] = {}
    for o in find_orgs(text):
        if o.org.kind == "police" and o.org.country not in belligerents():
            counts[o.org.name] = counts.get(o.org.name, 0) + 1
    return max(counts, key=lambda name: counts[name]) if counts else None


def _law_enforcement_actor(sentence: str, trigger: int, article_police: str | None) -> str | None:
    """Who arrested, raided or filed the case: the police named nearest the trigger, else the
    article's police, else a non-belligerent government named in the sentence."""
    orgs = [o for o in find_orgs(sentence) if o.org.country not in belligerents()]
    police = [o for o in orgs if o.org.kind == "police"]
    if police:
        return min(police, key=lambda o: abs(o.start - trigger)).org.name
    if article_police:
        return article_police
    government = [o for o in orgs if o.org.kind in ("government", "foreign_ministry")]
    return government[0].org.name if government else None


def _incidents_in(s: Span, text: str, registry: Registry, published: str | None,
                  default_nat: str | None, article_police: str | None,
                  described: list[tuple[int, object]] = ()) -> list[Draft]:
    out: list[Draft] = []
    st = s.text
    people = sorted({(pos, p.name): p for pos, p in [*registry.person_mentions, *described]
                     if s.start <= pos < s.end}.items())
    victims = [(pos, p) for (pos, _), p in people if not (p.title and p.title.lower() not in _victim_titles())]
    for itype, rx in _trigger_regexes().items():
        for m in rx.finditer(st):
            if _irrealis().search(st[max(0, m.start() - 45):m.start()]):
                continue
            if itype == "release" and _released_thing().search(st[max(0, m.start() - 20):m.start()]):
                continue
            c_start, c_end = _clause_bounds(st, m.start())
            # the trigger's own words first ("after a call on Monday confirming he was killed on May 2")
            own = re.split(_conjunct_break(), st[m.end():c_end])[0]
            # ... up to another incident's trigger ("the death of X, who went to Russia in May")
            own = own[:min((o.start() for t, orx in _trigger_regexes().items() if t != itype
                            for o in [orx.search(own)] if o), default=len(own))]
            date, precision, date_text = _date_of(own, published)
            if date_text is None:
                date, precision, date_text = _date_of(st[c_start:c_end], published)
            if date_text is None:
                date, precision, date_text = _date_of(st, published)
            place, region, country = _place(st, m.start()) if itype in ("death", "injury", "missing") else (None, None, None)
            cause_m = _causes().search(st[m.start():m.start() + 80]) if itype in ("death", "injury") else None
            actor = _law_enforcement_actor(st, m.start(), article_police) if itype == "law_enforcement" else None
            base = {"type": itype, "subtype": _subtype(itype, m.group(0)), "date": date, "date_precision": precision,
                    "date_text": date_text, "place": place, "region": region, "country": country, "actor": actor,
                    "cause": cause_m.group(0) if cause_m and cause_m.group(0) != "injuries" else None}
            # named people near the trigger
            # in the trigger's own clause ("X is one of many killed; others are missing": X is not missing)
            near = [(pos, p) for pos, p in victims if abs((pos - s.start) - m.start()) < 140
                    and c_start <= pos - s.start < c_end
                    and not _is_speaker_not_victim(st, pos - s.start, p, m.start())
                    and not _is_relative_of_victim(st, pos - s.start, p, m.start())
                    and not _has_own_event(st, pos - s.start, p, m.start(), itype)
                    and not _quoted_apart(st, pos - s.start, m.start())]
            if itype in ("remains_repatriated", "law_enforcement"):
                # a group event counts the people of the trigger's own clause ("A and B were held, while ...")
                members = [(pos, p) for pos, p in victims if c_start <= pos - s.start < c_end]
                in_clause = sorted({pos for pos, _ in members})
                if in_clause:
                    named = len(in_clause) + _unlisted_partners(st[c_start:c_end], [p.name for _, p in members])
                    stated = _clause_count(st[c_start:c_end], _law_enforcement("group_nouns")
                                           if itype == "law_enforcement" else None)
                    count = stated or named
                    if count >= 2:
                        names = sorted({p.name for pos, p in members if pos in in_clause and
                                        not any(o.name != p.name and pos2 == pos and len(o.name) > len(p.name)
                                                for pos2, o in members)})
                        # "the arrested men are A and B": the arrest told before
                        refers_back = itype == "law_enforcement" and bool(re.search(
                            r"(?i)\b(?:" + _alternation(_ev()["law_enforcement"]["back_references"]) + r")\s+$",
                            st[max(0, m.start() - 12):m.start()]))
                        out.append(Draft("incident", s, {**base, "count": count, "count_qualifier": "exact",
                                                         "nationality": default_nat, "members": ";".join(names),
                                                         "refers_back": refers_back},
                                         "incident.group_named"))
                        continue
            if not near and itype in ("death", "injury", "missing") and _subject_pronoun().match(st[:m.start()]):
                # "She was wounded in May": the person last named before (see _resolve_pronouns)
                out.append(Draft("incident", s, {**base, "person": None, "count": 1, "count_qualifier": "exact",
                                                 "nationality": None, "pronoun_at": s.start + m.start(),
                                                 "pronoun_subject": True}, "incident.pronoun"))
                continue
            if itype == "remains_repatriated" and _possessive_pronoun().search(st[:m.start()]):
                # "His coffin was flown home": the person the pronoun stands for (see _resolve_pronouns)
                out.append(Draft("incident", s, {**base, "person": None, "count": 1, "count_qualifier": "exact",
                                                 "nationality": None, "pronoun_at": s.start + m.start()},
                                 "incident.pronoun"))
                continue
            if near and itype in ("death", "injury", "missing", "release", "recruitment", "remains_repatriated"):
                if itype == "recruitment" and not re.search(r"(?i)\b(?:he|she|was|had|were)\b", st[m.start() - 60:m.start()]):
                    if not any(pos - s.start < m.start() for pos, _ in near):
                        continue
                owner = _possessor(st, m, near, s.start)
                victims_of_trigger = [owner] if owner else near if itype == "death" else _coordinated(st, near, s.start)
                for pos, p in victims_of_trigger:
                    out.append(Draft("incident", s, {**base, "person": p, "count": 1, "count_qualifier": "exact",
                                                     "nationality": None, "mention_pos": pos}, "incident.person"))
                continue
            # a counted group near the trigger
            group = _group_count(st, m.start(), itype, published)
            if group is not None:
                q, noun = group
                out.append(Draft("incident", s, {**base, "count": q.value,
                                                 "count_qualifier": q.qualifier if q.qualifier != "range" else "approximate",
                                                 "nationality": _nationality(noun + " " + st, default_nat),
                                                 "other_group": _is_other_group(st, q)},
                                 "incident.group"))
                continue
            if itype == "law_enforcement" and actor is None:
                fallback = _law_enforcement("actors").search(st)
                if fallback:
                    actor = fallback.group(0)
                    base["actor"] = actor
            if itype == "law_enforcement" and date is None and _bare_plural_action(st, m):
                continue  # "campaigns, arrests of traffickers and appeals": no one action
            if itype == "law_enforcement" and (actor or _law_enforcement("objects").search(st)):
                # "the case was registered": an action told before, when the article told one
                refers_back = bool(re.search(r"(?i)\b(?:" + _alternation(_ev()["law_enforcement"]["back_references"])
                                             + r")\s+$", st[max(0, m.start() - 12):m.start()]))
                out.append(Draft("incident", s, {**base, "count": 1, "count_qualifier": "at_least",
                                                 "nationality": default_nat, "refers_back": refers_back},
                                 "incident.action"))
    return out


def _bare_plural_action(st: str, trigger: re.Match[str]) -> bool:
    """Whether a law-enforcement trigger is a plural noun with no determiner or number before it
    ("arrests of traffickers", "raids continue", codebook ``law_enforcement.plural_nouns``):
    actions in general, not one incident (used when the sentence gives no date)."""
    if trigger.group(0).lower() not in _ev()["law_enforcement"]["plural_nouns"]:
        return False
    before = re.search(r"(\w+)\W*$", st[:trigger.start()])
    return not before or before.group(1).lower() not in _ev()["law_enforcement"]["plural_determiners"] \
        and not before.group(1).isdigit()


def _description(fields: dict, person_name: str | None) -> str:
    """One plain sentence for an incident: "Death: 2 Indian nationals, June 11.",
    "Law enforcement (case) by Central Bureau of Investigation, on Thursday."

    A law-enforcement action that names no people and gives no number (count 1, "at
    least") is described by its actor, not as "1 people".
    """
    kind = fields["type"].replace("_", " ").capitalize() + (f" ({fields['subtype']})" if fields.get("subtype") else "")
    if person_name:
        desc = f"{kind}: {person_name}"
    elif fields["count"] == 1 and fields["count_qualifier"] == "at_least" and not fields.get("members"):
        desc = kind + (f" by {fields['actor']}" if fields.get("actor") else
                       f" concerning {fields['nationality']} nationals" if fields.get("nationality") else "")
    else:
        noun = ("national" if fields["count"] == 1 else "nationals") if fields.get("nationality") else \
            ("person" if fields["count"] == 1 else "people")
        desc = f"{kind}: {' '.join(filter(None, [str(fields['count']), fields.get('nationality'), noun]))}"
        if fields.get("members"):
            desc += " (" + ", ".join(fields["members"].split(";")) + ")"
    return desc + (f", {fields['date_text']}" if fields.get("date_text") else "") + "."


def _possessor(st: str, trigger: re.Match[str], near: list, offset: int) -> tuple | None:
    """The person whose event the trigger names by possession ("confirmation of X's
    death", "the death of X"), among the ``near`` (position, person) pairs; else None.
    Other people of the sentence (the relative who received the news) are not its victims."""
    for pos, p in near:
        start = pos - offset
        for token in (p.name, p.surname):
            if not st.startswith(token, start):
                continue
            if re.fullmatch(r"['’]s\s+", st[start + len(token):trigger.start()]) or \
                    re.fullmatch(r"\s+of\s+", st[trigger.end():start]):
                return pos, p
    return None


def _group_count(st: str, trig: int, itype: str, published: str | None) -> tuple[Quantity, str] | None:
    """A count of people that is the subject/object of the trigger at ``trig`` and marks a new event:
    anchored ("two more", "recently") or tied to one dated event (see :func:`_is_one_dated_event`)."""
    best = None
    for q in find_quantities(st):
        if abs(q.start - trig) > 110 or q.value == 0 or (1900 <= q.value <= 2100):
            continue
        noun = _person_noun_after(st, q, q.end)
        if not noun:
            continue
        if re.search(r"(?i)\b(?:the|these|those|their|its|both)\s+$", st[:q.start]):
            continue
        if _belligerent_demonyms().search(noun):
            continue
        one_event = itype in _ONE_EVENT_METRICS.values() and _is_one_dated_event(st, q, published, trig)
        frame = _speech_frame_end(st, q.start)
        if itype in ("death", "injury"):
            window = st[max(frame, q.start - 40):q.start] + " # " + st[q.end:q.end + 80]
            if not (_anchors().search(window) or _sentence_anchor("incidents").search(st[frame:]) or one_event):
                continue
            if _totals().search(st[:q.start]):
                continue
        elif itype == "recruitment":
            if q.qualifier != "exact" or not _specific_group().search(st[q.end:q.end + 80]):
                continue
        elif itype == "law_enforcement":
            if not _law_enforcement("group_nouns").search(noun):
                continue
        elif itype in ("release", "missing", "remains_repatriated"):
            if not (_anchors().search(st[max(frame, q.start - 40):q.start] + " # " + st[q.end:q.end + 40]) or one_event):
                continue
        if best is None or abs(q.start - trig) < abs(best[0].start - trig):
            best = (q, noun)
    return best


# ---------------------------------------------------------------- records


def _records(article: Article, registry: Registry, drafts: list[Draft], statements: list[dict]) -> dict[str, list[dict]]:
    text = article.text
    incidents, figures, people = [], [], []
    person_ids: dict[str, str] = {}
    person_roles: dict[str, str] = {}
    # "the bodies of X and of <Name>", "<Name>'s cousin": a person's name is no hometown
    name_words = {w for q in registry.people for w in (q.name, *q.name.split())}

    def person_record(p, role: str) -> str:
        if p.name in person_ids:
            return person_ids[p.name]
        facts = PersonFacts()
        for pos in sorted(set(p.positions)):
            f = person_facts(text, pos, pos + len(p.name) if text[pos:pos + len(p.name)] == p.name
                             else pos + len(p.surname))
            facts.age = facts.age or f.age
            if f.hometown not in name_words:
                facts.hometown = facts.hometown or f.hometown
            facts.home_region = facts.home_region or f.home_region
            facts.nationality = facts.nationality or f.nationality
        first = min(p.positions) if p.positions else 0
        sent = next((s for s in sentences(text) if s.start <= first < s.end), Span(first, first + len(p.name), p.name))
        fid = f"{article.article_id}-p{first}-" + re.sub(r"\W+", "_", p.name)
        person_ids[p.name] = fid
        person_roles[p.name] = role
        people.append({
            "fact_id": fid, "article_id": article.article_id, "char_start": sent.start, "char_end": sent.end,
            "evidence": sent.text, "extractor": "person.name", "name": p.name, "role": role,
            "title": p.title, "organisation": p.org.name if p.org else None,
            "nationality": facts.nationality, "age": facts.age, "hometown": facts.hometown,
            "home_region": facts.home_region,
        })
        return fid

    role_of = {"death": "victim", "injury": "victim", "missing": "victim", "release": "recruit",
               "recruitment": "recruit", "remains_repatriated": "victim", "law_enforcement": "accused"}
    for d in drafts:
        s = d.sentence
        if d.kind == "incident":
            f = dict(d.fields)
            p = f.pop("person", None)
            f.pop("mention_pos", None)
            f.pop("refers_back", None)
            person_fact_id = person_record(p, role_of[f["type"]]) if p else None
            desc = _description(f, p.name if p else None)
            tail = p.name if p else (f["members"].split(";")[0] if f.get("members") else f["count"])
            incidents.append({
                "fact_id": f"{article.article_id}-i{s.start}-{f['type']}-{tail}".replace(" ", "_"),
                "article_id": article.article_id, "char_start": s.start, "char_end": s.end, "evidence": s.text,
                "extractor": d.rule, **f, "person_name": p.name if p else None, "person_fact_id": person_fact_id,
                "description": desc,
            })
        else:
            f = dict(d.fields)
            stmt = _statement_giving(f.pop("count_at"), statements, text)
            stated = f.pop("stated_on", None)
            if stmt:
                as_of, as_prec = _statement_day(stmt, statements)
            elif stated:
                as_of, as_prec = stated
            else:
                as_of, as_prec = article.published, "day" if article.published else "unknown"
            reported_by = None
            if stmt:
                reported_by = stmt["speaker_org"] or stmt["speaker_name"] or stmt["speaker_title"]
            elif _media_report().search(s.text):
                reported_by = "media reports"
            figures.append({
                "fact_id": f"{article.article_id}-f{s.start}-{f['metric']}-{f['value']}",
                "article_id": article.article_id, "char_start": s.start, "char_end": s.end, "evidence": s.text,
                "extractor": d.rule, **f, "as_of": as_of, "as_of_precision": as_prec if as_of else "unknown",
                "reported_by": reported_by, "statement_fact_id": stmt["fact_id"] if stmt else None,
            })
    # speakers who are named people
    for st in statements:
        if st.get("speaker_name"):
            p = registry.person(st["speaker_name"])
            if p is not None:
                st["speaker_fact_id"] = person_record(p, _speaker_role(p.title))
    return {"incidents": _dedupe(incidents, "fact_id"), "figures": _dedupe(figures, "fact_id"), "people": people}


def _speaker_role(title: str | None) -> str:
    """A named speaker's role in ``people``: an official when their title is an office, not
    a relation or private calling (codebook ``speech.private_titles``: "his mother", "lawyer")."""
    if not title or title.lower() in load_codebook()["speech"]["private_titles"]:
        return "other"
    return "official"


def _statement_day(stmt: dict, statements: list[dict]) -> tuple[str | None, str]:
    """The date a statement was made. One that gives no date of its own was made on the day of the
    organisation's last dated statement before it (a spokesperson's remarks at the briefing "the
    ministry" held "on Thursday"), else it keeps its own date (the publication date)."""
    if stmt.get("date_text") is None and stmt.get("speaker_org"):
        dated = [o for o in statements if o["char_start"] < stmt["char_start"] and o.get("date_text")
                 and o.get("speaker_org") == stmt["speaker_org"] and o.get("date")]
        if dated:
            last = max(dated, key=lambda o: o["char_start"])
            return last["date"], last["date_precision"]
    return stmt["date"], stmt["date_precision"]


def _statement_giving(count_at: int, statements: list[dict], text: str) -> dict | None:
    """The statement whose reported words hold the count at ``count_at``, if any.

    A count outside the reported words is the narrator's even in a sentence that
    reports speech ("With two nationals now dead, India urged its citizens to ...").
    """
    for st in statements:
        start = text.find(st["text"], st["char_start"], st["char_end"] + 1)
        if start >= 0 and start <= count_at < start + len(st["text"]):
            return st
    return None


def _dedupe(rows: list[dict], key: str) -> list[dict]:
    seen, out = set(), []
    for r in rows:
        if r[key] in seen:
            continue
        seen.add(r[key])
        out.append(r)
    return out
